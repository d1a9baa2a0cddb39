"""Conversation building, in one place: what a persona agent sees on its turn.

Layout (then consecutive same-role messages are merged, as strict providers require)::

    system     persona card, private interests, rules, issues and options, claims it may
               make, mechanism ids, reply format (roleplay.llm.protocol)
    user       brief, others' public cards, digest of turns older than the window
    ...        the last ``window`` turns verbatim: the persona's own as ``assistant``
               messages in the reply format, everyone else's as ``user`` quotations
    user       the phase instruction: round, announcement, facilitator messages, the table

Other speakers are named inside the content (the ``name`` field is never used: many
servers ignore or reject it) and their words are quoted between ``<<<quote`` and
``quote>>>`` after :func:`~roleplay.llm.views.defang`, so a planted instruction stays data.

Context budget: the window is one lap of the table (every seated persona's latest turn)
and older turns shrink into a digest bounded by the number of personas, so prompt tokens
per turn stop growing once the first lap is past. If a prompt still exceeds the backend's
context, the window narrows turn by turn.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import Turn
from roleplay.formats.text import Strict
from roleplay.llm import protocol, views
from roleplay.templating import render

_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


class ChatMessage(Strict):
    """One chat message as sent (roles as in the OpenAI chat API)."""

    role: Literal["system", "user", "assistant"]
    content: str


class ContextPolicy(Strict):
    """How much history a prompt carries.

    Fields:
        window_turns: turns kept verbatim (None: one lap, the number of seated personas).
        full_history: keep every turn verbatim (the no-budget baseline, for comparison).
        excerpt_chars: length of each persona's quote in the digest.
    """

    window_turns: int | None = Field(default=None, ge=0)
    full_history: bool = False
    excerpt_chars: int = Field(default=160, ge=20)


class Conversation(Strict):
    """A built prompt: the messages, the verbatim window used, and whether it fits."""

    messages: list[ChatMessage]
    window: int
    tokens: int
    fits: bool


def estimate_tokens(messages: list[ChatMessage]) -> int:
    """A tokenizer-free estimate: one token per CJK character, one per 4 other characters,
    plus 4 per message for the chat framing."""
    total = 0
    for m in messages:
        cjk = len(_CJK.findall(m.content))
        total += 4 + cjk + (len(m.content) - cjk + 3) // 4
    return total


def merge_same_role(messages: list[ChatMessage]) -> list[ChatMessage]:
    """Join consecutive messages of the same role with a blank line; drop empty ones."""
    out: list[ChatMessage] = []
    for m in messages:
        if not m.content.strip():
            continue
        if out and out[-1].role == m.role:
            out[-1] = ChatMessage(role=m.role, content=out[-1].content + "\n\n" + m.content)
        else:
            out.append(m)
    return out


def system_prompt(req: TurnRequest, method: str) -> str:
    """The persona's system prompt (constant over a debate): its card, the scenario's
    issues and options, the claims it may make, the rules and the reply format."""
    sc = req.scenario
    prefs = protocol.persona_preferences(req.persona, sc, req.rubric)
    return render(
        "llm/persona_system.j2",
        lang_name=views.LANG_NAMES[req.lang],
        persona=views.persona_view(req.persona, req.lang, req.rubric, sc.instruments_in_play()),
        question=sc.question.in_(req.lang),
        issues=protocol.issue_views(sc, req.lang, prefs),
        priorities=prefs.ranked_issues() if prefs is not None and len(sc.issues) > 1 else [],
        rules=protocol.rules_view(sc),
        claims=protocol.claim_views(req.persona, sc, req.rubric, req.lang, prefs),
        mechanisms=views.mechanism_views(req.rubric, req.lang),
        method=method,
    )


def _digest(req: TurnRequest, older: list[Turn], recent: list[Turn], policy: ContextPolicy) -> dict | None:
    """Bounded summary of ``older`` turns: the latest round summary, a short quote of each
    persona's last older turn unless it also speaks in ``recent`` (one line at most each),
    and the claim ids of other older turns the speaker has not answered (at most two laps)."""
    if not older:
        return None
    last: dict[str, Turn] = {}
    for t in older:
        last[t.persona] = t
    for t in recent:
        last.pop(t.persona, None)
    summary = next((n.text for n in reversed(req.notes) if n.kind == "summary"), "")
    earlier = [
        {
            "turn": t.id,
            "name": views.name_of(req, pid),
            "round": t.round,
            "acts": views.acts_view(t),
            "excerpt": views.quote(t.move.speech if t.move else "", policy.excerpt_chars),
        }
        for pid, t in last.items()
    ]
    shown = {t.id for t in recent} | {t.id for t in last.values()}
    claims = protocol.earlier_claims(req.history, req.persona.id, shown, 2 * (1 + len(req.others)))
    return {"summary": moderator_text(req, summary), "earlier": earlier, "claims": claims}


def _history_message(req: TurnRequest, t: Turn, method: str) -> ChatMessage:
    if t.persona == req.persona.id and t.move is not None:
        text = render(
            "llm/own_turn.j2",
            speech=t.move.speech,
            method=method,
            move_json=views.move_json(t.move, with_speech=method == "json_mode"),
        )
        return ChatMessage(role="assistant", content=text)
    text = render(
        "llm/turn.j2",
        turn_id=t.id,
        speaker=views.name_of(req, t.persona),
        persona=t.persona,
        round=t.round,
        phase=t.phase,
        speech=views.quote(t.move.speech) if t.move else "(no speech)",
        acts=views.acts_view(t),
    )
    return ChatMessage(role="user", content=text)


def moderator_text(req: TurnRequest, text: str) -> str:
    """A moderator's note as a persona sees it: the engine's own words stay instructions,
    but every proposal title in it (model-written: ``P3 "..."`` or ``P3「...」`` as the
    moderator templates render them) is quoted by :func:`~roleplay.llm.views.quote`, and
    the rest is defanged. Titles of every version ever tabled are matched, longest first,
    in one pass (so nothing is quoted twice)."""
    titles = {p.title for p in req.table}
    titles |= {t.move.proposal.title for t in req.history if t.move is not None and t.move.proposal}
    titles = {x for x in titles if x.strip()}
    if not titles:
        return views.defang(text)
    alts = "|".join(re.escape(x) for x in sorted(titles, key=len, reverse=True))
    bare = "|".join(re.escape(x) for x in sorted(titles, key=len, reverse=True) if len(x) >= 8)
    pattern = re.compile(f'"(?:{alts})"|「(?:{alts})」' + (f"|(?:{bare})" if bare else ""))
    out, at = [], 0
    for m in pattern.finditer(text):
        raw = m.group(0)
        inner = raw[1:-1] if raw[:1] in '"「' and raw[-1:] in '"」' and len(raw) >= 2 else raw
        out += [views.defang(text[at : m.start()]), views.quote(inner, 80, inline=True)]
        at = m.end()
    return "".join([*out, views.defang(text[at:])])


def instruction(req: TurnRequest, method: str) -> str:
    """The last user message: the phase prompt with the table and this round's notes."""
    spec = req.round_spec
    announce = next(
        (n.text for n in reversed(req.notes) if n.kind == "announce" and n.round == req.round), ""
    )
    facilitator = [
        {"round": n.round, "text": n.text}
        for n in req.notes
        if n.kind == "facilitator" and n.round >= req.round - 1
    ]
    title = spec.title.in_(req.lang) if spec.title else spec.phase
    own = [p.id for p in req.table if p.author == req.persona.id]
    return render(
        f"llm/{spec.phase}.j2",
        round=req.round,
        total_rounds=req.total_rounds,
        phase=spec.phase,
        phase_title=title,
        announce=moderator_text(req, announce),
        facilitator=facilitator,
        table=views.table_view(req),
        own=own,
        is_voter=req.persona.id in req.scenario.voter_ids(),
        method=method,
    )


