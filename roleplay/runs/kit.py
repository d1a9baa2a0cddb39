"""The teaching kit for a scenario (``roleplay kit SCENARIO``, issue #12): learning objectives,
printable role cards, run sheets for a 45- and a 90-minute class and debrief questions, in
Markdown and HTML, Chinese and English; with ``--run RUN_DIR`` the debrief questions carry that
run's answers, naming its turns and claims.

Every word of the kit lives in the message catalogue (``roleplay/i18n/locales/*/kit.ftl``,
messages ``kit-*``) and the templates ``kit.md.j2`` / ``kit.html.j2`` lay them out; this
module only gathers facts (and the run sheets' minutes, :data:`RUN_SHEETS`). What comes from the article
(persona ``sources``, issue ``quote``/``section``) is marked apart from what the exercise
invents (goals, red lines, private interests), as the article outline asks
(shared/reference/article-outline.md: the product writes its own words, the article is quoted).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from roleplay.debate.move import Proposal, Turn
from roleplay.errors import InputError
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric, format_setting
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.i18n.lang import LANGS, article_text
from roleplay.runs.export import render_template
from roleplay.runs.transcript import Run
from roleplay.runs.words import Words, join

FORMATS = ("md", "html")
DEBRIEF_KEYS = ("winner", "moved", "first_proposal", "open_issues", "elements")
"""The debrief questions, in order: message ``kit-question-<key>``, answered by
:func:`run_answers`."""
RUN_SHEETS: dict[int, tuple[tuple[int, str], ...]] = {
    45: ((5, "45-intro"), (5, "45-prepare"), (25, "45-debate"), (10, "45-debrief")),
    90: ((10, "90-intro"), (10, "90-prepare"), (40, "90-debate"), (10, "90-export"), (20, "90-debrief")),
}
"""The class plans: per class length in minutes, its steps as (minutes, message
``kit-sheet-<key>``, which may use ``$command``)."""


def _value(rubric: Rubric, iid: str, value: float | None, lang: Lang) -> str:
    try:
        ins = rubric.instrument(iid)
    except KeyError:
        return iid
    name = ins.name.in_(lang)
    if value is None or ins.parameter is None:
        return name
    return f"{name} {format_setting(value, ins.parameter, lang)}"


def _items(rubric: Rubric, p: Proposal, lang: Lang) -> str:
    return join([_value(rubric, it.instrument, it.value, lang) for it in p.items], lang, "item-sep")


def role_card(p: Persona, scenario: Scenario, rubric: Rubric, lang: Lang) -> dict[str, Any]:
    """One persona's card: name, role, goals, red lines, private interests (all invented for
    the exercise) and its article passages (section and verbatim quote)."""
    return {
        "id": p.id,
        "name": p.name.in_(lang),
        "short": p.short.in_(lang),
        "role": p.role.in_(lang),
        "voter": p.id in scenario.voter_ids(),
        "goals": [g.in_(lang) for g in p.goals],
        "red_lines": [r.text.in_(lang) for r in p.red_lines],
        "private": [x.in_(lang) for x in p.private],
        "sources": [
            {
                "section": article_text(s.section, lang),
                "quote": article_text(s.quote, lang),
                "supports": s.supports_in(lang),
            }
            for s in p.sources
        ],
    }


def scenario_view(
    scenario: Scenario, personas: list[Persona], rubric: Rubric, lang: Lang, target: str | None = None
) -> dict[str, Any]:
    """The facts of the kit that do not depend on a run; ``target`` is how the run sheets'
    command names the scenario (default its id: right for a bundled scenario; a file's path
    for the teacher's own, since `roleplay tui angel` finds no file ``angel.yaml``)."""
    elements = {m.id: m.name.in_(lang) for m in rubric.elements}
    seated = {p.id: p for p in personas}
    voters = scenario.voter_ids()
    human = next((v for v in voters if v in seated), scenario.personas[0])
    command = f"roleplay tui {shlex.quote(target or scenario.id)} --lang {lang} --human {human} --start-paused --pace 3"
    return {
        "id": scenario.id,
        "title": scenario.title.in_(lang),
        "question": scenario.question.in_(lang),
        "brief": scenario.brief.in_(lang),
        "objectives": objectives(scenario, elements, lang),
        "sheets": run_sheets(command, lang),
        "issues": [
            {
                "title": i.title.in_(lang),
                "question": i.question.in_(lang),
                "element": elements.get(i.element, i.element),
                "section": article_text(i.section, lang),
                "quote": article_text(i.quote, lang),
                "options": [o.label.in_(lang) for o in i.options],
            }
            for i in scenario.issues
        ],
        "cards": [
            role_card(seated[pid], scenario, rubric, lang) for pid in scenario.personas if pid in seated
        ],
        "command": command,
    }


def objectives(scenario: Scenario, elements: dict[str, str], lang: Lang) -> list[str]:
    """The learning objectives in ``lang``: three general ones (the budget, in 億元, from the
    scenario), then one per issue tying its element to its article section."""
    k = Words(lang, "kit")
    budget = (
        k("objective-negotiate", amount=scenario.budget)
        if scenario.budget is not None
        else k.objective_negotiate_open
    )
    return [
        k.objective_ecosystem,
        budget,
        k.objective_sources,
        *(
            k(
                "objective-issue",
                element=elements.get(i.element, i.element),
                issue=i.title.in_(lang),
                section=i.section,
            )
            for i in scenario.issues
        ),
    ]


def run_sheets(command: str, lang: Lang) -> list[dict[str, Any]]:
    """The class plans (:data:`RUN_SHEETS`) in ``lang``: ``[{title, rows: [(minutes, text)]}]``,
    ``command`` filled into the step that runs the debate."""
    k = Words(lang, "kit")
    return [
        {
            "title": k("run-sheet", minutes=length),
            "rows": [(m, k(f"sheet-{key}", command=command)) for m, key in steps],
        }
        for length, steps in RUN_SHEETS.items()
    ]


def _name(run: Run, pid: str, lang: Lang) -> str:
    p = next((x for x in run.started.personas if x.id == pid), None)
    return p.short.in_(lang) if p else pid


def moved(run: Run, lang: Lang, most: int = 3) -> list[dict[str, str]]:
    """Turns where a persona moved to ``support`` a proposal it had opposed or asked to amend,
    each with the last argument (claim) another persona made before it; at most ``most``,
    the SOE's first when it moved (the issue's example)."""
    turns: list[Turn] = run.turns()
    claims = run.started.rubric.claim_index
    latest: dict[tuple[str, str], str] = {}
    out: list[dict[str, str]] = []
    for k, t in enumerate(turns):
        if t.move is None:
            continue
        for s in t.move.stances:
            before = latest.get((t.persona, s.proposal))
            latest[(t.persona, s.proposal)] = s.position
            if s.position != "support" or before not in ("oppose", "amend"):
                continue
            prior = next(
                (
                    u
                    for u in reversed(turns[:k])
                    if u.persona != t.persona and u.move and any(c in claims for c in u.move.claims)
                ),
                None,
            )
            claim = ""
            if prior is not None and prior.move is not None:
                cid = next(c for c in prior.move.claims if c in claims)
                claim = claims[cid].text.in_(lang)
            out.append(
                {
                    "persona_id": t.persona,
                    "round": str(t.round),
                    "turn": t.id,
                    "persona": _name(run, t.persona, lang),
                    "proposal": s.proposal,
                    "reason": s.reason,
                    "by": _name(run, prior.persona, lang) if prior else "—",
                    "by_turn": prior.id if prior else "—",
                    "claim": claim or "—",
                }
            )
    out.sort(key=lambda m: m["persona_id"] != "soe")
    return out[:most]


def run_answers(run: Run, lang: Lang) -> dict[str, list[str]]:
    """The debrief answers a finished run gives, per question key (DEBRIEF_KEYS), in ``lang``;
    every answer names the run's own turns, personas, packages and claims."""
    k = Words(lang, "kit")
    rubric, scenario = run.started.rubric, run.started.scenario
    card = run.ended.scorecard if run.ended is not None else None
    out: dict[str, list[str]] = {}
    if card is not None and card.package is not None:
        how = (
            (k.how_unanimous if card.consensus == "unanimous" else k.how_deal)
            if card.deal
            else k.how_adopted
            if card.adopted
            else k.how_not_adopted
        )
        if card.tie_break:
            how = k("how-tie-break", how=how)
        out["winner"] = [
            k(
                "answer-winner",
                package=f"{card.package.id} {card.package.title}",
                author=_name(run, card.package.author, lang),
                how=how,
                share=f"{card.support_share:.0%}",
            )
        ]
    else:
        out["winner"] = [k.answer_winner_none]
    out["moved"] = [k("answer-moved", **m) for m in moved(run, lang)] or [k.answer_moved_none]
    first = next((t for t in run.turns() if t.move is not None and t.move.proposal is not None), None)
    if first is not None and first.move is not None and first.move.proposal is not None:
        p = first.move.proposal
        out["first_proposal"] = [
            k(
                "answer-first-proposal",
                turn=first.id,
                persona=_name(run, first.persona, lang),
                proposal=p.title,
                items=_items(rubric, p, lang),
            )
        ]
    else:
        out["first_proposal"] = [k.answer_first_proposal_none]
    if card is not None and card.open_issues:
        titles = {i.id: i.title.in_(lang) for i in scenario.issues}
        out["open_issues"] = [
            k("answer-open-issues", issues=join([titles.get(i, i) for i in card.open_issues], lang))
        ]
    else:
        out["open_issues"] = [k.answer_open_issues_none]
    scored = [e for e in (card.elements if card else []) if e.score is not None]
    if scored:
        names = {m.id: m.name.in_(lang) for m in rubric.elements}
        best = max(scored, key=lambda e: e.score or 0)
        worst = min(scored, key=lambda e: e.score or 0)
        out["elements"] = [
            k(
                "answer-elements",
                best=names.get(best.element, best.element),
                best_score=best.score,
                worst=names.get(worst.element, worst.element),
                worst_score=worst.score,
            )
        ]
    return out


def render_kit(
    scenario: Scenario,
    personas: list[Persona],
    rubric: Rubric,
    lang: Lang,
    fmt: str,
    run: Run | None = None,
    run_name: str = "",
    target: str | None = None,
) -> str:
    """The kit as Markdown (``fmt`` ``md``) or a standalone HTML page (``html``); ``target``
    names the scenario in the run sheets' command (see :func:`scenario_view`).

    Raises:
        InputError: an unknown format, or a run of another scenario.
    """
    if fmt not in FORMATS:
        raise InputError("error-format-md-html", fmt=fmt)
    if run is not None and run.started.scenario.id != scenario.id:
        raise InputError(
            "error-kit-other-run", run=run_name, found=run.started.scenario.id, scenario=scenario.id
        )
    k = Words(lang, "kit")
    view = scenario_view(scenario, personas, rubric, lang, target)
    answers = run_answers(run, lang) if run is not None else {}
    debrief = [{"question": k[f"question-{key}"], "answers": answers.get(key, [])} for key in DEBRIEF_KEYS]
    return render_template(
        f"kit.{fmt}.j2",
        K=k,
        s=view,
        debrief=debrief,
        run_name=run_name,
        has_run=run is not None,
        lang=lang,
    )


def write_kit(
    scenario_ref: str,
    out: Path,
    *,
    langs: tuple[Lang, ...] = LANGS,
    formats: tuple[str, ...] = FORMATS,
    run_dir: Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``kit.<lang>.<fmt>`` files into ``out`` (created if missing) and return them.

    Raises:
        InputError: the scenario or run cannot be loaded, or a kit file exists and ``force``
            is False (nothing is written then).
    """
    from roleplay.formats.catalog import load_scenario
    from roleplay.runs.transcript import load_run

    scenario, personas, rubric = load_scenario(scenario_ref)
    target = scenario_ref if Path(scenario_ref).is_file() else scenario.id
    run = load_run(run_dir) if run_dir is not None else None
    paths = [out / f"kit-{scenario.id}.{lang}.{fmt}" for lang in langs for fmt in formats]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise InputError("error-kit-exists", path=existing[0])
    texts = {
        p: render_kit(scenario, personas, rubric, lang, fmt, run, run_dir.name if run_dir else "", target)
        for p, (lang, fmt) in zip(paths, [(lang, fmt) for lang in langs for fmt in formats], strict=True)
    }
    out.mkdir(parents=True, exist_ok=True)
    for p, text in texts.items():
        p.write_text(text, encoding="utf-8")
    return paths
