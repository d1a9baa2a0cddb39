"""``--dry-run``: render every LLM prompt of the first round without calling a model, and
estimate what the whole debate would cost per seat.

No key is needed and nothing is sent. Each speaker's prompt is rendered as if it spoke
first (a dry run has no earlier turns to show), after the moderator's announcement.
Personas on the offline engine have no prompt and are listed without one.

The estimate (:func:`estimate_debate`) plays the whole agenda with placeholder turns (a
speech of an assumed length; in proposal rounds each seat tables a package settling every
issue, later it supports every package), builds every LLM seat's real prompt for every turn
with the real moderator notes, and counts tokens with the same tokenizer-free estimate the
context trimming uses (roleplay.llm.conversation.estimate_tokens). It also counts the
tokens after the longest prefix shared with the seat's previous call (what a provider's
prefix cache could not reuse). Replies are assumed to be ``reply_tokens`` long.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from pydantic import Field

from roleplay.debate import moderator
from roleplay.debate.backend import TurnRequest, public_card
from roleplay.debate.move import ModeratorNote, Move, Proposal, Stance, Turn
from roleplay.debate.sealed import build_request, turn_id
from roleplay.debate.table import Table, apply_move
from roleplay.debate.turns import round_policy, round_speakers
from roleplay.formats.text import Strict
from roleplay.llm.conversation import ChatMessage, ContextPolicy, build_turn_messages, estimate_tokens
from roleplay.llm.spec import parse_spec

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup


class PromptPreview(Strict):
    """One persona's first-round prompt: backend label, messages and estimated tokens."""

    persona: str
    backend: str
    messages: list[ChatMessage] = Field(default_factory=list)
    tokens: int = 0


def first_round_prompts(
    setup: DebateSetup,
    specs: dict[str, str],
    *,
    base_url: str | None = None,
    context: ContextPolicy | None = None,
) -> list[PromptPreview]:
    """The prompts of round 1, in speaking order.

    Args:
        specs: persona id -> backend spec (``offline`` gets an empty preview).
        base_url: as ``--base-url``.

    Raises:
        InputError: a spec does not parse.
    """
    agenda = setup.agenda()
    spec = agenda[0]
    note = moderator.announce(setup, 1, spec, len(agenda), Table())
    out = []
    for pid in round_speakers(spec, setup.scenario):
        if specs.get(pid, "offline") == "offline":
            out.append(PromptPreview(persona=pid, backend="offline"))
            continue
        bs = parse_spec(specs[pid], base_url=base_url)
        persona = setup.persona(pid)
        req = TurnRequest(
            turn_id=f"r1-dry-{pid}",
            round=1,
            round_spec=spec,
            total_rounds=len(agenda),
            persona=persona,
            others=[public_card(p) for p in setup.personas if p.id != pid],
            scenario=setup.scenario,
            rubric=setup.rubric,
            lang=setup.lang,
            seed=setup.seed,
            turn_index=0,
            notes=[note],
        )
        conv = build_turn_messages(
            req,
            method=bs.method,
            policy=context,
            context_tokens=bs.context_tokens,
            reply_tokens=bs.max_tokens,
        )
        out.append(
            PromptPreview(
                persona=pid, backend=bs.label, messages=conv.messages, tokens=estimate_tokens(conv.messages)
            )
        )
    return out


REPLY_TOKENS = 350
"""Assumed reply length per call for the estimate (a 150-word speech and its move)."""


class SeatEstimate(Strict):
    """One LLM seat's estimated cost for the whole debate.

    Fields:
        calls: turns it takes (repairs not counted); prompt_tokens: sent over all calls;
        uncached_tokens: the part of each prompt after the longest prefix shared with its
        previous call, summed; completion_tokens: ``calls`` x the assumed reply length;
        cost: in the price's currency, None without a price.
    """

    persona: str
    backend: str
    calls: int = 0
    prompt_tokens: int = 0
    uncached_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None


