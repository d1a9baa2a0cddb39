"""The CLI through typer's test runner."""

import json
import re

import pytest
from conftest import SCENARIOS
from typer.testing import CliRunner

from roleplay.cli.main import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_run_prints_debate_and_scorecard_and_saves(out_dir):
    res = invoke("run", SCENARIOS[0], "--out", out_dir, "--seed", 3)
    assert res.exit_code == 0, res.output
    folders = list(out_dir.iterdir())
    assert len(folders) == 1
    # a Chinese scenario: the console speaks its language (issue #11)
    assert f"已儲存：{folders[0]}" in res.output.replace("\n", "")
    assert (
        "離線規則引擎" in res.output and "非大型語言模型" in res.output and "offline" not in res.output
    )  # review C7
    assert "/24" in res.output
    assert (folders[0] / "transcript.md").is_file()


def test_run_quiet_prints_only_the_result(out_dir):
    res = invoke("run", SCENARIOS[0], "--out", out_dir, "--quiet", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Scorecard" in res.output and "Speaking order" not in res.output


def test_run_accepts_a_path(out_dir):
    from roleplay.formats.catalog import bundled_scenarios

    res = invoke("run", bundled_scenarios()[SCENARIOS[1]], "--out", out_dir, "-q")
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    "args,needle",
    [
        pytest.param(["run", "no-such-scenario"], "no-such-scenario", id="unknown-scenario"),
        pytest.param(["run", "does/not/exist.yaml"], "does/not/exist.yaml", id="missing-path"),
        pytest.param(["run", SCENARIOS[0], "--lang", "fr"], "--lang", id="bad-lang"),
        pytest.param(["run", SCENARIOS[0], "--rounds", "0"], "--rounds", id="bad-rounds"),
        pytest.param(["show", "/nonexistent/run"], "events.jsonl", id="show-not-a-run"),
        pytest.param(["schema", "nope"], "persona", id="bad-schema"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, needle, out_dir):
    res = invoke(*args, *(["--out", out_dir] if args[0] == "run" else []))
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_personas_and_scenarios_lists():
    res = invoke("personas")
    assert res.exit_code == 0
    for pid in ("ministry", "startup", "soe", "vc", "us_agency"):
        assert pid in res.output
    res = invoke("scenarios")
    assert res.exit_code == 0 and all(s in res.output for s in SCENARIOS)


def test_show_and_score_a_saved_run(out_dir):
    invoke("run", SCENARIOS[0], "--out", out_dir, "-q")
    folder = next(out_dir.iterdir())
    before = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    res = invoke("show", folder)
    assert res.exit_code == 0 and re.search(r"r1-t1", res.output)
    res = invoke("score", folder)
    assert res.exit_code == 0, res.output
    after = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    assert before["scorecard"] == after["scorecard"]


def test_schema_is_json_schema():
    res = invoke("schema", "persona")
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert schema["additionalProperties"] is False and "stances" in schema["properties"]


def test_validate_shipped_files():
    from roleplay.formats.catalog import bundled_personas, bundled_scenarios

    files = [*bundled_personas().values(), *bundled_scenarios().values()]
    res = invoke("validate", *files)
    assert res.exit_code == 0, res.output
    assert res.output.count("ok") == len(files)


def test_piping_into_head_still_finishes_and_saves(tmp_path):
    """`roleplay run ... | head -1`: the reader goes away; the debate must still be saved."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "run", SCENARIOS[0], "--out", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0, err
    folder = next(tmp_path.iterdir())
    assert (folder / "scorecard.json").is_file() and "Traceback" not in err


def test_out_that_is_a_file_is_an_input_error(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x", encoding="utf-8")
    res = invoke("run", SCENARIOS[0], "--out", f)
    assert res.exit_code == 2 and "is a file" in res.output


def test_score_keeps_a_hand_edited_transcript(out_dir):
    invoke("run", SCENARIOS[0], "--out", out_dir, "-q")
    folder = next(out_dir.iterdir())
    md = folder / "transcript.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nTEACHER NOTES 教師筆記\n", encoding="utf-8")
    res = invoke("score", folder)
    assert res.exit_code == 0, res.output
    kept = folder / "transcript.edited-1.md"
    assert "教師筆記" in kept.read_text(encoding="utf-8") and "教師筆記" not in md.read_text(encoding="utf-8")


def test_show_and_score_survive_a_damaged_line(out_dir):
    invoke("run", SCENARIOS[0], "--out", out_dir, "-q")
    folder = next(out_dir.iterdir())
    ev = folder / "events.jsonl"
    lines = ev.read_bytes().split(b"\n")
    lines[5] = b"\xff{not json"
    ev.write_bytes(b"\n".join(lines))
    for cmd in ("show", "score"):
        res = invoke(cmd, folder)
        assert res.exit_code == 0, res.output
        assert "line 6" in res.output and "skipped" in res.output and "Traceback" not in res.output
