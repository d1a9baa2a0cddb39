"""The teaching kit for a scenario (``roleplay kit SCENARIO``, issue #12): learning objectives,
printable role cards, run sheets for a 45- and a 90-minute class and debrief questions, in
Markdown and HTML, Chinese and English; with ``--run RUN_DIR`` the debrief questions carry that
run's answers, naming its turns and claims.

Every word of the kit lives in ``templates/kit.yaml`` (per language) and the templates
``kit.md.j2`` / ``kit.html.j2``; this module only gathers facts. What comes from the article
(persona ``sources``, issue ``quote``/``section``) is marked apart from what the exercise
invents (goals, red lines, private interests), as the article outline asks
(shared/reference/article-outline.md: the product writes its own words, the article is quoted).
"""

from __future__ import annotations

import shlex
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from roleplay.debate.move import Proposal, Turn
from roleplay.errors import InputError
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric, format_unit
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.i18n.lang import source
from roleplay.runs.export import render_template
from roleplay.runs.transcript import Run

KIT_WORDS = Path(__file__).parent / "templates" / "kit.yaml"
FORMATS = ("md", "html")
LANGS: tuple[Lang, ...] = ("zh-Hant", "zh-Hans", "en")
DEBRIEF_KEYS = ("winner", "moved", "first_proposal", "open_issues", "elements")


@lru_cache(maxsize=1)
def kit_words() -> dict[str, Any]:
    """The kit's words per language (``templates/kit.yaml``)."""
    return yaml.safe_load(KIT_WORDS.read_text(encoding="utf-8"))


def _value(rubric: Rubric, iid: str, value: float | None, lang: Lang) -> str:
    try:
        ins = rubric.instrument(iid)
    except KeyError:
        return iid
    name = ins.name.in_(lang)
    if value is None or ins.parameter is None:
        return name
    return f"{name} {value:g}{format_unit(ins.parameter, lang)}"


def _items(rubric: Rubric, p: Proposal, lang: Lang) -> str:
    return "; ".join(_value(rubric, it.instrument, it.value, lang) for it in p.items)


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
        "sources": [{"section": s.section, "quote": s.quote, "supports": s.supports} for s in p.sources],
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
    return {
        "id": scenario.id,
        "title": scenario.title.in_(lang),
        "question": scenario.question.in_(lang),
        "brief": scenario.brief.in_(lang),
        "budget": f"{scenario.budget:g}" if scenario.budget is not None else "—",
        "issues": [
            {
                "title": i.title.in_(lang),
                "question": i.question.in_(lang),
                "element": elements.get(i.element, i.element),
                "section": i.section,
                "quote": i.quote,
                "options": [o.label.in_(lang) for o in i.options],
            }
            for i in scenario.issues
        ],
        "cards": [
            role_card(seated[pid], scenario, rubric, lang) for pid in scenario.personas if pid in seated
        ],
        "command": f"roleplay tui {shlex.quote(target or scenario.id)} --lang {lang} --human {human} --start-paused --pace 3",
    }


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
    w = kit_words()[source(lang)]["answers"]
    rubric, scenario = run.started.rubric, run.started.scenario
    card = run.ended.scorecard if run.ended is not None else None
    out: dict[str, list[str]] = {}
    if card is not None and card.package is not None:
        how = (
            (w["unanimous"] if card.consensus == "unanimous" else w["deal"])
            if card.deal
            else w["adopted"]
            if card.adopted
            else w["not_adopted"]
        )
        if card.tie_break:
            how += ", " + w["tie_break"]
        out["winner"] = [
            w["winner"].format(
                package=f"{card.package.id} {card.package.title}",
                author=_name(run, card.package.author, lang),
                how=how,
                share=f"{card.support_share:.0%}",
            )
        ]
    else:
        out["winner"] = [w["winner_none"]]
    out["moved"] = [w["moved"].format(**m) for m in moved(run, lang)] or [w["moved_none"]]
    first = next((t for t in run.turns() if t.move is not None and t.move.proposal is not None), None)
    if first is not None and first.move is not None and first.move.proposal is not None:
        p = first.move.proposal
        out["first_proposal"] = [
            w["first_proposal"].format(
                turn=first.id,
                persona=_name(run, first.persona, lang),
                proposal=f"{p.title}",
                items=_items(rubric, p, lang),
            )
        ]
    else:
        out["first_proposal"] = [w["first_proposal_none"]]
    if card is not None and card.open_issues:
        titles = {i.id: i.title.in_(lang) for i in scenario.issues}
        out["open_issues"] = [
            w["open_issues"].format(issues=", ".join(titles.get(i, i) for i in card.open_issues))
        ]
    else:
        out["open_issues"] = [w["open_issues_none"]]
    scored = [e for e in (card.elements if card else []) if e.score is not None]
    if scored:
        names = {m.id: m.name.in_(lang) for m in rubric.elements}
        best = max(scored, key=lambda e: e.score or 0)
        worst = min(scored, key=lambda e: e.score or 0)
        out["elements"] = [
            w["elements"].format(
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
    words = kit_words()[source(lang)]
    view = scenario_view(scenario, personas, rubric, lang, target)
    answers = run_answers(run, lang) if run is not None else {}
    debrief = [
        {"question": words["debrief_questions"][k], "answers": answers.get(k, [])} for k in DEBRIEF_KEYS
    ]
    return render_template(
        f"kit.{fmt}.j2",
        w=words,
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
