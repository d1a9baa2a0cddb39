"""``roleplay run`` with LLM options (--model, --base-url, --cache, --dry-run), end to end
against the fake server on 127.0.0.1."""

from __future__ import annotations

from conftest import SCENARIOS
from fake_openai import FakeOpenAI
from llm_fixtures import scripted_model
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.runs.transcript import load_run

runner = CliRunner()


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def test_dry_run_prints_first_round_prompts_without_a_key(tmp_path):
    res = invoke(
        "run",
        SCENARIOS[0],
        "--dry-run",
        "--model",
        "openai:gpt-4o-mini",
        "--lang",
        "en",
        env={"OPENAI_API_KEY": "", "ROLEPLAY_KEYS_FILE": str(tmp_path / "none.toml")},
    )
    assert res.exit_code == 0, res.output
    assert res.output.count("(openai:gpt-4o-mini), about") >= 2
    assert "--- system ---" in res.output and "--- user ---" in res.output and "Round 1 of" in res.output


def test_bad_backend_spec_is_an_input_error():
    res = invoke("run", SCENARIOS[0], "--model", "opnai:gpt-4o")
    assert res.exit_code == 2 and "did you mean 'openai'" in res.output


def test_run_on_a_server_then_rerun_from_the_cache(tmp_path):
    cache = tmp_path / "replies.sqlite"
    with FakeOpenAI(responder=scripted_model) as srv:
        args = (
            "run",
            SCENARIOS[0],
            "--model",
            "openai-compatible:fake",
            "--base-url",
            srv.base_url,
            "--cache",
            cache,
            "--rounds",
            3,
            "--quiet",
            "--out",
            tmp_path / "out",
        )
        first = invoke(*args)
        calls = len(srv.requests)
        second = invoke(*args)
        assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
        assert calls > 0 and len(srv.requests) == calls, "the rerun made no calls"
    runs = [load_run(f) for f in (tmp_path / "out").iterdir()]
    a, b = ([t.move for t in r.turns()] for r in runs)
    assert a == b and all(t.status == "ok" for r in runs for t in r.turns())
    replayed = [r for r in runs if all(t.usage.calls == 0 for t in r.turns())]
    assert len(runs) == 2 and len(replayed) == 1


def test_moderator_model_judges_beside_the_deterministic_scorer(tmp_path):
    with FakeOpenAI(responder=scripted_model) as srv:
        res = invoke(
            "run",
            SCENARIOS[0],
            "--moderator-model",
            "openai-compatible:judge",
            "--base-url",
            srv.base_url,
            "--rounds",
            4,
            "--quiet",
            "--lang",
            "en",
            "--out",
            tmp_path / "out",
        )
        judge_calls = [r for r in srv.requests if "impartial judge" in str(r)]
    assert res.exit_code == 0, res.output
    assert len(judge_calls) == 1, "one stateless judge call per scoring"
    run = load_run(next((tmp_path / "out").iterdir()))
    assert run.started.backends["moderator"].startswith("openai-compatible:judge")
    assert all(b == "offline" for k, b in run.started.backends.items() if k != "moderator")
    assert run.ended.scorecard.scorer == "deterministic"
    assert run.ended.judge_scorecard is not None and run.ended.judge_scorecard.scorer.startswith("llm:")
    assert res.output.count("Scorecard (") == 2  # both printed
    assert "judge vs deterministic: judge scored" in res.output


def test_missing_key_message_reaches_the_user_whole(tmp_path):
    res = invoke(
        "run",
        SCENARIOS[0],
        "--model",
        "openai:gpt-4o-mini",
        env={"OPENAI_API_KEY": "", "ROLEPLAY_KEYS_FILE": str(tmp_path / "none.toml")},
    )
    assert res.exit_code == 2
    assert (
        'a TOML file with a table [keys] that holds one line per provider, here: openai = "YOUR-KEY"'
        in " ".join(res.output.split())
    )


def test_price_without_dry_run_is_refused_before_any_debate_runs(tmp_path):
    """`roleplay run chip-controls --price 0.15` ran (and paid for) a whole debate and printed
    no estimate: the price was silently ignored."""
    for flag in ("--price", "--price-out"):
        res = invoke("run", SCENARIOS[0], flag, "0.15", "--quiet", "--out", tmp_path / "runs")
        assert res.exit_code == 2, res.output
        assert f"{flag} only prices a --dry-run" in res.output and "add --dry-run" in res.output
    assert not (tmp_path / "runs").exists()
