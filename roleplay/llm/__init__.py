"""LLM backends: any OpenAI-compatible server, called through a LangChain chat model
(chat.SSEChatModel) whose transport is the official openai SDK.

Importing this package is cheap: the spec parser is loaded now, and everything that
pulls in LangChain, the OpenAI SDK and its HTTP stack is loaded on first
use of its name, so ``roleplay run`` offline never pays for it.

Public names::

    parse_spec, BackendSpec, resolve_key, PROVIDERS      backend specs and keys (spec.py)
    RetryPolicy, RetryBudget, AccessError               faults and retries (faults.py)
    ResponseCache                                       sqlite reply cache (cache.py)
    ContextPolicy, ChatMessage, build_turn_messages     conversation building (conversation.py)
    LLMBackend, make_llm_backend                        the Backend (backend.py)
    JudgeRequest, JudgeResult, judged,                  the LLM judge (judge.py)
    disagreements, mean_score
    first_round_prompts, preview_scenario, preview_text ``--dry-run`` (preview.py)
    estimate_debate, estimate_text                      ``--dry-run``'s tokens and cost per seat
    run_options                                         one debate's retry budget and cache (options.py)
"""

from __future__ import annotations

import importlib
from typing import Any

from roleplay.llm.spec import PROVIDERS, BackendSpec, parse_spec, resolve_key

_LAZY = {
    "RetryPolicy": "faults",
    "RetryBudget": "faults",
    "AccessError": "faults",
    "ResponseCache": "cache",
    "ContextPolicy": "conversation",
    "ChatMessage": "conversation",
    "build_turn_messages": "conversation",
    "LLMBackend": "backend",
    "make_llm_backend": "backend",
    "JudgeRequest": "judge",
    "JudgeResult": "judge",
    "judged": "judge",
    "disagreements": "judge",
    "mean_score": "judge",
    "first_round_prompts": "preview",
    "preview_scenario": "preview",
    "preview_text": "preview",
    "estimate_debate": "preview",
    "estimate_text": "preview",
    "run_options": "options",
}

__all__ = ["PROVIDERS", "BackendSpec", "parse_spec", "resolve_key", *_LAZY]


def __getattr__(name: str) -> Any:
    """Load a heavy public name on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'roleplay.llm' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
