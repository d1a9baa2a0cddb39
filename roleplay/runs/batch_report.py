"""The aggregate report of a batch (``report.json`` + ``report.md``), built from the seed
folders alone, so it can be rebuilt at any time.

Every figure carries its own ``n_scored / n_total``: a run counts as *scored* when it ended
with a final scorecard; failed, crashed and unfinished seeds are listed apart and left
out of every figure, never averaged in silently.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from roleplay.formats.text import Strict
from roleplay.runs.batch_folder import ERROR_FILE, batch_setup, last_event, seed_folder
from roleplay.runs.batch_manifest import BatchSpec, public_spec
from roleplay.scoring.scorecard import Scorecard
from roleplay.secrets import scrub_url

REPORT_JSON, REPORT_MD = "report.json", "report.md"


class Distribution(Strict):
    """Summary of the values that exist among ``n_total`` runs (``n_scored`` of them).
    Statistics are None when ``n_scored`` is 0; ``counts`` maps a value to how many runs had it."""

    n_scored: int
    n_total: int
    mean: float | None = None
    median: float | None = None
    min: float | None = None
    max: float | None = None
    counts: dict[str, int] = Field(default_factory=dict)


class ElementStats(Strict):
    """Score distribution (0..4) of one of the six elements."""

    id: str
    name: str
    scores: Distribution


class InstrumentStats(Strict):
    """How many scored runs adopted a package containing this instrument."""

    id: str
    name: str
    adopted: int
    n_scored: int
    n_total: int


class PersonaStats(Strict):
    """A persona's satisfaction (0..1) with the final package, over scored runs."""

    id: str
    name: str
    satisfaction: Distribution


class FailedRun(Strict):
    """A seed that has no final scorecard, and why."""

    seed: int
    folder: str
    reason: str


class JudgeStats(Strict):
    """The LLM judge over a batch (issue #14): ``n_judged`` runs it scored of ``n_total``
    requested, the runs it left unscored and why, and its tokens and time."""

    label: str
    n_judged: int
    n_total: int
    failed: list[FailedRun] = Field(default_factory=list)
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0


class BatchReport(Strict):
    """``report.json``: every figure carries its own n_scored / n_total.

    A run is *scored* when it ended with a final scorecard; every other requested seed
    (failed, crashed, unfinished) is listed in ``failed`` and left out of every figure.
    """

    spec: BatchSpec
    seeds: str
    n_total: int
    n_scored: int
    failed: list[FailedRun]
    adopted_runs: int
    total: Distribution
    elements: list[ElementStats]
    instruments: list[InstrumentStats]
    personas: list[PersonaStats]
    consensus: dict[str, int]
    judge: JudgeStats | None = None


def distribution(values: list[float], n_total: int, count: bool = True) -> Distribution:
    """Distribution of ``values`` among ``n_total`` runs; ``count`` adds per-value counts."""
    if not values:
        return Distribution(n_scored=0, n_total=n_total)
    v = sorted(values)
    mid = len(v) // 2
    median = v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2
    counts = {}
    if count:
        for x in v:
            counts[f"{x:g}"] = counts.get(f"{x:g}", 0) + 1
    return Distribution(
        n_scored=len(v),
        n_total=n_total,
        mean=round(sum(v) / len(v), 4),
        median=median,
        min=v[0],
        max=v[-1],
        counts=counts,
    )


def _final(folder: Path) -> tuple[Scorecard | None, str]:
    """(final Scorecard or None, reason when None) of a seed folder.

    A run counts as failed when it ended with status ``failed`` (a fatal backend, a
    round of failed turns) or without a final scorecard (no turn succeeded), even if
    its status is ``finished``: an unscored run is never averaged in as zeros.
    """
    last = last_event(folder)
    if last is None or last.get("type") != "debate_ended":
        err = folder / ERROR_FILE
        if err.is_file():
            return None, err.read_text(encoding="utf-8", errors="replace").strip()
        return None, "unfinished (rerun to resume)"
    status, reason = last.get("status"), last.get("reason") or "no reason recorded"
    if status == "failed":
        return None, f"failed: {reason}"
    if not last.get("scorecard"):
        return None, f"unscored: no turn succeeded ({status}: {reason})"
    try:
        return Scorecard.model_validate(last["scorecard"]), ""
    except ValueError:
        return None, "the final scorecard in events.jsonl cannot be read (edited by hand?); rerun this seed"


