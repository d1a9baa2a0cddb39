"""Conversation building, in one place: what a persona agent sees on its turn.

Layout (then consecutive same-role messages are merged, as strict providers require)::

    system     persona card (compact: role, core stances and red lines in play, private
               interests), rules, issues and options, its strongest claims, mechanism ids,
               reply format
    user       the brief's lead, the others' names (name, id, short name; not their roles)
    user       one condensed block per closed epoch (two rounds), oldest first, appended:
               per persona its lasting acts and its claim ids (with turn ids), and of the
               speeches only the last that challenged the seat (see _summary)
    ...        the log of the current epoch, appended turn by turn: the others' turns
               (quoted) and facilitator messages since the seat last spoke, a "your turn"
               line, then the seat's own reply as an ``assistant`` message in the reply
               format; and so on
    user       the turns since the seat last spoke, then the phase instruction: round,
               the moderator's announcement (tabled proposals by id), the table (every
               proposal on it, its settlement, who supports, opposes or amends it)

A stable prefix per seat (issue #14 item 5): the system prompt and the brief never change,
the condensed blocks are only ever appended, and the log only grows within an epoch, so each
call's prompt starts with the previous call's prompt (its instruction excepted) and a
provider's prefix cache can reuse it. The log starts at a checkpoint round that moves every
``ContextPolicy.epoch_rounds`` rounds; then the closed epoch's turns fold into one block
appended after the earlier ones (the one cache miss per epoch covers only that epoch's turns).
A seat in a ``simultaneous`` round saw only the round's start: in its log, the others'
sealed turns of that round come after its own.

Other speakers are named inside the content (the ``name`` field is never used: many
servers ignore or reject it) and every word a model wrote is quoted by
:func:`~roleplay.llm.views.quote`, so a planted instruction stays data.

If a prompt still exceeds the backend's context, the log's start moves on turn by turn (each
turn folding into its epoch's block), then the oldest blocks are left out.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Literal

from pydantic import Field

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import ModeratorNote, Turn
from roleplay.formats.text import Strict
from roleplay.i18n.catalog import t as msg_text
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
        epoch_rounds: the log (verbatim turns) starts at round 1, 1 + n, 1 + 2n, ... (the
            latest such round before the current one): it holds the last 1 to n rounds and
            the current one, and changes its start (a prefix-cache miss) once every n rounds.
        window_turns: a sliding window of this many turns instead (not cache-stable; None:
            the epochs above).
        full_history: keep every turn verbatim (the no-budget baseline, for comparison).
        excerpt_chars: length of the quote, in a condensed block, of the last speech by which
            another persona challenged the seat (the only speech a closed epoch carries).
    """

    epoch_rounds: int = Field(default=2, ge=1)
    window_turns: int | None = Field(default=None, ge=0)
    full_history: bool = False
    excerpt_chars: int = Field(default=120, ge=20)


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


_SYSTEM_CACHE: OrderedDict[tuple[int, int, int, str, str], tuple[tuple[object, ...], str]] = OrderedDict()
_SYSTEM_CACHE_SIZE = 64


def system_prompt(req: TurnRequest, method: str) -> str:
    """The persona's system prompt (constant over a debate): its card, the scenario's
    issues and options, the claims it may make, the rules and the reply format.

    Built once per (persona, scenario, rubric) objects, language and method, and reused for
    every later turn (building it ranks the claim library: ~15 ms a turn otherwise). The
    cache holds the objects themselves, so an id is never mistaken for another object's;
    the models are not changed during a debate."""
    key = (id(req.persona), id(req.scenario), id(req.rubric), req.lang, method)
    hit = _SYSTEM_CACHE.get(key)
    if hit is not None and all(
        a is b for a, b in zip(hit[0], (req.persona, req.scenario, req.rubric), strict=True)
    ):
        _SYSTEM_CACHE.move_to_end(key)
        return hit[1]
    text = _render_system_prompt(req, method)
    _SYSTEM_CACHE[key] = ((req.persona, req.scenario, req.rubric), text)
    while len(_SYSTEM_CACHE) > _SYSTEM_CACHE_SIZE:
        _SYSTEM_CACHE.popitem(last=False)
    return text


