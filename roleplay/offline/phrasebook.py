"""The offline negotiator's phrasebook of dialogue acts (``prompts/offline/acts.yaml``).

Each act has variants per language (Jinja2 strings). A persona walks an act's variants in
a seeded cycle (:func:`variant`), so it repeats no phrasing until it has used them all;
roleplay.offline.speech also skips a variant whose sentence the run has already heard.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import Field

from roleplay.errors import FileFormatError, msg
from roleplay.formats.catalog import data_dir
from roleplay.formats.text import Strict
from roleplay.formats.yamlfile import load_model

REQUIRED_ACTS = (
    "state", "argue", "argue_issue", "argue_outside", "rebut", "concede", "hold", "hold_vote", "red_line", "walkout", "walkout_plain",
    "threaten", "propose", "propose_sealed", "back_same", "revise", "withdraw", "support", "amend", "trade", "oppose", "vote_yes", "vote_no",
    "react", "react_plain", "persuaded", "back_whole", "observe", "observe_plain", "reason_support", "reason_now_ok", "reason_amend", "reason_oppose", "stance_again",
    "position_support", "position_oppose",
)  # fmt: skip
"""Every act the negotiator renders (roleplay.offline.speech)."""

T = TypeVar("T")


class Variants(Strict):
    """Variants of one act in both languages (Jinja2 strings)."""

    zh: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class ActBook(Strict):
    """Shape of ``prompts/offline/acts.yaml``: act name -> variants."""

    acts: dict[str, Variants]


@lru_cache(maxsize=2)
def load_acts(path: str | None = None) -> ActBook:
    """Load and check the phrasebook (default: the bundled one).

    Raises:
        FileFormatError: a bad file (file, line, fix) or missing acts (named).
    """
    p = Path(path) if path else data_dir("prompts") / "offline" / "acts.yaml"
    book = load_model(p, ActBook)
    missing = [a for a in REQUIRED_ACTS if a not in book.acts]
    if missing:
        raise FileFormatError(str(p), [msg("error-acts-missing", acts=", ".join(missing))])
    return book


def variant(options: list[T], seed: int, persona: str, key: str, k: int) -> T:
    """The ``k``-th pick (0-based) from ``options`` in a seeded cycle for (seed, persona, key):
    a fixed shuffled order walked round-robin, so picks repeat only after a full cycle."""
    order = _order(len(options), seed, persona, key)
    return options[order[k % len(order)]]


@lru_cache(maxsize=8192)
def _order(n: int, seed: int, persona: str, key: str) -> tuple[int, ...]:
    """The seeded cycle of :func:`variant`: ``range(n)`` shuffled for (seed, persona, key)."""
    order = list(range(n))
    random.Random(f"{seed}:{persona}:{key}").shuffle(order)
    return tuple(order)
