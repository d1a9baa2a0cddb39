"""``roleplay tui`` through typer's test runner: the right app is built from the arguments,
and bad input exits 2 with a message (the app's own run is replaced by a recorder)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.session import prepare, run_to_folder
from roleplay.tui import LiveApp, ReplayApp
from roleplay.tui.app import DebateApp

runner = CliRunner()


@pytest.fixture
def built(monkeypatch) -> list[DebateApp]:
    apps: list[DebateApp] = []
    monkeypatch.setattr(DebateApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def invoke(*args):
    return runner.invoke(app, ["tui", *[str(a) for a in args]])


def test_live_with_a_human_seat_and_options(built, out_dir):
    res = invoke(
        "patient-capital",
        "--human",
        "vc",
        "--lang",
        "en",
        "--seed",
        5,
        "--rounds",
        3,
        "--theme",
        "light",
        "--out",
        out_dir,
    )
    assert res.exit_code == 0, res.output
    (tui,) = built
    assert (
        isinstance(tui, LiveApp) and tui.human == "vc" and tui.lang == "en" and tui.theme == "roleplay-light"
    )
    assert tui.setup.seed == 5 and tui.total_rounds == 3 and tui.folder.parent == out_dir
    assert tui.seats["vc"].label == "human" and tui.seats["ministry"].label == "offline"


async def test_replay_of_a_run_folder(built, tmp_path):
    setup, backends = prepare("patient-capital", rounds=2)
    folder = await run_to_folder(setup, backends, tmp_path / "run", "cli00001")
    res = invoke(folder, "--lang", "en", "--end")
    assert res.exit_code == 0, res.output
    (tui,) = built
    assert isinstance(tui, ReplayApp) and tui.lang == "en" and tui.folder == folder and tui._start_at_end


@pytest.mark.parametrize(
    "args,needle",
    [
        pytest.param(["patient-capital", "--human", "nobody"], "--human nobody", id="human-not-seated"),
        pytest.param(["patient-capital", "--lang", "fr"], "--lang", id="bad-lang"),
        pytest.param(["patient-capital", "--theme", "pink"], "--theme", id="bad-theme"),
        pytest.param(["no-such-scenario"], "no-such-scenario", id="unknown-scenario"),
        pytest.param(["patient-capital", "--model", "nonsense:spec"], "nonsense", id="bad-model"),
    ],
)
def test_bad_input_exits_2_with_a_message(built, args, needle, out_dir):
    res = invoke(*args, "--out", out_dir)
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output and not built


def test_a_folder_that_is_not_a_run(built, tmp_path):
    res = invoke(tmp_path)
    assert res.exit_code == 2 and "events.jsonl" in res.output and not built


def test_an_llm_model_and_server_reach_every_seat_but_the_human(built, out_dir):
    res = invoke(
        "patient-capital",
        "--model",
        "openai-compatible:fake",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--human",
        "soe",
        "--out",
        out_dir,
    )
    assert res.exit_code == 0, res.output
    (tui,) = built
    labels = {pid: seat.label for pid, seat in tui.seats.items()}
    assert labels.pop("soe") == "human"
    assert all(label.startswith("openai-compatible:fake@http://127.0.0.1:9") for label in labels.values())
