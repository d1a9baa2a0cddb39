"""The LLM backend against a fake OpenAI-compatible server on 127.0.0.1 (real HTTP, real SSE,
the real openai and LangChain client code): one turn at a time, one fault at a time."""

from __future__ import annotations

import json
import time

import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import make_request, make_setup, move_text
from pydantic import SecretStr

from roleplay.debate.backend import Delta, Notice, TurnResult
from roleplay.llm.backend import LLMBackend
from roleplay.llm.cache import ResponseCache
from roleplay.llm.faults import RetryBudget, RetryPolicy
from roleplay.llm.spec import parse_spec

KEY = "sk-test-SECRETKEY-1234567890"
SPEECH = "We need open data and patient capital."
GOOD = move_text(SPEECH, {"mechanisms": ["demand"]})
FAST = RetryPolicy(base_s=0.01, max_s=0.05, max_wait_s=2)


@pytest.fixture
def server():
    with FakeOpenAI() as srv:
        yield srv


def backend(
    srv: FakeOpenAI, *, retry: RetryPolicy = FAST, budget: RetryBudget | None = None, **knobs
) -> LLMBackend:
    spec = parse_spec("openai-compatible:fake-model", base_url=srv.base_url, **knobs)
    return LLMBackend(spec, key=SecretStr(KEY), retry=retry, budget=budget)


async def turn(b: LLMBackend, phase_index: int = 0):
    req = make_request(make_setup(), "alpha", phase_index)
    items = [i async for i in b.take_turn(req)]
    deltas = "".join(i.text for i in items if isinstance(i, Delta))
    notices = [i for i in items if isinstance(i, Notice)]
    results = [i for i in items if isinstance(i, TurnResult)]
    assert len(results) == 1 and isinstance(items[-1], TurnResult)
    assert KEY not in json.dumps([i.model_dump() for i in items])
    return deltas, notices, results[0]


def kinds(notices: list[Notice]) -> list[str]:
    return [n.kind for n in notices]


async def test_ok_turn_streams_speech_and_accounts(server):
    server.queue(Reply(text=GOOD, chunk_chars=5))
    deltas, notices, res = await turn(backend(server))
    assert res.status == "ok" and res.move.speech == SPEECH and res.move.mechanisms == ["demand"]
    assert deltas.strip() == SPEECH and notices == []
    assert res.usage.calls == 1 and res.usage.prompt_tokens > 500 and res.usage.completion_tokens > 0
    assert res.usage.latency_s > 0
    seen = server.requests[0]
    assert seen.body["stream"] is True and seen.body["stream_options"] == {"include_usage": True}
    assert seen.headers["authorization"] == f"Bearer {KEY}"
    assert all(set(m) == {"role", "content"} for m in seen.body["messages"])


@pytest.mark.parametrize(
    "quirk",
    [
        pytest.param({"empty_choices": True}, id="chunk-without-choices"),
        pytest.param({"no_delta": True}, id="choice-without-delta"),
        pytest.param({"finish_reason": None}, id="no-finish-reason"),
        pytest.param({"chunk_chars": 1}, id="one-char-chunks"),
    ],
)
async def test_stream_quirks_do_not_matter(server, quirk):
    server.queue(Reply(text=GOOD, **quirk))
    deltas, _notices, res = await turn(backend(server))
    assert res.status == "ok" and res.move.speech == SPEECH and deltas.strip() == SPEECH
    assert res.usage.prompt_tokens > 0  # from the usage-only last chunk


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(
            Reply(text=GOOD, reasoning="Let me weigh it.", reasoning_field="reasoning_content"),
            id="reasoning_content",
        ),
        pytest.param(
            Reply(text=GOOD, reasoning="Let me weigh it.", reasoning_field="reasoning"), id="reasoning"
        ),
        pytest.param(Reply(text="<think>Let me weigh it.</think>" + GOOD, chunk_chars=3), id="think-tags"),
    ],
)
async def test_reasoning_is_kept_apart(server, reply):
    server.queue(reply)
    deltas, _, res = await turn(backend(server))
    assert res.reasoning == "Let me weigh it."
    assert "weigh" not in deltas and "weigh" not in res.move.speech and "think>" not in deltas


async def test_reasoning_without_speech_fails_and_says_so(server):
    server.queue(Reply(text="<think>only thoughts</think>"), Reply(text="<think>still thinking</think>"))
    deltas, notices, res = await turn(backend(server))
    assert res.status == "failed" and res.move is None and deltas == ""
    assert "only reasoning" in res.error and "repair" in kinds(notices)
    assert "only thoughts" in res.raw


async def test_dropped_mid_speech_keeps_partial_text_as_incomplete(server):
    server.queue(
        Reply(text=SPEECH + " And more words follow here.\n```json\n{}\n```", chunk_chars=8, drop_after=3)
    )
    deltas, notices, res = await turn(backend(server))
    assert res.status == "incomplete" and res.move.speech == deltas.strip() == SPEECH[:24].strip()
    assert res.move.stances == [] and res.move.proposal is None
    assert "fault" in kinds(notices) and "retry" not in kinds(notices)
    assert len(server.requests) == 1


