"""The command line in three languages (issue #11): help in the ui language, ``--lang`` with
zh-Hant, zh-Hans and en on every command that takes it, the debate's console output in the
debate's language, Chinese line breaking (no line starts with closing punctuation, nothing
cut with "…"), and search across scripts with the match shown."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from rich.console import Console
from test_catalog import traditional_only
from typer.testing import CliRunner

from roleplay.cli.console import ConsolePrinter, print_scorecard
from roleplay.cli.main import app
from roleplay.debate.session import new_run_folder, prepare, run_to_folder
from roleplay.formats.catalog import bundled_personas, bundled_scenarios, load_persona, load_rubric
from roleplay.formats.rubric import format_setting as setting
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import LANGS
from roleplay.runs.transcript import load_run

runner = CliRunner()
WIDTHS = (60, 80, 81, 100, 120)
NO_START = "，。、；：？！）」』"


def invoke(*args, env=None, **extra):
    return runner.invoke(app, [str(a) for a in args], env=env, **extra)


def help_page(*path, lang=None, **extra):
    """``roleplay PATH --help`` (in ``lang`` when given), named ``roleplay`` as in a terminal."""
    env = {"ROLEPLAY_LANG": lang} if lang else None
    res = invoke(*path, "--help", env=env, prog_name="roleplay", **extra)
    assert res.exit_code == 0, res.output
    return res.output


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# -- help --------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["workshop", "run", "--help"]])
def test_help_follows_roleplay_lang(args):
    en = invoke(*args).output
    hant = invoke(*args, env={"ROLEPLAY_LANG": "zh-Hant"}).output
    hans = invoke(*args, env={"ROLEPLAY_LANG": "zh-Hans"}).output
    assert "cli-" not in en + hant + hans  # no id left unrendered
    assert not re.search(r"[\u3400-\u9fff]{4}", en.replace("新型舉國體制", ""))  # English by default
    assert len(re.findall(r"[\u3400-\u9fff]", hant)) > 20
    assert len(re.findall(r"[\u3400-\u9fff]", hans)) > 20
    assert traditional_only(hans) == "", hans
    assert hant != hans


def test_run_help_in_chinese_names_the_three_languages():
    out = _flat(invoke("run", "--help", env={"ROLEPLAY_LANG": "zh-Hant"}).output)
    assert "進行一整場辯論" in out and "隨機種子" in out
    assert "zh-Hant、zh-Hans 或 en" in out
    en = _flat(invoke("run", "--help").output)
    assert "Run a whole debate" in en and "zh-Hant, zh-Hans or en" in en


def test_help_follows_the_locale_when_roleplay_lang_is_unset():
    out = invoke("--help", env={"ROLEPLAY_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"})
    assert "多智能体角色扮演辩论" in _flat(out.output)


def test_a_bad_roleplay_lang_is_one_message():
    res = invoke("--help", env={"ROLEPLAY_LANG": "klingon"})
    assert res.exit_code == 2 and "ROLEPLAY_LANG" in res.output and "Traceback" not in res.output


# -- --lang on every command that takes it -------------------------------------------------


@pytest.mark.parametrize("lang", [*LANGS, "zh"])
def test_run_quiet_in_every_language(lang, out_dir):
    res = invoke("run", "patient-capital", "--lang", lang, "--rounds", 2, "-q", "--out", out_dir)
    assert res.exit_code == 0, res.output
    shown = "zh-Hant" if lang == "zh" else lang
    folder = next(out_dir.iterdir())
    assert t("cli-saved", shown, path=str(folder)) in res.output.replace("\n", "")
    assert load_run(folder).started.lang == shown
    if shown == "zh-Hans":
        assert traditional_only(res.output) == "", res.output
    if shown == "en":
        assert not re.search(r"[\u3400-\u9fff]", res.output)


@pytest.mark.parametrize("lang", LANGS)
def test_dry_run_kit_and_batch_take_each_language(lang, tmp_path):
    res = invoke("run", "hundred-models", "--lang", lang, "--dry-run", "--model", "openai:gpt-4o-mini")
    assert res.exit_code == 0, res.output
    res = invoke("kit", "patient-capital", "--lang", lang, "--format", "md", "--out", tmp_path / "kit")
    assert res.exit_code == 0, res.output
    assert list((tmp_path / "kit").iterdir())
    res = invoke(
        "batch", "patient-capital", "--seeds", "1", "--lang", lang, "--rounds", 2, "--out", tmp_path / "b"
    )
    assert res.exit_code == 0, res.output
    assert "scored 1/1 run;" in res.output


@pytest.mark.parametrize("cmd", [["run"], ["tui"], ["kit"], ["batch"]])
def test_every_lang_option_lists_the_three(cmd):
    out = _flat(invoke(*cmd, "--help").output)
    assert "zh-Hant, zh-Hans or en (zh = zh-Hant" in out


# -- the debate on the console -------------------------------------------------------------


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh") / "transcripts"
    setup, backends = prepare("chip-controls", seed=3, lang="zh-Hant", rounds=2)
    run_id, folder = new_run_folder(out, "chip-controls")
    return asyncio.run(run_to_folder(setup, backends, folder, run_id))


def _cells(line: str) -> list[str]:
    """The cells of one line of a Rich table (padding removed; empty cells kept)."""
    return [c.strip() for c in re.split(r"[│┃]", line)[1:-1]]


def _column(text: str, k: int) -> str:
    """Column ``k`` of every table in ``text``, its lines joined without spaces."""
    return "".join(_cells(line)[k] for line in text.splitlines() if len(_cells(line)) > k).replace(" ", "")


def _lines(text: str) -> list[str]:
    """Each table cell and line of text, box-drawing characters and padding removed."""
    out = []
    for line in text.splitlines():
        for cell in re.split(r"[│┃]", line):
            cell = cell.strip(" ━─┏┓┗┛┡┩└┘┳┻╇┴┼┃│")
            if cell:
                out.append(cell)
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_zh_console_lines_never_start_with_punctuation_and_lose_nothing(zh_run, lang, width):
    run = load_run(zh_run)
    run.started.lang = lang
    c = Console(width=width, record=True, color_system=None)
    printer = ConsolePrinter(c)
    for e in run.events:
        printer(e)
    text = c.export_text()
    bad = [x for x in _lines(text) if x[0] in NO_START]
    assert not bad, bad
    assert not [x for x in _lines(text) if x.endswith(" …")]  # wrapped, never cut
    flat = re.sub(r"[\s│┃]", "", text)
    for el, raw in zip(run.ended.scorecard.elements, run.ended.scorecard.elements, strict=True):
        name = run.started.rubric.mechanism(raw.element).name.in_(lang)
        assert name in flat or all(ch in flat for ch in name), el


@pytest.mark.parametrize("width", WIDTHS)
def test_scorecard_rationales_wrap_in_full(zh_run, width):
    run = load_run(zh_run)
    c = Console(width=width, record=True, color_system=None)
    print_scorecard(c, run, run.ended.scorecard)
    text = c.export_text()
    from roleplay.i18n.lang import localize

    column = _column(text, 2)  # the rationale column, row by row
    for e in run.ended.scorecard.elements:
        assert localize(e.rationale, "zh-Hant").replace(" ", "") in column


def test_settings_use_the_languages_units():
    rubric = load_rubric()
    yuan = rubric.instrument("public_angel").parameter
    years = rubric.instrument("tax_deferral").parameter
    share = rubric.instrument("first_unit_subsidy").parameter
    assert setting(1000, yuan, "zh-Hant") == "1000億元" and setting(1000, yuan, "zh-Hans") == "1000亿元"
    assert setting(1000, yuan, "en") == "100 billion yuan"
    assert [setting(n, years, "en") for n in (1, 7)] == ["1 year", "7 years"]
    assert setting(7, years, "zh-Hant") == "7年"
    assert (
        setting(40, share, "zh-Hant") == "40%（佔售價）" and setting(40, share, "zh-Hans") == "40%（占售价）"
    )
    assert setting(None, share, "en") == "—"


def test_console_counts_have_plurals():
    from roleplay.cli.console import counts

    assert counts(1, 1, "en") == "1 round, 1 turn" and counts(2, 5, "en") == "2 rounds, 5 turns"
    assert counts(1, 2, "zh-Hant") == "1輪、2次發言"


# -- listings at every width ----------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ui", ["zh-Hant", "zh-Hans", "en"])
def test_personas_and_scenarios_wrap_zh_names_in_full(width, ui):
    from roleplay.formats.catalog import load_scenario

    env = {"COLUMNS": str(width), "ROLEPLAY_LANG": ui}
    conv = "zh-Hans" if ui == "zh-Hans" else "zh-Hant"
    for cmd, names in (
        ("personas", [load_persona(p).name.in_(conv) for p in bundled_personas().values()]),
        ("scenarios", [load_scenario(s)[0].title.in_(conv) for s in bundled_scenarios()]),
    ):
        res = invoke(cmd, env=env)
        assert res.exit_code == 0, res.output
        assert "…" not in res.output
        assert not [x for x in _lines(res.output) if x[0] in NO_START]
        column = _column(res.output, 1 if cmd == "personas" else 3)
        for name in names:
            assert name.replace(" ", "") in column.replace(" ", ""), (cmd, name)


# -- search across scripts -------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lib") / "transcripts"
    for seed in (1, 2):
        setup, backends = prepare("patient-capital", seed=seed, rounds=2)
        run_id, folder = new_run_folder(out, "patient-capital")
        asyncio.run(run_to_folder(setup, backends, folder, run_id))
    return out


def _hit_folders(output: str) -> set[str]:
    return set(re.findall(r"\d{8}T\d{6}Z-patient-capital-[0-9a-f]{8}", _column(output, 0)))


def test_search_finds_the_same_runs_in_either_script(library):
    simp = invoke("search", "守门员", "--out", library, env={"COLUMNS": "200"})
    trad = invoke("search", "守門員", "--out", library, env={"COLUMNS": "200"})
    assert simp.exit_code == trad.exit_code == 0, simp.output
    assert _hit_folders(simp.output) and _hit_folders(simp.output) == _hit_folders(trad.output)
    assert "守門員" in simp.output  # the matched words, as the speech writes them


def test_search_snippet_keeps_the_match_in_view_and_highlights_it(library):
    from roleplay.cli.lab import highlighted
    from roleplay.runs.library import Library, snippet

    body = "甲" * 200 + "守門員" + "乙" * 200
    cut = snippet(body, "守門員")
    assert "守門員" in cut and cut.startswith("…") and cut.endswith("…")
    from rich.cells import cell_len

    assert cell_len(cut) <= 2 * 36 + 6 + 2  # width in cells either side, not characters
    with Library(library) as lib:
        hits = lib.search("守门员")
    assert hits and all(h.match == "守門員" and h.match in h.snippet for h in hits)
    text = highlighted(hits[0].snippet, hits[0].match).text
    spans = [text.plain[s.start : s.end] for s in text.spans]
    assert spans and all(s == "守門員" for s in spans)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_show_the_matched_words_at_every_width(library, width):
    res = invoke("search", "守门员", "--out", library, "--limit", 5, env={"COLUMNS": str(width)})
    assert res.exit_code == 0, res.output
    text = _column(res.output, 3)
    n = int(re.search(r"(\d+) hits", res.output).group(1))
    assert n >= 2 and text.count("守門員") >= n  # every hit shows its match, whole
    assert not [x for x in _lines(res.output) if x[0] in NO_START or x.endswith(" …")]


def test_search_tries_mainland_and_taiwan_terms_too():
    """A query with a mainland term (芯片, 网络) also tries the Taiwan term the bundled text
    uses (晶片, 網路), and the other way round; a query without Chinese is tried as typed."""
    from roleplay.i18n.lang import script_forms

    assert {"芯片", "晶片"} <= set(script_forms("芯片")) and {"晶片", "芯片"} <= set(script_forms("晶片"))
    assert "網路" in script_forms("网络") and "产业链" in script_forms("產業鏈")
    assert script_forms("guidance fund") == ["guidance fund"]


# -- help pages: typer's and click's words too, and Chinese wrapped whole (issue #11 item 5) ---


def _help_pages(lang):
    """(command path, that command's help texts in ``lang``) for the group and every command."""
    import typer

    from roleplay.cli.app import localize_help

    root = typer.main.get_command(app)
    localize_help(root, lang)
    pages = []

    def walk(cmd, path):
        texts = [cmd.help, *(p.help for p in cmd.params if p.help)]
        pages.append((path, [x for x in texts if x]))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return pages


ENGLISH = re.compile(
    r"Usage|Options|OPTIONS|Arguments|Commands|COMMAND|ARGS|default|required|Show this message"
)
_WIDE = r"\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_chinese_help_has_no_english_frame_words(lang):
    for path, _ in _help_pages(lang):
        out = help_page(*path, lang=lang)
        assert not ENGLISH.search(out), (path, ENGLISH.search(out), out)
        assert out.startswith(t("cli-help-usage", lang) + "roleplay")
        assert t("cli-help-heading", lang, name=t("cli-help-options", lang)) in out
        assert t("cli-help-help", lang) in out
    group = help_page(lang=lang)
    assert t("cli-help-heading", lang, name=t("cli-help-commands", lang)) in group
    assert t("cli-help-default", lang, default="transcripts") in _flat(help_page("run", lang=lang))
    assert t("cli-help-required", lang) in _flat(help_page("batch", lang=lang))


def test_english_help_keeps_typers_own_words():
    run = help_page("run")
    assert run.startswith("Usage: roleplay run [OPTIONS] [scenario]\n")
    assert "\nArguments:\n" in run and "\nOptions:\n" in run
    assert "[default: transcripts]" in run and "[x>=0]" in run
    assert re.search(r"\n  --help +Show this message and exit\.\n", run)
    group = help_page()
    assert group.startswith("Usage: roleplay [OPTIONS] COMMAND [ARGS]...\n") and "\nCommands:\n" in group
    assert "[required]" in help_page("batch")


@pytest.mark.parametrize("width", (60, 80, 120))
def test_english_help_is_what_plain_typer_prints(width):
    """The catalogue's English and click's wrapping give typer's own help, byte for byte."""
    import copy

    import typer
    from typer.core import TyperCommand, TyperGroup

    from roleplay.cli.app import localize_help
    from roleplay.cli.help import HelpContext

    root = typer.main.get_command(app)
    localize_help(root, "en")

    def walk(cmd, parent_ours, parent_plain, name):
        ours = HelpContext(cmd, info_name=name, parent=parent_ours, terminal_width=width)
        plain_cmd = copy.copy(cmd)
        plain_cmd.__class__ = TyperGroup if hasattr(cmd, "commands") else TyperCommand
        plain = typer.Context(plain_cmd, info_name=name, parent=parent_plain, terminal_width=width)
        assert cmd.get_help(ours) == plain_cmd.get_help(plain), name
        for sub_name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, ours, plain, sub_name)

    walk(root, None, None, "roleplay")


