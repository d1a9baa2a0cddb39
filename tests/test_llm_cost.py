"""What LLM seats cost (issue #14 item 5): cached prompt tokens as the server reports them,
and ``--dry-run``'s estimate of tokens and cost per seat for the whole debate."""

from __future__ import annotations

import itertools

import pytest
from fake_openai import FakeOpenAI, Reply
from llm_fixtures import make_request, make_setup, move_text
from pydantic import SecretStr
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.backend import TurnResult
from roleplay.llm.backend import LLMBackend
from roleplay.llm.preview import estimate_debate, estimate_text
from roleplay.llm.spec import parse_spec

GOOD = move_text("We need open data.", {"mechanisms": ["demand"]})


@pytest.mark.parametrize("cached, expected", [(1536, 1536), (None, 0)])
async def test_cached_prompt_tokens_are_kept_when_the_server_reports_them(cached, expected):
    with FakeOpenAI([Reply(text=GOOD, cached_tokens=cached)]) as srv:
        b = LLMBackend(parse_spec("openai-compatible:m", base_url=srv.base_url), key=SecretStr("k-1"))
        items = [i async for i in b.take_turn(make_request(make_setup(), "alpha", 0))]
    res = items[-1]
    assert isinstance(res, TurnResult) and res.status == "ok"
    assert res.usage.cached_tokens == expected and res.usage.prompt_tokens > 0


def test_the_estimate_covers_every_llm_seat_and_prices_it():
    setup = make_setup(rounds=6, n_personas=3)
    specs = {"alpha": "ollama:m", "bravo": "offline", "charlie": "openai-compatible:m@http://127.0.0.1:9/v1"}
    plain = estimate_debate(setup, specs)
    assert [e.persona for e in plain] == ["alpha", "charlie"] and all(e.cost is None for e in plain)
    for e in plain:
        assert e.calls == 6  # one turn a round
        assert e.prompt_tokens > e.uncached_tokens > 0 and e.completion_tokens == 6 * 350
    priced = estimate_debate(setup, specs, price_in=2.0, price_out=8.0)
    for e in priced:
        assert e.cost == pytest.approx((e.prompt_tokens * 2 + e.completion_tokens * 8) / 1e6)
    longer = estimate_debate(setup, specs, speech_chars=3000)
    assert longer[0].prompt_tokens > plain[0].prompt_tokens  # others' speeches are in the prompts
    text = estimate_text(priced, 350)
    assert "alpha" in text and "total" in text and "bravo" not in text
    # the backend column is last and whole (a long URL was cut at 32 characters)
    assert any(line.endswith("openai-compatible:m@http://127.0.0.1:9/v1") for line in text.splitlines())
    assert "currency of --price" in text


def test_dry_run_prints_the_estimate_with_cost(tmp_path):
    res = CliRunner().invoke(
        app,
        ["run", "patient-capital", "--dry-run", "--model", "openai:gpt-4o-mini", "--price", "0.15"],
        env={"OPENAI_API_KEY": "", "ROLEPLAY_KEYS_FILE": str(tmp_path / "none.toml")},
    )
    assert res.exit_code == 0, res.output
    total = next(line for line in res.output.splitlines() if line.startswith("total "))
    assert float(total.split()[-1]) > 0
    assert "uncached tok" in res.output


async def test_every_seat_is_prepared_before_the_debate_starts():
    """Clients are built before DebateStarted, not at each seat's first turn (item 6)."""
    from roleplay.debate.backends import make_backend
    from roleplay.debate.engine import run_debate
    from roleplay.debate.events import DebateStarted

    setup = make_setup(rounds=3, n_personas=3)
    prepared: list[str] = []

    class Seat:
        def __init__(self, pid: str):
            self.inner, self.pid = make_backend("offline"), pid
            self.label, self.fatal = self.inner.label, None

        def prepare(self) -> None:
            prepared.append(self.pid)

        def take_turn(self, request):
            return self.inner.take_turn(request)

    backends = {p.id: Seat(p.id) for p in setup.personas}
    async for e in run_debate(setup, backends, run_id="prep0001"):
        if isinstance(e, DebateStarted):
            assert sorted(prepared) == ["alpha", "bravo", "charlie"]
    assert len(prepared) == 3  # once each, never again


async def test_an_llm_seat_builds_its_client_in_prepare():
    b = LLMBackend(parse_spec("openai-compatible:m", base_url="http://127.0.0.1:9/v1"), key=SecretStr("k"))
    client = b.caller.model.client
    assert client._client is None
    b.prepare()
    built = client._client
    assert built is not None
    b.prepare()
    assert client._client is built  # built once for this loop, then reused by the calls


def test_the_system_prompt_is_built_once_per_seat_and_never_mixed_up():
    from roleplay.llm.conversation import system_prompt
    from roleplay.llm.preview import common_prefix

    setup = make_setup(n_personas=3)
    a, b = make_request(setup, "alpha", 0), make_request(setup, "bravo", 0)
    first = system_prompt(a, "prompt")
    assert system_prompt(b, "prompt") != first and "SECRET-bravo" in system_prompt(b, "prompt")
    assert system_prompt(a, "prompt") is first  # reused, not rebuilt
    other = make_setup(n_personas=3)  # equal content, other objects: built afresh, same text
    again = system_prompt(make_request(other, "alpha", 0), "prompt")
    assert again == first and again is not first
    assert common_prefix("abcdef", "abcxyz") == 3 and common_prefix("", "a") == 0


async def test_through_the_real_client_each_seat_resends_its_previous_prompt_as_a_prefix():
    """End to end (engine, LangChain client, HTTP): within an epoch a seat's request starts
    with its previous request minus that request's instruction, so a provider's prefix
    cache can serve it (issue #14 item 5)."""
    import re

    from llm_fixtures import scripted_model

    from roleplay.debate.backends import make_backend
    from roleplay.debate.engine import run_debate

    setup = make_setup(rounds=8, n_personas=3)
    with FakeOpenAI(responder=scripted_model) as srv:
        backends = {
            p.id: make_backend(f"openai-compatible:seat-{p.id}", base_url=srv.base_url)
            for p in setup.personas
        }
        [e async for e in run_debate(setup, backends, run_id="prefix01")]
        bodies = [r.body for r in srv.requests]

    def epoch(r: int) -> int:
        return 1 if r <= 2 else 1 + 2 * ((r - 2) // 2)

    checked = 0
    for seat in {b["model"] for b in bodies}:
        calls = [b["messages"] for b in bodies if b["model"] == seat]
        assert len(calls) == 8
        for prev, nxt in itertools.pairwise(calls):
            r = int(re.search(r"Round (\d+) of", prev[-1]["content"]).group(1))
            if epoch(r) != epoch(r + 1):
                continue
            before = "".join(f"<{m['role']}>{m['content']}" for m in prev)
            after = "".join(f"<{m['role']}>{m['content']}" for m in nxt)
            kept = before[: before.rindex(f"Round {r} of 8 (phase:")]
            assert after.startswith(kept) and len(kept) > len(before) / 2
            checked += 1
    assert checked >= 3 * 3
