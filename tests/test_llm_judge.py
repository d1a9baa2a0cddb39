"""The LLM judge (roleplay.llm.judge): range checks, evidence checks, unscored is never 0."""

from __future__ import annotations

import json

import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import make_setup
from pydantic import SecretStr

from roleplay.debate.move import Move, PackageItem, Proposal, Turn
from roleplay.llm.backend import LLMBackend
from roleplay.llm.faults import RetryPolicy
from roleplay.llm.judge import JudgeRequest, disagreements, judge_messages, mean_score, read_scorecard
from roleplay.llm.spec import parse_spec
from roleplay.scoring.scorecard import ElementScore, Scorecard

ELEMENTS = ["demand", "resources", "industrial_policy", "patient_capital", "institutions", "security"]


def request() -> JudgeRequest:
    setup = make_setup()
    pkg = Proposal(
        id="P1", author="alpha", title="Pkg", items=[PackageItem(instrument="demand_list", value=20)]
    )
    turns = [
        Turn(
            id="r1-t1-alpha",
            round=1,
            phase="opening",
            persona="alpha",
            move=Move(speech="We must open real application scenarios now."),
        ),
        Turn(id="r1-t2-bravo", round=1, phase="opening", persona="bravo", status="failed"),
    ]
    base = Scorecard(
        package=pkg,
        adopted=True,
        elements=[ElementScore(element=e, score=2, rationale="d") for e in ELEMENTS],
        contradictions=[],
        paths=[],
        consensus="majority",
        support_share=0.67,
        satisfaction={"alpha": 0.9},
        n_scored=6,
    )
    return JudgeRequest(
        rubric=setup.rubric,
        scenario=setup.scenario,
        lang="en",
        turns=turns,
        baseline=base,
        names={"alpha": "Alpha"},
    )


def reply(**over) -> str:
    els = {e: {"element": e, "score": 3, "rationale": "r"} for e in ELEMENTS}
    els.update(over)
    return json.dumps(
        {
            "elements": list(els.values()),
            "contradictions": [
                {"contradiction": "c1_demand_signal", "effect": "eases", "via": ["demand_list", "no_such"]},
                {"contradiction": "c9_fake", "effect": "eases"},
            ],
            "paths": [{"path": "p1_demand_mechanism", "instruments": ["demand_list"]}],
        }
    )


def test_a_good_reply_becomes_a_scorecard_with_the_facts_kept():
    card = read_scorecard(reply(), request(), "llm:x")
    assert card.scorer == "llm:x" and card.n_scored == 6 and card.total() == 18
    assert card.adopted and card.consensus == "majority" and card.support_share == 0.67
    assert [c.contradiction for c in card.contradictions] == ["c1_demand_signal"]
    assert card.contradictions[0].via == ["demand_list"]


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(7, id="above-range"),
        pytest.param(-1, id="below-range"),
        pytest.param(2.5, id="fraction"),
        pytest.param("3", id="string"),
        pytest.param(True, id="bool"),
        pytest.param(None, id="null"),
    ],
)
def test_out_of_range_scores_stay_unscored_never_zero_or_clamped(bad):
    card = read_scorecard(
        reply(demand={"element": "demand", "score": bad, "rationale": "r"}), request(), "llm:x"
    )
    demand = next(e for e in card.elements if e.element == "demand")
    assert demand.score is None and card.n_scored == 5
    assert mean_score(card) == (3.0, 5)


def test_missing_elements_are_unscored():
    card = read_scorecard(json.dumps({"elements": [{"element": "demand", "score": 4}]}), request(), "llm:x")
    assert card.n_scored == 1
    assert next(e for e in card.elements if e.element == "security").rationale == "not scored by the judge"


def test_evidence_must_quote_a_real_turn():
    ev = [
        {"turn": "r1-t1-alpha", "quote": "open real  application scenarios"},
        {"turn": "r1-t1-alpha", "quote": "words never said"},
        {"turn": "r9-t9-nobody", "quote": "We must"},
    ]
    card = read_scorecard(
        reply(demand={"element": "demand", "score": 3, "rationale": "r", "evidence": ev}), request(), "llm:x"
    )
    demand = next(e for e in card.elements if e.element == "demand")
    assert [e.quote for e in demand.evidence] == ["open real  application scenarios"]


def test_unparseable_reply_gives_no_scorecard():
    assert read_scorecard("I think it went well, 3/4 overall.", request(), "llm:x") is None


def test_disagreements_and_mean():
    req = request()
    card = read_scorecard(reply(security={"element": "security", "score": 9}), req, "llm:x")
    diffs = disagreements(req.baseline, card)
    assert [(d.element, d.delta) for d in diffs] == [(e, 1) for e in ELEMENTS[:-1]]
    assert mean_score(card) == (3.0, 5)


def test_judge_prompt_quotes_spoken_turns_only():
    system, user = judge_messages(request(), context_tokens=8000)
    assert "impartial judge" in system.content and "demand" in system.content
    assert "[r1-t1-alpha] round 1, opening, Alpha:" in user.content and "r1-t2-bravo" not in user.content
    assert "P1 <<<quote Pkg quote>>> was adopted" in user.content


@pytest.mark.parametrize(
    "replies, scored, error",
    [
        pytest.param([Reply(text=reply())], 6, None, id="ok"),
        pytest.param([Reply(status=500), Reply(text=reply())], 6, None, id="retried"),
        pytest.param([Reply(text="no idea")], None, "held no JSON object", id="unparseable"),
        pytest.param([Reply(status=401)], None, "HTTP 401", id="bad-key"),
    ],
)
async def test_judge_call_through_the_server(replies, scored, error):
    with FakeOpenAI(replies) as srv:
        b = LLMBackend(
            parse_spec("openai-compatible:judge", base_url=srv.base_url),
            key=SecretStr("k-123456"),
            retry=RetryPolicy(base_s=0.01, max_s=0.02),
        )
        res = await b.judge(request())
        label = b.label
    assert (res.scorecard.n_scored if res.scorecard else None) == scored
    assert (error in res.error) if error else res.error is None
    if scored:
        assert res.scorecard.scorer == f"llm:{label}"


