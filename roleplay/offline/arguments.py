"""Arguments in the offline negotiator: which claims bear on which options, which earlier
claim most challenges a persona, how it answers, and how unanswered claims persuade.

Argumentation-based negotiation (Rahwan et al., "Argumentation-based negotiation",
Knowledge Engineering Review 18(4), 2003): a persona argues for its options with claims
from the library (rubric/claims.yaml), and answers the strongest earlier claim against its
position with a rebuttal, a concession or a trade; a well-backed claim aimed at a persona's
heaviest issue that it cannot rebut moves its utility a little (:data:`PERSUASION`).
"""

from __future__ import annotations

import random

from roleplay.debate.move import Turn
from roleplay.formats.claims import Claim, Target
from roleplay.formats.issues import Issue, Option
from roleplay.formats.memo import Store, memo, remember
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.scoring.utility import Preferences, Shift

PERSUASION = 0.05
"""Utility added to the option an unanswered claim favours, per point of claim strength
(1-3), for the persona it was aimed at (its two heaviest issues only)."""

PERSUASION_CAP = 0.2
"""At most this much persuasion on one option, however many claims favour it (option
utilities run from -1 to 1): arguments move a persona a little, never turn it around."""

REBUTTAL_CHOICE = 3
"""With a seeded ``rng``, the answer is picked among this many best counter-claims (direct
rebuttals first and weighted up, then stronger claims), so seeds vary the exchange."""

PERSUADE_MIN_STRENGTH = 2
"""Only claims of at least this strength persuade (an opinion alone does not)."""


def _target_effect(t: Target, issue: Issue, option: Option) -> int:
    """+1 if ``option`` does what ``t`` argues for, -1 if it does the opposite, 0 if
    ``t``'s instrument is not at stake in ``issue``."""
    used = [o for o in issue.options if t.instrument in o.instrument_ids()]
    if not used:
        return 0
    has = t.instrument in option.instrument_ids()
    if t.direction in ("include", "exclude"):
        want = t.direction == "include"
        if len(used) == len(issue.options):  # every option has it: nothing to include or exclude
            return 0
        return 1 if has == want else -1
    values = [
        s.value for o in used for s in o.settings if s.instrument == t.instrument and s.value is not None
    ]
    if not has or not values or max(values) == min(values):
        return 0
    v = next(s.value for s in option.settings if s.instrument == t.instrument)
    if v is None:
        return 0
    mid = (max(values) + min(values)) / 2
    sign = 1 if t.direction == "more" else -1
    return 1 if (v - mid) * sign > 0 else (-1 if v != mid else 0)


_EFFECTS: Store = {}

MEMO_MAX = 200_000
"""The identity-keyed memos of single effects and bearings are emptied past this many
entries (each holds a few small values)."""

ROWS_MAX = 4096
"""The memos holding a row per library claim (:func:`effects_row`, :func:`voiced`,
:func:`rebutters`) are emptied past this many entries (a scenario has a few dozen options)."""


def effect(claim: Claim, issue: Issue, option: Option) -> int:
    """Net effect of ``claim`` on ``option`` of ``issue``: >0 favours it, <0 argues against.
    Remembered by object identity (roleplay.formats.memo.remember, up to :data:`MEMO_MAX`)."""
    return remember(
        _EFFECTS,
        MEMO_MAX,
        (claim, issue, option),
        lambda: sum(_target_effect(t, issue, option) for t in claim.favours),
    )


_ROWS: Store = {}


def effects_row(rubric: Rubric, issue: Issue, option: Option) -> tuple[int, ...]:
    """:func:`effect` of every claim of ``rubric.claims`` (in that order) on ``option`` of
    ``issue``. Remembered by object identity like :func:`effect` (the library, the scenario
    and the option are never changed once loaded)."""
    return remember(
        _ROWS,
        ROWS_MAX,
        (rubric, issue, option),
        lambda: tuple(effect(c, issue, option) for c in rubric.claims),
    )


def peak_row(rubric: Rubric, issue: Issue) -> tuple[int, ...]:
    """Per claim (as in :func:`effects_row`): its largest effect on any option of ``issue``.
    A claim speaks for an option only where its effect there reaches this peak: one that
    favours a bigger fund does not argue for the small one, though the small fund has the
    instrument too. Remembered per (rubric, issue) object."""

    def build() -> tuple[int, ...]:
        rows = [effects_row(rubric, issue, o) for o in issue.options]
        return tuple(max(col) for col in zip(*rows, strict=True))

    return remember(_PEAKS, ROWS_MAX, (rubric, issue), build)


