"""``roleplay validate`` and ``roleplay schema``: check any data file, export JSON Schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from roleplay.errors import FileFormatError, InputError


def _kind(path: Path) -> str:
    """The kind of a data file, from its top-level keys (bounded: roleplay.formats.yamlfile)."""
    from roleplay.formats.yamlfile import parse_yaml, read_text

    try:
        _, data = parse_yaml(read_text(path))
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        for key, kind in (
            ("stages", "workshop"),
            ("agenda", "scenario"),
            ("stances", "persona"),
            ("instruments", "instruments"),
            ("elements", "article"),
            ("acts", "phrasebook"),
            ("claims", "claims"),
        ):
            if key in data:
                return kind
    return "scenario" if "scenario" in str(path) else "persona"


def validate_file(path: Path) -> str:
    """Validate one file, guessing its kind from its keys; returns the kind.

    Scenarios are checked with their personas; personas against the rubric.

    Raises:
        FileFormatError / ReferenceError_: naming the file, field or line, and the fix.
    """
    from roleplay.formats.catalog import load_persona, load_rubric, load_scenario
    from roleplay.formats.rubric import ArticleFile, InstrumentsFile
    from roleplay.formats.yamlfile import load_model
    from roleplay.offline.phrasebook import load_acts

    kind = _kind(path)
    if kind == "workshop":
        from roleplay.formats.workshop import load_workshop

        load_workshop(path)
    elif kind == "scenario":
        load_scenario(path)
    elif kind == "persona":
        load_persona(path)
    elif kind == "phrasebook":
        load_acts.__wrapped__(str(path))
    elif kind == "claims":
        from roleplay.formats.claims import ClaimsFile

        load_model(path, ClaimsFile)
        load_rubric(path.parent)
    elif kind == "instruments":
        load_model(path, InstrumentsFile)
        load_rubric(path.parent)
    else:
        load_model(path, ArticleFile)
    return kind


def json_schema(kind: str) -> dict[str, Any]:
    """JSON Schema of a file kind: persona, scenario, workshop, event, scorecard.

    Raises:
        InputError: an unknown kind.
    """
    from pydantic import BaseModel, TypeAdapter

    from roleplay.debate.events import Event
    from roleplay.formats.persona import Persona
    from roleplay.formats.scenario import Scenario
    from roleplay.formats.workshop import Workshop
    from roleplay.scoring.scorecard import Scorecard

    models: dict[str, type[BaseModel]] = {
        "persona": Persona,
        "scenario": Scenario,
        "workshop": Workshop,
        "scorecard": Scorecard,
    }
    if kind in models:
        return models[kind].model_json_schema()
    if kind == "event":
        schema: dict[str, Any] = TypeAdapter(Event).json_schema()
        return schema
    raise InputError("error-unknown-schema", kind=kind, kinds="persona, scenario, workshop, event, scorecard")


__all__ = ["FileFormatError", "json_schema", "validate_file"]
