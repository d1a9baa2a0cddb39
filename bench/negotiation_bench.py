"""Negotiation benchmark (issue #9 "Done when"): runs offline batches and prints every figure.

Usage: ``python bench/negotiation_bench.py [--seeds 1-50] [--scenarios a,b] [--langs zh,en]
[--out DIR] [--no-run] [--json FILE]``. Not a test. For each scenario x lang it runs
``roleplay batch SCENARIO --seeds S --lang L --concurrency 2 --out DIR/<scenario>-<lang>``
(resumable; skipped when every seed there is finished, or with ``--no-run``), loads each
``seed-NNNN`` folder with ``roleplay.runs.transcript.load_run`` and prints one table: a
column per scenario/lang, per language and in total, the target and PASS/MISS.

Figures (runs = finished runs; shares are 0..1, printed as %):

- ``argued``: share of runs in which every declared issue is argued. An issue is argued when
  some turn's ``Move.claims`` holds a claim bearing on it; a claim bears on an issue when one
  of its ``favours`` targets names an instrument used by one of the issue's options.
- ``settled``: share of runs whose outcome settles every issue (adopted ``Scorecard.package``,
  ``settles[issue]`` a valid option id of that issue) or is an explicit no deal (nothing
  adopted and the moderator announced a vote result).
- ``unanimous`` / ``majority`` / ``no_deal``: adopted with ``consensus == "unanimous"`` /
  adopted otherwise / nothing adopted. ``tie_break``: ``Scorecard.tie_break`` (or the
  vote_result note's) if the engine provides it, else the vote_result note text (得票相同,
  tie-break, level on votes) or a tally in which another package has as many vote-round
  "support" stances (among voters) as the adopted one.
- ``leader``: among deal runs whose moderator named a leader, share where the LAST summary
  note's leader (``ModeratorNote.leading`` if present, else ``暫居領先的是P2`` / ``P2 leads``
  in the text) is the adopted package id.
- ``revisions``: per proposal id, each version higher than the last one seen (in the
  ``table`` of turn_completed events, then ``Move.proposal``) is a revision; share that drop an
  instrument, change a common instrument's value, or change/un-settle an issue's option.
- ``answers``: share of negotiation-phase turns with a move whose ``Move.answers`` names an
  earlier turn (id) of that run, by ``answers.persona`` != the speaker, whose move's
  ``claims`` contain ``answers.claim``.
- ``figures``: share of runs with >= 3 speeches carrying a figure: the speech contains a
  claim's text (debate language) with non-empty ``figures`` or one of those figure strings,
  and that figure string is verbatim in the article file. ``bad_figs`` counts claim figures
  missing from the article.
- ``near_dup``: share of speeches whose character 5-gram Jaccard with some speech of ANOTHER
  run (same scenario and lang) is > 0.5 (exact; candidates by prefix filtering, bitsets).
  ``rep_runs``: runs in which a sentence (split on 。！？!? and ". ", >= 6 chars) repeats.
- ``p10/p50/p90/spread``: score totals (``Scorecard.total()``) per language; ``zh_en_diff``:
  (scenario, seed) pairs whose zh and en totals differ; ``quotes``: share of evidence quotes
  that are a substring of, or contain, a claim's zh or en text (claims of the runs' rubric
  snapshot); ``open_below``: max total of runs leaving an issue
  open or with no deal < min total of runs settling every issue, in every scenario (1 yes,
  0 no; n/a when a scenario lacks one of the two kinds).
- ``rate``: debates/s of the batch subprocess (whole command).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from roleplay.i18n.lang import LANGS, as_lang, source  # noqa: E402

SCENARIOS = ["patient-capital", "hundred-models", "chip-controls"]
ARTICLE = ROOT.parent / "shared/seed/article.zh-Hant.txt"  # ../shared/seed from the checkout
if not ARTICLE.is_file():
    ARTICLE = Path("/work/shared/seed/article.zh-Hant.txt")
# key -> (label, comparison, target, scope): scope "all" judges the total column, "each" every
# scenario/lang column, "lang" the zh and en columns.
PHASES = ("opening", "proposal", "negotiation", "vote")
"""Round phases the near-duplicate figure is broken down by."""

TARGETS = {
    "argued": ("every issue argued", ">=", 1.0, "each"),
    "settled": ("settles all / no deal", ">=", 0.95, "all"),
    "unanimous": ("unanimous", "<=", 0.40, "all"),
    "majority": ("majority-only", ">=", 0.15, "all"),
    "no_deal": ("no deal", ">=", 0.05, "all"),
    "tie_break": ("decided by tie-break", "<=", 0.10, "all"),
    "leader": ("last leader = adopted", ">=", 1.0, "each"),
    "revisions": ("revisions drop/change", ">=", 0.40, "all"),
    "answers": ("turns answer a claim", ">=", 0.60, "all"),
    "figures": ("runs >=3 figure speeches", ">=", 0.80, "all"),
    "bad_figs": ("claim figures not in article", "<=", 0, "all"),
    "near_dup": ("cross-run near-dup speeches", "<=", 0.25, "each"),
    **{f"near_dup_{ph}": (f"  near-dup in {ph}", None, None, "each") for ph in PHASES},
    "rep_runs": ("runs repeating a sentence", "<=", 0, "all"),
    "p10": ("score p10", None, None, "lang"),
    "p50": ("score p50", None, None, "lang"),
    "p90": ("score p90", None, None, "lang"),
    "spread": ("score p90-p10", ">=", 6, "lang"),
    "zh_en_diff": ("zh/en total mismatches", "<=", 0, "all"),
    "quotes": ("evidence quotes = claim text", ">=", 0.80, "all"),
    "open_below": ("open/no deal < settled", ">=", 1, "all"),
    "rate": ("debates/s", ">=", 10, "each"),
}
SHARES = {k for k, v in TARGETS.items() if isinstance(v[2], float) or k.startswith("near_dup_")}


@dataclass
class RunView:
    """What the figures read from one run (built by :func:`view`; tests build it directly).

    ``issues``: issue id -> (instrument ids of its options, option ids); ``claims``: claim id ->
    Claim; ``turns``: roleplay Turn models in order; ``notes``: ModeratorNote models in order;
    ``tables``: the proposals on the table after each turn; ``card``: the final Scorecard or None.
    """

    scenario: str
    lang: str
    seed: int
    issues: dict[str, tuple[set[str], set[str]]]
    claims: dict
    turns: list
    notes: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    card: object | None = None
    voters: list[str] = field(default_factory=list)
    dups: list[bool] | None = None  # near-duplicate flag per speech, cached by figures_of


def view(run) -> RunView:
    """A RunView of a loaded ``roleplay.runs.transcript.Run``."""
    from roleplay.debate.events import ModeratorSpoke, RoundStarted, TurnCompleted

    sc = run.started.scenario
    issues = {
        i.id: ({s.instrument for o in i.options for s in o.settings}, {o.id for o in i.options})
        for i in getattr(sc, "issues", [])
    }
    notes = [e.note for e in run.events if isinstance(e, ModeratorSpoke | RoundStarted)]
    return RunView(
        scenario=sc.id,
        lang=run.started.lang,
        seed=run.started.seed,
        issues=issues,
        claims={c.id: c for c in getattr(run.started.rubric, "claims", [])},
        turns=run.turns(),
        notes=notes,
        tables=[e.table for e in run.events if isinstance(e, TurnCompleted)],
        card=run.ended.scorecard if run.ended else None,
        voters=sc.voter_ids(),
    )


def moves(r: RunView) -> list:
    """(turn, move) for the run's turns that have a move."""
    return [(t, t.move) for t in r.turns if getattr(t, "move", None) is not None]


