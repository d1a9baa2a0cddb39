"""What one debate's LLM backends share, built once per run (cheap: no LangChain import).

A debate has one retry budget and at most one response cache, whatever mix of backends
it seats; :func:`run_options` builds them, to be passed as ``**options`` to
``roleplay.debate.session.prepare`` (which hands them to every ``make_backend`` call; the
offline backend ignores them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from roleplay.llm.cache import ResponseCache
from roleplay.llm.faults import RetryBudget


def run_options(cache: Path | str | None = None, retry_budget: int = 30) -> dict[str, Any]:
    """``{"budget": RetryBudget, "cache": ResponseCache | None}`` for one debate.

    Raises:
        InputError: the cache file cannot be opened.
    """
    return {"budget": RetryBudget(total=retry_budget), "cache": ResponseCache(cache) if cache else None}
