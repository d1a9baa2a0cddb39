"""The deterministic scorer: rates an outcome against the article's mechanisms.

Rules (one per rubric part; ids and terms from ``rubric/``):
- Element score 0-4 (六大要素): +1 per instrument of the package that realises the element
  (at most 2); +1 if at least three personas invoked the element in speech (its indicator
  terms or its instruments' names, or it is named in their Move's mechanisms); +1 if the
  package was adopted by a majority; -1 if an instrument realising it also worsens a
  structural contradiction (the article's warning that the wrong tool deepens 政商伴生 or
  makes the goalkeeper a referee). No instrument for it -> at most 1 (talk alone).
  Evidence: up to three quoted clauses from real turns, distinct personas first.
- Contradictions (五大結構性矛盾): eased / worsened by the package's instruments
  (``eases`` / ``worsens`` in instruments.yaml); both -> mixed.
- Strategy paths (五大策略路徑): followed when an instrument of the package is mapped to it.
- Consensus: share of voters supporting the package (final vote, or latest stances).
- Satisfaction: roleplay.scoring.utility.satisfaction over the scenario's focus instruments.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from roleplay.debate.move import Proposal, Stance, Turn
from roleplay.debate.table import Table
from roleplay.formats.rubric import Mechanism, Rubric
from roleplay.scoring.scorecard import ContradictionEffect, ElementScore, Evidence, PathMatch, Scorecard
from roleplay.scoring.utility import satisfaction

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup

_ITEM_SEP = re.compile(r"[、,，]\s*")
_CLAUSE_END = re.compile(r"(?<=[。！？!?；;：])|(?<=[.:])\s+|\n")


def consensus_level(share: float) -> str:
    """Consensus label from the support share (0..1): none, weak, majority, strong, unanimous."""
    if share >= 1:
        return "unanimous"
    if share >= 0.75:
        return "strong"
    if share > 0.5:
        return "majority"
    return "weak" if share > 0 else "none"


def pick_package(
    table: Table,
    votes: dict[str, dict[str, Stance]],
    voters: list[str],
    final: bool,
    setup: DebateSetup | None = None,
) -> tuple[Proposal | None, bool, float]:
    """Choose the package to score: (package, adopted, support share 0..1).

    Final with votes: most "support" votes; ties go to the package with the higher mean
    satisfaction of the voters (the better compromise), then the earliest tabled; adopted
    when more than half the voters support it. Otherwise the leading proposal by latest stances.
    """
    if not table.proposals or not voters:
        return None, False, 0.0
    if final and votes:

        def yes(p: Proposal) -> int:
            return sum(
                1 for v in voters if votes.get(v, {}).get(p.id) and votes[v][p.id].position == "support"
            )

        def mean_sat(p: Proposal) -> float:
            if setup is None:
                return 0.0
            ps = [x for x in setup.personas if x.id in voters]
            pool = setup.scenario.focus_instruments
            return sum(satisfaction(x, setup.scenario, setup.rubric, p.settles) for x in ps) / max(1, len(ps))

        best = max(table.proposals, key=lambda p: (yes(p), round(mean_sat(p), 4), -table.proposals.index(p)))
        share = yes(best) / len(voters)
        return best, share > 0.5, share
    lead = table.leading(voters)
    share = len(table.supporters(lead.id, voters)) / len(voters) if lead else 0.0
    return lead, False, share


def _clause(speech: str, term: str, width: int = 100) -> str | None:
    """The shortest clause of ``speech`` that contains ``term`` (case-insensitive). A clause
    longer than ``width`` is cut to the list item around the term (between commas or 、),
    so a quote never starts or ends mid-word. Always an exact substring of ``speech``."""
    hits = [c.strip() for c in _CLAUSE_END.split(speech) if term in c.lower() and c.strip()]
    if not hits:
        return None
    clause = min(hits, key=len)
    if len(clause) <= width:
        return clause
    at = clause.lower().find(term)
    cuts = [m.end() for m in _ITEM_SEP.finditer(clause, 0, at)]
    start = cuts[-1] if cuts else 0
    end_m = _ITEM_SEP.search(clause, at + len(term))
    end = end_m.start() if end_m else len(clause)
    return clause[start:end].strip() or None


def _quotes(m: Mechanism, history: list[Turn], extra_terms: list[str]) -> list[tuple[Turn, str]]:
    """(turn, quoted clause) pairs where a turn's speech names the mechanism or its instruments."""
    terms = [t.lower() for t in (*m.terms.all(), *extra_terms) if t]
    found = []
    for turn in history:
        if turn.move is None:
            continue
        low = turn.move.speech.lower()
        for t in terms:
            if t in low:
                quote = _clause(turn.move.speech, t)
                if quote:
                    found.append((turn, quote))
                break
    return found


