"""Chinese, ASCII and digits wrap in the TUI without losing or doubling a character.

Widths are terminal cells (a Han character is two). Rich drops the space where it breaks a
line, so whitespace is ignored; every other character must appear exactly once, in order.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.app import App
from textual.geometry import Region

from roleplay.debate.move import Move, PackageItem, Proposal, Stance, Turn
from roleplay.tui.render import proposal_table, stances_table, turn_body, turn_header
from roleplay.tui.testing import wait_until
from roleplay.tui.widgets import Transcript, TurnBlock
from roleplay.tui.wrap import NO_LINE_END, NO_LINE_START, Wrapped

MIXED = (
    "新型舉國體制在AI時代需要patient capital耐心資本；2024年投入1000億元，GPU算力H100×8張。"
    "中文English混排123abc「引號」（括號）——破折號…supercalifragilisticexpialidocious國家戰略需求"
    "9876543210一二三四五六七八九十ok?好!"
)


def _solid(s: str) -> str:
    return "".join(s.split())


def render_text(renderable, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return "\n".join("".join(seg.text for seg in line) for line in lines)


@pytest.fixture(scope="module")
def started():
    from conftest import collect

    return collect("patient-capital", rounds=2)[0]


@pytest.mark.parametrize("width", range(2, 121))
def test_speech_wraps_every_character_once(started, width):
    turn = Turn(id="r1-t1-vc", round=1, phase="opening", persona="vc", move=Move(speech=MIXED))
    out = render_text(turn_body(started, "zh-Hant", MIXED, turn, streaming=False), width)
    assert _solid(out) == _solid(MIXED)
    from rich.cells import cell_len

    assert all(cell_len(line) <= max(width, 2) for line in out.splitlines())


@pytest.mark.parametrize("width", range(16, 121, 3))
def test_stance_reasons_and_proposal_titles_wrap_every_character_once(started, width):
    stance = Stance(proposal="P1", position="support", reason=MIXED)
    out = render_text(stances_table([stance], "zh-Hant"), width)
    assert _solid(out) == _solid("✔ P1 支持") + _solid(MIXED)
    proposal = Proposal(id="P1", title=MIXED, items=[PackageItem(instrument="procurement", value=25)])
    out = render_text(proposal_table(started, proposal, "zh-Hant"), width)
    assert _solid(out).startswith(_solid("P1 v1 — " + MIXED))


@pytest.mark.parametrize("width", [3, 7, 10, 17, 33, 60])
def test_streamed_pieces_wrap_every_character_once(started, width):
    pieces = [MIXED[i : i + 3] for i in range(0, len(MIXED), 3)]
    out = render_text(turn_body(started, "zh-Hant", "".join(pieces), None, streaming=True), width)
    assert _solid(out).rstrip("▍") == _solid(MIXED)


class _One(App):
    def __init__(self, started):
        super().__init__()
        self.started = started

    def compose(self):
        yield Transcript()

    def on_mount(self):
        t = self.query_one(Transcript)
        t.begin(self.started, "zh-Hant")
        t.show(self.started.model_copy())  # DebateStarted makes no block


@pytest.mark.parametrize("cols", [24, 41, 80, 113])
async def test_turn_block_on_screen_shows_every_character_once(started, cols):
    from roleplay.debate.events import TurnCompleted

    app = _One(started)
    async with app.run_test(size=(cols, 60)) as pilot:
        t = app.query_one(Transcript)
        turn = Turn(id="r1-t1-vc", round=1, phase="opening", persona="vc", move=Move(speech=MIXED))
        t.show(TurnCompleted(turn=turn, table=[]))
        await wait_until(
            pilot, lambda: bool(t.query(TurnBlock)) and t.query_one(TurnBlock).outer_size.height > 2
        )
        block = t.query_one(TurnBlock)
        strips = block.render_lines(Region(0, 0, *block.outer_size))
        shown = "".join(s.text.replace("▊", "") for s in strips)
        header = turn_header(started, "vc", 1, "opening", "zh-Hant").plain
        assert _solid(shown) == _solid(header) + _solid(MIXED)


HAN = "新型舉國體制嵌入人工智能企業創新生態系統需要國家戰略需求的導向作用和耐心資本的催化作用"


@pytest.mark.parametrize("width", range(3, 41))
def test_chinese_lines_are_filled_not_ragged(width):
    """Han text breaks between any two characters, so every line but the last is full
    (a wide character that does not fit in the last cell leaves one cell)."""
    lines = render_text(Wrapped(HAN), width).splitlines()
    assert "".join(lines) == HAN
    from rich.cells import cell_len

    assert all(width - 1 <= cell_len(line) <= width for line in lines[:-1])


@pytest.mark.parametrize("width", [6, 9, 14, 21, 30])
def test_closing_punctuation_never_starts_a_line(width):
    text = "我們主張，國家做天使。投早、投小；寬容失敗！「守門員」不兼任裁判員。" * 2
    lines = render_text(Wrapped(text), width).splitlines()
    assert "".join(lines) == text and not any(line[0] in NO_LINE_START for line in lines)


@pytest.mark.parametrize("width", range(8, 40))
def test_opening_punctuation_never_ends_a_line(width):
    text = "方案 P3 · 通過 · 18/24 · 共識程度 強共識（75%）。他說「守門員」不兼任（裁判員）"
    lines = render_text(Wrapped(text), width).splitlines()
    assert _solid("".join(lines)) == _solid(text)
    assert not any(line.rstrip()[-1] in NO_LINE_END for line in lines if line.strip()), lines


@pytest.mark.parametrize("width", range(2, 90))  # a Han character needs 2 cells
def test_breaks_keep_every_character_once(width):
    out = render_text(Wrapped(MIXED + "\n\n" + HAN + " end"), width)
    assert _solid(out) == _solid(MIXED + HAN + "end")
