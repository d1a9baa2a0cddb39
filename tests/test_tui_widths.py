"""Nothing is lost at any width (issue #11): at 60, 80, 81, 100 and 120 columns, in
zh-Hant, zh-Hans and English, the screen as drawn shows every character of the toasts,
every key label of the footer, the persona list and the side panel's scorecard (persona,
element and contradiction names), and no line of them starts with closing punctuation.

The checks read what Textual drew (the compositor's strips, cropped to a widget's region,
or a widget's own rendered lines where the side panel scrolls), not the model data, so a
cut, a blanked character or an ellipsis fails. The recorded zh and en debates of
``tests/tui_frozen`` play through the live app (as in the snapshot tests); zh-Hans shows
the zh recording with a Simplified interface.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_catalog import traditional_only
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList, Static
from textual.widgets._toast import Toast

from roleplay.debate.backends import make_backend
from roleplay.debate.control import DebateControl
from roleplay.debate.events import TurnCompleted
from roleplay.debate.setup import DebateSetup
from roleplay.formats.text import Lang
from roleplay.tui import LiveApp, RunIndex, replay_app
from roleplay.tui.labels import LIVE_KEYS, key_label, ui
from roleplay.tui.render import element_label
from roleplay.tui.screens import PickPersonaScreen
from roleplay.tui.testing import wait_until
from roleplay.tui.widgets import EndBlock, KeyBar
from roleplay.tui.wrap import NO_LINE_START

FROZEN = Path(__file__).parent / "tui_frozen"
WIDTHS = [60, 80, 81, 100, 120]
LANGS: list[Lang] = ["zh-Hant", "zh-Hans", "en"]


def live(tmp_path: Path, lang: Lang, turns: int | None) -> LiveApp:
    """The live app replaying the recorded debate (zh recording for Chinese) up to
    ``turns`` turns, paused, with the interface in ``lang``."""
    path = FROZEN / ("en.jsonl" if lang == "en" else "zh.jsonl")
    index = RunIndex(path.read_text(encoding="utf-8").splitlines(), path)
    s = index.started
    setup = DebateSetup(
        scenario=s.scenario,
        personas=s.personas,
        rubric=s.rubric,
        seed=s.seed,
        lang=lang,
        rounds=index.types.count("round_started"),
    )

    async def engine(sink) -> None:
        done = 0
        for e in index.events():
            sink(e)
            done += isinstance(e, TurnCompleted)
            if done == turns:
                return

    control = DebateControl()
    if turns is not None:
        control.pause()
    backends = {pid: make_backend("offline") for pid in s.scenario.personas}
    return LiveApp(setup, backends, tmp_path / "run", "width001", control=control, engine=engine)


def drawn(app: LiveApp, region: Region) -> list[str]:
    """The text Textual drew in ``region`` of the screen, one string per line (cells
    cropped by the compositor's own strips, so a halved wide character shows as blanks)."""
    strips: list[Strip] = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def rendered(widget: Static) -> list[str]:
    """All lines of a widget's content (inside border and padding) as it renders them at
    its width, its part hidden by a scrolling parent included."""
    w, h = widget.outer_size
    g = widget.styles.gutter
    strips = widget.render_lines(Region(0, 0, w, h))[g.top : h - g.bottom]
    return [strip.crop(g.left, w - g.right).text for strip in strips]


def squeeze(lines: list[str]) -> str:
    """The lines run together without spaces (a wrap drops the space it breaks at)."""
    return "".join("".join(line.split()) for line in lines)


def no_line_starts_with_punctuation(lines: list[str], where: str) -> None:
    for line in lines:
        body = line.strip()
        assert not body or body[0] not in NO_LINE_START, f"{where}: a line starts with punctuation: {line!r}"


async def started(pilot, app: LiveApp, turns: int) -> None:
    await wait_until(pilot, lambda: app.board is not None and app.board.turns == turns)
    await wait_until(pilot, lambda: app.side_settled)
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
async def test_toasts_footer_persona_list_and_scorecard_lose_nothing(tmp_path, lang):
    app = live(tmp_path, lang, turns=12)
    async with app.run_test(size=(WIDTHS[0], 30), notifications=True) as pilot:
        await started(pilot, app, 12)
        for width in WIDTHS:
            await pilot.resize_terminal(width, 30)
            await wait_until(pilot, lambda width=width: app.size.width == width and app.side_settled)
            app.refresh_side_now()
            await pilot.pause()
            await at_width(pilot, app, width, lang)


async def at_width(pilot, app: LiveApp, width: int, lang: Lang) -> None:
    """The checks at one width (the app paused mid-debate, no dialog open)."""
    started_ = app.started
    assert started_ is not None
    ministry = next(p for p in started_.personas if p.id == "ministry")

    # Toasts: the skip message that lost 言將 in 中文, and a long one that wraps.
    for message in (
        ui(app.lang, "will_skip", name=ministry.short.in_(app.lang)),
        ui(app.lang, "human.hidden"),
    ):
        app.clear_notifications()
        app.notify(message, timeout=30)
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)), what="a toast")
        await pilot.pause()
        toast = app.screen.query(Toast).last()
        lines = drawn(app, toast.content_region)
        assert squeeze(lines) == "".join(message.split()), (width, lang, lines)
        no_line_starts_with_punctuation(lines, f"toast at {width}")
    app.clear_notifications()
    await pilot.pause()

    # The footer: every shown key with its whole label, a key never apart from its label.
    bar = app.screen.query_one(KeyBar)
    lines = drawn(app, bar.region)
    for key, action, show in LIVE_KEYS:
        if show:
            label = key_label(app.lang, action)
            assert any(f" {key} {label} " in f" {line} " for line in lines), (width, lang, action, lines)
    if lang == "zh-Hans":
        assert traditional_only("".join(lines)) == "", lines

    # The side panel (beside the transcript, or under it below 64 columns): persona names,
    # element and contradiction names.
    side = {w.id: rendered(w) for w in app.side.query(Static)}
    roster = squeeze(side["roster"])
    for p in started_.personas:
        assert "".join(p.short.in_(app.lang).split()) in roster, (width, lang, side["roster"])
    elements = "".join(ch for ch in squeeze(side["elements"]) if ch not in "░█·01234")  # names, no bars
    for m in started_.rubric.elements:  # the narrow panel drops the shared "National"/國家
        assert "".join(element_label(m.name.in_(app.lang), app.lang).split()) in elements, side["elements"]
    contradictions = squeeze(side["contradictions"])
    for m in started_.rubric.contradictions:
        words = "".join(m.name.in_(app.lang).split())
        assert words in contradictions, (width, lang, side["contradictions"])
    assert "…" not in "".join(side["contradictions"] + side["roster"])
    for name, lines in side.items():
        if name != "progress":
            no_line_starts_with_punctuation(lines, f"side panel {name} at {width}")
    if lang == "zh-Hans":
        assert traditional_only("".join(line for lines in side.values() for line in lines)) == "", side

    # The persona list (skip whose turn?): every name in both languages.
    await pilot.press("k")
    await wait_until(pilot, lambda: isinstance(app.screen, PickPersonaScreen), what="the persona list")
    await pilot.pause()
    options = app.screen.query_one(OptionList)
    listed = squeeze(drawn(app, options.content_region))
    other = app.screen.other
    for p in started_.personas:
        for name in (p.name.in_(app.lang), p.name.in_(other)):
            assert "".join(name.split()) in listed, (width, lang, name, drawn(app, options.content_region))
    title = squeeze(drawn(app, app.screen.query_one(".title").content_region))
    assert title == "".join(ui(app.lang, "pick.skip").split())
    await pilot.press("escape")
    await wait_until(pilot, lambda: not isinstance(app.screen, PickPersonaScreen), what="the list to close")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_closing_score_line_wraps_in_full(tmp_path, lang):
    app = live(tmp_path, lang, turns=None)
    async with app.run_test(size=(60, 30)) as pilot:
        await wait_until(pilot, lambda: app.finished)
        for width in (60, 81):
            await pilot.resize_terminal(width, 30)
            await wait_until(pilot, lambda width=width: app.size.width == width and app.side_settled)
            await pilot.pause()
            block = app.transcript.query(EndBlock).last()
            check_score_line(block, app, width, lang)


