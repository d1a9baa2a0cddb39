"""Rich renderables for the transcript and the side panel (pure functions, no Textual).

Everything here is measured in terminal cells by Rich, so Chinese (two cells a character)
wraps without losing or doubling characters; ``tests/test_tui_wrap.py`` checks that.
Speech, notes and reasons go through :class:`~.wrap.Wrapped`, which breaks Chinese between
any two characters (Rich alone breaks only at spaces). Table columns use ``overflow="fold"``:
Rich's default, ``ellipsis``, would cut a run of Chinese (one "word" to Rich) short. Nothing
is cut with an ellipsis, the side panel's persona and rubric names included: a long name
wraps (``tests/test_tui_widths.py`` reads the screen at widths 60-120). The words are the
catalogue's (``tui-...`` ids, roleplay.tui.labels).
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text as RichText

from roleplay.debate.events import DebateEnded, DebateStarted
from roleplay.debate.moderator import reason_text
from roleplay.debate.move import ModeratorNote, Position, Proposal, Stance, Turn
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric, format_setting
from roleplay.formats.text import Lang
from roleplay.i18n.lang import is_zh
from roleplay.scoring.scorecard import Scorecard
from roleplay.tui.board import Board
from roleplay.tui.labels import position, ui
from roleplay.tui.wrap import Wrapped

MARKS: dict[str, tuple[str, str]] = {
    "support": ("✔", "green"),
    "oppose": ("✘", "red"),
    "amend": ("✎", "yellow"),
}
FLAGS: dict[str, tuple[str, str]] = {
    "eases": ("▲", "green"),
    "worsens": ("▼", "red"),
    "mixed": ("◆", "yellow"),
    "untouched": ("·", "dim"),
}
BAR_CELLS = 4


def persona_of(started: DebateStarted, pid: str) -> Persona | None:
    """The seated persona ``pid`` or None (e.g. for the moderator)."""
    return next((p for p in started.personas if p.id == pid), None)


def name_text(started: DebateStarted, pid: str, lang: Lang, short: bool = False) -> RichText:
    """A persona's name in its colour (bold), in ``lang``; the bare id if unknown."""
    p = persona_of(started, pid)
    if p is None:
        return RichText(pid)
    return RichText((p.short if short else p.name).in_(lang), style=f"bold {p.color}")


def phase_label(lang: Lang, phase: str) -> str:
    """A round phase in ``lang`` (the raw phase if unknown)."""
    return ui(lang, f"phase.{phase}") if f"phase.{phase}" in _PHASES else phase


_PHASES = {"phase.opening", "phase.proposal", "phase.negotiation", "phase.vote"}


def other_lang(started: DebateStarted, lang: Lang) -> Lang:
    """The language shown beside ``lang`` (names in both): English beside Chinese, and
    beside English the session's Chinese script (zh-Hant unless it ran in zh-Hans)."""
    if is_zh(lang):
        return "en"
    return started.lang if is_zh(started.lang) else "zh-Hant"


def turn_header(started: DebateStarted, pid: str, rnd: int, phase: str, lang: Lang) -> RichText:
    """``● Name  short name in the other language · Round n · phase`` for a turn block."""
    p = persona_of(started, pid)
    head = RichText("● ", style=f"bold {p.color}" if p else "bold") + name_text(started, pid, lang)
    if p is not None:
        head.append(f"  {p.short.in_(other_lang(started, lang))}", style="dim")
    head.append(f"  · {ui(lang, 'turn_round', n=rnd)} · {phase_label(lang, phase)}", style="dim")
    return head


def setting_text(rubric: Rubric, iid: str, value: float | None, lang: Lang) -> str:
    """An instrument's value with its unit in ``lang`` (``800億元``, ``80 billion yuan``,
    ``5 years``: roleplay.formats.rubric.format_setting, the one rule every view uses);
    ``—`` for no value, the bare number when the rubric has no such instrument."""
    try:
        par = rubric.instrument(iid).parameter
    except KeyError:
        return "—" if value is None else f"{value:g}"
    return format_setting(value, par, lang)


def _setting(started: DebateStarted, item, lang: Lang) -> str:
    return setting_text(started.rubric, item.instrument, item.value, lang)


def instrument_name(started: DebateStarted, iid: str, lang: Lang) -> str:
    """An instrument's name in ``lang`` (its id if the rubric lacks it)."""
    try:
        return started.rubric.instrument(iid).name.in_(lang)
    except KeyError:
        return iid


