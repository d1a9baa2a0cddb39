"""A saved run indexed by line and parsed on demand, so replay opens a long run at once.

``roleplay.runs.transcript.load_run`` validates every event up front (about 0.4 s for 1,000
turns). Replay only needs the events up to its cursor, so :class:`RunIndex` reads the
lines, notes each one's type from its head, and parses an event the first time it is
asked for. The rules are load_run's: a last line cut short by a crash is dropped; any
other bad line is a :class:`~roleplay.errors.TranscriptError` naming its number.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import ValidationError

from roleplay.debate.events import DebateStarted, Event, parse_event
from roleplay.errors import TranscriptError
from roleplay.runs.transcript import EVENTS, Run

_TYPE = re.compile(r'"type":\s*"(\w+)"')


class RunIndex:
    """Events of one run by position; ``types[i]`` is known without parsing event ``i``."""

    def __init__(self, lines: list[str], path: Path | None = None, events: list[Event] | None = None):
        self.path = path
        self.lines = lines
        self._events: list[Event | None] = list(events) if events is not None else [None] * len(lines)
        self.types = (
            [e.type for e in events] if events is not None else [self._type(n) for n in range(len(lines))]
        )
        if events is None and lines:
            self._drop_cut_last_line()
        if not self._events or not isinstance(self.event(0), DebateStarted):
            raise TranscriptError("error-events-first", path=path or "events")
        self.started: DebateStarted = self.event(0)  # type: ignore[assignment]

    @classmethod
    def open(cls, folder: Path) -> RunIndex:
        """Index ``folder/events.jsonl``. Raises TranscriptError if it is missing or empty."""
        path = folder / EVENTS
        if not path.is_file():
            raise TranscriptError("error-no-events", path=folder, name=EVENTS)
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return cls(lines, path)

    @classmethod
    def from_run(cls, run: Run) -> RunIndex:
        """Index an already loaded run."""
        return cls([], events=run.events)

    @property
    def parsed(self) -> int:
        """How many events have been parsed so far."""
        return sum(e is not None for e in self._events)

    def __len__(self) -> int:
        return len(self._events)

    def _type(self, n: int) -> str:
        m = _TYPE.search(self.lines[n], 0, 200)
        if m is not None:
            return m.group(1)
        try:
            return str(json.loads(self.lines[n]).get("type", ""))
        except ValueError:
            return ""

    def _drop_cut_last_line(self) -> None:
        try:
            self.event(len(self.lines) - 1)
        except TranscriptError:
            self.lines.pop()
            self.types.pop()
            self._events.pop()

    def event(self, n: int) -> Event:
        """Event ``n`` (0-based), parsed on first use. Raises TranscriptError for a bad line."""
        e = self._events[n]
        if e is None:
            try:
                e = self._events[n] = parse_event(self.lines[n])
            except ValidationError as err:
                first = err.errors()[0]
                raise TranscriptError(
                    "error-event-invalid",
                    path=self.path,
                    line=str(n + 1),
                    detail=f"{'.'.join(map(str, first['loc']))}: {first['msg']}",
                ) from err
        return e

    def events(self, start: int = 0, stop: int | None = None) -> list[Event]:
        """Events ``start`` up to (not including) ``stop``, parsed as needed."""
        return [self.event(n) for n in range(start, len(self) if stop is None else stop)]

    def run(self) -> Run:
        """The whole run (parses every event)."""
        return Run.from_events(self.events())
