"""The negotiating table: proposals tabled so far, the stances on them, and vote tallies.

Phase rules come from the agenda (see roleplay.formats.scenario.Phase): proposals may be tabled or
revised only in ``proposal`` and ``negotiation`` rounds; ``vote`` rounds accept only
support/oppose stances from voters. :func:`admit_move` enforces them and reports what it
removed, so a backend can never smuggle a forbidden act past the rules.
"""

from __future__ import annotations

from pydantic import Field

from roleplay.debate.move import Move, PackageItem, Proposal, Stance
from roleplay.formats.rubric import Rubric
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
        """The proposal with most supporters (ties: earliest tabled), or None if empty."""
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


def admit_move(
    move: Move, persona: str, phase: str, table: Table, rubric: Rubric, is_voter: bool
) -> tuple[Move, list[str]]:
    """Apply the phase rules to ``move`` and return (admitted move, problems removed).

    Rules: proposals only in proposal/negotiation rounds; a revision keeps its id only if
    ``persona`` authored it; unknown instruments are removed and parameter values clamped;
    stances only on proposals on the table; vote rounds take support/oppose from voters only;
    mechanism ids must exist in the rubric.
    """
    problems: list[str] = []
    proposal = move.proposal
    if proposal is not None and phase not in ("proposal", "negotiation"):
        problems.append(f"a proposal is not allowed in a {phase} round; removed")
        proposal = None
    if proposal is not None:
        items = _clean_items(proposal.items, rubric, problems)
        if not items:
            problems.append("the proposal had no known instrument; removed")
            proposal = None
        else:
            prev = table.get(proposal.id)
            if prev is not None and prev.author != persona:
                problems.append(f"{persona} may not revise {prev.id} (by {prev.author}); tabled as new")
                prev = None
            pid = prev.id if prev else f"P{len(table.proposals) + 1}"
            proposal = proposal.model_copy(
                update={
                    "id": pid,
                    "author": persona,
                    "items": items,
                    "version": prev.version + 1 if prev else 1,
                }
            )
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
            stances.append(s.model_copy(update={"add": _clean_items(s.add, rubric, problems)}))
    mech = rubric.mechanism_ids()
    mechanisms = [m for m in dict.fromkeys(move.mechanisms) if m in mech]
    if len(mechanisms) != len(set(move.mechanisms)):
        problems.append("unknown mechanism ids removed")
    return move.model_copy(
        update={"proposal": proposal, "stances": stances, "mechanisms": mechanisms}
    ), problems


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
        stances.setdefault(persona, {})[move.proposal.id] = Stance(
            proposal=move.proposal.id, position="support", reason="author"
        )
    for s in move.stances:
        stances.setdefault(persona, {})[s.proposal] = s
    return Table(proposals=proposals, stances=stances)