_PEAKS: Store = {}


def against_own(prefs: Preferences, scenario: Scenario, rubric: Rubric) -> tuple[bool, ...]:
    """Per claim (as in :func:`effects_row`): True if it argues against the persona's own
    (best) option on some issue. A party never makes such a claim, whatever issue it is
    answering on (the review found an SOE rebutting with "a fund that is too small cannot
    pull others in" while asking for the small fund). Remembered per ``prefs`` object
    (preferences are built once and shared, never changed)."""

    def build() -> tuple[bool, ...]:
        rows = [effects_row(rubric, i, i.option(prefs.best(i.id))) for i in scenario.issues]
        return tuple(any(r[k] < 0 for r in rows) for k in range(len(rubric.claims)))

    return remember(_AGAINST, ROWS_MAX, (prefs, scenario, rubric), build)


_AGAINST: Store = {}


def positions(rubric: Rubric) -> dict[int, int]:
    """id(claim) -> its position in ``rubric.claims`` (the index into an
    :func:`effects_row`), built once per rubric object (roleplay.formats.memo)."""
    return memo(rubric, "claim-positions", lambda: {id(c): k for k, c in enumerate(rubric.claims)})


_BEARS: Store = {}


def _bearing(claim: Claim, issue: Issue) -> tuple[bool, str | None]:
    """(:func:`bears_on`, :func:`favoured_option`), remembered by identity."""

    def build() -> tuple[bool, str | None]:
        scored = [(effect(claim, issue, o), -n, o.id) for n, o in enumerate(issue.options)]
        best = max(scored)
        return any(e != 0 for e, _, _ in scored), best[2] if best[0] > 0 else None

    return remember(_BEARS, MEMO_MAX, (claim, issue), build)


def bears_on(claim: Claim, issue: Issue) -> bool:
    """True when the claim argues for or against some option of ``issue``."""
    return _bearing(claim, issue)[0]


def favoured_option(claim: Claim, issue: Issue) -> str | None:
    """The option of ``issue`` the claim favours most (None if it favours none)."""
    return _bearing(claim, issue)[1]


def may_voice(p: Persona, claim: Claim) -> bool:
    """A persona may make a claim its ``voices`` allow; an external persona (the US agency)
    makes only claims that name it, so it never speaks China's claims as its own."""
    if claim.voices:
        return p.id in claim.voices
    return p.kind != "external"


_VOICED: Store = {}


def voiced(p: Persona, rubric: Rubric) -> tuple[tuple[int, Claim], ...]:
    """(position in ``rubric.claims``, claim) of every claim ``p`` may voice
    (:func:`may_voice`), in library order. Remembered by the identities of ``p`` and
    ``rubric`` (never changed once loaded)."""
    return remember(
        _VOICED,
        ROWS_MAX,
        (p, rubric),
        lambda: tuple((k, c) for k, c in enumerate(rubric.claims) if may_voice(p, c)),
    )


_REBUTTERS: Store = {}


def rebutters(p: Persona, rubric: Rubric) -> dict[str, tuple[tuple[int, Claim], ...]]:
    """Claim id -> the claims of :func:`voiced` (``p`` may make them) that name it in
    ``rebuts``, as (position in ``rubric.claims``, claim) in library order. Remembered like
    :func:`voiced`."""

    def build() -> dict[str, tuple[tuple[int, Claim], ...]]:
        out: dict[str, list[tuple[int, Claim]]] = {}
        for k, c in voiced(p, rubric):
            for target in dict.fromkeys(c.rebuts):
                out.setdefault(target, []).append((k, c))
        return {cid: tuple(v) for cid, v in out.items()}

    return remember(_REBUTTERS, ROWS_MAX, (p, rubric), build)


def support_for(p: Persona, prefs: Preferences, scenario: Scenario, claim: Claim) -> float:
    """How much ``claim`` helps ``p``'s position: over the issues it bears on, the issue
    weight x (effect on the persona's best option - effect on its worst)."""
    total = 0.0
    for issue in scenario.issues:
        best = issue.option(prefs.best(issue.id))
        worst = issue.option(prefs.worst(issue.id))
        total += prefs.weights[issue.id] * (effect(claim, issue, best) - effect(claim, issue, worst))
    return total


