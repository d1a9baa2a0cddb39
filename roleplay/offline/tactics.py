"""Tactics of the offline negotiator over rounds: aspiration (time-dependent concession),
revising one's own package (concessions, the size principle), withdrawing before the vote,
and threats. Split from roleplay.offline.negotiator, which decides each turn.

Aspiration falls over the negotiation rounds from 1 to the reservation value by Faratin,
Sierra & Jennings's time-dependent tactic ("Negotiation decision functions for autonomous
agents", 1998): a(t) = 1 - (1 - r) * (t / T) ** (1 / beta), beta from the persona's (seeded)
flexibility: a stubborn persona (beta < 1) concedes late.
"""

from __future__ import annotations

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import Proposal, Stance
from roleplay.debate.package import items_for, over_budget
from roleplay.debate.table import apply_stances
from roleplay.debate.vote import passes, rank_key, standings
from roleplay.offline.mood import mood
from roleplay.offline.speech import Plan
from roleplay.scoring.utility import Preferences, broken_red_lines, package_value, red_lines_in_play


def aspiration(req: TurnRequest) -> float:
    """a(t) = 1 - (1 - r)(t/T)^(1/beta): r the reservation value; t the negotiation rounds
    begun (this one included); T all negotiation rounds; beta = 0.5 + 1.5 x flexibility."""
    total = sum(1 for r in agenda_phases(req) if r == "negotiation") or 1
    done = len(
        {t.round for t in req.history if t.phase == "negotiation"}
        | ({req.round} if req.round_spec.phase == "negotiation" else set())
    )
    if req.round_spec.phase == "vote":
        return mood(req).reservation
    beta = 0.5 + 1.5 * mood(req).flex
    reached: float = (min(done, total) / total) ** (1 / beta)
    return 1 - (1 - mood(req).reservation) * reached


def agenda_phases(req: TurnRequest) -> list[str]:
    """Phases of the rounds run so far and this one, plus the rest of the scenario agenda."""
    seen = {t.round: t.phase for t in req.history}
    seen[req.round] = req.round_spec.phase
    planned = [r.phase for r in req.scenario.agenda]
    return [seen.get(n + 1, ph) for n, ph in enumerate(planned[: max(req.total_rounds, len(seen))])] + [
        "negotiation"
    ] * max(0, req.total_rounds - len(planned))


def value(req: TurnRequest, prefs: Preferences, settles: dict[str, str]) -> float:
    return package_value(req.persona, prefs, req.scenario, req.rubric, settles)


def threaten(req: TurnRequest, prefs: Preferences, plan: Plan) -> None:
    """Threaten to walk out: of every package, when none on the table reaches the speaker's
    reservation value; else of the leading package (by the vote rule), when it breaks one of
    the speaker's red lines in play."""
    p, sc = req.persona, req.scenario
    live = [x for x in req.table if not x.withdrawn]
    lines = red_lines_in_play(p, sc)
    if not live:
        return
    if max(value(req, prefs, x.settles) for x in live) < mood(req).reservation:
        plan.walkout(lines[0] if lines else None)
        return
    board = standings(live, latest_stances(req), sc.voter_ids(), sc)
    lead = next(x for x in live if x.id == sorted(board, key=rank_key)[0].proposal)

    broken = broken_red_lines(
        p.model_copy(update={"red_lines": lines}), items_for(sc, req.rubric, lead.settles)
    )
    if broken and lead.author != p.id:
        plan.threaten(lead.id, broken[0])


def latest_stances(req: TurnRequest) -> dict[str, dict[str, Stance]]:
    """Each persona's latest stance on each package: the table's stances, replayed from the
    history with the engine's own rule (roleplay.debate.table.apply_stances, the stance
    part of apply_move; an author backs its own package)."""
    global _LATEST
    if _LATEST is not None and _LATEST[0] is req and _LATEST[2] == len(req.history):
        return _LATEST[1]  # threaten, withdraw and revise of one turn all ask
    stances: dict[str, dict[str, Stance]] = {}
    for t in req.history:
        if t.move is not None:
            apply_stances(stances, t.persona, t.move)
    _LATEST = (req, stances, len(req.history))
    return stances


_LATEST: tuple[TurnRequest, dict[str, dict[str, Stance]], int] | None = None
"""The last request :func:`latest_stances` answered, with its answer (one turn's worth)."""


def last_negotiation(req: TurnRequest) -> bool:
    """True in the last negotiation round before the vote."""
    phases = agenda_phases(req)
    return req.round_spec.phase == "negotiation" and req.round < len(phases) and phases[req.round] == "vote"


