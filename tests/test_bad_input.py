"""Bad files get one clear message naming the file, the field or line, and the fix."""

from pathlib import Path

import pytest
import yaml
from conftest import SCENARIOS
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.formats.catalog import bundled_personas, bundled_scenarios

runner = CliRunner()


def scenario_data():
    return yaml.safe_load(bundled_scenarios()[SCENARIOS[0]].read_text(encoding="utf-8"))


def persona_data():
    return yaml.safe_load(bundled_personas()["vc"].read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, data) -> Path:
    p = tmp_path / name
    p.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return p


def mutate(base, fn):
    d = base()
    fn(d)
    return d


CASES = [
    pytest.param(
        "s.yaml",
        lambda: mutate(scenario_data, lambda d: d.update(max_rounds="six")),
        ["max_rounds", "line"],
        id="wrong-type",
    ),
    pytest.param(
        "s.yaml",
        lambda: mutate(scenario_data, lambda d: d.update(speeker_order=d["personas"])),
        ["speeker_order", "did you mean 'speaker_order'"],
        id="misspelled-key",
    ),
    pytest.param(
        "s.yaml",
        lambda: mutate(
            scenario_data,
            lambda d: (
                d.pop("speaker_order", None),
                d.pop("voters", None),
                d["personas"].__setitem__(0, "ministy"),
            ),
        ),
        ["personas.0", "ministy", "did you mean 'ministry'"],
        id="unknown-persona",
    ),
    pytest.param(
        "s.yaml",
        lambda: mutate(scenario_data, lambda d: d["personas"].append(d["personas"][0])),
        ["more than once"],
        id="duplicate-persona",
    ),
    pytest.param(
        "s.yaml",
        lambda: mutate(scenario_data, lambda d: d.update(agenda=[])),
        ["agenda", "at least 1"],
        id="empty-agenda",
    ),
    pytest.param(
        "s.yaml",
        lambda: "id: x\ntitle: {zh: a, en: b\nagenda: [\n",
        ["line", "broken YAML"],
        id="broken-yaml",
    ),
    pytest.param("s.yaml", lambda: "id: x\nid: y\n", ["line 2", "appears twice"], id="duplicate-key"),
    pytest.param(
        "s.yaml",
        lambda: mutate(scenario_data, lambda d: d["focus_instruments"].append("rd_superdeduction")),
        ["focus_instruments", "did you mean 'rd_super_deduction'"],
        id="unknown-instrument",
    ),
    pytest.param(
        "vc.yaml",
        lambda: mutate(persona_data, lambda d: d["weights"].__setitem__("demand", 3)),
        ["weights", "from 0 to 1"],
        id="persona-weight-range",
    ),
    pytest.param(
        "vc.yaml",
        lambda: mutate(
            persona_data, lambda d: d["stances"].update({"public_angle": d["stances"]["public_angel"]})
        ),
        ["stances.public_angle", "public_angel"],
        id="persona-misspelled-stance",
    ),
]


@pytest.mark.parametrize("name,make,needles", CASES)
def test_bad_file_message(tmp_path, name, make, needles):
    path = write(tmp_path, name, make())
    res = runner.invoke(app, ["validate", str(path)])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    assert str(path) in res.output.replace("\n", "")
    for n in needles:
        assert n in out, (n, out)
    assert "Traceback" not in res.output


def test_run_with_bad_scenario_writes_nothing(tmp_path):
    path = write(tmp_path, "s.yaml", mutate(scenario_data, lambda d: d.update(agenda=[])))
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(path), "--out", str(out)])
    assert res.exit_code == 2 and not out.exists()


def test_user_scenario_with_its_own_persona_folder(tmp_path):
    (tmp_path / "personas").mkdir()
    (tmp_path / "scenarios").mkdir()
    vc = persona_data()
    vc["id"] = "angel"
    write(tmp_path / "personas", "angel.yaml", vc)
    s = scenario_data()
    s["personas"] = [p if p != "vc" else "angel" for p in s["personas"]]
    s["speaker_order"] = (
        [p if p != "vc" else "angel" for p in s["speaker_order"]] if s.get("speaker_order") else None
    )
    s["voters"] = [p if p != "vc" else "angel" for p in s["voters"]] if s.get("voters") else None
    path = write(tmp_path / "scenarios", "mine.yaml", s)
    res = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    "agenda,needle",
    [
        pytest.param(
            [{"phase": "opening"}, {"phase": "vote"}, {"phase": "negotiation"}],
            "put the vote last",
            id="vote-mid",
        ),
        pytest.param(
            [{"phase": "opening"}, {"phase": "vote"}], "no proposal round", id="vote-without-proposals"
        ),
    ],
)
def test_agenda_shape_is_checked(tmp_path, agenda, needle):
    path = write(tmp_path, "s.yaml", mutate(scenario_data, lambda d: d.update(agenda=agenda)))
    res = runner.invoke(app, ["validate", str(path)])
    assert res.exit_code == 2 and needle in " ".join(res.output.split())