@pytest.mark.parametrize("width", (60, 80, 100, 120))
@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_chinese_help_wraps_whole_words_in_cells_and_loses_nothing(lang, width):
    from rich.cells import cell_len

    from roleplay.tui.wrap import NO_LINE_START

    narrowest = width - 2 - 32 - 2  # the help column beside the widest option name click keeps
    for path, texts in _help_pages(lang):
        out = help_page(*path, lang=lang, terminal_width=width)
        lines = out.splitlines()
        assert max(cell_len(x) for x in lines) <= width, (path, out)
        assert not [x for x in lines if x.strip()[:1] in NO_LINE_START], (path, out)
        flat = re.sub(r"\s+", "", out)
        for text in texts:
            assert re.sub(r"\s+", "", text) in flat, (path, text)  # every word, in order
            for word in set(re.findall(rf"[^\s{_WIDE}]+", text)):
                if cell_len(word) <= narrowest:  # a Latin word, option, URL: never split
                    shown = sum(line.count(word) for line in lines)
                    assert shown >= text.count(word), (path, word, out)


def test_chinese_run_help_at_100_columns_keeps_backend_names_whole():
    """The real program (COLUMNS=100, click's width rule), as a user runs it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ROLEPLAY_LANG": "zh-Hant", "COLUMNS": "100"}
    code = "from roleplay.cli.main import main; main()"
    out = subprocess.run(
        [sys.executable, "-c", code, "run", "--help"], env=env, capture_output=True, text=True, check=True
    ).stdout
    lines = out.splitlines()
    for word in (
        "ollama:MODEL",
        "openai-compatible:MODEL",
        "http://127.0.0.1:8000/v1",
        "MODEL@URL",
        "--resume",
    ):
        assert any(word in line for line in lines), (word, out)
    assert (
        out.startswith("用法：")
        and "run [選項] [scenario]" in lines[0]
        and "選項：" in out
        and "（預設：transcripts）" in out
    )


def test_chinese_listings_and_errors_have_no_english_headers_or_half_width_lists():
    """Review C8: the personas and scenarios tables head their columns in Chinese; review D5
    and B: an unknown scenario lists the known ones with 、 and calls them 场景."""
    env = {"ROLEPLAY_LANG": "zh-Hans", "COLUMNS": "120"}
    for cmd in ("personas", "scenarios"):
        head = invoke(cmd, env=env).output.splitlines()[1]
        assert "代号" in head and not re.search(r"\bid\b|English", head), head
    res = invoke("run", "no-such-scenario", env=env)
    assert res.exit_code == 2 and "chip-controls、hundred-models" in res.output and "场景" in res.output
    assert "情境" not in res.output and "chip-controls, " not in res.output
    assert (
        "chip-controls, hundred-models"
        in invoke("run", "no-such-scenario", env={"ROLEPLAY_LANG": "en"}).output
    )


@pytest.mark.parametrize("width", (60, 80, 100))
def test_show_wraps_chinese_without_lines_starting_with_punctuation(zh_run, width):
    """Review D3: ``roleplay show`` (Rich Markdown) wraps its paragraphs, block quotes and list
    items as the console does: no line starts with ``：。、」，``, and no character is lost."""
    from roleplay.runs.report import markdown

    res = invoke("show", zh_run, env={"COLUMNS": str(width)})
    assert res.exit_code == 0, res.output
    lines = [x.lstrip("▌•-0123456789. ") for x in _lines(res.output)]
    bad = [x for x in lines if x and x[0] in NO_START]
    assert not bad, bad[:3]
    speeches = [t.move.speech for t in load_run(zh_run).turns() if t.move]
    flat = re.sub(r"[\s▌│┃]", "", res.output)
    assert all(re.sub(r"\s", "", s)[:30] in flat for s in speeches[:5]) and markdown(load_run(zh_run))
