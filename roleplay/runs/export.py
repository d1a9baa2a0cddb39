"""Teaching exports of saved runs: Markdown or one self-contained HTML file, and a
side-by-side comparison of two runs.

The HTML file needs nothing beside it: CSS is inline and the plot of scores by round is an
SVG embedded as a ``data:`` image. Templates live in ``roleplay/templates/``; HTML
templates autoescape, Markdown ones do not. Debrief questions come from the run's
``stage.json`` (written by a workshop) or, for a plain run, the workshop defaults.
"""

# Over ~300 lines: the Markdown and HTML handouts and the comparison share one view model;
# a split (export_view / compare) is planned with issue #12's teaching kit.

from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

import jinja2

from roleplay.debate.events import ModeratorSpoke
from roleplay.errors import InputError
from roleplay.formats.rubric import Mechanism
from roleplay.formats.workshop import STAGE_FILE, debrief_questions
from roleplay.i18n.lang import Lang, article_text, is_zh
from roleplay.runs.report import card_view, cell, instrument_setting, rounds_view
from roleplay.runs.transcript import Run
from roleplay.runs.words import Words, backends_text, typeset
from roleplay.scoring.scorecard import Scorecard
from roleplay.templating import bytecode_cache

Format = Literal["md", "html"]

ELEMENT_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
PERSONA_COLORS = {
    "red": "#b03a2e",
    "yellow": "#9a7d0a",
    "green": "#1e8449",
    "blue": "#2464a4",
    "magenta": "#8e44ad",
    "cyan": "#117a8b",
    "white": "#555555",
}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    folder = Path(__file__).parent / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache(),
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        keep_trailing_newline=True,
    )
    env.filters["cell"] = cell
    env.globals["words"] = Words
    return env


def render_template(name: str, lang: Lang | None = None, **context) -> str:
    """Render ``roleplay/runs/templates/<name>`` (StrictUndefined; ``*.html.j2`` autoescaped).

    With ``lang`` (also given to the template, which may build its words with
    ``words(lang)``) the whole document is set in the language's typography
    (:func:`roleplay.runs.words.typeset`)."""
    if lang is None:
        return _env().get_template(name).render(**context)
    return typeset(_env().get_template(name).render(lang=lang, **context), lang)


def persona_color(name: str) -> str:
    """A CSS colour, readable on white, for a persona's Rich colour name."""
    if name in PERSONA_COLORS:
        return PERSONA_COLORS[name]
    try:
        from rich.color import Color

        r, g, b = Color.parse(name).get_truecolor()
        return f"#{r * 3 // 4:02x}{g * 3 // 4:02x}{b * 3 // 4:02x}"
    except Exception:  # an unknown colour name is cosmetic, not an error
        return "#555555"


def debrief_for(run_dir: Path, lang: str) -> list[str]:
    """The debrief questions of the workshop stage that produced ``run_dir`` (its
    ``stage.json``), else the default questions, in ``lang``."""
    path = Path(run_dir) / STAGE_FILE
    if path.is_file():
        try:
            qs = json.loads(path.read_text(encoding="utf-8")).get("debrief")
            if qs:
                return [str(q) for q in qs]
        except (ValueError, AttributeError):
            pass
    return debrief_questions(None, lang)


