"""The offline moderator: round announcements, summaries and the vote result.

All its words come from the Jinja2 templates in ``prompts/moderator/`` (zh and en); this
module only passes data. What it says about the outcome and who "leads" comes from the
one vote rule (roleplay.debate.vote, issue #9 point 5), and every note also carries that
result as data (ModeratorNote.standings / leading / best / adopted / outcome / tie_break).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from roleplay.debate import vote
from roleplay.debate.move import ModeratorNote, Stance, Standing, Turn
from roleplay.debate.table import Table
from roleplay.formats.scenario import RoundSpec, SpeakerPolicy
from roleplay.formats.text import Text
from roleplay.scoring.scorecard import Scorecard
from roleplay.templating import render

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup

PHASE_TITLES = {
    "opening": Text(zh="開場陳述", en="Opening statements"),
    "proposal": Text(zh="提出方案", en="Tabling proposals"),
    "negotiation": Text(zh="協商與反駁", en="Negotiation and rebuttal"),
    "vote": Text(zh="最終表決", en="Final vote"),
}
CONSENSUS_ZH = {
    "none": "無共識",
    "weak": "弱共識",
    "majority": "過半數",
    "strong": "強共識",
    "unanimous": "一致同意",
}


def round_title(spec: RoundSpec) -> Text:
    """The round's title, or the default title of its phase."""
    return spec.title or PHASE_TITLES[spec.phase]


def _name(setup: DebateSetup, pid: str) -> str:
    try:
        return setup.persona(pid).short.in_(setup.lang)
    except StopIteration:
        return pid


def _names(setup: DebateSetup, pids: list[str]) -> list[str]:
    return [_name(setup, p) for p in pids]


def announce(
    setup: DebateSetup, rn: int, spec: RoundSpec, n_rounds: int, table: Table, policy: SpeakerPolicy = "fixed"
) -> ModeratorNote:
    """The moderator's opening of round ``rn`` (1-based) of ``n_rounds``.

    Round 1 lists the scenario's issues (title and question); every round names its
    speaker ``policy``; a vote round states the voters, the pass rule and the tie-break
    (roleplay.debate.vote) before anyone votes.
    """
    from roleplay.debate.turns import round_speakers

    lang, sc = setup.lang, setup.scenario
    title = round_title(spec)
    text = render(
        "moderator/announce.j2",
        lang=lang,
        round=rn,
        n_rounds=n_rounds,
        phase=spec.phase,
        title=title.in_(lang),
        question=sc.question.in_(lang),
        issues=[{"title": i.title.in_(lang), "question": i.question.in_(lang)} for i in sc.issues]
        if rn == 1
        else [],
        policy=policy,
        pass_rule=sc.pass_rule,
        voters=_names(setup, sc.voter_ids()),
        speakers=_names(setup, round_speakers(spec, sc)),
        table=[{"id": p.id, "title": p.title} for p in table.proposals],
    )
    vote = spec.phase == "vote"
    return ModeratorNote(
        kind="announce",
        text=text,
        round=rn,
        title=title,
        policy=policy,
        pass_rule=sc.pass_rule if vote else None,
    )


def _turn_row(setup: DebateSetup, turn: Turn) -> dict[str, Any]:
    """What one turn did, as data for the summary template (no words here).

    ``spoke``: the turn has a move; ``quiet``: it has one but took no action the summary
    names (the template then says it stated its position, or that it does not vote)."""
    m = turn.move
    row: dict[str, Any] = {"name": _name(setup, turn.persona), "status": turn.status, "spoke": m is not None}
    row |= {"proposal": None, "answers": None, "support": [], "amend": [], "oppose": [], "walkout": False}
    row["non_voter"] = turn.phase == "vote" and turn.persona not in setup.scenario.voter_ids()
    if m is not None:
        if m.proposal is not None:
            row["proposal"] = {"id": m.proposal.id, "version": m.proposal.version, "n": len(m.proposal.items)}
        if m.answers is not None:
            row["answers"] = {"name": _name(setup, m.answers.persona), "how": m.answers.how}
        for pos in ("support", "amend", "oppose"):
            row[pos] = [s.proposal for s in m.stances if s.position == pos]
        row["walkout"] = m.walkout
    row["quiet"] = not (row["proposal"] or row["answers"] or (m and m.stances) or row["walkout"])
    return row


def issue_rows(setup: DebateSetup, table: Table) -> list[dict[str, Any]]:
    """Per issue (scenario order): ``{title, options: [{label, proposals, backers}], open}``.

    An option is on the table when a proposal settles the issue with it; its backers are
    the personas (seat order) whose latest stance supports such a proposal (authors
    included) or asks for that option in an amendment (``Stance.settle``). ``open``: no
    proposal settles the issue.
    """
    lang, out = setup.lang, []
    for issue in setup.scenario.issues:
        options = []
        for opt in issue.options:
            props = [p.id for p in table.proposals if not p.withdrawn and p.settles.get(issue.id) == opt.id]
            backers = [
                who
                for who in setup.scenario.personas
                if any(
                    (s.position == "support" and s.proposal in props)
                    or (s.position == "amend" and s.settle.get(issue.id) == opt.id)
                    for s in table.stances.get(who, {}).values()
                )
            ]
            if props or backers:
                options.append(
                    {"label": opt.label.in_(lang), "proposals": props, "backers": _names(setup, backers)}
                )
        open_ = not any(issue.id in p.settles for p in table.proposals)
        out.append({"title": issue.title.in_(lang), "options": options, "open": open_})
    return out