def argued_all(r: RunView) -> bool:
    """True when every declared issue has a claim bearing on it in some turn's ``Move.claims``."""
    made = {c for _, m in moves(r) for c in (getattr(m, "claims", None) or [])}
    bear = {cid: {t.instrument for t in r.claims[cid].favours} for cid in made if cid in r.claims}
    return bool(r.issues) and all(any(ins & used for used in bear.values()) for ins, _ in r.issues.values())


def adopted(r: RunView):
    """The adopted Proposal (``Scorecard.adopted``), or None (no card, or no deal)."""
    c = r.card
    return c.package if c is not None and c.adopted else None


def vote_notes(r: RunView) -> list:
    """The moderator's vote_result notes."""
    return [n for n in r.notes if getattr(n, "kind", "") == "vote_result"]


def outcome(r: RunView) -> str:
    """``settled`` (adopted, every issue settled by a valid option), ``open`` (adopted, some issue
    open), ``no_deal`` (nothing adopted after a vote the moderator announced), or ``none``."""
    p = adopted(r)
    if p is not None:
        s = getattr(p, "settles", {}) or {}
        return "settled" if all(s.get(i) in opts for i, (_, opts) in r.issues.items()) else "open"
    if r.card is not None and vote_notes(r):
        return "no_deal"
    return "none"


