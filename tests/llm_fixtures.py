"""Fixtures for the LLM backend tests: a small debate built in code on the bundled rubric,
and a scripted "model" for the fake server that answers every phase with a valid move.

Personas are generated (not read from ``personas/``) so these tests do not move when the
bundled persona texts are edited.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fake_openai import Reply

from roleplay.debate.backend import TurnRequest, public_card
from roleplay.debate.setup import DebateSetup
from roleplay.formats.catalog import load_rubric
from roleplay.formats.persona import InstrumentStance, Persona, RedLine, Source, Style
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import RoundSpec, Scenario
from roleplay.formats.text import Text

PIDS = ["alpha", "bravo", "charlie", "delta", "echo"]


def t(en: str) -> Text:
    return Text(zh=f"{en}(中)", en=en)


def make_persona(pid: str, rubric: Rubric, n: int) -> Persona:
    """A complete persona: every element weighted, a stance on every instrument."""
    stances = {
        i.id: InstrumentStance(
            score=((k + n) % 5) - 2,
            reason=t(f"{pid} view on {i.id}"),
            preferred=i.parameter.default if i.parameter else None,
        )
        for k, i in enumerate(rubric.instruments)
    }
    first = rubric.instruments[n % len(rubric.instruments)].id
    return Persona(
        id=pid,
        name=t(f"{pid.title()} Party"),
        short=t(pid.title()),
        role=t(f"role of {pid}"),
        goals=[t(f"{pid} wants growth")],
        weights={m.id: 0.5 for m in rubric.elements},
        stances=stances,
        red_lines=[RedLine(kind="forbid", instrument=first, text=t(f"no {first}"))],
        private=[t(f"SECRET-{pid}")],
        style=Style(
            tone=t("calm"),
            signature_terms=[t("ecosystem")],
            openers=[t("a"), t("b"), t("c")],
            closers=[t("x"), t("y"), t("z")],
        ),
        sources=[Source(section="s", quote="q", supports="it")],
    )


def make_setup(rounds: int = 4, lang: str = "en", n_personas: int = 3) -> DebateSetup:
    """A debate: opening, proposal, negotiation x (rounds - 3), vote."""
    rubric = load_rubric()
    personas = [make_persona(pid, rubric, n) for n, pid in enumerate(PIDS[:n_personas])]
    middle = [RoundSpec(phase="negotiation")] * max(0, rounds - 3)
    agenda = [RoundSpec(phase="opening"), RoundSpec(phase="proposal"), *middle, RoundSpec(phase="vote")]
    sc = Scenario(
        id="llm-test",
        title=t("Test debate"),
        question=t("What should the state do?"),
        brief=t("A brief."),
        personas=[p.id for p in personas],
        agenda=agenda,
        lang=lang,
        max_rounds=len(agenda),
        focus_instruments=[i.id for i in rubric.instruments[:4]],
    )
    return DebateSetup(scenario=sc, personas=personas, rubric=rubric, seed=7, lang=lang, rounds=len(agenda))


def make_request(setup: DebateSetup, pid: str = "alpha", phase_index: int = 0, **kw: Any) -> TurnRequest:
    """A TurnRequest for ``pid`` in agenda round ``phase_index`` (history empty unless given)."""
    spec = setup.agenda()[phase_index]
    p = setup.persona(pid)
    fields = dict(
        turn_id=f"r{phase_index + 1}-t1-{pid}",
        round=phase_index + 1,
        round_spec=spec,
        total_rounds=len(setup.agenda()),
        persona=p,
        others=[public_card(o) for o in setup.personas if o.id != pid],
        scenario=setup.scenario,
        rubric=setup.rubric,
        lang=setup.lang,
        seed=setup.seed,
        turn_index=0,
    )
    fields.update(kw)
    return TurnRequest(**fields)


def move_text(speech: str, move: dict[str, Any]) -> str:
    """A reply in the ``prompt`` format: speech, then a fenced JSON block."""
    return f"{speech}\n\n```json\n{json.dumps(move, ensure_ascii=False)}\n```"


_PHASE = re.compile(r"Round (\d+) of \d+ \(phase: (\w+)\)")


def scripted_model(body: dict[str, Any]) -> Reply:
    """Answer a persona turn with a valid move for its phase (read from the instruction),
    or a judge request with a full scorecard."""
    messages = body["messages"]
    last = messages[-1]["content"]
    if "impartial judge" in messages[0]["content"]:
        return Reply(
            text=json.dumps(
                {
                    "elements": [
                        {"element": e, "score": 2, "rationale": "ok"}
                        for e in (
                            "demand",
                            "resources",
                            "industrial_policy",
                            "patient_capital",
                            "institutions",
                            "security",
                        )
                    ]
                }
            )
        )
    m = _PHASE.search(last)
    phase = m.group(2) if m else "opening"
    on_table = sorted(set(re.findall(r"^- (P\d+) v\d+", last, flags=re.M)))
    speech = f"In the {phase} round I speak for my party."
    if phase == "proposal":
        instrument = re.search(r"^- ([a-z_]+): ", messages[0]["content"], flags=re.M).group(1)
        move = {
            "proposal": {"title": "My package", "items": [{"instrument": instrument, "value": None}]},
            "mechanisms": ["demand"],
        }
    elif phase in ("negotiation", "vote"):
        move = {"stances": [{"proposal": p, "position": "support", "reason": "fine"} for p in on_table]}
    else:
        move = {"mechanisms": ["demand"]}
    return Reply(text=move_text(speech, move))


def dead_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connections are refused at once)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