def proposal_table(started: DebateStarted, p: Proposal, lang: Lang) -> RichTable:
    """A compact table of a proposal: title row, then one row per instrument and its setting."""
    t = RichTable(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=False,
        header_style="bold",
        title=RichText(f"{p.id} v{p.version} — {p.title}", style="bold"),
        title_justify="left",
    )
    t.add_column(ui(lang, "instrument"), overflow="fold")
    t.add_column(ui(lang, "setting"), justify="right", overflow="fold")
    for it in p.items:
        t.add_row(instrument_name(started, it.instrument, lang), _setting(started, it, lang))
    return t


def stances_table(stances: list[Stance], lang: Lang) -> RichTable:
    """One compact row per stance: mark, proposal id, position, reason (dim)."""
    t = RichTable.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")
    for s in stances:
        sym, col = MARKS[s.position]
        t.add_row(
            RichText(f"{sym} {s.proposal} {position(lang, s.position)}", style=col),
            Wrapped(RichText(s.reason, style="dim")),
        )
    return t


def turn_body(
    started: DebateStarted, lang: Lang, speech: str, turn: Turn | None, streaming: bool
) -> RenderableType:
    """A turn block's body: the speech (streamed so far, or final), then its proposal and stances."""
    parts: list[RenderableType] = []
    text = RichText(speech)
    if streaming:
        text.append("▍", style="blink")
    if speech or streaming:
        parts.append(Wrapped(text))
    if turn is not None and turn.status != "ok":
        status = ui(lang, "status." + turn.status)
        line = (
            ui(lang, "status_line_why", status=status, why=reason_text(turn.error, lang))
            if turn.error
            else ui(lang, "status_line", status=status)
        )
        parts.append(
            Wrapped(RichText(line, style="italic red" if turn.status == "failed" else "italic yellow"))
        )
    if turn is not None and turn.move is not None:
        if turn.move.proposal is not None:
            parts.append(proposal_table(started, turn.move.proposal, lang))
        if turn.move.stances:
            parts.append(stances_table(turn.move.stances, lang))
    return Group(*parts)


def note_view(note: ModeratorNote, lang: Lang) -> RenderableType:
    """A moderator note as written (its text carries its own 【主持人】 tag), or a
    facilitator message under a 【Facilitator】 tag."""
    if note.kind == "facilitator":
        return Group(RichText(f"【{ui(lang, 'facilitator')}】", style="bold"), Wrapped(note.text))
    return Wrapped(RichText(note.text, style="bold" if note.kind == "announce" else ""))


def votes_table(
    started: DebateStarted, votes: dict[str, dict[str, Position]], ids: list[str], lang: Lang
) -> RichTable:
    """A persona x proposal grid of vote marks."""
    t = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    t.add_column(ui(lang, "persona"), overflow="fold")
    for pid in ids:
        t.add_column(pid, justify="center")
    for who, mine in votes.items():
        cells = [
            RichText(MARKS[mine[i]][0], style=MARKS[mine[i]][1]) if i in mine else RichText("·", style="dim")
            for i in ids
        ]
        t.add_row(name_text(started, who, lang, short=True), *cells)
    return t


def ended_view(
    started: DebateStarted, e: DebateEnded, votes: dict[str, dict[str, Position]], lang: Lang
) -> RenderableType:
    """The closing block: status, the vote grid and the final score line."""
    parts: list[RenderableType] = [
        Wrapped(RichText(f"■ {ui(lang, e.status)} — {reason_text(e.reason, lang)}", style="bold"))
    ]
    votes = {who: v for who, v in votes.items() if v}
    if votes:
        ids = sorted({i for v in votes.values() for i in v}, key=lambda i: (len(i), i))
        parts.append(votes_table(started, votes, ids, lang))
    if e.scorecard is not None:
        parts.append(score_line(e.scorecard, lang))
    return Group(*parts)


def score_line(card: Scorecard, lang: Lang) -> Wrapped:
    """``Package P2 · adopted · 14/24 · Consensus strong (80%)``, wrapped to the width."""
    line = RichText()
    if card.package is not None:
        line.append(f"{ui(lang, 'package')} {card.package.id} · ", style="bold")
        line.append(
            ui(lang, "adopted") if card.adopted else ui(lang, "not_adopted"),
            style="green" if card.adopted else "yellow",
        )
        line.append(" · ")
    line.append(ui(lang, "score_total", score=card.total(), max=24) + " · ")
    line.append(ui(lang, "consensus", level=card.consensus, pct=f"{card.support_share:.0%}"))
    return Wrapped(line)


