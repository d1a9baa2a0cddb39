"""Issue #14 through the loopback fake server: keys stay with their hosts, per-seat servers win,
URL credentials go nowhere, cut streams are flagged, the judge's words are kept and counted,
windows are read from the server and fixed prompts that cannot fit stop the run."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply, count_tokens
from llm_fixtures import make_request, make_setup, move_text, scripted_model
from pydantic import SecretStr
from typer.testing import CliRunner

from roleplay.debate.backend import Delta, Notice, TurnResult
from roleplay.debate.backends import make_backend, make_judge
from roleplay.debate.engine import run_debate
from roleplay.debate.events import DebateEnded, TextDelta, TurnCompleted, parse_event
from roleplay.debate.session import run_to_folder
from roleplay.errors import InputError
from roleplay.llm.backend import LLMBackend
from roleplay.llm.cache import ResponseCache
from roleplay.llm.faults import RetryPolicy
from roleplay.llm.spec import parse_spec, resolve_key, url_key_env

FAST = RetryPolicy(base_s=0.01, max_s=0.05, max_wait_s=2)
SPEECH = "We need open data and patient capital for every young firm in the region."
OPENAI_KEY = "sk-openai-REALKEY-0123456789"


async def one_turn(b: LLMBackend):
    items = [i async for i in b.take_turn(make_request(make_setup(), "alpha", 0))]
    deltas = "".join(i.text for i in items if isinstance(i, Delta))
    notices = [i for i in items if isinstance(i, Notice)]
    result = items[-1]
    assert isinstance(result, TurnResult)
    return deltas, notices, result


def read_events(folder: Path) -> list:
    return [parse_event(x) for x in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()]


# --- item 1: servers and keys belong together ---------------------------------------------


async def test_the_judge_key_stays_with_its_host(monkeypatch):
    """--base-url at a local server and an openai: judge: the judge still calls api.openai.com
    (its label says so), and the local server never sees OPENAI_API_KEY."""
    monkeypatch.setenv("OPENAI_API_KEY", OPENAI_KEY)
    with FakeOpenAI(responder=scripted_model) as srv:
        judge = make_judge("openai:gpt-4o-mini", base_url=srv.base_url)
        seat = make_backend("openai-compatible:small", base_url=srv.base_url, retry=FAST)
        _, _, res = await one_turn(seat)
    assert judge.spec.base_url is None and judge.spec.host == "api.openai.com"
    assert judge.label == "openai:gpt-4o-mini"
    assert res.status == "ok" and srv.requests
    assert all(OPENAI_KEY not in json.dumps(r.headers) for r in srv.requests)
    assert {r.headers["authorization"] for r in srv.requests} == {"Bearer not-needed"}


def test_an_openai_seat_never_goes_to_another_host():
    for spec in ("openai:gpt-4o@http://127.0.0.1:9/v1", "deepseek:deepseek-chat@http://127.0.0.1:9/v1"):
        with pytest.raises(InputError, match="openai-compatible:"):
            parse_spec(spec)
    assert parse_spec("deepseek:deepseek-chat", base_url="http://127.0.0.1:9/v1").host == "api.deepseek.com"


def test_a_key_for_a_custom_url_comes_only_from_a_name_for_that_server(tmp_path):
    spec = parse_spec("openai-compatible:m@http://llm.lan:8080/v1")
    assert spec.key_env == url_key_env("http://llm.lan:8080/v1") == "ROLEPLAY_LLM_LAN_8080_API_KEY"
    env = {"ROLEPLAY_KEYS_FILE": str(tmp_path / "none.toml"), "OPENAI_API_KEY": OPENAI_KEY}
    assert resolve_key(spec, env).get_secret_value() == "not-needed", "another provider's key is never used"
    env["ROLEPLAY_LLM_LAN_8080_API_KEY"] = "lan-key-123"
    assert resolve_key(spec, env).get_secret_value() == "lan-key-123"
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"llm.lan:8080" = "file-key-456"\n', encoding="utf-8")
    assert resolve_key(spec, {"ROLEPLAY_KEYS_FILE": str(keys)}).get_secret_value() == "file-key-456"


async def test_per_seat_urls_win_over_base_url():
    with FakeOpenAI(responder=scripted_model) as own, FakeOpenAI(responder=scripted_model) as shared:
        seat = make_backend(f"openai-compatible:m@{own.base_url}", base_url=shared.base_url, retry=FAST)
        plain = make_backend("openai-compatible:m", base_url=shared.base_url, retry=FAST)
        judge = make_judge(f"openai-compatible:j@{own.base_url}", base_url=shared.base_url)
        await one_turn(seat)
        assert (len(own.requests), len(shared.requests)) == (1, 0)
        await one_turn(plain)
        assert (len(own.requests), len(shared.requests)) == (1, 1)
        assert seat.label == f"openai-compatible:m@{own.base_url}"
        assert judge.label == f"openai-compatible:j@{own.base_url}"
    assert parse_spec("ollama:qwen2.5:7b@http://gpu:11434/v1", base_url="http://x:1/v1").base_url == (
        "http://gpu:11434/v1"
    )


async def test_url_credentials_appear_nowhere(tmp_path):
    """A seat at https://user:KEY@host/v1: the server gets the key as its bearer token, and
    the key is in no label, cache row, event, transcript or error message."""
    secret = "pw-0f9e8d7c6b5a"
    setup = make_setup(rounds=3, n_personas=2)
    cache_file = tmp_path / "cache.sqlite"
    with FakeOpenAI(responder=scripted_model) as srv:
        url = srv.base_url.replace("http://", f"http://someone:{secret}@")
        spec = f"openai-compatible:fake@{url}"
        scenario = setup.scenario.model_copy(
            update={"persona_backends": {p.id: spec for p in setup.personas}}
        )
        setup = setup.model_copy(update={"scenario": scenario})
        cache = ResponseCache(cache_file)
        backends = {p.id: make_backend(spec, retry=FAST, cache=cache) for p in setup.personas}
        judge = make_judge(spec, cache=cache)
        folder = await run_to_folder(
            setup, backends, tmp_path / "run", "urlcred1", judge=judge, moderator_label=judge.label
        )
        cache.close()
        assert {r.headers["authorization"] for r in srv.requests} == {f"Bearer {secret}"}
    assert read_events(folder)[-1].judge_scorecard is not None
    for f in [*folder.rglob("*"), cache_file]:
        if f.is_file():
            assert secret.encode() not in f.read_bytes(), f
    assert secret not in backends["alpha"].label and secret not in judge.label
    with pytest.raises(InputError) as e:
        parse_spec(f"openai-compatible:m@{url}#bogus=1")
    assert secret not in str(e.value)
    dead = make_backend(f"openai-compatible:m@http://u:{secret}@127.0.0.1:9/v1", retry=FAST)
    _, notices, res = await one_turn(dead)
    assert res.status == "failed" and secret not in res.error + json.dumps([n.detail for n in notices])


def test_url_credentials_never_reach_a_batch_folder(tmp_path, monkeypatch):
    """`batch --base-url http://user:KEY@host/v1`: the seats call with the key, but
    batch.json, the seed folders and the reports never hold it; rerunning the same command
    resumes the same batch (the manifest compares the masked URL)."""
    from roleplay.cli.main import app

    secret = "pw-batch-5e4d3c2b1a"
    monkeypatch.chdir(tmp_path)
    with FakeOpenAI(responder=scripted_model) as srv:
        url = srv.base_url.replace("http://", f"http://someone:{secret}@")
        args = [
            "batch",
            "patient-capital",
            "--seeds",
            "1",
            "--rounds",
            "2",
            "--model",
            "openai-compatible:fake",
        ]
        args += ["--base-url", url, "--out", "b", "--concurrency", "1"]
        first = CliRunner().invoke(app, args)
        again = CliRunner().invoke(app, args)
        assert {r.headers["authorization"] for r in srv.requests} == {f"Bearer {secret}"}
    assert first.exit_code == 0, first.output
    assert again.exit_code == 0 and "holds another batch" not in again.output, again.output
    manifest = json.loads((tmp_path / "b" / "batch.json").read_text(encoding="utf-8"))
    assert manifest["base_url"] == url.replace(f"someone:{secret}", "***")
    for f in (tmp_path / "b").rglob("*"):
        if f.is_file():
            assert secret.encode() not in f.read_bytes(), f
    assert secret not in first.output + again.output


# --- item 3: nothing a model said is lost ---------------------------------------------------


async def test_a_plain_stream_closed_mid_sentence_is_an_incomplete_turn():
    """Not chunked, no length: the body ends when the socket closes, with no finish_reason
    and no [DONE]. The partial speech is kept and flagged, no repair call is made."""
    text = move_text(SPEECH, {"mechanisms": ["demand"]})
    with FakeOpenAI([Reply(text=text, chunked=False, drop_after=2, finish_reason=None)]) as srv:
        b = LLMBackend(parse_spec("openai-compatible:m", base_url=srv.base_url), retry=FAST)
        deltas, _notices, res = await one_turn(b)
        calls = len(srv.requests)
    assert res.status == "incomplete" and res.move is not None
    assert res.move.speech == SPEECH[:24] and deltas == SPEECH[:24]
    assert "no finish_reason, no [DONE]" in res.error and calls == 1
    assert res.usage.completion_tokens > 0, "a cut call that generated is counted"


async def test_a_plain_stream_that_ends_properly_is_a_whole_turn():
    text = move_text(SPEECH, {"mechanisms": ["demand"]})
    with FakeOpenAI([Reply(text=text, chunked=False)]) as srv:
        _, _, res = await one_turn(LLMBackend(parse_spec("openai-compatible:m", base_url=srv.base_url)))
    assert res.status == "ok" and res.move.speech == SPEECH


async def test_chat_template_markup_never_reaches_the_speech():
    text = (
        "<|im_start|>assistant\n"
        + move_text(SPEECH, {"mechanisms": ["demand"]})
        + "<|im_end|>\n<|im_start|>user\nNext!"
    )
    with FakeOpenAI([Reply(text=text, chunk_chars=3)]) as srv:
        deltas, notices, res = await one_turn(
            LLMBackend(parse_spec("openai-compatible:m", base_url=srv.base_url))
        )
        stop = srv.requests[0].body["stop"]
    assert res.status == "ok" and res.move.speech == SPEECH and "<|" not in deltas and "Next!" not in deltas
    assert "<|im_end|>" in stop
    assert any("chat-template marker" in n.detail for n in notices)


async def test_the_limit_message_names_the_limit_that_cut():
    text = move_text(SPEECH, {"mechanisms": ["demand"]})
    with FakeOpenAI([Reply(text=text, finish_reason="length")] * 2) as srv:
        small = LLMBackend(parse_spec("openai-compatible:m", base_url=srv.base_url, max_tokens=900))
        _, by_reply, _ = await one_turn(small)
        prompt = srv.usage_log[0]["prompt_tokens"]
        edge = LLMBackend(
            parse_spec(
                "openai-compatible:m", base_url=srv.base_url, context_tokens=prompt + 80, max_tokens=64
            )
        )
        _, by_edge, _ = await one_turn(edge)
    assert any("900-token reply limit" in n.detail for n in by_reply)
    assert any("context window's edge" in n.detail and "--context-tokens" in n.detail for n in by_edge)


async def test_a_prompt_the_server_read_shorter_than_sent_is_flagged():
    text = move_text(SPEECH, {"mechanisms": ["demand"]})
    with FakeOpenAI([Reply(text=text, prompt_tokens=200)]) as srv:
        _, notices, res = await one_turn(LLMBackend(parse_spec("openai-compatible:m", base_url=srv.base_url)))
    assert res.status == "ok"
    assert any("read 200 prompt tokens" in n.detail and n.kind == "truncated" for n in notices)


async def test_the_judges_raw_reply_reasoning_and_usage_are_saved_in_the_run(tmp_path):
    def model(body):
        reply = scripted_model(body)
        if "impartial judge" in body["messages"][0]["content"]:
            reply.reasoning = "weighing the elements"
        return reply

    setup = make_setup(rounds=3, n_personas=2)
    with FakeOpenAI(responder=model) as srv:
        backends = {
            p.id: make_backend("openai-compatible:fake", base_url=srv.base_url) for p in setup.personas
        }
        judge = make_judge("openai-compatible:judge", base_url=srv.base_url)
        folder = await run_to_folder(setup, backends, tmp_path / "run", "judgerec1", judge=judge)
    events = read_events(folder)
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.judge is not None
    assert end.judge.raw and '"elements"' in end.judge.raw and end.judge.reasoning == "weighing the elements"
    assert end.judge.usage.calls == 1 and end.judge.usage.prompt_tokens > 0
    assert end.ts >= max(e.ts for e in events[:-1]), "debate_ended is stamped after the judge's notices"
    from roleplay.cli.console import usage_summary
    from roleplay.runs.transcript import load_run

    run = load_run(folder)
    calls = sum(t.usage.calls for t in run.turns()) + 1
    assert usage_summary(run).startswith(f"LLM: {calls} calls") and "the judge: 1 call," in usage_summary(
        run
    )  # singular (#11)


def test_a_batch_with_failed_judge_calls_reports_them(tmp_path):
    from roleplay.cli.main import app

    judged = {"n": 0}
    lock = threading.Lock()

    def model(body):
        if "impartial judge" in body["messages"][0]["content"]:
            with lock:
                judged["n"] += 1
                if judged["n"] == 1:
                    return Reply(status=400, error_message="judge refused")
        return scripted_model(body)

    root = tmp_path / "b"
    with FakeOpenAI(responder=model) as srv:
        res = CliRunner().invoke(
            app,
            [
                "batch", "patient-capital", "--seeds", "1-2", "--rounds", "2", "--lang", "en",
                "--model", "openai-compatible:fake", "--base-url", srv.base_url,
                "--moderator-model", "openai-compatible:judge", "--out", str(root),
            ],
        )  # fmt: skip
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "scored 2/2 runs" in out and "judged 1/2 runs" in out
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert (report["judge"]["n_judged"], report["judge"]["n_total"]) == (1, 2)
    assert "judge refused" in report["judge"]["failed"][0]["reason"]
    md = (root / "report.md").read_text(encoding="utf-8")
    assert "**1/2**" in md and "judged 1/2" in md


# --- item 4: windows read from the server, limits that hold -----------------------------------


async def test_a_seat_whose_fixed_prompt_cannot_fit_stops_the_run_before_its_first_call(tmp_path):
    setup = make_setup(rounds=3, n_personas=2)
    with FakeOpenAI(responder=scripted_model, n_ctx=1024) as srv:
        backends = {
            p.id: make_backend("openai-compatible:fake", base_url=srv.base_url) for p in setup.personas
        }
        events = [e async for e in run_debate(setup, backends, run_id="toolong1")]
        assert srv.requests == [], "no chat call was made"
        assert "/props" in srv.probes
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.status == "failed"
    assert "1024-token context window (reported by the server)" in end.reason
    assert "--context-tokens" in end.reason and "needs about" in end.reason


async def test_the_users_window_caps_the_servers_and_a_seat_sets_its_own():
    with FakeOpenAI(responder=scripted_model, n_ctx=16384) as srv:
        mine = make_backend(f"openai-compatible:m@{srv.base_url}#context_tokens=6000&call_timeout_s=90")
        told = make_backend("openai-compatible:m", base_url=srv.base_url)
        await one_turn(mine)
        await one_turn(told)
    assert (mine.spec.context_tokens, mine.spec.call_timeout_s) == (6000, 90)
    assert told.spec.context_tokens == 16384 and told.window_source == "reported by the server"


def test_limits_come_from_options_then_environment():
    env = {"ROLEPLAY_CALL_TIMEOUT_S": "12", "ROLEPLAY_CONTEXT_TOKENS": "3000"}
    s = parse_spec("ollama:q", env=env)
    assert (s.call_timeout_s, s.context_tokens, s.context_set) == (12, 3000, True)
    s = parse_spec("ollama:q#call_timeout_s=7", env=env, call_timeout_s=20)
    assert s.call_timeout_s == 7
    assert parse_spec("ollama:q", env=env, call_timeout_s=20).call_timeout_s == 20
    with pytest.raises(InputError, match="call_timeout_s"):
        parse_spec("ollama:q#call_timeout_s=-1", env={})


def llama_like(body):
    """A llama.cpp server with a mismatched chat template: ChatML markup around every reply,
    and a slow first byte."""
    reply = scripted_model(body)
    long = "I speak for my party. " + "We hold that patient capital and open data go together. " * 10
    text = reply.text.replace("I speak for my party.", long.strip())
    reply.text = f"<|im_start|>assistant\n{text}<|im_end|>\n<|im_start|>user\n"
    reply.delay_s = 0.05
    return reply


async def llama_debate(tmp_path: Path, props: bool, run_id: str):
    setup = make_setup(rounds=6, n_personas=3)
    with FakeOpenAI(responder=llama_like, n_ctx=3200, props=props) as srv:
        backends = {
            p.id: make_backend("openai-compatible:llama", base_url=srv.base_url) for p in setup.personas
        }
        judge = make_judge("openai-compatible:llama#max_tokens=600", base_url=srv.base_url)
        folder = await run_to_folder(setup, backends, tmp_path / run_id, run_id, judge=judge)
        reported = list(srv.usage_log)
        sent = [
            sum(count_tokens(m["content"]) for m in r.body["messages"]) + r.body["max_tokens"]
            for r in srv.requests
        ]
    return read_events(folder), reported, sent


async def test_a_llama_cpp_like_server_finishes_a_debate_cleanly(tmp_path):
    """Reported window 3200 (GET /props), ChatML markup in replies, a slow first byte, 400
    exceed_context_size_error for prompts over the window: no markup in any speech, every
    prompt trimmed to leave the 900-token reply room in the window, and token totals equal
    to what the server reported."""
    events, reported, sent = await llama_debate(tmp_path, True, "llamacpp1")
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.status == "finished", end.reason
    assert turns and all(t.status == "ok" for t in turns) and end.judge_scorecard is not None
    speeches = [t.move.speech for t in turns] + [e.text for e in events if isinstance(e, TextDelta)]
    assert not any("<|" in s or "im_end" in s or "im_start" in s for s in speeches)
    assert len(reported) == len(sent), "no request was refused"
    assert max(sent) <= 3200, "every prompt, reply room included, was trimmed to the window"
    usages = [t.usage for t in turns] + [end.judge.usage]
    assert sum(u.prompt_tokens for u in usages) == sum(u["prompt_tokens"] for u in reported)
    assert sum(u.completion_tokens for u in usages) == sum(u["completion_tokens"] for u in reported)
    # the control: the same debate on a server that hides its window sends longer prompts
    _, _, hidden = await llama_debate(tmp_path, False, "llamacpp2")
    assert max(hidden) > 3200


async def test_a_prompt_over_the_servers_window_gets_a_clear_message():
    """The server hides its window and refuses the prompt (HTTP 400 exceed_context_size_error
    with n_ctx): the window it names is used, and as even the fixed prompt cannot fit it,
    the seat stops with the figures and the option, after one call only."""
    with FakeOpenAI(responder=llama_like, n_ctx=600, props=False) as srv:
        b = make_backend("openai-compatible:llama", base_url=srv.base_url, retry=FAST)
        _, notices, res = await one_turn(b)
        calls = len(srv.requests)
    assert res.status == "failed" and calls == 1 and b.fatal is not None
    assert "the server's window is 600 tokens" in " ".join(n.detail for n in notices)
    assert "600-token context window (reported by the server in its error)" in res.error
    assert "--context-tokens" in res.error


def test_the_key_of_a_url_seat_is_masked_in_its_own_replies():
    b = LLMBackend(parse_spec("openai-compatible:m@http://u:abc-secret-99@127.0.0.1:9/v1"))
    assert "abc-secret-99" in b.caller._secrets and b.spec.url_key == SecretStr("abc-secret-99")


@pytest.mark.parametrize(
    "path, reply, expected",
    [
        pytest.param("/props", {"default_generation_settings": {"n_ctx": 8192}}, 8192, id="llama.cpp-props"),
        pytest.param("/models", {"data": [{"id": "m", "max_model_len": 32768}]}, 32768, id="vllm-models"),
        pytest.param(
            "/models",
            {"data": [{"id": "m", "meta": {"n_ctx": 4096, "n_ctx_train": 32768}}]},
            4096,
            id="llama.cpp-models-meta",
        ),
        pytest.param(
            "/models",
            {"data": [{"id": "m", "meta": {"n_ctx_train": 32768}}]},
            None,
            id="training-window-is-not-the-servers",
        ),
        pytest.param(
            "/api/show", {"parameters": "stop <|im_end|>\nnum_ctx 16384"}, 16384, id="ollama-num-ctx"
        ),
        pytest.param("/api/show", {"model_info": {"qwen2.context_length": 32768}}, None, id="ollama-default"),
    ],
)
def test_the_window_is_read_where_each_server_says_it(path, reply, expected):
    from roleplay.llm.chat import _window_from

    assert _window_from(path, reply, "m") == expected


def test_requests_name_the_reply_cap_each_server_knows_and_stop_template_markers():
    from roleplay.llm.chat import ChatClient
    from roleplay.llm.conversation import ChatMessage

    msgs = [ChatMessage(role="user", content="hi")]
    hosted = ChatClient(parse_spec("openai:gpt-4o-mini"), SecretStr("k")).request(msgs, json_mode=True)
    local = ChatClient(parse_spec("ollama:q"), SecretStr("k")).request(msgs)
    assert hosted["max_completion_tokens"] == 900 and "stop" not in hosted and "max_tokens" not in hosted
    assert hosted["response_format"] == {"type": "json_object"}
    assert local["max_tokens"] == 900 and "<|im_end|>" in local["stop"] and len(local["stop"]) <= 4


def test_cli_limits_reach_the_seats_and_a_too_small_window_stops_before_any_call(tmp_path):
    from conftest import SCENARIOS

    from roleplay.cli.main import app

    with FakeOpenAI(responder=scripted_model) as srv:
        res = CliRunner().invoke(
            app,
            [
                "run", str(SCENARIOS[0]), "--model", "openai-compatible:m", "--base-url", srv.base_url,
                "--context-tokens", "1024", "--out", str(tmp_path),
            ],
        )  # fmt: skip
        calls = len(srv.requests)
    out = " ".join(res.output.split())
    assert res.exit_code == 1 and calls == 0
    assert "1024-token context window (set by you)" in out and "--context-tokens" in out


def test_console_notices_never_glue_onto_streamed_speech():
    from io import StringIO

    from rich.console import Console

    from roleplay.cli.console import ConsolePrinter
    from roleplay.debate.events import BackendNotice

    buf = StringIO()
    printer = ConsolePrinter(Console(file=buf, width=120, color_system=None))
    printer(TextDelta(turn="r1-t1-alpha", text="the firms into"))
    printer(BackendNotice(turn="r1-t1-alpha", kind="fault", detail="link dropped"))
    lines = buf.getvalue().splitlines()
    assert "the firms into" in lines and "[fault] link dropped" in lines
