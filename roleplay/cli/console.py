"""Console sink: prints a debate as it happens, and scorecards, with Rich.

Widths are measured in terminal cells by Rich, so Chinese text wraps without losing or
doubling characters.
"""

from __future__ import annotations

from rich.console import Console
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
from roleplay.formats.rubric import format_unit
from roleplay.runs.report import card_view, judge_failure
from roleplay.runs.transcript import Run
from roleplay.runs.words import Words
from roleplay.scoring.scorecard import Scorecard


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
        self._streaming = False
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
                self.c.print(RichText(s.question.in_(e.lang), style="italic"))
                labels = sorted(set(e.backends.values()))
                self.c.print(
                    RichText(
                        f"backends: {', '.join(labels)}"
                        + (
                            "  (offline = built-in rule-based negotiator, not an LLM)"
                            if any(v == "offline" for k, v in e.backends.items() if k != "moderator")
                            else ""
                        ),
                        style="dim",
                    )
                )
        if self.quiet:
            if isinstance(e, DebateEnded):
                self.print_final(Run.from_events(self.events))
            return
        if isinstance(e, RoundStarted):
            self.c.print()
            self.c.rule(
                RichText(e.note.title.in_(self.started.lang) if e.note.title else e.phase, style="bold cyan")
            )
            self.c.print(RichText(e.note.text, style="cyan"))
        elif isinstance(e, TurnStarted):
            self.c.print()
            self.c.print(self._name(e.persona) + RichText(f"  {e.turn}", style="dim"))
        elif isinstance(e, TextDelta):
            self.c.print(RichText(e.text), end="")
            self._streaming = True
        elif isinstance(e, BackendNotice):
            if self._streaming:  # a notice never glues onto streamed speech
                self.c.print()
                self._streaming = False
            self.c.print(RichText(f"[{e.kind}] {e.detail}", style="dim yellow"))
        elif isinstance(e, TurnCompleted):
            self._turn_done(e)
        elif isinstance(e, ModeratorSpoke):
            self.c.print()
            self.c.print(RichText(e.note.text, style="cyan"))
        elif isinstance(e, DebateEnded):
            self.print_final(Run.from_events(self.events))

    def _turn_done(self, e: TurnCompleted) -> None:
        if self._streaming:
            self.c.print()
            self._streaming = False
        t = e.turn
        if t.move is None:
            self.c.print(RichText(f"({t.status}: {t.error or ''})", style="red"))
            return
        lang = self.started.lang
        rubric = self.started.rubric
        if t.move.proposal:
            p = t.move.proposal
            tab = RichTable(title=f"{p.id} v{p.version} — {p.title}", show_header=True, header_style="bold")
            tab.add_column(Words(lang)["instrument"])
            tab.add_column(Words(lang)["setting"], justify="right")
            for it in p.items:
                ins = rubric.instrument(it.instrument)
                unit = format_unit(ins.parameter, lang) if ins.parameter else ""
                tab.add_row(ins.name.in_(lang), "—" if it.value is None else f"{it.value:g}{unit}")
            self.c.print(tab)
        if t.move.stances:
            marks = {"support": ("✔", "green"), "oppose": ("✘", "red"), "amend": ("✎", "yellow")}
            line = RichText()
            for s in t.move.stances:
                sym, col = marks[s.position]
                line.append(f"{s.proposal} {sym} {Words(lang)[s.position]}   ", style=col)
            self.c.print(line)

    def print_final(self, run: Run) -> None:
        """Print the final scorecard of ``run``."""
        card = run.ended.scorecard if run.ended else None
        if card is not None:
            print_scorecard(self.c, run, card)
        if run.ended and run.ended.judge_scorecard is not None and card is not None:
            print_scorecard(self.c, run, run.ended.judge_scorecard)
            print_disagreement(self.c, run, card, run.ended.judge_scorecard)
        elif judge_failure(run):
            self.c.print(RichText(judge_failure(run), style="yellow"))
        if run.ended:
            self.c.print(
                RichText(
                    f"status: {run.ended.status} ({run.ended.reason}); "
                    + counts(run.ended.rounds, run.ended.turns, run.started.lang),
                    style="dim",
                )
            )
        usage = usage_summary(run)
        if usage:
            self.c.print(RichText(usage, style="dim"))


