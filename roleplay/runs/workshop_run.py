"""Running a workshop: every stage in order, one run folder per stage, and a summary.

::

    <out>/<UTC stamp>-workshop-<id>-<4 hex>/
        workshop.json             the script and one result per stage (WorkshopSummary)
        summary.md                the same, readable
        1-<stage id>/             a run folder (events.jsonl, scorecard.json, transcript.md)
            stage.json            the stage's script (debrief questions for exports)

Headless, a human seat is played by the offline negotiator and labelled as a stand-in;
the TUI (``--tui``) seats a person there instead, through ``roleplay.tui.run_workshop_stage``.
"""

# Over ~300 lines: stages, human seats, time limits and the summary share one runner; to be
# split with issue #10's resume for workshops.

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field

from roleplay.debate.backend import Backend, BackendItem, TurnRequest
from roleplay.debate.backends import make_backend
from roleplay.debate.engine import DebateControl, DebateSetup, new_run_id
from roleplay.debate.events import DebateEnded, Event, RoundStarted
from roleplay.errors import InputError, RoleplayError
from roleplay.formats.text import Lang, Strict
from roleplay.formats.workshop import (
    HUMAN,
    STAGE_FILE,
    Stage,
    Workshop,
    debrief_questions,
    in_lang,
    resolve_workshop,
    stage_setups,
)
from roleplay.formats.yamlfile import load_model
from roleplay.runs.outdir import write_file
from roleplay.runs.resume import resume_to_folder

WORKSHOP_JSON, SUMMARY_MD = "workshop.json", "summary.md"


@dataclass
class PreparedStage:
    """A stage (``n`` counts from 1) with its loaded setup and its backends, ready to run.

    ``backends`` has every seat headless; for the TUI it lacks the human seats, which
    the TUI fills with a person.
    """

    n: int
    stage: Stage
    setup: DebateSetup
    backends: dict[str, Backend]


class StandIn:
    """Plays a human seat headless: delegates to the offline negotiator, labelled as a stand-in."""

    def __init__(self) -> None:
        self._inner = make_backend("offline")
        self.label = "offline (stand-in for a human seat)"

    @property
    def fatal(self) -> Exception | None:
        """The offline negotiator's (always None)."""
        return self._inner.fatal

    def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The offline negotiator's turn."""
        return self._inner.take_turn(request)


def _seat_backends(
    st: Stage, setup: DebateSetup, headless: bool, override: str | None, base_url: str | None = None
) -> dict[str, Backend]:
    """Persona id -> backend for a stage: its seat plan, then ``override``/``model``/scenario's.
    The stage's LLM seats share one retry budget (``roleplay.llm.options``) and ``base_url``."""
    from roleplay.debate.backends import backend_specs
    from roleplay.llm.options import run_options

    specs, opts = backend_specs(setup.scenario, override or st.model), run_options(None)
    out: dict[str, Backend] = {}
    for pid in setup.scenario.personas:
        spec = st.seats.get(pid, specs[pid])
        if spec == HUMAN:
            if headless:
                out[pid] = StandIn()
        else:
            out[pid] = make_backend(override or spec, base_url=base_url, **opts)
    return out


def prepare_stages(
    ws: Workshop,
    workshop_file: Path,
    *,
    headless: bool = True,
    model: str | None = None,
    base_url: str | None = None,
) -> list[PreparedStage]:
    """Load and check every stage and build its backends, all before anything runs, so
    that a typo in the last stage fails before the first one starts.

    ``model`` replaces every non-human seat's backend (like ``--model``); ``base_url`` is
    the server of the LLM seats (like ``--base-url``).

    Raises:
        FileFormatError naming the workshop file, or the InputError of a scenario or spec.
    """
    out = []
    for n, (st, setup) in enumerate(zip(ws.stages, stage_setups(ws, workshop_file), strict=True), 1):
        try:
            backends = _seat_backends(st, setup, headless, model, base_url)
        except InputError as e:
            raise InputError("error-workshop-stage", path=workshop_file, stage=st.id, problem=e) from e
        out.append(PreparedStage(n=n, stage=st, setup=setup, backends=backends))
    return out


