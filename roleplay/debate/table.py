"""The negotiating table: proposals tabled so far, the stances on them, and vote tallies.

Phase rules come from the agenda (see roleplay.formats.scenario.Phase): proposals may be tabled or
revised only in ``proposal`` and ``negotiation`` rounds; ``vote`` rounds accept only
support/oppose stances from voters. :func:`admit_move` enforces them and reports what it
removed, so a backend can never smuggle a forbidden act past the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from roleplay.debate.move import Answer, Move, PackageItem, Proposal, Stance, Turn
from roleplay.debate.package import items_for, settles_from_items
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Strict


class Table(Strict):
    """Proposals (latest version of each, in tabling order) and each persona's latest stance.

    ``stances[persona][proposal_id]`` is that persona's latest stance on that proposal.
    """

    proposals: list[Proposal] = Field(default_factory=list)
    stances: dict[str, dict[str, Stance]] = Field(default_factory=dict)

    def get(self, pid: str) -> Proposal | None:
        """The proposal with id ``pid`` or None."""
        return next((p for p in self.proposals if p.id == pid), None)

    def supporters(self, pid: str, among: list[str] | None = None) -> list[str]:
        """Personas whose latest stance on ``pid`` is support (optionally only ``among``)."""
        return [
            who
            for who, s in self.stances.items()
            if (among is None or who in among) and pid in s and s[pid].position == "support"
        ]

    def leading(self, among: list[str] | None = None) -> Proposal | None:
        """The proposal with most supporters (ties: earliest tabled), or None if empty.

        Not the vote rule: the moderator's "leading" package is roleplay.debate.vote.decide.
        """
        if not self.proposals:
            return None
        return max(
            self.proposals, key=lambda p: (len(self.supporters(p.id, among)), -self.proposals.index(p))
        )


def _clean_items(items: list[PackageItem], rubric: Rubric, problems: list[str]) -> list[PackageItem]:
    known = {i.id: i for i in rubric.instruments}
    out: list[PackageItem] = []
    for it in items:
        ins = known.get(it.instrument)
        if ins is None:
            problems.append(f"unknown instrument '{it.instrument}' removed")
            continue
        if any(o.instrument == it.instrument for o in out):
            continue
        value = it.value
        if ins.parameter is None:
            value = None
        elif value is None:
            value = ins.parameter.default
        else:
            value = min(max(value, ins.parameter.min), ins.parameter.max)
        out.append(PackageItem(instrument=it.instrument, value=value))
    return out


def _clean_settles(
    settles: dict[str, str], scenario: Scenario, problems: list[str], where: str
) -> dict[str, str]:
    """``settles`` without issue or option ids the scenario does not have (each reported)."""
    out: dict[str, str] = {}
    for iid, oid in settles.items():
        try:
            scenario.issue(iid).option(oid)
        except KeyError:
            known = [i.id for i in scenario.issues]
            what = f"option '{oid}' of issue '{iid}'" if iid in known else f"issue '{iid}'"
            problems.append(f"{where}: unknown {what} removed")
            continue
        out[iid] = oid
    return out


def _admit_proposal(
    proposal: Proposal, persona: str, table: Table, scenario: Scenario, rubric: Rubric, problems: list[str]
) -> Proposal | None:
    """The proposal with id, author, version, ``settles`` and ``items`` filled in, or None.

    ``settles`` given: its items are package.items_for (the options' settings; any listed
    items are replaced). Items only: ``settles`` is package.settles_from_items.
    """
    settles = _clean_settles(proposal.settles, scenario, problems, "proposal")
    if settles:
        items = items_for(scenario, rubric, settles)
        if proposal.items and [i.instrument for i in proposal.items] != [i.instrument for i in items]:
            problems.append("proposal items replaced by the settings of the options it settles")
    else:
        items = _clean_items(proposal.items, rubric, problems)
        settles = settles_from_items(scenario, items)
    if not items and not settles:
        problems.append("the proposal had no known instrument and settles no issue; removed")
        return None
    prev = table.get(proposal.id)
    if prev is not None and prev.author != persona:
        problems.append(f"{persona} may not revise {prev.id} (by {prev.author}); tabled as new")
        prev = None
    unchanged_withdrawal = prev is not None and proposal.withdrawn and settles == prev.settles
    return proposal.model_copy(
        update={
            "id": prev.id if prev else f"P{len(table.proposals) + 1}",
            "author": persona,
            "items": items,
            "settles": settles,
            # withdrawing a package unchanged is not a new version of it
            "version": (prev.version if unchanged_withdrawal else prev.version + 1) if prev else 1,
        }
    )


def _admit_answer(
    answer: Answer | None, persona: str, history: Sequence[Turn], problems: list[str]
) -> Answer | None:
    """``answer`` if it names an earlier turn of another persona that made that claim."""
    if answer is None:
        return None
    turn = next((t for t in history if t.id == answer.turn), None)
    if turn is None:
        why = f"names turn '{answer.turn}', not an earlier turn"
    elif turn.persona == persona:
        why = f"names {persona}'s own turn {turn.id}"
    elif turn.persona != answer.persona:
        why = f"names {answer.persona} but turn {turn.id} was {turn.persona}'s"
    elif turn.move is None or answer.claim not in turn.move.claims:
        why = f"turn {turn.id} made no claim '{answer.claim}'"
    else:
        return answer
    problems.append(f"answers {why}; removed")
    return None


def admit_move(
    move: Move,
    persona: str,
    phase: str,
    table: Table,
    scenario: Scenario,
    rubric: Rubric,
    history: Sequence[Turn] = (),
) -> tuple[Move, list[str]]:
    """Apply the phase and reference rules to ``move``; return (admitted move, problems).

    Args:
        history: the turns before this one (to check ``answers``).

    Rules: proposals only in proposal/negotiation rounds; a revision keeps its id only if
    ``persona`` authored it; ``settles`` and stances' ``settle``/``give`` keep only the
    scenario's issue/option ids; items come from ``settles`` (or ``settles`` from items,
    see :func:`_admit_proposal`); unknown instruments are removed and parameter values
    clamped; stances only on proposals on the table; vote rounds take support/oppose
    from the scenario's voters only (``Scenario.voter_ids``); mechanism and claim ids must
    exist in the rubric; ``answers`` must name an earlier turn of another persona whose
    move made that claim. Each removal is reported as one problem line.
    """
    problems: list[str] = []
    proposal = move.proposal
    if proposal is not None and phase not in ("proposal", "negotiation"):
        problems.append(f"a proposal is not allowed in a {phase} round; removed")
        proposal = None
    if proposal is not None:
        proposal = _admit_proposal(proposal, persona, table, scenario, rubric, problems)
    is_voter = persona in scenario.voter_ids()
    stances: list[Stance] = []
    for s in move.stances:
        if table.get(s.proposal) is None:
            problems.append(f"stance on unknown proposal '{s.proposal}' removed")
        elif phase == "vote" and not is_voter:
            problems.append(f"{persona} does not vote; stance on {s.proposal} removed")
        elif phase == "vote" and s.position == "amend":
            problems.append(f"amendments are closed in the vote; stance on {s.proposal} removed")
        elif phase == "opening":
            problems.append("stances are not taken in opening statements; removed")
        elif any(o.proposal == s.proposal for o in stances):
            continue
        else:
            where = f"stance on {s.proposal}"
            stances.append(
                s.model_copy(
                    update={
                        "add": _clean_items(s.add, rubric, problems),
                        "settle": _clean_settles(s.settle, scenario, problems, where),
                        "give": _clean_settles(s.give, scenario, problems, where),
                    }
                )
            )
    mech = rubric.mechanism_ids()
    mechanisms = [m for m in dict.fromkeys(move.mechanisms) if m in mech]
    if len(mechanisms) != len(set(move.mechanisms)):
        problems.append("unknown mechanism ids removed")
    known_claims = rubric.claim_index.keys()
    claims = [c for c in dict.fromkeys(move.claims) if c in known_claims]
    if len(claims) != len(set(move.claims)):
        bad = sorted(set(move.claims) - known_claims)
        problems.append(f"unknown claim ids removed: {', '.join(bad)}")
    admitted = move.model_copy(
        update={
            "proposal": proposal,
            "stances": stances,
            "mechanisms": mechanisms,
            "claims": claims,
            "answers": _admit_answer(move.answers, persona, history, problems),
        }
    )
    return admitted, problems


def apply_move(table: Table, persona: str, move: Move) -> Table:
    """Return a new Table with an admitted ``move`` applied (proposal, then stances).

    A persona's own proposal counts as supported by it.
    """
    proposals = list(table.proposals)
    stances = {k: dict(v) for k, v in table.stances.items()}
    if move.proposal is not None:
        idx = next((n for n, p in enumerate(proposals) if p.id == move.proposal.id), None)
        if idx is None:
            proposals.append(move.proposal)
        else:
            proposals[idx] = move.proposal
    apply_stances(stances, persona, move)
    return Table(proposals=proposals, stances=stances)


def apply_stances(stances: dict[str, dict[str, Stance]], persona: str, move: Move) -> None:
    """Update ``stances[persona][proposal id]`` in place with an admitted ``move``'s stances
    (the stance part of :func:`apply_move`): a persona's own proposal counts as supported
    by it, then each of its stances replaces its earlier one on that proposal."""
    if move.proposal is not None:
        stances.setdefault(persona, {})[move.proposal.id] = Stance(
            proposal=move.proposal.id, position="support", reason="author"
        )
    for s in move.stances:
        stances.setdefault(persona, {})[s.proposal] = s