class _Seen(NamedTuple):
    """A snapshot a turn request is built from (roleplay.debate.sealed.Seen)."""

    history: list[Turn]
    table: Table
    notes: list[ModeratorNote]


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b`` (binary search on slices)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _placeholder_move(req: TurnRequest, table: Table, speech: str, tabled: int) -> Move:
    """A plausible move for the estimate: a package in a proposal round, stances after."""
    phase, sc = req.round_spec.phase, req.scenario
    if phase == "proposal" and sc.issues:
        settles = {i.id: i.options[0].id for i in sc.issues}
        prop = Proposal(id=f"P{tabled + 1}", author=req.persona.id, title="Package " * 3, settles=settles)
        return Move(speech=speech, proposal=prop, claims=[])
    if phase in ("negotiation", "vote"):
        stances = [Stance(proposal=p.id, position="support", reason="fits") for p in table.proposals]
        return Move(speech=speech, stances=stances)
    return Move(speech=speech)


def estimate_debate(
    setup: DebateSetup,
    specs: dict[str, str],
    *,
    base_url: str | None = None,
    context: ContextPolicy | None = None,
    speech_chars: int | None = None,
    reply_tokens: int = REPLY_TOKENS,
    price_in: float | None = None,
    price_out: float | None = None,
) -> list[SeatEstimate]:
    """Estimate tokens (and cost) per LLM seat for the whole agenda (see module docstring).

    Args:
        speech_chars: assumed speech length (default: about 150 words: 900 characters in
            English, 300 in Chinese).
        reply_tokens: assumed reply length per call (speech and move).
        price_in, price_out: price per million prompt / completion tokens (``price_out``
            defaults to ``price_in``); cost stays None without ``price_in``.

    Raises:
        InputError: a spec does not parse.
    """
    speech = "x" * (speech_chars or (300 if setup.lang != "en" else 900))
    parsed = {pid: parse_spec(s, base_url=base_url) for pid, s in specs.items() if s != "offline"}
    seats = {pid: SeatEstimate(persona=pid, backend=bs.label) for pid, bs in parsed.items()}
    last_prompt: dict[str, str] = {}
    agenda = setup.agenda()
    table, history, notes, tabled = Table(), [], [], 0
    for rn, spec in enumerate(agenda, 1):
        policy = round_policy(spec, setup.scenario)
        notes.append(moderator.announce(setup, rn, spec, len(agenda), table, policy))
        start = _Seen(list(history), table, list(notes))
        for pid in round_speakers(spec, setup.scenario):
            seen = start if policy == "simultaneous" else _Seen(list(history), table, list(notes))
            tid = turn_id(rn, len(history) + 1, pid)
            req = build_request(setup, seen, rn, spec, len(agenda), pid, tid, len(history), policy)
            if pid in parsed:
                bs = parsed[pid]
                msgs = build_turn_messages(
                    req,
                    method=bs.method,
                    policy=context,
                    context_tokens=bs.context_tokens,
                    reply_tokens=bs.max_tokens,
                ).messages
                text = "".join(f"<{m.role}>{m.content}" for m in msgs)
                prev = last_prompt.get(pid, "")
                shared = common_prefix(text, prev)
                seat = seats[pid]
                seat.calls += 1
                seat.prompt_tokens += estimate_tokens(msgs)
                seat.uncached_tokens += estimate_tokens([ChatMessage(role="user", content=text[shared:])]) - 4
                seat.completion_tokens += reply_tokens
                last_prompt[pid] = text
            move = _placeholder_move(req, table, speech, tabled)
            tabled += 1 if move.proposal is not None else 0
            table = apply_move(table, pid, move)
            history.append(Turn(id=req.turn_id, round=rn, phase=spec.phase, persona=pid, move=move))
        notes.append(moderator.summarize(setup, rn, spec, history, table))
    out = list(seats.values())
    if price_in is not None:
        pout = price_in if price_out is None else price_out
        for s in out:
            s.cost = (s.prompt_tokens * price_in + s.completion_tokens * pout) / 1_000_000
    return out


