"""Readable records of a run: the Markdown transcript (``roleplay/runs/templates/``), its
words from the catalogue (``documents.ftl``, through :class:`roleplay.runs.words.Words`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from roleplay.debate.events import DebateStarted, ModeratorSpoke, RoundScored, RoundStarted, TurnCompleted
from roleplay.formats.rubric import Rubric, format_setting
from roleplay.formats.scenario import Scenario
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import Lang
from roleplay.runs.transcript import MARKDOWN, Run
from roleplay.runs.words import Words, backends_text, join, turn_label, typeset
from roleplay.scoring.scorecard import ContradictionEffect, Scorecard
from roleplay.templating import bytecode_cache


def cell(text: object) -> str:
    """Make text safe for one Markdown table cell (pipes escaped, newlines folded)."""
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    folder = Path(__file__).parent / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache(),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = cell
    return env


def instrument_setting(rubric: Rubric, lang: Lang, iid: str, value: float | None) -> str:
    """The setting of instrument ``iid`` at ``value`` in ``lang`` (units in the language,
    :func:`roleplay.formats.rubric.format_setting`); an instrument not in ``rubric`` shows its bare value."""
    try:
        param = rubric.instrument(iid).parameter
    except KeyError:
        param = None
    return format_setting(value, param, lang)


def via_names(c: ContradictionEffect, scenario: Scenario, rubric: Rubric, lang: Lang) -> list[str]:
    """What eases or worsens contradiction ``c``: the chosen options that ease it themselves
    (their labels), then the instruments (their names)."""
    opts = [scenario.issue(i).option(o).label.in_(lang) for i, o in (x.split(":", 1) for x in c.options)]
    return opts + [rubric.instrument(i).name.in_(lang) for i in c.via]


def card_view(run: Run, card: Scorecard) -> dict:
    """Display rows for a scorecard in the run's language (used by Markdown and the CLI)."""
    s, lang = run.started, run.started.lang
    rubric = s.rubric
    L = Words(lang)
    names = {p.id: p.name.in_(lang) for p in s.personas}
    shorts = {p.id: p.short.in_(lang) for p in s.personas}
    items = []
    if card.package:
        for it in card.package.items:
            ins = rubric.instrument(it.instrument)
            items.append(
                {"name": ins.name.in_(lang), "setting": format_setting(it.value, ins.parameter, lang)}
            )
    return {
        "package": card.package,
        "adopted": card.adopted,
        "items": items,
        "total": card.total(),
        "n_scored": card.n_scored,
        "elements": [
            {
                "name": rubric.mechanism(e.element).name.in_(lang),
                "zh": rubric.mechanism(e.element).name.zh,
                "score": "—" if e.score is None else e.score,
                "rationale": e.rationale,
                "evidence": join(
                    [
                        L(
                            "label-value",
                            label=turn_label(ev.turn, shorts, lang),
                            value=L("quote", quote=ev.quote),
                        )
                        for ev in e.evidence
                    ],
                    lang,
                    "item-sep",
                ),
            }
            for e in card.elements
        ],
        "contradictions": [
            {
                "name": rubric.mechanism(c.contradiction).name.in_(lang),
                "effect": L[c.effect],
                "via": join(via_names(c, s.scenario, rubric, lang), lang),
            }
            for c in card.contradictions
        ],
        "paths": [
            {
                "name": rubric.mechanism(p.path).name.in_(lang),
                "via": join([rubric.instrument(i).name.in_(lang) for i in p.instruments], lang),
            }
            for p in card.paths
        ],
        "consensus": L("consensus-level", level=card.consensus),
        "share": card.support_share,
        "satisfaction": [{"name": names.get(k, k), "value": v} for k, v in card.satisfaction.items()],
    }


def rounds_view(run: Run, people: dict[str, dict]) -> list[dict]:
    """The transcript as rounds of items for templates: ``[{n, title, announce, score,
    items: [{kind: "turn", turn, **people[persona]} | {kind: "note", note}]}]``.

    ``people`` maps persona id to display fields (name, and e.g. a colour for HTML); the
    vote result is left out (templates show it with the scorecard).
    """
    lang = run.started.lang
    rounds: list[dict] = []
    for e in run.events:
        if isinstance(e, RoundStarted):
            rounds.append(
                {
                    "n": e.round,
                    "title": e.note.title.in_(lang) if e.note.title else e.phase,
                    "announce": e.note.text,
                    "items": [],
                }
            )
        elif isinstance(e, TurnCompleted) and rounds:
            who = people.get(e.turn.persona, {"name": e.turn.persona})
            rounds[-1]["items"].append({"kind": "turn", "turn": e.turn, **who})
        elif isinstance(e, ModeratorSpoke) and rounds and e.note.kind != "vote_result":
            rounds[-1]["items"].append({"kind": "note", "note": e.note})
        elif isinstance(e, RoundScored) and rounds:
            rounds[-1]["score"] = e.scorecard.total()
    return rounds


