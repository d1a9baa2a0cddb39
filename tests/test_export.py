"""Teaching exports (Markdown, self-contained HTML) and run comparison."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.session import new_run_folder, prepare, run_to_folder
from roleplay.formats.workshop import STAGE_FILE, debrief_questions
from roleplay.i18n.lang import localize
from roleplay.runs.export import cited, compare_text, debrief_for, export_text, final_card, score_plot_svg
from roleplay.runs.transcript import load_run

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _run(out: Path, scenario: str, seed: int, rounds: int | None = None) -> Path:
    setup, backends = prepare(scenario, seed=seed, rounds=rounds)
    run_id, folder = new_run_folder(out, scenario)
    return asyncio.run(run_to_folder(setup, backends, folder, run_id))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    """A Chinese run (patient-capital), an English run (hundred-models), and a Chinese
    run with a workshop stage file and a hostile speech (for escaping)."""
    out = tmp_path_factory.mktemp("runs")
    zh, en, staged = (
        _run(out, "patient-capital", 1),
        _run(out, "hundred-models", 2, rounds=4),
        _run(out, "chip-controls", 3),
    )
    (staged / STAGE_FILE).write_text(
        json.dumps({"debrief": ["晶片問題一?", "Question two?"]}, ensure_ascii=False), encoding="utf-8"
    )
    path = staged / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        ev = json.loads(line)
        if ev["type"] == "turn_completed" and ev["turn"]["move"]:
            ev["turn"]["move"]["speech"] = "<script>alert('x')</script> 沙盒 & more"
            lines[i] = json.dumps(ev, ensure_ascii=False)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"zh": zh, "en": en, "staged": staged}


def test_html_is_self_contained_and_complete(runs):
    html = export_text(runs["zh"], "html")
    run = load_run(runs["zh"])
    assert (
        not re.search(r"""(src|href)=["']?(https?:)?//""", html)
        and "<link" not in html
        and "<script" not in html
    )
    assert html.count('src="data:image/svg+xml;base64,') == 1
    for text in (
        "公益耐心資本",
        "評分卡",
        "討論問題",
        "文章出處",
        "辯論記錄",
        debrief_questions(None, "zh-Hant")[0],
    ):
        assert text in html
    for m in cited(run, final_card(run)):  # the article's words, in Chinese typography
        assert localize(m.passage, "zh-Hant") in html and localize(m.section, "zh-Hant") in html
    for t in run.turns():
        assert t.id in html


def test_plot_is_valid_svg_with_one_bar_per_round_plus_final(runs):
    run = load_run(runs["en"])
    svg = score_plot_svg(run)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    rounds = len(run.round_scores())
    assert rounds == 4
    assert [t for t in texts if t.startswith("Round ")] == [f"Round {n}" for n in range(1, rounds + 1)]
    assert "Final" in texts and str(run.ended.scorecard.total()) in texts
    assert "National patient capital" in texts


