"""What a student at a human seat reads before answering (issue #12, "a student seat that reads
and then answers"): the proposals on the table in full (instruments, values with units, who
supports them), the issues still open, and everything said since that seat's last turn.

Pure functions over the TurnRequest and the events so far; Rich renderables, measured in cells
like the rest of :mod:`.render`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text as RichText

from roleplay.debate.backend import TurnRequest
from roleplay.debate.events import DebateStarted, Event, ModeratorSpoke, RoundStarted, TurnCompleted
from roleplay.debate.move import Proposal, Turn
from roleplay.formats.text import Lang
from roleplay.tui.labels import ui
from roleplay.tui.render import note_view, proposal_table, turn_body, turn_header
from roleplay.tui.wrap import Wrapped


def since_last_turn(events: list[Event], pid: str) -> list[Event]:
    """The round announcements, finished turns and moderator / facilitator notes after
    ``pid``'s last finished turn (all of them when it has not spoken yet), oldest first."""
    start = 0
    for k, e in enumerate(events):
        if isinstance(e, TurnCompleted) and e.turn.persona == pid:
            start = k + 1
    return [e for e in events[start:] if isinstance(e, (RoundStarted, TurnCompleted, ModeratorSpoke))]


def supporters(history: list[Turn], proposal: Proposal) -> list[str]:
    """Persona ids (in order of first support) whose latest stance on ``proposal`` is
    ``support``; its author counts as a supporter unless it later opposed it (the rule of
    roleplay.debate.moderator.issue_rows)."""
    latest: dict[str, str] = {proposal.author: "support"} if proposal.author else {}
    for t in history:
        if t.move is None:
            continue
        for s in t.move.stances:
            if s.proposal == proposal.id:
                latest[t.persona] = s.position
    return [pid for pid, pos in latest.items() if pos == "support"]


def open_issue_lines(request: TurnRequest, lang: Lang) -> list[str]:
    """One line per scenario issue that no live proposal settles: its title and question."""
    settled = {i for p in request.table if not p.withdrawn for i in p.settles}
    return [
        f"• {i.title.in_(lang)} — {i.question.in_(lang)}"
        for i in request.scenario.issues
        if i.id not in settled
    ]


def briefing(started: DebateStarted, request: TurnRequest, events: list[Event], lang: Lang) -> RenderableType:
    """The student's briefing: the table in full, the open issues, then what was said since
    the seat's last turn (see module docstring)."""
    names = {p.id: p.short.in_(lang) for p in started.personas}
    parts: list[RenderableType] = [RichText(ui(lang, "human.table"), style="bold underline")]
    live = [p for p in request.table if not p.withdrawn]
    if not live:
        parts.append(RichText(ui(lang, "human.table_empty"), style="dim"))
    for p in live:
        parts.append(proposal_table(started, p, lang))
        backers = ", ".join(names.get(x, x) for x in supporters(request.history, p)) or "—"
        parts.append(Wrapped(RichText(ui(lang, "human.supporters", names=backers), style="green")))
    parts.append(RichText(""))
    parts.append(RichText(ui(lang, "human.open_issues"), style="bold underline"))
    issues = open_issue_lines(request, lang)
    parts.extend(Wrapped(RichText(line)) for line in issues)
    if not issues:
        parts.append(RichText(ui(lang, "human.no_open"), style="dim"))
    parts.append(RichText(""))
    parts.append(RichText(ui(lang, "human.since"), style="bold underline"))
    said = since_last_turn(events, request.persona.id)
    if not said:
        parts.append(RichText(ui(lang, "human.nothing_new"), style="dim"))
    for e in said:
        if isinstance(e, TurnCompleted):
            t = e.turn
            speech = t.move.speech if t.move else ""
            parts.append(turn_header(started, t.persona, t.round, t.phase, lang))
            parts.append(turn_body(started, lang, speech, t, streaming=False))
        elif isinstance(e, (RoundStarted, ModeratorSpoke)):
            parts.append(note_view(e.note, lang))
    return Group(*parts)
