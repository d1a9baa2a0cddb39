"""The Textual TUI: watch a debate live, steer it, seat a person, replay a saved run.

Build apps with the factories, which take their dependencies (no globals):
``live_app(setup, backends, folder, run_id, human=..., theme=...)`` and
``replay_app(RunIndex.open(folder), folder, lang=..., theme=...)``. ``roleplay tui`` (roleplay.cli.tui) wires
them to the command line.
"""

from roleplay.tui.board import Board
from roleplay.tui.human import HumanSeat
from roleplay.tui.interrupt import Interruptible
from roleplay.tui.live import LiveApp, live_app
from roleplay.tui.replay import ReplayApp, replay_app
from roleplay.tui.run_index import RunIndex

__all__ = [
    "Board",
    "HumanSeat",
    "Interruptible",
    "LiveApp",
    "ReplayApp",
    "RunIndex",
    "live_app",
    "replay_app",
]
