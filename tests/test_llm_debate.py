"""Whole debates on LLM backends against fake OpenAI-compatible servers on 127.0.0.1.

Each fault class of the streaming and fault-handling rules is injected into a real debate
through the server; the debate must end with a clear status and ``events.jsonl`` must keep
every finished turn.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import make_setup, move_text, scripted_model

from roleplay.debate.backends import make_backend
from roleplay.debate.engine import run_debate
from roleplay.debate.events import (
    BackendNotice,
    DebateEnded,
    DebateStarted,
    TextDelta,
    TurnCompleted,
    parse_event,
)
from roleplay.debate.session import run_to_folder
from roleplay.errors import InputError
from roleplay.llm.backend import LLMBackend
from roleplay.llm.faults import AccessError, RetryBudget, RetryPolicy

FAST = RetryPolicy(base_s=0.01, max_s=0.05)


def backends_on(srv: FakeOpenAI, setup, **options) -> dict:
    budget = RetryBudget(total=20)
    return {
        p.id: make_backend(
            "openai-compatible:fake", base_url=srv.base_url, retry=FAST, budget=budget, **options
        )
        for p in setup.personas
    }


def read_events(folder: Path) -> list:
    return [parse_event(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()]


async def test_a_whole_debate_runs_and_is_saved(tmp_path):
    setup = make_setup(rounds=4)
    with FakeOpenAI(responder=scripted_model) as srv:
        folder = await run_to_folder(setup, backends_on(srv, setup), tmp_path / "run", "llmrun01")
    events = read_events(folder)
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert len(turns) == 12 and all(t.status == "ok" for t in turns)
    assert all(t.backend.startswith("openai-compatible:fake@http://127.0.0.1:") for t in turns)
    assert all(t.usage.prompt_tokens > 0 and t.usage.calls == 1 for t in turns)
    assert any(isinstance(e, TextDelta) for e in events)
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.status == "finished"
    assert end.scorecard.package is not None and end.scorecard.adopted
    assert (folder / "transcript.md").exists()


def faulty(at: int, fault: Reply | list[Reply]):
    """The scripted model, except request number ``at`` (0-based) gets ``fault`` instead."""
    queue = list(fault) if isinstance(fault, list) else [fault]
    count = {"n": 0}

    def respond(body):
        n = count["n"]
        count["n"] += 1
        if at <= n < at + len(queue):
            return queue[n - at]
        return scripted_model(body)

    return respond


ACCESS_FAULTS = [Reply(status=401), Reply(status=429, error_code="insufficient_quota")]
GOOD_OPENING = move_text("In the opening round I speak for my party.", {"mechanisms": ["demand"]})


@pytest.mark.parametrize(
    "fault, status, noticed",
    [
        pytest.param(Reply(status=429, retry_after="0.05"), "ok", True, id="rate-limit-retry-after"),
        pytest.param(Reply(status=500), "ok", True, id="server-error"),
        pytest.param(Reply(text=GOOD_OPENING, drop_after=0), "ok", True, id="dropped-before-speech"),
        pytest.param(
            Reply(text=GOOD_OPENING, chunk_chars=8, drop_after=2), "incomplete", True, id="dropped-mid-speech"
        ),
        pytest.param(Reply(text=GOOD_OPENING, delay_s=3), "ok", True, id="timeout"),
        pytest.param(
            Reply(text=GOOD_OPENING, empty_choices=True, no_delta=True),
            "ok",
            False,
            id="chunks-without-choices-or-delta",
        ),
        pytest.param(Reply(text=GOOD_OPENING, finish_reason=None), "ok", False, id="no-finish-reason"),
        pytest.param(
            Reply(text=GOOD_OPENING, reasoning="hmm", reasoning_field="reasoning_content"),
            "ok",
            False,
            id="reasoning_content",
        ),
        pytest.param(
            Reply(text=GOOD_OPENING, reasoning="hmm", reasoning_field="reasoning"),
            "ok",
            False,
            id="reasoning",
        ),
        pytest.param(Reply(text="<think>hmm</think>" + GOOD_OPENING), "ok", False, id="think-tags"),
        pytest.param(
            [Reply(text=GOOD_OPENING.replace("]}", "]")), Reply(text='{"mechanisms": []}')],
            "ok",
            True,
            id="malformed-json-repaired",
        ),
        pytest.param(
            [Reply(text="{oops"), Reply(text="still not json")], "failed", True, id="malformed-json-twice"
        ),
        pytest.param(ACCESS_FAULTS[0], "failed", True, id="bad-key"),
        pytest.param(ACCESS_FAULTS[1], "failed", True, id="quota"),
        pytest.param(Reply(status=400), "failed", True, id="bad-request"),
    ],
)
async def test_each_fault_ends_clearly_and_keeps_every_turn(tmp_path, fault, status, noticed):
    setup = make_setup(rounds=3, n_personas=2)
    with FakeOpenAI(responder=faulty(1, fault)) as srv:
        backends = backends_on(srv, setup, call_timeout_s=0.5)
        folder = await run_to_folder(setup, backends, tmp_path / "run", "llmfault")
    events = read_events(folder)
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    fatal = isinstance(backends["bravo"].fatal, AccessError)
    assert fatal == (fault in ACCESS_FAULTS)
    # a bad key or an exhausted quota stops the debate at once; other faults cost one turn at most
    assert len(turns) == (2 if fatal else 6), "every finished turn is in events.jsonl"
    hit = turns[1]
    assert hit.persona == "bravo" and hit.status == status, hit
    assert all(t.status == "ok" for t in turns[2:])
    notices = [e for e in events if isinstance(e, BackendNotice) and e.turn == hit.id]
    assert bool(notices) == noticed, notices
    if status != "ok":
        assert hit.error and "sk-" not in hit.error
    if "hmm" in str(fault):
        assert hit.reasoning == "hmm" and "hmm" not in hit.move.speech
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.status == ("failed" if fatal else "finished")
    if fatal:
        assert "bravo" in end.reason and "sk-" not in end.reason


async def test_mixed_backends_two_servers_and_offline(tmp_path):
    setup = make_setup(rounds=4, n_personas=4)
    with FakeOpenAI(responder=scripted_model) as a, FakeOpenAI(responder=scripted_model) as b:
        backends = {
            "alpha": make_backend("openai-compatible:model-a", base_url=a.base_url),
            "bravo": make_backend("openai-compatible:model-a", base_url=a.base_url),
            "charlie": make_backend(f"openai-compatible:model-b@{b.base_url}"),
            "delta": make_backend("offline"),
        }

        async def go():
            return [e async for e in run_debate(setup, backends, run_id="mixed001")]

        events = await go()
        seen_a = {r.body["messages"][0]["content"].split(",")[0] for r in a.requests}
        seen_b = {r.body["messages"][0]["content"].split(",")[0] for r in b.requests}
        models = {r.body["model"] for r in a.requests} | {r.body["model"] for r in b.requests}
    assert seen_a == {"You are Alpha Party", "You are Bravo Party"} and seen_b == {"You are Charlie Party"}
    assert models == {"model-a", "model-b"}
    started = events[0]
    assert isinstance(started, DebateStarted)
    assert started.backends["delta"] == "offline" and started.backends["moderator"] == "offline"
    assert started.backends["charlie"].startswith("openai-compatible:model-b@")
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert len(turns) == 16 and all(t.status == "ok" for t in turns)
    assert events[-1].status == "finished"


def test_make_backend_builds_llm_backends_and_rejects_bad_specs():
    assert isinstance(make_backend("ollama:qwen2.5:7b", base_url="http://127.0.0.1:9/v1"), LLMBackend)
    with pytest.raises(InputError, match="unknown provider"):
        make_backend("olama:qwen")


def test_offline_start_does_not_import_langchain():
    code = (
        "import sys, roleplay.debate.session, roleplay.debate.backends, roleplay.llm; "
        "roleplay.debate.backends.make_backend('offline'); roleplay.llm.parse_spec('openai:m'); "
        "print(sorted(m for m in ('langchain_core', 'langchain_openai', 'openai') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "[]"


async def test_a_dead_server_spends_the_shared_retry_budget_once_then_turns_fail_fast():
    from conftest import SCENARIOS
    from llm_fixtures import dead_url

    from roleplay.debate.session import prepare
    from roleplay.llm.options import run_options

    setup, backends = prepare(
        SCENARIOS[0],
        model="openai-compatible:m",
        base_url=dead_url(),
        retry=FAST,
        **run_options(retry_budget=4),
    )
    budget = {id(b.caller.budget): b.caller.budget for b in backends.values()}
    assert len(budget) == 1, "every seat of one debate draws on one budget"

    async def go():
        return [e async for e in run_debate(setup, backends, run_id="deadsrv1")]

    events = await go()
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert len(turns) == len(backends) and all(t.status == "failed" for t in turns)
    notices = {t.id: [e for e in events if isinstance(e, BackendNotice) and e.turn == t.id] for t in turns}
    retries = [sum(n.kind == "retry" for n in notices[t.id]) for t in turns]
    # round 1 is sealed: the five calls run at once and share the one budget of 4 retries
    assert sum(retries) == 4 and next(iter(budget.values())).used == 4
    assert all(t.usage.calls == 1 + r for t, r in zip(turns, retries, strict=True))
    assert sum("retry budget (4) is spent" in notices[t.id][-1].detail for t in turns) >= len(turns) - 1
    assert isinstance(events[-1], DebateEnded) and events[-1].status == "failed"


async def test_a_dead_server_in_fixed_order_stops_the_debate_after_its_first_turn():
    """Issue #14: a server that never answered stops the debate after the first turn's
    retries (3 of the budget of 4), instead of every seat waiting in turn; the reason
    names the seat and the options that change the limits."""
    from conftest import SCENARIOS
    from llm_fixtures import dead_url

    from roleplay.debate.session import prepare
    from roleplay.llm.options import run_options

    setup, backends = prepare(
        SCENARIOS[0],
        model="openai-compatible:m",
        base_url=dead_url(),
        retry=FAST,
        **run_options(retry_budget=4),
    )
    agenda = [r.model_copy(update={"policy": "fixed"}) for r in setup.scenario.agenda]
    scenario = setup.scenario.model_copy(update={"agenda": agenda, "speaker_policy": "fixed"})
    setup = setup.model_copy(update={"scenario": scenario})
    budget = next(iter(backends.values())).caller.budget
    events = [e async for e in run_debate(setup, backends, run_id="deadsrv2")]
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert len(turns) == 1 and turns[0].status == "failed" and budget.used == 3
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.status == "failed"
    assert end.reason.startswith(f"{turns[0].persona}: ")
    for option in ("--base-url", "--connect-timeout", "--call-timeout", "--turn-deadline"):
        assert option in end.reason


def test_a_dead_server_fails_a_debate_within_a_minute_with_the_default_limits(tmp_path):
    """The shipped defaults (retry policy, budget, timeouts): the CLI fails a debate on a dead
    server in seconds, naming the seat and the option that changes the limit."""
    import time

    from conftest import SCENARIOS
    from llm_fixtures import dead_url
    from typer.testing import CliRunner

    from roleplay.cli.main import app

    t0 = time.perf_counter()
    res = CliRunner().invoke(
        app,
        [
            "run",
            str(SCENARIOS[0]),
            "--model",
            "openai-compatible:m",
            "--base-url",
            dead_url(),
            "--out",
            str(tmp_path),
        ],
    )
    took = time.perf_counter() - t0
    assert res.exit_code == 1 and took <= 60
    assert "has not answered once" in res.output and "--connect-timeout" in res.output


async def test_a_server_echoing_the_key_never_gets_it_into_the_events(tmp_path):
    from pydantic import SecretStr

    from roleplay.llm.spec import parse_spec

    plain = "plain-secret-0123456789"  # not key-shaped: only the backend's own masking can catch it
    setup = make_setup(rounds=3, n_personas=2)
    with FakeOpenAI(responder=lambda body: Reply(text="cannot parse; you sent:", echo_headers=True)) as srv:
        spec = parse_spec("openai-compatible:fake", base_url=srv.base_url)
        backends = {p.id: LLMBackend(spec, key=SecretStr(plain), retry=FAST) for p in setup.personas}

        async def go():
            return [e async for e in run_debate(setup, backends, run_id="echokey1")]

        events = await go()
    dumped = "\n".join(e.model_dump_json() for e in events)
    raws = [e.turn.raw for e in events if isinstance(e, TurnCompleted)]
    assert raws and all("authorization: Bearer ***" in r for r in raws)
    assert plain not in dumped


# The negotiation protocol on LLM seats (issue #9): settles, claims and answers.

_ISSUE = re.compile(r"^- ([a-z0-9_]+): ")
_OPTION = re.compile(r"^  ([-*]) ([a-z0-9_]+): ")
_OTHER_TURN = re.compile(
    r"^\[turn (\S+)\] .*? \((\w+)\)(?: \[turn \w+\])?:$(?:.*\n)*?^Claims made: ([a-z0-9_, ]+)$",
    re.M,
)


def _system_sections(system: str) -> tuple[dict[str, str], list[str]]:
    """(issue id -> the starred option, claim ids) as listed in a persona's system prompt."""
    issues_part = system.split("Issues a package must settle", 1)[1].split("\n\n", 1)[0]
    preferred: dict[str, str] = {}
    issue = None
    for line in issues_part.splitlines():
        if m := _ISSUE.match(line):
            issue = m.group(1)
        elif (m := _OPTION.match(line)) and issue and m.group(1) == "*":
            preferred[issue] = m.group(2)
    claims_part = system.split("Claims you may make", 1)[1].split("\n\n", 1)[0]
    claims = [m.group(1) for line in claims_part.splitlines() if (m := _ISSUE.match(line))]
    return preferred, claims


