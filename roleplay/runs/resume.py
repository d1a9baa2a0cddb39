"""Resume a crashed or interrupted run from its last finished turn (issue #10, item 6).

How: the run's recorded events are cut back to its last ``turn_completed`` (what follows
it, e.g. a turn that had started, is dropped and redone); the debate is then run again
from its recorded ``debate_started`` (scenario, personas, rubric, seed, language, run id)
with every backend wrapped in a :class:`ReplayBackend`, which answers each turn already
recorded with its recorded result instead of calling the model. The engine thus rebuilds
its state (table, history, notes, votes) through its own functions, and the events it
yields up to that last finished turn are not written again. For the offline engine the
same seed gives the same continuation as an uninterrupted run; an LLM seat is called only
for the turns that were not finished.

The options a run was started with (``--rounds``, ``--model``, ``--base-url``,
``--moderator-model``, ``--cache``) are kept in ``run-options.json`` beside its events.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.debate.backend import Backend, BackendItem, TurnRequest, TurnResult, Wrapped
from roleplay.debate.events import DebateStarted, Event, TurnCompleted, parse_event
from roleplay.debate.move import Turn
from roleplay.errors import InputError, TranscriptError, msg
from roleplay.formats.text import Strict
from roleplay.runs.transcript import EVENTS, Run, load_run

if TYPE_CHECKING:
    from roleplay.debate.control import DebateControl
    from roleplay.debate.setup import DebateSetup
    from roleplay.llm.judge import Judge

OPTIONS_FILE = "run-options.json"


class RunOptions(Strict):
    """``run-options.json``: the options a run was started with (None: the scenario's)."""

    rounds: int | None = None
    model: str | None = None
    base_url: str | None = None
    moderator_model: str | None = None
    cache: str | None = None


def write_options(folder: Path, options: RunOptions) -> None:
    """Write ``folder/run-options.json`` (the folder is created). A key written into a URL
    (``http://user:key@host``) is dropped, never saved: ``--resume`` then takes the server's
    key from ``ROLEPLAY_<HOST>_<PORT>_API_KEY`` or the keys file (issue #14: secrets never
    reach a file)."""
    from roleplay.secrets import drop_url_credentials

    fields = ("model", "base_url", "moderator_model")
    options = options.model_copy(
        update={k: drop_url_credentials(v) for k in fields if (v := getattr(options, k))}
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / OPTIONS_FILE).write_text(options.model_dump_json(indent=2) + "\n", encoding="utf-8")


def read_options(folder: Path) -> RunOptions:
    """The options recorded in ``folder/run-options.json`` (all None when the file is
    missing: a run made before resume existed runs the scenario's defaults).

    Raises:
        TranscriptError: the file is there but is not valid.
    """
    path = folder / OPTIONS_FILE
    if not path.is_file():
        return RunOptions()
    try:
        return RunOptions.model_validate_json(path.read_bytes())
    except ValueError as e:
        raise TranscriptError("error-options-file", path=path, detail=e) from e


class ReplayBackend(Wrapped):
    """A backend that answers the turns in ``recorded`` (turn id -> Turn) with their recorded
    result and passes every other turn to ``inner``."""

    def __init__(self, inner: Backend, recorded: dict[str, Turn]):
        super().__init__(inner)
        self.recorded = recorded

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The recorded TurnResult for a recorded turn, else the inner backend's items."""
        turn = self.recorded.get(request.turn_id)
        if turn is None:
            async for item in self.inner.take_turn(request):
                yield item
            return
        yield TurnResult(
            move=turn.move,
            status=turn.status,
            error=turn.error,
            raw=turn.raw,
            reasoning=turn.reasoning,
            usage=turn.usage,
        )


def resume_point(run: Run) -> int:
    """How many of ``run``'s events are kept: those up to and including its last
    ``turn_completed`` (just ``debate_started`` when no turn finished).

    Raises:
        InputError: the run is finished (its last event is ``debate_ended``).
    """
    if run.ended is not None:
        raise InputError("error-run-finished")
    last = max((i for i, e in enumerate(run.events) if isinstance(e, TurnCompleted)), default=0)
    return last + 1


def cut_events(folder: Path, keep: int) -> None:
    """Truncate ``folder/events.jsonl`` right after its ``keep``-th valid event (lines that
    load_run skipped before it stay as they are)."""
    path = folder / EVENTS
    data = path.read_bytes()
    offset, seen = 0, 0
    for line in data.splitlines(keepends=True):
        offset += len(line)
        if line.strip():
            try:
                parse_event(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue
            seen += 1
            if seen == keep:
                break
    with open(path, "r+b") as fh:
        fh.truncate(offset)
        if offset and not data[:offset].endswith(b"\n"):
            fh.seek(offset)
            fh.write(b"\n")


def setup_of(started: DebateStarted, rounds: int | None) -> DebateSetup:
    """The DebateSetup a run was started with, from its recorded ``debate_started``."""
    from roleplay.debate.setup import DebateSetup

    return DebateSetup(
        scenario=started.scenario,
        personas=started.personas,
        rubric=started.rubric,
        seed=started.seed,
        lang=started.lang,
        rounds=rounds,
    )


def load_for_resume(folder: Path) -> tuple[Run, int, RunOptions]:
    """(run, events to keep, options) of a run folder to resume.

    Raises:
        TranscriptError / InputError: not a run folder, or a finished run (naming the folder).
    """
    if folder.is_symlink():
        raise InputError("error-run-symlink", path=folder)
    run = load_run(folder)
    try:
        keep = resume_point(run)
    except InputError as e:
        raise InputError("error-path-problem", path=folder, problem=e) from e
    return run, keep, read_options(folder)


async def resume_to_folder(
    folder: Path,
    run: Run,
    keep: int,
    setup: DebateSetup,
    backends: dict[str, Backend],
    *,
    sinks: Sequence[Callable[[Event], None]] = (),
    observers: Sequence[Callable[[Event], None]] = (),
    control: DebateControl | None = None,
    judge: Judge | None = None,
) -> Path:
    """Continue the run in ``folder`` after its first ``keep`` events (see the module
    docstring). New events are appended and fed to ``sinks`` (a sink with a ``seen``
    method is first told the kept events, e.g. so that a printer's final summary covers the
    whole run); ``observers`` also see the replayed ones (e.g. a workshop stage's director,
    which steers by rounds). Returns ``folder``.
    """
    from roleplay.debate.engine import run_debate
    from roleplay.runs.writer import TranscriptWriter

    kept = run.events[:keep]
    for sink in sinks:
        if callable(seen := getattr(sink, "seen", None)):
            seen(kept)
    recorded = {e.turn.id: e.turn for e in kept if isinstance(e, TurnCompleted)}
    n_kept_turns = len(recorded)
    cut_events(folder, keep)
    writer = TranscriptWriter(folder, kept=kept)
    wrapped: dict[str, Any] = {pid: ReplayBackend(b, recorded) for pid, b in backends.items()}
    events = run_debate(
        setup, wrapped, control=control, run_id=run.started.run_id, backend_labels=dict(run.started.backends)
    )
    if judge is not None:
        from roleplay.llm.judge import judged

        events = judged(events, setup, judge)
    order = [e.turn.id for e in kept if isinstance(e, TurnCompleted)]
    live, turns_seen, seq = False, 0, keep
    try:
        async for event in events:
            if not live:
                for obs in observers:
                    obs(event)
                if isinstance(event, TurnCompleted):
                    if turns_seen >= len(order) or event.turn.id != order[turns_seen]:
                        raise _diverged(folder, event.turn.id, order[turns_seen : turns_seen + 1])
                    turns_seen += 1
                live = turns_seen == n_kept_turns and (n_kept_turns > 0 or isinstance(event, DebateStarted))
                continue
            event.seq, seq = seq, seq + 1
            event = writer.write(event)
            for obs in observers:
                obs(event)
            for sink in sinks:
                sink(event)
        if not live:
            raise _diverged(folder, str(msg("error-replay-end")), order[turns_seen : turns_seen + 1])
    finally:
        try:
            writer.finish_partial()
        finally:
            writer.close()
    return folder


def _diverged(folder: Path, got: str, expected: list[str]) -> TranscriptError:
    """The error for a replay that does not retrace the recorded turns (the scenario's
    speaker rules or seats differ from the recording); nothing new was written."""
    want = expected[0] if expected else str(msg("error-replay-no-turn"))
    return TranscriptError("error-replay-diverged", path=folder, got=got, want=want)


def dump_options(**values: Any) -> RunOptions:
    """RunOptions from CLI values (paths as text)."""
    return RunOptions.model_validate({k: (str(v) if isinstance(v, Path) else v) for k, v in values.items()})
