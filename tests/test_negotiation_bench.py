"""The figure functions of bench/negotiation_bench.py (issue #9), on tiny synthetic runs."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest

from roleplay.debate.events import DebateEnded, DebateStarted, ModeratorSpoke, TurnCompleted, dump_event
from roleplay.debate.move import Answer, ModeratorNote, Move, PackageItem, Proposal, Stance, Turn
from roleplay.formats.catalog import load_rubric
from roleplay.formats.claims import Claim, Target
from roleplay.formats.issues import Issue, Option, Setting
from roleplay.formats.scenario import RoundSpec, Scenario
from roleplay.formats.text import Text
from roleplay.scoring.scorecard import ElementScore, Evidence, Scorecard

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("negotiation_bench", ROOT / "bench" / "negotiation_bench.py")
nb = sys.modules.setdefault("negotiation_bench", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(nb)

ARTICLE = "二〇二三年共有217個項目,其中78%獲得資助;美國NSF的經驗值得參考。"


def claim(cid, zh, en, instrument, figures=()):
    return Claim(
        id=cid,
        text=Text(zh=zh, en=en),
        section="一、",
        quote="q",
        figures=list(figures),
        favours=[Target(instrument=instrument)],
    )


CLAIMS = {
    c.id: c
    for c in (
        claim(
            "angel",
            "公共天使資金已支持217個項目。",
            "Public angel money backed 217 projects.",
            "public_angel",
            ["217"],
        ),
        claim(
            "demand", "需求清單讓78%的企業受益。", "Demand lists helped 78% of firms.", "demand_list", ["78%"]
        ),
        claim("bogus", "有999個案例。", "There were 999 cases.", "procurement", ["999"]),
    )
}


def turn(
    tid,
    persona,
    phase="negotiation",
    speech="我們支持這個方案",
    claims=(),
    answers=None,
    proposal=None,
    stances=(),
):
    move = Move(speech=speech, claims=list(claims), answers=answers, proposal=proposal, stances=list(stances))
    return Turn(id=tid, round=1, phase=phase, persona=persona, move=move)


def prop(pid, version, items, settles=None):
    return Proposal(
        id=pid,
        version=version,
        author="a",
        title="T",
        items=[PackageItem(instrument=i, value=v) for i, v in items],
        settles=settles or {},
    )


def card(package=None, adopted=True, consensus="majority", score=2, quotes=(), tie=False):
    els = [
        ElementScore(
            element="demand",
            score=score,
            rationale="r",
            evidence=[Evidence(turn="t1", quote=q) for q in quotes],
        )
    ]
    return Scorecard(
        package=package,
        adopted=adopted,
        deal=adopted and package is not None,
        tie_break=tie,
        elements=els,
        contradictions=[],
        paths=[],
        consensus=consensus,
        support_share=0.6,
        satisfaction={},
    )


ISSUES = {"money": ({"public_angel"}, {"small", "big"}), "lists": ({"demand_list"}, {"yes", "no"})}


def rv(turns, **kw):
    base = dict(scenario="s", lang="zh", seed=1, issues=ISSUES, claims=CLAIMS, turns=turns)
    return nb.RunView(**(base | kw))


def test_jaccard_and_near_duplicates_only_across_runs():
    a = "公共天使資金已支持兩百多個項目,成效良好。"
    assert nb.jaccard(nb.shingles(a), nb.shingles(a)) == 1.0
    assert nb.jaccard(nb.shingles("abcdef"), nb.shingles("uvwxyz")) == 0.0
    speeches = [(1, a), (1, a), (2, a + "我們同意"), (3, "完全不同的另一段發言內容在這裡")]
    assert nb.near_duplicates(speeches) == [True, True, True, False]
    assert nb.near_duplicates([(1, a), (1, a)]) == [False, False]  # same run does not count


def test_near_duplicates_threshold_is_strict_and_exact():
    x, y = "abcdefgh", "abcdefgz"  # 4 shingles each, 3 shared: J = 3/5 = 0.6
    assert nb.near_duplicates([(1, x), (2, y)]) == [True, True]
    assert nb.near_duplicates([(1, x), (2, y)], threshold=0.6) == [False, False]
    assert nb.jaccard(nb.shingles(x), nb.shingles(y)) == pytest.approx(0.6)


def test_near_duplicates_match_brute_force():
    rng = random.Random(7)
    parts = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(3, 25))) for _ in range(8)]
    speeches = [
        (rng.randint(0, 6), "".join(rng.sample(parts, rng.randint(1, 3))) + "xyz"[: rng.randint(0, 3)])
        for _ in range(150)
    ]
    sets = [nb.shingles(s) for _, s in speeches]
    brute = [
        any(speeches[j][0] != speeches[k][0] and nb.jaccard(sets[k], sets[j]) > 0.5 for j in range(len(sets)))
        for k in range(len(sets))
    ]
    assert nb.near_duplicates(speeches) == brute and 0 < sum(brute) < len(brute)


def test_repeated_sentences():
    assert nb.repeats_sentence(["我們支持這個方案。理由很清楚!", "理由很清楚。"]) is False  # under 6 chars
    assert nb.repeats_sentence(["我們必須支持這個方案。", "但是,我們必須支持這個方案。"]) is False
    assert nb.repeats_sentence(["我們必須支持這個方案。", "好。我們必須支持這個方案!"]) is True
    assert nb.repeats_sentence(
        ["The U.S. backs 1.5 billion. Fine.", "We agree on that. The U.S. backs 1.5 billion."]
    )


def test_answered_claim_check():
    t = [
        turn("t1", "a", claims=["angel"]),
        turn("t2", "b", answers=Answer(turn="t1", persona="a", claim="angel", how="rebut")),
        turn(
            "t3", "a", answers=Answer(turn="t2", persona="b", claim="angel", how="rebut")
        ),  # t2 made no claim
        turn("t4", "a", answers=Answer(turn="t1", persona="a", claim="angel", how="hold")),  # own turn
        turn("t5", "c", answers=Answer(turn="t9", persona="a", claim="angel", how="trade")),  # no such turn
        turn("t6", "c", answers=Answer(turn="t1", persona="b", claim="angel", how="trade")),  # wrong persona
        turn("t7", "c"),
    ]
    r = rv(t)
    assert [nb.answer_ok(r, k) for k in range(len(t))] == [False, True, False, False, False, False, False]
    # a later turn cannot be answered
    r2 = rv([turn("t2", "b", answers=Answer(turn="t1", persona="a", claim="angel", how="rebut")), t[0]])
    assert nb.answer_ok(r2, 0) is False


def test_revision_classification():
    v1 = prop("P1", 1, [("public_angel", 10.0), ("demand_list", None)], {"money": "small"})
    grow = prop(
        "P1", 2, [("public_angel", 10.0), ("demand_list", None), ("procurement", None)], {"money": "small"}
    )
    assert not nb.revision_changes(v1, grow)
    assert nb.revision_changes(v1, prop("P1", 2, [("public_angel", 10.0)], {"money": "small"}))  # drop
    assert nb.revision_changes(
        v1, prop("P1", 2, [("public_angel", 20.0), ("demand_list", None)], {"money": "small"})
    )
    assert nb.revision_changes(v1, prop("P1", 2, v1_items(v1), {"money": "big"}))  # option changed
    assert nb.revision_changes(v1, prop("P1", 2, v1_items(v1), {}))  # issue left open again
    r = rv([turn("t1", "a", proposal=v1), turn("t2", "a", proposal=grow), turn("t3", "a", proposal=v1)])
    assert [(a.version, b.version) for a, b in nb.revisions(r)] == [(1, 2)]


def v1_items(p):
    return [(i.instrument, i.value) for i in p.items]


def test_percentiles():
    assert nb.percentile([], 0.5) is None
    assert nb.percentile([5], 0.9) == 5
    xs = list(range(1, 11))  # 1..10
    assert nb.percentile(xs, 0.5) == pytest.approx(5.5)
    assert nb.percentile(xs, 0.1) == pytest.approx(1.9)
    assert nb.percentile(xs, 0.9) == pytest.approx(9.1)


def test_argued_figures_claim_text_and_outcomes():
    good, bad = nb.article_figures(CLAIMS, ARTICLE)
    assert good == {"217", "78%"} and bad == {"999"}
    assert nb.carries_figure("如前所述,217個項目", CLAIMS, "zh", good)
    assert not nb.carries_figure("有999個案例。", CLAIMS, "zh", good)
    assert nb.carries_figure("xx Public angel money backed 217 projects. yy", CLAIMS, "en", good)
    assert nb.argued_all(rv([turn("t1", "a", claims=["angel"]), turn("t2", "b", claims=["demand"])]))
    assert not nb.argued_all(rv([turn("t1", "a", claims=["angel", "bogus", "nope"])]))
    texts = [c.text.zh for c in CLAIMS.values()]
    assert nb.is_claim_text("已支持217個項目", texts) and nb.is_claim_text(
        "他說:需求清單讓78%的企業受益。對", texts
    )
    assert not nb.is_claim_text("回到支持邏輯,方向不會錯。", texts)
    full = prop("P1", 1, [("public_angel", 1.0)], {"money": "big", "lists": "no"})
    assert nb.outcome(rv([], card=card(full))) == "settled"
    assert (
        nb.outcome(rv([], card=card(prop("P1", 1, [("public_angel", 1.0)], {"money": "big", "lists": "??"}))))
        == "open"
    )
    vote = ModeratorNote(kind="vote_result", text="沒有方案獲得過半數支持,本場未達成協議。")
    assert nb.outcome(rv([], card=card(full, adopted=False), notes=[vote])) == "no_deal"
    assert nb.outcome(rv([], card=card(full, adopted=False))) == "none"


def test_tie_break_and_leader():
    p1 = prop("P1", 1, [("public_angel", 1.0)])
    votes = [
        turn("v1", "a", "vote", stances=[Stance(proposal="P1", position="support", reason="r")]),
        turn("v2", "b", "vote", stances=[Stance(proposal="P2", position="support", reason="r")]),
    ]
    summaries = [
        ModeratorNote(kind="summary", text="目前桌上……暫居領先的是P2。", leading="P2"),
        ModeratorNote(kind="summary", text="On the table: P1 (v1) ... P1 leads for now.", leading="P1"),
        ModeratorNote(kind="summary", text="桌上尚無方案。"),
    ]
    r = rv(votes, card=card(p1, tie=True), notes=summaries, voters=["a", "b"])
    assert nb.tie_break(r) and nb.last_leader(r) == "P1"
    assert not nb.tie_break(rv(votes[:1], card=card(p1), voters=["a", "b"]))
    assert not nb.tie_break(rv(votes, card=card(p1, adopted=False, tie=True), voters=["a", "b"]))
    assert not nb.tie_break(rv(votes, card=card(p1, adopted=False), voters=["a", "b"]))


def _write_run(folder: Path, lang: str, seed: int, adopt: bool, score: int, speeches: list[str]) -> None:
    """A synthetic run folder written with the real event models."""
    opt = lambda oid, ins: Option(id=oid, label=Text(zh=oid, en=oid), settings=[Setting(instrument=ins)])  # noqa: E731
    issue = Issue(
        id="money",
        title=Text(zh="錢", en="money"),
        question=Text(zh="多少", en="how much"),
        element="patient_capital",
        section="一、",
        quote="q",
        options=[opt("small", "public_angel"), opt("none", "procurement")],
    )
    t = Text(zh="題", en="t")
    sc = Scenario(
        id="patient-capital",
        title=t,
        question=t,
        brief=t,
        personas=["a", "b"],
        agenda=[RoundSpec(phase="proposal"), RoundSpec(phase="negotiation"), RoundSpec(phase="vote")],
        issues=[issue],
    )
    rubric = load_rubric().model_copy(update={"claims": list(CLAIMS.values())})
    p = prop("P1", 1, [("public_angel", 1.0)], {"money": "small"})
    p2 = prop("P1", 2, [("public_angel", 2.0)], {"money": "small"})
    turns = [
        turn("t1", "a", "proposal", speeches[0], claims=["angel"], proposal=p),
        turn(
            "t2",
            "b",
            "negotiation",
            speeches[1],
            answers=Answer(turn="t1", persona="a", claim="angel", how="rebut"),
        ),
        turn("t3", "a", "negotiation", speeches[2], proposal=p2),
    ]
    events = [
        DebateStarted(run_id="r", scenario=sc, personas=[], rubric=rubric, seed=seed, lang=lang, backends={})
    ]
    events += [TurnCompleted(turn=x, table=[x.move.proposal] if x.move.proposal else []) for x in turns]
    events.append(ModeratorSpoke(note=ModeratorNote(kind="summary", text="暫居領先的是P1。", leading="P1")))
    events.append(ModeratorSpoke(note=ModeratorNote(kind="vote_result", text="結果")))
    quotes = [CLAIMS["angel"].text.zh, "方向不會錯"]
    c = card(
        p2, adopted=adopt, consensus="unanimous" if seed == 1 else "majority", score=score, quotes=quotes
    )
    events.append(DebateEnded(status="finished", reason="agenda complete", rounds=3, turns=3, scorecard=c))
    folder.mkdir(parents=True)
    (folder / "events.jsonl").write_text("".join(dump_event(e) + "\n" for e in events), encoding="utf-8")


def test_whole_script_on_synthetic_run_folders(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    fig = "公共天使資金已支持217個項目。"
    for lang in ("zh", "en"):
        base = tmp_path / "runs" / f"patient-capital-{lang}"
        _write_run(base / "seed-0001", lang, 1, True, 4, [fig + "甲方。", fig + "乙方說法。", f"丙{fig}"])
        _write_run(
            base / "seed-0002",
            lang,
            2,
            False,
            3 if lang == "zh" else 1,
            ["一二三四五六", "七八九十", "甲乙丙丁戊"],
        )
    (tmp_path / "runs" / "patient-capital-zh" / "seed-0003").mkdir()  # broken run: left out, reported
    out = tmp_path / "figs.json"
    args = ["--out", str(tmp_path / "runs"), "--no-run", "--seeds", "1-3", "--scenarios", "patient-capital"]
    cols = nb.main([*args, "--json", str(out), "--article", str(article)])
    printed = capsys.readouterr().out
    assert "every issue argued" in printed and "MISS" in printed and "seed-0003" in printed
    zh, total = cols["patient-capital/zh"], cols["all"]
    assert zh["runs"] == 2 and total["runs"] == 4
    assert zh["argued"] == 1.0 and zh["settled"] == 1.0
    assert zh["unanimous"] == 0.5 and zh["majority"] == 0.0 and zh["no_deal"] == 0.5
    assert zh["leader"] == 1.0 and zh["revisions"] == 1.0 and zh["answers"] == 0.5
    assert zh["figures"] == 0.5 and zh["rep_runs"] == 1 and zh["bad_figs"] == 1
    assert zh["near_dup"] == 0.0  # the figure speeches are alike only within one run
    assert zh["quotes"] == 0.5 and zh["open_below"] == 1
    assert total["zh_en_diff"] == 1 and cols["en"]["spread"] == pytest.approx(2.4)
    assert json.loads(out.read_text(encoding="utf-8"))["all"]["runs"] == 4