def _render_system_prompt(req: TurnRequest, method: str) -> str:
    sc = req.scenario
    prefs = protocol.persona_preferences(req.persona, sc, req.rubric)
    return render(
        "llm/persona_system.j2",
        lang=req.lang,
        persona=views.persona_view(req.persona, req.lang, req.rubric, sc.instruments_in_play()),
        issues=protocol.issue_views(sc, req.lang, prefs),
        priorities=prefs.ranked_issues() if prefs is not None and len(sc.issues) > 1 else [],
        rules=protocol.rules_view(sc),
        claims=protocol.claim_views(req.persona, sc, req.rubric, req.lang, prefs),
        mechanisms=views.mechanism_views(req.rubric, req.lang, sc),
        method=method,
    )


def checkpoint(req: TurnRequest, policy: ContextPolicy) -> int:
    """Index into ``req.history`` where the verbatim log starts (see ContextPolicy)."""
    h = req.history
    if policy.full_history:
        return 0
    if policy.window_turns is not None:
        return max(0, len(h) - policy.window_turns)
    n = policy.epoch_rounds
    start = 1 if req.round <= 2 else 1 + n * ((req.round - 2) // n)
    return next((i for i, t in enumerate(h) if t.round >= start), len(h))


def _epoch_of(rnd: int, policy: ContextPolicy) -> int:
    """The epoch (0, 1, ...) a round belongs to: rounds 1..n, n+1..2n, ... (n = epoch_rounds)."""
    return (rnd - 1) // policy.epoch_rounds


def _challenges(t: Turn, me: str, mine: set[str]) -> bool:
    """Whether turn ``t`` challenged persona ``me``: it answered one of ``me``'s claims, or
    opposed or asked to amend one of ``me``'s proposals (ids in ``mine``)."""
    m = t.move
    if m is None:
        return False
    if m.answers is not None and m.answers.persona == me:
        return True
    return any(s.proposal in mine and s.position in ("oppose", "amend") for s in m.stances)


def _summary(req: TurnRequest, turns: list[Turn], lo: int, policy: ContextPolicy) -> str:
    """One condensed block for ``turns`` (consecutive turns of one epoch, ``history[lo:]``
    onwards, all before the log's start), a function of those turns alone, so once appended it never
    changes: per persona (in speaking order) its lasting acts in the block (its last
    proposal move, its last answer, a walkout; stances are left out, the table in every
    instruction shows each proposal's current supporters and opponents), the claim ids each of its turns
    made (with the turn id, so they can be answered) and, for another persona whose turns in
    the block challenged the seat (:func:`_challenges`), a short quote of the last such
    speech; then the facilitator's messages said during the block ("" when there is none of
    these: an empty block is not sent). Other speeches of a closed
    epoch are not carried (issue #14 item 5: their claims, proposals and answers are; the
    table in every instruction shows where everyone stands now)."""
    me = req.persona.id
    mine = {
        t.move.proposal.id
        for t in req.history[: lo + len(turns)]
        if t.persona == me and t.move is not None and t.move.proposal is not None
    }
    by: dict[str, list[Turn]] = {}
    for t in turns:
        by.setdefault(t.persona, []).append(t)
    rows = []
    for pid, ts in by.items():
        acts = views.acts_view(ts[-1])
        moved = [t for t in ts if t.move is not None]
        if moved:  # latest stance per proposal over the block; the last proposal move and answer
            prop = next((views.acts_view(t)["proposal"] for t in reversed(moved) if t.move.proposal), None)  # type: ignore[union-attr]
            answers = next((t.move.answers.model_dump() for t in reversed(moved) if t.move.answers), None)  # type: ignore[union-attr]
            none: list[str] = []
            acts = {
                **views.acts_view(moved[-1]),
                "support": none,
                "oppose": none,
                "amend": none,
                "proposal": prop,
                "answers": answers,
            }
            acts["walkout"] = any(t.move.walkout for t in moved)  # type: ignore[union-attr]
        pointed = [t for t in moved if pid != me and _challenges(t, me, mine)]
        last_speech = next((t.move.speech for t in reversed(pointed) if t.move.speech.strip()), "")  # type: ignore[union-attr]
        lasting = acts["status"] not in ("ok", "incomplete") or bool(
            acts["proposal"] or acts["answers"] or acts["walkout"]
        )
        row = {
            "name": views.name_of(req, pid),
            "persona": "" if pid == req.persona.id else pid,
            "acts": acts if lasting else None,
            "claims": [{"turn": t.id, "claims": list(t.move.claims)} for t in moved if t.move.claims],  # type: ignore[union-attr]
            "excerpt": views.quote(last_speech, policy.excerpt_chars, inline=True) if last_speech else "",
        }
        if row["acts"] or row["claims"] or row["excerpt"]:  # nothing lasting: no line
            rows.append(row)
    hi = lo + len(turns)
    said = [
        render("llm/facilitator.j2", round=n.round, text=n.text)
        for n in req.notes
        if n.kind == "facilitator" and lo <= n.at_turn < hi
    ]
    if not rows and not said:  # nothing lasting, no claim, no challenge: no block at all
        return ""
    return render("llm/summary.j2", first=turns[0].round, last=turns[-1].round, rows=rows, said=said)


def _summaries(req: TurnRequest, cut: int, skip: int, policy: ContextPolicy) -> list[ChatMessage]:
    """The condensed blocks for ``history[:cut]``, one per epoch, oldest first, the oldest
    ``skip`` left out (only when the context window requires it). Append-only: a closed
    epoch's block is added after the earlier ones and never rewritten, so the prefix up to
    it stays cached (issue #14 item 5)."""
    texts = (_cached_summary(req, lo, hi, policy) for lo, hi in _epoch_spans(req, cut, policy)[skip:])
    return [ChatMessage(role="user", content=text) for text in texts if text]


_BLOCK_CACHE: OrderedDict[tuple[object, ...], tuple[tuple[object, ...], str]] = OrderedDict()
_BLOCK_CACHE_SIZE = 256


def _cached_summary(req: TurnRequest, lo: int, hi: int, policy: ContextPolicy) -> str:
    """:func:`_summary` of ``history[lo:hi]``, rendered once per seat and reused while the
    same turn and note objects are passed (identity-checked, like :func:`system_prompt`):
    a closed block never changes, so re-rendering it every turn is wasted client CPU."""
    turns = req.history[lo:hi]
    notes = tuple(n for n in req.notes if n.kind == "facilitator" and lo <= n.at_turn < hi)
    objs = (req.persona, *req.others, *turns, *notes)
    key = (req.persona.id, req.lang, lo, hi, policy.excerpt_chars, tuple(id(o) for o in objs))
    hit = _BLOCK_CACHE.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], objs, strict=True)):
        _BLOCK_CACHE.move_to_end(key)
        return hit[1]
    text = _summary(req, turns, lo, policy)
    _BLOCK_CACHE[key] = (objs, text)
    while len(_BLOCK_CACHE) > _BLOCK_CACHE_SIZE:
        _BLOCK_CACHE.popitem(last=False)
    return text