def protocol_model(body: dict) -> Reply:
    """A model that plays the new protocol: claims by id, settles by option id, answers the
    latest claim of another persona it can see, amends with settle/give."""
    messages = body["messages"]
    system, last = messages[0]["content"], messages[-1]["content"]
    if "impartial judge" in system:
        return scripted_model(body)
    preferred, claims = _system_sections(system)
    phase = re.search(r"Round \d+ of \d+ \(phase: (\w+)\)", last).group(1)
    seen = "\n".join(m["content"] for m in messages[1:] if m["role"] == "user")
    on_table = sorted(set(re.findall(r"^- (P\d+) v\d+", last, flags=re.M)))
    move: dict = {"claims": claims[:1], "mechanisms": ["demand"]}
    issues = list(preferred)
    if phase == "proposal":
        move["proposal"] = {"title": "Settled package", "settles": preferred, "rationale": "it settles all"}
    elif phase == "negotiation":
        earlier = _OTHER_TURN.findall(seen)
        if earlier:
            turn, persona, made = earlier[-1]
            move["answers"] = {"turn": turn, "persona": persona, "claim": made.split(", ")[0], "how": "rebut"}
        flip = {issues[0]: "leave_out" if preferred[issues[0]] == "adopt" else "adopt"}
        move["stances"] = [
            {
                "proposal": p,
                "position": "amend",
                "reason": "a trade",
                "settle": {issues[1]: preferred[issues[1]]},
                "give": flip,
            }
            for p in on_table
        ]
    elif phase == "vote":
        move = {"stances": [{"proposal": p, "position": "support", "reason": "fine"} for p in on_table]}
    return Reply(text=move_text(f"In the {phase} round I argue my case.", move))


