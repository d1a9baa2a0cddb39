"""Template views: the plain values the ``prompts/llm/`` templates render, built from models.

Every view is localised to the debate language here, so templates only lay text out.
Text that a model wrote reaches another model only through :func:`quote` (defanged, between
``<<<quote`` and ``quote>>>``), so it cannot close its quotation and pose as an instruction.
"""

from __future__ import annotations

import json
import re
from typing import Any

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import Move, Turn
from roleplay.debate.package import cost, open_issues
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang

QUOTE_OPEN = "<<<quote"
QUOTE_CLOSE = "quote>>>"
"""The markers around everything a model wrote when it reaches another model (the persona
and judge system prompts tell the model that text between them is data, never orders)."""

_INERT = {
    "<<<": "‹‹‹",
    ">>>": "›››",
    "<|": "‹|",  # chat-template markup (ChatML <|im_start|>, Llama <|eot_id|>, ...)
    "|>": "|›",
}
_INERT_RE = re.compile("|".join(re.escape(k) for k in _INERT))


def defang(text: str) -> str:
    """``text`` with quotation markers (``<<<``, ``>>>``) and chat-template markup
    (``<|``, ``|>``) made inert (‹‹‹, ›››, ‹|, |›), so it can neither close its quotation
    nor pose as a special token of the server's chat template."""
    return _INERT_RE.sub(lambda m: _INERT[m.group(0)], text)


WORD_CUT_CHARS = 16
"""An excerpt cut inside a word goes back to the word's start if that loses at most this
many characters (text without spaces, such as Chinese, is cut where the limit falls)."""


def excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text`` (defanged, whitespace collapsed to single
    spaces), with an ellipsis if cut; a cut inside a word moves back to the space before
    it (at most :data:`WORD_CUT_CHARS` characters back), so no word is left half-written."""
    text = defang(" ".join(text.split()))
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " ":
        space = head.rfind(" ")
        if space > 0 and len(head) - space <= WORD_CUT_CHARS:
            head = head[:space]
    return head.rstrip(" ,;:") + "…"


_SENTENCE_END = re.compile(r"(?<=[.!?。!?])\s+|(?<=[。!?])")


def lead(text: str, limit: int) -> str:
    """The whole sentences at the start of ``text`` that fit in ``limit`` characters
    (whitespace collapsed; at least the first sentence, cut by :func:`excerpt` if it alone
    is longer). Used for the brief: its opening sentences carry the situation, the issue
    list that usually ends it is in the system prompt already."""
    flat = " ".join(text.split())
    out = ""
    for sentence in (x for x in _SENTENCE_END.split(flat) if x):
        joined = f"{out} {sentence}".strip() if not _CJK_END.search(out) else out + sentence
        if out and len(joined) > limit:
            break
        out = joined
    return excerpt(out, limit) if len(out) > limit else defang(out)


_CJK_END = re.compile(r"[。!?]$")


def quote(text: str, limit: int | None = None, *, inline: bool = False) -> str:
    """The one way model-written text enters another model's prompt: defanged and wrapped
    in :data:`QUOTE_OPEN` / :data:`QUOTE_CLOSE`.

    Block form (default): the markers on their own lines around the text (line breaks kept);
    ``inline=True``: on one line, whitespace collapsed (titles inside a sentence). ``limit``
    (characters) cuts the text with an ellipsis (roleplay.llm.views.excerpt); an empty
    text still gives a (visibly empty) quotation. Speeches, proposal titles, rationales,
    stance reasons and the judged package's title all pass through here (issue #14 item 2).
    """
    if inline:
        return f"{QUOTE_OPEN} {excerpt(text, limit or max(1, len(text)))} {QUOTE_CLOSE}"
    body = excerpt(text, limit) if limit is not None else defang(text.strip())
    return f"{QUOTE_OPEN}\n{body}\n{QUOTE_CLOSE}"


CORE_REASON_CHARS = 60
"""Each core stance's reason is cut to this many characters in the system prompt."""

MAX_CORE = 3
"""At most this many core stances in the system prompt (strongest, in focus order)."""

MAX_TERMS = 3
"""At most this many signature terms in the system prompt."""

TONE_CHARS = 80
"""The tone's lead sentences up to this many characters."""

PRIVATE_CHARS = 75
"""Each private interest is cut to this many characters."""

