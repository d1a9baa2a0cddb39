"""The pure debate engine: it steps through the agenda and yields typed events.

It neither prints nor writes files; sinks (transcript writer, console, TUI) consume the
events. Order, caps and termination are enforced here (see roleplay.debate.turns, roleplay.debate.table).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from roleplay.debate import moderator, stops
from roleplay.debate.backend import Backend, TurnResult
from roleplay.debate.control import DebateControl
from roleplay.debate.events import (
    DebateEnded,
    DebateStarted,
    Event,
    ModeratorSpoke,
    RoundScored,
    RoundStarted,
    TurnStarted,
)
from roleplay.debate.move import ModeratorNote, Stance, Turn
from roleplay.debate.sealed import (
    build_request,
    finish_turn,
    item_event,
    record,
    sealed_round,
    skipped_turn,
    turn_id,
)
from roleplay.debate.setup import DebateSetup
from roleplay.debate.table import Table
from roleplay.debate.turns import (
    choose_speaker,
    next_challenged,
    rotate_for_no_repeat,
    round_policy,
    round_speakers,
)
from roleplay.formats.scenario import RoundSpec, SpeakerPolicy
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

    Before ``DebateStarted`` every backend with a ``prepare()`` method is prepared
    (:func:`prepare_backends`); simultaneous rounds run their turns concurrently
    (roleplay.debate.sealed).
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

    prepare_backends(backends)

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
        policy = round_policy(spec, sc)
        order = rotate_for_no_repeat(round_speakers(spec, sc), st.last if not spec.allow_repeat else None)
        note = moderator.announce(setup, rn, spec, len(agenda), st.table, policy)
        st.notes.append(note)
        yield ev(RoundStarted(round=rn, phase=spec.phase, speakers=order, note=note, policy=policy))
        if policy == "simultaneous":
            await ctl.gate()  # one gate before the sealed batch
            cap = max(0, sc.max_turns - len(st.history))
            stop = stops.before_turn(len(st.history), sc.max_turns, ctl.stop_reason if ctl.stopped else None)
            if stop is None:
                for e in _facilitator_notes(st, ctl, rn):
                    yield ev(e)
                async for e in sealed_round(
                    setup, backends, labels, st, ctl, rn, spec, len(agenda), order[:cap]
                ):
                    yield ev(e)
                stop = next(
                    (
                        s
                        for pid in order[:cap]
                        if (s := stops.after_turn(pid, backends[pid].fatal, st.history, len(sc.personas)))
                        is not None
                    ),
                    None,
                )
            if stop is None and cap < len(order):
                stop = stops.before_turn(len(st.history), sc.max_turns)
        spoken: list[str] = []
        for k in range(len(order) if policy != "simultaneous" else 0):
            await ctl.gate()
            stop = stops.before_turn(len(st.history), sc.max_turns, ctl.stop_reason if ctl.stopped else None)
            if stop is not None:
                break
            for e in _facilitator_notes(st, ctl, rn):
                yield ev(e)
            wanted = order[k]
            if policy == "challenged":
                wanted = next_challenged(
                    order, spoken, st.history, st.table, setup.rubric, st.last, spec.allow_repeat
                )
            pid, why = choose_speaker(wanted, order, st.last, spec.allow_repeat, set(sc.personas))
            if why:
                yield ev(
                    ModeratorSpoke(
                        note=ModeratorNote(
                            kind="notice", round=rn, text=moderator.fallback_text(lang, why, pid)
                        )
                    )
                )
            spoken.append(pid)
            async for e in _one_turn(
                setup, backends[pid], labels[pid], st, ctl, rn, spec, len(agenda), pid, policy
            ):
                yield ev(e)
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
    for e in _facilitator_notes(st, ctl, rn):  # messages typed after the last turn are still recorded
        yield ev(e)
    voted = any(t.phase == "vote" for t in st.history)
    final: Scorecard | None = score(setup, st.history, st.table, st.votes, 0, final=True)
    if not any(t.move is not None for t in st.history):
        final = None  # nothing was said: unscored, never a row of zeros
    if final is not None:
        yield ev(ModeratorSpoke(note=moderator.vote_result(setup, final, st.votes, st.table, voted)))
    status: stops.EndStatus = stop.status if stop is not None else "finished"
    reason = stop.reason if stop is not None else "agenda complete"
    yield ev(DebateEnded(status=status, reason=reason, rounds=rn, turns=len(st.history), scorecard=final))


def prepare_backends(backends: dict[str, Backend]) -> None:
    """Let every backend that has a ``prepare()`` method (an LLM seat builds its HTTP client
    and model there) get ready before the debate starts, once per backend object, so no
    seat's first turn waits for it (issue #14 item 6)."""
    done: set[int] = set()
    for b in backends.values():
        prep = getattr(b, "prepare", None)
        if callable(prep) and id(b) not in done:
            done.add(id(b))
            prep()


def _facilitator_notes(st: _State, ctl: DebateControl, rn: int) -> list[Event]:
    """Record the facilitator's queued messages as notes; their ModeratorSpoke events."""
    out: list[Event] = []
    while ctl.injected:
        fnote = ModeratorNote(kind="facilitator", text=ctl.injected.pop(0), round=rn, at_turn=len(st.history))
        st.notes.append(fnote)
        out.append(ModeratorSpoke(note=fnote))
    return out


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
    policy: SpeakerPolicy,
) -> AsyncIterator[Event]:
    """Run one persona turn, streaming its events (without seq); updates ``st``."""
    tid = turn_id(rn, len(st.history) + 1, pid)
    yield TurnStarted(turn=tid, round=rn, phase=spec.phase, persona=pid)
    if pid in ctl.skips:
        ctl.skips.discard(pid)
        for e in record(st, skipped_turn(tid, rn, spec, pid, label)):
            yield e
        return
    req = build_request(setup, st, rn, spec, n_rounds, pid, tid, len(st.history), policy)
    final = Final(TurnResult)
    async for item in forward(backend.take_turn(req), final):
        if (note := item_event(tid, item)) is not None:
            yield note
    result = final.value or TurnResult(status="failed", error="backend produced no result")
    for e in finish_turn(setup, st, spec, req, result, label):
        yield e