def score_plot_svg(run: Run) -> str:
    """An SVG (text) of the per-round scorecards and the final one: one stacked bar per
    round, one segment per element (0..4 each, 0..24 in all), the total above each bar,
    and a legend. Element names are in the run's language."""
    s, lang = run.started, run.started.lang
    els = s.rubric.elements
    L = Words(lang)
    cards = [(L("round", n=c.round), c) for c in run.round_scores()]
    if run.ended and run.ended.scorecard:
        cards.append((L.final, run.ended.scorecard))
    w, h, left, top, plot_h = 680, 300, 44, 34, 200
    n = max(len(cards), 1)
    slot = (w - left - 20) / n
    bar = min(56.0, slot * 0.6)
    y = lambda v: top + plot_h - v * plot_h / 24  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="18" font-size="14" font-weight="bold">{_x(L("plot-range", title=L.plot))}</text>',
    ]
    for v in (0, 6, 12, 18, 24):
        out.append(
            f'<line x1="{left}" x2="{w - 20}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#666">{v}</text>'
        )
    for i, (label, card) in enumerate(cards):
        x0, acc = left + slot * i + (slot - bar) / 2, 0
        by_id = {e.element: e.score or 0 for e in card.elements}
        for k, m in enumerate(els):
            v = by_id.get(m.id, 0)
            if v:
                out.append(
                    f'<rect x="{x0:.1f}" y="{y(acc + v):.1f}" width="{bar:.1f}" height="{v * plot_h / 24:.1f}" '
                    f'fill="{ELEMENT_COLORS[k % 6]}"/>'
                )
            acc += v
        out.append(
            f'<text x="{x0 + bar / 2:.1f}" y="{y(acc) - 4:.1f}" text-anchor="middle">{card.total()}</text>'
            f'<text x="{x0 + bar / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#444">'
            f"{_x(label)}</text>"
        )
    if not cards:
        out.append(f'<text x="{w / 2}" y="{top + plot_h / 2}" text-anchor="middle">{_x(L.no_rounds)}</text>')
    for k, m in enumerate(els):
        lx, ly = left + (k % 3) * 210, top + plot_h + 40 + (k // 3) * 20
        out.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{ELEMENT_COLORS[k % 6]}"/>'
            f'<text x="{lx + 18}" y="{ly}">{_x(m.name.in_(lang))}</text>'
        )
    return "\n".join([*out, "</svg>"])


def _x(text: str) -> str:
    """Escape text for SVG/XML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def plot_data_uri(run: Run) -> str:
    """The score plot as a ``data:image/svg+xml;base64,...`` URI (for an ``<img>``)."""
    return "data:image/svg+xml;base64," + base64.b64encode(score_plot_svg(run).encode("utf-8")).decode(
        "ascii"
    )


def final_card(run: Run) -> Scorecard | None:
    """The final scorecard, or the last round's for an interrupted run, or None (a run
    that ended unscored because no turn succeeded: never shown as a row of zeros)."""
    if run.ended is not None:
        return run.ended.scorecard
    cards = run.round_scores()
    return cards[-1] if cards else None


def cited(run: Run, card: Scorecard | None) -> list[Mechanism]:
    """Mechanisms the run cites, in rubric order: elements scored above 0 or with
    evidence, contradictions the package touches, paths it follows, and any mechanism a
    turn invoked."""
    r = run.started.rubric
    ids = {m for t in run.turns() if t.move for m in t.move.mechanisms}
    if card is not None:
        ids |= {e.element for e in card.elements if (e.score or 0) > 0 or e.evidence}
        ids |= {c.contradiction for c in card.contradictions if c.effect != "untouched"}
        ids |= {p.path for p in card.paths}
    return [m for m in (*r.elements, *r.contradictions, *r.paths) if m.id in ids]


def _rounds(run: Run) -> list[dict]:
    """The transcript as rounds of items (turns and notes), with persona colours for HTML."""
    lang = run.started.lang
    people = {p.id: {"name": p.name.in_(lang), "color": persona_color(p.color)} for p in run.started.personas}
    return rounds_view(run, people)


def view(run: Run, debrief: list[str]) -> dict:
    """Everything the export templates need for one run (with what each human seat said and
    voted, roleplay.runs.grading)."""
    from roleplay.runs.grading import human_view

    s, lang = run.started, run.started.lang
    card = final_card(run)
    result = next(
        (e.note.text for e in run.events if isinstance(e, ModeratorSpoke) and e.note.kind == "vote_result"),
        "",
    )
    return {
        "s": s,
        "lang": lang,
        "L": Words(lang),
        "title": s.scenario.title.in_(lang),
        "question": s.scenario.question.in_(lang),
        "brief": s.scenario.brief.in_(lang),
        "ended": run.ended,
        "rounds": _rounds(run),
        "card": card_view(run, card) if card else None,
        "result": result,
        "plot": plot_data_uri(run),
        "backends": backends_text(s.backends, {p.id: p.short.in_(lang) for p in s.personas}, lang),
        "debrief": debrief,
        "cited": [
            {
                "name": m.name.in_(lang),
                "zh": article_text(m.name.zh, lang),
                "kind": m.kind,
                "section": article_text(m.section, lang),
                "passage": article_text(m.passage, lang),
                "passage_lang": source_lang(lang),
            }
            for m in cited(run, card)
        ],
        **_names(run),
        **human_view(run),
    }


def source_lang(lang: Lang) -> Lang:
    """The BCP 47 tag of the article's passages in a ``lang`` document: the article's own
    ``zh-Hant`` (quoted as written) in an English document, else the document's script."""
    return lang if is_zh(lang) else "zh-Hant"


