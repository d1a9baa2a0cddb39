"""The side panel: round progress and run state, the roster with stances, the six
elements as bars and the five contradictions as flags."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from roleplay.formats.text import Lang
from roleplay.tui.board import Board
from roleplay.tui.labels import ui
from roleplay.tui.render import contradictions_view, elements_view, progress_view, roster_view


class SidePanel(VerticalScroll):
    """Shows a :class:`Board`; call :meth:`show` after the board changes."""

    DEFAULT_CSS = """
    SidePanel { width: 32; height: 1fr; border-left: vkey $panel; padding: 0 1; }
    SidePanel > Static { height: auto; }
    SidePanel > .heading { color: $text-accent; text-style: bold; }
    """

    can_focus = False  # keys belong to the app; the mouse wheel still scrolls it

    def compose(self):
        """Build the widget tree (Textual hook)."""
        yield Static(id="progress")
        yield Static(classes="heading", id="roster-title")
        yield Static(id="roster")
        yield Static(classes="heading", id="elements-title")
        yield Static(id="elements")
        yield Static(classes="heading", id="contradictions-title")
        yield Static(id="contradictions")

    def show(self, board: Board | None, lang: Lang, state: str) -> None:
        """Redraw everything from ``board`` in ``lang``; ``state`` is the run-state word.
        Does nothing once the panel is being taken down (a late timer at exit)."""
        if not self.is_mounted or len(self.children) < 7:
            return
        self.query_one("#roster-title", Static).update(ui(lang, "roster"))
        total = f" {board.card.total()}/24" if board is not None and board.card else ""
        self.query_one("#elements-title", Static).update(ui(lang, "elements") + total)
        self.query_one("#contradictions-title", Static).update(ui(lang, "contradictions"))
        if board is None:
            return
        self.query_one("#progress", Static).update(progress_view(board, lang, state))
        self.query_one("#roster", Static).update(roster_view(board, lang))
        self.query_one("#elements", Static).update(elements_view(board, lang))
        self.query_one("#contradictions", Static).update(contradictions_view(board, lang))
