"""The offline moderator: round announcements, summaries and the vote result.

All its words are ``debate-*`` messages of the catalogue (roleplay/i18n/locales/*/debate.ftl,
rendered by roleplay.i18n.catalog.t in the debate language); this module only chooses
messages and passes data. What it says about the outcome and who "leads" comes from the
one vote rule (roleplay.debate.vote, issue #9 point 5), and every note also carries that
result as data (ModeratorNote.standings / leading / best / adopted / outcome / tie_break).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from roleplay.debate import vote
from roleplay.debate.move import ModeratorNote, Stance, Standing, Turn
from roleplay.debate.table import Table
from roleplay.formats.scenario import RoundSpec, SpeakerPolicy
from roleplay.formats.text import Text
from roleplay.i18n.catalog import Verbatim, t
from roleplay.i18n.lang import Lang
from roleplay.scoring.rationale import consensus_name
from roleplay.scoring.scorecard import Scorecard

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup

PHASES = ("opening", "proposal", "negotiation", "vote")
"""The round phases, each with a default title (message ``debate-phase``)."""


def _phase_title(phase: str) -> Text:
    return Text(zh=t("debate-phase", "zh-Hant", phase=phase), en=t("debate-phase", "en", phase=phase))


def round_title(spec: RoundSpec) -> Text:
    """The round's title, or the default title of its phase."""
    return spec.title or _phase_title(spec.phase)


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
    text = announce_text(
        lang,
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
            row["proposal"] = {
                "id": m.proposal.id,
                "version": m.proposal.version,
                "n": len(m.proposal.items),
                "withdrawn": m.proposal.withdrawn,
            }
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
    the personas (seat order) who put it forward: the authors of those proposals and those
    whose latest stance asks for that option in an amendment (``Stance.settle``). Backing a
    whole package does not list a persona under each of its options (a class read the
    Start-up, backing P3, as favouring P3's "no first-unit support"). ``open``: no proposal
    settles the issue.
    """
    lang, out = setup.lang, []
    for issue in setup.scenario.issues:
        options = []
        for opt in issue.options:
            props = [p.id for p in table.proposals if not p.withdrawn and p.settles.get(issue.id) == opt.id]
            authors = {p.author for p in table.proposals if p.id in props}
            backers = [
                who
                for who in setup.scenario.personas
                if who in authors
                or any(
                    s.position == "amend" and s.settle.get(issue.id) == opt.id
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
    text = summary_text(
        setup.lang,
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
    text = result_text(
        lang,
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


def _join(lang: Lang, items: list[str]) -> str:
    return t("list-sep", lang).join(items)


def run_on(lang: Lang, parts: Iterable[str]) -> str:
    """Sentences written one after another as ``lang`` writes them (message
    ``debate-sentences``: a space between them in English, none in Chinese); "" for none."""
    items = [Verbatim(p) for p in parts]  # already in lang: converting a whole speech again could change it
    return (
        str(functools.reduce(lambda a, b: Verbatim(t("debate-sentences", lang, a=a, b=b)), items))
        if items
        else ""
    )


def announce_text(
    lang: Lang,
    *,
    round: int,
    n_rounds: int,
    phase: str,
    title: str,
    question: str,
    issues: list[dict[str, str]],
    policy: str,
    pass_rule: str,
    voters: list[str],
    speakers: list[str],
    table: list[dict[str, str]],
) -> str:
    """The words of a round's opening (messages ``debate-announce-*``): a head line, the
    issues (``issues``: ``{title, question}``, given in round 1 only), the phase's request,
    then the speaker policy. Names and titles come in ``lang`` already."""
    head = [t("debate-announce-head", lang, round=round, rounds=n_rounds, title=title)]
    if issues:
        head.append(issues_line(lang, issues))
    if phase == "opening":
        ask = opening_ask(lang, question)
    elif phase == "proposal":
        ask = t("debate-announce-proposal", lang)
    elif phase == "negotiation" and table:
        items = [t("debate-announce-table-item", lang, id=p["id"], title=p["title"]) for p in table]
        ask = t("debate-announce-negotiation", lang, n=len(table), list=_join(lang, items))
    elif phase == "negotiation":
        ask = t("debate-announce-negotiation-empty", lang, n=0)
    else:
        rule = t("debate-rule", lang, rule=pass_rule)
        ask = t(
            "debate-announce-vote",
            lang,
            voters=_join(lang, voters),
            rule=rule,
            tie=t("debate-tie-rule", lang),
        )
    head.append(ask)
    return "\n".join([*head, t("debate-policy", lang, policy=policy, speakers=_join(lang, speakers))])


def issues_line(lang: Lang, issues: list[dict[str, str]]) -> str:
    """Round 1's agenda line: every issue's title and question (``{title, question}``)."""
    listed = [
        t("debate-announce-issue", lang, index=n, title=i["title"], question=i["question"])
        for n, i in enumerate(issues, 1)
    ]
    return t("debate-announce-issues", lang, n=len(issues), list=run_on(lang, listed))


def opening_ask(lang: Lang, question: str) -> str:
    """The opening round's request, with the scenario's question."""
    return t("debate-announce-opening", lang, question=question)


def _turns_words(lang: Lang, rows: list[dict[str, Any]]) -> list[str]:
    """The round's turns in words: each row by :func:`_turn_words`, except that voters who
    only stated their positions are named together, once (``debate-turn-stated-many``:
    "VC, Ministry and SOE stated their positions"), where the first of them spoke."""
    stated = [r for r in rows if r["spoke"] and r["quiet"] and not r["non_voter"]]
    if len(stated) < 2:
        return [_turn_words(lang, r) for r in rows]
    names = _join(lang, [r["name"] for r in stated])
    out = []
    for r in rows:
        if r is stated[0]:
            out.append(t("debate-turn-stated-many", lang, names=names))
        elif r not in stated:
            out.append(_turn_words(lang, r))
    return out


def _turn_words(lang: Lang, row: dict[str, Any]) -> str:
    """One turn of the summary (a row of :func:`_turn_row`) in words."""
    if not row["spoke"]:
        status = t("debate-turn-status", lang, status=row["status"])
        return t("debate-turn-silent", lang, name=row["name"], status=status)
    if row["quiet"]:
        return t("debate-turn-quiet", lang, name=row["name"], voter="no" if row["non_voter"] else "yes")
    acts = []
    if p := row["proposal"]:
        if p.get("withdrawn"):
            acts.append(t("debate-act-withdrew", lang, id=p["id"]))
        elif p["version"] > 1:
            acts.append(t("debate-act-revised", lang, id=p["id"], version=p["version"]))
        else:
            acts.append(t("debate-act-tabled", lang, id=p["id"]))
    if a := row["answers"]:
        acts.append(t("debate-act-answered", lang, how=a["how"], name=a["name"]))
    for key, msg in (
        ("support", "debate-act-supports"),
        ("amend", "debate-act-amends"),
        ("oppose", "debate-act-opposes"),
    ):
        if row[key]:
            acts.append(t(msg, lang, ids=_join(lang, row[key])))
    if row["walkout"]:
        acts.append(t("debate-act-walkout", lang))
    return t("debate-turn-acts", lang, name=row["name"], acts=t("list-sep", lang).join(acts))


def summary_text(
    lang: Lang,
    *,
    round: int,
    turns: list[dict[str, Any]],
    issues: list[dict[str, Any]],
    table: list[dict[str, Any]],
    leading: str | None,
    best: str | None,
    pass_rule: str,
) -> str:
    """The words of a round's summary (messages ``debate-summary-*``): a head line, the
    turns in one sentence (rows of :func:`_turn_row`), one line per issue (rows of
    :func:`issue_rows`: each option with its proposals and backers), and the standings by
    the vote rule (rows of :func:`_standing_row`)."""
    lines = [t("debate-summary-head", lang, round=round)]
    lines.append(
        t(
            "debate-summary-turns",
            lang,
            turns=t("debate-clause-sep", lang).join(_turns_words(lang, turns)),
        )
    )
    for i in issues:
        if not i["options"]:
            lines.append(t("debate-summary-issue-open", lang, title=i["title"]))
            continue
        options = []
        for o in i["options"]:
            ids, names = _join(lang, o["proposals"]), _join(lang, o["backers"])
            who = t("debate-summary-backed", lang, ids=ids, names=names) if ids and names else ids + names
            options.append(t("debate-summary-option", lang, label=o["label"], who=who))
        lines.append(
            t(
                "debate-summary-issue",
                lang,
                title=i["title"],
                options=t("debate-summary-option-sep", lang).join(options),
            )
        )
    if table:
        listed = t("debate-summary-standing-sep", lang).join(
            t("debate-summary-standing", lang, id=p["id"], yes=p["yes"], voters=p["voters"]) for p in table
        )
        rule = t("debate-rule", lang, rule=pass_rule)
        if leading:
            lines.append(t("debate-summary-leading", lang, list=listed, rule=rule, leading=leading))
        else:
            lines.append(t("debate-summary-nothing", lang, list=listed, rule=rule, best=str(best)))
    else:
        lines.append(t("debate-summary-empty", lang))
    return "\n".join(lines)


def result_text(
    lang: Lang,
    *,
    outcome: str,
    tally: list[dict[str, Any]],
    tied: list[str],
    tie_by: str,
    adopted: str | None,
    leading: str | None,
    best: str | None,
    title: str,
    pass_rule: str,
    consensus: str,
    total: int,
) -> str:
    """The words of the outcome (messages ``debate-result-*``): a head line; for ``unvoted``
    the proposal passing on the latest stances; else one tally line per proposal (rows of
    :func:`_standing_row`), the tie-break if one applied, the adopted proposal or no deal;
    then the consensus and six-element total."""
    lines = [t("debate-result-head", lang)]
    rule = t("debate-rule", lang, rule=pass_rule)
    if outcome == "unvoted":
        if leading:
            lines.append(t("debate-result-unvoted-leading", lang, leading=leading))
        elif best:
            lines.append(t("debate-result-unvoted-best", lang, best=best))
        else:
            lines.append(t("debate-result-unvoted", lang))
    else:
        for r in tally:
            passes = "yes" if r["passes"] else "no"
            lines.append(
                t(
                    "debate-result-tally",
                    lang,
                    id=r["id"],
                    title=r["title"],
                    yes=r["yes"],
                    no=r["no"],
                    voters=r["voters"],
                    passes=passes,
                )
            )
        if tied:
            lines.append(t("debate-result-tied", lang, ids=_join(lang, tied), by=tie_by))
        if adopted:
            lines.append(t("debate-result-adopted", lang, id=adopted, title=title, rule=rule))
        elif best:
            lines.append(t("debate-result-no-deal-best", lang, rule=rule, best=best))
        else:
            lines.append(t("debate-result-no-deal", lang, rule=rule))
    total_line = t("debate-result-total", lang, consensus=consensus_name(consensus, lang), total=total)
    return "\n".join([*lines, total_line])


def fallback_text(lang: Lang, why: str, speaker: str) -> str:
    """Notice shown when the speaking order had to be corrected (message ``debate-fallback``)."""
    return t("debate-fallback", lang, why=why, speaker=speaker)


_REASONS = {
    "agenda complete": "agenda-complete",
    "stopped by the facilitator": "stopped",
    "skipped by the facilitator": "skipped",
}
_REASON_PATTERNS = {
    "turn-cap": re.compile(r"turn cap of (\d+) reached"),
    "time-limit": re.compile(r"time limit of (\S+) s reached"),
}


def reason_text(reason: str, lang: Lang) -> str:
    """An engine reason ("agenda complete", "turn cap of 60 reached", ...) in ``lang``
    (message ``debate-reason``, selected by the reason's kind); reasons with details not
    known here stay as they are."""
    if reason in _REASONS:
        return t("debate-reason", lang, reason=_REASONS[reason], n="")
    for kind, pattern in _REASON_PATTERNS.items():
        m = pattern.fullmatch(reason)
        if m:
            return t("debate-reason", lang, reason=kind, n=m.group(1))
    return reason
