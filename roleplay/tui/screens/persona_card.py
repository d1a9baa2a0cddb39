"""A persona's public card: name, role, goals, red lines and stances on the scenario's
instruments. Private interests are never shown (the card is for the whole room)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.text import Lang
from roleplay.i18n.lang import is_zh
from roleplay.tui.labels import ui
from roleplay.tui.wrap import Wrapped

_SCORE = {-2: ("✘✘", "red"), -1: ("✘", "red"), 0: ("·", "dim"), 1: ("✔", "green"), 2: ("✔✔", "green")}


def card_view(
    p: Persona, rubric: Rubric, instruments: list[str], lang: Lang, other: Lang | None = None
) -> RenderableType:
    """The card as one Rich renderable (public fields only); the name also in ``other``
    (English beside Chinese, zh-Hant beside English unless given)."""
    other = other or ("en" if is_zh(lang) else "zh-Hant")
    parts: list[RenderableType] = [
        RichText(p.name.in_(lang), style=f"bold {p.color}") + RichText(f"  {p.name.in_(other)}", style="dim"),
        RichText(""),
        RichText(ui(lang, "card.role"), style="bold"),
        Wrapped(p.role.in_(lang)),
        RichText(""),
        RichText(ui(lang, "card.goals"), style="bold"),
        *[Wrapped(f"• {g.in_(lang)}") for g in p.goals],
    ]
    if p.red_lines:
        parts += [
            RichText(""),
            RichText(ui(lang, "card.red_lines"), style="bold red"),
            *[Wrapped(f"⛔ {r.text.in_(lang)}") for r in p.red_lines],
        ]
    t = RichTable.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")
    for iid in instruments:
        st = p.stances.get(iid)
        if st is None:
            continue
        try:
            name = rubric.instrument(iid).name.in_(lang)
        except KeyError:
            name = iid
        sym, col = _SCORE[st.score]
        t.add_row(
            RichText(sym.ljust(2), style=col),
            Wrapped(RichText(name, style="bold") + RichText(f" — {st.reason.in_(lang)}")),
        )
    parts += [RichText(""), RichText(ui(lang, "card.stances"), style="bold"), t]
    return Group(*parts)


class PersonaCardScreen(ModalScreen[None]):
    """Shows :func:`card_view`; Escape, Enter or q closes it."""

    DEFAULT_CSS = """
    PersonaCardScreen { align: center middle; }
    PersonaCardScreen > VerticalScroll { width: 90; max-width: 96%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "close", show=False)]

    def __init__(
        self, persona: Persona, rubric: Rubric, instruments: list[str], lang: Lang, other: Lang | None = None
    ):
        super().__init__()
        self.persona, self.rubric, self.instruments, self.lang = persona, rubric, instruments, lang
        self.other = other

    def compose(self) -> ComposeResult:
        """Build the widget tree (Textual hook)."""
        with VerticalScroll():
            yield Static(
                card_view(self.persona, self.rubric, self.instruments, self.lang, self.other), id="card"
            )

    def action_close(self) -> None:
        """Close the card."""
        self.dismiss(None)