class StageDirector:
    """Sink that plays a stage's script: injects interventions when their round starts and
    stops the debate once the time limit has passed (checked at every event)."""

    def __init__(
        self, stage: Stage, lang: Lang, control: DebateControl, clock: Callable[[], float] = time.monotonic
    ):
        self.stage, self.lang, self.control, self.clock = stage, lang, control, clock
        self.t0 = clock()
        self.injected: list[str] = []
        self.timed_out = False

    def __call__(self, e: Event) -> None:
        """Handle one event."""
        if isinstance(e, RoundStarted):
            for iv in self.stage.interventions:
                if iv.round == e.round:
                    text = in_lang(iv.text, self.lang)
                    self.control.inject(text)
                    self.injected.append(text)
        limit = self.stage.time_limit_s
        if limit is not None and not isinstance(e, DebateEnded) and self.clock() - self.t0 > limit:
            self.timed_out = True
            self.control.stop(reason=f"time limit of {limit:g} s reached")


def workshop_folder(out_root: Path, ws: Workshop) -> Path:
    """A fresh ``<out>/<UTC stamp>-workshop-<id>-<4 hex>/`` (created).

    Raises:
        InputError: ``out_root`` is a file or the folder cannot be created there.
    """
    out_root = Path(out_root)
    if out_root.exists() and not out_root.is_dir():
        raise InputError("error-out-workshop-is-file", path=out_root)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = out_root / f"{stamp}-workshop-{ws.id}-{new_run_id()[:4]}"
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except OSError as e:
        raise InputError("error-out-workshop-unwritable", path=out_root, detail=e.strerror) from e
    return folder


def stage_folder(root: Path, ps: PreparedStage) -> Path:
    """``<workshop folder>/<n>-<stage id>``."""
    return root / f"{ps.n}-{ps.stage.id}"


