"""``roleplay kit`` (issue #12): a teaching kit for every bundled scenario, in zh-Hant, zh-Hans
and en (issue #11: words from the catalogue's kit.ftl), as
Markdown and HTML; role cards mark the article apart from what the exercise invents; a
debrief filled in from a run names that run's real turns and claims; the HTML kit renders in
headless Chromium; nothing is overwritten without --force."""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from conftest import SCENARIOS
from test_catalog import traditional_only
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.session import prepare, run_to_folder
from roleplay.formats.catalog import load_scenario
from roleplay.formats.text import Text
from roleplay.i18n.catalog import t as msg
from roleplay.i18n.lang import LANGS, localize
from roleplay.runs.kit import moved
from roleplay.runs.transcript import load_run

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    setup, backends = prepare("patient-capital", lang="en")
    folder = tmp_path_factory.mktemp("kitrun") / "run"
    return asyncio.run(run_to_folder(setup, backends, folder, "kitrun01"))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_bundled_scenario_gets_a_kit_in_the_three_languages(tmp_path, scenario):
    res = runner.invoke(app, ["kit", scenario, "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    sc, personas, _ = load_scenario(scenario)
    for lang in LANGS:
        for fmt in ("md", "html"):
            text = html.unescape((tmp_path / f"kit-{sc.id}.{lang}.{fmt}").read_text(encoding="utf-8"))
            assert sc.title.in_(lang) in text and sc.question.in_(lang) in text
            assert msg("kit-mark-article", lang) in text and msg("kit-mark-invented", lang) in text
            for section in ("objectives", "cards", "run-sheets", "debrief"):
                assert msg(f"kit-section-{section}", lang) in text
            for minutes in (45, 90):
                assert msg("kit-run-sheet", lang, minutes=minutes) in text
            assert msg("kit-objective-negotiate", lang, amount=sc.budget) in text
            for p in (p for p in personas if p.id in sc.personas):
                assert p.name.in_(lang) in text
                for g in p.goals:
                    assert g.in_(lang) in text
                for x in p.private:
                    assert x.in_(lang) in text
                for src in p.sources:  # review C1: what a passage supports, in the kit's language
                    assert isinstance(src.supports, Text) and src.supports.in_(lang) in text
                    assert lang == "en" or src.supports.en not in text
            for i in sc.issues:
                assert i.title.in_(lang) in text
            assert msg("kit-no-run", lang) in text
            if lang == "zh-Hans":  # the article's quotations convert too
                assert traditional_only(text) == "", traditional_only(text)
                assert "「" not in text and "『" not in text  # mainland quotation marks (review D1)
            else:  # the article, verbatim (its words; punctuation follows the text around it)
                for src in (src for p in personas if p.id in sc.personas for src in p.sources):
                    assert src.quote in text or localize(src.quote, lang) in text
                for i in sc.issues:
                    assert i.quote in text or localize(i.quote, lang) in text
    en = (tmp_path / f"kit-{sc.id}.en.md").read_text(encoding="utf-8")
    assert "billion yuan a year" in en and "100 million yuan" not in en
    assert f"{sc.budget:g}億元" in (tmp_path / f"kit-{sc.id}.zh-Hant.md").read_text(encoding="utf-8")


def test_a_persona_source_written_before_bilingual_supports_still_loads():
    """Persona files written before ``supports`` had zh and en give a plain string: it loads
    and is shown as written in every language."""
    from roleplay.formats.persona import Source

    old = Source.model_validate({"section": "s", "quote": "q", "supports": "the red line"})
    new = Source.model_validate(
        {"section": "s", "quote": "q", "supports": {"zh": "紅線", "en": "the red line"}}
    )
    assert [old.supports_in(lang) for lang in LANGS] == ["the red line"] * 3
    assert [new.supports_in(lang) for lang in LANGS] == ["紅線", "红线", "the red line"]


def test_article_and_invented_are_marked_apart_on_each_card(tmp_path):
    runner.invoke(app, ["kit", "patient-capital", "--out", str(tmp_path), "--lang", "en", "--format", "html"])
    page = html.unescape((tmp_path / "kit-patient-capital.en.html").read_text(encoding="utf-8"))
    _sc, personas, _ = load_scenario("patient-capital")
    for p in personas:
        card = re.search(rf'<section class="card" id="card-{p.id}">(.*?)</section>', page, re.S)[1]
        invented, article = card.split('<div class="article">')
        assert all(x.en in invented for x in p.private) and not any(s.quote in invented for s in p.sources)
        assert all(s.quote in article for s in p.sources) and not any(x.en in article for x in p.private)


def test_the_debrief_is_filled_in_from_a_run_and_names_its_turns(tmp_path, run_dir):
    res = runner.invoke(app, ["kit", "patient-capital", "--run", str(run_dir), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "kit-patient-capital.en.md").read_text(encoding="utf-8")
    run = load_run(run_dir)
    turn_ids = {t.id for t in run.turns()}
    debrief = text.split("## " + msg("kit-section-debrief", "en"))[1]
    named = set(re.findall(r"r\d+-t\d+-[a-z_]+", debrief))
    assert named and named <= turn_ids  # only real turns of this run
    card = run.ended.scorecard
    assert card.package.title in debrief
    moves = moved(run, "en")
    assert moves, "the offline run has personas changing their minds"
    claims = run.started.rubric.claim_index
    for m in moves:
        t = next(t for t in run.turns() if t.id == m["turn"])
        assert any(s.proposal == m["proposal"] and s.position == "support" for s in t.move.stances)
        earlier = [
            s.position
            for u in run.turns()
            if u.persona == t.persona and u.move and u.round <= t.round and u.id != t.id
            for s in u.move.stances
            if s.proposal == m["proposal"]
        ]
        assert earlier and earlier[-1] in ("oppose", "amend")
        by = next(u for u in run.turns() if u.id == m["by_turn"])
        assert any(claims[c].text.en == m["claim"] for c in by.move.claims if c in claims)
        assert m["turn"] in debrief and m["claim"] in debrief


def test_kit_refuses_to_overwrite_and_checks_the_run(tmp_path, run_dir):
    assert runner.invoke(app, ["kit", "chip-controls", "--out", str(tmp_path)]).exit_code == 0
    before = (tmp_path / "kit-chip-controls.zh-Hant.md").read_text(encoding="utf-8")
    res = runner.invoke(app, ["kit", "chip-controls", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "--force" in res.output
    assert (tmp_path / "kit-chip-controls.zh-Hant.md").read_text(encoding="utf-8") == before
    assert runner.invoke(app, ["kit", "chip-controls", "--out", str(tmp_path), "--force"]).exit_code == 0
    res = runner.invoke(app, ["kit", "chip-controls", "--run", str(run_dir), "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "patient-capital" in res.output and not (tmp_path / "x").exists()
    res = runner.invoke(app, ["kit", "chip-controls", "--run", str(tmp_path), "--out", str(tmp_path / "y")])
    assert res.exit_code == 2 and "events.jsonl" in res.output
    res = runner.invoke(app, ["kit", "chip-controls", "--format", "pdf"])
    assert res.exit_code == 2 and "md or html" in res.output


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, f"--user-data-dir={profile}", *args], capture_output=True, timeout=90
    )


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (apt-get install -y chromium)")
def test_the_html_kit_renders_in_headless_chromium(tmp_path, run_dir):
    res = runner.invoke(
        app, ["kit", "patient-capital", "--run", str(run_dir), "--out", str(tmp_path), "--format", "html"]
    )
    assert res.exit_code == 0, res.output
    page = tmp_path / "kit-patient-capital.zh-Hant.html"
    dom = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    text = dom.stdout.decode("utf-8")
    _, personas, _ = load_scenario("patient-capital")
    for p in personas:
        assert f'id="card-{p.id}"' in text and p.name.in_("zh-Hant") in text
    assert msg("kit-mark-article", "zh-Hant") in text
    assert any(t.id in text for t in load_run(run_dir).turns())  # the debrief names the run's turns
    shot = tmp_path / "kit.png"
    res = _chromium("--window-size=1000,1400", f"--screenshot={shot}", page.as_uri(), profile=tmp_path / "p2")
    assert res.returncode == 0 and shot.is_file(), res.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1000, 1400)
    assert len(png) > 20_000  # a blank page compresses to a few kB


def test_the_winner_answer_claims_unanimity_only_when_every_voter_supported(run_dir):
    """The kit said "a deal all sides accepted" beside "support share 75%"."""
    from roleplay.runs.kit import run_answers

    run = load_run(run_dir)
    card = run.ended.scorecard
    assert card.deal
    majority = card.model_copy(update={"consensus": "strong", "support_share": 0.75})
    run.ended = run.ended.model_copy(update={"scorecard": majority})
    for lang in LANGS:
        (winner,) = run_answers(run, lang)["winner"]
        assert msg("kit-how-deal", lang) in winner and msg("kit-how-unanimous", lang) not in winner
    unanimous = card.model_copy(update={"consensus": "unanimous", "support_share": 1.0})
    run.ended = run.ended.model_copy(update={"scorecard": unanimous})
    assert msg("kit-how-unanimous", "en") in run_answers(run, "en")["winner"][0]


def test_the_run_sheet_command_of_a_teachers_own_scenario_names_its_file(tmp_path, monkeypatch):
    """A kit of `angel.yaml` told the class to type `roleplay tui angel ...`, which fails
    (no bundled scenario 'angel')."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "persona", "fund"]).exit_code == 0
    assert runner.invoke(app, ["new", "scenario", "angel"]).exit_code == 0
    res = runner.invoke(app, ["kit", "angel.yaml", "--lang", "en", "--format", "md", "--out", "k"])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "k" / "kit-angel.en.md").read_text(encoding="utf-8")
    (command,) = set(re.findall(r"`(roleplay tui [^`]+)`", text))
    assert command.split()[2] == "angel.yaml"
    load_scenario(command.split()[2])  # the command's target loads from where the kit was made
    res = runner.invoke(app, ["kit", "patient-capital", "--lang", "en", "--format", "md", "--out", "b"])
    bundled = (tmp_path / "b" / "kit-patient-capital.en.md").read_text(encoding="utf-8")
    assert "`roleplay tui patient-capital --lang en" in bundled


def test_kit_takes_the_short_format_flag_like_export_and_compare(tmp_path):
    """`roleplay kit ... -f md` was "No such option: -f" while export and compare take -f."""
    res = runner.invoke(app, ["kit", "patient-capital", "-f", "md", "--lang", "en", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit-patient-capital.en.md"]
