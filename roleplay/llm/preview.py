"""``--dry-run``: render every LLM prompt of the first round without calling a model.

No key is needed and nothing is sent. Each speaker's prompt is rendered as if it spoke
first (a dry run has no earlier turns to show), after the moderator's announcement.
Personas on the offline engine have no prompt and are listed without one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from roleplay.debate import moderator
from roleplay.debate.backend import TurnRequest, public_card
from roleplay.debate.table import Table
from roleplay.debate.turns import round_speakers
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
    return first_round_prompts(setup, backend_specs(scenario, model), base_url=base_url)


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
