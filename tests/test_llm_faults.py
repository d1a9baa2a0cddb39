"""Fault classification, Retry-After and backoff (roleplay.llm.faults)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from roleplay.errors import PermanentBackendError, TransientBackendError
from roleplay.llm.faults import AccessError, RetryBudget, RetryPolicy, backoff_s, classify, parse_retry_after


class _StatusError(Exception):
    """Shaped like openai.APIStatusError (status_code, code, message, response.headers)."""

    def __init__(self, status, code=None, headers=None, message="boom"):
        super().__init__(message)
        self.status_code, self.code, self.message = status, code, message
        self.response = type("R", (), {"headers": headers or {}})()


@pytest.mark.parametrize(
    "status, code, kind",
    [
        pytest.param(429, None, TransientBackendError, id="429"),
        pytest.param(500, None, TransientBackendError, id="500"),
        pytest.param(503, None, TransientBackendError, id="503"),
        pytest.param(408, None, TransientBackendError, id="408"),
        pytest.param(400, None, PermanentBackendError, id="400"),
        pytest.param(401, None, AccessError, id="401"),
        pytest.param(403, None, AccessError, id="403"),
        pytest.param(404, None, AccessError, id="404"),
        pytest.param(429, "insufficient_quota", AccessError, id="quota"),
    ],
)
def test_classify_status(status, code, kind):
    err = classify(_StatusError(status, code), "openai:m")
    assert type(err) is kind
    assert str(err).startswith("openai:m: ")


def test_classify_connection_and_timeout():
    assert isinstance(classify(ConnectionResetError(), "x"), TransientBackendError)
    assert "in time" in str(classify(TimeoutError(), "x"))


def test_retry_after_is_read_from_the_response():
    err = classify(_StatusError(429, headers={"retry-after": "7"}), "x")
    assert err.retry_after == 7


def test_error_messages_never_carry_the_key():
    err = classify(
        _StatusError(400, message="bad key sk-live-abcdef123 Bearer sk-live-abcdef123"),
        "x",
        secrets=["sk-live-abcdef123"],
    )
    assert "abcdef" not in str(err)


@pytest.mark.parametrize(
    "status, code, says, never",
    [
        pytest.param(
            401,
            None,
            "the key was rejected (HTTP 401); check it (OPENAI_API_KEY or keys.toml)",
            "credit",
            id="401",
        ),
        pytest.param(
            401,
            "invalid_api_key",
            "the key was rejected (HTTP 401 invalid_api_key); check it",
            "credit",
            id="401-invalid_api_key",
        ),
        pytest.param(403, None, "the key was rejected (HTTP 403); check it", "credit", id="403"),
        pytest.param(
            429,
            "insufficient_quota",
            "quota exhausted (HTTP 429 insufficient_quota); add credit",
            "key",
            id="quota",
        ),
        pytest.param(
            403,
            "billing_hard_limit_reached",
            "quota exhausted (HTTP 403 billing_hard_limit_reached); add credit",
            "key",
            id="billing-limit",
        ),
    ],
)
def test_access_errors_name_the_right_fix(status, code, says, never):
    err = classify(_StatusError(status, code), "openai:m", key_source="OPENAI_API_KEY or keys.toml")
    assert isinstance(err, AccessError)
    assert says in str(err) and never not in str(err).removeprefix("openai:m: ")


@pytest.mark.parametrize(
    "headers, expected",
    [
        pytest.param({"retry-after": "3"}, 3.0, id="seconds"),
        pytest.param({"retry-after": "0.25"}, 0.25, id="fraction"),
        pytest.param({"retry-after-ms": "1500", "retry-after": "9"}, 1.5, id="ms-wins"),
        pytest.param({"retry-after": "soon"}, None, id="junk"),
        pytest.param({}, None, id="absent"),
    ],
)
def test_parse_retry_after(headers, expected):
    assert parse_retry_after(headers) == expected


def test_parse_retry_after_http_date():
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= parse_retry_after({"retry-after": when}) <= 31


def test_backoff_is_jittered_exponential_and_honours_the_server():
    policy, rng = RetryPolicy(base_s=1, max_s=8, jitter=0.5), random.Random(0)
    waits = [backoff_s(n, policy, None, rng) for n in range(6)]
    for n, w in enumerate(waits):
        ceiling = min(8, 2**n)
        assert ceiling * 0.5 <= w <= ceiling
    assert backoff_s(0, policy, 12.0, rng) == 12.0


def test_budget_is_shared_and_runs_out():
    b = RetryBudget(total=2)
    assert [b.take(), b.take(), b.take()] == [True, True, False]
    assert b.left == 0