def write_stage_file(folder: Path, ps: PreparedStage) -> None:
    """Write ``stage.json`` (the stage script with debrief questions in the stage language)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "n": ps.n,
        "stage": ps.stage.model_dump(mode="json"),
        "debrief": debrief_questions(ps.stage, ps.setup.lang),
    }
    (folder / STAGE_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class StageResult(Strict):
    """What one stage produced (one entry of ``workshop.json``); scores are None if unscored.

    ``status`` is the DebateEnded status: anything but ``finished`` means the stage was cut
    short (``reason`` says why, e.g. "time limit of 600 s reached") and its score is that of
    the debate as it stood (``rounds`` of ``planned_rounds``, ``turns`` turns).
    """

    n: int
    id: str
    title: str
    scenario: str
    path: str | None
    path_name: str | None
    lang: Lang
    folder: str
    status: str
    reason: str
    rounds: int = 0
    planned_rounds: int = 0
    turns: int = 0
    package: str | None = None
    instruments: list[str] = Field(default_factory=list)
    adopted: bool = False
    total: int | None = None
    n_scored: int = 0
    consensus: str | None = None
    satisfaction: dict[str, float] = Field(default_factory=dict)
    human_seats: list[str] = Field(default_factory=list)
    interventions: list[str] = Field(default_factory=list)
    debrief: list[str] = Field(default_factory=list)

    @property
    def cut_short(self) -> bool:
        """True when the stage did not run its whole agenda (stopped, failed, interrupted)."""
        return self.status != "finished"


class WorkshopSummary(Strict):
    """``workshop.json``: the script and the stage results, in order."""

    workshop: Workshop
    source: str
    started: str
    mode: str
    stages: list[StageResult]


def stage_result(ps: PreparedStage, folder: Path, director: StageDirector) -> StageResult:
    """Summarise a finished (or interrupted) stage from its run folder and its director."""
    from roleplay.runs.transcript import load_run

    setup, st = ps.setup, ps.stage
    lang = setup.lang
    path_name = setup.rubric.mechanism(st.path).name.in_(lang) if st.path else None
    base = dict(
        n=ps.n,
        id=st.id,
        title=in_lang(st.title, lang) if st.title else setup.scenario.title.in_(lang),
        scenario=setup.scenario.id,
        path=st.path,
        path_name=path_name,
        lang=lang,
        folder=folder.name,
        human_seats=st.human_seats(),
        interventions=director.injected,
        debrief=debrief_questions(st, lang),
    )
    try:
        run = load_run(folder)
    except RoleplayError as e:
        return StageResult(**base, status="failed", reason=str(e))
    if run.ended is None:
        return StageResult(
            **base, status="interrupted", reason="the debate did not finish", turns=len(run.turns())
        )
    card, end = run.ended.scorecard, run.ended
    extra = {}
    if card is not None:
        extra = dict(
            package=f"{card.package.id} {card.package.title}" if card.package else None,
            instruments=card.package.instrument_ids() if card.package else [],
            adopted=card.adopted,
            total=card.total(),
            n_scored=card.n_scored,
            consensus=card.consensus,
            satisfaction=dict(card.satisfaction),
        )
    return StageResult(
        **base,
        status=end.status,
        reason=end.reason,
        rounds=end.rounds,
        turns=end.turns,
        planned_rounds=len(setup.agenda()),
        **extra,
    )


StageRunner = Callable[[PreparedStage, Path, DebateControl, list], Awaitable[None]]
"""Runs one prepared stage into a folder with a control and sinks (headless or the TUI)."""


async def run_headless(ps: PreparedStage, folder: Path, control: DebateControl, sinks: list) -> None:
    """The headless StageRunner: the engine straight into the run folder."""
    from roleplay.debate.session import run_to_folder

    await run_to_folder(ps.setup, ps.backends, folder, new_run_id(), sinks=sinks, control=control)


def write_summary(root: Path, summary: WorkshopSummary) -> None:
    """Write ``workshop.json`` and ``summary.md`` into the workshop folder."""
    write_file(root / WORKSHOP_JSON, summary.model_dump_json(indent=2) + "\n", force=True)
    from roleplay.runs.export import render_template

    ws = summary.workshop
    text = render_template(
        "workshop_summary.md.j2",
        lang=ws.lang,
        s=summary,
        title=in_lang(ws.title, ws.lang),
        description=in_lang(ws.description, ws.lang) if ws.description else "",
    )
    write_file(root / SUMMARY_MD, text, force=True)


async def run_workshop(
    path: Path | str,
    out_root: Path,
    *,
    model: str | None = None,
    base_url: str | None = None,
    runner: StageRunner | None = None,
    on_stage: Callable[[PreparedStage, Path], list] | None = None,
) -> tuple[Path, WorkshopSummary]:
    """Run every stage of the workshop at ``path`` in order, one run folder per stage.

    ``runner`` runs a stage (default: headless, human seats played by a stand-in); a
    non-headless runner (the TUI) gets backends without the human seats. ``model``
    replaces every non-human seat's backend; ``base_url`` is their server.
    ``on_stage(prepared, folder)`` may return extra sinks for that stage (e.g. a console
    printer). Returns (workshop folder, summary); the summary is rewritten after every
    stage, so an interrupted workshop keeps the stages it finished.

    Raises:
        InputError: the workshop file or a stage's scenario or backend spec is bad
            (all checked before the first stage runs), or ``out_root`` cannot hold it.
    """
    path = resolve_workshop(path)
    ws = load_model(path, Workshop)
    headless = runner is None
    stages = prepare_stages(ws, path, headless=headless, model=model, base_url=base_url)
    root = workshop_folder(out_root, ws)
    summary = WorkshopSummary(
        workshop=ws,
        source=str(path),
        mode="headless" if headless else "tui",
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        stages=[],
    )
    write_summary(root, summary)  # at once, so that a workshop killed in its first stage can resume
    (root / OPTIONS_FILE).write_text(
        json.dumps({"model": model, "base_url": base_url}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for ps in stages:
        folder = stage_folder(root, ps)
        write_stage_file(folder, ps)
        control = DebateControl()
        director = StageDirector(ps.stage, ps.setup.lang, control)
        extra = on_stage(ps, folder) if on_stage else []
        await (runner or run_headless)(ps, folder, control, [director, *extra])
        summary.stages.append(stage_result(ps, folder, director))
        write_summary(root, summary)
    return root, summary


OPTIONS_FILE = "workshop-options.json"
"""``--model`` and ``--base-url`` of a headless workshop, for ``--resume``."""


def read_summary(root: Path) -> WorkshopSummary:
    """The ``workshop.json`` of a workshop folder.

    Raises:
        InputError: no such folder, or no readable ``workshop.json`` in it (naming the fix).
    """
    path = Path(root) / WORKSHOP_JSON
    if not path.is_file():
        raise InputError("error-no-workshop-json", path=root, name=WORKSHOP_JSON)
    try:
        return WorkshopSummary.model_validate_json(path.read_bytes())
    except ValueError as e:
        raise InputError("error-not-workshop-summary", path=path, detail=e) from e


async def resume_workshop(
    root: Path, *, on_stage: Callable[[PreparedStage, Path], list] | None = None
) -> tuple[Path, WorkshopSummary]:
    """Continue a headless workshop in ``root`` after a crash or Ctrl-C: finished stages are
    kept, the interrupted stage continues from its last finished turn
    (roleplay.runs.resume; its director sees the replayed events, so interventions come
    as before; a time limit counts again from the resume), later stages run as usual.

    Raises:
        InputError: not a workshop folder, a TUI workshop, every stage finished, another
            command writing to the folder, or the workshop's files no longer load.
    """
    from roleplay.runs.locks import folder_lock
    from roleplay.runs.resume import resume_point, setup_of
    from roleplay.runs.transcript import EVENTS, load_run

    root = Path(root)
    summary = read_summary(root)
    if summary.mode != "headless":
        raise InputError("error-workshop-tui-resume", path=root)
    if len(summary.stages) >= len(summary.workshop.stages):
        raise InputError("error-workshop-finished", path=root)
    try:
        opts = json.loads((root / OPTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        opts = {}
    stages = prepare_stages(
        summary.workshop, Path(summary.source), model=opts.get("model"), base_url=opts.get("base_url")
    )
    with folder_lock(root, "workshop"):
        for ps in stages[len(summary.stages) :]:
            folder = stage_folder(root, ps)
            control = DebateControl()
            director = StageDirector(ps.stage, ps.setup.lang, control)
            extra = on_stage(ps, folder) if on_stage else []
            events = folder / EVENTS
            run = load_run(folder) if events.is_file() and b"\n" in events.read_bytes()[:50_000_000] else None
            if run is not None and run.ended is None:
                keep = resume_point(run)
                setup = setup_of(run.started, ps.setup.rounds)
                await resume_to_folder(
                    folder, run, keep, setup, ps.backends, sinks=extra, observers=[director], control=control
                )
            elif run is not None:  # finished, but the summary was not written
                for e in run.events:
                    director(e)
            else:  # not started (or killed before its first line)
                events.unlink(missing_ok=True)
                write_stage_file(folder, ps)
                await run_headless(ps, folder, control, [director, *extra])
            summary.stages.append(stage_result(ps, folder, director))
            write_summary(root, summary)
    return root, summary


def _css_beside(cls: type) -> list[str]:
    """``cls``'s CSS_PATH entries as absolute paths (resolved where Textual would for ``cls``)."""
    import inspect

    paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH] if cls.CSS_PATH else []
    owner = next(c for c in cls.__mro__ if "CSS_PATH" in vars(c)) if paths else cls
    base = Path(inspect.getfile(owner)).parent
    return [str(base / p) for p in paths]


