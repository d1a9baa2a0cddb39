"""The one module that talks to a model server: the seat's LangChain chat model and its transport.

:class:`SSEChatModel` is a ``langchain_core`` ``BaseChatModel`` (LangChain's documented
extension point for custom chat models: ``_astream``, ``_agenerate``, ``_generate``,
``_llm_type``). roleplay calls it only through LangChain's public ``astream``; each chunk is an
``AIMessageChunk`` laid out as :func:`chunk_of` says. Its transport is :class:`ChatClient`.

:class:`ChatClient` calls an OpenAI-compatible server through the official ``openai`` SDK
with its base URL: the request goes out through the SDK's generic ``post`` (its client's key,
headers and timeouts, its typed errors for an HTTP error status), and the Server-Sent Events
are read line by line and each ``data:`` line decoded with pydantic_core's ``from_json`` into
the few fields roleplay uses (a :class:`Piece`). This skips the one-pydantic-object-per-event
cost of ``AsyncStream`` and of langchain-openai's chunk conversion (about 80% of the client's
CPU per streamed turn, issue #14 item 7), keeps reasoning text that servers send outside the
OpenAI spec (``reasoning_content`` from DeepSeek and vLLM, ``reasoning`` from Ollama and
OpenRouter), which langchain-openai's ``ChatOpenAI`` drops by design, and sees the end of the
stream as the server marked it: a :class:`Piece` with ``done=True`` for ``data: [DONE]``. A
stream that simply stops (a dropped link, a plain body closed early) never yields it, whatever
the transfer encoding. Between the two, :func:`pass_on` merges the Pieces of a few tokens into
one LangChain chunk (:data:`PASS_CHARS`), so LangChain's per-chunk cost is paid per ~16
characters, not per token.

The SDK's own retries are off (``max_retries=0``): :mod:`roleplay.llm.caller` retries, so
that every retry is visible as an event and counts against the debate's budget. ``openai``
seats send ``max_completion_tokens``; other servers get ``max_tokens`` (many local servers do
not know the newer name) and the chat-template end markers as ``stop`` strings.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import ssl
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, NamedTuple

import openai
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.chat_models import agenerate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage, UsageMetadata
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, SecretStr
from pydantic_core import from_json

from roleplay.llm.conversation import ChatMessage
from roleplay.llm.spec import BackendSpec

_REASONING_FIELDS = ("reasoning_content", "reasoning")
STOP_MARKERS = ["<|im_end|>", "<|im_start|>", "<|eot_id|>", "<|endoftext|>"]
"""Chat-template markers a local server may let through as text (ChatML, Llama 3, GPT-2 style);
sent as ``stop`` strings to non-OpenAI servers (OpenAI allows at most 4 stop strings)."""


class Piece(NamedTuple):
    """One streamed event, reduced to what roleplay uses (any part may be empty).

    ``done``: the server sent ``data: [DONE]`` (the stream's own end mark).
    """

    content: str = ""
    reasoning: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    done: bool = False
    cached_tokens: int | None = None


class StreamError(Exception):
    """An ``{"error": ...}`` event inside a 200 stream; ``body`` is the error object."""

    def __init__(self, body: dict[str, Any]):
        super().__init__(str(body.get("message") or "error event in the stream"))
        self.body = body


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


def tls_for(base_url: str | None) -> ssl.SSLContext:
    """The TLS context for a server: the SDK's default (CA certificates loaded, ~50 ms the first
    time in a process) for ``https`` URLs and api.openai.com (``None``); for a plain ``http``
    URL, where no TLS is spoken, a context that verifies certificates but trusts no
    authority, so that a redirect to ``https`` fails closed instead of going unverified, and
    no process pays for loading certificates it never uses."""
    if base_url is not None and base_url.lower().startswith("http://"):
        return _no_authority_context()
    return _tls_context()


@lru_cache(maxsize=1)
def _no_authority_context() -> ssl.SSLContext:
    """A client TLS context with hostname checks and ``CERT_REQUIRED`` on and no CA loaded."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


