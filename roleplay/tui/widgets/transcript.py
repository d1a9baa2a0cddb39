"""The live transcript: one block per turn, moderator note and ending.

Streamed speech is buffered and drawn at most ``TurnBlock.FLUSH_S`` apart, never once per
token. The transcript keeps at most ``Transcript.MAX_BLOCKS`` blocks mounted (older ones
stay in ``events.jsonl``; replay sets a smaller ``max_blocks``) and follows the newest block until the user scrolls up.
"""

from __future__ import annotations

import contextlib

from rich.console import Group, RenderableType
from textual.color import Color, ColorParseError
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from roleplay.debate.events import (
    DebateEnded,
    DebateStarted,
    Event,
    ModeratorSpoke,
    RoundStarted,
    TextDelta,
    TurnCompleted,
    TurnStarted,
)
from roleplay.debate.move import ModeratorNote, Position, Turn
from roleplay.formats.text import Lang
from roleplay.tui.labels import ui
from roleplay.tui.render import ended_view, note_view, persona_of, turn_body, turn_header


class TranscriptBlock(Static):
    """A transcript block that can redraw itself in another UI language."""

    DEFAULT_CSS = """
    TranscriptBlock { height: auto; margin: 0 0 1 0; padding: 0 1; min-width: 8; }
    """

    def __init__(self, started: DebateStarted, lang: Lang, **kw):
        super().__init__(**kw)
        self.started, self.lang = started, lang

    def view(self) -> RenderableType:  # pragma: no cover - overridden
        """A renderable of this block at the current width (cells)."""
        raise NotImplementedError

    def relabel(self, lang: Lang) -> None:
        """Redraw in ``lang``."""
        self.lang = lang
        self.update(self.view())

    def on_mount(self) -> None:
        """Set up state once the widget is mounted (Textual hook)."""
        self.update(self.view())