def unargued(scenario: Scenario, rubric: Rubric, said: set[str]) -> list[Issue]:
    """The scenario's issues on which none of the claims ``said`` bears, in scenario order."""
    made = [rubric.claim_index[c] for c in said if c in rubric.claim_index]
    return [i for i in scenario.issues if not any(bears_on(c, i) for c in made)]


def claims_said(history: list[Turn]) -> dict[str, str]:
    """claim id -> the first turn id that made it."""
    out: dict[str, str] = {}
    for t in history:
        if t.move is not None:
            for c in t.move.claims:
                out.setdefault(c, t.id)
    return out


class Challenge:
    """An earlier claim of another persona against ``p``'s best option on ``issue``."""

    def __init__(self, turn: Turn, claim: Claim, issue: Issue, weight: float):
        self.turn, self.claim, self.issue, self.weight = turn, claim, issue, weight

    @property
    def force(self) -> float:
        """Claim strength x the issue's weight to the challenged persona."""
        return self.claim.strength * self.weight


def challenges(
    p: Persona, prefs: Preferences, scenario: Scenario, rubric: Rubric, history: list[Turn]
) -> list[Challenge]:
    """Every claim made by another persona that argues against ``p``'s favourite option on
    an issue, and that ``p`` has not answered yet; strongest first (ties: most recent)."""
    answered = {
        (t.move.answers.turn, t.move.answers.claim)
        for t in history
        if t.persona == p.id and t.move is not None and t.move.answers is not None
    }
    known = rubric.claim_index
    at = positions(rubric)
    mine = [
        (issue, effects_row(rubric, issue, issue.option(prefs.best(issue.id))), prefs.weights[issue.id])
        for issue in scenario.issues
    ]
    out: list[Challenge] = []
    for t in history:
        if t.persona == p.id or t.move is None:
            continue
        for cid in t.move.claims:
            claim = known.get(cid)
            if claim is None or (t.id, cid) in answered:
                continue
            k = at[id(claim)]
            for issue, row, weight in mine:
                if row[k] < 0:  # the claim argues against the persona's option there
                    out.append(Challenge(t, claim, issue, weight))
    order = {t.id: n for n, t in enumerate(history)}
    return sorted(out, key=lambda c: (-c.force, -order[c.turn.id], c.claim.id))


def conceded_issues(
    p: Persona, prefs: Preferences, scenario: Scenario, rubric: Rubric, history: list[Turn]
) -> set[str]:
    """Issues on which ``p`` has conceded in an earlier turn: the issues its conceded-to
    claims argued against ``p``'s option on. It does not argue them again (a party that gave
    ground in round 5 does not take it back in its last word)."""
    known = rubric.claim_index
    out: set[str] = set()
    for t in history:
        a = t.move.answers if t.persona == p.id and t.move is not None else None
        if a is None or a.how != "concede" or a.claim not in known:
            continue
        claim = known[a.claim]
        out |= {i.id for i in scenario.issues if effect(claim, i, i.option(prefs.best(i.id))) < 0}
    return out


def rebuttal(
    p: Persona,
    prefs: Preferences,
    scenario: Scenario,
    rubric: Rubric,
    ch: Challenge,
    used: set[str],
    rng: random.Random | None = None,
) -> Claim | None:
    """The claim ``p`` answers ``ch`` with: one that names ``ch``'s claim in ``rebuts``
    first, else one that favours ``p``'s option on the challenged issue; never a claim
    already made in the debate (``used``), nor one that favours another option of that
    issue more than ``p``'s (:func:`peak_row`) or argues against ``p``'s option on any
    issue (:func:`against_own`); None if it has none."""
    row = effects_row(rubric, ch.issue, ch.issue.option(prefs.best(ch.issue.id)))
    peak, bad = peak_row(rubric, ch.issue), against_own(prefs, scenario, rubric)
    # (claims that cannot join the pool are skipped first: they are most of the library)
    direct = [
        (c, row[k])
        for k, c in rebutters(p, rubric).get(ch.claim.id, ())
        if row[k] >= 0 and row[k] >= peak[k] and not bad[k] and c.id not in used
    ]
    is_direct = {id(c) for c, _ in direct}
    pool = direct + [
        (c, row[k])
        for k, c in voiced(p, rubric)
        if row[k] > 0 and row[k] >= peak[k] and not bad[k] and id(c) not in is_direct and c.id not in used
    ]
    if not pool:
        return None
    pool.sort(key=lambda ce: (id(ce[0]) not in is_direct, -ce[0].strength, -ce[1], ce[0].id))
    ranked = [c for c, _ in pool]
    if rng is None:
        return ranked[0]
    top = ranked[:REBUTTAL_CHOICE]
    return rng.choices(top, weights=[c.strength + (2 if id(c) in is_direct else 0) for c in top])[0]


