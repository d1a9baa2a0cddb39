"""The built-in offline negotiator: a deterministic, seedable, rule-based backend. NOT an LLM.

Each turn it reads its own persona card, the scenario's issues, the claim library, the
table and the public history, and plays a multi-issue negotiation (roleplay.scoring.utility)
with arguments (roleplay.offline.arguments):

- **opening**: states its option on its heaviest issues and argues the first with a claim;
  names its red line. The US agency (``external``) speaks for the US model and applies
  pressure (an export-control claim raises everyone's weight on ``security``).
- **proposal**: tables its ideal settlement, trimmed to the budget by giving up its
  lightest issues first (no budget: its ideal); argues it with a claim.
- **negotiation**: answers the strongest earlier claim against its position (rebut with a
  counter-claim, concede a light issue, or hold and threaten to walk out on a red line);
  revises its own package towards the options others asked for on issues it cares little
  about (concession), while the package stays above its current aspiration; takes a
  stance on every other package: support at or above aspiration, else ask for its option
  on one issue (offering another issue in trade), else oppose.
- **vote**: supports each package at or above its reservation value and close to its best
  (:data:`VOTE_MARGIN`); explains its vote (against a package it had backed unchanged: that
  another serves it better).

The US agency answers no one's claims about China's options: it argues for the US model
from outside. A persona does not reopen an issue it conceded, and does not revise an issue
it argued for or held in the same turn.

Aspiration falls over the negotiation rounds from 1 to the reservation value by Faratin et
al.'s time-dependent tactic a(t) = 1 - (1 - r) * (t / T) ** (1 / beta), beta from the
persona's (seeded) flexibility: a stubborn persona (beta < 1) concedes late.
Same scenario and seed: same debate, in every language.
"""

# Slightly over ~300 lines: the decision of one turn, phase by phase (tactics over rounds
# live in roleplay.offline.tactics, arguments in roleplay.offline.arguments).

from __future__ import annotations

import random
from collections.abc import AsyncIterator

from roleplay.debate.backend import BackendItem, Delta, TurnRequest, TurnResult
from roleplay.debate.move import Answer, Move, Proposal, Stance
from roleplay.debate.package import over_budget
from roleplay.formats.claims import Claim
from roleplay.offline.arguments import (
    Challenge,
    arguments_for,
    challenges,
    claims_said,
    conceded_issues,
    effect,
    persuader,
    persuasion,
    rebuttal,
    unargued,
)
from roleplay.offline.mood import bias, mood, new_notes, salient
from roleplay.offline.speech import Plan, render
from roleplay.offline.tactics import (
    aspiration,
    revise,
    threaten,
    value,
    withdraw,
)
from roleplay.scoring.utility import (
    Preferences,
    breaks_red_line,
    preferences,
    red_lines_in_play,
)

PRESSURE = 0.3
"""Added to every domestic persona's weight on ``security`` once the US agency has argued
for export controls or allied controls (issue #9: the US applies pressure)."""

PRESSURE_INSTRUMENTS = ("export_controls", "allied_partnership")

VOTE_MARGIN = 0.1
"""In the final vote a voter supports a package only if it is worth at least its
reservation value AND no more than this much below the best package on the table for it
(a voter backs the packages close to its best, not everything it could live with)."""

ARGUMENT_CHOICE = 8
"""A persona picks its argument among this many of its strongest unused claims."""

CONCEDE_SHARE = 0.5
"""A persona concedes on a challenged issue only if that issue is in the lighter half of
its issues (by weight); on heavier ones it holds or rebuts."""


def is_light(ranked: list[str], iid: str) -> bool:
    """True when issue ``iid`` lies in the lighter :data:`CONCEDE_SHARE` of ``ranked`` (issue
    ids heaviest first): its index is at least ``len(ranked) * CONCEDE_SHARE``. Raises
    ValueError if ``iid`` is not ranked."""
    return ranked.index(iid) >= len(ranked) * CONCEDE_SHARE