async def test_llm_seats_play_the_negotiation_protocol():
    """A scripted model's settles, claims and answers are admitted into the debate and kept in
    the turns; the system prompt lists the scenario's issues and their option ids."""
    setup = make_setup(rounds=4)
    with FakeOpenAI(responder=protocol_model) as srv:
        events = [e async for e in run_debate(setup, backends_on(srv, setup), run_id="protocol1")]
        systems = {r.body["messages"][0]["content"] for r in srv.requests}
    for system in systems:
        for issue in setup.scenario.issues:
            assert f"\n- {issue.id}: {issue.title.en}\n" in system
            for o in issue.options:
                assert f" {o.id}: {o.label.en} ({o.cost:g})\n" in system
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert len(turns) == 12 and all(t.status == "ok" for t in turns)
    repairs = [e.detail for e in events if isinstance(e, BackendNotice) and e.kind == "repair"]
    assert repairs == []
    proposals = [t.move.proposal for t in turns if t.move.proposal is not None]
    assert len(proposals) == 3 and all(
        len(p.settles) == len(setup.scenario.issues) and p.items for p in proposals
    )
    assert all(t.move.claims for t in turns if t.phase != "vote")
    answered = [t for t in turns if t.move.answers is not None]
    assert {t.phase for t in answered} == {"negotiation"} and len(answered) == 3
    by_id = {t.id: t for t in turns}
    for t in answered:
        a = t.move.answers
        assert a.persona != t.persona and by_id[a.turn].persona == a.persona
        assert a.claim in by_id[a.turn].move.claims and a.how == "rebut"
    amends = [s for t in turns if t.phase == "negotiation" for s in t.move.stances]
    assert amends and all(s.position == "amend" and s.settle and s.give for s in amends)
    end = events[-1]
    assert isinstance(end, DebateEnded) and end.status == "finished"
