"""One model call as the engine needs it: cached, timed out, retried, streamed and accounted.

:meth:`Caller.call` is an async generator. It yields :class:`~roleplay.debate.backend.Delta`
(speech as it streams, only in ``speech`` mode), :class:`~roleplay.debate.backend.Notice` (every
fault, retry, cache hit and cut-off reply) and finally one :class:`CallOutcome`. It never
raises for a misbehaving server: the outcome carries the typed error instead.

Timing: the HTTP client waits at most ``connect_timeout_s`` to connect and
``call_timeout_s`` for the first byte and between chunks (a stalled server fails in that
time); a wall clock here stops any wait once the turn's ``deadline`` is nearer than that
(checking the clock only then keeps the per-chunk cost down). A fault after speech has been shown is not retried (the listener already
saw the words; the partial text is kept and the turn is marked incomplete).

Transport: the seat's LangChain chat model (:class:`~roleplay.llm.chat.SSEChatModel`) through
its public ``astream``, messages as LangChain messages (:func:`as_langchain`); each
``AIMessageChunk`` is read back with :func:`~roleplay.llm.chat.piece_of_chunk`.

Completeness: a reply is whole only if the server ended it, with a ``finish_reason`` or a
``data: [DONE]`` line (``response_metadata["finish_reason"]`` / ``["done"]`` of a chunk); a stream that just stops (a dropped link, a plain body closed early)
is a transient fault like any other drop, whatever the transfer encoding, so its partial
speech is kept and flagged ``incomplete`` by the backend.

Tokens: every call that generated is counted, cut or not; when the server's usage never
came (a drop, a timeout) the prompt and the text received are estimated (one token per CJK
character, one per 4 others: :func:`~roleplay.llm.conversation.estimate_tokens`).

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
from typing import Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from roleplay.debate.backend import Delta, Notice
from roleplay.debate.move import Usage
from roleplay.errors import BackendError, Msg, PermanentBackendError, TransientBackendError, msg
from roleplay.llm.cache import CachedReply, ResponseCache, cache_key
from roleplay.llm.chat import PASS_CHARS, PASS_WAIT_S, Piece, SSEChatModel, piece_of_chunk
from roleplay.llm.conversation import ChatMessage, estimate_tokens
from roleplay.llm.faults import RetryBudget, RetryPolicy, StreamCut, backoff_s, classify
from roleplay.llm.redaction import StreamScrubber
from roleplay.llm.spec import KNOB_OPTIONS, BackendSpec
from roleplay.llm.stream import JsonSpeechSplitter, MarkupFilter, SpeechSplitter, ThinkSplitter
from roleplay.streams import Final, forward

Mode = Literal["speech", "plain"]

DELTA_CHARS, DELTA_WAIT_S = PASS_CHARS, PASS_WAIT_S
"""Speech is passed on in Deltas by the transport's rule (:data:`~roleplay.llm.chat.PASS_CHARS`):
at least 16 characters, or whatever has come once 50 ms have passed since the last Delta,
or at a line end: one event per few tokens instead of one per token (less work in every
sink), at most one token gap or 50 ms later on screen."""


@dataclass
class CallOutcome:
    """The result of a call.

    Fields:
        text: the raw content as received (think tags included).
        speech: speech shown as Deltas (``speech`` mode), or "".
        block: the move/JSON part (``speech`` mode) or the whole content minus reasoning.
        reasoning: reasoning fields and ``<think>`` text, joined.
        error: None when the reply arrived whole.
        done: the server ended the stream itself (``finish_reason`` or ``[DONE]``).
        markup: chat-template markers taken out of the content.
        reached: the server answered (a byte of the reply, or an HTTP error status).
    """

    text: str = ""
    speech: str = ""
    block: str = ""
    reasoning: str = ""
    finish_reason: str | None = None
    error: BackendError | None = None
    usage: Usage = field(default_factory=Usage)
    done: bool = False
    markup: int = 0
    reached: bool = False


class _Reader:
    """Masks Pieces, feeds them through the think and speech splitters and keeps the parts."""

    def __init__(self, mode: Mode, json_mode: bool, secrets: list[str]):
        self.out = CallOutcome()
        self._clean_text, self._clean_reasoning = StreamScrubber(secrets), StreamScrubber(secrets)
        self._think = ThinkSplitter()
        self._markup = MarkupFilter()
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
        self.out.done = self.out.done or p.done or p.finish_reason is not None
        return self._route(*self._think.feed(self._markup.feed(content)))

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
        shown = self._route(*self._think.feed(self._markup.feed(content) + self._markup.flush()))
        shown += self._route(*self._think.flush())
        self.out.markup = self._markup.seen
        if self._speech is None:
            self.out.block = "".join(self._plain)
            return shown
        tail = self._speech.flush()
        self.out.speech += tail
        self.out.block = self._speech.block
        return shown + tail


def _estimate_cut_call(out: CallOutcome, sent: int) -> None:
    """A call that generated but never got the server's usage (a drop, a timeout): estimate
    its prompt (``sent``) and the text received, so that cut calls count too."""
    if out.error is None or out.usage.completion_tokens or not (out.text or out.reasoning):
        return
    got = [ChatMessage(role="assistant", content=out.text + out.reasoning)]
    out.usage.completion_tokens = max(1, estimate_tokens(got) - 4)
    out.usage.prompt_tokens = out.usage.prompt_tokens or sent


_MESSAGE_OF_ROLE: dict[str, type[BaseMessage]] = {
    "system": SystemMessage,
    "user": HumanMessage,
    "assistant": AIMessage,
}


def as_langchain(messages: list[ChatMessage]) -> list[BaseMessage]:
    """roleplay's chat messages as LangChain messages (system, human, ai), content unchanged."""
    return [_MESSAGE_OF_ROLE[m.role](content=m.content) for m in messages]


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
        model: the seat's LangChain chat model (:class:`~roleplay.llm.chat.SSEChatModel`),
            called through its public ``astream``.
        identity: model identity for the cache (provider, model, base URL; no key).
        secrets: strings to mask in everything a call returns (the key).
        key_source: where the key came from, for a rejected key's message (never the key).

    Until its server has answered a call in this debate (``answered``), a timed-out call is
    not retried: a silent server costs one call limit, not four.
    """

    def __init__(
        self,
        model: SSEChatModel,
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
        self.model, self.label, self.identity = model, label, identity
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
        sent = estimate_tokens(messages)
        while True:
            final = Final(CallOutcome)
            async for item in forward(self._attempt(messages, mode, json_mode, deadline), final):
                yield item
            out = final.get()
            if out.reached:
                self.budget.answered.add(self.spec.host)
            _estimate_cut_call(out, sent)
            for notice in self._limit_notices(out, sent):
                yield notice
            out.usage = usage = add_usage(usage, out.usage)
            if out.error is None:
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

    @property
    def spec(self) -> BackendSpec:
        """The backend spec the model calls with (set it through ``model.client.spec``)."""
        return self.model.client.spec

    @property
    def answered(self) -> bool:
        """True once this backend's server has answered any call of the debate."""
        return self.spec.host in self.budget.answered

    def _limit_notices(self, out: CallOutcome, sent: int) -> list[Notice]:
        """Notices for a reply cut by a limit, naming the limit that cut it, and for a prompt
        the server read shorter than it was sent (it cut the prompt to a smaller window)."""
        spec, notices = self.spec, []
        p, c = out.usage.prompt_tokens, out.usage.completion_tokens
        if out.markup:
            notices.append(
                Notice(
                    kind="truncated",
                    detail=f"{self.label}: {out.markup} chat-template marker(s) (<|...|>) taken out of the reply",
                )
            )
        if out.error is None and out.finish_reason == "length":
            if p and c < spec.max_tokens - 1 and p + c >= spec.context_tokens * 0.9:
                what = (
                    f"the context window's edge ({p} prompt + {c} reply tokens of {spec.context_tokens}; "
                    f"{KNOB_OPTIONS['context_tokens']} sets the window)"
                )
            else:
                what = f"the {spec.max_tokens}-token reply limit ({KNOB_OPTIONS['max_tokens']})"
            notices.append(Notice(kind="truncated", detail=f"{self.label}: reply cut at {what}"))
        if p and sent > 64 and p < sent // 2:
            notices.append(
                Notice(
                    kind="truncated",
                    detail=f"{self.label}: the server read {p} prompt tokens of about {sent} sent, so it "
                    f"cut the prompt to a smaller window than {spec.context_tokens}; give the real "
                    f"window with {KNOB_OPTIONS['context_tokens']} (or #context_tokens=N on the seat) "
                    f"so that history is trimmed before sending",
                )
            )
        return notices

    def _plan_retry(
        self, out: CallOutcome, attempt: int, now: float, deadline: float
    ) -> tuple[float, str | None]:
        """(seconds to wait, None) or (0, why not to retry)."""
        err = out.error
        if isinstance(err, PermanentBackendError):
            return 0, "the fault is permanent"
        if out.speech.strip():
            return 0, "part of the speech was already shown; kept as incomplete"
        if not self.answered and isinstance(err, BackendError) and err.msg_id == "error-no-reply":
            return 0, "the server has never answered; waiting again would only wait again"
        after = err.retry_after if isinstance(err, TransientBackendError) else None
        wait = backoff_s(attempt, self.policy, after, self._rng)
        if attempt + 1 >= self.policy.max_attempts:
            return 0, f"{self.policy.max_attempts} tries made"
        if after is not None and after > self.policy.max_wait_s:
            return 0, f"the server asks to wait {after:.0f}s, over the {self.policy.max_wait_s:.0f}s limit"
        if now + wait >= deadline:
            return 0, (
                f"the turn's deadline would pass ({self.spec.turn_deadline_s:g}s, "
                f"{KNOB_OPTIONS['turn_deadline_s']})"
            )
        if not self.budget.take():
            return 0, f"the debate's retry budget ({self.budget.total}) is spent"
        return wait, None

    def _with_limit(self, err: BackendError) -> BackendError:
        """``err`` with the limit that applies named (timeouts, unreachable servers)."""
        spec, message = self.spec, err.message
        if not isinstance(message, Msg):
            return err
        if message.id == "error-no-reply":
            limit = msg(
                "error-limit-timeouts",
                connect=f"{spec.connect_timeout_s:g}",
                connect_option=KNOB_OPTIONS["connect_timeout_s"],
                call=f"{spec.call_timeout_s:g}",
                call_option=KNOB_OPTIONS["call_timeout_s"],
            )
        elif message.id == "error-connection":
            limit = msg("error-limit-server", host=spec.host)
        else:
            return err
        err.message = Msg(message.id, {**message.params, "limit": limit})
        err.args = (err.message,)
        return err

    async def _attempt(
        self, messages: list[ChatMessage], mode: Mode, json_mode: bool, deadline: float
    ) -> AsyncIterator[Delta | CallOutcome]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        stop_at = deadline
        reader = _Reader(mode, json_mode, self._secrets)
        options: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_mode else {}
        stream = self.model.astream(as_langchain(messages), deadline=stop_at, **options)  # an async generator
        pending, flushed = "", start
        try:
            while True:
                try:
                    if stop_at - loop.time() > self.spec.call_timeout_s:
                        chunk = await anext(stream)  # the HTTP client's read limit holds
                    else:  # the turn's deadline is nearer than the read limit
                        async with asyncio.timeout_at(stop_at):
                            chunk = await anext(stream)
                except StopAsyncIteration:
                    break
                reader.out.reached = True
                shown = reader.feed(piece_of_chunk(chunk))
                if shown:
                    pending += shown
                    now = loop.time()
                    if len(pending) >= DELTA_CHARS or now - flushed >= DELTA_WAIT_S or "\n" in shown:
                        yield Delta(text=pending)
                        pending, flushed = "", now
            if not reader.out.done:
                raise StreamCut("the stream ended without a finish_reason or [DONE]")
        except Exception as exc:  # every SDK, HTTP and timeout error becomes a typed fault
            reader.out.error = self._with_limit(classify(exc, self.label, self._secrets, self._key_source))
            reader.out.reached = reader.out.reached or isinstance(getattr(exc, "status_code", None), int)
        finally:
            if isinstance(stream, AsyncGenerator):
                with contextlib.suppress(Exception):
                    await stream.aclose()
        shown = pending + reader.finish()
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
        spec = self.spec
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
