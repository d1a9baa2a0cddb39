"""Run folders: ``transcripts/<UTC stamp>-<scenario>-<run id>/``.

- ``events.jsonl``: append-only, one versioned event per line (roleplay.debate.events), UTF-8 with
  Chinese unescaped, flushed after every event, so a crash or Ctrl-C keeps every finished turn.
- ``scorecard.json``: the final scorecard (and the LLM judge's, if any).
- ``transcript.md``: the readable record (roleplay.runs.report).
- ``.roleplay-owned``: marks the folder as made by roleplay (roleplay.runs.outdir).
- ``run-options.json``: the options of ``roleplay run``, for ``--resume`` (roleplay.runs.resume).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import Field, ValidationError

from roleplay.debate.events import (
    DebateEnded,
    DebateStarted,
    Event,
    RoundScored,
    TurnCompleted,
    parse_event,
)
from roleplay.debate.move import Stance, Turn
from roleplay.debate.table import Table, apply_move
from roleplay.errors import TranscriptError, msg
from roleplay.formats.text import Strict
from roleplay.scoring.scorecard import Scorecard

EVENTS, SCORECARD, MARKDOWN = "events.jsonl", "scorecard.json", "transcript.md"


class Run(Strict):
    """A saved run, rebuilt from its events (the source of truth).

    Fields:
        events: every event, in order.
        started: the DebateStarted event (scenario, personas, rubric snapshot).
        ended: the DebateEnded event, or None for an interrupted run.
    """

    events: list[Event]
    started: DebateStarted
    ended: DebateEnded | None = None
    skipped: list[str] = Field(default_factory=list, description="lines load_run had to skip")

    @classmethod
    def from_events(cls, events: list[Event]) -> Run:
        """Build a Run. Raises TranscriptError if the first event is not DebateStarted."""
        if not events or not isinstance(events[0], DebateStarted):
            raise TranscriptError("error-events-first", path="events.jsonl")
        ended = events[-1] if isinstance(events[-1], DebateEnded) else None
        return cls(events=events, started=events[0], ended=ended)

    def turns(self) -> list[Turn]:
        """Finished turns, in order."""
        return [e.turn for e in self.events if isinstance(e, TurnCompleted)]

    def round_scores(self) -> list[Scorecard]:
        """The per-round scorecards, in order."""
        return [e.scorecard for e in self.events if isinstance(e, RoundScored)]

    def table_and_votes(self) -> tuple[Table, dict[str, dict[str, Stance]]]:
        """Replay the finished turns into the final table and the vote-round stances."""
        table, votes = Table(), {}
        for t in self.turns():
            if t.move is not None:
                table = apply_move(table, t.persona, t.move)
                if t.phase == "vote":
                    votes[t.persona] = {s.proposal: s for s in t.move.stances}
        return table, votes


def load_run(folder: Path) -> Run:
    """Load a run folder back into models.

    Tolerant, so interrupted and hand-edited runs still open: a line that is not UTF-8,
    not JSON or not a valid event is skipped and named in ``Run.skipped``, and so is a last
    line cut short by a crash or a kill (``cut short``). Only the first event must be valid.

    Raises:
        TranscriptError: no events.jsonl, or its first line is not a debate_started event.
    """
    path = folder / EVENTS
    if not path.is_file():
        raise TranscriptError("error-no-events", path=folder, name=EVENTS)
    try:
        raw_lines = path.read_bytes().split(b"\n")
    except OSError as e:
        raise TranscriptError("error-events-unreadable", path=path, detail=e.strerror) from e
    events: list[Event] = []
    skipped: list[str] = []
    last = max((n for n, b in enumerate(raw_lines, 1) if b.strip()), default=0)
    for n, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            events.append(parse_event(raw.decode("utf-8")))
        except UnicodeDecodeError as e:
            skipped.append(str(msg("error-skip-not-utf8", line=str(n), byte=str(e.start))))
        except ValidationError as e:
            if n == last and events and not raw.endswith(b"}"):
                skipped.append(str(msg("error-skip-cut-short", line=str(n))))
                break
            first = e.errors()[0]
            where = ".".join(map(str, first["loc"]))
            detail = f"{where}: {first['msg']}" if where else first["msg"]
            skipped.append(str(msg("error-skip-invalid-event", line=str(n), detail=detail)))
    if events and not isinstance(events[0], DebateStarted) and not skipped:
        raise TranscriptError("error-events-first-type", path=path, type=events[0].type)
    if not events or not isinstance(events[0], DebateStarted):
        if skipped:
            raise TranscriptError("error-events-first-detail", path=path, detail=skipped[0])
        raise TranscriptError("error-events-first-missing", path=path)
    run = Run.from_events(events)
    run.skipped = skipped
    return run


def write_scorecard(folder: Path, run: Run, card: Scorecard | None = None) -> Path:
    """Write ``scorecard.json`` (UTF-8, unescaped): the final card (or ``card``) and the
    judge's card if there was one. Returns the path."""
    final = card or (run.ended.scorecard if run.ended else None)
    data = {
        "run_id": run.started.run_id,
        "scenario": run.started.scenario.id,
        "scorecard": final.model_dump(mode="json") if final else None,
        "judge_scorecard": run.ended.judge_scorecard.model_dump(mode="json")
        if run.ended and run.ended.judge_scorecard
        else None,
    }
    from roleplay.runs.outdir import write_file

    return write_file(folder / SCORECARD, json.dumps(data, ensure_ascii=False, indent=2) + "\n", force=True)
