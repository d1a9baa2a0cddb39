"""The documents of a run in the three languages (issue #11): every bundled scenario runs,
shows (transcript.md), exports (md, html), compares and gets a kit in zh-Hant, zh-Hans and
en; Simplified documents hold no Traditional-only character; each language's documents carry
their own words, units and plurals from the catalogue; older run folders (lang "zh") still
show and export."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import pytest
from conftest import SCENARIOS
from test_catalog import traditional_only

from roleplay.debate.session import prepare, run_to_folder
from roleplay.formats.catalog import load_scenario
from roleplay.formats.rubric import format_setting as setting
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import LANGS, Lang, fullwidth
from roleplay.runs.divergence import decisions
from roleplay.runs.export import compare_runs, export_run
from roleplay.runs.kit import render_kit
from roleplay.runs.report import markdown
from roleplay.runs.transcript import Run, load_run

OLD_RUNS = Path(__file__).resolve().parent / "old_runs"  # run folders written by earlier versions
OLD_ZH = OLD_RUNS / "20261202T215911Z-patient-capital-5e5fdc47"  # written with lang "zh"


def _run(root: Path, scenario: str, lang: Lang, seed: int) -> tuple[Path, Run]:
    setup, backends = prepare(scenario, lang=lang, seed=seed, rounds=2)
    folder = asyncio.run(run_to_folder(setup, backends, root / f"{lang}-{seed}", f"{lang}{seed}"))
    return folder, load_run(folder)


@pytest.fixture(scope="module", params=SCENARIOS)
def runs(request, tmp_path_factory) -> tuple[str, dict[Lang, tuple[Path, Run]]]:
    root = tmp_path_factory.mktemp(request.param)
    return request.param, {lang: _run(root, request.param, lang, 7) for lang in LANGS}


def recorded(run: Run) -> list[str]:
    """Lines of text the debate recorded (speeches, proposal titles, stance reasons, moderator
    notes, rationales): the speech and scoring side of #11 writes them in the run's language;
    the documents show them as they are (OpenCC's tw2sp is not idempotent, so no document
    converts them a second time)."""
    out: list[str] = []
    for x in run.turns():
        m = x.move
        out += [x.error or ""]
        if m is not None:
            out += [m.speech, *(s.reason for s in m.stances)]
            out += [m.proposal.title] if m.proposal else []
    out += [e.note.text for e in run.events if hasattr(e, "note") and hasattr(e.note, "text")]
    for card in [*run.round_scores(), run.ended.scorecard]:
        out += [e.rationale for e in card.elements] + ([card.package.title] if card.package else [])
    lines = {line.strip() for text in out for line in text.splitlines() if line.strip()}
    return sorted(
        lines | {fullwidth(x) for x in lines} | {fullwidth(fullwidth(x)) for x in lines},
        key=len,
        reverse=True,
    )


def documents(scenario: str, folder: Path, run: Run, lang: Lang) -> dict[str, str]:
    """Every document of one run: show, exports, a comparison with itself, kits."""
    sc, personas, rubric = load_scenario(scenario)
    return {
        "show": markdown(run),
        "md": export_run(run, folder, "md"),
        "html": html.unescape(export_run(run, folder, "html")),
        "compare": html.unescape(compare_runs(run, run, "html")),
        "kit.md": render_kit(sc, personas, rubric, lang, "md", run, folder.name),
        "kit.html": html.unescape(render_kit(sc, personas, rubric, lang, "html", run, folder.name)),
    }


def test_every_document_in_every_language(runs):
    scenario, by_lang = runs
    for lang in LANGS:
        folder, run = by_lang[lang]
        docs = documents(scenario, folder, run, lang)
        for name, text in docs.items():
            assert text.strip(), (lang, name)
            if name in ("html", "compare", "kit.html"):
                assert f'<html lang="{lang}">' in text, (lang, name)
            if name == "html" and "<blockquote" in text:  # the article's passages
                assert f'<blockquote lang="{"zh-Hant" if lang == "en" else lang}">' in text
            if lang == "zh-Hans":  # outside what the debate recorded (the speech side's)
                assert traditional_only(text) == "", (name, traditional_only(text))
        for name in ("show", "md", "html"):
            text = docs[name]
            for msg in ("doc-scorecard", "doc-question", "doc-seed", "doc-element"):
                assert t(msg, lang) in text, (lang, name, msg)
            card = run.ended.scorecard
            if name != "html":
                assert t("doc-total-score", lang, total=card.total(), scored=card.n_scored) in text
        assert t("doc-parted", lang) in docs["compare"] and t("doc-never", lang) in docs["compare"]
        for name in ("kit.md", "kit.html"):
            assert t("kit-section-debrief", lang) in docs[name]
    en, zh = documents(scenario, *by_lang["en"], "en"), documents(scenario, *by_lang["zh-Hant"], "zh-Hant")
    assert "Total" in en["show"] and "scored)" in en["show"]
    assert (
        "Total:" not in zh["show"] and "scored" not in zh["show"]
    )  # the zh transcript said "Total: 15/24 (6/6 scored)"
    assert not re.search(r"[\u4e00-\u9fff]", t("doc-offline-note", "en"))


def test_the_three_languages_make_the_same_moves_and_scores(runs):
    _, by_lang = runs
    moves = {lang: [decisions(x) for x in run.turns()] for lang, (_, run) in by_lang.items()}
    scores = {lang: run.ended.scorecard.total() for lang, (_, run) in by_lang.items()}
    assert moves["zh-Hans"] == moves["zh-Hant"] == moves["en"]
    assert scores["zh-Hans"] == scores["zh-Hant"] == scores["en"]


def test_settings_have_units_in_the_language():
    _, _, rubric = load_scenario("patient-capital")
    params = {i.parameter.unit: i.parameter for i in rubric.instruments if i.parameter}
    money, years = params["× 100 million yuan"], params["years"]
    assert [setting(1000, money, lang) for lang in LANGS] == ["1000億元", "1000亿元", "100 billion yuan"]
    assert [setting(7, years, lang) for lang in LANGS] == ["7年", "7年", "7 years"]
    assert setting(1, years, "en") == "1 year"  # not "1 years"
    share = next(p for u, p in params.items() if u.startswith("% of"))
    assert "佔" in setting(20, share, "zh-Hant") and "占" in setting(20, share, "zh-Hans")


def test_plurals_in_the_workshop_summary_progress():
    assert t("doc-ws-progress", "en", rounds=1, planned=2, turns=1) == "1/2 rounds, 1 turn"
    assert t("doc-ws-progress", "en", rounds=2, planned=2, turns=5).endswith("5 turns")
    assert t("doc-ws-progress", "zh-Hant", rounds=1, planned=2, turns=1) == "1/2 輪，1 次發言"


def test_an_older_run_folder_written_as_zh_still_shows_and_exports():
    assert '"lang":"zh"' in (OLD_ZH / "events.jsonl").read_text(encoding="utf-8").replace(" ", "")
    run = load_run(OLD_ZH)
    assert run.started.lang == "zh-Hant"
    show = markdown(run)
    assert t("doc-scorecard", "zh-Hant") in show and "Total" not in show
    page = html.unescape(export_run(run, OLD_ZH, "html"))
    assert '<html lang="zh-Hant">' in page and t("doc-debrief", "zh-Hant") in page
    assert t("doc-passages", "zh-Hant") in export_run(run, OLD_ZH, "md")
    # Chinese typography over notes recorded with half-width punctuation
    assert "第1輪(共" not in show and "第1輪（共" in show