def _epoch_spans(req: TurnRequest, cut: int, policy: ContextPolicy) -> list[tuple[int, int]]:
    """[start, end) indices into ``history[:cut]`` of each epoch's turns, oldest first."""
    spans: list[tuple[int, int]] = []
    for i, t in enumerate(req.history[:cut]):
        if spans and _epoch_of(req.history[spans[-1][0]].round, policy) == _epoch_of(t.round, policy):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def _history_message(req: TurnRequest, t: Turn, method: str) -> ChatMessage:
    """A turn as the seat sees it: its own (with a move) as its ``assistant`` reply in the reply
    format; any other (and its own failed or skipped ones) quoted in a ``user`` message."""
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


def moderator_text(req: TurnRequest, text: str, *, tabled: bool = False) -> str:
    """A moderator's note as a persona sees it: the engine's own words stay instructions,
    but every proposal title in it (model-written: ``P3 "..."`` or ``P3「...」`` as the
    moderator's messages render them) is quoted by :func:`~roleplay.llm.views.quote`, and
    the rest is defanged. Titles of every version ever tabled are matched, longest first,
    in one pass (so nothing is quoted twice).

    ``tabled=True`` (the note is sent with the table, which quotes each title beside its id):
    ``P3 "title"`` naming a proposal's current title is written as ``P3`` alone, so a title
    is not sent twice in one message (issue #14 item 5)."""
    titles = {p.title for p in req.table}
    titles |= {t.move.proposal.title for t in req.history if t.move is not None and t.move.proposal}
    titles = {x for x in titles if x.strip()}
    if not titles:
        return views.defang(text)
    current = {p.id: p.title for p in req.table} if tabled else {}
    alts = "|".join(re.escape(x) for x in sorted(titles, key=len, reverse=True))
    bare = "|".join(re.escape(x) for x in sorted(titles, key=len, reverse=True) if len(x) >= 8)
    pattern = re.compile(
        f'(?:(?P<pid>P\\d+)(?P<sp> ?))?(?:"(?P<a>{alts})"|「(?P<b>{alts})」)'
        + (f"|(?P<c>{bare})" if bare else "")
    )
    out, at = [], 0
    for m in pattern.finditer(text):
        pid, inner = m.group("pid"), m.group("a") or m.group("b") or m.group("c") or ""
        out.append(views.defang(text[at : m.start()]))
        if pid is not None and current.get(pid) == inner:
            out.append(pid)
        else:
            out.append(f"{pid}{m.group('sp')}" if pid is not None else "")
            out.append(views.quote(inner, 80, inline=True))
        at = m.end()
    return "".join([*out, views.defang(text[at:])])


