"""The export of a run records what each human seat said and voted, for grading (issue #12);
a run without human seats has no such section."""

from __future__ import annotations

import asyncio
import html

from roleplay.debate.session import prepare, run_to_folder
from roleplay.offline.negotiator import OfflineNegotiator
from roleplay.runs.export import export_text
from roleplay.runs.transcript import load_run
from roleplay.runs.words import Words


class PlayedByAPerson(OfflineNegotiator):
    """The offline move, recorded as a human seat's (what the TUI's HumanSeat labels)."""

    label = "human"


def test_the_export_records_each_human_seats_speech_and_votes(tmp_path):
    setup, backends = prepare("patient-capital", lang="en", rounds=4)
    backends["soe"] = PlayedByAPerson()
    folder = asyncio.run(run_to_folder(setup, backends, tmp_path / "run", "grade001"))
    run = load_run(folder)
    mine = [t for t in run.turns() if t.persona == "soe"]
    assert mine and all(t.backend == "human" for t in mine)
    for fmt in ("md", "html"):
        text = html.unescape(export_text(folder, fmt))
        w = Words("en")
        section = text.split(w.human_title)[1]
        for t in mine:
            assert t.id in section and t.move.speech.splitlines()[0] in section
            for s in t.move.stances:
                assert f"{s.proposal} {w[s.position]}: {s.reason}" in section
        others = [t for t in run.turns() if t.persona != "soe"]
        assert not any(f"{w.turn} {t.id}" in section for t in others)


def test_no_human_seat_no_grading_section(tmp_path):
    setup, backends = prepare("patient-capital", lang="zh", rounds=2)
    folder = asyncio.run(run_to_folder(setup, backends, tmp_path / "run", "grade002"))
    assert Words("zh-Hant").human_title not in export_text(folder, "md")
