"""roleplay: multi-agent role-play debates on AI innovation policy.

Personas (a central ministry, an AI start-up, a chain-leader SOE 產業鏈鏈主企業, a venture
capitalist and a US agency) negotiate policy packages round by round; a moderator scores
the outcome against the six elements (六大要素), five structural contradictions
(五大結構性矛盾) and five strategy paths (五大策略路徑) of the new-type whole-nation
system (新型舉國體制) article. The public API is re-exported here.
"""

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
