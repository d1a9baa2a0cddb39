"""The one rule that decides the vote, and so also who "leads" before it.

A package's standing is counted over the voters' latest stances (roleplay.debate.table):
supporters, opponents, open issues. It *passes* when its supporters meet the scenario's
``pass_rule`` over all voters (majority: more than half; two_thirds: at least two thirds;
unanimous: all). Of the passing packages the adopted one is the first by
:func:`rank_key`: most supporters; then fewest open issues; then tabled first. The
moderator announces this tie-break before the vote, and names as "leading" in every
summary the package this same rule would adopt now; if none passes, "no deal" is the
outcome (a possible result, not an error).
"""

from __future__ import annotations

from fractions import Fraction

from roleplay.debate.move import Proposal, Stance, Standing
from roleplay.debate.package import open_issues
from roleplay.formats.scenario import PassRule, Scenario

THRESHOLDS: dict[PassRule, Fraction] = {
    "majority": Fraction(1, 2),
    "two_thirds": Fraction(2, 3),
    "unanimous": Fraction(1, 1),
}
"""Share of the voters whose support a package needs: strictly more than half for
``majority``, at least the share for the others."""


def passes(n_support: int, n_voters: int, rule: PassRule) -> bool:
    """True when ``n_support`` of ``n_voters`` meets ``rule`` (see :data:`THRESHOLDS`)."""
    if n_voters <= 0:
        return False
    share = Fraction(n_support, n_voters)
    need = THRESHOLDS[rule]
    return share > need if rule == "majority" else share >= need


def standings(
    proposals: list[Proposal], stances: dict[str, dict[str, Stance]], voters: list[str], scenario: Scenario
) -> list[Standing]:
    """Each package's standing, in tabling order. ``stances[voter][proposal id]`` is that
    voter's latest stance; a voter with no stance on a package counts as neither. Withdrawn
    packages are left out."""
    out = []
    for n, prop in enumerate(proposals):
        if prop.withdrawn:
            continue
        sup = [v for v in voters if (s := stances.get(v, {}).get(prop.id)) and s.position == "support"]
        opp = [v for v in voters if (s := stances.get(v, {}).get(prop.id)) and s.position == "oppose"]
        out.append(
            Standing(
                proposal=prop.id,
                supporters=sup,
                opponents=opp,
                open=open_issues(scenario, prop.settles),
                passes=passes(len(sup), len(voters), scenario.pass_rule),
                order=n,
            )
        )
    return out


def rank_key(s: Standing) -> tuple[int, int, int]:
    """Sort key, best first: most supporters, then fewest open issues, then tabled first."""
    return (-len(s.supporters), len(s.open), s.order)


def decide(standing: list[Standing]) -> Standing | None:
    """The package the rule adopts: the best-ranked passing one, or None (no deal)."""
    passing = sorted((s for s in standing if s.passes), key=rank_key)
    return passing[0] if passing else None


def tie_broken(standing: list[Standing]) -> bool:
    """True when the adopted package tied another passing package on supporters, so the
    tie-break (fewest open issues, then tabled first) decided."""
    won = decide(standing)
    if won is None:
        return False
    return any(
        s.passes and s.proposal != won.proposal and len(s.supporters) == len(won.supporters) for s in standing
    )


def best(standing: list[Standing]) -> Standing | None:
    """The best-ranked package by :func:`rank_key`, passing or not (None: empty table);
    named by the moderator when nothing passes."""
    return min(standing, key=rank_key) if standing else None
