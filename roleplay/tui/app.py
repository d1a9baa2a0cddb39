"""The debate app shared by live and replay mode: layout, language, theme, save, export,
persona cards and the command palette. :mod:`.live` and :mod:`.replay` add the rest.

Key bindings come in a Chinese and an English copy; :meth:`DebateApp.check_action` hides the
copy that is not in the UI language, so the footer speaks the language the room reads.
Action methods take that language as an ignored ``_lang`` argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header

from roleplay.debate.backend import TurnRequest
from roleplay.debate.events import DebateStarted, Event
from roleplay.debate.move import Move
from roleplay.errors import RoleplayError
from roleplay.formats.text import Lang
from roleplay.i18n.lang import LANGS
from roleplay.runs.report import markdown, write_markdown
from roleplay.runs.transcript import Run, write_scorecard
from roleplay.tui.board import Board
from roleplay.tui.briefing import briefing
from roleplay.tui.compositor import install as install_cell_safe_compositor
from roleplay.tui.labels import KeyRow, key_help, key_label, ui
from roleplay.tui.render import other_lang
from roleplay.tui.screens import ExportScreen, PersonaCardScreen, PickPersonaScreen
from roleplay.tui.themes import DARK, LIGHT, THEMES
from roleplay.tui.widgets import HumanForm, KeyBar, SidePanel, Transcript
from roleplay.tui.widgets.human_form import Answer

Keys = list[KeyRow]


def bindings(keys: Keys) -> list[Binding]:
    """One Binding per language for every (key, action, show) row, labelled from the
    catalogue (``tui-key-<action>``); :meth:`DebateApp.check_action` keeps the UI language's."""
    return [
        Binding(key, f"{action}('{lang}')", key_label(lang, action), show=show)
        for key, action, show in keys
        for lang in LANGS
    ]


SCROLL_BINDINGS = [
    Binding("pageup", "page('up')", show=False),
    Binding("pagedown", "page('down')", show=False),
    Binding("up", "line('up')", show=False),
    Binding("down", "line('down')", show=False),
]


