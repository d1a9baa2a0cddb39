"""Console sink: prints a debate as it happens, and scorecards, with Rich.

Widths are measured in terminal cells by Rich, so Chinese text wraps without losing or
doubling characters.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table as RichTable
from rich.text import Text as RichText

from roleplay.debate.events import (
    BackendNotice,
    DebateEnded,
    DebateStarted,
    Event,
    ModeratorSpoke,
    RoundStarted,
    TextDelta,
    TurnCompleted,
    TurnStarted,
)
from roleplay.debate.moderator import reason_text
from roleplay.formats.rubric import format_setting
from roleplay.i18n.catalog import Verbatim, t
from roleplay.i18n.lang import Lang, localize
from roleplay.runs.report import card_view, judge_failure, via_names
from roleplay.runs.transcript import Run
from roleplay.runs.words import turn_label
from roleplay.scoring.scorecard import Scorecard
from roleplay.tui.wrap import Wrapped


def wrapped(text: str, style: str = "") -> Wrapped:
    """``text`` as a paragraph wrapped the way Chinese is set (roleplay.tui.wrap: widths in
    cells, breaks between Han characters, no line starting with closing punctuation such as
    ``，。、」``); in a table cell it wraps instead of being cut with ``…``."""
    return Wrapped(RichText(text, style=style))


def markdown_view(text: str) -> Any:
    """``text`` (Markdown) as a Rich renderable whose paragraphs, in lists and block quotes
    too, are wrapped as :func:`wrapped` wraps (review D3: Rich's own Markdown breaks only at
    spaces, so ``roleplay show`` put ``：``, ``。``, ``」`` at the start of lines); headings,
    code and tables are Rich's."""
    from rich.markdown import Markdown, Paragraph

    class _Paragraph(Paragraph):
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            self.text.justify = self.justify
            yield Wrapped(self.text)

    class _Markdown(Markdown):
        elements: ClassVar[dict[str, Any]] = {**Markdown.elements, "paragraph_open": _Paragraph}

    return _Markdown(text)


class PipeSafeConsole(Console):
    """A Rich console that goes silent when the reader of stdout goes away (``| head``)
    instead of exiting, so the debate still finishes and is saved."""

    def on_broken_pipe(self) -> None:
        """Point stdout at /dev/null and stop printing (Rich's default exits with 1)."""
        import os
        import sys

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        self.quiet = True