RED_LINE_CHARS = 100
"""Each red line is cut to this many characters."""

ROLE_CHARS = 160
"""The speaker's role: its lead sentences up to this many characters (:func:`lead`)."""


def persona_view(p: Persona, lang: Lang, rubric: Rubric, focus: list[str]) -> dict[str, Any]:
    """The speaker's own card, private interests included (only ever for its own prompt).

    Compact (issue #14 item 5): of its instrument stances only the strongest (|score| 2) on
    the ``focus`` instruments (those in play) are kept, at most :data:`MAX_CORE`, as ``core``
    [{name, score, reason}] (score +2: a core demand, -2: red-line opposition), except on an
    instrument one of its red lines in play names (the red line says it more strongly); of
    its red lines only those on an instrument in ``focus`` (a red line on an instrument no
    option uses cannot be crossed here); its role's and tone's lead sentences (:data:`ROLE_CHARS`,
    :data:`TONE_CHARS`); red lines and private interests cut (:data:`RED_LINE_CHARS`,
    :data:`PRIVATE_CHARS`); no general goals; at most :data:`MAX_TERMS` signature terms. The rest of what
    it wants is carried by the issues' starred options and its priorities
    (roleplay.llm.protocol)."""
    in_play = set(focus)
    lined = {r.instrument for r in p.red_lines if r.instrument in in_play}
    core = []
    for iid in focus:
        s, ins = p.stances.get(iid), _instrument(rubric, iid)
        if s is None or ins is None or abs(s.score) < 2 or iid in lined:
            continue
        core.append(
            {
                "name": ins.name.in_(lang),
                "score": s.score,
                "reason": excerpt(s.reason.in_(lang), CORE_REASON_CHARS),
            }
        )
    return {
        "name": p.name.in_(lang),
        "role": lead(p.role.in_(lang), ROLE_CHARS),
        "kind": p.kind,
        "tone": lead(p.style.tone.in_(lang), TONE_CHARS),
        "terms": [t.in_(lang) for t in p.style.signature_terms[:MAX_TERMS]],
        "core": core[:MAX_CORE],
        "red_lines": [
            excerpt(r.text.in_(lang), RED_LINE_CHARS) for r in p.red_lines if r.instrument in in_play
        ],
        "private": [excerpt(x.in_(lang), PRIVATE_CHARS) for x in p.private],
    }


def _instrument(rubric: Rubric, iid: str):
    try:
        return rubric.instrument(iid)
    except KeyError:
        return None


def mechanism_views(rubric: Rubric, lang: Lang, scenario: Scenario | None = None) -> list[dict[str, str]]:
    """The mechanisms a seat may invoke in its move's ``mechanisms``: id, kind, name, in
    rubric order.

    With ``scenario`` (issue #14 item 5: the prompt lists only what this scenario needs):
    the six elements' ids its debate can touch, that is each issue's element and the
    elements of every instrument in play (rubric/instruments.yaml), as the offline engine
    invokes them (roleplay.offline.speech); contradictions and paths are left to the judge.
    Without: all 16. The engine accepts any rubric id either way (roleplay.debate.table)."""
    keep: set[str] | None = None
    if scenario is not None:
        keep = {i.element for i in scenario.issues}
        for iid in scenario.instruments_in_play():
            ins = _instrument(rubric, iid)
            keep |= set(ins.elements) if ins is not None else set()
    return [
        {"id": m.id, "kind": m.kind, "name": m.name.in_(lang)}
        for m in (*rubric.elements, *rubric.contradictions, *rubric.paths)
        if keep is None or m.id in keep
    ]


RATIONALE_CHARS = 100
"""A proposal's rationale is quoted up to this many characters, once: in the turn that
tabled or revised it (the table in each instruction carries the state, not the argument)."""


