"""Modal screens: facilitator message, persona picker, persona card, export path, human turn."""

from .dialogs import ExportScreen, InjectScreen, PickPersonaScreen
from .human_form import HumanTurnScreen
from .persona_card import PersonaCardScreen

__all__ = ["ExportScreen", "HumanTurnScreen", "InjectScreen", "PersonaCardScreen", "PickPersonaScreen"]
