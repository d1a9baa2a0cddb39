"""The one module that touches LangChain: a streaming chat call to an OpenAI-compatible server.

Every provider is a LangChain ``ChatOpenAI`` family model with a base URL. Two things are
added on top, both by the documented LangChain route of subclassing (the pattern of
``langchain_deepseek.ChatDeepSeek``), never by patching:

* reasoning text that servers send outside the OpenAI spec (``reasoning_content`` from
  DeepSeek and vLLM, ``reasoning`` from Ollama and OpenRouter) is kept in
  ``additional_kwargs["reasoning"]`` instead of being dropped;
* non-OpenAI providers use ``BaseChatOpenAI``, which sends ``max_tokens`` as is (the
  ``ChatOpenAI`` rename to ``max_completion_tokens`` is unknown to many local servers).

The SDK's own retries are off (``max_retries=0``): :mod:`roleplay.llm.caller` retries, so
that every retry is visible as an event and counts against the debate's budget. JSON mode
travels in ``extra_body`` so the call stays on the plain streaming path (LangChain's
``response_format`` path uses the SDK's beta stream helper, which fails on a chunk without
a delta).
"""

from __future__ import annotations

from typing import Any, AsyncIterator, NamedTuple

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import SecretStr

from .conversation import ChatMessage
from .spec import BackendSpec

_REASONING_FIELDS = ("reasoning_content", "reasoning")


class Piece(NamedTuple):
    """One streamed chunk, reduced to what roleplay uses (any part may be empty)."""

    content: str = ""
    reasoning: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None


class _KeepReasoning:
    """Mixin: copy a delta's reasoning field into ``additional_kwargs["reasoning"]``."""

    def _convert_chunk_to_generation_chunk(self, chunk: dict, default_chunk_class: type,
                                           base_generation_info: dict | None) -> Any:
        gen = super()._convert_chunk_to_generation_chunk(chunk, default_chunk_class,  # type: ignore[misc]
                                                         base_generation_info)
        choices = chunk.get("choices") or []
        delta = (choices[0].get("delta") or {}) if choices else {}
        text = next((delta[f] for f in _REASONING_FIELDS if isinstance(delta.get(f), str) and delta[f]), "")
        if gen is not None and text:
            gen.message.additional_kwargs["reasoning"] = text
        return gen


class _OpenAIModel(_KeepReasoning, ChatOpenAI):
    """api.openai.com: Chat Completions, reasoning kept."""


class _CompatibleModel(_KeepReasoning, BaseChatOpenAI):
    """Any other OpenAI-compatible server: reasoning kept, ``max_tokens`` sent as is."""


def _to_langchain(messages: list[ChatMessage]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


class ChatClient:
    """A streaming chat client for one backend spec.

    Args:
        spec: provider, model, base URL and call knobs.
        key: the API key (kept inside the SDK client only).
    """

    def __init__(self, spec: BackendSpec, key: SecretStr):
        cls = _OpenAIModel if spec.provider == "openai" else _CompatibleModel
        extra: dict[str, Any] = {"use_responses_api": False} if cls is _OpenAIModel else {}
        self.spec = spec
        self._model = cls(model=spec.model, base_url=spec.base_url, api_key=key, max_retries=0,
                          timeout=spec.call_timeout_s, stream_usage=True, temperature=spec.temperature,
                          max_tokens=spec.max_tokens, stream_chunk_timeout=spec.call_timeout_s, **extra)

    async def stream(self, messages: list[ChatMessage], json_mode: bool = False) -> AsyncIterator[Piece]:
        """Stream one reply as Pieces. Raises whatever the SDK raises (see faults.classify)."""
        kwargs: dict[str, Any] = {"extra_body": {"response_format": {"type": "json_object"}}} if json_mode else {}
        async for chunk in self._model.astream(_to_langchain(messages), **kwargs):
            usage = chunk.usage_metadata or {}
            text = chunk.content if isinstance(chunk.content, str) else ""
            yield Piece(content=text, reasoning=chunk.additional_kwargs.get("reasoning", ""),
                        prompt_tokens=usage.get("input_tokens"), completion_tokens=usage.get("output_tokens"),
                        finish_reason=chunk.response_metadata.get("finish_reason"))