async def test_dropped_before_speech_is_retried(server):
    server.queue(Reply(text=GOOD, drop_after=0), Reply(text=GOOD))
    _, notices, res = await turn(backend(server))
    assert res.status == "ok" and kinds(notices) == ["fault", "retry"] and res.usage.calls == 2


async def test_error_event_mid_stream_is_a_transient_fault(server):
    server.queue(Reply(text=GOOD, error_after=0, error_message="overloaded"), Reply(text=GOOD))
    _, notices, res = await turn(backend(server))
    assert res.status == "ok" and "error mid-reply: overloaded" in notices[0].detail


async def test_rate_limit_honours_retry_after(server):
    server.queue(Reply(status=429, retry_after="0.3"), Reply(text=GOOD))
    start = time.monotonic()
    _, notices, res = await turn(backend(server))
    assert res.status == "ok" and time.monotonic() - start >= 0.3
    retry = next(n for n in notices if n.kind == "retry")
    assert retry.wait_s == 0.3 and "rate limited (HTTP 429)" in notices[0].detail


async def test_server_error_is_retried_with_backoff(server):
    server.queue(Reply(status=500), Reply(status=503), Reply(text=GOOD))
    _, notices, res = await turn(backend(server))
    assert res.status == "ok" and kinds(notices) == ["fault", "retry", "fault", "retry"]
    assert all(0 < n.wait_s <= 0.05 for n in notices if n.kind == "retry")


async def test_retry_after_longer_than_allowed_gives_up(server):
    server.queue(Reply(status=429, retry_after="3600"))
    _, notices, res = await turn(backend(server))
    assert res.status == "failed" and "over the 2s limit" in notices[-1].detail


async def test_bad_key_fails_at_once_and_for_good(server):
    server.queue(Reply(status=401, error_message=f"Incorrect API key provided: {KEY}"))
    b = backend(server)
    _, notices, res = await turn(b)
    assert res.status == "failed" and "the key was rejected (HTTP 401); check it" in res.error
    assert "retry" not in kinds(notices) and b.fatal is not None
    _, _, again = await turn(b)
    assert again.status == "failed" and len(server.requests) == 1


async def test_quota_exhausted_is_permanent(server):
    server.queue(Reply(status=429, error_code="insufficient_quota"))
    _, notices, res = await turn(backend(server))
    assert res.status == "failed" and "quota exhausted" in res.error and "retry" not in kinds(notices)


async def test_bad_request_fails_the_turn_but_not_the_backend(server):
    server.queue(Reply(status=400, error_message="max_tokens too large"), Reply(text=GOOD))
    b = backend(server)
    _, _, res = await turn(b)
    assert res.status == "failed" and "HTTP 400" in res.error and "max_tokens too large" in res.error
    _, _, res2 = await turn(b)
    assert res2.status == "ok" and b.fatal is None


async def test_malformed_move_is_repaired_once(server):
    bad = move_text(SPEECH, {"stances": [{"proposal": "P1", "position": "maybe", "reason": "r"}]})
    server.queue(Reply(text=bad), Reply(text='{"mechanisms": ["demand"]}'))
    deltas, notices, res = await turn(backend(server))
    assert res.status == "ok" and res.move.speech == SPEECH and res.move.mechanisms == ["demand"]
    assert deltas.strip() == SPEECH and "repair" in kinds(notices)
    repair_prompt = server.requests[1].body["messages"][-1]["content"]
    assert "stances.0.position" in repair_prompt
    assert res.usage.calls == 2


async def test_still_malformed_after_repair_keeps_the_streamed_speech_as_a_flagged_turn(server):
    """Issue #14: words the listener saw are not thrown away when no valid move came: the
    turn is incomplete, its move is the speech alone, and the error says why."""
    server.queue(Reply(text=SPEECH + "\n{not json"), Reply(text="sorry, no"))
    deltas, notices, res = await turn(backend(server))
    assert res.status == "incomplete" and res.move is not None and res.move.speech == SPEECH
    assert res.move.proposal is None and not res.move.stances
    assert "speech kept without a move" in res.error and "no valid move after one repair" in res.error
    assert any("the speech is kept without a move" in n.detail for n in notices)
    assert "{not json" in res.raw and "sorry, no" in res.raw and deltas.strip() == SPEECH


async def test_all_json_reply_without_streamed_speech_is_still_shown(server):
    server.queue(Reply(text='{"speech": "Short and JSON.", "mechanisms": []}'))
    _deltas, _, res = await turn(backend(server))
    assert res.status == "ok" and res.move.speech == "Short and JSON."


async def test_tries_are_capped(server):
    server.queue(Reply(status=500), Reply(status=500), Reply(text=GOOD))
    _, notices, res = await turn(backend(server, retry=FAST.model_copy(update={"max_attempts": 2})))
    assert res.status == "failed" and "2 tries made" in notices[-1].detail


