"""Modal screens: facilitator message, persona picker, persona card, export path, human turn."""

from roleplay.tui.screens.dialogs import ExportScreen, InjectScreen, PickPersonaScreen
from roleplay.tui.screens.human_form import HumanTurnScreen
from roleplay.tui.screens.persona_card import PersonaCardScreen

__all__ = ["ExportScreen", "HumanTurnScreen", "InjectScreen", "PersonaCardScreen", "PickPersonaScreen"]
