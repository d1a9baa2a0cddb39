"""Workshop scripts (``workshops/*.yaml``): a sequence of staged debates for a class.

A workshop is a list of stages. Each stage is a scenario with facilitator interventions
injected at given rounds, a seat plan (which seats are human, which backend plays each
other seat), a round and/or time limit, and debrief questions. This module holds the
script and its checks; :mod:`roleplay.runs.workshop_run` runs it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from roleplay.debate.setup import DebateSetup
from roleplay.errors import FileFormatError, Msg, ReferenceError_, msg
from roleplay.formats.text import Lang, Strict, Text
from roleplay.formats.yamlfile import load_model
from roleplay.i18n.catalog import t

HUMAN = "human"
STAGE_FILE = "stage.json"

DEFAULT_DEBRIEF = (
    "doc-debrief-red-line",
    "doc-debrief-elements",
    "doc-debrief-contradiction",
    "doc-debrief-ecosystem",
)
"""Catalogue ids (documents.ftl) of the debrief questions of a stage that names none."""


def in_lang(x: Text | str, lang: Lang) -> str:
    """A workshop text in ``lang``: bilingual ``Text`` picks one side; a plain string is kept."""
    return x.in_(lang) if isinstance(x, Text) else x


class Intervention(Strict):
    """A facilitator message injected at the start of ``round`` (1-based), before its first turn."""

    round: int = Field(ge=1)
    text: Text | str


class Stage(Strict):
    """One debate of a workshop.

    Fields:
        scenario: a bundled scenario id, or a YAML path relative to the workshop file.
        path: the strategy path (五大策略路徑) this stage is drawn from, a rubric id such as
            ``p4_patient_capital`` (shown in the summary; checked against the rubric).
        seats: persona id -> ``human`` or a backend spec (``offline``, ``openai:MODEL`` ...);
            seats not listed use ``model`` (default: the scenario's backend).
        rounds / time_limit_s: stop after this many rounds / wall-clock seconds; the
            clock is checked at every event, so a turn in progress finishes first, and
            the debate is then scored as it stands.
        debrief: questions for the class after the stage (default: ``DEFAULT_DEBRIEF``).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text | str | None = None
    scenario: str = Field(min_length=1)
    path: str | None = None
    lang: Lang | None = None
    seed: int | None = None
    model: str | None = None
    seats: dict[str, str] = Field(default_factory=dict)
    rounds: int | None = Field(default=None, ge=1, le=200)
    time_limit_s: float | None = Field(default=None, gt=0)
    interventions: list[Intervention] = Field(default_factory=list)
    debrief: list[Text | str] = Field(default_factory=list)

    def human_seats(self) -> list[str]:
        """Persona ids marked ``human``."""
        return [pid for pid, spec in self.seats.items() if spec == HUMAN]


class Workshop(Strict):
    """A workshop script: an id, a title and at least one stage (stage ids unique)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text | str
    description: Text | str | None = None
    lang: Lang = "zh-Hant"
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_stage_ids(self) -> Workshop:
        ids = [s.id for s in self.stages]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(str(msg("error-stage-id-repeated", ids=list(dup))))
        return self


def resolve_workshop(ref: str | Path) -> Path:
    """A workshop file path, or the id of a bundled workshop (``workshops/<id>.yaml``).

    Raises:
        ReferenceError_: neither an existing file nor a bundled id (lists the bundled ones).
    """
    from roleplay.formats.catalog import data_dir

    path = Path(ref)
    if path.is_file():
        return path
    try:
        bundled = {f.stem: f for f in sorted(data_dir("workshops").glob("*.yaml"))}
    except FileNotFoundError:
        bundled = {}
    if str(ref) in bundled:
        return bundled[str(ref)]
    raise ReferenceError_("error-unknown-workshop", name=ref, bundled=list(bundled) or msg("error-none"))


def load_workshop(path: Path | str) -> Workshop:
    """Load a workshop (a path or a bundled id) and check it against its scenarios and
    the rubric.

    Raises:
        FileFormatError: the YAML does not validate, or a stage names an unknown seat,
            strategy path, or an intervention round past the stage's last round.
        ReferenceError_: the workshop or a stage's scenario is neither a file nor a bundled id.
    """
    path = resolve_workshop(path)
    ws = load_model(path, Workshop)
    stage_setups(ws, path)
    return ws


def stage_setups(ws: Workshop, workshop_file: Path) -> list[DebateSetup]:
    """Load every stage's scenario (with the stage's seed, language and rounds) and check
    the stage against it; every problem of every stage is reported at once.

    Raises:
        FileFormatError naming the workshop file; the InputError of a bad scenario.
    """
    from roleplay.debate.session import prepare

    setups: list[DebateSetup] = []
    problems: list[Msg] = []
    for n, st in enumerate(ws.stages):
        try:
            setup, _ = prepare(
                scenario_ref(st, workshop_file), seed=st.seed, lang=st.lang, rounds=st.rounds, model="offline"
            )
        except ReferenceError_ as e:
            problems.append(msg("error-field", field=f"stages.{n}.scenario", problem=e))
            continue
        problems += _check_stage(n, st, setup)
        setups.append(setup)
    if problems:
        raise FileFormatError(str(workshop_file), problems)
    return setups


def scenario_ref(stage: Stage, workshop_file: Path) -> str:
    """The stage's scenario as a path (if it names a file beside the workshop) or a bundled id."""
    local = Path(workshop_file).parent / stage.scenario
    return str(local) if local.is_file() else stage.scenario


def _check_stage(n: int, stage: Stage, setup: DebateSetup) -> list[Msg]:
    """Problems of stage ``n`` (0-based) against its loaded scenario and rubric."""
    out: list[Msg] = []
    where = f"stages.{n}"
    seated = setup.scenario.personas
    for pid in stage.seats:
        if pid not in seated:
            out.append(
                msg(
                    "error-stage-seat",
                    field=f"{where}.seats.{pid}",
                    scenario=setup.scenario.id,
                    seated=list(seated),
                )
            )
    paths = [m.id for m in setup.rubric.paths]
    if stage.path is not None and stage.path not in paths:
        out.append(msg("error-stage-path", field=f"{where}.path", path=stage.path, paths=list(paths)))
    last = len(setup.agenda())
    for k, iv in enumerate(stage.interventions):
        if iv.round > last:
            out.append(
                msg(
                    "error-stage-round",
                    field=f"{where}.interventions.{k}.round",
                    round=str(iv.round),
                    last=last,
                )
            )
    return out


def debrief_questions(stage: Stage | None, lang: Lang) -> list[str]:
    """A stage's debrief questions in ``lang``, or the defaults when it has none (or no stage)."""
    if stage is not None and stage.debrief:
        return [in_lang(q, lang) for q in stage.debrief]
    return [t(q, lang) for q in DEFAULT_DEBRIEF]
