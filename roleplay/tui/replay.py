"""Replay mode: step and scroll through a saved run, the scoreboard as it stood at each point.

The run is cut into *stops*, the events that make a transcript block (round openings,
turns, moderator notes, the ending). The cursor counts the stops shown. Events are parsed
on demand (:class:`~.run_index.RunIndex`) and the transcript mounts at most
``ReplayApp.WINDOW`` blocks ending at the cursor, so a 1,000-turn run opens as fast as a
short one; the board is folded from the events up to the cursor.
"""

from __future__ import annotations

from pathlib import Path

from roleplay.errors import InputError, TranscriptError
from roleplay.formats.text import Lang, check_lang
from roleplay.runs.transcript import Run
from roleplay.tui.app import SCROLL_BINDINGS, DebateApp, bindings
from roleplay.tui.board import Board
from roleplay.tui.labels import REPLAY_KEYS, ui
from roleplay.tui.run_index import RunIndex

STOP_TYPES = {"round_started", "turn_completed", "moderator_spoke", "debate_ended"}


class ReplayApp(DebateApp):
    """Browse a saved run (see module docstring)."""

    KEYS = REPLAY_KEYS
    BINDINGS = bindings(REPLAY_KEYS) + SCROLL_BINDINGS
    WINDOW = 30

    def __init__(
        self,
        index: RunIndex,
        folder: Path | None = None,
        *,
        lang: Lang | None = None,
        theme: str = "dark",
        at_end: bool = False,
    ):
        super().__init__(lang=lang or index.started.lang, theme=theme, folder=folder)
        self.index = index
        self.started = index.started
        self.stops = [i for i, t in enumerate(index.types) if t in STOP_TYPES]
        self.total_rounds = index.types.count("round_started")
        self.cursor = 0
        self._folded = 0
        self._start_at_end = at_end

    def on_mount(self) -> None:
        """Set up state once the widget is mounted (Textual hook)."""
        self.board = Board(self.started, self.total_rounds)
        self.transcript.max_blocks = self.WINDOW
        self.transcript.begin(self.started, self.lang)
        self.on_lang_changed()
        self.goto(len(self.stops) if self._start_at_end else 1)

    def on_lang_changed(self) -> None:
        """Re-label everything after the interface language changed."""
        name = self.folder.name if self.folder else self.started.run_id
        self.set_titles(f"{ui(self.lang, 'mode.replay')} · {name}")

    def current_run(self) -> Run:
        """The run as it stands at the replay cursor."""
        return self.index.run()

    def state_word(self) -> str:
        """The run state shown in the side panel (running, paused, ended...), in the UI language."""
        return ui(self.lang, "replay", i=self.cursor, n=len(self.stops))

    def goto(self, n: int) -> None:
        """Show the first ``n`` stops (clamped to 1..len); the board as it stood after the last.
        A bad line in the run is reported, and the cursor stays where it was."""
        try:
            self._goto(n)
        except TranscriptError as e:
            self.notify(
                str(e), title=ui(self.lang, "error_title"), severity="error", timeout=30, markup=False
            )

    def _goto(self, n: int) -> None:
        n = max(min(n, len(self.stops)), 1 if self.stops else 0)
        if n == self.cursor:
            return
        if n < self.cursor:
            self.board, self._folded = Board(self.started, self.total_rounds), 0
        end = self.stops[n - 1] + 1 if n else 1
        for e in self.index.events(max(self._folded, 1), end):
            self.board.apply(e)
        self._folded = end
        t = self.transcript
        if n == self.cursor + 1:
            t.show(self.index.event(self.stops[n - 1]), votes=self.board.votes)
        elif n == self.cursor - 1 and len(t.blocks()) > 1:
            t.pop()
        else:
            lo = max(0, n - self.WINDOW)
            t.begin(self.started, self.lang, hidden=lo)
            for i in self.stops[lo:n]:
                t.show(self.index.event(i), votes=self.board.votes)
        self.cursor = n
        self.refresh_side()

    def action_forward(self, _lang: str = "") -> None:
        """Show the next item."""
        self.goto(self.cursor + 1)

    def action_back(self, _lang: str = "") -> None:
        """Go back one item."""
        self.goto(self.cursor - 1)

    def action_to_start(self, _lang: str = "") -> None:
        """Go to the first item."""
        self.goto(1)

    def action_to_end(self, _lang: str = "") -> None:
        """Go to the last item."""
        self.goto(len(self.stops))


def replay_app(
    run: Run | RunIndex,
    folder: Path | None = None,
    *,
    lang: Lang | None = None,
    theme: str = "dark",
    at_end: bool = False,
) -> ReplayApp:
    """Build the replay app for a run: a :class:`RunIndex` (``RunIndex.open(folder)``, fast)
    or a loaded :class:`~roleplay.runs.transcript.Run`.

    Raises:
        InputError: ``theme`` or ``lang`` is unknown.
    """
    if theme not in ("dark", "light"):
        raise InputError("error-theme", theme=theme)
    check_lang(lang)
    index = run if isinstance(run, RunIndex) else RunIndex.from_run(run)
    return ReplayApp(index, folder, lang=lang, theme=theme, at_end=at_end)