class DebateApp(App[None]):
    """Base app: header, transcript, side panel, footer. Subclasses set ``KEYS`` and
    ``BINDINGS = bindings(KEYS) + SCROLL_BINDINGS``."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses elsewhere keep it
    KEYS: ClassVar[Keys] = []
    # Below 64 columns the side panel goes under the transcript (see app.tcss).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"),
        (64, "-normal"),
        (120, "-wide"),
    ]

    def __init__(self, *, lang: Lang, theme: str = "dark", folder: Path | None = None):
        install_cell_safe_compositor()
        super().__init__()
        self.lang: Lang = lang
        self.folder = folder
        self.error: str | None = None
        """An error that ended the app (printed by ``roleplay tui`` on exit), or None."""
        self.started: DebateStarted | None = None
        self.board: Board | None = None
        self.events: list[Event] = []
        self._side_due = False
        for t in THEMES.values():
            self.register_theme(t)
        self.theme = THEMES[theme].name

    def compose(self) -> ComposeResult:
        """Build the widget tree (Textual hook)."""
        yield Header(show_clock=False, icon="⚖")
        with self.body:
            yield self.transcript
            yield self.side
        yield KeyBar()

    @cached_property
    def transcript(self) -> Transcript:
        """The transcript widget (kept by reference: ``query_one`` searches only the screen
        on top, which is a dialog while one is open)."""
        return Transcript(id="transcript")

    @cached_property
    def side(self) -> SidePanel:
        """The side panel widget (kept by reference, like ``transcript``)."""
        return SidePanel(id="side")

    # -- the human seat's form -------------------------------------------------------------

    @cached_property
    def body(self) -> Horizontal:
        """The row holding the transcript, the human form (when open) and the side panel."""
        return Horizontal(id="body")

    @property
    def human_form(self) -> HumanForm | None:
        """The human seat's form while one is open (shown or hidden), else None."""
        forms = list(self.body.query(HumanForm)) if self.body.is_mounted else []
        return next((f for f in forms if not f.answered), None)

    def open_human_form(self, request: TurnRequest, answer: Answer) -> HumanForm:
        """Mount the form for ``request`` beside the transcript (the side panel makes room)
        with its briefing; ``answer`` gets the Move or None once, after the form is removed."""

        def done(move: Move | None) -> None:
            self.close_human_form()
            answer(move)

        started = self.started
        brief = briefing(started, request, self.events, self.lang) if started is not None else ""
        form = HumanForm(request, self.lang, brief, done)
        body = self.body
        body.add_class("-form-open")
        body.mount(form, after=self.transcript)
        self.transcript.scroll_end(animate=False)
        return form

    def close_human_form(self) -> None:
        """Take the form away (after an answer, or when the turn was cut short)."""
        body = self.body
        for f in list(body.query(HumanForm)):
            f.answered = True
            f.remove()
        body.remove_class("-form-open")

    def action_recall_form(self, _lang: str = "") -> None:
        """Show the hidden human form again and put the cursor in its speech box."""
        form = self.human_form
        if form is None:
            self.notify(ui(self.lang, "human.no_form"), timeout=3)
            return
        form.display = True
        form.focus_speech()

    def state_word(self) -> str:
        """The run-state word for the side panel (subclasses say more)."""
        return ui(self.lang, self.board.status) if self.board and self.board.status else ""

    SIDE_REFRESH_S = 0.1

    def refresh_side(self) -> None:
        """Redraw the side panel from the board, at most every ``SIDE_REFRESH_S`` seconds
        (a burst of events costs one redraw and one layout, not one each)."""
        if not self._side_due:
            self._side_due = True
            self.set_timer(self.SIDE_REFRESH_S, self.refresh_side_now)

    @property
    def side_settled(self) -> bool:
        """True when no side-panel redraw is pending (tests wait for this)."""
        return not self._side_due

    def refresh_side_now(self) -> None:
        """Redraw the side panel at once."""
        self._side_due = False
        if self.side.is_mounted:
            self.side.show(self.board, self.lang, self.state_word())

    def set_titles(self, mode: str) -> None:
        """Header: the scenario title; sub-title: ``mode``."""
        if self.started is not None:
            self.title = self.started.scenario.title.in_(self.lang)
        self.sub_title = mode

    # -- bindings and command palette ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the binding copy that is not in the UI language."""
        if parameters and parameters[0] in LANGS:
            return parameters[0] == self.lang
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key-table action, titled in the UI language, then Textual's own commands."""
        for key, action, _show in self.KEYS:
            if action == "quit":
                continue
            title = ui(self.lang, "command_title", label=key_label(self.lang, action), key=key)
            yield SystemCommand(title, key_help(self.lang, action), getattr(self, f"action_{action}"))
        yield from super().get_system_commands(screen)

    # -- shared actions --------------------------------------------------------------------

    def action_page(self, direction: str) -> None:
        """Scroll the transcript a page up or down."""
        self.transcript.scroll_page_up() if direction == "up" else self.transcript.scroll_page_down()

    def action_line(self, direction: str) -> None:
        """Scroll the transcript a line up or down."""
        self.transcript.scroll_up() if direction == "up" else self.transcript.scroll_down()

    def action_switch_lang(self, _lang: str = "") -> None:
        """Switch the UI language between English and Chinese (the script the session was
        in, zh-Hant unless it started in zh-Hans): labels, names, rubric terms; speeches stay
        as spoken."""
        if self.lang != "en":
            self.chinese = self.lang
        self.lang = "en" if self.lang != "en" else getattr(self, "chinese", "zh-Hant")
        self.transcript.relabel(self.lang)
        self.refresh_side()
        self.on_lang_changed()
        self.refresh_bindings()
        self.notify(ui(self.lang, "lang_now", lang=self.lang), timeout=2)

    def on_lang_changed(self) -> None:
        """Hook for subclasses (titles)."""

    def action_toggle_theme(self, _lang: str = "") -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT.name if self.theme == DARK.name else DARK.name

    def action_card(self, _lang: str = "") -> None:
        """Pick a persona, then show its card."""
        if self.started is None:
            return
        started = self.started

        def show(pid: str | None) -> None:
            """Show a short message to the user (toast)."""
            p = next((x for x in started.personas if x.id == pid), None)
            if p is not None:
                self.push_screen(
                    PersonaCardScreen(
                        p,
                        started.rubric,
                        started.scenario.focus_instruments,
                        self.lang,
                        other_lang(started, self.lang),
                    )
                )

        pick = PickPersonaScreen(
            self.lang, ui(self.lang, "pick.card"), started.personas, other_lang(started, self.lang)
        )
        self.push_screen(pick, show)

    def current_run(self) -> Run | None:
        """The events so far as a Run (None before the debate starts)."""
        return Run.from_events(self.events) if self.events else None

    def action_save(self, _lang: str = "") -> None:
        """Write ``transcript.md`` (and ``scorecard.json`` once scored) into the run folder."""
        run = self.current_run()
        if run is None or self.folder is None:
            self.notify(ui(self.lang, "no_run"), severity="warning")
            return
        try:
            path = write_markdown(self.folder, run)
            if run.ended is not None:
                write_scorecard(self.folder, run)
        except (OSError, RoleplayError) as e:
            self.notify(str(e), severity="error")
            return
        self.notify(ui(self.lang, "saved", path=path))

    def action_export(self, _lang: str = "") -> None:
        """Ask for a path, then write the Markdown transcript there."""
        run = self.current_run()
        if run is None:
            self.notify(ui(self.lang, "no_run"), severity="warning")
            return
        default = Path.cwd() / f"{self.folder.name if self.folder else run.started.run_id}.md"

        def write(path: str | None) -> None:
            """Write the Markdown transcript to ``path`` (into it, if it is a folder), never
            over an existing file (a numbered name is used instead), and say where."""
            if not path:
                return
            target = Path(path).expanduser()
            if target.is_dir():
                target = target / default.name
            stem, n = target.with_suffix(""), 1
            while target.exists():
                target = stem.with_name(f"{stem.name}-{n}").with_suffix(".md")
                n += 1
            try:
                target.write_text(markdown(run), encoding="utf-8")
            except (OSError, RoleplayError) as e:
                why = getattr(e, "strerror", None) or str(e)
                self.notify(f"{target}: {why}", severity="error")
                return
            self.notify(ui(self.lang, "exported", path=target))

        self.push_screen(ExportScreen(self.lang, str(default)), write)
