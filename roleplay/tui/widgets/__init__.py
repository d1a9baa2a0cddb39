"""The TUI's widgets: the transcript (turn, note and end blocks) and the side panel."""

from roleplay.tui.widgets.side_panel import SidePanel
from roleplay.tui.widgets.transcript import EndBlock, NoteBlock, Transcript, TranscriptBlock, TurnBlock

__all__ = ["EndBlock", "NoteBlock", "SidePanel", "Transcript", "TranscriptBlock", "TurnBlock"]