def bar(score: int | None, cells: int = BAR_CELLS) -> RichText:
    """A 0..4 score as a bar ``cells`` wide (``—`` for unscored)."""
    if score is None:
        return RichText("—".ljust(cells), style="dim")
    full = round(score / 4 * cells)
    return RichText("█" * full, style="green") + RichText("░" * (cells - full), style="dim")


def element_label(name: str, lang: Lang) -> str:
    """An element's name for the narrow panel: all six are national, so the catalogue's
    ``tui-element-prefix`` ("National", 國家) is dropped to keep "strategic demand" and
    "strategic resources" apart."""
    prefix = ui(lang, "element_prefix")
    if name.startswith(prefix):
        rest = name[len(prefix) :].lstrip()
        if len(rest) > 1:
            return rest[0].upper() + rest[1:]
    return name


def elements_view(board: Board, lang: Lang) -> RichTable:
    """The six elements as bars (scores as of the latest scorecard); long names wrap."""
    rubric = board.started.rubric
    scores = {e.element: e.score for e in board.card.elements} if board.card else {}
    t = RichTable.grid(padding=(0, 1), expand=True)
    t.add_column(ratio=1, overflow="fold")
    t.add_column(no_wrap=True, width=BAR_CELLS)
    t.add_column(no_wrap=True, width=1)
    for m in rubric.elements:
        s = scores.get(m.id)
        t.add_row(
            Wrapped(element_label(m.name.in_(lang), lang)),
            bar(s),
            RichText("·" if s is None else str(s), style="bold"),
        )
    return t


def contradictions_view(board: Board, lang: Lang) -> RichTable:
    """The five contradictions as flags: ▲ eased, ▼ worsened, ◆ mixed, · untouched; long
    names wrap (never cut)."""
    effects = {c.contradiction: c.effect for c in board.card.contradictions} if board.card else {}
    t = RichTable.grid(padding=(0, 1), expand=True)
    t.add_column(no_wrap=True, width=1)
    t.add_column(ratio=1, overflow="fold")
    for m in board.started.rubric.contradictions:
        sym, col = FLAGS[effects.get(m.id, "untouched")]
        t.add_row(RichText(sym, style=col), Wrapped(m.name.in_(lang)))
    return t


def roster_view(board: Board, lang: Lang) -> RichTable:
    """One row per persona: name in colour (a long one wraps), then its latest stance on up
    to three proposals."""
    ids = board.focus_ids()
    t = RichTable.grid(padding=(0, 1), expand=True)
    t.add_column(ratio=1, overflow="fold")
    t.add_column(no_wrap=True, justify="right")
    for p in board.started.personas:
        name = RichText("▶ " if board.speaking == p.id else "● ", style=f"bold {p.color}") + RichText(
            p.short.in_(lang), style=f"bold {p.color}" if board.speaking == p.id else p.color
        )
        marks = RichText()
        for i in ids:
            pos = board.stances.get(p.id, {}).get(i)
            sym, col = MARKS[pos] if pos else ("·", "dim")
            marks.append(f"{i}", style="dim").append(sym + " ", style=col)
        t.add_row(Wrapped(name), marks)
    return t


def progress_view(board: Board, lang: Lang, state: str) -> RichText:
    """``Round 3/6 · negotiation`` + a progress bar + the run state (and usage when an LLM ran)."""
    line = RichText()
    if board.round:
        line.append(ui(lang, "round", n=board.round, total=board.total_rounds or "?"), style="bold")
        line.append(f" · {phase_label(lang, board.phase)}")
    else:
        line.append(ui(lang, "round_none"), style="dim")
    total = board.total_rounds or 1
    done = board.round - (0 if board.status or (board.card and board.card.round == board.round) else 1)
    filled = max(0, min(total, done))
    line.append("\n" + "▰" * filled + "▱" * (total - filled) + "  ", style="cyan")
    line.append(state, style="bold yellow" if state in (ui(lang, "paused"), ui(lang, "pausing")) else "dim")
    if board.usage.calls:
        u = board.usage
        line.append("\n" + ui(lang, "tokens", p=_k(u.prompt_tokens), c=_k(u.completion_tokens)), style="dim")
        line.append(" · " + ui(lang, "model_time", s=f"{u.latency_s:.0f}s"), style="dim")
    return line


def _k(n: int) -> str:
    return f"{n / 1000:.1f}k" if n >= 1000 else str(n)