def brief_agenda(req: TurnRequest, announce: str) -> str:
    """Round 1's announcement as a seat reads it: the issues by id (the system prompt lists
    each with its options) and the opening request without the question (the context
    message asks it), instead of every issue's question and the question again. It stays in
    every later call of the seat (append-only), so this saves ~1.5k characters a call
    (issue #14 item 5). Text not made by the moderator's own messages is left as it is."""
    from roleplay.debate.moderator import issues_line, opening_ask

    lang, sc = req.lang, req.scenario
    full = issues_line(
        lang, [{"title": i.title.in_(lang), "question": i.question.in_(lang)} for i in sc.issues]
    )
    ids = [i.id for i in sc.issues]
    announce = announce.replace(
        full, msg_text("debate-announce-issues-ids", lang, n=len(ids), list=", ".join(ids))
    )
    return announce.replace(
        opening_ask(lang, sc.question.in_(lang)), msg_text("debate-announce-opening-brief", lang)
    )


def instruction(req: TurnRequest, method: str) -> str:
    """The phase prompt of the last user message: round, announcement (round 1's agenda by
    :func:`brief_agenda`) and the table."""
    spec = req.round_spec
    announce = next(
        (n.text for n in reversed(req.notes) if n.kind == "announce" and n.round == req.round), ""
    )
    if req.round == 1:
        announce = brief_agenda(req, announce)
    title = spec.title.in_(req.lang) if spec.title else spec.phase
    own = [p.id for p in req.table if p.author == req.persona.id]
    return render(
        f"llm/{spec.phase}.j2",
        round=req.round,
        total_rounds=req.total_rounds,
        phase=spec.phase,
        phase_title=title,
        announce=moderator_text(req, announce, tabled=True),
        table=views.table_view(req),
        own=own,
        is_voter=req.persona.id in req.scenario.voter_ids(),
        method=method,
    )


def _note(n: ModeratorNote) -> ChatMessage:
    return ChatMessage(role="user", content=render("llm/facilitator.j2", round=n.round, text=n.text))


