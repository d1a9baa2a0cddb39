"""A fake OpenAI-compatible chat server on 127.0.0.1, for tests and ``bench/``.

It speaks real HTTP/1.1: ``POST /v1/chat/completions`` answers with a JSON completion, or
with Server-Sent Events in chunked transfer encoding when the body says ``"stream": true``
(the wire format of api.openai.com, including ``stream_options.include_usage``). What it
says comes from a *responder*: a list of :class:`Reply` served in order, or a function of
the request body. Each Reply can inject one real server misbehaviour:

* ``status=429`` with ``retry_after``; ``status=500``; ``status=401``; ``error_code``
  (e.g. ``insufficient_quota`` on a 429);
* ``drop_after=N``: close the socket after N content chunks (no terminating chunk);
* ``error_after=N``: send an ``{"error": ...}`` event after N content chunks, then end;
* ``empty_choices`` / ``no_delta``: chunks with ``"choices": []`` or a choice without delta;
* ``usage`` last chunk with no choices (only when the client asked for it);
* ``finish_reason=None``: never say why the reply ended;
* ``reasoning`` sent in a ``reasoning_content`` (DeepSeek, vLLM) or ``reasoning`` (Ollama,
  OpenRouter) delta field; ``<think>`` tags are just text, put them in ``text``;
* ``delay_s``: wait before answering (timeouts); ``stall_after``: stop sending mid-stream;
* ``cached_tokens``: report that many prompt tokens as read from a prefix cache
  (``usage.prompt_tokens_details.cached_tokens``);
* ``echo_headers``: append the request's headers (``Authorization`` included) to the text,
  as a careless proxy or debug server would;
* ``chunked=False``: a plain body (no ``transfer-encoding``, no length, ``connection: close``)
  that ends when the socket closes; with ``drop_after`` it closes mid-sentence, with no
  finish_reason and no ``[DONE]``;
* ``prompt_tokens``: report this many prompt tokens (a server that cut the prompt).

Like llama.cpp's ``llama-server`` when built with ``n_ctx``: ``GET /props`` reports the
window (``default_generation_settings.n_ctx``), ``GET /v1/models`` lists the model with
``meta.n_ctx``, and a request whose prompt does not fit the window gets HTTP 400 with an
``exceed_context_size_error`` body (streaming or not). ``props=False`` hides the window.
``usage_log`` keeps every usage the server reported; ``probes`` every GET and ``/api/show``.

Token usage is an estimate (one token per CJK character, one per four other characters)
computed from the request messages, so prompt growth can be measured.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def count_tokens(text: str) -> int:
    """Estimated tokens in ``text``: CJK characters count one each, the rest one per 4 chars."""
    cjk = len(_CJK.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


@dataclass
class Reply:
    """One scripted answer (see module docstring for the fault knobs)."""

    text: str = ""
    reasoning: str = ""
    reasoning_field: str = "reasoning_content"
    status: int = 200
    retry_after: str | None = None
    error_code: str | None = None
    error_message: str = "scripted error"
    drop_after: int | None = None
    error_after: int | None = None
    stall_after: int | None = None
    empty_choices: bool = False
    no_delta: bool = False
    finish_reason: str | None = "stop"
    chunk_chars: int = 12
    delay_s: float = 0.0
    echo_headers: bool = False
    chunked: bool = True
    prompt_tokens: int | None = None
    cached_tokens: int | None = None


Responder = Callable[[dict[str, Any]], Reply]


@dataclass
class Seen:
    """A request as the server received it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class _Script:
    replies: list[Reply] = field(default_factory=list)
    fn: Responder | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self, body: dict[str, Any]) -> Reply:
        with self.lock:
            if self.replies:
                return self.replies.pop(0)
        if self.fn is not None:
            return self.fn(body)
        return Reply(status=500, error_message="fake server: script exhausted")


