"""Prompt tokens per turn for a five-persona, twelve-round debate against the fake server.

Runs the same scripted debate twice through the real LLM backend (LangChain, openai SDK,
HTTP + SSE on 127.0.0.1): once with the context budget (one lap of turns verbatim, older
turns in a bounded digest) and once sending the full history every turn. Prompt tokens
are what the server reports in each reply's usage (the fake server estimates one token per
CJK character and one per four other characters).

Usage: ``python bench/llm_tokens.py`` (prints the series and exits 1 if a target is missed:
flat after round 3, and under half of the full-history cost).
"""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeOpenAI, Reply  # noqa: E402
from llm_fixtures import make_setup, scripted_model  # noqa: E402

from roleplay.debate.engine import run_debate  # noqa: E402
from roleplay.debate.events import TurnCompleted  # noqa: E402
from roleplay.llm.backend import make_llm_backend  # noqa: E402
from roleplay.llm.conversation import ContextPolicy  # noqa: E402

SPEECH = (
    "Speaking for my constituency, I weigh each instrument against the demand signal it sends, the "
    "patient capital it mobilises and the risks it shifts onto smaller firms. "
)


def talkative(body: dict) -> Reply:
    """The scripted model with speeches of about 150 words, like a real persona's."""
    reply = scripted_model(body)
    if "```json" in reply.text:
        reply.text = re.sub(r"^.*?(?=\n\n```json)", SPEECH * 5, reply.text, count=1, flags=re.S)
    return reply


async def one_run(base_url: str, policy: ContextPolicy) -> list[TurnCompleted]:
    setup = make_setup(rounds=12, n_personas=5)
    backends = {
        p.id: make_llm_backend(
            "openai-compatible:bench", base_url=base_url, context=policy, context_tokens=1_000_000
        )
        for p in setup.personas
    }
    return [e async for e in run_debate(setup, backends, run_id="bench001") if isinstance(e, TurnCompleted)]


def per_round(turns: list[TurnCompleted]) -> dict[int, float]:
    rounds: dict[int, list[int]] = {}
    for e in turns:
        rounds.setdefault(e.turn.round, []).append(e.turn.usage.prompt_tokens)
    return {r: statistics.mean(v) for r, v in sorted(rounds.items())}


def main() -> int:
    with FakeOpenAI(responder=talkative) as srv:
        budget = asyncio.run(one_run(srv.base_url, ContextPolicy()))
        full = asyncio.run(one_run(srv.base_url, ContextPolicy(full_history=True)))
    assert all(e.turn.status == "ok" for e in budget + full), "a turn failed; the benchmark is void"
    b, f = per_round(budget), per_round(full)
    print("round  phase         budget/turn  full-history/turn")
    for r in b:
        phase = budget[(r - 1) * 5].turn.phase
        print(f"{r:>5}  {phase:<12} {b[r]:>11.0f}  {f[r]:>17.0f}")
    print("per-turn series (budget):", [e.turn.usage.prompt_tokens for e in budget])
    total_b = sum(e.turn.usage.prompt_tokens for e in budget)
    total_f = sum(e.turn.usage.prompt_tokens for e in full)
    later = [b[r] for r in b if r > 3]
    spread = (max(later) - min(later)) / statistics.mean(later)
    print(f"total prompt tokens: budget {total_b}, full history {total_f} ({total_b / total_f:.0%})")
    print(f"rounds 4-12: {min(later):.0f}..{max(later):.0f} per turn (spread {spread:.1%})")
    flat, cheap = spread < 0.05, total_b < total_f / 2
    print(
        f"flat after round 3: {'yes' if flat else 'NO'}; under half of full history: {'yes' if cheap else 'NO'}"
    )
    return 0 if flat and cheap else 1


if __name__ == "__main__":
    sys.exit(main())
