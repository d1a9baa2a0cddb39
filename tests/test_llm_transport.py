"""The lean streaming path (issue #14 item 7): text merged below LangChain without losing a
word, the aiohttp transport closed with its loop, and its faults named as they are."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import dead_url
from pydantic import SecretStr

from roleplay.llm.chat import PASS_CHARS, ChatClient, Piece, pass_on
from roleplay.llm.faults import classify
from roleplay.llm.spec import parse_spec


async def _pieces(script: list[Piece | Exception], gap_s: float = 0.0):
    for p in script:
        if gap_s:
            await asyncio.sleep(gap_s)
        if isinstance(p, Exception):
            raise p
        yield p


def _merged(script, deadline_in: float | None = None, read_limit_s: float = 10.0, gap_s: float = 0.0):
    async def run():
        loop = asyncio.get_running_loop()
        deadline = None if deadline_in is None else loop.time() + deadline_in
        got: list[Piece] = []
        try:
            async for p in pass_on(_pieces(script, gap_s), read_limit_s, deadline):
                got.append(p)
        except Exception as exc:  # the fault comes after the words
            return got, exc
        return got, None

    return asyncio.run(run())


SENTENCE = "We should fund demand-side pilots before any tax credit."
TOKENS = [Piece(SENTENCE[i : i + 4]) for i in range(0, len(SENTENCE), 4)]  # ~one token each


def test_tokens_are_passed_on_a_few_at_a_time_and_none_is_lost():
    got, err = _merged([*TOKENS, Piece(finish_reason="stop"), Piece(prompt_tokens=9, completion_tokens=4)])
    assert err is None
    assert "".join(p.content for p in got) == "".join(p.content for p in TOKENS)
    assert len(got) < len(TOKENS)  # merged...
    assert all(len(p.content) >= PASS_CHARS for p in got[:-2])  # ...into runs of PASS_CHARS or more
    assert got[-1].prompt_tokens == 9 and any(p.finish_reason == "stop" for p in got)


def test_held_words_reach_the_caller_before_the_fault():
    got, err = _merged([Piece("Fund "), Piece("pilots"), ConnectionResetError("peer hung up")])
    assert isinstance(err, ConnectionResetError)
    assert "".join(p.content for p in got) == "Fund pilots"


def test_nothing_is_held_once_the_deadline_is_within_one_read_limit():
    # the caller then waits with its own timer, whose cancellation would drop held words
    got, _ = _merged([Piece("a"), Piece("b"), Piece("c")], deadline_in=5.0, read_limit_s=10.0)
    assert [p.content for p in got] == ["a", "b", "c"]


def test_a_slow_stream_is_passed_on_as_it_comes():
    got, _ = _merged([Piece("a"), Piece("b")], gap_s=0.06)
    assert [p.content for p in got] == ["a", "b"]


def test_a_refused_connection_is_a_connection_fault_not_a_silent_server():
    client = ChatClient(parse_spec(f"openai-compatible:m@{dead_url()}"), SecretStr("sk-x"))

    async def run():
        async for _ in client.stream([]):
            pass

    with pytest.raises(Exception) as caught:
        asyncio.run(run())
    err = classify(caught.value, "openai-compatible:m")
    assert err.msg_id == "error-connection", err


def test_the_http_client_is_closed_with_its_event_loop():
    # aiohttp complains on stderr about a session left open when the program ends
    with FakeOpenAI([Reply(text="Fine.")]) as srv:
        code = (
            "import asyncio\n"
            "from pydantic import SecretStr\n"
            "from roleplay.llm.chat import ChatClient\n"
            "from roleplay.llm.conversation import ChatMessage\n"
            "from roleplay.llm.spec import parse_spec\n"
            f"c = ChatClient(parse_spec('openai-compatible:m@{srv.base_url}'), SecretStr('sk-x'))\n"
            "async def go():\n"
            "    return [p async for p in c.stream([ChatMessage(role='user', content='hi')])]\n"
            "print(''.join(p.content for p in asyncio.run(go())))\n"
            "import gc; gc.collect()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).resolve().parents[1],
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Fine."
    assert "Unclosed" not in done.stderr, done.stderr


def test_a_plain_http_seat_loads_no_certificates_and_would_fail_closed_on_tls():
    from roleplay.llm.chat import tls_for

    plain, secure = tls_for("http://127.0.0.1:8080/v1"), tls_for("https://api.deepseek.com/v1")
    assert plain.verify_mode == ssl.CERT_REQUIRED and plain.check_hostname  # verifies...
    assert plain.cert_store_stats()["x509_ca"] == 0  # ...against no authority: a redirect to https fails
    assert secure.verify_mode == ssl.CERT_REQUIRED and secure.cert_store_stats()["x509_ca"] > 0
    assert tls_for(None) is secure  # api.openai.com: the SDK's default context, built once