def _evidence(pairs: list[tuple[Turn, str]]) -> list[Evidence]:
    seen, out = set(), []
    for turn, sent in pairs:
        if turn.persona not in seen:
            seen.add(turn.persona)
            out.append(Evidence(turn=turn.id, quote=sent))
        if len(out) == 3:
            break
    return out


def _element(
    m: Mechanism, rubric: Rubric, pkg: Proposal | None, adopted_ok: bool, history: list[Turn], lang: str
) -> ElementScore:
    insts = [rubric.instrument(i) for i in (pkg.instrument_ids() if pkg else [])]
    via = [i for i in insts if m.id in i.elements]
    names = [n for i in rubric.instruments if m.id in i.elements for n in (i.name.zh, i.name.en)]
    pairs = _quotes(m, history, names)
    speakers = {t.persona for t, _ in pairs} | {
        t.persona for t in history if t.move and m.id in t.move.mechanisms
    }
    talked = len(speakers) >= 3
    harmful = [i for i in via if i.worsens]
    s = min(len(via), 2) + (1 if talked else 0) + (1 if adopted_ok and via else 0) - (1 if harmful else 0)
    s = max(0, min(s, 4)) if via else (1 if talked else 0)
    zh = lang == "zh"
    inst = ("、" if zh else ", ").join(i.name.in_(lang) for i in via)
    if via:
        why = f"{pkg.id}以{inst}落實{m.name.zh}" if zh else f"{pkg.id} realises {m.name.en} through {inst}"
    else:
        why = (
            f"方案中沒有落實{m.name.zh}的工具" if zh else f"no instrument in the package realises {m.name.en}"
        )
    why += f";{len(speakers)}方在發言中援引" if zh else f"; invoked by {len(speakers)} persona(s) in speech"
    if adopted_ok and via:
        why += ";並以過半數通過" if zh else "; adopted by a majority"
    if harmful:
        names = ("、" if zh else ", ").join(i.name.in_(lang) for i in harmful)
        why += (
            f";但{names}會加劇結構性矛盾,扣1分"
            if zh
            else f"; but {names} worsens a structural contradiction (-1)"
        )
    return ElementScore(
        element=m.id, score=s, rationale=why + ("。" if zh else "."), evidence=_evidence(pairs)
    )


def score(
    setup: DebateSetup,
    history: list[Turn],
    table: Table,
    votes: dict[str, dict[str, Stance]],
    round_: int,
    final: bool,
) -> Scorecard:
    """Score the debate as it stands (``final``: after the vote; ``round_``: 0 for final).

    Returns a Scorecard whose evidence points only at turns in ``history``.
    """
    rubric, voters = setup.rubric, setup.scenario.voter_ids()
    pkg, adopted, share = pick_package(table, votes, voters, final, setup)
    level = consensus_level(share)
    adopted_ok = adopted and share > 0.5
    elements = [_element(m, rubric, pkg, adopted_ok, history, setup.lang) for m in rubric.elements]
    insts = [rubric.instrument(i) for i in (pkg.instrument_ids() if pkg else [])]
    contradictions = []
    for c in rubric.contradictions:
        e = [i.id for i in insts if c.id in i.eases]
        w = [i.id for i in insts if c.id in i.worsens]
        effect = "mixed" if e and w else "eases" if e else "worsens" if w else "untouched"
        contradictions.append(ContradictionEffect(contradiction=c.id, effect=effect, via=e + w))
    paths = [
        PathMatch(path=p.id, instruments=[i.id for i in insts if p.id in i.paths])
        for p in rubric.paths
        if any(p.id in i.paths for i in insts)
    ]
    pool = setup.scenario.focus_instruments
    sat = {
        p.id: (satisfaction(p, setup.scenario, rubric, pkg.settles) if pkg else 0.0) for p in setup.personas
    }
    return Scorecard(
        scorer="deterministic",
        round=round_,
        package=pkg,
        adopted=adopted,
        elements=elements,
        contradictions=contradictions,
        paths=paths,
        consensus=level,
        support_share=round(share, 2),
        satisfaction=sat,
        n_scored=len(elements),
    )