class OfflineNegotiator:
    """Backend for one persona (see module docstring). ``label`` is ``offline``."""

    label = "offline"
    fatal: Exception | None = None

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Decide the move, render the speech and yield it as one Delta, then the result."""
        move = decide(request)
        yield Delta(text=move.speech)
        yield TurnResult(move=move)


def _pressing(c: Claim) -> bool:
    """True for a claim that argues for export controls or allied controls."""
    return any(t.instrument in PRESSURE_INSTRUMENTS and t.direction in ("include", "more") for t in c.favours)


def _pressure(req: TurnRequest) -> dict[str, float]:
    """``security`` boost for a domestic persona once the US has argued for controls."""
    if req.persona.kind == "external":
        return {}
    others = {p.id for p in req.others if p.kind == "external"}
    known = req.rubric.claim_index
    hit = any(
        t.persona in others
        and t.move is not None
        and any(_pressing(known[c]) for c in t.move.claims if c in known)
        for t in req.history
    )
    return {"security": PRESSURE} if hit else {}


def prefs_for(req: TurnRequest) -> Preferences:
    """The speaker's preferences now: mood and news bias, US pressure, then persuasion by
    the unanswered claims aimed at it."""
    p, sc, rub = req.persona, req.scenario, req.rubric
    b, boost = bias(req), _pressure(req)
    base = preferences(p, sc, rub, b, element_boost=boost)
    return preferences(p, sc, rub, b, persuasion(p, base, sc, rub, req.history, _outside(req)), boost)


def _outside(req: TurnRequest) -> frozenset[str]:
    """Ids of the seated external personas (the US agency)."""
    return frozenset(o.id for o in req.others if o.kind == "external")


def decide(req: TurnRequest) -> Move:
    """The whole offline turn: a Move with speech, proposal, stances, claims, answer, acts."""
    p, phase = req.persona, req.round_spec.phase
    prefs = prefs_for(req)
    plan = Plan(req, used=set(claims_said(req.history)), ranked=prefs.ranked_issues(), prefs=prefs)
    rng = random.Random(f"{req.seed}:{p.id}:{req.turn_id}")
    for note in new_notes(req):
        plan.react(note, salient(req, note))
    if phase == "opening":
        _opening(req, prefs, plan, rng)
    elif phase in ("proposal", "negotiation"):
        _negotiate(req, prefs, plan, rng)
    else:
        _vote(req, prefs, plan, rng)
    return render(plan)


def _opening(req: TurnRequest, prefs: Preferences, plan: Plan, rng: random.Random) -> None:
    p, sc = req.persona, req.scenario
    ranked = prefs.ranked_issues()
    top = [ranked[0], *rng.sample(ranked[1:3], k=min(1, len(ranked) - 1))]
    if p.kind == "external":  # it speaks for the US model, not for an option of China's
        _argue_any(req, prefs, plan, rng, first=True)
        _argue_any(req, prefs, plan, rng)
    else:
        for iid in top:
            plan.state(sc.issue(iid), prefs.best(iid))
            _argue(req, prefs, plan, rng, iid)
    lines = red_lines_in_play(p, sc)
    if lines:
        plan.red_line(lines[rng.randrange(len(lines))])


def _argue(req: TurnRequest, prefs: Preferences, plan: Plan, rng: random.Random, iid: str) -> Claim | None:
    """Argue ``p``'s option on issue ``iid`` with an unused claim: a seeded pick among the
    :data:`ARGUMENT_CHOICE` strongest, weighted by strength, so seeds vary the argument
    while strong claims come up most."""
    issue = req.scenario.issue(iid)
    pool = arguments_for(req.persona, prefs, req.scenario, req.rubric, issue, plan.used | plan.barred)[
        :ARGUMENT_CHOICE
    ]
    if not pool:
        return None
    claim = rng.choices(pool, weights=[c.strength for c in pool])[0]
    plan.argue(claim, issue, prefs.best(iid))
    return claim


def _argue_any(
    req: TurnRequest, prefs: Preferences, plan: Plan, rng: random.Random, first: bool = False
) -> None:
    """An external persona's argument: an unused claim it may voice, on its heaviest
    issue (``first``) or the next ones."""
    for iid in prefs.ranked_issues()[0 if first else 1 :]:
        if _argue(req, prefs, plan, rng, iid) is not None:
            return


def _ideal(req: TurnRequest, prefs: Preferences) -> dict[str, str]:
    """The ideal settlement, with the lightest issues moved to their cheapest acceptable
    option until the package fits the budget."""
    sc = req.scenario
    settles = {i.id: prefs.best(i.id) for i in sc.issues}
    for iid in reversed(prefs.ranked_issues()):
        if over_budget(sc, settles) <= 0:
            break
        issue = sc.issue(iid)
        cheaper = sorted(
            (o for o in issue.options if o.cost < issue.option(settles[iid]).cost),
            key=lambda o: (-prefs.utilities[iid][o.id], o.cost),
        )
        if cheaper:
            settles[iid] = cheaper[0].id
    return settles


def _negotiate(req: TurnRequest, prefs: Preferences, plan: Plan, rng: random.Random) -> None:
    p = req.persona
    mine = next((x for x in req.table if x.author == p.id), None)
    tau = aspiration(req)
    _answer(req, prefs, plan, rng, tau)
    _open_up(req, prefs, plan, rng)
    if p.kind != "external":
        if mine is None and req.round_spec.phase == "proposal":
            settles = {**_ideal(req, prefs), **plan.conceded}
            trimmed = [
                i for i in prefs.ranked_issues() if settles.get(i) != prefs.best(i) and i not in plan.conceded
            ]
            same = next((x for x in req.table if not x.withdrawn and x.settles == settles), None)
            if same is not None:  # no second copy of a package already tabled: back it
                plan.back_same(same)
            else:
                plan.propose(settles, trimmed)
                _say_persuaded(req, plan, settles)
        elif (
            mine is not None
            and req.round_spec.phase == "negotiation"
            and not withdraw(req, prefs, plan, mine)
        ):
            revise(req, prefs, plan, mine, tau)
    if req.round_spec.phase == "negotiation" and p.kind != "external":  # proposal rounds only table;
        now = plan.proposal if plan.proposal is not None and mine is not None else mine
        gave: dict[str, str] = {}  # what this turn's trades already give, issue -> option
        moved = _moved(plan, mine, now)
        stances = []
        for prop in req.table:  # the US agency argues from outside, it takes no stance on China's packages
            if prop.author != p.id and not prop.withdrawn:
                stances.append(
                    (prop, _stance(req, prefs, prop, tau, plan.held, now, plan.argued | moved, moved, gave))
                )
                gave.update(stances[-1][1].give)
        backs = [x for x, st in stances if st.position == "support"]
        plan.accepts = _options_of(([now] if now is not None and not now.withdrawn else []) + backs)
        for _prop, st in stances:
            plan.stance(st)
    if req.round_spec.phase == "negotiation" and p.kind != "external":
        threaten(req, prefs, plan)


def _observe(req: TurnRequest, prefs: Preferences, plan: Plan) -> None:
    """A non-voter's last word: of the live packages that cross none of its red lines and
    take an option with an instrument its own claims in this debate asked for (include /
    more), the one worth most to it, named by that option; with none, a plain word that it
    will watch the outcome. (It had praised as "closest to the US view" options it had
    argued against, China's retaliation among them.)"""
    p, sc, known = req.persona, req.scenario, req.rubric.claim_index
    wanted = {  # instruments its own claims asked for (include / more), not merely spared
        f.instrument
        for t in req.history
        if t.persona == p.id and t.move is not None
        for cid in t.move.claims
        if (c := known.get(cid)) is not None
        for f in c.favours
        if f.direction in ("include", "more")
    }
    argued = {
        (issue.id, o.id) for issue in sc.issues for o in issue.options if wanted & set(o.instrument_ids())
    }
    live = [x for x in req.table if not x.withdrawn and not breaks_red_line(p, sc, req.rubric, x.settles)]
    named = [(x, i) for x in live for i in prefs.ranked_issues() if (i, x.settles.get(i)) in argued]
    if named:
        prop, iid = max(named, key=lambda xi: value(req, prefs, xi[0].settles))
        plan.observe(prop, iid)
    else:
        plan.observe(None, None)


def _options_of(props: list[Proposal]) -> dict[str, set[str]]:
    """Issue -> the options ``props`` settle it with."""
    out: dict[str, set[str]] = {}
    for x in props:
        for iid, oid in x.settles.items():
            out.setdefault(iid, set()).add(oid)
    return out


def _say_persuaded(req: TurnRequest, plan: Plan, settles: dict[str, str]) -> None:
    """Say where the first package takes an option the speaker did not favour before the
    debate because an unanswered claim moved it (:func:`persuasion`), naming who made it: a
    class should not see a first package differ from the opening without a word."""
    p, sc, rub = req.persona, req.scenario, req.rubric
    before = preferences(p, sc, rub, bias(req), element_boost=_pressure(req))
    for issue in sc.issues:
        oid = settles.get(issue.id)
        if oid is None or oid == before.best(issue.id) or issue.id in plan.conceded:
            continue
        if plan.prefs is not None and oid == plan.prefs.best(issue.id):
            t = persuader(p, sc, rub, req.history, issue, oid, _outside(req))
            if t is not None:
                plan.persuaded(issue, oid, t.persona)


def _moved(plan: Plan, mine: Proposal | None, now: Proposal | None) -> set[str]:
    """Issues the speaker gave ground on this turn: conceded in argument, or changed in its
    own package (``mine`` before, ``now`` after its revision). It asks nobody for its best
    option there in the same turn, and offers no trade on them."""
    changed = set()
    if now is not None and now is not mine:  # revised this turn
        changed = {i for i, o in now.settles.items() if mine is None or mine.settles.get(i) != o}
    return set(plan.conceded) | changed


def _open_up(req: TurnRequest, prefs: Preferences, plan: Plan, rng: random.Random) -> None:
    """Argue the first issue nobody has argued yet, if the speaker has a claim for its
    option there, so every decision the question asks for gets debated."""
    if req.persona.kind == "external":
        return
    for issue in unargued(req.scenario, req.rubric, plan.used):
        if _argue(req, prefs, plan, rng, issue.id) is not None:
            return


def _answer(
    req: TurnRequest,
    prefs: Preferences,
    plan: Plan,
    rng: random.Random,
    tau: float,
    concede: bool = True,
    backing: list[Proposal] | None = None,
) -> None:
    """Answer the strongest unanswered claim against the speaker: rebut it with a counter-
    claim on a heavy issue; concede a light issue (only if ``concede``: not in the vote);
    else hold; a claim of the US agency (external) is rebutted or held, never conceded to.
    With nothing to answer, argue its heaviest issue. In the vote (``backing``:
    the packages it votes for), a hold on an issue one of them settles otherwise says that
    it still prefers its option there but backs them as a whole, and so does a rebuttal
    defending an option they do not have: a class should not hear "X stays" from a party
    that then votes for a package without X."""
    p, sc, rub = req.persona, req.scenario, req.rubric
    if p.kind == "external":  # it argues for the US model; it does not defend China's options
        _argue_any(req, prefs, plan, rng, first=True)
        return
    gave = conceded_issues(p, prefs, sc, rub, req.history)
    found = [c for c in challenges(p, prefs, sc, rub, req.history) if c.issue.id not in gave]
    if not found:
        _argue(req, prefs, plan, rng, prefs.ranked_issues()[0])
        return
    ch: Challenge = found[0]
    ranked = prefs.ranked_issues()
    # no concession to the US agency: it argues for the US model from outside (article: the
    # comparison is learned from, not bargained with); its pressure works through weights
    outside = any(o.id == ch.turn.persona and o.kind == "external" for o in req.others)
    light = concede and is_light(ranked, ch.issue.id) and not outside
    counter = rebuttal(p, prefs, sc, rub, ch, plan.used | plan.barred, rng)
    who = ch.turn.persona
    if counter is not None and not light:
        plan.answer(Answer(turn=ch.turn.id, persona=who, claim=ch.claim.id, how="rebut"), ch)
        plan.argue(counter, ch.issue, prefs.best(ch.issue.id), rebut=True)
        without = [x.id for x in backing or [] if x.settles.get(ch.issue.id) != prefs.best(ch.issue.id)]
        if without:  # in the vote: it defends an option the packages it backs do not have
            plan.back_whole(without)
    elif light:
        # give the challenger what its own package asks on that issue, else what the claim favours
        theirs = next(
            (x.settles.get(ch.issue.id) for x in req.table if x.author == who and not x.withdrawn), None
        )
        if theirs == prefs.best(ch.issue.id):
            theirs = None
        # else, of the options the claim argues for, the one the speaker minds least
        agreeable = [o.id for o in ch.issue.options if effect(ch.claim, ch.issue, o) > 0]
        least_bad = max(agreeable, key=lambda o: prefs.utilities[ch.issue.id][o], default=None)
        fav = theirs or least_bad or prefs.best(ch.issue.id)
        plan.answer(Answer(turn=ch.turn.id, persona=who, claim=ch.claim.id, how="concede"), ch)
        plan.concede(ch.issue, fav)
    else:
        plan.answer(Answer(turn=ch.turn.id, persona=who, claim=ch.claim.id, how="hold"), ch)
        best = prefs.best(ch.issue.id)
        without = [x.id for x in backing or [] if x.settles.get(ch.issue.id) != best]
        plan.hold(ch.issue, best, despite=without)


def _stance(
    req: TurnRequest,
    prefs: Preferences,
    prop: Proposal,
    tau: float,
    held: set[str] = frozenset(),  # type: ignore[assignment]
    mine: Proposal | None = None,
    spoken: set[str] = frozenset(),  # type: ignore[assignment]
    moved: set[str] = frozenset(),  # type: ignore[assignment]
    gave: dict[str, str] | None = None,
) -> Stance:
    """Support at or above ``tau``; else ask for the speaker's option on the one issue that
    lifts the package most (offering, in trade, the proposer's option on the speaker's
    lightest differing issue); else oppose. A broken red line is never supported. A package
    that differs from the speaker on an issue it said it ``held`` this turn is asked to
    change there, not supported. A trade gives only real ground: the proposer's option on an
    issue where the speaker values it below what its own package (``mine``, as revised this
    turn; else its best option) has, and never on an issue it argued, held, conceded or
    changed this turn (``spoken``): a party that has just conceded an issue does not "offer"
    on it another option in the same breath. Nor does one turn give two options of one issue
    (``gave``: what its earlier stances gave), or ask for its best option on an issue it gave
    ground on this turn (``moved``)."""
    p, sc, rub = req.persona, req.scenario, req.rubric
    red = breaks_red_line(p, sc, rub, prop.settles)
    v = value(req, prefs, prop.settles)
    kept = next(
        (i for i in prefs.ranked_issues() if i in held and prop.settles.get(i) != prefs.best(i)), None
    )
    if not red and v >= tau and kept is None:
        return Stance(proposal=prop.id, position="support", reason="value")
    if not red and kept is not None and p.kind != "external":
        return Stance(proposal=prop.id, position="amend", reason="amend", settle={kept: prefs.best(kept)})
    best_gain, best_issue = 0.0, None
    for issue in sc.issues:
        want = prefs.best(issue.id)
        if prop.settles.get(issue.id) == want or issue.id in moved:
            continue
        gain = value(req, prefs, {**prop.settles, issue.id: want}) - v
        if gain > best_gain:
            best_gain, best_issue = gain, issue.id
    if best_issue is not None and p.kind != "external" and v + best_gain >= tau - 0.1:
        give = {}
        for iid in reversed(prefs.ranked_issues()):
            if iid in spoken or (gave or {}).get(iid, prop.settles.get(iid)) != prop.settles.get(iid):
                continue  # it argued, held, conceded or changed that issue this turn, or gave another option
            if iid != best_issue and iid in prop.settles and prop.settles[iid] != prefs.best(iid):
                now = (mine.settles.get(iid) if mine is not None else None) or prefs.best(iid)
                u = prefs.utilities[iid]
                if u[prop.settles[iid]] >= u[now]:
                    continue  # no concession: its own package has that already, or worse
                give = {iid: prop.settles[iid]}
                break
        return Stance(
            proposal=prop.id,
            position="amend",
            reason="amend",
            settle={best_issue: prefs.best(best_issue)},
            give=give,
        )
    return Stance(proposal=prop.id, position="oppose", reason="red" if red else "value")


def backed_as_it_stands(req: TurnRequest) -> set[str]:
    """Packages whose latest stance by the speaker is ``support`` and that have not been
    revised since that stance. A vote against one of them, still above the reservation
    value, says that another package serves the speaker better (a class should not hear a
    party call "unacceptable" in round 6 the package it backed unchanged in round 5)."""
    last_stance: dict[str, int] = {}
    last_change: dict[str, int] = {}
    for n, t in enumerate(req.history):
        if t.move is None:
            continue
        if t.move.proposal is not None:
            last_change[t.move.proposal.id] = n
        if t.persona == req.persona.id:
            for s in t.move.stances:
                last_stance[s.proposal] = n if s.position == "support" else -1
    return {pid for pid, n in last_stance.items() if n >= 0 and n > last_change.get(pid, -1)}


def _vote(req: TurnRequest, prefs: Preferences, plan: Plan, rng: random.Random) -> None:
    p = req.persona
    if p.id not in req.scenario.voter_ids():
        _observe(req, prefs, plan)
        return
    values = {prop.id: value(req, prefs, prop.settles) for prop in req.table if not prop.withdrawn}
    bar = max(mood(req).reservation, max(values.values(), default=0.0) - VOTE_MARGIN)
    backed = backed_as_it_stands(req)
    best = max(values, key=lambda k: values[k], default=None)
    backing = [x for x in req.table if not x.withdrawn and values[x.id] >= bar]
    own = [x for x in req.table if not x.withdrawn and x.author == p.id]
    plan.accepts = _options_of(backing + own)
    for prop in req.table:
        if not prop.withdrawn:
            yes = values[prop.id] >= bar
            # against a package it backed unchanged, or its own: another serves it better
            switched = (
                not yes
                and (prop.id in backed or prop.author == p.id)
                and values[prop.id] >= mood(req).reservation
                and best != prop.id
            )
            plan.vote(prop, yes, values[prop.id], prefer=best if switched else None)
    # its last word answers the strongest challenge
    _answer(req, prefs, plan, rng, bar, concede=False, backing=backing)
