"""The human seat's form: a briefing (the table in full, open issues, what was said since the
seat's last turn) above a speech, an optional proposal and stances on the table.

It sits beside the live transcript, not over it (issue #12), and answers through ``on_done``
with a :class:`~roleplay.debate.move.Move`, or None when the person passes. Escape hides it (the
seat keeps waiting; the app's ``h`` key brings it back). The engine still applies the phase
rules (roleplay.debate.table.admit_move) to what is submitted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import Move, PackageItem, Proposal, Stance
from roleplay.formats.text import Lang
from roleplay.i18n.lang import LANGS
from roleplay.tui.labels import key_label, position, ui
from roleplay.tui.render import phase_label, setting_text


def default_value(req: TurnRequest, iid: str) -> float | None:
    """The value a new package item starts at: the persona's preferred, else the parameter default."""
    st = req.persona.stances.get(iid)
    if st is not None and st.preferred is not None:
        return st.preferred
    try:
        par = req.rubric.instrument(iid).parameter
    except KeyError:
        return None
    return par.default if par else None


Answer = Callable[[Move | None], None]


class HumanForm(Vertical):
    """Ask a person for one turn of ``request.persona`` (Ctrl+S submits, Escape hides).

    ``briefing`` is what the seat reads first (roleplay.tui.briefing); ``on_done`` receives the
    Move, or None for a pass, exactly once.
    """

    DEFAULT_CSS = """
    HumanForm { width: 1fr; height: 1fr; border-left: thick $accent; background: $surface;
        padding: 0 1; }
    HumanForm #briefing { height: 1fr; border-bottom: hkey $panel; scrollbar-gutter: stable; }
    HumanForm #briefing > Static { height: auto; width: 1fr; }
    HumanForm #fields { height: 1fr; }
    HumanForm Label { width: 1fr; }
    HumanForm .title { text-style: bold; }
    HumanForm .section { text-style: bold; margin: 1 0 0 0; color: $text-accent; }
    HumanForm .question { color: $text-muted; }
    HumanForm #speech { height: 5; }
    HumanForm SelectionList { height: auto; max-height: 7; }
    HumanForm .stance { height: auto; }
    HumanForm .stance Label { width: 1fr; padding: 1 0 0 0; }
    HumanForm SelectionList, HumanForm Select, HumanForm Input { width: 1fr; }
    HumanForm .stance Select { width: 20; }
    HumanForm .stance Input { width: 2fr; }
    HumanForm #error { color: $error; height: auto; }
    HumanForm #buttons { height: auto; align: right middle; }
    HumanForm Button { margin: 0 0 0 1; min-width: 4; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        b
        for lang in LANGS
        for b in (
            Binding("ctrl+s", f"submit('{lang}')", key_label(lang, "submit"), priority=True),
            Binding("escape", f"hide('{lang}')", key_label(lang, "hide")),
        )
    ]

    def __init__(self, request: TurnRequest, lang: Lang, briefing: RenderableType, on_done: Answer):
        super().__init__(id="human-form")
        self.req, self.lang, self.brief, self.on_done = request, lang, briefing, on_done
        self.can_propose = request.round_spec.phase in ("proposal", "negotiation")
        self.can_stance = request.round_spec.phase != "opening" and bool(request.table)
        self.answered = False
        self._ready = False

    def compose(self) -> ComposeResult:
        """Build the widget tree (Textual hook)."""
        req, lang = self.req, self.lang
        yield Label(
            ui(
                lang,
                "human.title",
                name=req.persona.name.in_(lang),
                n=req.round,
                phase=phase_label(lang, req.round_spec.phase),
            ),
            classes="title",
        )
        with VerticalScroll(id="briefing"):
            yield Static(self.brief, id="briefing-text")
            yield Static(req.scenario.question.in_(lang), classes="question")
        with VerticalScroll(id="fields"):
            yield from self._fields()
        with Horizontal(id="buttons"):
            yield Button(ui(lang, "human.hide"), id="hide", compact=True)
            yield Button(ui(lang, "human.pass"), id="pass", compact=True)
            yield Button(ui(lang, "human.submit"), id="submit", variant="primary", compact=True)

    def on_mount(self) -> None:
        """Put the cursor in the speech box (Textual hook)."""
        self.focus_speech()

    def focus_speech(self) -> None:
        """Focus the speech box; the form is ``ready`` once that has happened."""
        self.query_one("#speech", TextArea).focus()

        def done() -> None:
            self._ready = True

        self.call_after_refresh(done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep the key bindings of the form's language (one copy per language)."""
        if parameters and parameters[0] in LANGS:
            return parameters[0] == self.lang
        return True

    def action_hide(self, _lang: str = "") -> None:
        """Hide the form (the seat keeps waiting; the app's ``h`` key recalls it)."""
        self.display = False
        self.app.refresh_bindings()
        self.notify(ui(self.lang, "human.hidden"), timeout=4)

    def _finish(self, move: Move | None) -> None:
        if not self.answered:
            self.answered = True
            self.on_done(move)

    def _fields(self) -> ComposeResult:
        req, lang = self.req, self.lang
        yield Label(ui(lang, "human.speech"), classes="section")
        yield TextArea(id="speech", soft_wrap=True)
        if self.can_propose:
            yield from self._proposal_fields()
        if req.round_spec.phase != "opening":
            yield Label(ui(lang, "human.stances"), classes="section")
            if not req.table:
                yield Static(ui(lang, "human.table_empty"), classes="question")
            for p in req.table:
                with Horizontal(classes="stance"):
                    yield Label(f"{p.id} v{p.version} {p.title}")
                    yield Select(self._positions(), value="", allow_blank=False, id=f"stance-{p.id}")
                    yield Input(placeholder=ui(lang, "human.reason"), id=f"reason-{p.id}")
        yield Static("", id="error")

    def _positions(self) -> list[tuple[str, str]]:
        kinds = ["support", "oppose"] + ([] if self.req.round_spec.phase == "vote" else ["amend"])
        return [(ui(self.lang, "human.no_stance"), "")] + [(position(self.lang, k), k) for k in kinds]

    def _proposal_fields(self) -> ComposeResult:
        req, lang = self.req, self.lang
        yield Label(ui(lang, "human.proposal"), classes="section")
        own = [p for p in req.table if p.author == req.persona.id]
        yield Select(
            [(ui(lang, "human.new"), "")]
            + [(f"{ui(lang, 'human.revise')} {p.id} {p.title}", p.id) for p in own],
            value="",
            allow_blank=False,
            id="revise",
        )
        yield Input(placeholder=ui(lang, "human.proposal_title"), id="ptitle")
        items = []
        for iid in req.scenario.focus_instruments:
            try:
                name = req.rubric.instrument(iid).name.in_(lang)
            except KeyError:
                continue
            v = default_value(req, iid)
            items.append((name if v is None else f"{name} ({setting_text(req.rubric, iid, v, lang)})", iid))
        yield SelectionList[str](*items, id="items")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Handle the form's buttons (Textual hook)."""
        event.stop()
        if event.button.id == "pass":
            self._finish(None)
        elif event.button.id == "hide":
            self.action_hide()
        else:
            self.action_submit()

    @property
    def ready(self) -> bool:
        """True once the form is mounted and has placed the focus (a test waits for this)."""
        return self.is_mounted and self._ready

    def action_submit(self, _lang: str = "") -> None:
        """Check the form and dismiss with the Move, or show what is missing."""
        move, problem = self.build_move()
        if move is None:
            error = self.query_one("#error", Static)
            error.update(problem)
            error.scroll_visible()
            self.notify(problem, severity="warning", timeout=4)
            return
        self._finish(move)

    def build_move(self) -> tuple[Move | None, str]:
        """(the Move, "") from the form, or (None, what is missing)."""
        speech = self.query_one("#speech", TextArea).text.strip()
        if not speech:
            return None, ui(self.lang, "human.need_speech")
        proposal = None
        if self.can_propose:
            title = self.query_one("#ptitle", Input).value.strip()
            chosen = list(self.query_one("#items", SelectionList).selected)
            if title or chosen:
                if not (title and chosen):
                    return None, ui(self.lang, "human.need_items")
                revise = self.query_one("#revise", Select).value
                proposal = Proposal(
                    id=revise or "",
                    title=title,
                    items=[PackageItem(instrument=i, value=default_value(self.req, i)) for i in chosen],
                )
        stances = []
        for p in self.req.table if self.req.round_spec.phase != "opening" else []:
            pos = self.query_one(f"#stance-{p.id}", Select).value
            if pos:
                reason = self.query_one(f"#reason-{p.id}", Input).value.strip() or ui(
                    self.lang, "human.no_reason"
                )
                stances.append(Stance(proposal=p.id, position=pos, reason=reason))
        if self.req.round_spec.phase == "vote" and self.req.persona.id in self.req.scenario.voter_ids():
            missing = [p.id for p in self.req.table if p.id not in {s.proposal for s in stances}]
            if missing:
                return None, ui(self.lang, "need_votes", ids=", ".join(missing))
        return Move(speech=speech, proposal=proposal, stances=stances), ""