def arguments_for(
    p: Persona, prefs: Preferences, scenario: Scenario, rubric: Rubric, issue: Issue, used: set[str]
) -> list[Claim]:
    """The claims not yet made that favour ``p``'s option on ``issue`` at least as much as
    any other option of it (:func:`peak_row`) and against none of ``p``'s options
    (:func:`against_own`), strongest first (figures first among equals: a documented case
    beats an opinion; then id)."""
    row = effects_row(rubric, issue, issue.option(prefs.best(issue.id)))
    peak, bad = peak_row(rubric, issue), against_own(prefs, scenario, rubric)
    pool = [
        (c, row[k])
        for k, c in voiced(p, rubric)
        if row[k] > 0 and row[k] >= peak[k] and not bad[k] and c.id not in used
    ]
    pool.sort(key=lambda ce: (-ce[0].strength, not ce[0].figures, -ce[1], ce[0].id))
    return [c for c, _ in pool]


def argument_for(
    p: Persona, prefs: Preferences, scenario: Scenario, rubric: Rubric, issue: Issue, used: set[str]
) -> Claim | None:
    """The strongest claim not yet made that favours ``p``'s option on ``issue``; None if
    there is none (see :func:`arguments_for`)."""
    pool = arguments_for(p, prefs, scenario, rubric, issue, used)
    return pool[0] if pool else None


def _persuasive(
    p: Persona, rubric: Rubric, history: list[Turn], outside: frozenset[str]
) -> list[tuple[Turn, Claim]]:
    """(turn, claim) of the claims that may persuade ``p``, in history order: made by
    another persona not in ``outside``, of strength >= PERSUADE_MIN_STRENGTH, never
    rebutted by ``p``."""
    rebutted = {
        t.move.answers.claim
        for t in history
        if t.persona == p.id
        and t.move is not None
        and t.move.answers is not None
        and t.move.answers.how == "rebut"
    }
    known = rubric.claim_index
    return [
        (t, c)
        for t in history
        if t.persona != p.id and t.persona not in outside and t.move is not None
        for cid in t.move.claims
        if (c := known.get(cid)) is not None and cid not in rebutted and c.strength >= PERSUADE_MIN_STRENGTH
    ]


def persuader(
    p: Persona,
    scenario: Scenario,
    rubric: Rubric,
    history: list[Turn],
    issue: Issue,
    option: str,
    outside: frozenset[str] = frozenset(),
) -> Turn | None:
    """The latest turn of another persona whose persuasive claim (:func:`_persuasive`)
    favours ``option`` on ``issue``: who moved ``p`` there by :func:`persuasion`, named when
    its package takes that option (None if nobody did)."""
    found = [t for t, c in _persuasive(p, rubric, history, outside) if favoured_option(c, issue) == option]
    return found[-1] if found else None


def persuasion(
    p: Persona,
    prefs: Preferences,
    scenario: Scenario,
    rubric: Rubric,
    history: list[Turn],
    outside: frozenset[str] = frozenset(),
) -> Shift:
    """Utility shifts from the persuasive claims (:func:`_persuasive`: another persona's,
    strength >= PERSUADE_MIN_STRENGTH, never rebutted; the personas in ``outside``, the US
    agency, press through security weights instead) aimed at ``p``'s two heaviest issues:
    +PERSUASION x strength on the option each favours, where it favours that option more
    than the persona's own (a claim for an instrument both options share moves nobody).
    Each claim counts once. Deterministic in the history."""
    top = set(prefs.ranked_issues()[:2])
    shift: Shift = {}
    seen: set[str] = set()
    for _t, c in _persuasive(p, rubric, history, outside):
        if c.id in seen:
            continue
        seen.add(c.id)
        for issue in scenario.issues:
            if issue.id not in top:
                continue
            fav = favoured_option(c, issue)
            best = issue.option(prefs.best(issue.id))
            # only a claim that argues for ``fav`` over the persona's own option moves it
            if fav is not None and effect(c, issue, issue.option(fav)) > effect(c, issue, best):
                row = shift.setdefault(issue.id, {})
                row[fav] = min(PERSUASION_CAP, row.get(fav, 0.0) + PERSUASION * c.strength)
    return shift