async def _close_with_loop(http: Any) -> AsyncGenerator[None]:
    """Close ``http`` (an HTTP client built for one event loop) when that loop shuts down.

    Started once (first ``anext``) inside the loop, this generator then waits at its
    ``yield``; ``asyncio.run`` closes every unfinished async generator of its loop
    (``loop.shutdown_asyncgens``, Python docs) before it closes the loop, which runs the
    ``finally`` here inside the loop. (aiohttp warns about a session left unclosed.)
    """
    try:
        yield
    finally:
        await http.aclose()


def _unmasked(exc: Exception, request: Any) -> Exception:
    """The fault behind a timeout error from the SDK's aiohttp transport.

    That transport (``openai._vendor.httpx_aiohttp``) maps every aiohttp connection error,
    a refused connection or a server that hung up included, to httpx's ``ConnectTimeout``,
    so a dead server would read as a silent one (retried or not by other rules, with the
    wrong limit named). When the cause is not a timeout this returns the SDK's
    ``APIConnectionError`` for it (as the default transport raises; raise it ``from exc``);
    else ``exc`` itself.
    """
    import aiohttp

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, aiohttp.ClientConnectionError) and not isinstance(cause, TimeoutError):
            return openai.APIConnectionError(
                message=f"Connection error: {type(cause).__name__}", request=request
            )
        cause = cause.__cause__
    return exc


def piece_of(event: dict[str, Any]) -> Piece:
    """The Piece of one decoded ``chat.completion.chunk`` (raises StreamError for an error event)."""
    if "error" in event and not event.get("choices"):
        err = event["error"]
        raise StreamError(err if isinstance(err, dict) else {"message": str(err)})
    content = reasoning = ""
    finish = None
    choices = event.get("choices") or []
    if choices:
        choice = choices[0] or {}
        delta = choice.get("delta") or {}
        c = delta.get("content")
        content = c if isinstance(c, str) else ""
        for f in _REASONING_FIELDS:
            r = delta.get(f)
            if isinstance(r, str) and r:
                reasoning = r
                break
        finish = choice.get("finish_reason")
    usage = event.get("usage") or None
    if not usage:
        return Piece(content, reasoning, finish_reason=finish)
    details = usage.get("prompt_tokens_details") or {}
    return Piece(
        content,
        reasoning,
        prompt_tokens=usage.get("prompt_tokens"),
        completion_tokens=usage.get("completion_tokens"),
        finish_reason=finish,
        cached_tokens=details.get("cached_tokens") if isinstance(details, dict) else None,
    )


