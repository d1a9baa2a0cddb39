"""The README's persona and scenario examples copy and validate as they stand, and the
scenario runs with the persona seated (issue #12: "the README's examples copy and validate")."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from roleplay.cli.main import app

README = Path(__file__).resolve().parent.parent / "README.md"
runner = CliRunner()


def first_yaml_after(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    return re.search(r"```yaml\n(.*?)```", text[text.index(heading) :], re.S)[1]


def test_readme_persona_and_scenario_examples_validate_and_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "angel.yaml").write_text(
        first_yaml_after("## Writing a persona"), encoding="utf-8"
    )
    (tmp_path / "angel-q.yaml").write_text(first_yaml_after("## Writing a scenario"), encoding="utf-8")
    res = runner.invoke(app, ["validate", "personas/angel.yaml", "angel-q.yaml"])
    assert res.exit_code == 0 and res.output.count("ok") == 2, res.output
    res = runner.invoke(app, ["run", "angel-q.yaml", "--out", "tr", "--quiet"])
    assert res.exit_code == 0, res.output
    (folder,) = (tmp_path / "tr").iterdir()
    assert '"persona":"angel"' in (folder / "events.jsonl").read_text(encoding="utf-8").replace(" ", "")


def test_every_scenario_and_persona_key_is_shown_in_the_readme():
    from roleplay.formats.persona import Persona
    from roleplay.formats.scenario import RoundSpec, Scenario

    for heading, model in (("## Writing a scenario", Scenario), ("## Writing a persona", Persona)):
        block = first_yaml_after(heading)
        missing = [f for f in model.model_fields if not re.search(rf"(^|[\s{{,#]){f}:", block, re.M)]
        assert not missing, f"{heading}: document {missing}"
    block = first_yaml_after("## Writing a scenario")
    assert all(f"{f}:" in block for f in RoundSpec.model_fields)


def test_the_workshop_schema_is_printed():
    res = runner.invoke(app, ["schema", "workshop"])
    assert res.exit_code == 0 and '"stages"' in res.output and '"interventions"' in res.output
