"""One model call as the engine needs it: cached, timed out, retried, streamed and accounted.

:meth:`Caller.call` is an async generator. It yields :class:`~roleplay.debate.backend.Delta`
(speech as it streams, only in ``speech`` mode), :class:`~roleplay.debate.backend.Notice` (every
fault, retry, cache hit and cut-off reply) and finally one :class:`CallOutcome`. It never
raises for a misbehaving server: the outcome carries the typed error instead.

Timing: each HTTP attempt has ``call_timeout_s`` from first byte to last (the SDK's own
timeout plus a wall clock here); every wait for a chunk also stops at the turn's
``deadline``. A fault after speech has been shown is not retried (the listener already
saw the words; the partial text is kept and the turn is marked incomplete).

Secrets: reply content and reasoning are masked as they arrive (see
:mod:`roleplay.llm.redaction`), before they are split, shown, parsed or cached, so no
part of an outcome, a Delta or a Notice can carry the key or anything key-shaped.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

from roleplay.debate.backend import Delta, Notice
from roleplay.debate.move import Usage
from roleplay.errors import BackendError, PermanentBackendError, TransientBackendError
from roleplay.llm.cache import CachedReply, ResponseCache, cache_key
from roleplay.llm.chat import ChatClient, Piece
from roleplay.llm.conversation import ChatMessage
from roleplay.llm.faults import RetryBudget, RetryPolicy, backoff_s, classify
from roleplay.llm.redaction import StreamScrubber
from roleplay.llm.stream import JsonSpeechSplitter, SpeechSplitter, ThinkSplitter
from roleplay.streams import Final, forward

Mode = Literal["speech", "plain"]


@dataclass
class CallOutcome:
    """The result of a call.

    Fields:
        text: the raw content as received (think tags included).
        speech: speech shown as Deltas (``speech`` mode), or "".
        block: the move/JSON part (``speech`` mode) or the whole content minus reasoning.
        reasoning: reasoning fields and ``<think>`` text, joined.
        error: None when the reply arrived whole.
    """

    text: str = ""
    speech: str = ""
    block: str = ""
    reasoning: str = ""
    finish_reason: str | None = None
    error: BackendError | None = None
    usage: Usage = field(default_factory=Usage)


class _Reader:
    """Masks Pieces, feeds them through the think and speech splitters and keeps the parts."""

    def __init__(self, mode: Mode, json_mode: bool, secrets: list[str]):
        self.out = CallOutcome()
        self._clean_text, self._clean_reasoning = StreamScrubber(secrets), StreamScrubber(secrets)
        self._think = ThinkSplitter()
        self._speech = None if mode == "plain" else JsonSpeechSplitter() if json_mode else SpeechSplitter()
        self._plain: list[str] = []

    def feed(self, p: Piece) -> str:
        """Take a piece; return speech text to show now."""
        content = self._clean_text.feed(p.content)
        self.out.text += content
        self.out.reasoning += self._clean_reasoning.feed(p.reasoning)
        if p.prompt_tokens is not None:
            self.out.usage.prompt_tokens = p.prompt_tokens
        if p.completion_tokens is not None:
            self.out.usage.completion_tokens = p.completion_tokens
        if p.cached_tokens is not None:
            self.out.usage.cached_tokens = p.cached_tokens
        self.out.finish_reason = p.finish_reason or self.out.finish_reason
        return self._route(*self._think.feed(content))

    def _route(self, text: str, thought: str) -> str:
        self.out.reasoning += thought
        if self._speech is None:
            self._plain.append(text)
            return ""
        shown = self._speech.feed(text)
        self.out.speech += shown
        return shown

    def finish(self) -> str:
        """End of stream: release held text; return the last speech to show."""
        content = self._clean_text.flush()
        self.out.text += content
        self.out.reasoning += self._clean_reasoning.flush()
        shown = self._route(*self._think.feed(content))
        shown += self._route(*self._think.flush())
        if self._speech is None:
            self.out.block = "".join(self._plain)
            return shown
        tail = self._speech.flush()
        self.out.speech += tail
        self.out.block = self._speech.block
        return shown + tail


def add_usage(a: Usage, b: Usage) -> Usage:
    """Field-wise sum of two Usage records."""
    return Usage(
        prompt_tokens=a.prompt_tokens + b.prompt_tokens,
        completion_tokens=a.completion_tokens + b.completion_tokens,
        cached_tokens=a.cached_tokens + b.cached_tokens,
        latency_s=round(a.latency_s + b.latency_s, 3),
        calls=a.calls + b.calls,
    )


class Caller:
    """Makes calls for one backend.

    Args:
        client: the LangChain chat client.
        identity: model identity for the cache (provider, model, base URL; no key).
        secrets: strings to mask in everything a call returns (the key).
        key_source: where the key came from, for a rejected key's message (never the key).
    """

    def __init__(
        self,
        client: ChatClient,
        *,
        label: str,
        identity: str,
        policy: RetryPolicy,
        budget: RetryBudget,
        cache: ResponseCache | None,
        secrets: list[str],
        key_source: str = "the API-key variable or the keys file",
        seed: int = 0,
    ):
        self.client, self.label, self.identity = client, label, identity
        self.policy, self.budget, self.cache, self._secrets = policy, budget, cache, secrets
        self._key_source = key_source
        self._rng = random.Random(seed)

    async def call(
        self,
        messages: list[ChatMessage],
        *,
        deadline: float,
        mode: Mode,
        json_mode: bool = False,
        seed: int = 0,
    ) -> AsyncIterator[Delta | Notice | CallOutcome]:
        """Call the model (see module docstring). ``deadline`` is in ``loop.time()`` seconds."""
        loop = asyncio.get_running_loop()
        key = self._key(messages, json_mode, seed)
        hit = self.cache.get(key) if self.cache and key else None
        if hit is not None:
            yield Notice(kind="cache_hit", detail=f"{self.label}: reply taken from the cache")
            async for item in self._replay(hit, mode, json_mode):
                yield item
            return
        usage, attempt = Usage(), 0
        while True:
            final = Final(CallOutcome)
            async for item in forward(self._attempt(messages, mode, json_mode, deadline), final):
                yield item
            out = final.get()
            out.usage = usage = add_usage(usage, out.usage)
            if out.error is None:
                if out.finish_reason == "length":
                    yield Notice(
                        kind="truncated",
                        detail=f"{self.label}: reply cut at the {self.client.spec.max_tokens}-token limit",
                    )
                self._store(key, out)
                yield out
                return
            yield Notice(kind="fault", detail=str(out.error))  # masked by classify()
            wait, why_not = self._plan_retry(out, attempt, loop.time(), deadline)
            if why_not:
                yield Notice(kind="fault", detail=f"{self.label}: giving up: {why_not}")
                yield out
                return
            yield Notice(
                kind="retry",
                detail=f"{self.label}: retry {attempt + 1} of {self.policy.max_attempts - 1} in {wait:.1f}s",
                wait_s=round(wait, 3),
            )
            await asyncio.sleep(wait)
            attempt += 1

    def _plan_retry(
        self, out: CallOutcome, attempt: int, now: float, deadline: float
    ) -> tuple[float, str | None]:
        """(seconds to wait, None) or (0, why not to retry)."""
        err = out.error
        if isinstance(err, PermanentBackendError):
            return 0, "the fault is permanent"
        if out.speech.strip():
            return 0, "part of the speech was already shown; kept as incomplete"
        after = err.retry_after if isinstance(err, TransientBackendError) else None
        wait = backoff_s(attempt, self.policy, after, self._rng)
        if attempt + 1 >= self.policy.max_attempts:
            return 0, f"{self.policy.max_attempts} tries made"
        if after is not None and after > self.policy.max_wait_s:
            return 0, f"the server asks to wait {after:.0f}s, over the {self.policy.max_wait_s:.0f}s limit"
        if now + wait >= deadline:
            return 0, "the turn's deadline would pass"
        if not self.budget.take():
            return 0, f"the debate's retry budget ({self.budget.total}) is spent"
        return wait, None

    async def _attempt(
        self, messages: list[ChatMessage], mode: Mode, json_mode: bool, deadline: float
    ) -> AsyncIterator[Delta | CallOutcome]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        stop_at = min(deadline, start + self.client.spec.call_timeout_s)
        reader = _Reader(mode, json_mode, self._secrets)
        stream: AsyncGenerator[Piece] = self.client.stream(messages, json_mode=json_mode)
        try:
            while True:
                try:
                    async with asyncio.timeout_at(stop_at):
                        piece = await anext(stream)
                except StopAsyncIteration:
                    break
                shown = reader.feed(piece)
                if shown:
                    yield Delta(text=shown)
        except Exception as exc:  # every SDK, HTTP and timeout error becomes a typed fault
            reader.out.error = classify(exc, self.label, self._secrets, self._key_source)
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()
        shown = reader.finish()
        if shown:
            yield Delta(text=shown)
        reader.out.usage.latency_s = round(loop.time() - start, 3)
        reader.out.usage.calls = 1
        yield reader.out

    async def _replay(
        self, hit: CachedReply, mode: Mode, json_mode: bool
    ) -> AsyncIterator[Delta | CallOutcome]:
        reader = _Reader(mode, json_mode, self._secrets)
        shown = reader.feed(Piece(content=hit.text, reasoning=hit.reasoning, finish_reason=hit.finish_reason))
        shown += reader.finish()
        if shown:
            yield Delta(text=shown)
        reader.out.usage = Usage()
        yield reader.out

    def _key(self, messages: list[ChatMessage], json_mode: bool, seed: int) -> str | None:
        if self.cache is None:
            return None
        spec = self.client.spec
        params = {
            "temperature": spec.temperature,
            "max_tokens": spec.max_tokens,
            "json_mode": json_mode,
            "seed": seed,
        }
        return cache_key(self.identity, [m.model_dump() for m in messages], params)

    def _store(self, key: str | None, out: CallOutcome) -> None:
        if self.cache is not None and key is not None:
            self.cache.put(
                key,
                self.identity,
                CachedReply(
                    text=out.text,
                    reasoning=out.reasoning,
                    prompt_tokens=out.usage.prompt_tokens,
                    completion_tokens=out.usage.completion_tokens,
                    finish_reason=out.finish_reason,
                ),
            )