class ChatClient:
    """A streaming chat client for one backend spec.

    The SDK client is built per event loop, each with its own async HTTP client (an HTTP
    client bound to a closed loop, from a previous ``asyncio.run``, fails on its next request).
    The HTTP client is the SDK's ``DefaultAioHttpClient`` (openai-python README, "With
    aiohttp"): the same SDK request path, with aiohttp's C HTTP parser reading the stream,
    which halves the client's CPU per streamed event against the default pure-Python HTTP/1.1
    stack (``bench/llm_stream_cpu.py``). It is closed when its event loop shuts down
    (:func:`_close_with_loop`).

    Args:
        spec: provider, model, base URL (without credentials) and call knobs.
        key: the API key (kept inside the SDK client only).
    """

    def __init__(self, spec: BackendSpec, key: SecretStr):
        self.spec = spec
        self._key = key
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: openai.AsyncOpenAI | None = None
        self._closer: AsyncGenerator[None] | None = None  # built with the client, not started
        self._armed: AsyncGenerator[None] | None = None  # started: closes the client with its loop

    def _client_for_loop(self) -> openai.AsyncOpenAI:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            spec = self.spec
            timeout = openai.Timeout(spec.call_timeout_s, connect=spec.connect_timeout_s)
            http = openai.DefaultAioHttpClient(timeout=timeout, verify=tls_for(spec.base_url))
            self._closer = _close_with_loop(http)
            self._client = openai.AsyncOpenAI(
                api_key=self._key.get_secret_value(),
                base_url=spec.base_url,
                max_retries=0,
                timeout=timeout,
                http_client=http,
            )
            self._loop = loop
        return self._client

    def prepare(self) -> None:
        """Build the HTTP client for the running event loop now, so that the first call
        does not pay for it (issue #14 item 6; roleplay.debate.engine.prepare_backends).
        Must run inside the loop."""
        self._client_for_loop()

    def request(
        self,
        messages: Sequence[ChatMessage | BaseMessage],
        json_mode: bool = False,
        stop: list[str] | None = None,
    ) -> dict[str, Any]:
        """The request body (without ``stream``) for ``messages`` (roleplay's or LangChain's).

        ``stop``: stop strings to send; None sends the chat-template markers to non-OpenAI
        servers and none to OpenAI.
        """
        spec = self.spec
        body: dict[str, Any] = {
            "model": spec.model,
            "messages": [_wire(m) for m in messages],
            "temperature": spec.temperature,
            "stream_options": {"include_usage": True},
        }
        if spec.provider == "openai":
            body["max_completion_tokens"] = spec.max_tokens
        else:
            body["max_tokens"] = spec.max_tokens
            body["stop"] = STOP_MARKERS
        if stop is not None:
            body["stop"] = list(stop)
        if json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    async def stream(
        self,
        messages: Sequence[ChatMessage | BaseMessage],
        json_mode: bool = False,
        stop: list[str] | None = None,
    ) -> AsyncGenerator[Piece]:
        """Stream one reply as Pieces, one per network read (the events it brought, merged),
        the last one ``done`` if the server sent ``[DONE]``.

        The request goes through the SDK's generic ``post`` (openai-python README, "Making
        custom/undocumented requests"; ``stream=True`` with ``AsyncStream`` as the stream class,
        as the SDK's own ``create`` does): the client's base URL, key, headers, timeouts and
        typed HTTP errors apply, but the body is sent as built here, without ``create``'s
        per-message walk over its parameter types (about 1 ms per call for a 10k-character
        prompt). The body is then read as bytes and split into SSE lines here (one ``data:``
        line per event; a blank line ends an event) and each event decoded by pydantic_core's
        ``from_json`` (about twice as fast as ``json.loads``). After ``[DONE]`` the rest of the body is
        read so that the connection goes back to the pool for the next call.

        Raises whatever the SDK raises (see faults.classify), and StreamError for an error event.
        """
        body = self.request(messages, json_mode, stop)
        body["stream"] = True
        client = self._client_for_loop()
        if self._closer is not None:  # first call on this loop: arm the closing at its end
            self._armed, self._closer = self._closer, None
            await anext(self._armed)
        try:
            sse = await client.post(
                "/chat/completions",
                cast_to=object,
                body=body,
                stream=True,
                stream_cls=openai.AsyncStream[object],
            )
        except openai.APITimeoutError as exc:
            err = _unmasked(exc, exc.request)
            if err is exc:
                raise
            raise err from exc
        try:
            data: list[bytes] = []
            buf = b""
            finished = False
            async for raw in sse.response.aiter_bytes():
                if finished:
                    continue
                lines = (buf + raw if buf else raw).split(b"\n")
                buf = lines.pop()  # an unfinished line waits for the next read
                got: list[Piece] = []
                for line in lines:
                    if line.startswith(b"data:"):
                        data.append(line[5:])
                        continue
                    if (line and line != b"\r") or not data:
                        continue  # comments (": ping"), event names, stray blank lines
                    event = (b"\n".join(data) if len(data) > 1 else data[0]).strip()
                    data = []
                    if event.startswith(b"[DONE]"):
                        finished = True
                        got.append(Piece(done=True))
                        break
                    got.append(piece_of(from_json(event)))
                if got:
                    yield got[0] if len(got) == 1 else merge(got)
            if buf.startswith(b"data:") and not finished:
                data.append(buf[5:])
            if data and not finished:  # the last event had no blank line after it
                event = b"\n".join(data).strip()
                yield Piece(done=True) if event.startswith(b"[DONE]") else piece_of(from_json(event))
        except Exception as exc:
            err = _unmasked(exc, sse.response.request)
            if err is exc:
                raise
            raise err from exc
        finally:
            await sse.close()