def _log(req: TurnRequest, cut: int, method: str) -> list[ChatMessage]:
    """The seat's appended log from ``history[cut:]``: for each of its own turns, what it
    had seen since its previous one (others' turns, facilitator messages at the point they
    were said), a "your turn" line and its reply; then what came since its last turn."""
    h, me = req.history, req.persona.id
    sealed = {n.round for n in req.notes if n.kind == "announce" and n.policy == "simultaneous"}
    first_of: dict[int, int] = {}
    for i, t in enumerate(h):
        first_of.setdefault(t.round, i)
    notes = [n for n in req.notes if n.kind == "facilitator" and n.at_turn >= cut]

    def seen_between(lo: int, hi: int, last: bool) -> list[ChatMessage]:
        out = []
        for j in range(lo, hi):
            out += [_note(n) for n in notes if n.at_turn == j]
            if not (h[j].persona == me and h[j].move is not None):  # own replies stand on their own
                out.append(_history_message(req, h[j], method))
        return out + ([_note(n) for n in notes if n.at_turn >= hi] if last else [])

    msgs: list[ChatMessage] = []
    cursor = cut
    for i in range(cut, len(h)):
        t = h[i]
        if t.persona != me or t.move is None:
            continue
        seen = max(cursor, first_of[t.round] if t.round in sealed else i)
        msgs += seen_between(cursor, seen, last=False)
        msgs += [_note(n) for n in notes if n.at_turn == seen]
        notes = [n for n in notes if n.at_turn != seen]
        marker = render("llm/your_turn.j2", round=t.round, total_rounds=req.total_rounds, phase=t.phase)
        msgs += [ChatMessage(role="user", content=marker), _history_message(req, t, method)]
        cursor = seen
    return msgs + seen_between(cursor, len(h), last=True)


BRIEF_CHARS = 240
"""The brief's lead sentences up to this many characters (views.lead): about one English sentence."""


def context_text(req: TurnRequest) -> str:
    """The first user message: the brief's lead, once, and who else is at the table (name,
    id and short name; not their roles: issue #14 item 5). Constant over a debate."""
    others = [{"id": o.id, "name": o.name.in_(req.lang), "short": o.short.in_(req.lang)} for o in req.others]
    return render(
        "llm/context.j2",
        question=req.scenario.question.in_(req.lang),
        brief=views.lead(req.scenario.brief.in_(req.lang), BRIEF_CHARS),
        others=others,
    )


def _assemble(
    req: TurnRequest, cut: int, method: str, policy: ContextPolicy, skip: int = 0
) -> list[ChatMessage]:
    msgs = [
        ChatMessage(role="system", content=system_prompt(req, method)),
        ChatMessage(role="user", content=context_text(req)),
        *_summaries(req, cut, skip, policy),
        *_log(req, cut, method),
        ChatMessage(role="user", content=instruction(req, method)),
    ]
    return merge_same_role(msgs)


def build_turn_messages(
    req: TurnRequest,
    *,
    method: str = "prompt",
    policy: ContextPolicy | None = None,
    context_tokens: int = 32_768,
    reply_tokens: int = 900,
) -> Conversation:
    """The messages for ``req``'s turn, trimmed to ``context_tokens`` minus ``reply_tokens``
    by moving the log's start on, turn by turn. ``window`` is the number of turns in the log.

    ``fits`` is False only if even an empty log is too long (the caller reports it).
    """
    policy = policy or ContextPolicy()
    full = len(req.history)
    cut, skip = checkpoint(req, policy), 0
    while True:
        msgs = _assemble(req, cut, method, policy, skip)
        tokens = estimate_tokens(msgs)
        fits = tokens + reply_tokens <= context_tokens
        if fits or (cut >= full and skip >= len(_epoch_spans(req, cut, policy))):
            return Conversation(messages=msgs, window=full - cut, tokens=tokens, fits=fits)
        if cut < full:
            cut += 1  # the oldest verbatim turn folds into its epoch's block
        else:
            skip += 1  # then the oldest blocks go


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