def estimate_text(estimates: list[SeatEstimate], reply_tokens: int) -> str:
    """The estimates as a plain-text table with a total row."""
    if not estimates:
        return "estimate: no LLM seat (the offline engine needs no tokens)\n"
    priced = any(e.cost is not None for e in estimates)
    head = f"{'seat':<14} {'calls':>5} {'prompt tok':>11} {'uncached tok':>13} {'reply tok':>10}"
    rows = [head + (f" {'cost':>10}" if priced else "") + "  backend"]
    total = SeatEstimate(persona="total", backend="", cost=0.0 if priced else None)
    for e in [*estimates, total]:
        if e is not total:
            total.calls += e.calls
            total.prompt_tokens += e.prompt_tokens
            total.uncached_tokens += e.uncached_tokens
            total.completion_tokens += e.completion_tokens
            if priced and total.cost is not None and e.cost is not None:
                total.cost += e.cost
        line = (
            f"{e.persona:<14} {e.calls:>5} {e.prompt_tokens:>11,} "
            f"{e.uncached_tokens:>13,} {e.completion_tokens:>10,}"
        )
        line += f" {e.cost:>10.4f}" if priced and e.cost is not None else ""
        rows.append(line + (f"  {e.backend}" if e.backend else ""))  # last, whole: never cut
    note = (
        f"estimate for the whole agenda: placeholder turns, replies of {reply_tokens} tokens, "
        "tokens estimated without the model's tokenizer; 'uncached' = after the prefix shared "
        "with the seat's previous call"
        + ("; cost in the currency of --price/--price-out (prices per million tokens)" if priced else "")
    )
    return "\n".join([note, *rows]) + "\n"


def dry_setup(
    scenario_ref: str,
    *,
    seed: int | None = None,
    lang: str | None = None,
    rounds: int | None = None,
    model: str | None = None,
) -> tuple[DebateSetup, dict[str, str]]:
    """The setup and the backend specs ``prepare`` would use, with no backend built (so no
    key is read).

    Raises:
        InputError (and subclasses): bad files, unknown ids.
    """
    from roleplay.debate.backends import backend_specs
    from roleplay.debate.setup import DebateSetup
    from roleplay.formats.catalog import load_scenario

    scenario, personas, rubric = load_scenario(scenario_ref)
    setup = DebateSetup(
        scenario=scenario,
        personas=personas,
        rubric=rubric,
        seed=scenario.seed if seed is None else seed,
        lang=lang or scenario.lang,
        rounds=rounds,
    )
    return setup, backend_specs(scenario, model)


def preview_scenario(
    scenario_ref: str,
    *,
    seed: int | None = None,
    lang: str | None = None,
    rounds: int | None = None,
    model: str | None = None,
    base_url: str | None = None,
) -> list[PromptPreview]:
    """``roleplay run SCENARIO --dry-run``: load the scenario as ``prepare`` would, but
    build no backend (so no key is read) and render round 1's prompts.

    Raises:
        InputError (and subclasses): bad files, unknown ids, a bad backend spec.
    """
    setup, specs = dry_setup(scenario_ref, seed=seed, lang=lang, rounds=rounds, model=model)
    return first_round_prompts(setup, specs, base_url=base_url)


def preview_text(previews: list[PromptPreview]) -> str:
    """The previews as plain text: a header per persona, then each message by role."""
    blocks = []
    for p in previews:
        if not p.messages:
            blocks.append(f"=== {p.persona} ({p.backend}): no prompt, the offline engine needs none")
            continue
        body = "\n\n".join(f"--- {m.role} ---\n{m.content}" for m in p.messages)
        blocks.append(f"=== {p.persona} ({p.backend}), about {p.tokens} prompt tokens\n{body}")
    return "\n\n".join(blocks) + "\n"