def merge(pieces: list[Piece]) -> Piece:
    """One Piece for several in a row: texts joined, the last reported figures kept."""
    prompt = completion = cached = None
    finish: str | None = None
    done = False
    for p in pieces:
        if p.prompt_tokens is not None:
            prompt = p.prompt_tokens
        if p.completion_tokens is not None:
            completion = p.completion_tokens
        if p.cached_tokens is not None:
            cached = p.cached_tokens
        if p.finish_reason is not None:
            finish = p.finish_reason
        done = done or p.done
    return Piece(
        content="".join([p.content for p in pieces]),
        reasoning="".join([p.reasoning for p in pieces]),
        prompt_tokens=prompt,
        completion_tokens=completion,
        finish_reason=finish,
        done=done,
        cached_tokens=cached,
    )


PASS_CHARS = 16
PASS_WAIT_S = 0.05
"""Streamed text is passed on (as one LangChain chunk, then as one speech Delta) once
``PASS_CHARS`` characters have come since the last pass, at the server's end mark or
finish_reason, or with the first read ``PASS_WAIT_S`` seconds after the last pass: one chunk per few
tokens instead of one per token (each chunk costs LangChain two pydantic objects and the
caller a pass through its maskers and splitters, issue #14 item 7), at most one token gap or
50 ms later on screen."""


async def pass_on(
    pieces: AsyncGenerator[Piece], read_limit_s: float, deadline: float | None = None
) -> AsyncGenerator[Piece]:
    """``pieces`` with consecutive ones merged (:func:`merge`) as :data:`PASS_CHARS` says.

    Nothing received is lost: what is held is passed on when the stream ends and before an
    error the stream raised is raised again. Pieces are held only while ``deadline``
    (``loop.time()`` seconds, None for none) is further away than one read limit
    (``read_limit_s``, the HTTP client's wait for the next byte): nearer, the caller waits
    with its own timer, whose cancellation would drop what is held, so each read is passed on
    as it comes. ``pieces`` is closed when this generator ends or is closed.
    """
    loop = asyncio.get_running_loop()
    hold_until = math.inf if deadline is None else deadline - read_limit_s
    held: list[Piece] = []
    chars = 0
    passed = loop.time()
    async with contextlib.aclosing(pieces):
        try:
            async for p in pieces:
                held.append(p)
                chars += len(p.content) + len(p.reasoning)
                now = loop.time()
                if (
                    chars >= PASS_CHARS
                    or now - passed >= PASS_WAIT_S
                    or now >= hold_until
                    or p.done
                    or p.finish_reason is not None
                ):
                    out = held[0] if len(held) == 1 else merge(held)
                    held, chars, passed = [], 0, now
                    yield out
        except Exception:
            if held:  # words already received reach the caller before the fault does
                out, held = merge(held), []
                yield out
            raise
        if held:
            yield merge(held)


_ROLE_OF_TYPE = {"system": "system", "human": "user", "ai": "assistant", "AIMessageChunk": "assistant"}


def _wire(m: ChatMessage | BaseMessage) -> dict[str, str]:
    """The OpenAI chat-API form of one message: roleplay's ChatMessage or a LangChain
    System/Human/AI message (other LangChain types raise ValueError: roleplay sends no tools)."""
    if isinstance(m, ChatMessage):
        return {"role": m.role, "content": m.content}
    role = _ROLE_OF_TYPE.get(m.type)
    if role is None:
        raise ValueError(f"a {m.type!r} message cannot be sent: only system, human and ai messages are")
    return {"role": role, "content": m.content if isinstance(m.content, str) else m.text}


