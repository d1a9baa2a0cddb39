"""The TUI's widgets: the transcript (turn, note and end blocks) and the side panel."""

from .side_panel import SidePanel
from .transcript import EndBlock, NoteBlock, Transcript, TranscriptBlock, TurnBlock

__all__ = ["EndBlock", "NoteBlock", "SidePanel", "Transcript", "TranscriptBlock", "TurnBlock"]