class ConsolePrinter:
    """A sink that prints events to ``console``; ``quiet`` prints only the final result."""

    def __init__(self, console: Console, quiet: bool = False):
        self.c, self.quiet = console, quiet
        self.started: DebateStarted | None = None
        self.events: list[Event] = []
        self._speech = ""  # streamed speech not yet printed (printed a paragraph at a time)
        self.status: str | None = None

    def _name(self, pid: str) -> RichText:
        p = next((x for x in self.started.personas if x.id == pid), None) if self.started else None
        if p is None:
            return RichText(pid)
        return RichText(p.name.in_(self.started.lang), style=f"bold {p.color}")

    def seen(self, events: list[Event]) -> None:
        """Take note of the events already recorded when a run resumes (nothing is printed;
        the final summary covers the whole run)."""
        self.events = list(events)
        if events and isinstance(events[0], DebateStarted):
            self.started = events[0]

    def __call__(self, e: Event) -> None:
        """Handle one event."""
        self.events.append(e)
        if isinstance(e, DebateEnded):
            self.status = e.status
        if isinstance(e, DebateStarted):
            self.started = e
            if not self.quiet:
                s = e.scenario
                self.c.rule(RichText(s.title.in_(e.lang), style="bold"))
                self.c.print(wrapped(s.question.in_(e.lang), "italic"))
                labels = sorted({t("backend", e.lang, spec=Verbatim(v)) for v in e.backends.values()})
                line = t("cli-backends", e.lang, labels=t("list-sep", e.lang).join(labels))
                if any(v == "offline" for k, v in e.backends.items() if k != "moderator"):
                    line += "  " + t("cli-offline-note", e.lang)
                self.c.print(wrapped(line, "dim"))
        if self.quiet:
            if isinstance(e, DebateEnded):
                self.print_final(Run.from_events(self.events))
            return
        if isinstance(e, RoundStarted):
            self.c.print()
            self.c.rule(
                RichText(e.note.title.in_(self.started.lang) if e.note.title else e.phase, style="bold cyan")
            )
            self.c.print(wrapped(e.note.text, "cyan"))
        elif isinstance(e, TurnStarted):
            self.c.print()
            self.c.print(self._name(e.persona) + RichText(f"  {e.turn}", style="dim"))
        elif isinstance(e, TextDelta):
            self._speech += e.text
            done, sep, rest = self._speech.rpartition("\n")
            if sep:  # whole paragraphs are wrapped and printed as they arrive
                self.c.print(wrapped(done))
                self._speech = rest
        elif isinstance(e, BackendNotice):
            self._flush()  # a notice never glues onto streamed speech
            self.c.print(wrapped(f"[{e.kind}] {e.detail}", "dim yellow"))
        elif isinstance(e, TurnCompleted):
            self._turn_done(e)
        elif isinstance(e, ModeratorSpoke):
            self.c.print()
            self.c.print(wrapped(e.note.text, "cyan"))
        elif isinstance(e, DebateEnded):
            self.print_final(Run.from_events(self.events))

    def _flush(self) -> None:
        """Print the rest of the streamed speech (the paragraph still open)."""
        if self._speech:
            self.c.print(wrapped(self._speech))
            self._speech = ""

    def _turn_done(self, e: TurnCompleted) -> None:
        self._flush()
        turn = e.turn
        if turn.move is None:
            lang = self.started.lang if self.started else "en"
            self.c.print(
                wrapped(
                    t(
                        "cli-turn-failed",
                        lang,
                        status=turn.status,
                        error=reason_text(turn.error or "", lang),
                    ),
                    "red",
                )
            )
            return
        lang = self.started.lang
        rubric = self.started.rubric
        if turn.move.proposal:
            p = turn.move.proposal
            title = t("cli-proposal-title", lang, id=p.id, version=p.version, title=p.title)
            tab = RichTable(title=title, show_header=True, header_style="bold")
            tab.add_column(t("cli-col-instrument", lang))
            tab.add_column(t("cli-col-setting", lang), justify="right")
            for it in p.items:
                ins = rubric.instrument(it.instrument)
                tab.add_row(wrapped(ins.name.in_(lang)), format_setting(it.value, ins.parameter, lang))
            self.c.print(tab)
        if turn.move.stances:
            marks = {"support": ("✔", "green"), "oppose": ("✘", "red"), "amend": ("✎", "yellow")}
            line = RichText()
            for s in turn.move.stances:
                sym, col = marks[s.position]
                line.append(f"{s.proposal} {sym} {t('cli-stance', lang, position=s.position)}   ", style=col)
            self.c.print(Wrapped(line))

    def print_final(self, run: Run) -> None:
        """Print the final scorecard of ``run``."""
        card = run.ended.scorecard if run.ended else None
        if card is not None:
            print_scorecard(self.c, run, card)
        if run.ended and run.ended.judge_scorecard is not None and card is not None:
            print_scorecard(self.c, run, run.ended.judge_scorecard)
            print_disagreement(self.c, run, card, run.ended.judge_scorecard)
        elif judge_failure(run):
            self.c.print(wrapped(judge_failure(run), "yellow"))
        if run.ended:
            lang = run.started.lang
            line = t(
                "cli-status-line",
                lang,
                status=t("cli-status", lang, status=run.ended.status),
                reason=reason_text(run.ended.reason, lang),
                counts=counts(run.ended.rounds, run.ended.turns, lang),
            )
            self.c.print(wrapped(line, "dim"))
        usage = usage_summary(run)
        if usage:
            self.c.print(wrapped(usage, "dim"))


