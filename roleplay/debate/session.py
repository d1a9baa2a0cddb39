"""Glue between files, backends, the engine and sinks: prepare a debate and run it to a folder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.debate.backend import Backend
from roleplay.debate.backends import backend_specs, make_backend
from roleplay.debate.control import DebateControl
from roleplay.debate.engine import new_run_id, run_debate
from roleplay.debate.events import Event
from roleplay.debate.setup import DebateSetup, check_rounds
from roleplay.errors import InputError
from roleplay.formats.catalog import load_scenario
from roleplay.formats.text import Lang
from roleplay.runs.writer import TranscriptWriter, run_dir_name

if TYPE_CHECKING:
    from roleplay.llm.judge import Judge

Sink = Callable[[Event], None]


def prepare(
    scenario_ref: str | Path,
    *,
    seed: int | None = None,
    lang: Lang | None = None,
    rounds: int | None = None,
    model: str | None = None,
    base_url: str | None = None,
    **backend_options: Any,
) -> tuple[DebateSetup, dict[str, Backend]]:
    """Load a scenario (bundled id or path) and build its setup and one backend per persona.

    ``seed``, ``lang`` and ``rounds`` override the scenario's; ``model`` overrides its
    default backend spec.

    Raises:
        InputError (and subclasses): bad files, unknown ids, unknown backend spec.
    """
    scenario, personas, rubric = load_scenario(scenario_ref)
    if check_rounds(rounds) == 1 and scenario.agenda[-1].phase == "vote" and len(scenario.agenda) > 1:
        raise InputError("error-rounds-one")
    setup = DebateSetup(
        scenario=scenario,
        personas=personas,
        rubric=rubric,
        seed=scenario.seed if seed is None else seed,
        lang=lang or scenario.lang,
        rounds=rounds,
    )
    specs = backend_specs(scenario, model)
    backends = {pid: make_backend(spec, base_url=base_url, **backend_options) for pid, spec in specs.items()}
    return setup, backends


def new_run_folder(out_root: Path, scenario_id: str) -> tuple[str, Path]:
    """A fresh (run id, folder) under ``out_root``; the folder is created by the writer."""
    run_id = new_run_id()
    return run_id, Path(out_root) / run_dir_name(scenario_id, run_id)


async def run_to_folder(
    setup: DebateSetup,
    backends: dict[str, Backend],
    folder: Path,
    run_id: str,
    sinks: Sequence[Sink] = (),
    control: DebateControl | None = None,
    judge: Judge | None = None,
    moderator_label: str | None = None,
) -> Path:
    """Run the debate, appending each event to ``folder/events.jsonl`` as it happens, and
    feed every event to ``sinks``. Returns ``folder``.

    ``judge`` (an LLM backend with a ``judge`` method, see roleplay.llm.judge) scores the
    finished debate beside the deterministic scorer; ``moderator_label`` records its spec.
    On cancellation (Ctrl-C) or any error the events written so far stay, and
    ``transcript.md`` is written for them before the exception goes on.
    """
    writer = TranscriptWriter(folder)
    labels = {pid: b.label for pid, b in backends.items()}
    labels["moderator"] = moderator_label or setup.scenario.moderator_backend
    events = run_debate(setup, backends, control=control, run_id=run_id, backend_labels=labels)
    if judge is not None:
        from roleplay.llm.judge import judged

        events = judged(events, setup, judge)
    try:
        async for event in events:
            event = writer.write(event)
            for sink in sinks:
                sink(event)
    finally:
        try:
            writer.finish_partial()
        finally:
            writer.close()
    return folder
