"""The offline negotiator's phrasebook (``prompts/offline/phrases.yaml``) and its renderer.

Variants of an act are used in a seeded cycle per persona (see :func:`variant`), so a
persona repeats no phrasing until it has used them all.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from roleplay.formats.catalog import data_dir
from roleplay.formats.text import Lang, Strict
from roleplay.formats.yamlfile import load_model
from roleplay.templating import render_string

REQUIRED_ACTS = (
    "goal",
    "want",
    "want_again",
    "red_line",
    "cite",
    "propose",
    "support",
    "amend_drop",
    "amend_add",
    "amend_value",
    "amend_again",
    "oppose",
    "oppose_red",
    "revise",
    "hold",
    "concede",
    "vote_yes",
    "vote_no",
    "observe",
    "warn",
    "low_value",
    "good_value",
    "support_many",
    "amend_add_many",
    "amend_drop_many",
    "oppose_many",
    "red_again",
    "rule_forbid",
    "rule_require",
    "rule_max",
    "rule_min",
    "vote_yes_many",
    "vote_no_many",
    "reason_eases",
    "reason_path",
    "own_tool",
    "react",
    "react_against",
    "react_plain",
)


class Variants(Strict):
    """Variants of one act in both languages (Jinja2 strings)."""

    zh: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class Phrasebook(Strict):
    """Shape of ``prompts/offline/phrases.yaml``: act name -> variants."""

    acts: dict[str, Variants]


@lru_cache(maxsize=2)
def load_phrasebook(path: str | None = None) -> Phrasebook:
    """Load and check the phrasebook. Raises FileFormatError naming missing acts."""
    from roleplay.errors import FileFormatError

    p = Path(path) if path else data_dir("prompts") / "offline" / "phrases.yaml"
    book = load_model(p, Phrasebook)
    missing = [a for a in REQUIRED_ACTS if a not in book.acts]
    if missing:
        raise FileFormatError(str(p), [f"field 'acts': missing act(s) {', '.join(missing)}; add them"])
    return book


def variant(options: list, seed: int, persona: str, key: str, k: int):
    """The ``k``-th pick (0-based) from ``options`` in a seeded cycle for (seed, persona, key):
    a fixed shuffled order walked round-robin, so picks repeat only after a full cycle."""
    order = list(range(len(options)))
    random.Random(f"{seed}:{persona}:{key}").shuffle(order)
    return options[order[k % len(order)]]


class Speaker:
    """Renders acts for one persona's turn, counting uses so variants cycle across turns.

    ``base`` is how many times this persona has spoken before (its turn count), used to
    offset each act's cycle so consecutive turns start at different variants.
    """

    def __init__(self, book: Phrasebook, lang: Lang, seed: int, persona: str, base: int):
        self.book, self.lang, self.seed, self.persona, self.base = book, lang, seed, persona, base
        self.used: dict[str, int] = {}

    def say(self, act: str, avoid: str = "", **ctx: str) -> str:
        """Render one sentence of ``act`` with ``ctx``, preferring a variant whose text does
        not occur in ``avoid`` (what has been said already). Raises TemplateError on a bad
        variable."""
        options = getattr(self.book.acts[act], self.lang)
        text = ""
        for _ in range(len(options)):
            n = self.used.get(act, 0)
            self.used[act] = n + 1
            src = variant(options, self.seed, self.persona, act, self.base * 2 + n)
            text = render_string(src, f"offline/phrases.yaml:{act}", **ctx)
            if self.lang == "en" and text[:1].islower():
                text = text[0].upper() + text[1:]
            if not avoid or is_fresh(text, avoid):
                break
        return text


_SENTENCE_END = re.compile(r"(?<=[。!?！？])|(?<=\.)\s")


def is_fresh(text: str, said: str) -> bool:
    """True when no sentence of ``text`` longer than 12 characters occurs in ``said``."""
    return all(s.strip() not in said for s in _SENTENCE_END.split(text) if len(s.strip()) > 12)