def tie_break(r: RunView) -> bool:
    """Whether the vote rule's tie-break decided the adopted package (``Scorecard.tie_break``)."""
    return adopted(r) is not None and bool(r.card.tie_break)


def last_leader(r: RunView) -> str | None:
    """Id of the package named ``leading`` in the LAST moderator summary that names one
    (``ModeratorNote.leading``: what the vote rule would adopt then), or None."""
    found = None
    for n in r.notes:
        if getattr(n, "kind", "") == "summary" and getattr(n, "leading", None):
            found = n.leading
    return found


def revisions(r: RunView) -> list[tuple[object, object]]:
    """(previous, new) Proposal pairs for every version increase of a proposal id, in order."""
    last, out = {}, []
    snaps = list(r.tables) + [[m.proposal] for _, m in moves(r) if m.proposal is not None]
    for table in snaps:
        for p in table:
            prev = last.get(p.id)
            if prev is not None and p.version > prev.version:
                out.append((prev, p))
            if prev is None or p.version > prev.version:
                last[p.id] = p
    return out


def revision_changes(prev, new) -> bool:
    """True when ``new`` drops an instrument of ``prev``, changes a common instrument's value,
    or settles an issue ``prev`` settled with another option (or leaves it open)."""
    old = {i.instrument: i.value for i in prev.items}
    now = {i.instrument: i.value for i in new.items}
    if set(old) - set(now) or any(now[k] != v for k, v in old.items() if k in now):
        return True
    return any(new.settles.get(k) != v for k, v in prev.settles.items())


def answer_ok(r: RunView, k: int) -> bool:
    """Whether turn ``k``'s ``Move.answers`` names an earlier turn of another persona whose move
    contains the answered claim id."""
    t = r.turns[k]
    a = getattr(t.move, "answers", None) if t.move is not None else None
    if a is None or a.persona == t.persona:
        return False
    return any(
        e.id == a.turn
        and e.persona == a.persona
        and e.move is not None
        and a.claim in (getattr(e.move, "claims", None) or [])
        for e in r.turns[:k]
    )


def article_figures(claims: dict, article: str) -> tuple[set[str], set[str]]:
    """(claim figures found verbatim in the article, those that are not)."""
    figs = {f for c in claims.values() for f in c.figures}
    return {f for f in figs if f in article}, {f for f in figs if f not in article}


def carries_figure(speech: str, claims: dict, lang: str, good: set[str]) -> bool:
    """A speech carries a figure: it contains the text of a claim with a verified figure, or a
    verified figure string itself."""
    return any(f in speech for f in good) or any(
        c.text.in_(lang) in speech for c in claims.values() if set(c.figures) & good
    )


def shingles(text: str, n: int = 5) -> frozenset[str]:
    """Character n-grams of ``text`` (whitespace collapsed); the whole text if shorter."""
    t = " ".join(text.split())
    return frozenset(t[i : i + n] for i in range(len(t) - n + 1)) if len(t) >= n else frozenset([t])


