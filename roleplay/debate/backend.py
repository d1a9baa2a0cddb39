"""The seam between the engine and whatever produces a persona's Move.

A backend is any object with a ``label``, a ``fatal`` error (None while it can be called)
and an async generator ``take_turn(request)`` that yields :class:`Delta` (speech text as generated), :class:`Notice` (faults, retries)
and exactly one final :class:`TurnResult`. The offline negotiator, the LangChain LLM
backend and the TUI's human seat all implement it; the engine only sees this protocol.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal, Protocol

from pydantic import Field

from roleplay.debate.move import ModeratorNote, Move, Proposal, Turn, TurnStatus, Usage
from roleplay.formats.memo import memo
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import RoundSpec, Scenario, SpeakerPolicy
from roleplay.formats.text import Lang, Strict


class TurnRequest(Strict):
    """Everything a backend may use for one turn.

    Fields:
        persona: the speaker (its ``private`` list is for it alone).
        others: the other seated personas' public cards (``private`` emptied).
        history: finished turns so far, oldest first.
        table: proposals on the table (latest version of each).
        notes: moderator summaries and facilitator messages so far, oldest first.
        turn_index: 0-based count of persona turns before this one.
        seed: the debate seed (backends derive per-turn randomness from it and turn_id).
        policy: the round's speaker policy; under ``simultaneous`` the history, table and
            notes are those of the round's start (sealed moves: others' moves of this
            round are not seen), and the move is admitted against the table as it stands
            when the engine records it, in the round's fixed order.
    """

    turn_id: str
    round: int
    round_spec: RoundSpec
    total_rounds: int
    persona: Persona
    others: list[Persona]
    scenario: Scenario
    rubric: Rubric
    lang: Lang
    seed: int
    turn_index: int
    history: list[Turn] = Field(default_factory=list)
    table: list[Proposal] = Field(default_factory=list)
    notes: list[ModeratorNote] = Field(default_factory=list)
    policy: SpeakerPolicy = "fixed"


class Delta(Strict):
    """A piece of speech text, in order."""

    text: str


class Notice(Strict):
    """A fault, retry, repair, cache hit or truncation seen during the turn."""

    kind: Literal["fault", "retry", "repair", "cache_hit", "truncated"]
    detail: str
    wait_s: float = 0.0


class TurnResult(Strict):
    """The outcome of a turn. ``move`` is None unless ``status`` is ok or incomplete."""

    move: Move | None = None
    status: TurnStatus = "ok"
    error: str | None = None
    raw: str | None = None
    reasoning: str | None = None
    usage: Usage = Field(default_factory=Usage)


BackendItem = Delta | Notice | TurnResult


class Backend(Protocol):
    """What the engine needs from a backend (see module docstring).

    A backend may also set ``concurrent = False`` (default True when absent): the engine
    then never runs two of its turns at once, even in a ``simultaneous`` round; and a
    ``prepare()`` method, which the engine calls once before the debate starts (an LLM seat
    builds its client there).
    """

    label: str

    @property
    def fatal(self) -> Exception | None:
        """The error that makes every later turn fail (a rejected key, an exhausted quota), or
        None. The engine stops the debate as ``failed`` when it is set after a turn."""
        ...

    def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Yield Delta/Notice items, then one TurnResult. Must not raise for model
        misbehaviour: report it as a failed TurnResult instead."""
        ...


def public_card(p: Persona) -> Persona:
    """A copy of ``p`` without its private interests, for other personas' eyes (made once
    per persona object, which is never changed once loaded: roleplay.formats.memo; every
    turn request of a debate shows the same cards)."""
    return memo(p, "public_card", lambda: p.model_copy(update={"private": []}))


class Wrapped:
    """The one base for a backend that wraps another (the TUI's pace, a resumed run's
    replay, a batch's per-server bound): it keeps the inner backend's ``label`` and
    ``concurrent``, forwards ``fatal`` and ``prepare`` (so a wrapped LLM seat is still
    prepared before the debate: roleplay.debate.engine.prepare_backends), and passes turns
    through until a subclass overrides :meth:`take_turn`."""

    def __init__(self, inner: Backend):
        self.inner = inner
        self.label = inner.label
        self.concurrent: bool = getattr(inner, "concurrent", True)

    @property
    def fatal(self) -> Exception | None:
        """The inner backend's fatal error, if any."""
        return getattr(self.inner, "fatal", None)

    def prepare(self) -> None:
        """Prepare the inner backend, when it has a ``prepare`` method."""
        prep = getattr(self.inner, "prepare", None)
        if callable(prep):
            prep()

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The inner backend's items, unchanged."""
        async for item in self.inner.take_turn(request):
            yield item


def result_to_turn(req: TurnRequest, res: TurnResult, backend_label: str) -> Turn:
    """Combine a request and a result into the Turn kept in the transcript."""
    return Turn(
        id=req.turn_id,
        round=req.round,
        phase=req.round_spec.phase,
        persona=req.persona.id,
        move=res.move,
        status=res.status,
        error=res.error,
        raw=res.raw,
        reasoning=res.reasoning,
        backend=backend_label,
        usage=res.usage,
    )
