"""A small negotiation scenario for engine tests (the bundled scenarios may lack issues).

Three issues over bundled instruments, five seats (the US agency seated but not voting),
two claims added to the rubric (one rebutting the other), and a scripted backend.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

from roleplay.debate.backend import TurnResult
from roleplay.debate.engine import run_debate
from roleplay.debate.setup import DebateSetup
from roleplay.formats.catalog import load_scenario
from roleplay.formats.claims import Claim

SEATS = ["ministry", "startup", "soe", "vc", "us_agency"]
VOTERS = ["ministry", "startup", "soe", "vc"]


def _opt(oid, zh, en, *settings, cost=0.0):
    return {
        "id": oid,
        "label": {"zh": zh, "en": en},
        "settings": [{"instrument": i} for i in settings],
        "cost": cost,
    }


def scenario_dict(**over) -> dict:
    """The scenario as YAML data; ``over`` replaces top-level keys."""
    d = {
        "id": "tiny-deal",
        "title": {"zh": "小型談判", "en": "A tiny deal"},
        "question": {"zh": "要不要設公益天使?", "en": "Should there be a public angel?"},
        "brief": {"zh": "測試用。", "en": "For tests."},
        "personas": SEATS,
        "speaker_order": SEATS,
        "voters": VOTERS,
        "agenda": [{"phase": "opening"}, {"phase": "proposal"}, {"phase": "negotiation"}, {"phase": "vote"}],
        "issues": [
            {
                "id": "angel",
                "title": {"zh": "公益天使", "en": "Public angel"},
                "question": {"zh": "國家要不要先投?", "en": "Does the state invest first?"},
                "element": "patient_capital",
                "section": "s",
                "quote": "q",
                "options": [
                    _opt("yes", "設立", "set up", "public_angel", cost=50),
                    _opt("no", "不設", "none"),
                ],
            },
            {
                "id": "demand",
                "title": {"zh": "需求清單", "en": "Demand list"},
                "question": {"zh": "要不要發需求清單?", "en": "Publish a demand list?"},
                "element": "demand",
                "section": "s",
                "quote": "q",
                "options": [
                    _opt("list", "發布", "publish", "demand_list"),
                    _opt("buy", "採購", "procure", "procurement", cost=20),
                ],
            },
            {
                "id": "access",
                "title": {"zh": "公平准入", "en": "Fair access"},
                "question": {"zh": "准入規則?", "en": "Access rules?"},
                "element": "institutions",
                "section": "s",
                "quote": "q",
                "options": [_opt("fair", "公平", "fair", "fair_access"), _opt("keep", "維持", "keep")],
            },
        ],
    }
    d.update(over)
    return d


CLAIMS = [
    Claim(
        id="angel_first",
        text={"zh": "國家先投。", "en": "The state invests first."},
        section="s",
        quote="q",
        favours=[{"instrument": "public_angel"}],
    ),
    Claim(
        id="angel_crowds_out",
        text={"zh": "擠出社會資本。", "en": "It crowds out private capital."},
        section="s",
        quote="q",
        favours=[{"instrument": "public_angel", "direction": "exclude"}],
        rebuts=["angel_first"],
    ),
]


def tiny_setup(tmp_path: Path, rounds=None, lang="en", **over):
    """(setup, scripted backends) for the tiny scenario (loaded from a YAML file like a
    facilitator's), claims added to its rubric."""
    path = tmp_path / "scenarios" / "tiny-deal.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(scenario_dict(**over), allow_unicode=True), encoding="utf-8")
    scenario, personas, rubric = load_scenario(path)
    rubric = rubric.model_copy(update={"claims": [*rubric.claims, *CLAIMS]})
    setup = DebateSetup(scenario=scenario, personas=personas, rubric=rubric, seed=1, lang=lang, rounds=rounds)
    return setup, {p: Scripted() for p in scenario.personas}


class Scripted:
    """A backend that returns the given moves in order (then a plain speech); records requests."""

    label = "scripted"
    fatal: Exception | None = None

    def __init__(self, moves=(), delay: float = 0.0):
        self.moves = list(moves)
        self.delay = delay
        self.requests = []

    async def take_turn(self, req):
        self.requests.append(req)
        if self.delay:
            await asyncio.sleep(self.delay)
        from roleplay.debate.move import Move

        yield TurnResult(move=self.moves.pop(0) if self.moves else Move(speech=f"{req.persona.id} speaks"))


def stub_score(setup, history, table, votes, rn, final):
    """A fixed scorecard: the engine tests pin the engine, not the scorer (which other
    work is rebuilding); the moderator's outcome must not depend on it."""
    from roleplay.scoring.scorecard import Scorecard

    return Scorecard(
        round=rn, elements=[], contradictions=[], paths=[], consensus="none", support_share=0, satisfaction={}
    )


def run(setup, backends, control=None) -> list:
    """All events of one run (scored by :func:`stub_score`)."""
    from roleplay.debate import engine

    async def go():
        return [e async for e in run_debate(setup, backends, control=control, run_id="test0001")]

    real, engine.score = engine.score, stub_score
    try:
        return asyncio.run(go())
    finally:
        engine.score = real