def chunk_of(p: Piece) -> ChatGenerationChunk:
    """The LangChain chunk of one merged Piece (:func:`pass_on`; the inverse is :func:`piece_of_chunk`).

    * text: ``message.content``;
    * reasoning text (``reasoning_content`` / ``reasoning`` deltas): ``additional_kwargs
      ["reasoning_content"]``, as langchain-openai's DeepSeek and vLLM integrations put it;
    * usage: ``usage_metadata`` (``input_token_details.cache_read`` for the server's cached
      prompt tokens), only on the read that carried the server's usage object;
    * ``response_metadata["finish_reason"]`` as the server sent it, and
      ``response_metadata["done"] = True`` on the read that brought ``data: [DONE]``.
      A stream that just stops has neither: that is how a caller tells a cut reply.
    """
    extras = p.reasoning or p.done or p.finish_reason is not None
    if not extras and p.prompt_tokens is None and p.completion_tokens is None:
        return ChatGenerationChunk(message=AIMessageChunk(p.content))  # text only (most reads): cheapest
    meta: dict[str, Any] = {}
    if p.finish_reason is not None:
        meta["finish_reason"] = p.finish_reason
    if p.done:
        meta["done"] = True
    usage: UsageMetadata | None = None
    if p.prompt_tokens is not None or p.completion_tokens is not None:
        i, o = p.prompt_tokens or 0, p.completion_tokens or 0
        usage = UsageMetadata(input_tokens=i, output_tokens=o, total_tokens=i + o)
        if p.cached_tokens is not None:
            usage["input_token_details"] = {"cache_read": p.cached_tokens}
    extra = {"reasoning_content": p.reasoning} if p.reasoning else {}
    message = AIMessageChunk(p.content, additional_kwargs=extra, response_metadata=meta, usage_metadata=usage)
    return ChatGenerationChunk(message=message)


def piece_of_chunk(m: AIMessageChunk) -> Piece:
    """The Piece a chunk of :func:`chunk_of` carries (usage figures None when it has none)."""
    meta, usage = m.response_metadata, m.usage_metadata
    reasoning = m.additional_kwargs.get("reasoning_content") if m.additional_kwargs else None
    content = m.content if isinstance(m.content, str) else m.text
    if usage is None:
        return Piece(
            content, reasoning or "", finish_reason=meta.get("finish_reason"), done=bool(meta.get("done"))
        )
    return Piece(
        content,
        reasoning or "",
        prompt_tokens=usage["input_tokens"],
        completion_tokens=usage["output_tokens"],
        finish_reason=meta.get("finish_reason"),
        done=bool(meta.get("done")),
        cached_tokens=(usage.get("input_token_details") or {}).get("cache_read"),
    )


class SSEChatModel(BaseChatModel):
    """A LangChain chat model whose transport is :class:`ChatClient` (one model per seat).

    Built on LangChain's documented extension point for custom chat models (a
    ``BaseChatModel`` subclass implementing ``_astream``, ``_agenerate``, ``_generate`` and
    ``_llm_type``; python.langchain.com "How to create a custom chat model"), so callers use
    the public ``astream`` / ``ainvoke`` with ``BaseMessage`` lists, LangChain callbacks see
    every call, and the wire stays the lean SSE reader: one ``AIMessageChunk`` per
    :data:`PASS_CHARS` characters or :data:`PASS_WAIT_S` seconds (:func:`pass_on`), not one
    per SSE event (see :func:`chunk_of` for where each part goes).

    Call options (keyword arguments of ``astream``/``ainvoke``): ``stop`` (a list of stop
    strings; default: the chat-template markers for non-OpenAI servers),
    ``response_format={"type": "json_object"}`` for JSON mode, and ``deadline`` (the turn's
    deadline in ``loop.time()`` seconds: within one read limit of it no text is held back).

    Errors: whatever the ``openai`` SDK raises (HTTP status, connection, timeout; see
    :func:`roleplay.llm.faults.classify`) and :class:`StreamError` for an error event.
    The key stays inside ``client`` (never a field, never in LangChain's serialised form).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: ChatClient

    @property
    def _llm_type(self) -> str:
        return "roleplay-openai-sse"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        spec = self.client.spec
        return {"provider": spec.provider, "model": spec.model, "host": spec.host}

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        """The stream as chunks, Pieces held and merged by :func:`pass_on` (see the class)."""
        json_mode = kwargs.get("response_format") == {"type": "json_object"}
        deadline = kwargs.get("deadline")
        pieces = self.client.stream(messages, json_mode=json_mode, stop=stop)
        empty = True
        async for piece in pass_on(pieces, self.client.spec.call_timeout_s, deadline):
            empty = False
            yield chunk_of(piece)
        if empty:  # a body with no event at all: one bare chunk (no finish_reason, no [DONE]), so
            yield chunk_of(Piece())  # the caller sees a cut reply, not LangChain's "no chunks" error

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return await agenerate_from_stream(self._astream(messages, stop, run_manager, **kwargs))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Synchronous ``invoke``: the async call run on its own event loop (in a worker
        thread when the calling thread already runs one)."""

        def run() -> ChatResult:
            return asyncio.run(self._agenerate(messages, stop, **kwargs))

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return run()
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(run).result()


