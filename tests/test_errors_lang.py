"""Error messages follow the interface language (issue #11): an error carries a catalogue
id and its parameters (roleplay/errors.py) and renders through errors.ftl in ui_lang()."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from test_catalog import EN, ZH, traditional_only
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.errors import FileFormatError, InputError, ReferenceError_, TransientBackendError, msg

runner = CliRunner()
PKG = Path(__file__).resolve().parents[1] / "roleplay"
BAD = Path(__file__).parent / "bad_inputs"
_HAN = re.compile(r"[\u3400-\u9fff]")


def _error_calls():
    """Every call in roleplay/** whose first argument is an ``error-...`` id: (where, id, the
    keyword names given, whether a ``**`` mapping is passed too)."""
    for path in sorted(PKG.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                first = node.args[0]
                value = first.value if isinstance(first, ast.Constant) else None
                if isinstance(value, str) and re.fullmatch(r"error-[a-z0-9-]+", value):
                    names = {k.arg for k in node.keywords if k.arg}
                    spread = any(k.arg is None for k in node.keywords)
                    yield f"{path.relative_to(PKG.parent)}:{node.lineno}", value, names, spread


def test_every_error_id_in_the_code_exists_and_gets_every_parameter_it_uses():
    calls = list(_error_calls())
    assert len(calls) > 100  # the messages moved out of Python (issue #11)
    for where, ident, names, spread in calls:
        assert ident in EN and ident in ZH, f"{where}: no message '{ident}' in errors.ftl"
        if not spread:
            needed = EN[ident][0] | ZH[ident][0]
            assert needed <= names, f"{where}: '{ident}' needs {sorted(needed - names)}"


def test_an_error_renders_in_the_language_of_the_moment_and_survives_pickling(monkeypatch):
    err = ReferenceError_(
        "error-unknown-scenario", name="nope", hint=msg("error-hint-known", names=["a", "b"])
    )
    assert (
        str(err)
        == "scenario 'nope' is neither a file nor a bundled scenario; known: a, b (see `roleplay scenarios`)"
    )
    monkeypatch.setenv("ROLEPLAY_LANG", "zh-Hant")
    assert str(err) == "情境「nope」既不是檔案，也不是內建情境；已知的有：a、b（請見 `roleplay scenarios`）"
    monkeypatch.setenv("ROLEPLAY_LANG", "zh-Hans")
    assert "场景“nope”" in str(err) and "a、b" in str(err) and traditional_only(str(err)) == ""
    for e in (err, FileFormatError("x.yaml", [msg("error-field-missing"), "as pydantic wrote it"])):
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is type(e) and str(back) == str(e)
    t = pickle.loads(pickle.dumps(TransientBackendError("error-none", retry_after=3.0)))
    assert t.retry_after == 3.0 and t.msg_id == "error-none"
    assert str(InputError("a sentence not yet in the catalogue")) == "a sentence not yet in the catalogue"


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            None,
            [
                "error: scenario 'no-such-scenario' is neither a file nor a bundled scenario",
                "roleplay scenarios",
            ],
        ),
        ("zh-Hant", ["錯誤：情境「no-such-scenario」既不是檔案，也不是內建情境", "roleplay scenarios"]),
        ("zh-Hans", ["错误：场景“no-such-scenario”既不是文件，也不是内置场景", "roleplay scenarios"]),
    ],
)
def test_a_cli_error_is_in_the_interface_language(lang, words):
    env = {"ROLEPLAY_LANG": lang} if lang else {}
    res = runner.invoke(app, ["run", "no-such-scenario"], env=env)
    out = " ".join(res.output.split())
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    for w in words:
        assert w in out, (w, out)
    if lang == "zh-Hans":
        assert traditional_only(out) == "", out


def test_a_bad_roleplay_lang_is_a_clear_error():
    res = runner.invoke(app, ["run", "no-such-scenario"], env={"ROLEPLAY_LANG": "klingon"})
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    assert "ROLEPLAY_LANG must be zh-Hant, zh-Hans or en (zh = zh-Hant), not 'klingon'" in res.output


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir() if p.suffix == ".yaml"))
def test_the_bad_file_corpus_speaks_traditional_chinese(tmp_path, name):
    path = tmp_path / name
    path.write_bytes((BAD / name).read_bytes())
    res = runner.invoke(app, ["validate", str(path)], env={"ROLEPLAY_LANG": "zh-Hant"})
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    assert res.output.count("錯誤：") == 1 and name in res.output, res.output
    assert re.search(r"第\d+行|欄位「", res.output), res.output
    for english in ("invalid file", "line ", "field '", "; ", "error:"):
        assert english not in res.output, (english, res.output)