def jaccard(a: frozenset, b: frozenset) -> float:
    """|a & b| / |a | b| (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def bitset(positions) -> int:
    """An int with the given bit positions set (built in a bytearray: linear, not quadratic)."""
    b = bytearray()
    for n in positions:
        if n >> 3 >= len(b):
            b.extend(bytes((n >> 3) - len(b) + 1))
        b[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(b, "little")


def near_duplicates(speeches: list[tuple[int, str]], threshold: float = 0.5) -> list[bool]:
    """For (run key, speech) pairs: whether each has a speech of another run whose character
    5-gram Jaccard with it is > ``threshold``. Exact and fast (bitsets as Python ints):
    candidates by prefix filtering (shingles ordered rarest first; two sets with Jaccard >= t
    share one of the first |s| - ceil(t|s|) + 1 of each), other runs only, then the exact
    Jaccard as a popcount over the shingles seen in >= 2 runs (no other can be shared)."""
    sets = [shingles(s) for _, s in speeches]
    first: dict[str, int] = {}
    shared: set[str] = set()
    for (run, _), s in zip(speeches, sets, strict=True):
        for g in s:
            if first.setdefault(g, run) != run:
                shared.add(g)
    df = Counter(g for s in sets for g in s & shared)
    rank = {g: n for n, g in enumerate(sorted(shared, key=lambda g: (df[g], g)))}
    same_run: dict[int, int] = defaultdict(int)
    posting: dict[str, int] = defaultdict(int)
    bits, prefixes = [], []
    for k, ((run, _), s) in enumerate(zip(speeches, sets, strict=True)):
        same_run[run] |= 1 << k
        mine = sorted(s & shared, key=rank.__getitem__)  # global order: unshared first, then rarest
        bits.append(bitset(rank[g] for g in mine))
        prefixes.append(mine[: max(0, len(s) - math.ceil(threshold * len(s)) + 1 - (len(s) - len(mine)))])
        for g in prefixes[-1]:
            posting[g] |= 1 << k
    dup, clean = [False] * len(sets), 0  # clean: done, no match (so already checked against k)
    for k, pre in enumerate(prefixes):
        cand = 0
        for g in pre:
            cand |= posting[g]
        cand &= ~(same_run[speeches[k][0]] | clean)
        while cand and not dup[k]:
            low = cand & -cand
            cand ^= low
            j = low.bit_length() - 1
            a, b = len(sets[k]), len(sets[j])
            if min(a, b) > threshold * max(a, b):
                inter = (bits[k] & bits[j]).bit_count()
                if inter > threshold * (a + b - inter):
                    dup[k] = dup[j] = True
        if not dup[k]:
            clean |= 1 << k
    return dup


SENT = re.compile(r"[。！？!?]+|\.+(?=\s|$)")


def repeats_sentence(speeches: list[str], min_chars: int = 6) -> bool:
    """True when a sentence (>= ``min_chars`` after stripping) occurs twice in ``speeches``."""
    seen = set()
    for s in speeches:
        for part in SENT.split(s):
            p = " ".join(part.split())
            if len(p) >= min_chars:
                if p in seen:
                    return True
                seen.add(p)
    return False


def percentile(xs: list[float], q: float) -> float | None:
    """The ``q`` (0..1) percentile with linear interpolation between order statistics."""
    if not xs:
        return None
    v, pos = sorted(xs), (len(xs) - 1) * q
    lo = math.floor(pos)
    return v[lo] + (v[min(lo + 1, len(v) - 1)] - v[lo]) * (pos - lo)


def total(r: RunView) -> int | None:
    """The final scorecard's total, or None."""
    return r.card.total() if r.card is not None else None


def is_claim_text(quote: str, texts: list[str]) -> bool:
    """A quote is claim text when it is a substring of, or contains, some claim text."""
    q = quote.strip()
    return bool(q) and any(q in t or t in q for t in texts)


def share(xs: list[bool]) -> float | None:
    """Mean of booleans, or None for an empty list."""
    return sum(xs) / len(xs) if xs else None