Drive = Callable[[object, object], Awaitable[None]]
"""Test hook: ``drive(app, pilot)`` plays a stage's app under Textual's ``run_test``."""


def tui_runner(theme: str = "dark", drive: Drive | None = None) -> StageRunner:
    """A StageRunner that opens each stage in the live TUI (``roleplay.tui.LiveApp``) with
    the stage's control, its director as a sink, and its human seats played by people at the
    keyboard, one form at a time; offline speech streams at the TUI's readable pace (instant
    when ``drive`` runs the app in a test). The facilitator quits the app to go on to the next
    stage.

    Raises:
        InputError: the TUI is not in this build.
    """
    try:
        from roleplay.tui.live import LiveApp
    except ImportError as e:
        raise InputError("error-workshop-no-tui", detail=e) from e

    class StageApp(LiveApp):
        """LiveApp that also feeds the workshop's sinks (the director) every event."""

        # Textual resolves a relative CSS_PATH beside the subclass's module; keep the TUI's.
        CSS_PATH = _css_beside(LiveApp)

        def __init__(self, *args, sinks: list, **kwargs):
            super().__init__(*args, **kwargs)
            self.stage_sinks = sinks

        def _sink(self, event: Event) -> None:
            for sink in self.stage_sinks:
                sink(event)
            super()._sink(event)

    async def run(ps: PreparedStage, folder: Path, control: DebateControl, sinks: list) -> None:
        from roleplay.tui.pace import Pace

        humans = ps.stage.human_seats()
        app = StageApp(
            ps.setup,
            ps.backends,
            folder,
            new_run_id(),
            human=humans or None,
            theme=theme,
            control=control,
            sinks=sinks,
            pace=Pace() if drive is None else None,
        )
        if drive is None:
            await app.run_async()
        else:
            async with app.run_test() as pilot:
                await drive(app, pilot)
        if app.error:
            raise InputError("error-stage-tui-failed", stage=ps.stage.id, detail=app.error)

    return run
