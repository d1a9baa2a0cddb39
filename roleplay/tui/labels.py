"""The TUI's words and its key map. The words live in the catalogue
(``roleplay/i18n/locales/*/tui.ftl``, ids ``tui-...``); this module names them.

The debate's own words (speeches, moderator notes) stay in the debate language; these
labels, persona names and rubric names follow the UI language, which ``l`` switches.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from roleplay.formats.text import Lang
from roleplay.i18n.catalog import t


def msg_id(key: str) -> str:
    """The catalogue id of a TUI word: ``human.no_form`` -> ``tui-human-no-form``."""
    return "tui-" + key.replace(".", "-").replace("_", "-")


def ui(lang: Lang, key: str, /, **kw: Any) -> str:
    """The TUI word ``key`` (see :func:`msg_id`) in ``lang``, its parameters filled in
    (numbers stay numbers for plurals, paths stay paths: shown as written in every script;
    anything else is written as ``str``).

    Raises:
        CatalogError: no such word, or a parameter it needs is missing.
    """
    params = {k: v if isinstance(v, int | float | PurePath) else str(v) for k, v in kw.items()}
    return t(msg_id(key), lang, **params)


KeyRow = tuple[str, str, bool]
"""(keys, action, shown in the footer). Action names are App actions; the label is the
catalogue's ``tui-key-<action>`` and the command-palette help its ``.help``."""

SHARED_KEYS: list[KeyRow] = [
    ("l", "switch_lang", True),
    ("ctrl+s", "save", False),
    ("e", "export", False),
    ("t", "toggle_theme", False),
    ("q", "quit", True),
]
LIVE_KEYS: list[KeyRow] = [
    ("space", "toggle_pause", True),
    ("n", "step", True),
    ("plus,equals_sign", "faster", False),
    ("minus", "slower", False),
    ("i", "inject", True),
    ("h", "recall_form", False),
    ("k", "skip", True),
    ("x", "end_now", True),
    ("c", "card", True),
    *SHARED_KEYS,
]
REPLAY_KEYS: list[KeyRow] = [
    ("right,n,space", "forward", True),
    ("left,p", "back", True),
    ("home", "to_start", False),
    ("end", "to_end", True),
    ("c", "card", True),
    *SHARED_KEYS,
]


def key_label(lang: Lang, action: str) -> str:
    """The footer label of ``action`` in ``lang`` (``tui-key-<action>``)."""
    return ui(lang, f"key.{action}")


def key_help(lang: Lang, action: str) -> str:
    """The command-palette help of ``action`` in ``lang`` (``tui-key-<action>.help``)."""
    return t(f"{msg_id('key.' + action)}.help", lang)


def position(lang: Lang, pos: str) -> str:
    """A stance (``support``, ``oppose``, ``amend``) in ``lang``."""
    return ui(lang, "position", position=pos)