def figures_of(runs: list[RunView], article: str, claims: dict) -> dict:
    """Every figure of one group of runs (dict key -> value or None; see the module docstring);
    ``claims``: the claim library (for evidence quotes and figures missing from the article)."""
    f: dict = {"runs": len(runs)}
    if not runs:
        return f
    outs = [outcome(r) for r in runs]
    deals = [r for r in runs if adopted(r) is not None]
    f["argued"] = share([argued_all(r) for r in runs])
    f["settled"] = share([o in ("settled", "no_deal") for o in outs])
    unan = [getattr(r.card, "consensus", "") == "unanimous" for r in runs]
    f["unanimous"] = share([adopted(r) is not None and u for r, u in zip(runs, unan, strict=True)])
    f["majority"] = share([adopted(r) is not None and not u for r, u in zip(runs, unan, strict=True)])
    f["no_deal"] = share([adopted(r) is None for r in runs])
    f["tie_break"] = share([tie_break(r) for r in runs])
    named = [(last_leader(r), adopted(r).id) for r in deals if last_leader(r)]
    f["leader"] = share([a == b for a, b in named])
    f["leader_unnamed"] = len(deals) - len(named)
    revs = [revision_changes(a, b) for r in runs for a, b in revisions(r)]
    f["revisions"], f["n_revisions"] = share(revs), len(revs)
    neg = [
        answer_ok(r, k) for r in runs for k, t in enumerate(r.turns) if t.phase == "negotiation" and t.move
    ]
    f["answers"], f["n_negotiation_turns"] = share(neg), len(neg)
    good, bad = article_figures(claims, article)
    f["bad_figs"], f["bad_figures"] = len(bad), sorted(bad)
    f["figures"] = share(
        [sum(carries_figure(m.speech, r.claims, r.lang, good) for _, m in moves(r)) >= 3 for r in runs]
    )
    by_group = defaultdict(list)  # near-duplicates only within one scenario and language
    for r in runs:
        by_group[(r.scenario, r.lang)].append(r)
    for group in by_group.values():  # the first call (main: per scenario/lang) fills the cache
        if any(r.dups is None for r in group):
            flags = iter(near_duplicates([(n, m.speech) for n, r in enumerate(group) for _, m in moves(r)]))
            for r in group:
                r.dups = [next(flags) for _ in moves(r)]
    dups = [d for r in runs for d in r.dups]
    f["near_dup"], f["n_speeches"] = share(dups), len(dups)
    for phase in PHASES:  # where the near-duplicates come from (no target: an explanation)
        f[f"near_dup_{phase}"] = share(
            [d for r in runs for (t, _), d in zip(moves(r), r.dups, strict=True) if t.phase == phase]
        )
    f["rep_runs"] = sum(repeats_sentence([m.speech for _, m in moves(r)]) for r in runs)
    totals = [t for r in runs if (t := total(r)) is not None]
    for k, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
        f[k] = percentile(totals, q)
    f["spread"] = f["p90"] - f["p10"] if totals else None
    texts = sorted({c.text.in_(lang) for c in claims.values() for lang in LANGS})  # as spoken
    quotes = [e.quote for r in runs if r.card for el in r.card.elements for e in el.evidence]
    f["quotes"], f["n_quotes"] = share([is_claim_text(q, texts) for q in quotes]), len(quotes)
    below = []  # per scenario: every open/no-deal total < every settled total
    for sc in dict.fromkeys(r.scenario for r in runs):
        ok = [total(r) for r, o in zip(runs, outs, strict=True) if r.scenario == sc and o == "settled"]
        worse = [
            total(r)
            for r, o in zip(runs, outs, strict=True)
            if r.scenario == sc and o != "settled" and r.card
        ]
        if ok and worse:
            below.append(max(worse) < min(ok))
    f["open_below"] = int(all(below)) if below else None
    pairs = defaultdict(dict)
    for r in runs:
        pairs[(r.scenario, r.seed)][source(r.lang)] = total(r)
    both = [v for v in pairs.values() if len(v) == 2]
    f["zh_en_diff"] = sum(v["zh"] != v["en"] for v in both) if both else None
    return f


def passes(key: str, value) -> bool | None:
    """Whether ``value`` meets the target of ``key`` (None when not judged)."""
    _, op, target, _ = TARGETS.get(key, (None, None, None, None))
    if op is None or value is None:
        return None
    return value >= target if op == ">=" else value <= target


def fmt(key: str, v) -> str:
    """A cell: percentage for shares, else the number; n/a for None."""
    if v is None:
        return "n/a"
    if key == "open_below":
        return "yes" if v else "no"
    return f"{100 * v:.0f}%" if key in SHARES else (f"{v:.3g}" if isinstance(v, float) else str(v))


def report(cols: dict[str, dict]) -> str:
    """The table: a row per figure, a column per group, then the target and PASS/MISS."""
    names, w = list(cols), 8
    short = [
        re.sub(r"([a-z])[a-z]*-?", r"\1", n.split("/")[0]) + "/" + n.split("/")[1] if "/" in n else n
        for n in names
    ]
    out = [f"{'figure':31}" + "".join(f"{n:>{w + 1}}" for n in short) + f"{'target':>10}  verdict"]
    for key, (label, op, target, scope) in TARGETS.items():
        cells = "".join(
            f"{fmt(key, cols[n].get(key)) + ('' if passes(key, cols[n].get(key)) is not False else '*'):>{w + 1}}"
            for n in names
        )
        judged = {
            "all": ["all"],
            "lang": [n for n in names if "/" not in n and n != "all"],
            "each": [n for n in names if "/" in n],
        }[scope]
        vals = [passes(key, cols[n].get(key)) for n in judged if n in cols]
        vals = [v for v in vals if v is not None]
        verdict = "-" if op is None or not vals else ("PASS" if all(vals) else "MISS")
        tgt = "" if op is None else f"{op}{fmt(key, target) if key in SHARES else target}"
        out.append(f"{label:31}{cells}{tgt:>10}  {verdict}")
    return "\n".join(out)


