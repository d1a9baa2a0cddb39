"""The offline moderator: round announcements, summaries and the vote result.

All its words come from the Jinja2 templates in ``prompts/moderator/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from roleplay.debate.move import ModeratorNote, Stance, Turn
from roleplay.debate.table import Table
from roleplay.formats.scenario import RoundSpec
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


def announce(setup: DebateSetup, rn: int, spec: RoundSpec, n_rounds: int, table: Table) -> ModeratorNote:
    """The moderator's opening of round ``rn`` (1-based) of ``n_rounds``."""
    from roleplay.debate.turns import round_speakers

    lang = setup.lang
    title = round_title(spec)
    text = render(
        "moderator/announce.j2",
        lang=lang,
        round=rn,
        n_rounds=n_rounds,
        phase=spec.phase,
        title=title.in_(lang),
        question=setup.scenario.question.in_(lang),
        speakers=[_name(setup, p) for p in round_speakers(spec, setup.scenario)],
        table=[{"id": p.id, "title": p.title} for p in table.proposals],
    )
    return ModeratorNote(kind="announce", text=text, round=rn, title=title)


def _acts(setup: DebateSetup, turn: Turn) -> str:
    zh = setup.lang == "zh"
    if turn.move is None:
        status = {"failed": "發言失敗", "skipped": "已跳過", "incomplete": "未完成"}.get(
            turn.status, turn.status
        )
        return f"本輪未發言({status})" if zh else f"did not speak ({turn.status})"
    parts = []
    m = turn.move
    if m.proposal is not None:
        n = len(m.proposal.items)
        if m.proposal.version > 1:
            parts.append(
                f"修訂{m.proposal.id}為第{m.proposal.version}版"
                if zh
                else f"revised {m.proposal.id} to v{m.proposal.version}"
            )
        else:
            parts.append(
                f"提出{m.proposal.id}({n}項工具)" if zh else f"tabled {m.proposal.id} ({n} instruments)"
            )
    verbs = {
        "support": ("支持", "supports"),
        "oppose": ("反對", "opposes"),
        "amend": ("要求修正", "wants to amend"),
    }
    for pos in ("support", "amend", "oppose"):
        ids = [s.proposal for s in m.stances if s.position == pos]
        if ids:
            parts.append((verbs[pos][0] if zh else verbs[pos][1] + " ") + ("、" if zh else ", ").join(ids))
    if not parts and turn.phase == "vote" and turn.persona not in setup.scenario.voter_ids():
        parts.append("發言,不參與表決" if zh else "spoke; does not vote")
    elif not parts:
        parts.append("陳述立場" if zh else "stated its position")
    return ("；" if zh else "; ").join(parts)


def summarize(
    setup: DebateSetup, rn: int, spec: RoundSpec, history: list[Turn], table: Table
) -> ModeratorNote:
    """The moderator's summary at the end of round ``rn``: who did what, where the table stands."""
    turns = [{"name": _name(setup, t.persona), "acts": _acts(setup, t)} for t in history if t.round == rn]
    rows = []
    voters = setup.scenario.voter_ids()
    for p in table.proposals:
        opp = [
            w for w, s in table.stances.items() if w in voters and p.id in s and s[p.id].position == "oppose"
        ]
        rows.append(
            {
                "id": p.id,
                "title": p.title,
                "version": p.version,
                "author_name": _name(setup, p.author),
                "supporters": table.supporters(p.id, voters),
                "opponents": opp,
            }
        )
    lead = table.leading(setup.scenario.voter_ids())
    text = render(
        "moderator/summary.j2",
        lang=setup.lang,
        round=rn,
        turns=turns,
        table=rows,
        leading=lead.id if lead and table.supporters(lead.id) else None,
    )
    return ModeratorNote(kind="summary", text=text, round=rn)


def tally(votes: dict[str, dict[str, Stance]], table: Table, voters: list[str]) -> list[dict[str, Any]]:
    """Vote counts per proposal: ``[{id, title, yes, no, voters}]`` from vote-round stances."""
    out = []
    for p in table.proposals:
        yes = sum(1 for v in voters if votes.get(v, {}).get(p.id) and votes[v][p.id].position == "support")
        no = sum(1 for v in voters if votes.get(v, {}).get(p.id) and votes[v][p.id].position == "oppose")
        out.append({"id": p.id, "title": p.title, "yes": yes, "no": no, "voters": len(voters)})
    return out


def vote_result(
    setup: DebateSetup, card: Scorecard, votes: dict[str, dict[str, Stance]], table: Table
) -> ModeratorNote:
    """The moderator's announcement of the outcome (vote tally, adopted package, score)."""
    lang = setup.lang
    consensus = CONSENSUS_ZH[card.consensus] if lang == "zh" else card.consensus
    rows = tally(votes, table, setup.scenario.voter_ids()) if votes else []
    top = max((r["yes"] for r in rows), default=0)
    tied = [r["id"] for r in rows if r["yes"] == top] if card.adopted else []
    text = render(
        "moderator/vote_result.j2",
        lang=lang,
        voted=bool(votes),
        tally=rows,
        tied=tied if len(tied) > 1 else [],
        adopted=card.package.id if card.adopted and card.package else None,
        title=card.package.title if card.package else "",
        consensus=consensus,
        total=card.total(),
    )
    return ModeratorNote(kind="vote_result", text=text)


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
    if lang != "zh":
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
