"""The Textual TUI: watch a debate live, steer it, seat a person, replay a saved run.

Build apps with the factories, which take their dependencies (no globals):
``live_app(setup, backends, folder, run_id, human=..., theme=...)`` and
``replay_app(RunIndex.open(folder), folder, lang=..., theme=...)``. ``roleplay tui`` (roleplay.cli.tui) wires
them to the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roleplay.tui.board import Board
    from roleplay.tui.human import HumanSeat
    from roleplay.tui.interrupt import Interruptible
    from roleplay.tui.live import LiveApp, live_app
    from roleplay.tui.replay import ReplayApp, replay_app
    from roleplay.tui.run_index import RunIndex

_HOMES = {
    "Board": "board",
    "HumanSeat": "human",
    "Interruptible": "interrupt",
    "LiveApp": "live",
    "live_app": "live",
    "ReplayApp": "replay",
    "replay_app": "replay",
    "RunIndex": "run_index",
}


def __getattr__(name: str) -> Any:
    """The package's names, imported when first asked for (PEP 562): the CLI's console
    borrows :mod:`roleplay.tui.wrap` without paying for Textual (~0.5 s) on every command."""
    if name in _HOMES:
        return getattr(import_module(f"roleplay.tui.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'roleplay.tui' has no attribute {name!r}")


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