class FakeOpenAI:
    """The server. Use as a context manager; ``base_url`` ends in ``/v1``.

    Args:
        replies: served in order; when exhausted, ``responder`` answers (or HTTP 500).
        responder: a function of the request body returning a Reply.
    """

    def __init__(
        self,
        replies: list[Reply] | None = None,
        responder: Responder | None = None,
        n_ctx: int | None = None,
        props: bool = True,
    ):
        self.script = _Script(list(replies or []), responder)
        self.n_ctx, self.props = n_ctx, props
        self.requests: list[Seen] = []
        self.probes: list[str] = []
        self.usage_log: list[dict[str, int]] = []
        self.closing = threading.Event()
        self._httpd: _Server | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def queue(self, *replies: Reply) -> None:
        """Add replies to the end of the script."""
        with self.script.lock:
            self.script.replies.extend(replies)

    def start(self) -> FakeOpenAI:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up (as the tests make them do) is not news


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeOpenAI

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
        )  # no Nagle stalls between chunks

    def do_GET(self) -> None:
        fake = self.fake
        fake.probes.append(self.path)
        if fake.n_ctx and fake.props and self.path == "/props":
            return self._json(200, {"default_generation_settings": {"n_ctx": fake.n_ctx}, "total_slots": 1})
        if fake.n_ctx and fake.props and self.path == "/v1/models":
            model = {"id": "fake", "object": "model", "meta": {"n_ctx": fake.n_ctx, "n_ctx_train": 32768}}
            return self._json(200, {"object": "list", "data": [model]})
        return self._json(404, {"error": {"message": f"no route {self.path}", "code": "not_found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/api/show":
            self.fake.probes.append(self.path)
            return self._json(404, {"error": "not ollama"})
        self.fake.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if not self.path.endswith("/chat/completions"):
            return self._json(404, {"error": {"message": f"no route {self.path}", "code": "not_found"}})
        reply = self.fake.script.next(body)
        if reply.echo_headers:
            echoed = "".join(f"\n{k}: {v}" for k, v in self.headers.items())
            reply = replace(reply, text=reply.text + echoed)
        if reply.delay_s:
            self.fake.closing.wait(reply.delay_s)
        n_ctx = self.fake.n_ctx
        prompt = _prompt_tokens(body)
        if n_ctx and prompt >= n_ctx:
            err = {
                "code": 400,
                "message": f"the request exceeds the available context size ({prompt} tokens, {n_ctx} available)",
                "type": "exceed_context_size_error",
                "n_prompt_tokens": prompt,
                "n_ctx": n_ctx,
            }
            return self._json(400, {"error": err})
        if reply.status != 200:
            return self._error(reply)
        if body.get("stream"):
            return self._stream(body, reply)
        return self._json(200, _completion(body, reply))

    def _json(self, status: int, payload: dict[str, Any], extra: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, reply: Reply) -> None:
        extra = {"retry-after": reply.retry_after} if reply.retry_after is not None else {}
        err = {"message": reply.error_message, "type": "fake_error", "code": reply.error_code}
        self._json(reply.status, {"error": err}, extra)

    def _chunk(self, data: bytes) -> None:
        if self._plain:
            if data:
                self.wfile.write(data)
                self.wfile.flush()
            return
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    _plain = False

    def _event(self, payload: dict[str, Any] | str) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        self._chunk(f"data: {text}\n\n".encode())

    def _stream(self, body: dict[str, Any], reply: Reply) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self._plain = not reply.chunked
        if reply.chunked:
            self.send_header("transfer-encoding", "chunked")
        else:
            self.send_header("connection", "close")
            self.close_connection = True
        self.end_headers()
        base = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": body.get("model", "fake"),
        }
        if reply.empty_choices:
            self._event({**base, "choices": []})
        self._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})
        if reply.no_delta:
            self._event({**base, "choices": [{"index": 0}]})
        for n in range(0, len(reply.reasoning), reply.chunk_chars):
            piece = reply.reasoning[n : n + reply.chunk_chars]
            self._event({**base, "choices": [{"index": 0, "delta": {reply.reasoning_field: piece}}]})
        for sent, n in enumerate(range(0, len(reply.text), reply.chunk_chars)):
            if reply.drop_after is not None and sent >= reply.drop_after:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if reply.error_after is not None and sent >= reply.error_after:
                self._event({"error": {"message": reply.error_message, "type": "server_error", "code": None}})
                self._chunk(b"")
                return
            if reply.stall_after is not None and sent >= reply.stall_after:
                self.fake.closing.wait(30)
                return
            self._event(
                {
                    **base,
                    "choices": [{"index": 0, "delta": {"content": reply.text[n : n + reply.chunk_chars]}}],
                }
            )
        last: dict[str, Any] = {"index": 0, "delta": {}}
        if reply.finish_reason is not None:
            last["finish_reason"] = reply.finish_reason
        self._event({**base, "choices": [last]})
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = _usage(body, reply)
            self.fake.usage_log.append(usage)
            self._event({**base, "choices": [], "usage": usage})
        self._event("[DONE]")
        self._chunk(b"")


def _prompt_tokens(body: dict[str, Any]) -> int:
    return sum(count_tokens(str(m.get("content") or "")) for m in body.get("messages", []))


def _usage(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    prompt = _prompt_tokens(body) if reply.prompt_tokens is None else reply.prompt_tokens
    completion = count_tokens(reply.text + reply.reasoning)
    usage: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if reply.cached_tokens is not None:  # as api.openai.com reports a prefix-cache hit
        usage["prompt_tokens_details"] = {"cached_tokens": reply.cached_tokens}
    return usage


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text}
    if reply.reasoning:
        message[reply.reasoning_field] = reply.reasoning
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
        "usage": _usage(body, reply),
    }
