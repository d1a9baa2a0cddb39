"""Authoring errors that say the fix (issue #12): a Chinese text split by an unquoted comma
inside ``{...}`` asks for quotes; an unknown persona lists the folders searched."""

from __future__ import annotations

from typer.testing import CliRunner

from roleplay.cli.main import app

runner = CliRunner()


def test_a_text_split_at_a_half_width_comma_asks_for_quotes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "persona", "fund"]).exit_code == 0
    path = tmp_path / "personas" / "fund.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(
        'role: {zh: "一家地方人工智能產業基金,想把錢投在早期硬科技上。"',
        "role: {zh: 一家地方人工智能產業基金,想把錢投在早期硬科技上。",
    )
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    res = runner.invoke(app, ["validate", "personas/fund.yaml"])
    assert res.exit_code == 2
    assert "想把錢投在早期硬科技上" in res.output and "quotes" in res.output and "line 6" in res.output
    assert "allowed keys" not in res.output


def test_an_unquoted_text_with_colon_and_space_asks_for_quotes(tmp_path, monkeypatch):
    """`name: {zh: 地方基金: 天使, ...}` was "broken YAML (...); fix the syntax there"."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "persona", "fund"]).exit_code == 0
    path = tmp_path / "personas" / "fund.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('name: {zh: "新角色"', "name: {zh: 地方基金: 天使")
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    res = runner.invoke(app, ["validate", "personas/fund.yaml"])
    assert res.exit_code == 2
    assert "line 4" in res.output and "must be quoted" in res.output
    assert path.read_text(encoding="utf-8") == broken


def test_a_tab_in_the_indentation_is_named_as_a_tab(tmp_path, monkeypatch):
    """A tab before `- {zh: ...}` was "found character that cannot start any token"."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "persona", "fund"]).exit_code == 0
    path = tmp_path / "personas" / "fund.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("\n  - {zh:", "\n\t- {zh:", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    res = runner.invoke(app, ["validate", "personas/fund.yaml"])
    assert res.exit_code == 2
    assert "tab" in res.output and "spaces" in res.output and "line 9" in res.output


def test_a_misspelled_key_still_gets_the_closest_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["new", "persona", "fund"])
    path = tmp_path / "personas" / "fund.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\ngoals:", "\ngaols:"), encoding="utf-8")
    res = runner.invoke(app, ["validate", "personas/fund.yaml"])
    assert res.exit_code == 2 and "did you mean 'goals'" in res.output and "quotes" not in res.output


def test_an_unknown_persona_lists_the_folders_searched(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["new", "scenario", "angel"])
    path = tmp_path / "angel.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("startup", "fnud"),
        encoding="utf-8",
    )
    res = runner.invoke(app, ["validate", "angel.yaml"])
    assert res.exit_code == 2 and "unknown persona 'fnud'" in res.output
    flat = res.output.replace("\n", "")
    assert str(tmp_path / "personas") in flat and "looked for" in flat