def check_score_line(block: EndBlock, app: LiveApp, width: int, lang: Lang) -> None:
    """The closing block shows the whole score line (wrapped, never cut)."""
    text = squeeze(rendered(block))
    card = block.ended.scorecard
    assert card is not None
    consensus = ui(app.lang, "consensus", level=card.consensus, pct=f"{card.support_share:.0%}")
    assert "".join(consensus.split()) in text, (width, lang, rendered(block))
    assert "…" not in text


async def test_an_old_zh_run_replays_in_simplified_and_l_switches_to_english_and_back():
    """The recorded run says lang "zh" (before zh-Hant/zh-Hans): it replays; with
    ``--lang zh-Hans`` the labels, names and rubric terms are Simplified, ``l`` goes to
    English and back to Simplified (the session's script, not zh-Hant)."""
    path = FROZEN / "zh.jsonl"
    index = RunIndex(path.read_text(encoding="utf-8").splitlines(), path)
    assert index.started.lang == "zh-Hant"
    app = replay_app(index, Path("run"), lang="zh-Hans", at_end=True)
    async with app.run_test(size=(100, 30)) as pilot:

        async def panel_and_keys() -> str:
            await wait_until(pilot, lambda: app.cursor > 0 and app.side_settled)
            app.refresh_side_now()
            await pilot.pause()
            side = [line for w in app.side.query(Static) for line in rendered(w)]
            return "\n".join(side + drawn(app, app.screen.query_one(KeyBar).region))

        simplified = await panel_and_keys()
        assert traditional_only(simplified) == ""
        assert all(p.short.in_("zh-Hans") in simplified for p in index.started.personas)
        assert "战略需求" in simplified and "q 退出" in simplified and "l EN" in simplified
        await pilot.press("l")
        english = await panel_and_keys()
        assert app.lang == "en" and "Six elements" in english and "l 中文" in english
        await pilot.press("l")
        assert app.lang == "zh-Hans"
        assert await panel_and_keys() == simplified


@pytest.mark.parametrize(
    ("iid", "value", "lang", "shown"),
    [
        ("public_angel", 1000.0, "en", "100 billion yuan"),
        ("public_angel", 1000.0, "zh-Hant", "1000億元"),
        ("public_angel", 1000.0, "zh-Hans", "1000亿元"),
        ("tax_deferral", 5.0, "en", "5 years"),
        ("tax_deferral", 5.0, "zh-Hant", "5年"),
        ("tax_deferral", None, "en", "—"),
        ("no_such_instrument", 7.0, "en", "7"),
    ],
)
def test_proposal_tables_write_amounts_as_the_transcript_does(
    iid: str, value, lang: Lang, shown: str
) -> None:
    """Issue #11: an English proposal table reads ``100 billion yuan`` (not ``1000 × 100
    million yuan``), a Chinese one ``1000億元``, years with their plural, as transcripts do."""
    from roleplay.formats.catalog import load_rubric
    from roleplay.tui.render import setting_text

    assert setting_text(load_rubric(), iid, value, lang) == shown