def outlook(setup: DebateSetup, stances: dict[str, dict[str, Stance]], table: Table) -> dict[str, Any]:
    """The vote rule (roleplay.debate.vote) applied to ``stances`` of the voters:
    ``{standings, leading (id passing now, or None), best (best-ranked id or None), tie}``."""
    sc = setup.scenario
    rows = vote.standings(table.proposals, stances, sc.voter_ids(), sc)
    won, top = vote.decide(rows), vote.best(rows)
    return {
        "standings": rows,
        "leading": won.proposal if won else None,
        "best": top.proposal if top else None,
        "tie": vote.tie_broken(rows),
        "won": won,
        "top": top,
    }


def _standing_row(s: Standing, table: Table, n_voters: int) -> dict[str, Any]:
    p = table.get(s.proposal)
    return {
        "id": s.proposal,
        "title": p.title if p else "",
        "version": p.version if p else 1,
        "yes": len(s.supporters),
        "no": len(s.opponents),
        "open": len(s.open),
        "passes": s.passes,
        "voters": n_voters,
    }


def summarize(
    setup: DebateSetup, rn: int, spec: RoundSpec, history: list[Turn], table: Table
) -> ModeratorNote:
    """The moderator's summary at the end of round ``rn``: who did what, issue by issue
    which options are on the table and who backs them, and who leads by the vote rule
    over the voters' latest stances (``leading`` None: nothing would pass now)."""
    o = outlook(setup, table.stances, table)
    n = len(setup.scenario.voter_ids())
    text = render(
        "moderator/summary.j2",
        lang=setup.lang,
        round=rn,
        turns=[_turn_row(setup, t) for t in history if t.round == rn],
        issues=issue_rows(setup, table),
        table=[_standing_row(s, table, n) for s in o["standings"]],
        leading=o["leading"],
        best=o["best"],
        pass_rule=setup.scenario.pass_rule,
    )
    return ModeratorNote(
        kind="summary", text=text, round=rn, standings=o["standings"], leading=o["leading"], best=o["best"]
    )


def vote_result(
    setup: DebateSetup, card: Scorecard, votes: dict[str, dict[str, Stance]], table: Table, voted: bool = True
) -> ModeratorNote:
    """The moderator's announcement of the outcome by the vote rule (roleplay.debate.vote)
    over the vote-round stances of the voters (``votes``). No deal is an outcome: then it
    names the best-ranked package. ``voted`` False (the agenda was cut before its vote):
    the rule is applied to the latest stances instead and nothing is adopted."""
    sc, lang = setup.scenario, setup.lang
    o = outlook(setup, votes if voted else table.stances, table)
    won = o["won"] if voted else None
    tied = [s for s in o["standings"] if won and s.passes and len(s.supporters) == len(won.supporters)]
    by_open = won is not None and all(len(s.open) > len(won.open) for s in tied if s.proposal != won.proposal)
    outcome: Literal["adopted", "no_deal", "unvoted"] = (
        "unvoted" if not voted else ("adopted" if won else "no_deal")
    )
    adopted = table.get(won.proposal) if won else None
    text = render(
        "moderator/vote_result.j2",
        lang=lang,
        outcome=outcome,
        tally=[_standing_row(s, table, len(sc.voter_ids())) for s in o["standings"]],
        tied=[s.proposal for s in tied] if o["tie"] and voted else [],
        tie_by="open" if by_open else "order",
        adopted=won.proposal if won else None,
        leading=o["leading"],
        best=o["best"],
        title=adopted.title if adopted else "",
        pass_rule=sc.pass_rule,
        consensus=card.consensus,
        total=card.total(),
    )
    return ModeratorNote(
        kind="vote_result",
        text=text,
        pass_rule=sc.pass_rule,
        standings=o["standings"],
        leading=won.proposal if won else (None if voted else o["leading"]),
        best=o["best"],
        adopted=won.proposal if won else None,
        outcome=outcome,
        tie_break=bool(o["tie"]) and voted,
    )


def fallback_text(lang: str, why: str, speaker: str) -> str:
    """Notice shown when the speaking order had to be corrected."""
    return render("moderator/fallback.j2", lang=lang, why=why, speaker=speaker)


_REASONS_ZH = {
    "agenda complete": "議程完成",
    "stopped by the facilitator": "引導者中止",
    "skipped by the facilitator": "引導者跳過",
}


def reason_text(reason: str, lang: str) -> str:
    """An engine reason ("agenda complete", "turn cap of 60 reached", ...) in ``lang``;
    reasons with details not known here stay as they are."""
    if lang == "en":
        return reason
    if reason in _REASONS_ZH:
        return _REASONS_ZH[reason]
    import re

    m = re.fullmatch(r"turn cap of (\d+) reached", reason)
    if m:
        return f"已達發言上限 {m.group(1)} 次"
    m = re.fullmatch(r"time limit of (\S+) s reached", reason)
    if m:
        return f"已達時間上限 {m.group(1)} 秒"
    return reason
