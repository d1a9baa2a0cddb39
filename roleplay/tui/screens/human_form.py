"""The human seat's form: a speech, an optional proposal and stances on the table.

It dismisses with a :class:`~roleplay.debate.move.Move`, or None when the person passes. The
engine still applies the phase rules (roleplay.debate.table.admit_move) to what is submitted.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static, TextArea

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import Move, PackageItem, Proposal, Stance
from roleplay.formats.text import Lang
from roleplay.tui.labels import report, ui
from roleplay.tui.render import phase_label


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


class HumanTurnScreen(ModalScreen[Move | None]):
    """Ask a person for one turn of ``request.persona`` (Ctrl+S submits)."""

    DEFAULT_CSS = """
    HumanTurnScreen { align: center middle; background: $background; }
    HumanTurnScreen #form { width: 100; max-width: 100%; height: 1fr; border: thick $accent;
        background: $surface; padding: 0 1; }
    HumanTurnScreen #fields { height: 1fr; }
    HumanTurnScreen .title { text-style: bold; }
    HumanTurnScreen .section { text-style: bold; margin: 1 0 0 0; color: $text-accent; }
    HumanTurnScreen .question { color: $text-muted; }
    HumanTurnScreen #speech { height: 5; }
    HumanTurnScreen SelectionList { height: auto; max-height: 7; }
    HumanTurnScreen .stance { height: auto; }
    HumanTurnScreen .stance Label { width: 1fr; padding: 1 0 0 0; }
    HumanTurnScreen .stance Select { width: 20; }
    HumanTurnScreen .stance Input { width: 2fr; }
    HumanTurnScreen #error { color: $error; height: auto; }
    HumanTurnScreen #buttons { height: auto; align: right middle; }
    HumanTurnScreen Button { margin: 0 0 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "submit", "Submit / 提交", priority=True)]
    AUTO_FOCUS = "#speech"

    def __init__(self, request: TurnRequest, lang: Lang):
        super().__init__()
        self.req, self.lang = request, lang
        self.can_propose = request.round_spec.phase in ("proposal", "negotiation")
        self.can_stance = request.round_spec.phase != "opening" and bool(request.table)

    def compose(self) -> ComposeResult:
        """Build the widget tree (Textual hook)."""
        req, lang = self.req, self.lang
        with Vertical(id="form"):
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
            yield Static(req.scenario.question.in_(lang), classes="question")
            with VerticalScroll(id="fields"):
                yield from self._fields()
            with Horizontal(id="buttons"):
                yield Button(ui(lang, "human.pass"), id="pass")
                yield Button(ui(lang, "human.submit"), id="submit", variant="primary")
        yield Footer()

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
        return [(ui(self.lang, "human.no_stance"), "")] + [(report(self.lang, k), k) for k in kinds]

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
            items.append((name if v is None else f"{name} ({v:g})", iid))
        yield SelectionList[str](*items, id="items")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Handle the dialog's buttons (Textual hook)."""
        if event.button.id == "pass":
            self.dismiss(None)
        else:
            self.action_submit()

    @property
    def ready(self) -> bool:
        """True once the form is mounted and has placed the focus (a test waits for this)."""
        return self.is_mounted and self.focused is not None

    def action_submit(self) -> None:
        """Check the form and dismiss with the Move, or show what is missing."""
        move, problem = self.build_move()
        if move is None:
            error = self.query_one("#error", Static)
            error.update(problem)
            error.scroll_visible()
            self.notify(problem, severity="warning", timeout=4)
            return
        self.dismiss(move)

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
