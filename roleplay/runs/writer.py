"""The run-folder writer: the sink that appends a debate's events to ``events.jsonl`` as they
happen and writes ``scorecard.json`` and ``transcript.md`` at the end (layout in
roleplay.runs.transcript)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from roleplay.debate.events import DebateEnded, Event, dump_event, parse_event
from roleplay.runs.report import write_markdown
from roleplay.runs.transcript import EVENTS, Run, write_scorecard
from roleplay.secrets import has_url_credentials, redact


def run_dir_name(scenario_id: str, run_id: str, when: datetime | None = None) -> str:
    """``YYYYMMDDTHHMMSSZ-<scenario>-<run id>`` (UTC)."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{scenario_id}-{run_id}"


class TranscriptWriter:
    """Sink that appends events to ``events.jsonl`` and writes the final files.

    Usage: ``w = TranscriptWriter(folder)``; ``w.write(event)`` for each event; the
    ``DebateEnded`` event also writes ``scorecard.json`` and ``transcript.md``.
    ``finish_partial()`` writes ``transcript.md`` for a run that was interrupted.
    """

    def __init__(self, folder: Path, kept: list[Event] | None = None):
        """Open ``folder`` for a new run, or (``kept``: the events already in its
        ``events.jsonl``, see roleplay.runs.resume) to append to a resumed one.

        Raises:
            InputError: ``folder`` is a symlink, or (for a new run) already holds a run
                (roleplay.runs.outdir: nothing that was written is ever appended to or lost).
        """
        import os

        from roleplay.errors import msg
        from roleplay.runs.outdir import MARKER, refusal
        from roleplay.secrets import known_secrets

        self.folder = folder
        self._secrets = known_secrets()
        if folder.is_symlink():
            raise refusal(folder, msg("error-why-symlink"))
        folder.mkdir(parents=True, exist_ok=True)
        if kept is None and (folder / EVENTS).exists():
            raise refusal(folder / EVENTS, msg("error-why-holds-run"), msg("error-fix-resume"))
        (folder / MARKER).touch()
        # open for the writer's lifetime (one line per event), closed by close(); never through a link
        fd = os.open(folder / EVENTS, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        self._fh = open(fd, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.events: list[Event] = list(kept or [])

    def write(self, event: Event) -> Event:
        """Append one event (with any API key masked, see roleplay.secrets) and flush it.
        Returns the event as written, for the other sinks."""
        line = dump_event(event)
        if (
            "sk-" in line
            or "Bearer" in line
            or any(s in line for s in self._secrets)
            or has_url_credentials(line)
        ):
            line = redact(line, self._secrets)
            event = parse_event(line)
        self._fh.write(line + "\n")
        self._fh.flush()
        self.events.append(event)
        if isinstance(event, DebateEnded):
            self._final()
        return event

    def _final(self) -> None:
        run = Run.from_events(self.events)
        write_scorecard(self.folder, run)
        write_markdown(self.folder, run)

    def finish_partial(self) -> None:
        """Write ``transcript.md`` for what has been recorded so far (after an interruption)."""
        if self.events and not isinstance(self.events[-1], DebateEnded):
            write_markdown(self.folder, Run.from_events(self.events))

    def close(self) -> None:
        """Close the events file."""
        self._fh.close()
