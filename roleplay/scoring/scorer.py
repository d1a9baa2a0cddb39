"""The deterministic scorer: the outcome of a debate, scored against the article.

- **Outcome** (roleplay.debate.vote, the one rule that decides the vote): at the end
  (``final``) the package :func:`roleplay.debate.vote.decide` adopts over the voters'
  vote-round stances, or no deal; mid-debate (or a final with no vote cast) the package
  the rule would adopt on the latest stances, else the best-ranked one, not adopted.
- **Elements** (六大要素): the package's settlement scored by roleplay.scoring.rules
  (issues settled against the article's verdicts, instruments, budget, conflicts; open
  question = 0), rendered by roleplay.scoring.rationale.
- **Evidence**: per element, up to :data:`EVIDENCE_MAX` quotes of claims (rubric/claims.yaml)
  that favour an instrument the element was credited for, as the personas made them
  (``Move.claims``, the claim text found verbatim in the speech); distinct personas first.
- **Contradictions / paths / consensus / satisfaction**: see :func:`score`.

Nothing but the claim quotes and the rationale words depends on the debate language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from roleplay.debate.move import Proposal, Stance, Standing, Turn
from roleplay.debate.package import cost, open_issues, over_budget, settles_from_items
from roleplay.debate.table import Table
from roleplay.debate.vote import decide, rank_key, standings, tie_broken
from roleplay.formats.memo import Store, memo, remember
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.scoring import rules
from roleplay.scoring.rationale import render
from roleplay.scoring.scorecard import (
    Consensus,
    ContradictionEffect,
    Credit,
    ElementScore,
    Evidence,
    IssueOutcome,
    PathMatch,
    Scorecard,
)
from roleplay.scoring.utility import satisfaction

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup

EVIDENCE_MAX = 3
"""Quotes kept per element."""

FAVOURING = ("include", "more")
"""Claim directions that argue *for* an instrument (roleplay.formats.claims.Direction)."""


def consensus_level(share: float) -> Consensus:
    """Consensus label from the support share (0..1): none (0), weak (<= 1/2), majority
    (> 1/2), strong (>= 3/4), unanimous (1)."""
    if share >= 1:
        return "unanimous"
    if share >= 0.75:
        return "strong"
    if share > 0.5:
        return "majority"
    return "weak" if share > 0 else "none"


def pick_outcome(
    scenario: Scenario, table: Table, votes: dict[str, dict[str, Stance]], final: bool
) -> tuple[Standing | None, list[Standing], bool]:
    """(standing of the package to score or None, all standings, adopted).

    ``final`` with votes cast: the package vote.decide adopts over ``votes`` (None = no
    deal), adopted True when there is one. Otherwise (mid-debate, or no vote was cast) the
    best-ranked package by vote.rank_key over ``table.stances`` — which is the one
    vote.decide would adopt if any passes, since passing depends only on the number of
    supporters, the first key of the ranking — never adopted. No package: (None, [], False)."""
    voted = final and bool(votes)
    st = standings(table.proposals, votes if voted else table.stances, scenario.voter_ids(), scenario)
    if voted:
        won = decide(st)
        return won, st, won is not None
    return (min(st, key=rank_key) if st else None), st, False


def settlement(scenario: Scenario, pkg: Proposal) -> dict[str, str]:
    """The package's settlement (issue id -> option id) with unknown ids dropped; a
    package that names no ``settles`` is read off its instruments (package.settles_from_items)."""
    settles = pkg.settles or settles_from_items(scenario, pkg.items)
    return rules.clean(scenario, settles)


def credited_instruments(scenario: Scenario, parts: list[Credit]) -> list[str]:
    """Instrument ids an element was credited for, in credit order: every instrument of an
    option with a ``decide`` credit there, and the instrument of each ``instrument`` credit."""
    out: list[str] = []
    for c in parts:
        if c.kind == "instrument" and c.instrument:
            out.append(c.instrument)
        elif c.kind == "decide" and c.issue and c.option:
            out += scenario.issue(c.issue).option(c.option).instrument_ids()
    return list(dict.fromkeys(out))


def evidence(
    history: list[Turn],
    rubric: Rubric,
    instruments: list[str],
    lang: Lang,
    outside: frozenset[str] = frozenset(),
) -> list[Evidence]:
    """Quotes of claims favouring any of ``instruments`` (direction in :data:`FAVOURING`)
    that a turn made (``Move.claims``) and whose text in ``lang`` is in its speech, in turn
    order: first one per persona, then further claims; each claim once; at most
    :data:`EVIDENCE_MAX`. Unknown claim ids are ignored, and so are the turns of the
    personas in ``outside`` (the US agency speaks for the US model: its words are not
    evidence for China's elements, issue #9 item 6)."""
    if not instruments:
        return []
    want = set(instruments)
    lib = rubric.claim_index
    favoured = _favoured(rubric)
    found: list[tuple[Turn, str, str]] = []
    for turn in history:
        if turn.move is None or turn.persona in outside:
            continue
        for cid in turn.move.claims:
            c = lib.get(cid)
            if c is None or want.isdisjoint(favoured[cid]):
                continue
            text = c.text.in_(lang)
            if text in turn.move.speech:
                found.append((turn, cid, text))
    picked: list[tuple[Turn, str, str]] = []
    for distinct_persona in (True, False):
        for f in found:
            if len(picked) == EVIDENCE_MAX:
                break
            if any(f[1] == p[1] for p in picked):
                continue
            if distinct_persona and any(f[0].persona == p[0].persona for p in picked):
                continue
            picked.append(f)
    picked.sort(key=lambda f: found.index(f))
    return [Evidence(turn=t.id, quote=q, claim=cid) for t, cid, q in picked]


def _favoured(rubric: Rubric) -> dict[str, frozenset[str]]:
    """Claim id -> the instruments the claim argues for (a direction in :data:`FAVOURING`),
    built once per rubric object (roleplay.formats.memo)."""
    return memo(
        rubric,
        "favoured",
        lambda: {
            cid: frozenset(t.instrument for t in c.favours if t.direction in FAVOURING)
            for cid, c in rubric.claim_index.items()
        },
    )


def outcomes(scenario: Scenario, settles: dict[str, str] | None) -> list[IssueOutcome]:
    """Per issue, the option chosen (None: open / no deal), its verdict and cost."""
    out = []
    for issue in scenario.issues:
        oid = (settles or {}).get(issue.id)
        if oid is None:
            out.append(IssueOutcome(issue=issue.id))
        else:
            o = issue.option(oid)
            out.append(IssueOutcome(issue=issue.id, option=oid, verdict=o.verdict, cost=o.cost))
    return out


class _Judged(NamedTuple):
    """What a settlement scores, whatever was said: per element (id, score, credits,
    rationale, credited instruments); issue outcomes; contradictions; paths."""

    elements: list[tuple[str, int, list[Credit], str, list[str]]]
    outcomes: list[IssueOutcome]
    contradictions: list[ContradictionEffect]
    paths: list[PathMatch]


JUDGED_MEMO = 1024
"""Most settlements :func:`_judged` remembers (a debate scores a handful of packages once
a round; the memo is emptied past this many)."""

_JUDGED: Store = {}


def _judged(scenario: Scenario, rubric: Rubric, settles: dict[str, str] | None, lang: Lang) -> _Judged:
    """The settlement's scores by roleplay.scoring.rules, rendered in ``lang``: a pure
    function of its arguments, remembered by the scenario's and rubric's identity (never
    changed once loaded; kept with the value, so an id is never reused while remembered),
    the settlement in its order, and the language."""

    def build() -> _Judged:
        return _Judged(
            elements=[
                (e, s, parts, render(parts, s, scenario, rubric, lang), credited_instruments(scenario, parts))
                for e, (s, parts) in rules.element_scores(scenario, rubric, settles).items()
            ],
            outcomes=outcomes(scenario, settles),
            contradictions=rules.contradiction_effects(scenario, rubric, settles),
            paths=rules.paths_followed(scenario, rubric, settles),
        )

    extra = (lang, None if settles is None else tuple(settles.items()))
    return remember(_JUDGED, JUDGED_MEMO, (scenario, rubric), build, extra)


def score(
    setup: DebateSetup,
    history: list[Turn],
    table: Table,
    votes: dict[str, dict[str, Stance]],
    round_: int,
    final: bool,
) -> Scorecard:
    """Score the debate as it stands (``final``: after the vote; ``round_``: 0 for final).

    ``votes[voter][proposal id]`` are the vote-round stances; ``table`` the proposals and
    latest stances. The settlement scored is the adopted package's (no deal: None, which
    scores 0); consensus is its supporters' share of the voters; satisfaction is
    utility.satisfaction of each seated persona on it (no deal: the empty settlement).
    Evidence points only at turns in ``history``. Raises nothing for unknown ids in
    packages or claims (they are ignored).
    """
    sc, rubric, lang = setup.scenario, setup.rubric, setup.lang
    won, st, adopted = pick_outcome(sc, table, votes, final)
    pkg = table.get(won.proposal) if won else None
    settles = settlement(sc, pkg) if pkg else None
    judged = _judged(sc, rubric, settles, lang)
    outside = frozenset(p.id for p in setup.personas if p.kind == "external")
    elements = [
        ElementScore(
            element=e,
            score=s,
            rationale=why,
            evidence=evidence(history, rubric, credited, lang, outside),
            parts=parts,
        )
        for e, s, parts, why, credited in judged.elements
    ]
    voters = sc.voter_ids()
    share = len(won.supporters) / len(voters) if won and voters else 0.0
    return Scorecard(
        scorer="deterministic",
        round=round_,
        package=pkg,
        adopted=adopted,
        deal=bool(won and won.passes),
        tie_break=tie_broken(st),
        standings=st,
        outcomes=judged.outcomes,
        open_issues=open_issues(sc, settles or {}),
        cost=round(cost(sc, settles or {}), 4),
        budget=sc.budget,
        over_budget=round(over_budget(sc, settles or {}), 4),
        elements=elements,
        contradictions=judged.contradictions,
        paths=judged.paths,
        consensus=consensus_level(share),
        support_share=round(share, 2),
        satisfaction={p.id: satisfaction(p, sc, rubric, settles or {}) for p in setup.personas},
        n_scored=len(elements),
    )
