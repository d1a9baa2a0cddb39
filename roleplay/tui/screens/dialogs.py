"""Small modal dialogs. Each dismisses with its answer, or None when cancelled (Escape)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from roleplay.formats.persona import Persona
from roleplay.formats.text import Lang
from roleplay.i18n.lang import is_zh
from roleplay.tui.labels import ui

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 70; max-width: 96%; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 0 1; }}
{name} Label.title {{ text-style: bold; margin: 0 0 1 0; }}
{name} Horizontal {{ height: auto; align: right middle; margin: 1 0 0 0; }}
{name} Button {{ margin: 0 0 0 1; min-width: 10; }}
"""


class _TextDialog(ModalScreen[str | None]):
    """A title, one Input, OK and Cancel. Enter submits; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, lang: Lang, title: str, value: str = "", placeholder: str = ""):
        super().__init__()
        self.lang, self.title_text, self.value, self.placeholder = lang, title, value, placeholder

    def compose(self) -> ComposeResult:
        """Build the widget tree (Textual hook)."""
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Input(self.value, placeholder=self.placeholder, id="text")
            with Horizontal():
                yield Button(ui(self.lang, "cancel"), id="cancel")
                yield Button(ui(self.lang, "ok"), id="ok", variant="primary")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Submit the dialog when Enter is pressed in its input."""
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Handle the dialog's buttons (Textual hook)."""
        self._submit() if event.button.id == "ok" else self.dismiss(None)

    def _submit(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        """Close the dialog without a result."""
        self.dismiss(None)


class InjectScreen(_TextDialog):
    """Ask for a facilitator message."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="InjectScreen")

    def __init__(self, lang: Lang):
        super().__init__(lang, ui(lang, "inject.title"), placeholder=ui(lang, "inject.placeholder"))


class ExportScreen(_TextDialog):
    """Ask where to write the Markdown transcript (prefilled with a default path)."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="ExportScreen")

    def __init__(self, lang: Lang, default: str):
        super().__init__(lang, ui(lang, "export.title"), value=default)


class PickPersonaScreen(ModalScreen[str | None]):
    """Pick one persona from a list (Enter or a click); Escape cancels."""

    DEFAULT_CSS = (
        _DIALOG_CSS.format(name="PickPersonaScreen")
        + """
    PickPersonaScreen OptionList { height: auto; max-height: 12; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, lang: Lang, title: str, personas: list[Persona], other: Lang | None = None):
        """``other``: the language each name is also given in (English beside Chinese; beside
        English, zh-Hant unless given)."""
        super().__init__()
        self.lang, self.title_text, self.personas = lang, title, personas
        self.other: Lang = other or ("en" if is_zh(lang) else "zh-Hant")

    def compose(self) -> ComposeResult:
        """Build the widget tree (Textual hook)."""
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield OptionList(
                *[
                    Option(
                        ui(
                            self.lang,
                            "pick_item",
                            n=n,
                            name=p.name.in_(self.lang),
                            other=p.name.in_(self.other),
                        ),
                        id=p.id,
                    )
                    for n, p in enumerate(self.personas, 1)
                ]
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen option and close."""
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        """Close on Escape; let other keys through."""
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.personas):
            event.stop()
            self.dismiss(self.personas[int(event.character) - 1].id)

    def action_cancel(self) -> None:
        """Close the dialog without a result."""
        self.dismiss(None)
