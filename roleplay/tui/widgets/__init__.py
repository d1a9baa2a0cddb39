"""The TUI's widgets: the transcript (turn, note and end blocks), the side panel and the human
seat's form."""

from roleplay.tui.widgets.human_form import HumanForm
from roleplay.tui.widgets.side_panel import SidePanel
from roleplay.tui.widgets.transcript import EndBlock, NoteBlock, Transcript, TranscriptBlock, TurnBlock

__all__ = ["EndBlock", "HumanForm", "NoteBlock", "SidePanel", "Transcript", "TranscriptBlock", "TurnBlock"]