def judge_stats(spec: BatchSpec, seeds: list[int], root: Path) -> JudgeStats | None:
    """The LLM judge's record over ``seeds`` (None when the batch has no LLM judge).

    A run counts as judged when its ``debate_ended`` event holds the judge's scorecard; every
    other requested seed (the judge failed, or the run ended before it) is listed with why.
    """
    label = spec.moderator_model or batch_setup(spec).scenario.moderator_backend
    if label == "offline":
        return None
    stats = JudgeStats(label=scrub_url(label), n_judged=0, n_total=len(seeds))
    for s in seeds:
        last = last_event(seed_folder(root, s)) or {}
        record = last.get("judge") or {}
        if record.get("label"):
            stats.label = record["label"]
        usage = record.get("usage") or {}
        stats.calls += int(usage.get("calls") or 0)
        stats.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        stats.completion_tokens += int(usage.get("completion_tokens") or 0)
        stats.latency_s = round(stats.latency_s + float(usage.get("latency_s") or 0), 3)
        if last.get("judge_scorecard"):
            stats.n_judged += 1
            continue
        if last.get("type") != "debate_ended":
            why = "the run did not finish"
        elif not record:
            why = "the judge was not asked (the debate ended without a final scorecard)"
        else:
            why = record.get("error") or "the judge gave no scorecard"
        stats.failed.append(FailedRun(seed=s, folder=seed_folder(root, s).name, reason=why))
    return stats


def aggregate(spec: BatchSpec, seeds: list[int], root: Path, seeds_text: str = "") -> BatchReport:
    """Build the report for ``seeds`` from their folders under ``root`` (the source of truth).

    Names come from the batch's scenario, rubric and personas (``batch_setup``).
    """
    setup = batch_setup(spec)
    personas, rubric, lang = setup.personas, setup.rubric, setup.lang
    cards, failed = [], []
    for s in seeds:
        card, why = _final(seed_folder(root, s))
        if card is None:
            failed.append(FailedRun(seed=s, folder=seed_folder(root, s).name, reason=why))
        else:
            cards.append(card)
    n = len(seeds)
    adopted = [c for c in cards if c.adopted and c.package]
    elements = [
        ElementStats(
            id=m.id,
            name=m.name.in_(lang),
            scores=distribution(
                [e.score for c in cards for e in c.elements if e.element == m.id and e.score is not None], n
            ),
        )
        for m in rubric.elements
    ]
    instruments = [
        InstrumentStats(
            id=i.id,
            name=i.name.in_(lang),
            n_scored=len(cards),
            n_total=n,
            adopted=sum(i.id in c.package.instrument_ids() for c in adopted),
        )
        for i in rubric.instruments
    ]
    instruments.sort(key=lambda x: (-x.adopted, x.id))
    people = [
        PersonaStats(
            id=p.id,
            name=p.name.in_(lang),
            satisfaction=distribution(
                [c.satisfaction[p.id] for c in cards if p.id in c.satisfaction], n, count=False
            ),
        )
        for p in personas
    ]
    consensus: dict[str, int] = {}
    for c in cards:
        consensus[c.consensus] = consensus.get(c.consensus, 0) + 1
    return BatchReport(
        spec=public_spec(spec),  # no URL credentials in a saved report (issue #14 item 1)
        seeds=seeds_text or (f"{seeds[0]}-{seeds[-1]}" if seeds else ""),
        n_total=n,
        n_scored=len(cards),
        failed=failed,
        adopted_runs=len(adopted),
        total=distribution([c.total() for c in cards], n),
        elements=elements,
        instruments=instruments,
        personas=people,
        consensus=consensus,
        judge=judge_stats(spec, seeds, root),
    )


def write_report(root: Path, report: BatchReport) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.md`` into the batch folder; returns both paths."""
    from roleplay.runs.export import render_template

    j, m = Path(root) / REPORT_JSON, Path(root) / REPORT_MD
    j.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    m.write_text(render_template("batch_report.md.j2", r=report), encoding="utf-8")
    return j, m