def print_scorecard(c: Console, run: Run, card: Scorecard) -> None:
    """Print a scorecard as Rich tables in the run's language (words from ``cli.ftl``)."""
    lang = run.started.lang
    v = card_view(run, card)
    c.print()
    head = t("cli-scorecard-title", lang, scorer=card.scorer)
    if v["package"]:
        pkg = v["package"]
        head = t(
            "cli-scorecard-package",
            lang,
            title=head,
            id=pkg.id,
            name=pkg.title,
            adopted="yes" if v["adopted"] else "no",
        )
    tab = RichTable(title=head, show_lines=False, header_style="bold")
    tab.add_column(t("cli-col-element", lang))
    tab.add_column(t("cli-col-score", lang), justify="center")
    tab.add_column(t("cli-col-rationale", lang))
    tab.add_column(t("cli-col-evidence", lang), style="dim")
    shorts = {p.id: p.short.in_(lang) for p in run.started.personas}
    for e, raw in zip(v["elements"], card.elements, strict=True):
        bar = "■" * (raw.score or 0)
        evidence = t("list-sep", lang).join(turn_label(ev.turn, shorts, lang) for ev in raw.evidence)
        tab.add_row(
            wrapped(e["name"]), f"{e['score']} {bar}", wrapped(localize(e["rationale"], lang)), evidence
        )
    c.print(tab)
    c.print(
        wrapped(
            t(
                "cli-total-line",
                lang,
                total=str(v["total"]),
                scored=v["n_scored"],
                consensus=str(v["consensus"]),
                share=round(100 * v["share"]),
            )
        )
    )
    eff = RichTable(header_style="bold")
    eff.add_column(t("cli-col-contradiction", lang))
    eff.add_column(t("cli-col-effect", lang))
    eff.add_column(t("cli-col-via", lang))
    sep = t("list-sep", lang)
    for x, raw_c in zip(v["contradictions"], card.contradictions, strict=True):
        via = sep.join(via_names(raw_c, run.started.scenario, run.started.rubric, lang))
        eff.add_row(wrapped(x["name"]), wrapped(localize(x["effect"], lang)), wrapped(via))
    c.print(eff)
    c.print(
        wrapped(
            t("cli-paths-line", lang, paths=sep.join(p["name"] for p in v["paths"]) or t("cli-none", lang))
        )
    )
    items = (
        t("cli-satisfaction-item", lang, name=s["name"], pct=round(100 * s["value"]))
        for s in v["satisfaction"]
    )
    c.print(wrapped(t("cli-satisfaction-line", lang, items=sep.join(items))))


def usage_summary(run: Run) -> str:
    """One line of LLM accounting for a run ("" when no model was called), in the run's
    language: calls, prompt and completion tokens (as the servers reported them, estimated
    for calls cut before the server's count came; cached prompt tokens when any) and total
    model latency in seconds, the LLM judge's call included."""
    lang = run.started.lang
    turns = run.turns()
    usages = [t.usage for t in turns]
    judge = run.ended.judge if run.ended else None
    if judge is not None:
        usages.append(judge.usage)
    calls = sum(u.calls for u in usages)
    if not calls:
        return ""
    per_turn = sum(x.usage.prompt_tokens for x in turns) / max(1, len(turns))
    judged = (
        t("cli-usage-judge", lang, calls=judge.usage.calls, latency=f"{judge.usage.latency_s:.1f}")
        if judge
        else ""
    )
    return t(
        "cli-usage",
        lang,
        calls=calls,
        prompt=sum(u.prompt_tokens for u in usages),
        cached=sum(u.cached_tokens for u in usages),
        completion=sum(u.completion_tokens for u in usages),
        latency=f"{sum(u.latency_s for u in usages):.1f}",
        per_turn=f"{per_turn:.0f}",
        judged=judged,
    )


def print_disagreement(c: Console, run: Run, card: Scorecard, judge: Scorecard) -> None:
    """Print where the LLM judge and the deterministic scorer differ, and how many elements
    the judge left unscored (never counted as 0)."""
    from roleplay.llm.judge import disagreements, mean_score

    lang = run.started.lang
    mean, n = mean_score(judge)
    diffs = disagreements(card, judge)
    head = t("cli-judge-head", lang, n=n) + (
        t("cli-judge-mean", lang, mean=f"{mean:.2f}") if mean is not None else ""
    )
    c.print(wrapped(head, "bold"))
    if not diffs:
        c.print(wrapped(t("cli-judge-agrees", lang)))
    for d in diffs:
        name = run.started.rubric.mechanism(d.element).name.in_(lang)
        c.print(
            wrapped(
                t(
                    "cli-judge-diff",
                    lang,
                    name=name,
                    deterministic=d.deterministic,
                    judge=d.judge,
                    delta=f"{d.delta:+d}",
                )
            )
        )


def counts(rounds: int, turns: int, lang: Lang) -> str:
    """``6 rounds, 30 turns`` / ``6輪、30個發言``, singular where it should be (``cli-counts``)."""
    return t("cli-counts", lang, rounds=rounds, turns=turns)
