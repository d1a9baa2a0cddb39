"""Reading a Move out of a model's reply, tolerantly, and checking it client side.

The reply is validated against the same :class:`~roleplay.move.Move` schema the offline
engine produces. Extraction is tolerant (a fenced or bare object anywhere in the text,
prose around it, trailing commas) but never inventive: a value the model did not give is
never filled in, and keys outside the Move are dropped rather than guessed at. What does
not validate is reported as one line per problem, for the repair prompt.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from ..move import Move

MOVE_KEYS = ("speech", "proposal", "stances", "mechanisms")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _objects(text: str) -> Any:
    """Yield every JSON object that decodes at some ``{`` in ``text``, in order."""
    dec = json.JSONDecoder()
    for m in re.finditer(r"\{", text):
        for candidate in (text, _TRAILING_COMMA.sub(r"\1", text[m.start():])):
            start = m.start() if candidate is text else 0
            try:
                obj, _ = dec.raw_decode(candidate, start)
            except ValueError:
                continue
            if isinstance(obj, dict):
                yield obj
                break


def extract_move_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text`` that has at least one Move key, or None.

    Objects without Move keys (e.g. a proposal nested in a broken outer object) are
    skipped, so a fragment is never mistaken for the move.
    """
    return next((o for o in _objects(text) if any(k in o for k in MOVE_KEYS)), None)


def extract_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text`` (fenced or bare), or None."""
    return next(iter(_objects(text)), None)


def _problems(err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = "required field is missing" if e["type"] == "missing" else e["msg"]
        out.append(f"field '{field}': {msg}")
    return out


def cut_speech(text: str) -> str:
    """Speech as written before an inline code fence (a fence mid-line escapes the splitter)."""
    return text.split("```", 1)[0].strip()


def parse_move(speech: str, block: str) -> tuple[Move | None, list[str]]:
    """Build a Move from streamed ``speech`` and the move ``block`` text.

    ``speech`` wins over a ``"speech"`` key in the object (the streamed text is what was
    shown). Returns (move, []) or (None, problems).
    """
    obj = extract_move_object(block)
    if obj is None:
        return None, ["no JSON object with the move was found; give one JSON object with the keys "
                      + ", ".join(MOVE_KEYS[1:])]
    data = {k: obj[k] for k in MOVE_KEYS[1:] if k in obj and obj[k] is not None}
    data["speech"] = cut_speech(speech) or str(obj.get("speech") or "").strip()
    if not data["speech"]:
        return None, ["the speech is empty; write what you say aloud"]
    try:
        return Move.model_validate(data), []
    except ValidationError as e:
        return None, _problems(e)
