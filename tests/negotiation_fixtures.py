"""A small scenario, personas and claims built in code, for pinning negotiation rules."""

from __future__ import annotations

from roleplay.formats.catalog import load_rubric
from roleplay.formats.claims import Claim, Target
from roleplay.formats.issues import Issue, Option, Setting
from roleplay.formats.persona import InstrumentStance, Persona, RedLine, Source, Style
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import RoundSpec, Scenario
from roleplay.formats.text import Text


def t(s: str) -> Text:
    """The same words in both languages (tests only)."""
    return Text(zh=s, en=s)


def issue_fund() -> Issue:
    """fund: small (public_angel 200, cost 40) / big (public_angel 1500, cost 300) / none."""
    return Issue(
        id="fund",
        title=t("fund"),
        question=t("how big?"),
        element="patient_capital",
        section="s",
        quote="q",
        options=[
            Option(
                id="small",
                label=t("small"),
                settings=[Setting(instrument="public_angel", value=200)],
                cost=40,
                verdict="recommended",
            ),
            Option(
                id="big",
                label=t("big"),
                settings=[Setting(instrument="public_angel", value=1500)],
                cost=300,
                verdict="neutral",
            ),
            Option(id="none", label=t("none"), cost=0, verdict="discouraged"),
        ],
    )


def issue_guidance() -> Issue:
    """guidance: keep (industry_guidance_fund) / exit (nothing)."""
    return Issue(
        id="guidance",
        title=t("guidance"),
        question=t("what of the funds?"),
        element="institutions",
        section="s",
        quote="q",
        options=[
            Option(
                id="keep",
                label=t("keep"),
                settings=[Setting(instrument="industry_guidance_fund")],
                cost=100,
                verdict="discouraged",
            ),
            Option(id="exit", label=t("exit"), cost=0, verdict="recommended"),
        ],
    )


def scenario(**kw: object) -> Scenario:
    """Two issues, three voters (a, b, c) and an external seat (x)."""
    base: dict[str, object] = dict(
        id="mini",
        title=t("mini"),
        question=t("q?"),
        brief=t("b"),
        personas=["a", "b", "c", "x"],
        voters=["a", "b", "c"],
        agenda=[
            RoundSpec(phase="opening"),
            RoundSpec(phase="proposal"),
            RoundSpec(phase="negotiation"),
            RoundSpec(phase="vote"),
        ],
        issues=[issue_fund(), issue_guidance()],
        budget=200,
    )
    base.update(kw)
    return Scenario.model_validate(base)


def persona(
    pid: str,
    stances: dict[str, int],
    kind: str = "domestic",
    reservation: float = 0.45,
    budget_weight: float = 0.3,
    red_lines: list[RedLine] | None = None,
    preferred: dict[str, float] | None = None,
) -> Persona:
    """A persona with the given instrument scores (weights 0.5 everywhere)."""
    return Persona(
        id=pid,
        name=t(pid),
        short=t(pid),
        role=t("r"),
        kind=kind,
        goals=[t("g")],  # type: ignore[arg-type]
        weights={
            e: 0.5
            for e in (
                "demand",
                "resources",
                "industrial_policy",
                "patient_capital",
                "institutions",
                "security",
            )
        },
        stances={
            i: InstrumentStance(score=s, reason=t("why"), preferred=(preferred or {}).get(i))
            for i, s in stances.items()
        },
        red_lines=red_lines or [],
        style=Style(tone=t("t"), signature_terms=[t("s")], openers=[t("o")] * 3, closers=[t("c")] * 3),
        sources=[Source(section="s", quote="q", supports="x")],
        reservation=reservation,
        budget_weight=budget_weight,
    )


def rubric_with(claims: list[Claim]) -> Rubric:
    """The bundled rubric with ``claims`` as its claim library."""
    return load_rubric().model_copy(update={"claims": claims})


def claim(
    cid: str,
    favours: list[tuple[str, str]],
    rebuts: list[str] | None = None,
    strength: int = 2,
    voices: list[str] | None = None,
) -> Claim:
    """A claim favouring (instrument, direction) targets."""
    return Claim(
        id=cid,
        text=t(f"claim {cid}."),
        section="s",
        quote="q",
        favours=[Target(instrument=i, direction=d) for i, d in favours],  # type: ignore[arg-type]
        rebuts=rebuts or [],
        voices=voices or [],
        strength=strength,
    )