def _names(run: Run) -> dict:
    """Instrument display names, and ``setting(iid, value)`` (a value with its unit), in the
    run's language."""
    rubric, lang = run.started.rubric, run.started.lang
    return {
        "inst_names": {i.id: i.name.in_(lang) for i in rubric.instruments},
        "setting": lambda iid, value: instrument_setting(rubric, lang, iid, value),
    }


def check_format(fmt: str) -> Format:
    """``fmt`` as a :data:`Format`. Raises InputError unless it is ``md`` or ``html``."""
    if fmt not in ("md", "html"):
        raise InputError("error-export-format", fmt=fmt)
    return cast("Format", fmt)


def _load(run_dir: Path) -> Run:
    """``roleplay.runs.transcript.load_run``: tolerant, unreadable lines are listed in ``Run.skipped``."""
    from roleplay.runs.transcript import load_run

    return load_run(Path(run_dir))


def export_run(run: Run, run_dir: Path, fmt: Format) -> str:
    """The export of a loaded ``run`` (from ``run_dir``, for its stage.json) as ``md`` or ``html``."""
    check_format(fmt)
    v = view(run, debrief_for(run_dir, run.started.lang))
    if fmt == "md":
        from roleplay.runs.report import markdown

        return render_template("export.md.j2", transcript=markdown(run), **v)
    return render_template("export.html.j2", **v)


def export_text(run_dir: Path, fmt: Format) -> str:
    """The export of the run in ``run_dir`` as text (``md`` or ``html``).

    Raises:
        TranscriptError: not a run folder. InputError: an unknown format.
    """
    check_format(fmt)
    return export_run(_load(run_dir), run_dir, fmt)


def compare_view(a: Run, b: Run) -> dict:
    """Side-by-side rows for two runs: element scores with the difference (b - a),
    packages, consensus and satisfaction, then issue by issue, instrument by instrument and
    where the paths parted (roleplay.runs.divergence). Labels follow run ``a``'s language."""
    from roleplay.runs.divergence import divergence_view

    lang = a.started.lang
    ca, cb = final_card(a), final_card(b)
    sa = {e.element: e.score for e in ca.elements} if ca else {}
    sb = {e.element: e.score for e in cb.elements} if cb else {}
    rows = []
    for m in a.started.rubric.elements:
        x, y = sa.get(m.id), sb.get(m.id)
        rows.append(
            {
                "name": m.name.in_(lang),
                "a": "—" if x is None else x,
                "b": "—" if y is None else y,
                "diff": "—" if x is None or y is None else f"{y - x:+d}",
            }
        )
    personas = {p.id: p.name.in_(lang) for p in (*a.started.personas, *b.started.personas)}
    sat = [
        {
            "name": personas[p],
            "a": ca.satisfaction.get(p) if ca else None,
            "b": cb.satisfaction.get(p) if cb else None,
        }
        for p in personas
    ]
    side = [
        {
            "s": r.started,
            "card": card_view(r, c) if c else None,
            "plot": plot_data_uri(r),
            "title": r.started.scenario.title.in_(r.started.lang),
            "rounds": _rounds(r),
            **_names(r),
        }
        for r, c in ((a, ca), (b, cb))
    ]
    return {
        "lang": lang,
        "L": Words(lang),
        "rows": rows,
        "sat": sat,
        "side": side,
        "totals": [c.total() if c else None for c in (ca, cb)],
        **divergence_view(a, b),
    }


def compare_text(run_a: Path, run_b: Path, fmt: Format) -> str:
    """A side-by-side comparison of two run folders as ``md`` or ``html`` text.

    Raises:
        TranscriptError: either is not a run folder. InputError: an unknown format.
    """
    check_format(fmt)
    return compare_runs(_load(run_a), _load(run_b), fmt)


def compare_runs(a: Run, b: Run, fmt: Format) -> str:
    """The comparison of two loaded runs as ``md`` or ``html`` text."""
    check_format(fmt)
    return render_template(f"compare.{fmt}.j2", **compare_view(a, b))


def output_path(out: Path | None, default: Path, name_in_folder: str) -> Path:
    """Where to write: ``default`` without ``out``; ``out/name_in_folder`` when ``out`` is an
    existing folder; else ``out`` itself (a file path)."""
    if out is None:
        return default
    return out / name_in_folder if out.is_dir() else out
