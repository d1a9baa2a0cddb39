"""A pool of model servers behind one seat (issue #13 item 3, roleplay.llm.pool): the spec,
calls spread over the servers within the per-server bound, and a dead server taken out of
rotation with a message that names it and never a key."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from types import SimpleNamespace

import fake_openai
import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import dead_url, scripted_model

from roleplay.debate.backend import TurnResult
from roleplay.debate.move import Move
from roleplay.errors import InputError, PermanentBackendError, TransientBackendError
from roleplay.llm.backend import make_llm_backend
from roleplay.llm.faults import AccessError
from roleplay.llm.pool import Gates, PooledBackend, endpoint_fault, endpoint_specs
from roleplay.llm.spec import parse_spec
from roleplay.runs.batch import BatchSpec, is_finished, pending_jobs, run_seed_async, seed_folder
from roleplay.runs.batch_folder import last_event
from roleplay.runs.batch_loop import run_jobs


@pytest.fixture
def per_port(monkeypatch):
    """Requests each fake server (by port) got, and the most it was handling at once."""
    seen: dict[str, Counter] = {"now": Counter(), "max": Counter(), "total": Counter()}
    lock = threading.Lock()
    original = fake_openai._Handler.do_POST

    def counted(self) -> None:
        port = self.server.server_address[1]
        with lock:
            seen["now"][port] += 1
            seen["total"][port] += 1
            seen["max"][port] = max(seen["max"][port], seen["now"][port])
        done = threading.Event()

        def end() -> None:  # once: when the stream's last event is written, or on return
            with lock:
                if not done.is_set():
                    done.set()
                    seen["now"][port] -= 1

        write = self.wfile.write

        def watched(data: bytes) -> int:
            n = write(data)
            if b"[DONE]" in data:  # the client may read this and start its next call at once
                self.wfile.flush()
                end()
            return n

        self.wfile.write = watched
        try:
            original(self)
        finally:
            end()

    monkeypatch.setattr(fake_openai._Handler, "do_POST", counted)
    return seen


def slow(body: dict) -> Reply:
    reply = scripted_model(body)
    reply.delay_s = 0.03
    return reply


def port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def test_a_seat_names_several_servers_each_with_its_own_key(monkeypatch):
    monkeypatch.setenv("ROLEPLAY_127_0_0_1_9002_API_KEY", "key-for-9002")
    raw = "openai-compatible:qwen@http://u:SECRET1@127.0.0.1:9001/v1, http://127.0.0.1:9002/v1#max_tokens=64"
    spec = parse_spec(raw)
    assert spec.pool == ("http://127.0.0.1:9001/v1", "http://127.0.0.1:9002/v1")
    assert spec.label == "openai-compatible:qwen@http://127.0.0.1:9001/v1,http://127.0.0.1:9002/v1"
    assert "SECRET1" not in spec.label and spec.max_tokens == 64
    one, two = endpoint_specs(raw)
    assert (one.base_url, two.base_url) == spec.pool and one.max_tokens == two.max_tokens == 64
    assert one.url_key is not None and one.url_key.get_secret_value() == "SECRET1"
    assert two.url_key is None and two.key_env == "ROLEPLAY_127_0_0_1_9002_API_KEY"
    seat = make_llm_backend(raw)
    assert isinstance(seat, PooledBackend) and seat.label == spec.label
    keys = [m.caller.model.client._key.get_secret_value() for m in seat.members.values()]
    assert keys == ["SECRET1", "key-for-9002"]  # each key goes only to its own host
    # --base-url takes the same list; a plain single URL is no pool
    assert parse_spec("ollama:q", base_url="http://a:1/v1,http://b:2/v1").pool == (
        "http://a:1/v1",
        "http://b:2/v1",
    )
    assert parse_spec("ollama:q@http://a:1/v1").pool == ()


def test_a_pool_that_names_a_server_twice_or_a_broken_url_is_refused():
    with pytest.raises(InputError, match="names a server twice"):
        parse_spec("openai-compatible:q@http://127.0.0.1:1/v1,http://127.0.0.1:1/other")
    with pytest.raises(InputError, match="names no host"):
        parse_spec("openai-compatible:q@http://127.0.0.1:1/v1,http:///v1")


def test_gates_pick_the_least_busy_server_ties_in_order_and_wait_at_the_limit():
    async def go() -> list[str | None]:
        g = Gates(limit=2)
        picks = [await g.pick(["a", "b"]) for _ in range(4)]
        waiting = asyncio.ensure_future(g.pick(["a", "b"]))
        await asyncio.sleep(0.01)
        assert not waiting.done()  # both full: waits
        g.release("b")
        picks.append(await asyncio.wait_for(waiting, 1))
        g.take_out("a", "refused")
        g.release("a"), g.release("a"), g.release("b")
        picks.append(await asyncio.wait_for(g.pick(["a", "b"]), 1))  # a is idle but out
        g.take_out("b", "refused")
        picks.append(await g.pick(["a", "b"]))
        return picks

    assert asyncio.run(go()) == ["a", "b", "a", "b", "b", "b", None]


def spec_for(urls: list[str]) -> BatchSpec:
    return BatchSpec(
        scenario="patient-capital",
        scenario_id="patient-capital",
        model="openai-compatible:fake@" + ",".join(urls),
        rounds=2,
        lang="en",
    )


def test_a_batch_spreads_calls_over_both_servers_within_the_per_server_bound(tmp_path, per_port):
    with FakeOpenAI(responder=slow) as a, FakeOpenAI(responder=slow) as b:
        jobs = pending_jobs(spec_for([a.base_url, b.base_url]), [1, 2, 3, 4], tmp_path)
        pa, pb = port(a.base_url), port(b.base_url)
        done = run_jobs(jobs, run=run_seed_async, concurrency=4, per_server=2)
    assert sorted(o.seed for o in done) == [1, 2, 3, 4] and all(o.scored for o in done)
    assert per_port["total"][pa] >= 4 and per_port["total"][pb] >= 4  # both servers used
    assert 1 <= per_port["max"][pa] <= 2 and 1 <= per_port["max"][pb] <= 2  # never past the bound
    assert per_port["max"][pa] + per_port["max"][pb] >= 3  # and calls overlapped


def test_a_dead_server_is_taken_out_with_a_message_and_the_other_takes_every_call(
    tmp_path, per_port, monkeypatch
):
    """Through the CLI: one warning naming the dead server (never its key), a notice in the
    transcripts, every seed finished on the live server."""
    from typer.testing import CliRunner

    from roleplay.cli.main import app

    monkeypatch.setenv("ROLEPLAY_RETRY_BUDGET", "0")
    dead = dead_url().replace("http://", "http://user:SECRETKEY@")
    out = tmp_path / "b"
    with FakeOpenAI(responder=scripted_model) as live:
        live_port = port(live.base_url)
        model = f"openai-compatible:fake@{dead},{live.base_url}"
        args = [
            "batch",
            "patient-capital",
            "--seeds",
            "1-2",
            "--model",
            model,
            "--rounds",
            "2",
            "--lang",
            "en",
        ]
        res = CliRunner().invoke(app, [*args, "--concurrency", "2", "--per-server", "2", "--out", str(out)])
        calls = len(live.requests)
    assert res.exit_code == 0, res.output
    assert all(is_finished(seed_folder(out, s)) for s in (1, 2))
    assert per_port["total"] == Counter({live_port: calls}) and calls > 0
    server = f"http://127.0.0.1:{port(dead)}"
    assert res.output.count(f"warning: model server {server} taken out of rotation") == 1
    text = "".join((seed_folder(out, s) / "events.jsonl").read_text(encoding="utf-8") for s in (1, 2))
    assert f"server {server} taken out of rotation" in text
    assert "SECRETKEY" not in text and "SECRETKEY" not in res.output


def test_when_every_server_is_out_the_seat_fails_as_one_dead_server_does(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEPLAY_RETRY_BUDGET", "0")
    jobs = pending_jobs(spec_for([dead_url(), dead_url()]), [1], tmp_path)
    (outcome,) = run_jobs(jobs, run=run_seed_async, concurrency=1, per_server=1)
    assert not outcome.scored
    ended = last_event(seed_folder(tmp_path, 1)) or {}
    assert ended.get("status") == "failed"
    text = (seed_folder(tmp_path, 1) / "events.jsonl").read_text(encoding="utf-8")
    assert "every server of the pool is out of rotation" in text


@pytest.mark.parametrize(
    ("status", "fatal", "error", "out"),
    [
        ("failed", None, TransientBackendError("srv: server error (HTTP 502)", http_status=502), True),
        ("failed", None, TransientBackendError("srv: connection failed", http_status=None), True),
        ("failed", None, TransientBackendError("srv: rate limited (HTTP 429)", http_status=429), False),
        ("failed", AccessError("srv: the key was rejected (HTTP 401)"), None, True),
        ("failed", None, PermanentBackendError("srv: the server rejected the request (HTTP 400)"), False),
        ("incomplete", None, TransientBackendError("srv: dropped", http_status=None), False),
    ],
)
def test_which_faults_take_a_server_out_of_rotation(status, fatal, error, out):
    """The server's faults take it out (5xx or a dropped link after the retries, a rejected key);
    a rate limit, a bad request, or a turn whose speech was already shown do not."""
    member = SimpleNamespace(fatal=fatal, last_error=error)
    result = TurnResult(status=status, error="x", move=Move(speech="hi") if status == "incomplete" else None)
    assert (endpoint_fault(member, result) is not None) is out
