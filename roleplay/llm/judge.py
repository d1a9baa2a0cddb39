"""The LLM judge: one stateless call that scores a debate through the Scorecard schema.

The judge rates what needs judgement (element scores with rationale and evidence,
contradiction effects, paths followed). It is shown the outcome as the deterministic card
has it: the package's settlement (issue -> option label), its instruments, open issues,
cost against the budget, or no deal. Facts the engine already knows (package, adopted,
deal, tie-break, standings, issue outcomes, open issues, cost, consensus, support share,
satisfaction) are copied from the deterministic scorecard, never asked. Every value is checked: an element score that is not an integer from 0 to 4 stays
unscored (None, never 0, never clamped); evidence must quote a real turn word for word;
unknown ids are dropped. A reply with no JSON object gives no scorecard at all.
"""

# Slightly over ~300 lines: the judge's prompt view, call and card assembly (issue #14
# reworks the judge's accounting).

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import Field

from roleplay.debate.backend import Notice
from roleplay.debate.events import BackendNotice, DebateEnded, Event, JudgeRecord, TurnCompleted
from roleplay.debate.move import Turn, Usage
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang, Strict
from roleplay.llm import views
from roleplay.llm.caller import Caller, CallOutcome
from roleplay.llm.conversation import ChatMessage, estimate_tokens
from roleplay.llm.reply import extract_object
from roleplay.scoring.scorecard import ContradictionEffect, ElementScore, Evidence, PathMatch, Scorecard
from roleplay.streams import Final, forward
from roleplay.templating import render

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup

_EFFECTS = ("eases", "worsens", "mixed", "untouched")


class JudgeRequest(Strict):
    """What the judge sees: the rubric, the question, the finished turns and the
    deterministic scorecard whose facts it keeps."""

    rubric: Rubric
    scenario: Scenario
    lang: Lang
    turns: list[Turn]
    baseline: Scorecard
    names: dict[str, str] = Field(default_factory=dict, description="persona id -> display name")


class JudgeResult(Strict):
    """The judge's scorecard (None: unscored), what happened on the way, and its cost."""

    scorecard: Scorecard | None = None
    notices: list[Notice] = Field(default_factory=list)
    error: str | None = None
    raw: str | None = None
    reasoning: str | None = None
    usage: Usage = Field(default_factory=Usage)


