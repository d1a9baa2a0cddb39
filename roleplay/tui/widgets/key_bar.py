"""The key bar at the bottom of the screen: every shown key binding with its label, on as
many lines as the width needs (Textual's ``Footer`` is one line and drops what does not
fit: at 80 columns the zh footer lost ``q 退出``). Widths are in terminal cells
(``rich.cells.cell_len``); a key and its label are never split across lines. A click on
an item presses its key, as the footer did."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

from roleplay.tui.labels import key_label

Item = tuple[str, str, str]
"""(key to press, key as shown, label)."""


def pack(widths: list[int], width: int, gap: int = 1) -> list[list[int]]:
    """Indexes of ``widths`` laid out greedily on lines ``width`` cells wide with ``gap``
    cells between neighbours; an item wider than a line gets a line of its own."""
    lines: list[list[int]] = []
    used = 0
    for i, w in enumerate(widths):
        if lines and used + gap + w <= width:
            lines[-1].append(i)
            used += gap + w
        else:
            lines.append([i])
            used = w
    return lines


class KeyBar(Widget, can_focus=False):
    """Shows the screen's active bindings (those with ``show=True``, one per action) and the
    command palette's key, wrapped to the width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--label"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; background: $panel; color: $footer-foreground; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    KeyBar > .key-bar--label { color: $footer-description-foreground; }
    """
    GAP = 0

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._spots: list[tuple[int, int, int, str]] = []

    def on_mount(self) -> None:
        """Follow the screen's bindings (Textual hook)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop following the bindings (Textual hook)."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh(layout=True)

    def items(self) -> list[Item]:
        """The bindings to show, in binding order, then the command palette's key."""
        out: list[Item] = []
        seen: set[str] = set()
        active = self.screen.active_bindings
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, (_node, binding, enabled, _tip) in active.items():
            if not binding.show or not enabled or binding.action in seen or key == palette:
                continue
            seen.add(binding.action)
            out.append((binding.key, self.app.get_key_display(binding), binding.description))
        if self.app.ENABLE_COMMAND_PALETTE and palette in active:
            binding = active[palette][1]
            lang = getattr(self.app, "lang", "en")
            out.append((binding.key, self.app.get_key_display(binding), key_label(lang, "command_palette")))
        return out

    @staticmethod
    def _width(item: Item) -> int:
        _key, shown, label = item
        return cell_len(f" {shown} {label} ")

    def _lines(self, width: int) -> tuple[list[Item], list[list[int]]]:
        items = self.items()
        return items, pack([self._width(i) for i in items], max(width, 1), self.GAP)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the items need at ``width`` (Textual hook)."""
        return max(1, len(self._lines(width)[1]))

    def render(self) -> Text:
        """The items, line by line (Textual hook)."""
        key_style = self.get_component_rich_style("key-bar--key")
        label_style = self.get_component_rich_style("key-bar--label")
        items, lines = self._lines(self.size.width)
        text = Text(no_wrap=True, overflow="fold")
        self._spots = []
        for y, line in enumerate(lines):
            if y:
                text.append("\n")
            x = 0
            for n, i in enumerate(line):
                key, shown, label = items[i]
                if n:
                    text.append(" " * self.GAP)
                    x += self.GAP
                w = self._width(items[i])
                text.append(f" {shown} ", key_style)
                text.append(f"{label} ", label_style)
                self._spots.append((y, x, x + w, key))
                x += w
        return text

    def on_resize(self, event: events.Resize) -> None:
        """Keep toasts above the bar, whatever its height (Textual's rack leaves one line)."""
        for rack in self.screen.query(ToastRack):
            rack.styles.margin = (0, 0, event.size.height, 0)

    def on_click(self, event: events.Click) -> None:
        """Press the key of the item clicked."""
        for y, x0, x1, key in self._spots:
            if event.y == y and x0 <= event.x < x1:
                self.app.simulate_key(key)
                return