def test_html_escapes_speech_and_uses_stage_debrief(runs):
    html = export_text(runs["staged"], "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "沙盒 &amp; more" in html
    assert "晶片問題一？" in html and debrief_questions(None, "zh-Hant")[0] not in html
    assert debrief_for(runs["en"], "en")[0] == debrief_questions(None, "en")[0]


def test_markdown_export(runs):
    md = export_text(runs["en"], "md")
    run = load_run(runs["en"])
    assert md.startswith(f"# {run.started.scenario.title.en}")
    assert "## Debrief questions" in md and f"1. {debrief_questions(None, 'en')[0]}" in md
    assert "## From the article" in md
    assert all(f"> {m.passage}" in md for m in cited(run, final_card(run)))


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_compare_side_by_side(runs, fmt):
    text = compare_text(runs["zh"], runs["en"], fmt)
    a, b = load_run(runs["zh"]), load_run(runs["en"])
    assert a.started.run_id in text and b.started.run_id in text
    ta, tb = a.ended.scorecard.total(), b.ended.scorecard.total()
    assert f"{tb - ta:+d}" in text and "B − A" in text
    if fmt == "html":
        assert text.count('src="data:image/svg+xml;base64,') == 2


def test_cli_export_and_compare(runs, tmp_path):
    res = runner.invoke(app, ["export", str(runs["zh"]), "--format", "md", "--out", str(tmp_path / "x.md")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# 公益耐心資本")
    res = runner.invoke(app, ["compare", str(runs["zh"]), str(runs["en"]), "--out", str(tmp_path / "c.html")])
    assert res.exit_code == 0 and (tmp_path / "c.html").is_file()


@pytest.mark.parametrize(
    "args,needle",
    [
        pytest.param(["export", "{zh}", "--format", "pdf"], "--format", id="bad-format"),
        pytest.param(["export", "/nonexistent/run"], "events.jsonl", id="not-a-run"),
        pytest.param(["compare", "{zh}", "/nonexistent/run"], "events.jsonl", id="compare-not-a-run"),
    ],
)
def test_cli_bad_input_exits_2(runs, tmp_path, args, needle):
    args = [a.format(zh=runs["zh"]) for a in args]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "o")])
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, timeout=90)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (apt-get install -y chromium)")
def test_html_renders_in_headless_chromium(runs, tmp_path):
    page = tmp_path / "export.html"
    page.write_text(export_text(runs["staged"], "html"), encoding="utf-8")
    url = page.as_uri()
    shot = tmp_path / "shot.png"  # one browser launch prints the DOM and takes the screenshot
    dom = _chromium(
        "--window-size=1200,1600", f"--screenshot={shot}", "--dump-dom", url, profile=tmp_path / "p"
    )
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    text = dom.stdout.decode("utf-8")
    run = load_run(runs["staged"])
    for needle in (
        run.started.scenario.title.zh,
        "評分卡",
        "討論問題",
        "晶片問題一？",
        "國家安全保護",
        "文章出處",
        run.turns()[-1].id,
    ):
        assert needle in text, needle
    assert shot.is_file(), dom.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 1600)
    assert len(png) > 20_000  # a blank page compresses to a few kB


def test_plot_data_uri_decodes(runs):
    html = export_text(runs["en"], "html")
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)[1]
    assert base64.b64decode(data).decode("utf-8").startswith("<svg")


def test_interrupted_run_exports_what_it_has(runs, tmp_path):
    from roleplay.runs.words import Words

    cut = tmp_path / "cut"
    shutil.copytree(runs["zh"], cut)
    lines = (cut / "events.jsonl").read_text(encoding="utf-8").splitlines()
    last_scored = max(
        i
        for i, line in enumerate(lines[:60])
        if '"type": "round_scored"' in line or '"type":"round_scored"' in line
    )
    (cut / "events.jsonl").write_text("\n".join(lines[: last_scored + 3]) + "\n", encoding="utf-8")
    run = load_run(cut)
    assert run.ended is None and run.round_scores()
    html = export_text(cut, "html")
    assert Words("zh-Hant").interrupted in html and f"{run.round_scores()[-1].total()}/24" in html
    assert "最終" not in score_plot_svg(run)
    assert "B − A" in compare_text(cut, runs["zh"], "md")


def _corrupt(src: Path, dst: Path) -> Path:
    """A copy of a run with a non-UTF-8 byte in line 4 and a line of garbage after line 6."""
    shutil.copytree(src, dst)
    lines = (dst / "events.jsonl").read_bytes().split(b"\n")
    lines[3] = lines[3][:10] + b"\xff\xfe" + lines[3][10:]
    lines.insert(6, b"{not json")
    (dst / "events.jsonl").write_bytes(b"\n".join(lines))
    return dst


def test_cli_export_and_compare_skip_corrupt_lines_and_say_which(runs, tmp_path):
    bad = _corrupt(runs["zh"], tmp_path / "bad")
    res = runner.invoke(app, ["export", str(bad), "--out", str(tmp_path / "x.html")])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output and (tmp_path / "x.html").is_file()
    assert (
        "2 unreadable lines left out" in res.output
        and "line 4: byte" in res.output
        and "line 7:" in res.output
    )
    res = runner.invoke(
        app, ["compare", str(bad), str(runs["en"]), "--format", "md", "--out", str(tmp_path / "c.md")]
    )
    assert res.exit_code == 0 and "line 4: byte" in res.output and (tmp_path / "c.md").is_file()


