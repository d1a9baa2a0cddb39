"""The pure debate engine: it steps through the agenda and yields typed events.

It neither prints nor writes files; sinks (transcript writer, console, TUI) consume the
events. Order, caps and termination are enforced here (see roleplay.debate.turns, roleplay.debate.table).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

from roleplay.debate import moderator, stops
from roleplay.debate.backend import (
    Backend,
    Delta,
    Notice,
    TurnRequest,
    TurnResult,
    public_card,
    result_to_turn,
)
from roleplay.debate.control import DebateControl
from roleplay.debate.events import (
    BackendNotice,
    DebateEnded,
    DebateStarted,
    Event,
    ModeratorSpoke,
    RoundScored,
    RoundStarted,
    TextDelta,
    TurnCompleted,
    TurnStarted,
)
from roleplay.debate.move import ModeratorNote, Stance, Turn
from roleplay.debate.setup import DebateSetup
from roleplay.debate.table import Table, admit_move, apply_move
from roleplay.debate.turns import choose_speaker, rotate_for_no_repeat, round_speakers
from roleplay.formats.scenario import RoundSpec
from roleplay.scoring.scorecard import Scorecard
from roleplay.scoring.scorer import score
from roleplay.streams import Final, forward


def new_run_id() -> str:
    """A short random run id (8 hex digits)."""
    return uuid.uuid4().hex[:8]


class _State:
    """Mutable bookkeeping of one run (private to the engine)."""

    def __init__(self) -> None:
        self.seq = 0
        self.table = Table()
        self.history: list[Turn] = []
        self.notes: list[ModeratorNote] = []
        self.votes: dict[str, dict[str, Stance]] = {}
        self.last: str | None = None


async def run_debate(
    setup: DebateSetup,
    backends: dict[str, Backend],
    control: DebateControl | None = None,
    run_id: str | None = None,
    backend_labels: dict[str, str] | None = None,
) -> AsyncIterator[Event]:
    """Run a debate and yield its events, first ``DebateStarted``, last ``DebateEnded``.

    Args:
        backends: persona id -> Backend, one for every seated persona.

    Failure policy (issue #3): a failed turn is recorded (raw reply kept) and the debate goes
    on to the next speaker; it stops with status ``failed`` when a backend's ``fatal``
    attribute is set (a rejected key, an exhausted quota) or when as many turns in a row
    have failed as there are seats. A debate in which no turn succeeded is left unscored
    (``DebateEnded.scorecard`` is None). Every finished turn is kept.
        control: facilitator controls (pause, inject, skip, stop), optional.
        backend_labels: labels to record (default: each backend's ``label``).

    Raises:
        KeyError: a seated persona has no backend (a programming error, not user input).
    """
    st = _State()
    ctl = control or DebateControl()
    sc, lang = setup.scenario, setup.lang
    labels = dict(backend_labels or {pid: backends[pid].label for pid in sc.personas})
    labels.setdefault("moderator", sc.moderator_backend)

    def ev(e: Event) -> Event:
        e.seq = st.seq
        st.seq += 1
        return e

    yield ev(
        DebateStarted(
            run_id=run_id or new_run_id(),
            scenario=sc,
            personas=setup.personas,
            rubric=setup.rubric,
            seed=setup.seed,
            lang=lang,
            backends=labels,
        )
    )
    agenda = setup.agenda()
    stop: stops.Stop | None = None
    rn = 0
    for rn, spec in enumerate(agenda, 1):
        order = rotate_for_no_repeat(round_speakers(spec, sc), st.last if not spec.allow_repeat else None)
        note = moderator.announce(setup, rn, spec, len(agenda), st.table)
        st.notes.append(note)
        yield ev(RoundStarted(round=rn, phase=spec.phase, speakers=order, note=note))
        for wanted in order:
            await ctl.gate()
            stop = stops.before_turn(len(st.history), sc.max_turns, ctl.stop_reason if ctl.stopped else None)
            if stop is not None:
                break
            while ctl.injected:
                fnote = ModeratorNote(
                    kind="facilitator", text=ctl.injected.pop(0), round=rn, at_turn=len(st.history)
                )
                st.notes.append(fnote)
                yield ev(ModeratorSpoke(note=fnote))
            pid, why = choose_speaker(wanted, order, st.last, spec.allow_repeat, set(sc.personas))
            if why:
                yield ev(
                    ModeratorSpoke(
                        note=ModeratorNote(
                            kind="notice", round=rn, text=moderator.fallback_text(lang, why, pid)
                        )
                    )
                )
            async for e in _one_turn(
                setup, backends[pid], labels[pid], st, ctl, rn, spec, len(agenda), pid, ev
            ):
                yield e
            stop = stops.after_turn(pid, backends[pid].fatal, st.history, len(sc.personas))
            if stop is not None:
                break
        if stop is None and ctl.stopped:
            stop = stops.Stop("stopped", ctl.stop_reason)
        summary = moderator.summarize(setup, rn, spec, st.history, st.table)
        st.notes.append(summary)
        yield ev(ModeratorSpoke(note=summary))
        yield ev(
            RoundScored(round=rn, scorecard=score(setup, st.history, st.table, st.votes, rn, final=False))
        )
        if stop is not None:
            break
    while ctl.injected:  # messages typed after the last turn are still recorded
        fnote = ModeratorNote(kind="facilitator", text=ctl.injected.pop(0), round=rn, at_turn=len(st.history))
        st.notes.append(fnote)
        yield ev(ModeratorSpoke(note=fnote))
    final: Scorecard | None = score(setup, st.history, st.table, st.votes, 0, final=True)
    if not any(t.move is not None for t in st.history):
        final = None  # nothing was said: unscored, never a row of zeros
    if final is not None:
        yield ev(ModeratorSpoke(note=moderator.vote_result(setup, final, st.votes, st.table)))
    status, reason = stop or ("finished", "agenda complete")
    yield ev(DebateEnded(status=status, reason=reason, rounds=rn, turns=len(st.history), scorecard=final))


async def _one_turn(
    setup: DebateSetup,
    backend: Backend,
    label: str,
    st: _State,
    ctl: DebateControl,
    rn: int,
    spec: RoundSpec,
    n_rounds: int,
    pid: str,
    ev: Callable[[Event], Event],
) -> AsyncIterator[Event]:
    """Run one persona turn and yield its events; updates ``st``."""
    turn_id = f"r{rn}-t{len(st.history) + 1}-{pid}"
    persona = setup.persona(pid)
    yield ev(TurnStarted(turn=turn_id, round=rn, phase=spec.phase, persona=pid))
    if pid in ctl.skips:
        ctl.skips.discard(pid)
        turn = Turn(
            id=turn_id,
            round=rn,
            phase=spec.phase,
            persona=pid,
            status="skipped",
            error="skipped by the facilitator",
            backend=label,
        )
    else:
        req = TurnRequest(
            turn_id=turn_id,
            round=rn,
            round_spec=spec,
            total_rounds=n_rounds,
            persona=persona,
            others=[public_card(p) for p in setup.personas if p.id != pid],
            scenario=setup.scenario,
            rubric=setup.rubric,
            lang=setup.lang,
            seed=setup.seed,
            turn_index=len(st.history),
            history=list(st.history),
            table=list(st.table.proposals),
            notes=list(st.notes),
        )
        final = Final(TurnResult)
        async for item in forward(backend.take_turn(req), final):
            if isinstance(item, Delta):
                if item.text:
                    yield ev(TextDelta(turn=turn_id, text=item.text))
            elif isinstance(item, Notice):
                yield ev(BackendNotice(turn=turn_id, kind=item.kind, detail=item.detail, wait_s=item.wait_s))
        result = final.value or TurnResult(status="failed", error="backend produced no result")
        if result.move is not None:
            is_voter = pid in setup.scenario.voter_ids()
            move, problems = admit_move(result.move, pid, spec.phase, st.table, setup.rubric, is_voter)
            for p in problems:
                yield ev(BackendNotice(turn=turn_id, kind="repair", detail=p))
            result = result.model_copy(update={"move": move})
            st.table = apply_move(st.table, pid, move)
            if spec.phase == "vote":
                st.votes[pid] = {s.proposal: s for s in move.stances}
        turn = result_to_turn(req, result, label)
    st.history.append(turn)
    st.last = pid
    yield ev(TurnCompleted(turn=turn, table=list(st.table.proposals)))