class TurnBlock(TranscriptBlock):
    """One persona turn: header (colour, name, round, phase), speech, proposal, stances."""

    DEFAULT_CSS = """
    TurnBlock { border-left: tall $secondary; }
    TurnBlock.-streaming { background: $boost; }
    """
    FLUSH_S = 1 / 15

    def __init__(self, started: DebateStarted, lang: Lang, turn_id: str, persona: str, rnd: int, phase: str):
        super().__init__(started, lang, classes="-streaming")
        self.turn_id, self.persona, self.rnd, self.phase = turn_id, persona, rnd, phase
        self.speech = ""
        self.turn: Turn | None = None
        self._pending: list[str] = []
        self._timer: Timer | None = None
        p = persona_of(started, persona)
        if p is not None:
            with contextlib.suppress(ColorParseError):  # an unknown colour: no coloured border
                self.styles.border_left = ("tall", Color.parse(p.color))

    @property
    def streaming(self) -> bool:
        """True until the turn is finished."""
        return self.turn is None

    def view(self) -> RenderableType:
        """A renderable of this block at the current width (cells)."""
        head = turn_header(self.started, self.persona, self.rnd, self.phase, self.lang)
        return Group(head, turn_body(self.started, self.lang, self.speech, self.turn, self.streaming))

    def append(self, text: str) -> None:
        """Buffer streamed text; it is drawn by the next flush (batched, not per token)."""
        self._pending.append(text)
        if self._timer is None:
            self._timer = self.set_timer(self.FLUSH_S, self.flush)

    def flush(self) -> None:
        """Draw the buffered text now."""
        self._timer = None
        if self._pending:
            self.speech += "".join(self._pending)
            self._pending.clear()
            self.update(self.view())

    def finish(self, turn: Turn) -> None:
        """Show the finished turn (its final speech wins over the streamed text)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.speech += "".join(self._pending)
        self._pending.clear()
        if turn.move is not None:
            self.speech = turn.move.speech
        self.turn = turn
        self.remove_class("-streaming")
        self.update(self.view())


class NoteBlock(TranscriptBlock):
    """A moderator announcement, summary or notice, or a facilitator message."""

    DEFAULT_CSS = """
    NoteBlock { border-left: tall $primary; color: $text-muted; }
    NoteBlock.-facilitator { border-left: tall $accent; color: $text; }
    """

    def __init__(self, started: DebateStarted, lang: Lang, note: ModeratorNote):
        super().__init__(started, lang, classes="-facilitator" if note.kind == "facilitator" else "")
        self.note = note

    def view(self) -> RenderableType:
        """A renderable of this block at the current width (cells)."""
        return note_view(self.note, self.lang)


class EndBlock(TranscriptBlock):
    """The ending: status, the vote grid and the final score."""

    DEFAULT_CSS = """
    EndBlock { border: round $success; }
    """

    def __init__(
        self, started: DebateStarted, lang: Lang, ended: DebateEnded, votes: dict[str, dict[str, Position]]
    ):
        super().__init__(started, lang)
        self.ended, self.votes = ended, votes

    def view(self) -> RenderableType:
        """A renderable of this block at the current width (cells)."""
        return ended_view(self.started, self.ended, self.votes, self.lang)


class Transcript(VerticalScroll):
    """The scrolling list of blocks. Feed it events with :meth:`show`."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 0 1 0 0; }
    Transcript #earlier { color: $text-muted; padding: 0 1; height: auto; }
    """
    MAX_BLOCKS = 400
    can_focus = False  # its keys (arrows, Home/End) belong to the app; the app scrolls it

    def __init__(self, **kw):
        super().__init__(**kw)
        self.started: DebateStarted | None = None
        self.lang: Lang = "en"
        self.hidden = 0
        self.max_blocks = self.MAX_BLOCKS
        self._blocks: list[TranscriptBlock] = []  # mounted blocks, oldest first (removal is async)
        self._turns: dict[str, TurnBlock] = {}

    def compose(self):
        """Build the widget tree (Textual hook)."""
        yield Static("", id="earlier")

    def on_mount(self) -> None:
        """Set up state once the widget is mounted (Textual hook)."""
        self.query_one("#earlier").display = False
        self.anchor()

    def begin(self, started: DebateStarted, lang: Lang, hidden: int = 0) -> None:
        """Start over for a debate (removes every block); ``hidden`` earlier items are not shown."""
        self.started, self.lang = started, lang
        self.remove_children(TranscriptBlock)
        self._blocks.clear()
        self._turns.clear()
        self.hidden = hidden
        self._show_hidden()

    def _show_hidden(self) -> None:
        marker = self.query_one("#earlier", Static)
        marker.display = self.hidden > 0
        if self.hidden:
            marker.update(ui(self.lang, "earlier", n=self.hidden))

    def blocks(self) -> list[TranscriptBlock]:
        """The blocks shown, oldest first."""
        return list(self._blocks)

    def current(self) -> TurnBlock | None:
        """The block of the turn under way, if any."""
        return next((b for b in reversed(list(self._turns.values())) if b.streaming), None)

    def show(self, e: Event, votes: dict[str, dict[str, Position]] | None = None) -> None:
        """Add or update blocks for one event (``votes`` feeds the ending's grid)."""
        if self.started is None:
            return
        if isinstance(e, TextDelta):
            block = self._turns.get(e.turn)
            if block is not None:
                block.append(e.text)
        elif isinstance(e, TurnStarted):
            self._add(TurnBlock(self.started, self.lang, e.turn, e.persona, e.round, e.phase))
        elif isinstance(e, TurnCompleted):
            block = self._turns.get(e.turn.id)
            if block is None:
                t = e.turn
                block = self._add(TurnBlock(self.started, self.lang, t.id, t.persona, t.round, t.phase))
            block.finish(e.turn)
        elif isinstance(e, (RoundStarted, ModeratorSpoke)):
            self._add(NoteBlock(self.started, self.lang, e.note))
        elif isinstance(e, DebateEnded):
            self._add(EndBlock(self.started, self.lang, e, dict(votes or {})))

    def _add(self, block: TranscriptBlock) -> TranscriptBlock:
        if isinstance(block, TurnBlock):
            self._turns[block.turn_id] = block
        self._blocks.append(block)
        self.mount(block)
        self._trim(self.max_blocks)
        return block

    def _trim(self, keep: int) -> None:
        extra = len(self._blocks) - keep
        if extra > 0:
            for b in self._blocks[:extra]:
                self._drop(b)
            del self._blocks[:extra]
            self.hidden += extra
            self._show_hidden()

    def _drop(self, b: TranscriptBlock) -> None:
        if isinstance(b, TurnBlock):
            self._turns.pop(b.turn_id, None)
        b.remove()

    def pop(self) -> None:
        """Remove the newest block (replay stepping back)."""
        if self._blocks:
            self._drop(self._blocks.pop())

    def relabel(self, lang: Lang) -> None:
        """Redraw every block in ``lang``."""
        self.lang = lang
        self._show_hidden()
        for b in self.blocks():
            b.relabel(lang)