async def test_debate_retry_budget_is_shared(server):
    budget = RetryBudget(total=1)
    server.queue(Reply(status=500), Reply(text=GOOD), Reply(status=500))
    _, _, first = await turn(backend(server, budget=budget))
    _, notices, second = await turn(backend(server, budget=budget))
    assert first.status == "ok" and second.status == "failed"
    assert "retry budget (1) is spent" in notices[-1].detail


async def test_slow_server_times_out_and_is_retried(server):
    """A server that has answered before gets a timed-out call again."""
    server.queue(Reply(text=GOOD), Reply(text=GOOD, delay_s=2), Reply(text=GOOD))
    b = backend(server, call_timeout_s=0.3)
    await turn(b)
    start = time.monotonic()
    _, notices, res = await turn(b)
    assert res.status == "ok" and time.monotonic() - start < 1.5
    assert "no reply in time" in notices[0].detail and "--call-timeout" in notices[0].detail


async def test_a_server_that_never_answered_is_not_waited_for_twice(server):
    """Issue #14: a first call that times out is not retried with the same prompt (a slow
    local server would only time out again); the seat stops the debate, naming the limit."""
    server.queue(Reply(text=GOOD, delay_s=2), Reply(text=GOOD))
    b = backend(server, call_timeout_s=0.3)
    start = time.monotonic()
    _, notices, res = await turn(b)
    assert res.status == "failed" and time.monotonic() - start < 1.0 and len(server.requests) == 1
    assert "has never answered" in notices[-1].detail
    assert b.fatal is not None and "--call-timeout 0.3s" in str(b.fatal)


async def test_turn_deadline_bounds_a_stalled_stream(server):
    server.queue(Reply(text=SPEECH + " " + SPEECH, chunk_chars=10, stall_after=2))
    start = time.monotonic()
    _, _, res = await turn(backend(server, turn_deadline_s=0.5))
    assert time.monotonic() - start < 1.5
    assert res.status == "incomplete" and res.move.speech == SPEECH[:20].strip()


async def test_cache_replays_without_a_call(server, tmp_path):
    cache = ResponseCache(tmp_path / "cache.sqlite")
    server.queue(Reply(text=GOOD))
    spec = parse_spec("openai-compatible:fake-model", base_url=server.base_url)
    _, _, first = await turn(LLMBackend(spec, key=SecretStr(KEY), cache=cache))
    deltas, notices, again = await turn(LLMBackend(spec, key=SecretStr(KEY), cache=ResponseCache(cache.path)))
    assert len(server.requests) == 1 and kinds(notices) == ["cache_hit"]
    assert again.move == first.move and deltas.strip() == SPEECH and again.usage.calls == 0


async def test_json_mode_streams_the_speech_field(server):
    server.queue(
        Reply(text=json.dumps({"speech": SPEECH, "mechanisms": ["demand"]}), no_delta=True, chunk_chars=4)
    )
    deltas, _, res = await turn(backend(server, method="json_mode"))
    assert res.status == "ok" and deltas == SPEECH == res.move.speech
    assert server.requests[0].body["response_format"] == {"type": "json_object"}


def test_a_backend_survives_a_new_event_loop(server):
    import asyncio

    server.queue(Reply(text=GOOD), Reply(text=GOOD))
    b = backend(server)
    first = asyncio.run(turn(b))[2]
    second = asyncio.run(turn(b))[2]
    assert first.status == second.status == "ok" and len(server.requests) == 2


async def test_a_server_echoing_the_key_never_gets_it_into_the_turn(server):
    server.queue(
        Reply(text="cannot parse your request; headers follow", echo_headers=True, chunk_chars=5),
        Reply(text="still cannot parse it", echo_headers=True, chunk_chars=5),
    )
    deltas, _notices, res = await turn(backend(server))  # turn() checks every item for KEY
    assert res.status == "incomplete" and "authorization: Bearer ***" in res.raw
    assert "Bearer ***" in deltas and "sk-test" not in res.raw + deltas + res.error


async def test_keys_in_speech_and_reasoning_are_masked_even_split_across_chunks(server):
    other = "sk-other-ABCDEFGHIJKLMNOP"
    server.queue(
        Reply(
            text=move_text(f"Mine is {KEY} and theirs {other}.", {"mechanisms": ["demand"]}),
            reasoning=f"I must not say {KEY}",
            chunk_chars=3,
        )
    )
    deltas, _, res = await turn(backend(server))
    assert res.status == "ok" and res.move.speech == "Mine is *** and theirs ***." == deltas.strip()
    assert res.reasoning == "I must not say ***"


async def test_error_texts_are_masked(server):
    server.queue(
        Reply(text=GOOD, error_after=0, error_message=f"proxy saw Bearer {KEY}"),
        Reply(status=400, error_message=f"bad request from key {KEY}"),
    )
    _, notices, res = await turn(backend(server))
    assert res.status == "failed" and "bad request from key ***" in res.error
    assert "proxy saw Bearer ***" in notices[0].detail
