"""Modal screens: facilitator message, persona picker, persona card, export path."""

from roleplay.tui.screens.dialogs import ExportScreen, InjectScreen, PickPersonaScreen
from roleplay.tui.screens.persona_card import PersonaCardScreen

__all__ = ["ExportScreen", "InjectScreen", "PersonaCardScreen", "PickPersonaScreen"]
