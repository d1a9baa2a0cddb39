"""What one debate's LLM backends share, built once per run (cheap: no SDK import).

A debate has one retry budget and at most one response cache, whatever mix of backends
it seats; :func:`run_options` builds them, to be passed as ``**options`` to
``roleplay.debate.session.prepare`` (which hands them to every ``make_backend`` call; the
offline backend ignores them), together with the limits the user set on the command line.

Limits and where they come from (issue #14), highest first: a seat's own ``#knob=value``
(scenario or ``--model``), the CLI options (``--context-tokens``, ``--call-timeout``,
``--connect-timeout``, ``--turn-deadline``, ``--max-tokens``, ``--retries``), the
environment (``ROLEPLAY_CONTEXT_TOKENS``, ``ROLEPLAY_CALL_TIMEOUT_S``,
``ROLEPLAY_CONNECT_TIMEOUT_S``, ``ROLEPLAY_TURN_DEADLINE_S``, ``ROLEPLAY_MAX_TOKENS``,
``ROLEPLAY_RETRY_BUDGET``), then the defaults: the server's reported window (else 8192 for
an ``openai-compatible`` server, 4096 for Ollama), 5 s to connect, 45 s for the first byte
and between chunks, 120 s per turn, 4 tries per call and 30 retries per debate. With these a
dead server fails a debate in seconds (a server that never answered stops the debate after
its first turn), and a stalled one in under a minute.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from roleplay.errors import InputError
from roleplay.llm.cache import ResponseCache
from roleplay.llm.faults import RetryBudget

DEFAULT_RETRY_BUDGET = 30


def retry_budget_from_env(env: dict[str, str] | None = None) -> int:
    """``ROLEPLAY_RETRY_BUDGET`` or the default (30).

    Raises:
        InputError: the variable is not a whole number >= 0.
    """
    value = (os.environ if env is None else env).get("ROLEPLAY_RETRY_BUDGET")
    if not value:
        return DEFAULT_RETRY_BUDGET
    if not value.strip().isdigit():
        raise InputError("error-retry-budget", value=value)
    return int(value)


def run_options(
    cache: Path | str | None = None,
    retry_budget: int | None = None,
    *,
    context_tokens: int | None = None,
    call_timeout_s: float | None = None,
    connect_timeout_s: float | None = None,
    turn_deadline_s: float | None = None,
    max_tokens: int | None = None,
) -> dict[str, Any]:
    """``{"budget": RetryBudget, "cache": ResponseCache | None, **limits}`` for one debate.

    Limits left None are not passed (the seat, the environment or the default decides).

    Raises:
        InputError: the cache file cannot be opened; a bad ``ROLEPLAY_RETRY_BUDGET``.
    """
    total = retry_budget_from_env() if retry_budget is None else retry_budget
    limits = {
        "context_tokens": context_tokens,
        "call_timeout_s": call_timeout_s,
        "connect_timeout_s": connect_timeout_s,
        "turn_deadline_s": turn_deadline_s,
        "max_tokens": max_tokens,
    }
    return {
        "budget": RetryBudget(total=total),
        "cache": ResponseCache(cache) if cache else None,
        **{k: v for k, v in limits.items() if v is not None},
    }