def acts_view(turn: Turn) -> dict[str, Any]:
    """What a turn did (for the ``_acts.j2`` macro): status, proposal, stance ids by
    position, the claim ids it made, the earlier claim it answered (or None) and whether
    it walked out. Engine-checked ids and numbers; the one model-written part, the
    proposal's rationale, is quoted (:func:`quote`). The proposal's title is not: every
    instruction's table quotes each proposal's title beside its id (issue #14 item 5)."""
    m = turn.move
    by = {
        pos: [s.proposal for s in (m.stances if m else []) if s.position == pos]
        for pos in ("support", "oppose", "amend")
    }
    prop = (
        {
            "id": m.proposal.id,
            "version": m.proposal.version,
            "rationale": quote(m.proposal.rationale, RATIONALE_CHARS, inline=True)
            if m.proposal.rationale
            else "",
            "withdrawn": m.proposal.withdrawn,
        }
        if m and m.proposal
        else None
    )
    return {
        "status": turn.status,
        "proposal": prop,
        **by,
        "claims": list(m.claims) if m else [],
        "answers": m.answers.model_dump() if m and m.answers else None,
        "walkout": bool(m and m.walkout),
    }


def name_of(req: TurnRequest, pid: str) -> str:
    """A seated persona's short name in the debate language (``you`` for the speaker); the
    brief lists each one's full name, id and short name once."""
    if pid == req.persona.id:
        return "you"
    p = next((o for o in req.others if o.id == pid), None)
    return p.short.in_(req.lang) if p else pid


def latest_stances(history: list[Turn]) -> dict[str, dict[str, str]]:
    """persona -> proposal id -> latest position (authors support their own proposals)."""
    out: dict[str, dict[str, str]] = {}
    for t in history:
        if t.move is None:
            continue
        if t.move.proposal is not None:
            out.setdefault(t.persona, {})[t.move.proposal.id] = "support"
        for s in t.move.stances:
            out.setdefault(t.persona, {})[s.proposal] = s.position
    return out


def settlement_view(scenario: Scenario, settles: dict[str, str], lang: Lang) -> dict[str, Any]:
    """How ``settles`` answers the scenario: rows [{issue, title, option, label}] in
    scenario order (option None: left open), the open issue ids and the yearly cost."""
    rows = []
    for issue in scenario.issues:
        oid = settles.get(issue.id)
        label = None
        if oid is not None:
            opt = next((o for o in issue.options if o.id == oid), None)
            label = opt.label.in_(lang) if opt else oid
        rows.append({"issue": issue.id, "title": issue.title.in_(lang), "option": oid, "label": label})
    return {
        "rows": rows,
        "open": open_issues(scenario, settles),
        "cost": f"{cost(scenario, settles):g}",
    }


def table_view(req: TurnRequest) -> list[dict[str, Any]]:
    """The proposals on the table: settlement (issue -> option), items, author, who
    supports, opposes or amends (``everyone``: every seated persona supports it, so the
    names need not be listed). The model-written title is quoted (:func:`quote`); the
    rationale is not repeated here (it is shown with the turn that tabled it, :func:`acts_view`)."""
    stances = latest_stances(req.history)
    seated = {req.persona.id, *(o.id for o in req.others)}
    rows = []
    for p in req.table:
        who = {
            pos: [name_of(req, w) for w, s in stances.items() if s.get(p.id) == pos]
            for pos in ("support", "oppose", "amend")
        }
        items = []
        for it in p.items:
            ins = _instrument(req.rubric, it.instrument)
            items.append(
                {
                    "instrument": it.instrument,
                    "value": None if it.value is None else f"{it.value:g}",
                    "unit": ins.parameter.unit if ins and ins.parameter else "",
                }
            )
        rows.append(
            {
                "id": p.id,
                "title": quote(p.title, 80, inline=True),
                "author": name_of(req, p.author),
                "version": p.version,
                "withdrawn": p.withdrawn,
                "settlement": settlement_view(req.scenario, p.settles, req.lang),
                "instruments": items,
                "supporters": who["support"],
                "everyone": len(seated) > 1
                and all(stances.get(w, {}).get(p.id) == "support" for w in seated),
                "opponents": who["oppose"],
                "amenders": who["amend"],
            }
        )
    return rows


def move_json(move: Move, with_speech: bool) -> str:
    """A move as the compact JSON a persona is asked to write (no engine-assigned fields; no
    spaces after separators: the seat's own replies are replayed in every later prompt)."""
    data = move.model_dump(
        mode="json", exclude_defaults=True, exclude={"speech"} if not with_speech else None
    )
    if move.proposal is not None:
        keep = {"id", "title", "settles" if move.proposal.settles else "items", "rationale", "withdrawn"}
        data["proposal"] = move.proposal.model_dump(mode="json", include=keep, exclude_defaults=True)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
