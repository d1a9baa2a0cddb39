"""The TUI's two themes, one dark and one light (``t`` switches; ``--theme`` picks one)."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="roleplay-dark",
    primary="#4FA3D9",
    secondary="#7E8AA2",
    accent="#E0A84F",
    foreground="#E6E6E6",
    background="#15181E",
    surface="#1D2129",
    panel="#2A303B",
    success="#5FB86A",
    warning="#E0C34F",
    error="#E06C5F",
    dark=True,
)
LIGHT = Theme(
    name="roleplay-light",
    primary="#1F6FA8",
    secondary="#5A6478",
    accent="#B5651D",
    foreground="#1E2228",
    background="#F7F5F0",
    surface="#FFFFFF",
    panel="#E4E1D8",
    success="#2E7D32",
    warning="#9A6B00",
    error="#C0392B",
    dark=False,
)
THEMES = {"dark": DARK, "light": LIGHT}