async def test_judged_debate_carries_both_scorecards():
    from llm_fixtures import scripted_model

    from roleplay.debate.backends import make_backend
    from roleplay.debate.engine import run_debate
    from roleplay.debate.events import BackendNotice, DebateEnded
    from roleplay.llm.judge import judged

    setup = make_setup(rounds=3, n_personas=2)
    with FakeOpenAI([Reply(status=503)], responder=scripted_model) as srv:
        judge = LLMBackend(
            parse_spec("openai-compatible:judge", base_url=srv.base_url),
            key=SecretStr("k-123456"),
            retry=RetryPolicy(base_s=0.01, max_s=0.02),
        )
        backends = {p.id: make_backend("offline") for p in setup.personas}
        events = [e async for e in judged(run_debate(setup, backends, run_id="judged01"), setup, judge)]
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.scorecard.scorer == "deterministic"
    assert end.judge_scorecard.scorer.startswith("llm:") and end.judge_scorecard.n_scored == 6
    assert [e.kind for e in events if isinstance(e, BackendNotice) and e.turn == "judge"] == [
        "fault",
        "retry",
    ]
    assert [e.seq for e in events] == list(range(len(events)))


def test_public_names_resolve():
    import roleplay.llm as llm

    for name in llm.__all__:
        assert getattr(llm, name) is not None, name


async def test_a_judge_whose_server_is_down_says_why_the_debate_is_unscored_by_it():
    from llm_fixtures import dead_url

    from roleplay.debate.backends import make_backend
    from roleplay.debate.engine import run_debate
    from roleplay.debate.events import BackendNotice, DebateEnded
    from roleplay.llm.judge import judged

    setup = make_setup(rounds=3, n_personas=2)
    judge = LLMBackend(
        parse_spec("openai-compatible:judge", base_url=dead_url()),
        retry=RetryPolicy(base_s=0.01, max_s=0.02, max_attempts=2),
    )
    backends = {p.id: make_backend("offline") for p in setup.personas}
    events = [e async for e in judged(run_debate(setup, backends, run_id="judgedn1"), setup, judge)]
    end = events[-1]
    assert (
        isinstance(end, DebateEnded)
        and end.scorecard.scorer == "deterministic"
        and end.judge_scorecard is None
    )
    notices = [e for e in events if isinstance(e, BackendNotice) and e.turn == "judge"]
    assert [n.kind for n in notices] == ["fault", "retry", "fault", "fault", "fault"]
    assert (
        "connection failed or dropped" in notices[0].detail
        and "giving up: 2 tries made" in notices[-2].detail
    )
    assert notices[-1].detail == notices[0].detail, "the judge's error: why it left the debate unscored"
    assert [e.seq for e in events] == list(range(len(events)))


async def test_the_judge_output_is_masked():
    key = "plain-judge-key-987654"
    text = reply(demand={"element": "demand", "score": 3, "rationale": f"as the key {key} shows"})
    with FakeOpenAI(
        [Reply(text=text, chunk_chars=4), Reply(text="nothing useful", echo_headers=True)]
    ) as srv:
        b = LLMBackend(parse_spec("openai-compatible:judge", base_url=srv.base_url), key=SecretStr(key))
        scored, unscored = await b.judge(request()), await b.judge(request())
    assert scored.scorecard.elements[0].rationale == "as the key *** shows"
    assert "authorization: Bearer ***" in unscored.raw
    assert key not in scored.model_dump_json() + unscored.model_dump_json()


def test_the_judge_sees_the_settlement_and_copies_the_outcome_facts():
    from roleplay.debate.move import Standing
    from roleplay.scoring.scorecard import IssueOutcome

    req = request()
    issues = req.scenario.issues
    pkg = req.baseline.package.model_copy(update={"settles": {issues[0].id: "adopt"}})
    base = req.baseline.model_copy(
        update={
            "package": pkg,
            "deal": True,
            "tie_break": True,
            "standings": [
                Standing(proposal="P1", supporters=["alpha"], opponents=[], open=[], passes=True, order=0)
            ],
            "outcomes": [IssueOutcome(issue=issues[0].id, option="adopt", verdict="recommended", cost=0.0)],
            "open_issues": [i.id for i in issues[1:]],
            "cost": 12.0,
            "budget": 100.0,
            "over_budget": 0.0,
        }
    )
    req = req.model_copy(update={"baseline": base})
    _, user = judge_messages(req, context_tokens=8000)
    assert f"- {issues[0].id} ({issues[0].title.en}): Adopt it\n" in user.content
    assert f"- {issues[1].id} ({issues[1].title.en}): left open\n" in user.content
    assert "decided by the announced tie-break" in user.content and "(budget 100)" in user.content
    assert "- demand_list (" in user.content
    card = read_scorecard(reply(), req, "llm:x")
    for field in (
        "deal",
        "tie_break",
        "standings",
        "outcomes",
        "open_issues",
        "cost",
        "budget",
        "over_budget",
    ):
        assert getattr(card, field) == getattr(base, field), field


def test_no_deal_reaches_the_judge_as_no_deal():
    req = request()
    req = req.model_copy(
        update={"baseline": req.baseline.model_copy(update={"package": None, "adopted": False})}
    )
    _, user = judge_messages(req, context_tokens=8000)
    assert "Outcome: no deal." in user.content
