"""What went wrong in a model call, and whether and when to try again.

:func:`classify` turns any exception from a call (openai SDK errors, timeouts, dropped
links) into a :class:`~roleplay.errors.TransientBackendError` (rate limit 429, 408,
5xx, connection, timeout: worth a retry) or a :class:`~roleplay.errors.PermanentBackendError`
(400, 422; and :class:`AccessError` for 401, 403, 404 and an exhausted quota: never
retried). Messages are written here, name the backend and the fix, and are scrubbed of
keys.

Retries wait an exponential backoff with jitter, or what the server asked for in
``Retry-After`` (RFC 9110 §10.2.3: seconds or an HTTP date) or OpenAI's ``retry-after-ms``.
A :class:`RetryBudget` caps retries over a whole debate, shared by all its backends.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from pydantic import Field

from roleplay.errors import BackendError, Msg, PermanentBackendError, TransientBackendError, msg
from roleplay.formats.text import Strict
from roleplay.llm.redaction import scrub

__all__ = [
    "AccessError",
    "ContextOverflow",
    "RetryBudget",
    "RetryPolicy",
    "StreamCut",
    "backoff_s",
    "classify",
    "parse_retry_after",
    "scrub",
]


class AccessError(PermanentBackendError):
    """The backend cannot serve at all: bad key (401), no access (403), no such model (404)
    or quota exhausted. Later turns on the same backend fail at once without a call."""


class StreamCut(ConnectionError):
    """The stream stopped before the server ended it (no ``finish_reason``, no ``[DONE]``)."""


class ContextOverflow(PermanentBackendError):
    """The server refused a prompt longer than its context window (llama.cpp's
    ``exceed_context_size_error``, vLLM's and OpenAI's ``context_length_exceeded``).

    Attributes:
        n_ctx: the window the server reported in the error body, or None.
    """

    def __init__(self, message: str | Msg = "", /, n_ctx: int | None = None, **params: Any):
        super().__init__(message, **params)
        self.n_ctx = n_ctx


def _is_context_error(body: dict, msg: str) -> bool:
    kinds = {str(body.get("type")), str(body.get("code"))}
    return bool(kinds & {"exceed_context_size_error", "context_length_exceeded"}) or (
        "context" in msg.lower() and ("exceed" in msg.lower() or "maximum" in msg.lower())
    )


def _fit_figures(body: dict) -> str:
    p, n = body.get("n_prompt_tokens"), body.get("n_ctx")
    return (
        str(msg("error-fit-figures", prompt=str(p), window=str(n)))
        if isinstance(p, int) and isinstance(n, int)
        else ""
    )


_QUOTA_CODES = {"insufficient_quota", "billing_hard_limit_reached"}


class RetryPolicy(Strict):
    """How one call is retried.

    Fields:
        max_attempts: tries per call, the first included.
        base_s / max_s: backoff is ``base_s * 2**n`` capped at ``max_s`` (seconds),
            then jittered down by up to ``jitter`` of itself.
        max_wait_s: longest ``Retry-After`` honoured; longer asks fail the call instead.
    """

    max_attempts: int = Field(default=4, ge=1, le=20)
    base_s: float = Field(default=0.5, ge=0)
    max_s: float = Field(default=20.0, ge=0)
    jitter: float = Field(default=0.5, ge=0, le=1)
    max_wait_s: float = Field(default=60.0, ge=0)


class RetryBudget:
    """Retries left for a whole debate; every backend of the debate shares one.

    Args:
        total: retries allowed over the debate (not counting first tries).

    ``answered`` holds the hosts (``host:port``) that have answered a call in this debate:
    until its server has answered once, a seat's timed-out call is not retried, and a seat
    whose server never answered stops the debate (roleplay.llm.backend).
    """

    def __init__(self, total: int = 30):
        self.total = total
        self.used = 0
        self.answered: set[str] = set()

    @property
    def left(self) -> int:
        """Retries still allowed."""
        return max(0, self.total - self.used)

    def take(self) -> bool:
        """Spend one retry; False (and nothing spent) when the budget is gone."""
        if self.used >= self.total:
            return False
        self.used += 1
        return True


def parse_retry_after(headers: object) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date).

    ``headers`` is any mapping with ``.get``; None or unparseable values give None.
    """
    get = getattr(headers, "get", None)
    if get is None:
        return None
    ms = get("retry-after-ms")
    try:
        if ms is not None:
            return max(0.0, float(ms) / 1000)
    except ValueError:
        pass
    value = get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def backoff_s(attempt: int, policy: RetryPolicy, retry_after: float | None, rng: random.Random) -> float:
    """Seconds to wait before retry number ``attempt`` (0-based).

    The server's ``retry_after`` wins when given; otherwise exponential backoff with jitter.
    """
    if retry_after is not None:
        return retry_after
    ceiling = min(policy.max_s, policy.base_s * 2**attempt)
    return ceiling * (1 - policy.jitter * rng.random())


def _status_error(
    status: int, code: str | None, server_msg: str, label: str, key_source: str
) -> BackendError:
    """The typed error for an HTTP error reply (``key_source`` says where the key came from)."""
    if code in _QUOTA_CODES:
        return AccessError("error-http-quota", label=label, status=str(status), code=code)
    if status in (401, 403) or code == "invalid_api_key":
        http = f"{status} {code}" if code else str(status)
        return AccessError(
            "error-http-key", label=label, http=http, source=key_source, forbidden=str(status == 403)
        )
    if status == 404:
        return AccessError("error-http-not-found", label=label)
    if status in (429, 408) or status >= 500:
        what = "rate" if status == 429 else "server" if status >= 500 else "timeout"
        return TransientBackendError(
            "error-http-transient", label=label, what=what, status=str(status), http_status=status
        )
    return PermanentBackendError("error-http-rejected", label=label, status=str(status), detail=server_msg)


def classify(
    exc: BaseException,
    label: str,
    secrets: Sequence[str] = (),
    key_source: str = "the API-key variable or the keys file",
) -> BackendError:
    """Turn an exception raised by a model call into a typed, scrubbed BackendError.

    ``label`` names the backend in the message; ``key_source`` (never a key) tells a user
    whose key was rejected where to look. Unknown exceptions count as transient connection
    faults (a dropped stream surfaces as many different types).
    """
    if isinstance(exc, BackendError):
        return exc
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        code = getattr(exc, "code", None)
        msg = scrub(str(getattr(exc, "message", "") or exc), secrets)[:200]
        body = getattr(exc, "body", None)
        if status == 400 and isinstance(body, dict) and _is_context_error(body, msg):
            return ContextOverflow(
                "error-context-overflow",
                label=label,
                figures=_fit_figures(body),
                n_ctx=body.get("n_ctx") if isinstance(body.get("n_ctx"), int) else None,
            )
        err = _status_error(status, code, msg, label, key_source)
        if isinstance(err, TransientBackendError):
            err.retry_after = parse_retry_after(getattr(getattr(exc, "response", None), "headers", None))
        return err
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and body.get("message"):  # an error event inside the stream
        return TransientBackendError(
            "error-mid-reply", label=label, detail=scrub(str(body["message"]), secrets)[:200]
        )
    if isinstance(exc, StreamCut):
        return TransientBackendError("error-stream-cut", label=label)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or "Timeout" in type(exc).__name__:
        return TransientBackendError("error-no-reply", label=label, kind=type(exc).__name__, limit="")
    return TransientBackendError("error-connection", label=label, kind=type(exc).__name__, limit="")
