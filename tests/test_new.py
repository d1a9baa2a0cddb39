"""``roleplay new`` (issue #12, authoring in ten minutes): from an empty folder a facilitator
writes a persona (at most 30 lines) and a scenario, validates and runs them through the CLI,
and the debate argues the new question; starters never overwrite without --force; ``--from``
copies a bundled file that validates under its new id."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.runs.starter import bundled

runner = CliRunner()
QUESTION = "Should the province fund a public AI compute pool for start-ups?"


def cli(*args: str):
    return runner.invoke(app, list(args))


def test_a_facilitator_writes_runs_and_debates_a_new_question(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("new", "persona", "fund").exit_code == 0
    persona = tmp_path / "personas" / "fund.yaml"
    assert len(persona.read_text(encoding="utf-8").splitlines()) <= 30
    assert cli("new", "scenario", "angel").exit_code == 0
    scenario = tmp_path / "angel.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "fund" in text.split("personas:")[1].splitlines()[0]  # the new persona is seated
    old = "How should the state back early-stage AI firms with public angel money?"
    scenario.write_text(text.replace(old, QUESTION), encoding="utf-8")  # the facilitator's edit

    res = cli("validate", "personas/fund.yaml", "angel.yaml")
    assert res.exit_code == 0 and res.output.count("ok") == 2, res.output
    res = cli("run", "angel.yaml", "--out", "tr")
    assert res.exit_code == 0, res.output
    (folder,) = (tmp_path / "tr").iterdir()
    events = [json.loads(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert events[0]["scenario"]["question"]["en"] == QUESTION
    announce = events[1]["note"]["text"]
    assert QUESTION in announce  # the moderator puts the new question to the table
    spoke = {e["turn"]["persona"] for e in events if e["type"] == "turn_completed"}
    assert "fund" in spoke and events[-1]["type"] == "debate_ended"


def test_starters_never_overwrite_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for kind, name, path in (
        ("persona", "fund", "personas/fund.yaml"),
        ("scenario", "angel", "angel.yaml"),
        ("workshop", "week1", "week1.yaml"),
    ):
        assert cli("new", kind, name).exit_code == 0
        (tmp_path / path).write_text("# mine\n", encoding="utf-8")
        res = cli("new", kind, name)
        assert res.exit_code == 2 and "--force" in res.output
        assert (tmp_path / path).read_text(encoding="utf-8") == "# mine\n"
        assert cli("new", kind, name, "--force").exit_code == 0
        res = cli("validate", path)
        assert res.exit_code == 0, res.output


@pytest.mark.parametrize("kind", ["persona", "scenario", "workshop"])
def test_from_a_bundled_file_validates_under_the_new_id(tmp_path, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    source = next(iter(bundled(kind)))
    res = cli("new", kind, "copy1", "--from", source)
    assert res.exit_code == 0, res.output
    path = tmp_path / ("personas/copy1.yaml" if kind == "persona" else "copy1.yaml")
    assert "id: copy1" in path.read_text(encoding="utf-8")
    res = cli("validate", str(path))
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["new", "poem", "x"], "scenario, persona or workshop"),
        (["new", "persona", "Bad-Name"], "not a valid id"),
        (["new", "scenario", "x", "--from", "nope"], "choose one of"),
    ],
)
def test_bad_starter_requests_exit_2_with_the_fix(tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    res = cli(*args)
    assert res.exit_code == 2 and needle in res.output, res.output
    assert not any(tmp_path.iterdir())