def markdown(run: Run) -> str:
    """The Markdown transcript of ``run``: header, rounds with speeches, proposals and
    stances, moderator notes, and the final scorecard."""
    s: DebateStarted = run.started
    lang = s.lang
    names = {p.id: p.name.in_(lang) for p in s.personas}
    rounds = rounds_view(run, {pid: {"name": name} for pid, name in names.items()})
    final = run.ended.scorecard if run.ended else (run.round_scores()[-1] if run.round_scores() else None)
    result = next(
        (e.note.text for e in run.events if isinstance(e, ModeratorSpoke) and e.note.kind == "vote_result"),
        "",
    )
    inst_names = {i.id: i.name.in_(lang) for i in s.rubric.instruments}
    judge = run.ended.judge_scorecard if run.ended else None
    text = (
        _env()
        .get_template("transcript.md.j2")
        .render(
            s=s,
            L=Words(lang),
            lang=lang,
            backends=backends_text(s.backends, {p.id: p.short.in_(lang) for p in s.personas}, lang),
            rounds=rounds,
            ended=run.ended,
            result=result,
            card=card_view(run, final) if final else None,
            inst_names=inst_names,
            setting=lambda iid, value: instrument_setting(s.rubric, lang, iid, value),
            judge=card_view(run, judge) if judge else None,
            judge_scorer=judge.scorer if judge else "",
            disagreement=disagreement_rows(run, final, judge) if final and judge else [],
            judge_failed=judge_failure(run),
            title=s.scenario.title.in_(lang),
            question=s.scenario.question.in_(lang),
            names=names,
        )
    )
    return typeset(text, lang)  # the template's own punctuation, older runs' notes


def disagreement_rows(run: Run, card: Scorecard, judge: Scorecard) -> list[dict]:
    """Per element: the deterministic score, the judge's ("—" if unscored) and the difference."""
    theirs = {e.element: e.score for e in judge.elements}
    rows = []
    for e in card.elements:
        j = theirs.get(e.element)
        rows.append(
            {
                "name": run.started.rubric.mechanism(e.element).name.in_(run.started.lang),
                "det": "—" if e.score is None else e.score,
                "judge": "—" if j is None else j,
                "delta": f"{j - e.score:+d}" if j is not None and e.score is not None else "—",
            }
        )
    return rows


def judge_failure(run: Run) -> str:
    """ "" unless an LLM judge was asked for and left the debate unscored; then one line
    saying so and why (from its notices on turn ``judge``)."""
    spec = run.started.backends.get("moderator", "offline")
    if (
        spec == "offline"
        or run.ended is None
        or run.ended.judge_scorecard is not None
        or run.ended.scorecard is None
    ):
        return ""
    from roleplay.debate.events import BackendNotice

    why = [e.detail for e in run.events if isinstance(e, BackendNotice) and e.turn == "judge"]
    lang = run.started.lang
    if why:
        return t("doc-judge-unscored-why", lang, spec=spec, why=why[-1])
    return t("doc-judge-unscored", lang, spec=spec)


def write_markdown(folder: Path, run: Run) -> Path:
    """Render and write ``transcript.md``. Returns the path."""
    from roleplay.runs.outdir import write_file

    return write_file(folder / MARKDOWN, markdown(run), force=True)  # atomic; never through a link


def keep_edited(folder: Path, run: Run) -> Path | None:
    """Before ``transcript.md`` is rewritten: if it differs from what roleplay would write
    for ``run`` (someone added notes), copy it to ``transcript.edited-N.md`` and return
    that path; otherwise None."""
    path = folder / MARKDOWN
    if not path.is_file():
        return None
    current = path.read_text(encoding="utf-8", errors="replace")
    if current == markdown(run):
        return None
    n = 1
    while (folder / f"transcript.edited-{n}.md").exists():
        n += 1
    backup = folder / f"transcript.edited-{n}.md"
    backup.write_text(current, encoding="utf-8")
    return backup