def test_cli_export_into_a_folder_names_the_file(runs, tmp_path):
    res = runner.invoke(app, ["export", str(runs["zh"]), "--format", "md", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    written = tmp_path / f"{runs['zh'].name}.md"
    assert (
        written.read_text(encoding="utf-8").startswith("# 公益耐心資本")
        and f"已儲存：{written}" in res.output  # the run's language, as `run` says it
    )
    res = runner.invoke(app, ["compare", str(runs["zh"]), str(runs["en"]), "--out", str(tmp_path)])
    assert res.exit_code == 0 and (tmp_path / f"compare-{runs['zh'].name}-{runs['en'].name}.html").is_file()


@pytest.mark.parametrize("cmd", ["export", "compare"])
def test_cli_unwritable_out_exits_2(runs, cmd):
    out = "/proc/roleplay-no-such-dir/x.html"
    args = [str(runs["zh"])] + ([str(runs["en"])] if cmd == "compare" else [])
    res = runner.invoke(app, [cmd, *args, "--out", out])
    assert res.exit_code == 2, res.output
    assert out in res.output and "cannot write" in res.output and "Traceback" not in res.output


def test_run_that_ended_unscored_shows_no_final_card(runs, tmp_path):
    """A debate in which no turn succeeded ends with scorecard None: no final card, no bar of zeros."""
    unscored = tmp_path / "unscored"
    shutil.copytree(runs["en"], unscored)
    path = unscored / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    last.update(status="failed", reason="the last 5 turns all failed", scorecard=None)
    path.write_text("\n".join([*lines[:-1], json.dumps(last, ensure_ascii=False)]) + "\n", encoding="utf-8")
    run = load_run(unscored)
    assert run.ended.scorecard is None and final_card(run) is None
    assert "Final" not in score_plot_svg(run)
    html = export_text(unscored, "html")
    assert '<h2 id="scorecard">Scorecard</h2>' in html and "/24</th>" not in html


def test_a_simplified_export_has_no_english_ids_and_says_saved_in_its_language(tmp_path, monkeypatch):
    """Review C2, C3, C7, C10, C11, D1, D4: a zh-Hans export names the article passages' kinds,
    the package versions, the backends and the evidence turns in Chinese; its table labels use
    full-width brackets; and ``roleplay export`` says 已保存 for it whatever ROLEPLAY_LANG says
    (the rule ``run`` follows: the run's language)."""
    setup, backends = prepare("chip-controls", seed=11, lang="zh-Hans")
    run_id, folder = new_run_folder(tmp_path, "chip-controls")
    run_dir = asyncio.run(run_to_folder(setup, backends, folder, run_id))
    monkeypatch.setenv("ROLEPLAY_LANG", "en")
    res = runner.invoke(app, ["export", str(run_dir), "--out", str(tmp_path / "x.html")])
    assert res.exit_code == 0 and res.output.startswith("已保存"), res.output
    page = (tmp_path / "x.html").read_text(encoding="utf-8")
    kinds = re.findall(r'<span class="kind">([^<]*)</span>', page)
    assert kinds and set(kinds) <= {"要素", "结构性矛盾", "策略路径"}
    assert " v1 " not in page and "第1版" in page
    assert "离线规则引擎（各席位）" in page and "offline =" not in page and ": offline" not in page
    card = page[page.index("分数（0～4）") :].split("</table>")[0]  # the scorecard's evidence column
    assert not re.search(r"r\d+-t\d+-[a-z]", card) and re.search(r"第\d+轮·", card)
    assert "分数（0～4）" in page and "(0-4)" not in page and "(0-24)" not in page
    assert "「" not in page and "“" in page
    md = export_text(run_dir, "md")
    assert "离线规则引擎（各席位）" in md and " v1 " not in md and "分数（0～4）" in md
