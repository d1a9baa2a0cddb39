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

import asyncio
import ssl
from collections.abc import AsyncGenerator
from functools import lru_cache
from typing import Any, NamedTuple

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import SecretStr

from roleplay.llm.conversation import ChatMessage
from roleplay.llm.spec import BackendSpec

_REASONING_FIELDS = ("reasoning_content", "reasoning")


class Piece(NamedTuple):
    """One streamed chunk, reduced to what roleplay uses (any part may be empty)."""

    content: str = ""
    reasoning: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    cached_tokens: int | None = None


class _KeepReasoning:
    """Mixin: copy a delta's reasoning field into ``additional_kwargs["reasoning"]``."""

    def _convert_chunk_to_generation_chunk(
        self, chunk: dict, default_chunk_class: type, base_generation_info: dict | None
    ) -> Any:
        gen = super()._convert_chunk_to_generation_chunk(
            chunk,
            default_chunk_class,  # type: ignore[misc]
            base_generation_info,
        )
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


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """The SDK's default TLS context, built once per process (building one costs ~50 ms;
    HTTP clients are built per event loop) by the SDK's own HTTP library: ``httpx2`` for
    openai 3.x, ``httpx`` before."""
    try:
        import httpx2 as http
    except ImportError:
        import httpx as http
    return http.create_ssl_context()


def _to_langchain(messages: list[ChatMessage]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


class ChatClient:
    """A streaming chat client for one backend spec.

    The LangChain model is built per event loop, each with its own async HTTP client:
    LangChain shares one cached client per base URL, and an HTTP client bound to a closed
    loop (a previous ``asyncio.run``, a previous test) fails on its next request.

    Args:
        spec: provider, model, base URL and call knobs.
        key: the API key (kept inside the SDK client only).
    """

    def __init__(self, spec: BackendSpec, key: SecretStr):
        self.spec = spec
        self._key = key
        self._loop: asyncio.AbstractEventLoop | None = None
        self._model: BaseChatOpenAI | None = None

    def _model_for_loop(self) -> BaseChatOpenAI:
        loop = asyncio.get_running_loop()
        if self._model is None or self._loop is not loop:
            spec = self.spec
            cls = _OpenAIModel if spec.provider == "openai" else _CompatibleModel
            extra: dict[str, Any] = {"use_responses_api": False} if cls is _OpenAIModel else {}
            http = openai.DefaultAsyncHttpxClient(timeout=spec.call_timeout_s, verify=_tls_context())
            self._model = cls(
                model=spec.model,
                base_url=spec.base_url,
                api_key=self._key,
                max_retries=0,
                timeout=spec.call_timeout_s,
                stream_usage=True,
                temperature=spec.temperature,
                max_tokens=spec.max_tokens,
                stream_chunk_timeout=spec.call_timeout_s,
                http_async_client=http,
                **extra,
            )
            self._loop = loop
        return self._model

    def prepare(self) -> None:
        """Build the model and its HTTP client for the running event loop now, so that the
        first call does not pay for it (issue #14 item 6). Must run inside the loop."""
        self._model_for_loop()

    async def stream(self, messages: list[ChatMessage], json_mode: bool = False) -> AsyncGenerator[Piece]:
        """Stream one reply as Pieces. Raises whatever the SDK raises (see faults.classify)."""
        kwargs: dict[str, Any] = (
            {"extra_body": {"response_format": {"type": "json_object"}}} if json_mode else {}
        )
        async for chunk in self._model_for_loop().astream(_to_langchain(messages), **kwargs):
            usage = chunk.usage_metadata or {}
            text = chunk.content if isinstance(chunk.content, str) else ""
            yield Piece(
                content=text,
                reasoning=chunk.additional_kwargs.get("reasoning", ""),
                prompt_tokens=usage.get("input_tokens"),
                completion_tokens=usage.get("output_tokens"),
                finish_reason=chunk.response_metadata.get("finish_reason"),
                cached_tokens=(usage.get("input_token_details") or {}).get("cache_read"),
            )
