"""Who speaks when: speaking order, speaker policies, the no-repeat rule and its fallback.

Policies (roleplay.formats.scenario.SpeakerPolicy): ``fixed`` follows the round's order;
``challenged`` gives the floor to the persona most challenged since it last spoke
(:func:`challenges`, :func:`next_challenged`; issue #9 point 7, the moderator's choice);
``simultaneous`` is run by the engine as one sealed batch (roleplay.debate.sealed).

These rules are enforced in code, not left to prompts: a persona never speaks twice in a
row unless the round says ``allow_repeat``; an invalid speaker (unknown, or a repeat)
is replaced by the next eligible persona in the round's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from roleplay.debate.move import Turn
from roleplay.formats.memo import memo
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import RoundSpec, Scenario, SpeakerPolicy

if TYPE_CHECKING:
    from roleplay.debate.table import Table


def round_speakers(spec: RoundSpec, scenario: Scenario) -> list[str]:
    """The planned speaking order of one round (its own ``speakers`` or the default)."""
    return list(spec.speakers or scenario.order())


def choose_speaker(
    wanted: str, order: list[str], last: str | None, allow_repeat: bool, seated: set[str]
) -> tuple[str, str | None]:
    """Validate ``wanted`` as the next speaker.

    Returns:
        (speaker, reason): ``reason`` is None when ``wanted`` is valid, otherwise says why
        the fallback (the next persona in ``order`` after ``wanted`` that is seated and
        is not ``last``) was chosen instead.

    Raises:
        ValueError: no persona in ``order`` can speak (only possible with one seat).
    """
    if wanted in seated and (allow_repeat or wanted != last):
        return wanted, None
    why = f"'{wanted}' is not seated" if wanted not in seated else f"'{wanted}' may not speak twice in a row"
    start = order.index(wanted) + 1 if wanted in order else 0
    for k in range(len(order)):
        cand = order[(start + k) % len(order)]
        if cand in seated and cand != last:
            return cand, why
    raise ValueError("no eligible speaker: a debate needs at least two seated personas")


def rotate_for_no_repeat(order: list[str], last: str | None) -> list[str]:
    """If a round would open with the persona who closed the previous one, move that
    persona to second place, so rounds chain without a double turn."""
    if len(order) > 1 and last is not None and order[0] == last:
        return [order[1], order[0], *order[2:]]
    return order


def round_policy(spec: RoundSpec, scenario: Scenario) -> SpeakerPolicy:
    """The speaker policy of a round: its own ``policy`` or the scenario's ``speaker_policy``."""
    return spec.policy or scenario.speaker_policy


CHALLENGING_ANSWERS = ("rebut", "trade")
"""``Answer.how`` values that put a demand on the persona answered (a concession or a
"hold" does not challenge it)."""

CHALLENGING_STANCES = ("oppose", "amend")
"""Stance positions that challenge the author of the proposal they are on."""


def challenges(persona: str, history: Sequence[Turn], table: Table, rubric: Rubric) -> int:
    """How many turns challenged ``persona`` since its last turn (0 if none).

    A turn of another persona with a move *challenges* ``persona`` when at least one holds:
    (a) its ``answers`` names ``persona`` with ``how`` in :data:`CHALLENGING_ANSWERS`;
    (b) it has a stance in :data:`CHALLENGING_STANCES` on a proposal ``persona`` authored
    (authorship from ``table``); (c) one of its ``claims`` rebuts (``Claim.rebuts``) a claim
    ``persona`` made in any earlier turn. Each turn counts once; only turns after
    ``persona``'s last turn count ("not yet answered").
    """
    last = max((n for n, t in enumerate(history) if t.persona == persona), default=-1)
    own = {p.id for p in table.proposals if p.author == persona}
    said = {c for t in history[: last + 1] if t.persona == persona and t.move for c in t.move.claims}
    rebuts = memo(rubric, "rebuts", lambda: {c.id: frozenset(c.rebuts) for c in rubric.claims})
    n = 0
    for t in history[last + 1 :]:
        m = t.move
        if m is None:
            continue
        answered = (
            m.answers is not None and m.answers.persona == persona and m.answers.how in CHALLENGING_ANSWERS
        )
        opposed = any(s.proposal in own and s.position in CHALLENGING_STANCES for s in m.stances)
        rebutted = any(rebuts.get(c, frozenset()) & said for c in m.claims)
        n += answered or opposed or rebutted
    return n


def next_challenged(
    order: list[str],
    spoken: Sequence[str],
    history: Sequence[Turn],
    table: Table,
    rubric: Rubric,
    last: str | None,
    allow_repeat: bool,
) -> str:
    """The next speaker of a ``challenged`` round: of the personas in ``order`` who have not
    spoken this round, the one with most :func:`challenges`; ties go to the earlier in
    ``order``. ``last`` is passed over (no double turn) unless ``allow_repeat`` or no one
    else is left.

    Raises:
        ValueError: everyone in ``order`` has spoken.
    """
    left = [p for p in order if p not in spoken]
    if not left:
        raise ValueError("every persona of the round has spoken")
    pool = [p for p in left if allow_repeat or p != last] or left
    return max(pool, key=lambda p: (challenges(p, history, table, rubric), -order.index(p)))
