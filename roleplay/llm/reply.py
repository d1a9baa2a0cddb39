"""Reading a Move out of a model's reply, tolerantly, and checking it client side.

The reply is validated against the same :class:`~roleplay.debate.move.Move` schema the offline
engine produces. Extraction is tolerant (a fenced or bare object anywhere in the text,
prose around it, trailing commas) but never inventive: a value the model did not give is
never filled in, and keys outside the Move (and outside a proposal, stance or answer) are
dropped rather than guessed at. The negotiation protocol's fields are read as given:
``proposal.settles`` (a proposal with ``items`` only still works: the engine derives
``settles``), stances' ``settle``/``give``, ``claims``, ``answers``, ``acts``, ``walkout``;
whether the ids exist is the engine's check (roleplay.debate.table.admit_move). What does
not validate is reported as one line per problem, for the repair prompt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from roleplay.debate.move import Answer, Move, Proposal, Stance

MOVE_KEYS = ("speech", "proposal", "stances", "claims", "answers", "mechanisms", "acts", "walkout")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LINE_OBJECT = re.compile(r"(?m)^\{")


def _decode_at(text: str, start: int) -> tuple[dict[str, Any] | None, int]:
    """(object, end) decoded at ``start`` as is or with trailing commas removed; (None, -1)
    if neither decodes to an object."""
    dec = json.JSONDecoder()
    try:
        obj, end = dec.raw_decode(text, start)
        return (obj, end) if isinstance(obj, dict) else (None, -1)
    except ValueError:
        pass
    try:
        obj, _ = dec.raw_decode(_TRAILING_COMMA.sub(r"\1", text[start:]))
    except ValueError:
        return None, -1
    return (obj, len(text)) if isinstance(obj, dict) else (None, -1)


def _objects(text: str) -> Iterator[dict[str, Any]]:
    """Yield the top-level JSON objects of ``text``, in order.

    A top-level object starts at the first ``{``, right after a decoded object, or at a
    ``{`` that opens a line. After a broken object the scan jumps to the next line that
    opens with ``{``, so a broken outer object never yields one of its inner objects (a
    stance, a proposal) as if it were the move.
    """
    pos = text.find("{")
    while pos >= 0:
        obj, end = _decode_at(text, pos)
        if obj is not None:
            yield obj
            pos = text.find("{", end)
        else:
            nxt = _LINE_OBJECT.search(text, pos + 1)
            pos = nxt.start() if nxt else -1


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


def _known(obj: Any, model: type[BaseModel]) -> Any:
    """``obj`` without keys ``model`` does not have, and without null values in its
    ``settles``/``settle``/``give`` maps (a null option leaves that issue open);
    anything that is not an object is returned as is, for validation to report."""
    if not isinstance(obj, dict):
        return obj
    out = {k: v for k, v in obj.items() if k in model.model_fields}
    for k in ("settles", "settle", "give"):
        if isinstance(out.get(k), dict):
            out[k] = {i: o for i, o in out[k].items() if o is not None}
    return out


def _protocol_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Nested unknown keys dropped; a lone claim id as a list; an ``answers`` list as its
    first entry (a turn answers one claim)."""
    if "proposal" in data:
        data["proposal"] = _known(data["proposal"], Proposal)
    if isinstance(data.get("stances"), list):
        data["stances"] = [_known(x, Stance) for x in data["stances"]]
    if isinstance(data.get("claims"), str):
        data["claims"] = [data["claims"]]
    if isinstance(data.get("answers"), list):
        first = data.pop("answers")[:1]
        if first:
            data["answers"] = first[0]
    if "answers" in data:
        data["answers"] = _known(data["answers"], Answer)
    return data


def parse_move(speech: str, block: str) -> tuple[Move | None, list[str]]:
    """Build a Move from streamed ``speech`` and the move ``block`` text.

    ``speech`` wins over a ``"speech"`` key in the object (the streamed text is what was
    shown). Returns (move, []) or (None, problems).
    """
    obj = extract_move_object(block)
    if obj is None:
        return None, [
            "no JSON object with the move was found; give one JSON object with the keys "
            + ", ".join(MOVE_KEYS[1:])
        ]
    data = _protocol_fields({k: obj[k] for k in MOVE_KEYS[1:] if k in obj and obj[k] is not None})
    data["speech"] = cut_speech(speech) or str(obj.get("speech") or "").strip()
    if not data["speech"]:
        return None, ["the speech is empty; write what you say aloud"]
    try:
        return Move.model_validate(data), []
    except ValidationError as e:
        return None, _problems(e)