def judge_messages(req: JudgeRequest, context_tokens: int) -> list[ChatMessage]:
    """System and user messages for one scoring; speeches are cut so the transcript fits
    about half of ``context_tokens``."""
    lang, r = req.lang, req.rubric
    system = render(
        "llm/judge_system.j2",
        article_title=r.title.in_(lang),
        source=r.source,
        elements=[
            {
                "id": m.id,
                "name": m.name.in_(lang),
                "function": m.function.in_(lang) if m.function else "",
                "description": m.description.in_(lang),
            }
            for m in r.elements
        ],
        contradictions=[{"id": m.id, "name": m.name.in_(lang)} for m in r.contradictions],
        paths=[{"id": m.id, "name": m.name.in_(lang)} for m in r.paths],
    )
    spoken = [(t, t.move) for t in req.turns if t.move is not None]
    limit = max(80, min(600, context_tokens // (2 * max(1, len(spoken)))))
    turns = [
        {
            "id": t.id,
            "round": t.round,
            "phase": t.phase,
            "name": req.names.get(t.persona, t.persona),
            "speech": views.quote(move.speech, limit),
        }
        for t, move in spoken
    ]
    package = _package_view(req)
    base = req.baseline
    user = render(
        "llm/judge.j2",
        question=req.scenario.question.in_(lang),
        package=package,
        turns=turns,
        consensus=base.consensus,
        support_share=base.support_share,
        budget=None if base.budget is None else f"{base.budget:g}",
        tie_break=base.tie_break,
    )
    return [ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)]


def _package_view(req: JudgeRequest) -> dict[str, Any] | None:
    """The scored package for ``judge.j2``: id, title (quoted), adopted, deal, its
    settlement (issue -> option label, open issues, cost) and instruments; None: no deal."""
    lang, r, base = req.lang, req.rubric, req.baseline
    pkg = base.package
    if pkg is None:
        return None
    return {
        "id": pkg.id,
        "title": views.quote(pkg.title, 120, inline=True),
        "adopted": base.adopted,
        "deal": base.deal,
        "settlement": views.settlement_view(req.scenario, pkg.settles, lang),
        "instruments": [
            {
                "instrument": i.instrument,
                "name": _instrument_name(r, i.instrument, lang),
                "value": i.value,
                "unit": _unit(r, i.instrument),
            }
            for i in pkg.items
        ],
    }


def _instrument_name(r: Rubric, iid: str, lang: Lang) -> str:
    try:
        return r.instrument(iid).name.in_(lang)
    except KeyError:
        return iid


def _unit(r: Rubric, iid: str) -> str:
    try:
        par = r.instrument(iid).parameter
    except KeyError:
        return ""
    return par.unit if par else ""


def _entries(obj: dict[str, Any], key: str, id_key: str) -> dict[str, dict[str, Any]]:
    """``obj[key]`` as id -> entry, from a list of objects or a mapping; junk skipped."""
    raw = obj.get(key)
    if isinstance(raw, dict):
        raw = [{id_key: k, **v} if isinstance(v, dict) else {id_key: k, "score": v} for k, v in raw.items()]
    out: dict[str, dict[str, Any]] = {}
    for e in raw if isinstance(raw, list) else []:
        if isinstance(e, dict) and isinstance(e.get(id_key), str) and e[id_key] not in out:
            out[e[id_key]] = e
    return out


def _score(value: Any) -> int | None:
    """An integer 0..4, or None for anything else (bools, fractions, strings, out of range)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    return int(value) if 0 <= value <= 4 else None


def _evidence(entry: dict[str, Any], speeches: dict[str, str]) -> list[Evidence]:
    out = []
    for ev in entry.get("evidence") or []:
        if not isinstance(ev, dict):
            continue
        turn, quote = ev.get("turn"), ev.get("quote")
        if (
            isinstance(turn, str)
            and isinstance(quote, str)
            and quote.strip()
            and " ".join(quote.split()) in " ".join(speeches.get(turn, "").split())
        ):
            out.append(Evidence(turn=turn, quote=quote.strip()))
    return out


def read_scorecard(text: str, req: JudgeRequest, scorer: str) -> Scorecard | None:
    """The judge's reply as a range-checked Scorecard, or None if it holds no JSON object."""
    obj = extract_object(text)
    if obj is None:
        return None
    r = req.rubric
    speeches = {t.id: t.move.speech for t in req.turns if t.move is not None}
    given = _entries(obj, "elements", "element")
    elements = []
    for m in r.elements:
        e = given.get(m.id, {})
        rationale = e.get("rationale") if isinstance(e.get("rationale"), str) else ""
        elements.append(
            ElementScore(
                element=m.id,
                score=_score(e.get("score")),
                rationale=rationale or ("" if e else "not scored by the judge"),
                evidence=_evidence(e, speeches),
            )
        )
    known = {i.id for i in r.instruments}
    contradictions = [
        ContradictionEffect(
            contradiction=cid, effect=e["effect"], via=[v for v in e.get("via") or [] if v in known]
        )
        for cid, e in _entries(obj, "contradictions", "contradiction").items()
        if cid in {m.id for m in r.contradictions} and e.get("effect") in _EFFECTS
    ]
    paths = [
        PathMatch(path=pid, instruments=[v for v in e.get("instruments") or [] if v in known])
        for pid, e in _entries(obj, "paths", "path").items()
        if pid in {m.id for m in r.paths}
    ]
    # the outcome facts (package, deal, standings, consensus, ...) are the deterministic card's;
    # the judge supplies its own elements, contradictions and paths
    return req.baseline.model_copy(
        deep=True,
        update={
            "scorer": scorer,
            "elements": elements,
            "contradictions": contradictions,
            "paths": paths,
            "n_scored": sum(1 for e in elements if e.score is not None),
        },
    )


async def run_judge(
    caller: Caller,
    req: JudgeRequest,
    *,
    context_tokens: int,
    deadline_s: float,
    scorer: str,
    reply_tokens: int = 0,
) -> JudgeResult:
    """Make the one judge call (retried only for transient faults) and read its scorecard.

    The result keeps the raw reply, the reasoning and the usage whether or not a scorecard
    came out. A prompt that cannot fit ``context_tokens`` with ``reply_tokens`` to spare is
    not sent (the error says how many tokens the judge needs).
    """
    result = JudgeResult()
    messages = judge_messages(req, max(1024, context_tokens - reply_tokens))
    need = estimate_tokens(messages) + reply_tokens
    if reply_tokens and need > context_tokens:
        result.error = (
            f"{scorer}: the judge's prompt needs about {need} tokens (reply included), more than its "
            f"{context_tokens}-token context window; the debate stays unscored by it (set the real "
            f"window with --context-tokens, or use a judge with a larger one)"
        )
        return result
    deadline = asyncio.get_running_loop().time() + deadline_s
    final = Final(CallOutcome)
    async for item in forward(caller.call(messages, deadline=deadline, mode="plain"), final):
        if isinstance(item, Notice):
            result.notices.append(item)
    out = final.get()
    result.usage, result.raw = out.usage, out.text or None
    result.reasoning = out.reasoning.strip() or None
    if out.error is not None:
        result.error = str(out.error)
        return result
    result.scorecard = read_scorecard(out.block, req, scorer)
    if result.scorecard is None:
        result.error = f"{scorer}: the judge's reply held no JSON object; the debate stays unscored by it"
    return result


class Disagreement(Strict):
    """An element both scorers scored differently (``delta`` = judge minus deterministic)."""

    element: str
    deterministic: int
    judge: int
    delta: int


def disagreements(deterministic: Scorecard, judge: Scorecard) -> list[Disagreement]:
    """Elements scored by both with different scores, in rubric order."""
    theirs = {e.element: e.score for e in judge.elements}
    out = []
    for e in deterministic.elements:
        j = theirs.get(e.element)
        if e.score is not None and j is not None and j != e.score:
            out.append(Disagreement(element=e.element, deterministic=e.score, judge=j, delta=j - e.score))
    return out


def mean_score(card: Scorecard) -> tuple[float | None, int]:
    """(mean of scored element scores or None, how many were scored): unscored never count as 0."""
    scored = [e.score for e in card.elements if e.score is not None]
    return (sum(scored) / len(scored) if scored else None), len(scored)


class Judge(Protocol):
    """Anything that can score a debate (an LLMBackend is one)."""

    label: str

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """Score a finished debate (one stateless call) and return the result."""
        ...


async def judged(events: AsyncIterator[Event], setup: DebateSetup, judge: Judge) -> AsyncIterator[Event]:
    """Pass a debate's events through, scoring the finished debate with ``judge`` first.

    Just before ``DebateEnded`` the judge makes its one call; its notices (and its error,
    if it left the debate unscored) become BackendNotice events on turn ``judge``, its
    scorecard (None: unscored) goes into ``DebateEnded.judge_scorecard`` and its record (raw
    reply, reasoning, usage, error) into ``DebateEnded.judge``; ``DebateEnded`` is stamped
    after the judge's notices. Sequence numbers stay consecutive. A debate without a final
    scorecard is passed through unjudged.
    """
    turns = []
    async for e in events:
        if isinstance(e, TurnCompleted):
            turns.append(e.turn)
        if isinstance(e, DebateEnded) and e.scorecard is not None:
            req = JudgeRequest(
                rubric=setup.rubric,
                scenario=setup.scenario,
                lang=setup.lang,
                turns=turns,
                baseline=e.scorecard,
                names={p.id: p.short.in_(setup.lang) for p in setup.personas},
            )
            res = await judge.judge(req)
            seq = e.seq
            for n in [*res.notices, *([Notice(kind="fault", detail=res.error)] if res.error else [])]:
                yield BackendNotice(seq=seq, turn="judge", kind=n.kind, detail=n.detail, wait_s=n.wait_s)
                seq += 1
            record = JudgeRecord(
                label=judge.label, raw=res.raw, reasoning=res.reasoning, usage=res.usage, error=res.error
            )
            e = e.model_copy(
                update={
                    "seq": seq,
                    "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "judge_scorecard": res.scorecard,
                    "judge": record,
                }
            )
        yield e