def run_batch(scenario: str, lang: str, seeds: str, folder: Path) -> float | None:
    """Run ``roleplay batch`` into ``folder``; returns debates/s of the whole command."""
    exe = Path(sys.executable).parent / "roleplay"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "roleplay"]
    n = len(parse(seeds))
    t = time.perf_counter()
    args = [
        *cmd,
        "batch",
        scenario,
        "--out",
        str(folder),
        *f"--seeds {seeds} --lang {lang} --concurrency 2".split(),
    ]
    p = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if p.returncode:
        print(
            f"  {scenario}/{lang}: roleplay batch exited {p.returncode}: {(p.stderr or p.stdout).strip()[-400:]}",
            file=sys.stderr,
        )
    return n / dt if p.returncode in (0, 1) else None


def parse(seeds: str) -> list[int]:
    """Seeds as ``roleplay batch`` reads them."""
    from roleplay.runs.batch import parse_seeds

    return parse_seeds(seeds)


def load_group(folder: Path, seeds: list[int]) -> tuple[list[RunView], list[str]]:
    """RunViews of the finished runs among ``seeds`` in a batch folder, and the problems seen."""
    from roleplay.runs.transcript import load_run

    runs, problems = [], []
    for s in seeds:
        d = folder / f"seed-{s:04d}"
        try:
            run = load_run(d)
        except Exception as e:  # a missing or broken run is reported, not fatal
            problems.append(f"{d.name}: {type(e).__name__}: {str(e)[:120]}")
            continue
        if run.ended is None or run.ended.scorecard is None:
            problems.append(f"{d.name}: unfinished or unscored")
        else:
            runs.append(view(run))
    return runs, problems


def library(runs: list[RunView]) -> dict:
    """Claim id -> Claim: the claim library each run recorded in its ``debate_started`` rubric
    (what the debate actually used)."""
    return {cid: c for r in runs for cid, c in r.claims.items()}


def main(argv: list[str] | None = None) -> dict:
    """Run or reuse the batches, print the table, optionally dump JSON; returns the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1-50")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--langs", default="zh,en")
    ap.add_argument("--out", type=Path, help="folder of <scenario>-<lang> batch folders to reuse/resume")
    ap.add_argument("--no-run", action="store_true", help="only load the folders in --out")
    ap.add_argument("--json", type=Path, help="dump every figure here")
    ap.add_argument("--article", type=Path, default=ARTICLE)
    a = ap.parse_args(argv)
    from roleplay.runs.batch_folder import is_finished

    out = a.out or Path(tempfile.mkdtemp(prefix="negbench-"))
    seeds, article = parse(a.seeds), a.article.read_text(encoding="utf-8")
    groups, rates, problems = {}, {}, {}
    for sc in a.scenarios.split(","):
        for lang in a.langs.split(","):
            folder, key = out / f"{Path(sc).stem}-{lang}", f"{Path(sc).stem}/{lang}"
            done = all(is_finished(folder / f"seed-{s:04d}") for s in seeds)
            if not a.no_run and not (a.out and done):
                rates[key] = run_batch(sc, lang, a.seeds, folder)
            groups[key], problems[key] = load_group(folder, seeds)
    every = [r for rs in groups.values() for r in rs]
    claims = library(every)
    cols = {k: figures_of(rs, article, claims) | {"rate": rates.get(k)} for k, rs in groups.items()}
    for lang in a.langs.split(","):
        cols[lang] = figures_of([r for r in every if as_lang(r.lang) == as_lang(lang)], article, claims)
    cols["all"] = figures_of(every, article, claims)
    done = [k for k, v in rates.items() if v]
    cols["all"]["rate"] = min((rates[k] for k in done), default=None)
    print(f"runs in {out}: " + ", ".join(f"{k} {cols[k]['runs']}" for k in groups))
    for k, ps in problems.items():
        if ps:
            print(f"  {k}: {len(ps)} runs left out, e.g. {ps[0]}")
    print(report(cols))
    c = cols["all"]
    print(
        f"(* = misses its target; {c.get('n_revisions', 0)} revisions, {c.get('n_negotiation_turns', 0)} negotiation "
        f"turns, {c.get('n_speeches', 0)} speeches, {c.get('n_quotes', 0)} evidence quotes; deal runs with no leader "
        f"named: {c.get('leader_unnamed', 0)}; claim figures not in the article: {c.get('bad_figures') or 'none'})"
    )
    if a.json:
        a.json.write_text(json.dumps(cols, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return cols


if __name__ == "__main__":
    main()
