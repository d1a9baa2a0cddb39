"""roleplay: multi-agent role-play debates on AI innovation policy.

Personas (a central ministry, an AI start-up, a chain-leader SOE 產業鏈鏈主企業, a venture
capitalist and a US agency) negotiate policy packages round by round; a moderator scores
the outcome against the six elements (六大要素), five structural contradictions
(五大結構性矛盾) and five strategy paths (五大策略路徑) of the new-type whole-nation
system (新型舉國體制) article. The public API is re-exported here.

The names are imported on first use (PEP 562 module ``__getattr__``), so ``import roleplay``
and the ``roleplay`` command pay only for the modules they touch (issue #11: start-up time).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roleplay.debate.backend import Backend, Delta, Notice, TurnRequest, TurnResult
    from roleplay.debate.control import DebateControl
    from roleplay.debate.engine import run_debate
    from roleplay.debate.events import Event, parse_event
    from roleplay.debate.move import Move, PackageItem, Proposal, Stance, Turn
    from roleplay.debate.session import prepare, run_to_folder
    from roleplay.debate.setup import DebateSetup
    from roleplay.errors import (
        BackendError,
        FileFormatError,
        InputError,
        PermanentBackendError,
        ReferenceError_,
        RoleplayError,
        TemplateError,
        TranscriptError,
        TransientBackendError,
    )
    from roleplay.formats.catalog import load_persona, load_rubric, load_scenario
    from roleplay.formats.persona import Persona
    from roleplay.formats.rubric import Instrument, Mechanism, Rubric
    from roleplay.formats.scenario import RoundSpec, Scenario
    from roleplay.formats.workshop import Workshop, load_workshop
    from roleplay.runs.transcript import Run, load_run
    from roleplay.scoring.scorecard import Scorecard

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Backend": "roleplay.debate.backend",
    "BackendError": "roleplay.errors",
    "DebateControl": "roleplay.debate.control",
    "DebateSetup": "roleplay.debate.setup",
    "Delta": "roleplay.debate.backend",
    "Event": "roleplay.debate.events",
    "FileFormatError": "roleplay.errors",
    "InputError": "roleplay.errors",
    "Instrument": "roleplay.formats.rubric",
    "Mechanism": "roleplay.formats.rubric",
    "Move": "roleplay.debate.move",
    "Notice": "roleplay.debate.backend",
    "PackageItem": "roleplay.debate.move",
    "PermanentBackendError": "roleplay.errors",
    "Persona": "roleplay.formats.persona",
    "Proposal": "roleplay.debate.move",
    "ReferenceError_": "roleplay.errors",
    "RoleplayError": "roleplay.errors",
    "RoundSpec": "roleplay.formats.scenario",
    "Rubric": "roleplay.formats.rubric",
    "Run": "roleplay.runs.transcript",
    "Scenario": "roleplay.formats.scenario",
    "Scorecard": "roleplay.scoring.scorecard",
    "Stance": "roleplay.debate.move",
    "TemplateError": "roleplay.errors",
    "TranscriptError": "roleplay.errors",
    "TransientBackendError": "roleplay.errors",
    "Turn": "roleplay.debate.move",
    "TurnRequest": "roleplay.debate.backend",
    "TurnResult": "roleplay.debate.backend",
    "Workshop": "roleplay.formats.workshop",
    "load_persona": "roleplay.formats.catalog",
    "load_rubric": "roleplay.formats.catalog",
    "load_run": "roleplay.runs.transcript",
    "load_scenario": "roleplay.formats.catalog",
    "load_workshop": "roleplay.formats.workshop",
    "parse_event": "roleplay.debate.events",
    "prepare": "roleplay.debate.session",
    "run_debate": "roleplay.debate.engine",
    "run_to_folder": "roleplay.debate.session",
}
"""Public name -> the module that defines it."""

__all__ = [
    "Backend",
    "BackendError",
    "DebateControl",
    "DebateSetup",
    "Delta",
    "Event",
    "FileFormatError",
    "InputError",
    "Instrument",
    "Mechanism",
    "Move",
    "Notice",
    "PackageItem",
    "PermanentBackendError",
    "Persona",
    "Proposal",
    "ReferenceError_",
    "RoleplayError",
    "RoundSpec",
    "Rubric",
    "Run",
    "Scenario",
    "Scorecard",
    "Stance",
    "TemplateError",
    "TranscriptError",
    "TransientBackendError",
    "Turn",
    "TurnRequest",
    "TurnResult",
    "Workshop",
    "load_persona",
    "load_rubric",
    "load_run",
    "load_scenario",
    "load_workshop",
    "parse_event",
    "prepare",
    "run_debate",
    "run_to_folder",
]


def __getattr__(name: str) -> Any:
    """A public name of :data:`__all__`, imported from its module on first use (then kept as
    a module attribute). Raises AttributeError for any other name."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'roleplay' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names and every public name, imported or not (for ``dir(roleplay)``)."""
    return sorted({*globals(), *_EXPORTS})