def print_scorecard(c: Console, run: Run, card: Scorecard) -> None:
    """Print a scorecard as Rich tables in the run's language."""
    lang = run.started.lang
    L = Words(lang)
    v = card_view(run, card)
    c.print()
    head = f"{L['scorecard']} ({L['deterministic'] if card.scorer == 'deterministic' else card.scorer})"
    if v["package"]:
        head += f" — {v['package'].id} {v['package'].title} · {L['adopted'] if v['adopted'] else L['not_adopted']}"
    tab = RichTable(title=head, show_lines=False, header_style="bold")
    tab.add_column(L["element"])
    tab.add_column(L["score"], justify="center")
    tab.add_column(L["rationale"])
    tab.add_column(L["evidence"], style="dim")
    for e, raw in zip(v["elements"], card.elements, strict=True):
        bar = "■" * (raw.score or 0)
        tab.add_row(
            e["name"], f"{e['score']} {bar}", e["rationale"], ", ".join(ev.turn for ev in raw.evidence)
        )
    c.print(tab)
    c.print(
        f"{L['total']}: {v['total']}/24 ({v['n_scored']}/6) · {L['consensus']}: {v['consensus']} "
        f"({v['share']:.0%})"
    )
    eff = RichTable(header_style="bold")
    eff.add_column(L["contradictions"])
    eff.add_column(L["effect"])
    eff.add_column(L["via"])
    for x in v["contradictions"]:
        eff.add_row(x["name"], x["effect"], x["via"])
    c.print(eff)
    c.print(f"{L['paths']}: " + ("; ".join(p["name"] for p in v["paths"]) or L["none"]))
    c.print(f"{L['satisfaction']}: " + ", ".join(f"{s['name']} {s['value']:.0%}" for s in v["satisfaction"]))


def usage_summary(run: Run) -> str:
    """One line of LLM accounting for a run ("" when no model was called): calls, prompt and
    completion tokens (as the servers reported them, estimated for calls cut before the
    server's count came; cached prompt tokens when any) and total model latency in seconds,
    the LLM judge's call included."""
    turns = run.turns()
    usages = [t.usage for t in turns]
    judge = run.ended.judge if run.ended else None
    if judge is not None:
        usages.append(judge.usage)
    calls = sum(u.calls for u in usages)
    if not calls:
        return ""
    prompt = sum(u.prompt_tokens for u in usages)
    completion = sum(u.completion_tokens for u in usages)
    latency = sum(u.latency_s for u in usages)
    cached = sum(u.cached_tokens for u in usages)
    per_turn = sum(t.usage.prompt_tokens for t in turns) / max(1, len(turns))
    judged = f"; the judge: {judge.usage.calls} calls, {judge.usage.latency_s:.1f} s" if judge else ""
    return (
        f"LLM: {calls} calls, {prompt} prompt"
        + (f" ({cached} read from the server's prefix cache)" if cached else "")
        + f" + {completion} completion tokens, "
        f"{latency:.1f} s model time ({per_turn:.0f} prompt tokens per turn{judged})"
    )


def print_disagreement(c: Console, run: Run, card: Scorecard, judge: Scorecard) -> None:
    """Print where the LLM judge and the deterministic scorer differ, and how many elements
    the judge left unscored (never counted as 0)."""
    from roleplay.llm.judge import disagreements, mean_score

    lang = run.started.lang
    mean, n = mean_score(judge)
    diffs = disagreements(card, judge)
    head = f"judge vs deterministic: judge scored {n}/6 elements" + (
        f", mean {mean:.2f}" if mean is not None else ""
    )
    c.print(RichText(head, style="bold"))
    if not diffs:
        c.print("  no disagreement on the elements both scored")
    for d in diffs:
        name = run.started.rubric.mechanism(d.element).name.in_(lang)
        c.print(f"  {name}: deterministic {d.deterministic}, judge {d.judge} ({d.delta:+d})")


def counts(rounds: int, turns: int, lang: str) -> str:
    """``6 rounds, 30 turns`` / ``6輪、30個發言``, singular where it should be."""
    if lang != "en":
        return f"{rounds}輪、{turns}個發言"
    return f"{rounds} round{'s' if rounds != 1 else ''}, {turns} turn{'s' if turns != 1 else ''}"