def _root(base_url: str) -> str:
    """The server root of an OpenAI-style base URL (``http://h:8080/v1`` -> ``http://h:8080``)."""
    return base_url[: -len("/v1")] if base_url.endswith("/v1") else base_url


def _window_from(path: str, data: Any, model: str) -> int | None:
    """The context window a server reports in the reply to ``path``, or None.

    * llama.cpp ``GET /props``: ``default_generation_settings.n_ctx`` (or a top-level ``n_ctx``);
    * vLLM ``GET /v1/models``: ``max_model_len`` of the model; llama.cpp's ``/v1/models``:
      ``meta.n_ctx`` when given (``meta.n_ctx_train`` is the training window, not the
      server's, and is not used);
    * Ollama ``POST /api/show``: ``num_ctx`` in ``parameters`` (without it Ollama runs its
      default window, which the provider table holds).
    """
    if not isinstance(data, dict):
        return None
    found: object = None
    if path == "/props":
        found = (data.get("default_generation_settings") or {}).get("n_ctx") or data.get("n_ctx")
    elif path == "/models":
        entries = [e for e in data.get("data") or [] if isinstance(e, dict)]
        mine = [e for e in entries if e.get("id") == model] or entries[:1]
        for e in mine:
            found = e.get("max_model_len") or (e.get("meta") or {}).get("n_ctx")
    elif path == "/api/show":
        for line in str(data.get("parameters") or "").splitlines():
            name, _, value = line.strip().partition(" ")
            if name == "num_ctx" and value.strip().isdigit():
                found = int(value.strip())
    return found if isinstance(found, int) and found > 0 else None


async def probe_window(spec: BackendSpec, key: SecretStr) -> int | None:
    """Ask the server of ``spec`` for its context window (tokens), or None if it does not say.

    Only ``ollama`` and ``openai-compatible`` servers are asked (the hosted providers' windows
    are in the provider table). Each question waits at most the connect limit (default 5 s);
    any failure (no route, 404, not JSON) just means "not said".
    """
    if spec.provider not in ("ollama", "openai-compatible") or not spec.base_url:
        return None
    try:
        import httpx2 as http
    except ImportError:  # pragma: no cover (openai < 3)
        import httpx as http  # type: ignore[no-redef]
    root = _root(spec.base_url)
    asks: list[tuple[str, str, str, dict[str, Any] | None]] = (
        [("/api/show", "POST", f"{root}/api/show", {"model": spec.model})]
        if spec.provider == "ollama"
        else [("/props", "GET", f"{root}/props", None), ("/models", "GET", f"{spec.base_url}/models", None)]
    )
    headers = {"Authorization": f"Bearer {key.get_secret_value()}"}
    limit = min(spec.connect_timeout_s, 5.0)
    async with http.AsyncClient(timeout=limit, verify=tls_for(spec.base_url), headers=headers) as client:
        for name, method, url, payload in asks:
            try:
                resp = await client.request(method, url, json=payload)
            except Exception:  # no connection or no answer: asking again would only wait again
                return None
            try:
                found = _window_from(name, resp.json(), spec.model) if resp.status_code == 200 else None
            except ValueError:  # not JSON: this server does not say
                found = None
            if found:
                return found
    return None
