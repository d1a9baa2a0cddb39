"""Building blocks of one persona turn, and the sealed (``simultaneous``) round.

The engine (roleplay.debate.engine) runs a turn in three steps: :func:`build_request`
(what the backend sees), the backend's ``take_turn`` items, and :func:`finish_turn`
(admit the move against the table, apply it, record the Turn). A ``fixed`` or
``challenged`` round streams each turn as it is produced. A ``simultaneous`` round
(issue #9 point 7: sealed ballots and opening statements) builds every request from the
table, history and notes as they stood at the round's start, runs the backends'
turns concurrently (:func:`run_sealed`; a backend whose ``concurrent`` attribute is
False, e.g. a human seat, is run one after another in a single task), and the engine
then emits and admits the buffered turns one by one in the round's fixed order, so the
event stream is the same however the calls interleave.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Protocol

from roleplay.debate.backend import (
    Backend,
    BackendItem,
    Delta,
    Notice,
    TurnRequest,
    TurnResult,
    public_card,
    result_to_turn,
)
from roleplay.debate.control import DebateControl
from roleplay.debate.events import BackendNotice, Event, TextDelta, TurnCompleted, TurnStarted
from roleplay.debate.move import ModeratorNote, Stance, Turn
from roleplay.debate.table import Table, admit_move, apply_move
from roleplay.formats.scenario import RoundSpec, SpeakerPolicy
from roleplay.streams import Final, forward

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup


class Seen(Protocol):
    """What a turn request is built from: the table, the turns and the moderator's notes."""

    @property
    def table(self) -> Table: ...
    @property
    def history(self) -> list[Turn]: ...
    @property
    def notes(self) -> list[ModeratorNote]: ...


class RunState(Protocol):
    """What these helpers read and update of the engine's bookkeeping."""

    table: Table
    history: list[Turn]
    notes: list[ModeratorNote]
    votes: dict[str, dict[str, Stance]]
    last: str | None


def turn_id(rn: int, n: int, pid: str) -> str:
    """The id of the ``n``-th persona turn of the debate (1-based), in round ``rn``."""
    return f"r{rn}-t{n}-{pid}"


def build_request(
    setup: DebateSetup,
    st: Seen,
    rn: int,
    spec: RoundSpec,
    n_rounds: int,
    pid: str,
    tid: str,
    turn_index: int,
    policy: SpeakerPolicy,
) -> TurnRequest:
    """The request for ``pid``'s turn from the state ``st`` as it stands now (copies; the
    engine's RunState, or any snapshot with a table, history and notes). Built without
    validation (``model_construct``): every part is already a validated model of the
    debate, and a request is built for every turn from the whole history so far."""
    return TurnRequest.model_construct(
        turn_id=tid,
        round=rn,
        round_spec=spec,
        total_rounds=n_rounds,
        persona=setup.persona(pid),
        others=[public_card(p) for p in setup.personas if p.id != pid],
        scenario=setup.scenario,
        rubric=setup.rubric,
        lang=setup.lang,
        seed=setup.seed,
        turn_index=turn_index,
        history=list(st.history),
        table=list(st.table.proposals),
        notes=list(st.notes),
        policy=policy,
    )


def item_event(tid: str, item: BackendItem) -> Event | None:
    """The event for one streamed backend item (None for the final TurnResult or empty text)."""
    if isinstance(item, Delta):
        return TextDelta(turn=tid, text=item.text) if item.text else None
    if isinstance(item, Notice):
        return BackendNotice(turn=tid, kind=item.kind, detail=item.detail, wait_s=item.wait_s)
    return None


def skipped_turn(tid: str, rn: int, spec: RoundSpec, pid: str, label: str) -> Turn:
    """The Turn recorded when the facilitator skipped ``pid``."""
    return Turn(
        id=tid,
        round=rn,
        phase=spec.phase,
        persona=pid,
        status="skipped",
        error="skipped by the facilitator",
        backend=label,
    )


