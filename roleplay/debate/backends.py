"""Backend specs -> backend objects. One explicit mapping, no plugin registry.

Specs: ``offline`` (the default, built-in rule-based negotiator, not an LLM). LLM specs
(``openai:MODEL``, ``deepseek:MODEL``, ``ollama:MODEL``, ``openai-compatible:MODEL``) are
handled by :mod:`roleplay.llm`, imported only when asked for so that offline runs start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from roleplay.debate.backend import Backend
from roleplay.errors import InputError
from roleplay.formats.scenario import Scenario

if TYPE_CHECKING:
    from roleplay.llm.judge import Judge


def make_backend(spec: str, *, base_url: str | None = None, **options: Any) -> Backend:
    """Build the backend named by ``spec``.

    Raises:
        InputError: an unknown spec or a spec whose module is not available, with the fix.
    """
    if spec == "offline":
        from roleplay.offline import OfflineNegotiator

        return OfflineNegotiator()
    try:
        from roleplay.llm.backend import make_llm_backend
    except ImportError as e:
        raise InputError("error-backend-unavailable", spec=spec) from e
    backend: Backend = make_llm_backend(spec, base_url=base_url, **options)
    return backend


def make_judge(spec: str, *, base_url: str | None = None, **options: Any) -> Judge | None:
    """The LLM judge named by ``spec`` (roleplay.llm.judge), or None for ``offline`` (no judge).

    Raises:
        InputError: as :func:`make_backend`.
    """
    if spec == "offline":
        return None
    from roleplay.llm.backend import make_llm_backend

    return make_llm_backend(spec, base_url=base_url, **options)


def backend_specs(scenario: Scenario, default: str | None = None) -> dict[str, str]:
    """Persona id -> backend spec: ``default`` (e.g. --model) overrides the scenario's
    ``backend``; per-persona specs in the scenario win over both."""
    base = default or scenario.backend
    return {pid: scenario.persona_backends.get(pid, base) for pid in scenario.personas}
