"""Typed debate events: the engine yields them; sinks (transcript, console, TUI) consume them.

Each event is one line of ``events.jsonl``: ``{"v": 1, "seq": n, "ts": ..., "type": ...}``.
``v`` is the schema version (bump it on any incompatible change); ``seq`` counts from 0
within a run; ``ts`` is UTC ISO-8601 and is ignored when comparing runs for determinism.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from roleplay.debate.move import ModeratorNote, Proposal, Turn, Usage
from roleplay.formats.memo import memo
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang, Strict
from roleplay.scoring.scorecard import Scorecard

SCHEMA_VERSION = 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class _Event(Strict):
    v: int = SCHEMA_VERSION
    seq: int = 0
    ts: str = Field(default_factory=_now)


class DebateStarted(_Event):
    """First event: everything needed to re-score or re-render the run without source files."""

    type: Literal["debate_started"] = "debate_started"
    run_id: str
    scenario: Scenario
    personas: list[Persona]
    rubric: Rubric
    seed: int
    lang: Lang
    backends: dict[str, str] = Field(description="persona id (and 'moderator') -> backend label")


class RoundStarted(_Event):
    """A round begins; ``note`` is the moderator's announcement.

    ``speakers``: who speaks this round, in the fixed order (under the ``challenged``
    policy the actual order is decided turn by turn; see the TurnStarted events).
    ``policy``: the round's speaker policy (None in files written before issue #9).
    """

    type: Literal["round_started"] = "round_started"
    round: int
    phase: str
    speakers: list[str]
    note: ModeratorNote
    policy: Literal["fixed", "challenged", "simultaneous"] | None = None


class TurnStarted(_Event):
    """A persona takes the floor."""

    type: Literal["turn_started"] = "turn_started"
    turn: str
    round: int
    phase: str
    persona: str


class TextDelta(_Event):
    """A piece of a speech as it is generated (streaming)."""

    type: Literal["text_delta"] = "text_delta"
    turn: str
    text: str


class BackendNotice(_Event):
    """A fault, retry or repair seen while a backend worked on a turn."""

    type: Literal["backend_notice"] = "backend_notice"
    turn: str
    kind: Literal["fault", "retry", "repair", "cache_hit", "truncated"]
    detail: str
    wait_s: float = 0.0


class TurnCompleted(_Event):
    """A turn is finished (ok, failed, skipped or incomplete); ``table`` is the
    proposals on the table after it (latest version of each)."""

    type: Literal["turn_completed"] = "turn_completed"
    turn: Turn
    table: list[Proposal]


class ModeratorSpoke(_Event):
    """The moderator or a facilitator speaks outside a persona's turn."""

    type: Literal["moderator_spoke"] = "moderator_spoke"
    note: ModeratorNote


class RoundScored(_Event):
    """The deterministic (or LLM) scorecard after a round."""

    type: Literal["round_scored"] = "round_scored"
    round: int
    scorecard: Scorecard


class JudgeRecord(Strict):
    """What the LLM judge did (issue #14): its label, raw reply and reasoning (keys masked),
    token usage and time, and why it left the debate unscored (None: it scored it)."""

    label: str
    raw: str | None = None
    reasoning: str | None = None
    usage: Usage = Field(default_factory=Usage)
    error: str | None = None


class DebateEnded(_Event):
    """Last event. ``status``: finished, stopped (by a user or policy), failed.
    ``judge``: the LLM judge's record when one was asked (None: no LLM judge)."""

    type: Literal["debate_ended"] = "debate_ended"
    status: Literal["finished", "stopped", "failed"]
    reason: str
    rounds: int
    turns: int
    scorecard: Scorecard | None = None
    judge_scorecard: Scorecard | None = None
    judge: JudgeRecord | None = None


Event = Annotated[
    DebateStarted
    | RoundStarted
    | TurnStarted
    | TextDelta
    | BackendNotice
    | TurnCompleted
    | ModeratorSpoke
    | RoundScored
    | DebateEnded,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(line: str) -> Event:
    """Parse one ``events.jsonl`` line into its event model.

    Raises:
        pydantic.ValidationError: the line is not a valid event of this schema version.
    """
    return EVENT_ADAPTER.validate_json(line)


def dump_event(event: Event) -> str:
    """Serialise an event to one JSON line (UTF-8, Chinese and emoji unescaped, no newline).

    The same text as ``event.model_dump_json()``; a ``DebateStarted`` event (which carries
    the whole scenario, personas and rubric, most of a run's bytes) is put together from
    each of those parts serialised once per object (:func:`_part_json`)."""
    if isinstance(event, DebateStarted):
        return _dump_started(event)
    return event.model_dump_json(exclude_none=False)


_LOADED_PARTS = ("scenario", "personas", "rubric")
"""The fields of DebateStarted that hold loaded files (never changed once loaded)."""


def _dump_started(event: DebateStarted) -> str:
    """``event.model_dump_json()``, with the loaded parts' JSON reused: the fields in
    declaration order (pydantic's), runs of the other fields dumped by pydantic."""
    pieces: list[str] = []
    run: set[str] = set()

    def flush() -> None:
        if run:
            body = event.model_dump_json(include=set(run), exclude_none=False)[1:-1]
            if body:
                pieces.append(body)
            run.clear()

    for name in type(event).model_fields:
        if name in _LOADED_PARTS:
            flush()
            pieces.append(f'"{name}":{_part_json(name, getattr(event, name))}')
        else:
            run.add(name)
    flush()
    return "{" + ",".join(pieces) + "}"


def _part_json(name: str, value: Any) -> str:
    """JSON of one loaded part as pydantic serialises it inside the event (by the field's
    declared type), once per object (roleplay.formats.memo); a list of personas is joined
    from each persona's."""
    if name == "personas":
        return "[" + ",".join(_part_json("persona", p) for p in value) + "]"
    adapter = _ADAPTERS[name]
    return memo(value, f"event-json:{name}", lambda: adapter.dump_json(value).decode("utf-8"))


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "scenario": TypeAdapter(Scenario),
    "persona": TypeAdapter(Persona),
    "rubric": TypeAdapter(Rubric),
}