def finish_turn(
    setup: DebateSetup, st: RunState, spec: RoundSpec, req: TurnRequest, result: TurnResult, label: str
) -> list[Event]:
    """Admit ``result``'s move against the table *now* (roleplay.debate.table.admit_move),
    apply it, record the turn in ``st``; return the repair notices and TurnCompleted.
    Only voters' vote-round stances count as votes (``Scenario.voter_ids``)."""
    pid = req.persona.id
    out: list[Event] = []
    if result.move is not None:
        move, problems = admit_move(
            result.move, pid, spec.phase, st.table, setup.scenario, setup.rubric, st.history
        )
        out += [BackendNotice(turn=req.turn_id, kind="repair", detail=p) for p in problems]
        result = result.model_copy(update={"move": move})
        st.table = apply_move(st.table, pid, move)
        if spec.phase == "vote" and pid in setup.scenario.voter_ids():
            st.votes[pid] = {s.proposal: s for s in move.stances}
    return out + record(st, result_to_turn(req, result, label))


def record(st: RunState, turn: Turn) -> list[Event]:
    """Append ``turn`` to the history; return its TurnCompleted event."""
    st.history.append(turn)
    st.last = turn.persona
    return [TurnCompleted(turn=turn, table=list(st.table.proposals))]


async def collect(backend: Backend, req: TurnRequest) -> tuple[list[BackendItem], TurnResult]:
    """Run one turn to the end; return its streamed items and its result (a failed result
    if the backend produced none)."""
    final = Final(TurnResult)
    items = [item async for item in forward(backend.take_turn(req), final)]
    return items, final.value or TurnResult(status="failed", error="backend produced no result")


async def run_sealed(
    jobs: list[tuple[Backend, TurnRequest]],
) -> list[tuple[list[BackendItem], TurnResult]]:
    """Run the sealed turns ``jobs`` concurrently; results in the order of ``jobs``.

    Backends with ``concurrent = False`` run one after another (in ``jobs`` order) in one
    task beside the others.
    """
    out: list[tuple[list[BackendItem], TurnResult] | None] = [None] * len(jobs)

    async def one(k: int) -> None:
        out[k] = await collect(*jobs[k])

    async def in_turn(ks: list[int]) -> None:
        for k in ks:
            await one(k)

    serial = [k for k, (b, _) in enumerate(jobs) if not getattr(b, "concurrent", True)]
    tasks = [one(k) for k in range(len(jobs)) if k not in serial]
    await asyncio.gather(*tasks, in_turn(serial))
    return [r for r in out if r is not None]


async def sealed_round(
    setup: DebateSetup,
    backends: dict[str, Backend],
    labels: dict[str, str],
    st: RunState,
    ctl: DebateControl,
    rn: int,
    spec: RoundSpec,
    n_rounds: int,
    order: list[str],
) -> AsyncIterator[Event]:
    """A ``simultaneous`` round (roleplay.debate.sealed): every request is built from the
    round-start state, the calls run concurrently, then each turn is emitted and admitted
    in ``order``. A skip queued before the batch is honoured."""
    base = len(st.history)
    skipped = {pid for pid in order if pid in ctl.skips}
    ctl.skips -= skipped
    reqs = {
        pid: build_request(
            setup, st, rn, spec, n_rounds, pid, turn_id(rn, base + k + 1, pid), base + k, "simultaneous"
        )
        for k, pid in enumerate(order)
    }
    live = [pid for pid in order if pid not in skipped]
    done = dict(zip(live, await run_sealed([(backends[pid], reqs[pid]) for pid in live]), strict=True))
    for pid in order:
        req = reqs[pid]
        yield TurnStarted(turn=req.turn_id, round=rn, phase=spec.phase, persona=pid)
        if pid in skipped:
            for e in record(st, skipped_turn(req.turn_id, rn, spec, pid, labels[pid])):
                yield e
            continue
        items, result = done[pid]
        for item in items:
            if (note := item_event(req.turn_id, item)) is not None:
                yield note
        for e in finish_turn(setup, st, spec, req, result, labels[pid]):
            yield e
