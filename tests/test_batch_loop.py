"""LLM batches on one event loop (roleplay.runs.batch_loop): debates at once, a bound per server."""

from __future__ import annotations

import threading

import fake_openai
import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import scripted_model

from roleplay.runs.batch import BatchSpec, is_finished, pending_jobs, run_seed_async, seed_folder
from roleplay.runs.batch_loop import run_jobs, server_of


@pytest.fixture
def in_flight(monkeypatch):
    """The most requests the fake server was answering at once: from the request's arrival
    to the reply's last event (``[DONE]``), after which the client may send its next call
    while the server's handler thread is still winding down (not a request in flight)."""
    seen = {"now": 0, "max": 0}
    lock = threading.Lock()
    original_post, original_event = fake_openai._Handler.do_POST, fake_openai._Handler._event

    def end(self) -> None:
        with lock:
            if not getattr(self, "_counted_end", False):
                self._counted_end = True
                seen["now"] -= 1

    def event(self, payload) -> None:
        if payload == "[DONE]":
            end(self)
        original_event(self, payload)

    def counted(self) -> None:
        with lock:
            self._counted_end = False
            seen["now"] += 1
            seen["max"] = max(seen["max"], seen["now"])
        try:
            original_post(self)
        finally:
            end(self)

    monkeypatch.setattr(fake_openai._Handler, "do_POST", counted)
    monkeypatch.setattr(fake_openai._Handler, "_event", event)
    return seen


def slow(body: dict) -> Reply:
    reply = scripted_model(body)
    reply.delay_s = 0.05
    return reply


@pytest.mark.parametrize("per_server, most", [(2, 2), (8, 8)])
def test_debates_run_at_once_and_each_server_has_a_bound(tmp_path, in_flight, per_server, most):
    with FakeOpenAI(responder=slow) as srv:
        spec = BatchSpec(
            scenario="patient-capital",
            scenario_id="patient-capital",
            model="openai-compatible:fake",
            rounds=2,
            lang="en",
            base_url=srv.base_url,
        )
        jobs = pending_jobs(spec, [1, 2, 3, 4], tmp_path)
        done = run_jobs(jobs, run=run_seed_async, concurrency=4, per_server=per_server)
    assert sorted(o.seed for o in done) == [1, 2, 3, 4] and all(o.scored for o in done)
    assert all(is_finished(seed_folder(tmp_path, s)) for s in (1, 2, 3, 4))
    assert 2 <= in_flight["max"] <= most  # debates overlapped, never past the server's bound


def test_a_server_is_its_scheme_host_and_port_without_credentials():
    from roleplay.debate.backends import make_backend

    b = make_backend("openai-compatible:m", base_url="http://user:secret@127.0.0.1:8000/v1")
    assert server_of(b) == "http://127.0.0.1:8000"
    assert server_of(make_backend("offline")) is None


def test_cli_batch_with_llm_seats_keeps_the_per_server_bound(tmp_path, in_flight):
    from typer.testing import CliRunner

    from roleplay.cli.main import app

    root = tmp_path / "b"
    with FakeOpenAI(responder=slow) as srv:
        args = ["batch", "patient-capital", "--seeds", "1-3", "--rounds", "2", "--concurrency", "3"]
        args += ["--per-server", "1", "--lang", "en", "--model", "openai-compatible:fake"]
        res = CliRunner().invoke(app, [*args, "--base-url", srv.base_url, "--out", str(root)])
    assert res.exit_code == 0, res.output
    assert "scored 3/3 runs" in res.output
    assert in_flight["max"] == 1


def test_per_server_on_an_offline_batch_is_refused_not_ignored(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from roleplay.cli.main import app

    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["batch", "patient-capital", "--seeds", "1", "--per-server", "2"])
    assert res.exit_code == 2 and "--per-server" in res.output and "offline" in res.output
    assert not (tmp_path / "transcripts").exists()