def _assemble(req: TurnRequest, window: int, method: str, policy: ContextPolicy) -> list[ChatMessage]:
    cut = max(0, len(req.history) - window)
    older, recent = req.history[:cut], req.history[cut:]
    others = [
        {
            "id": o.id,
            "name": o.name.in_(req.lang),
            "role": o.role.in_(req.lang),
            "goals": [g.in_(req.lang) for g in o.goals],
        }
        for o in req.others
    ]
    context = render(
        "llm/context.j2",
        title=req.scenario.title.in_(req.lang),
        question=req.scenario.question.in_(req.lang),
        brief=req.scenario.brief.in_(req.lang),
        others=others,
        digest=_digest(req, older, recent, policy),
    )
    msgs = [
        ChatMessage(role="system", content=system_prompt(req, method)),
        ChatMessage(role="user", content=context),
    ]
    msgs += [_history_message(req, t, method) for t in recent]
    msgs.append(ChatMessage(role="user", content=instruction(req, method)))
    return merge_same_role(msgs)


def build_turn_messages(
    req: TurnRequest,
    *,
    method: str = "prompt",
    policy: ContextPolicy | None = None,
    context_tokens: int = 32_768,
    reply_tokens: int = 900,
) -> Conversation:
    """The messages for ``req``'s turn, trimmed to ``context_tokens`` minus ``reply_tokens``.

    ``fits`` is False only if even an empty window is too long (the caller reports it).
    """
    policy = policy or ContextPolicy()
    full = len(req.history)
    window = (
        full
        if policy.full_history
        else min(full, policy.window_turns if policy.window_turns is not None else 1 + len(req.others))
    )
    while True:
        msgs = _assemble(req, window, method, policy)
        tokens = estimate_tokens(msgs)
        if tokens + reply_tokens <= context_tokens or window == 0:
            return Conversation(
                messages=msgs, window=window, tokens=tokens, fits=tokens + reply_tokens <= context_tokens
            )
        window -= 1


def repair_messages(
    messages: list[ChatMessage], raw: str, problems: list[str], method: str, have_speech: bool
) -> list[ChatMessage]:
    """The one repair request: the turn's messages, the bad reply, and what to fix."""
    fix = render("llm/repair.j2", problems=problems, method=method, have_speech=have_speech)
    return merge_same_role(
        [
            *messages,
            ChatMessage(role="assistant", content=raw or "(empty reply)"),
            ChatMessage(role="user", content=fix),
        ]
    )
