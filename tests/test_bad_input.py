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


# --- the corpus of bad inputs (issue #10): files in tests/bad_inputs/ and CLI arguments --------
# Each gets exit 2, one message naming the file and the line or field (or the option), no
# traceback, and nothing that existed before is changed. Categories are listed in the README.

BAD = Path(__file__).parent / "bad_inputs"
BAD_FILES = sorted(p.name for p in BAD.iterdir() if p.suffix == ".yaml")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes (symlinks as their target's name)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_symlink():
            out[str(p)] = str(p.readlink()).encode()
        elif p.is_file():
            out[str(p)] = p.read_bytes()
    return out


def assert_refused(res, root: Path, before: dict[str, bytes], needles: list[str]) -> None:
    """Exit 2, one message, the needles in it, no traceback, nothing changed under ``root``."""
    out = " ".join(res.output.split())
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert res.output.lower().count("error:") == 1, res.output
    for n in needles:
        assert n in out, (n, out)
    after = snapshot(root)
    assert {k: after.get(k) for k in before} == before, "a file that existed was changed or removed"


def test_the_corpus_holds_at_least_60_bad_inputs():
    assert len(BAD_FILES) + len(CASES) + len(RUN_DAMAGE) + len(CLI_CASES) >= 60


@pytest.mark.parametrize("name", BAD_FILES)
@pytest.mark.parametrize("command", ["validate", "run"])
def test_bad_file_corpus(tmp_path, name, command):
    import re

    path = tmp_path / name
    path.write_bytes((BAD / name).read_bytes())
    before = snapshot(tmp_path)
    res = runner.invoke(
        app,
        [command, str(path), "--out", str(tmp_path / "out")] if command == "run" else [command, str(path)],
    )
    assert_refused(res, tmp_path, before, [name])
    assert re.search(r"line \d+|field '", res.output), res.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.fixture(scope="module")
def good_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    res = runner.invoke(app, ["run", SCENARIOS[0], "--rounds", "2", "--out", str(root), "-q"])
    assert res.exit_code == 0, res.output
    (folder,) = (p for p in root.iterdir() if p.is_dir())
    return folder


def _first_line_is_a_later_event(events: Path) -> None:
    lines = events.read_bytes().splitlines(keepends=True)
    events.write_bytes(b"".join(lines[1:]))


RUN_DAMAGE = {
    "empty-events": (lambda f: (f / "events.jsonl").write_bytes(b""), ["events.jsonl", "first line"]),
    "garbage-first-line": (
        lambda f: (f / "events.jsonl").write_bytes(
            b"{not json\n" + b"".join((f / "events.jsonl").read_bytes().splitlines(keepends=True)[1:])
        ),
        ["events.jsonl", "line 1"],
    ),
    "first-line-not-started": (
        lambda f: _first_line_is_a_later_event(f / "events.jsonl"),
        ["events.jsonl", "line 1"],
    ),
    "binary-events": (
        lambda f: (f / "events.jsonl").write_bytes(bytes(range(256)) * 8),
        ["events.jsonl", "line 1"],
    ),
    "latin1-first-line": (
        lambda f: (f / "events.jsonl").write_bytes("caf\u00e9\n".encode("latin-1")),
        ["events.jsonl", "line 1", "not UTF-8"],
    ),
    "no-events-file": (lambda f: (f / "events.jsonl").unlink(), ["no events.jsonl here"]),
    "events-is-a-folder": (
        lambda f: ((f / "events.jsonl").unlink(), (f / "events.jsonl").mkdir()),
        ["no events.jsonl here"],
    ),
    "json-array-first-line": (
        lambda f: (f / "events.jsonl").write_bytes(b"[1, 2, 3]\n"),
        ["events.jsonl", "line 1"],
    ),
}


@pytest.mark.parametrize("damage", sorted(RUN_DAMAGE))
@pytest.mark.parametrize("command", ["show", "export", "score"])
def test_damaged_run_folder_corpus(tmp_path, good_run, damage, command):
    import shutil

    folder = tmp_path / good_run.name
    shutil.copytree(good_run, folder)
    fn, needles = RUN_DAMAGE[damage]
    fn(folder)
    before = snapshot(tmp_path)
    res = runner.invoke(app, [command, str(folder)])
    assert_refused(res, tmp_path, before, needles)


CLI_CASES = {
    "seeds-backwards": (["batch", "{sid}", "--seeds", "5-1", "--out", "{tmp}/b"], ["--seeds", "5-1"]),
    "seeds-negative": (["batch", "{sid}", "--seeds=-3", "--out", "{tmp}/b"], ["--seeds", "negative"]),
    "seeds-words": (["batch", "{sid}", "--seeds", "a-b", "--out", "{tmp}/b"], ["--seeds", "a-b"]),
    "seeds-too-many": (
        ["batch", "{sid}", "--seeds", "1-1000000", "--out", "{tmp}/b"],
        ["--seeds", "at most"],
    ),
    "lang-unknown": (["run", "{sid}", "--lang", "fr", "--out", "{tmp}/o"], ["--lang", "fr"]),
    "rounds-zero": (["run", "{sid}", "--rounds", "0", "--out", "{tmp}/o"], ["--rounds"]),
    "rounds-not-a-number": (["run", "{sid}", "--rounds", "abc", "--out", "{tmp}/o"], ["--rounds"]),
    "seed-not-a-number": (["run", "{sid}", "--seed", "x", "--out", "{tmp}/o"], ["--seed"]),
    "concurrency-zero": (
        ["batch", "{sid}", "--seeds", "1", "--concurrency", "0", "--out", "{tmp}/b"],
        ["--concurrency"],
    ),
    "rounds-one-with-vote": (
        ["batch", "{sid}", "--seeds", "1", "--rounds", "1", "--out", "{tmp}/b"],
        ["--rounds 1"],
    ),
    "export-format": (["export", "{run}", "--format", "pdf"], ["--format", "pdf"]),
    "compare-format": (["compare", "{run}", "{run}", "--format", "docx"], ["--format", "docx"]),
    "schema-unknown": (["schema", "nonsense"], ["unknown schema 'nonsense'"]),
    "scenario-unknown": (["run", "no-such-scenario", "--out", "{tmp}/o"], ["no-such-scenario"]),
    "model-unknown-provider": (["run", "{sid}", "--model", "bogus:thing", "--out", "{tmp}/o"], ["bogus"]),
    "workshop-unknown": (["workshop", "validate", "no-such"], ["no-such"]),
    "search-empty": (["search", " ", "--out", "{runs}"], ["search text is empty"]),
    "search-undecodable": (["search", "\udcff\udcfe", "--out", "{runs}"], ["UTF-8 locale"]),
    "list-missing-folder": (["list", "--out", "{tmp}/nowhere"], ["nowhere", "no such folder"]),
    "run-out-is-a-file": (["run", "{sid}", "--out", "{file}"], ["--out", "is a file"]),
    "batch-out-is-a-file": (["batch", "{sid}", "--seeds", "1", "--out", "{file}"], ["--out", "is a file"]),
    "batch-out-foreign": (
        ["batch", "{sid}", "--seeds", "1", "--out", "{foreign}"],
        ["did not make", "another --out"],
    ),
    "export-out-exists": (["export", "{run}", "--out", "{file}"], ["already exists", "--force"]),
    "compare-out-exists": (["compare", "{run}", "{run}", "--out", "{file}"], ["already exists", "--force"]),
    "resume-finished": (["run", "--resume", "{run}"], ["finished"]),
    "resume-missing": (["run", "--resume", "{tmp}/nowhere"], ["nowhere"]),
    "resume-a-file": (["run", "--resume", "{file}"], ["no events.jsonl here"]),
    "resume-and-scenario": (["run", "{sid}", "--resume", "{run}"], ["either"]),
    "run-nothing": (["run"], ["give a scenario"]),
    "export-not-a-run": (["export", "{foreign}"], ["no events.jsonl here"]),
    "compare-missing": (["compare", "{run}", "{tmp}/nowhere"], ["nowhere"]),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_bad_argument_corpus(tmp_path, good_run, case):
    import shutil

    runs = tmp_path / "runs"
    run = runs / good_run.name
    shutil.copytree(good_run, run)
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "thesis.md").write_text("years of work\n")
    args, needles = CLI_CASES[case]
    values = {
        "sid": SCENARIOS[0],
        "tmp": str(tmp_path),
        "run": str(run),
        "runs": str(runs),
        "file": str(tmp_path / "notes.txt"),
        "foreign": str(tmp_path / "foreign"),
    }
    before = snapshot(tmp_path)
    res = runner.invoke(app, [a.format(**values) for a in args])
    assert_refused(res, tmp_path, before, needles)
