"""The TUI's widgets: the transcript (turn, note and end blocks), the side panel, the human
seat's form and the key bar."""

from roleplay.tui.widgets.human_form import HumanForm
from roleplay.tui.widgets.key_bar import KeyBar
from roleplay.tui.widgets.side_panel import SidePanel
from roleplay.tui.widgets.transcript import EndBlock, NoteBlock, Transcript, TranscriptBlock, TurnBlock

__all__ = [
    "EndBlock",
    "HumanForm",
    "KeyBar",
    "NoteBlock",
    "SidePanel",
    "Transcript",
    "TranscriptBlock",
    "TurnBlock",
]