def withdraw(req: TurnRequest, prefs: Preferences, plan: Plan, mine: Proposal) -> bool:
    """In the last negotiation round, an author whose package trails the one the vote rule
    ranks first, and who can live with that one (at or above its reservation), withdraws
    its own and backs the leader, so the vote is not split between near-twins."""
    if not last_negotiation(req) or mine.withdrawn:
        return False
    board = standings(req.table, latest_stances(req), req.scenario.voter_ids(), req.scenario)
    if not board:
        return False
    lead = sorted(board, key=rank_key)[0]
    own = next((s for s in board if s.proposal == mine.id), None)
    if own is None or lead.proposal == mine.id or len(own.supporters) > len(lead.supporters):
        return False
    leader = next(x for x in req.table if x.id == lead.proposal)
    if value(req, prefs, leader.settles) < mood(req).reservation:
        return False
    plan.withdraw(mine, leader)
    return True


def revise(req: TurnRequest, prefs: Preferences, plan: Plan, mine: Proposal, tau: float) -> None:
    """Move the speaker's own package towards what others asked for (their latest ``settle``
    amendments) and towards the options it conceded in argument, lightest issues first,
    while its value stays at or above ``tau``; at most two changes a turn.

    Size principle (Riker, *The Theory of Political Coalitions*, 1962): once the package
    already has the support it needs to pass, its author buys no more votes with
    concessions; only what it conceded in argument, and cuts to fit the budget, still go in.
    An issue conceded in argument this turn goes to the conceded option only; one argued for
    or held this turn is not revised; a budget cut never touches an issue changed in the
    same revision. A revision that would make the package a copy of another on the table
    withdraws it and backs that one instead (a class saw three identical packages counted
    apart). Each change carries its reason for the speech: conceded in argument (to
    whom), asked by a party's amendment (whom), or cut to fit the budget.
    """
    sc = req.scenario
    settles = dict(mine.settles)
    latest = latest_stances(req)
    voters = sc.voter_ids()
    backing = [v for v in voters if (s := latest.get(v, {}).get(mine.id)) and s.position == "support"]
    winning = passes(len(backing), len(voters), sc.pass_rule)
    asks: dict[str, list[tuple[str, str]]] = {}  # issue -> [(option, who asked)]
    for who, row in latest.items():
        s = row.get(mine.id)
        if who == req.persona.id or winning or s is None or s.position not in ("amend", "oppose"):
            continue
        for iid, oid in s.settle.items():
            asks.setdefault(iid, []).append((oid, who))
    to = plan.answer_.persona if plan.answer_ is not None else ""
    changes: list[tuple[str, str, str]] = []
    why: dict[str, tuple[str, str]] = {}  # issue -> (conceded | asked | budget, persona)
    for iid in reversed(prefs.ranked_issues()):
        if len(changes) >= 2:
            break
        # an issue the speaker just conceded in argument moves to that option, and to no other;
        # one it argued for or held this turn stays as it is
        if iid in plan.argued and iid not in plan.conceded:
            continue
        wanted = [(plan.conceded[iid], to)] if iid in plan.conceded else asks.get(iid, [])
        for oid, who in wanted:
            if oid == settles.get(iid):
                continue
            trial = {**settles, iid: oid}
            if value(req, prefs, trial) >= tau or iid in plan.conceded:
                changes.append((iid, settles.get(iid, ""), oid))
                why[iid] = ("conceded" if iid in plan.conceded else "asked", who)
                settles = trial
                break
    if over_budget(sc, settles) > 0 and len(changes) < 2:
        for iid in reversed(prefs.ranked_issues()):
            if (
                iid in {c[0] for c in changes} or iid in plan.argued
            ):  # never undo a change or an argument just made
                continue
            issue = sc.issue(iid)
            cheaper = [o for o in issue.options if o.cost < issue.option(settles[iid]).cost]
            if cheaper:
                new = max(cheaper, key=lambda o: prefs.utilities[iid][o.id]).id
                changes.append((iid, settles[iid], new))
                why[iid] = ("budget", "")
                settles[iid] = new
                break
    twin = next((x for x in req.table if x.id != mine.id and not x.withdrawn and x.settles == settles), None)
    if changes and twin is not None:  # the revision would copy a package on the table: back that one
        plan.withdraw(mine, twin)
    elif changes:
        plan.revise(mine, settles, changes, why)
