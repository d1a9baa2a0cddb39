"""Read YAML data files into pydantic models with errors that name file, line and fix."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from roleplay.errors import FileFormatError

M = TypeVar("M", bound=BaseModel)


def read_text(path: Path) -> str:
    """Read a UTF-8 file. Raises FileFormatError if missing, a folder, or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise FileFormatError(str(path), ["file not found; check the path"]) from e
    except IsADirectoryError as e:
        raise FileFormatError(str(path), ["is a folder; give a .yaml file"]) from e
    except UnicodeDecodeError as e:
        raise FileFormatError(str(path), [f"byte {e.start} is not UTF-8; save the file as UTF-8"]) from e


def _node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """Follow a pydantic error location through a composed YAML node tree."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(key)), None)
            if nxt is None:
                key_node = next((k for k, _ in node.value if k.value == str(key)), None)
                return key_node or node
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


def _field_hint(model: type[BaseModel], loc: tuple[Any, ...], bad: str) -> str:
    """Suggest the closest allowed key for a misspelled one."""
    target: Any = model
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        field = getattr(target, "model_fields", {}).get(key)
        if field is None:
            break
        ann = field.annotation
        for cand in (ann, *getattr(ann, "__args__", ())):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                target = cand
                break
            for sub in getattr(cand, "__args__", ()) or ():
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    target = sub
    names = list(getattr(target, "model_fields", {}))
    close = difflib.get_close_matches(bad, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed keys: {', '.join(names)}"


def split_text(key: str) -> bool:
    """True when an unknown key is really the tail of a text that YAML split at an unquoted
    comma or colon inside a flow mapping (``{zh: 甲,乙}``): model keys are ASCII identifiers,
    so a key with non-ASCII characters or spaces is text (issue #12)."""
    return not key.isascii() or " " in key.strip()


def format_validation(err: ValidationError, model: type[BaseModel], root: yaml.Node | None) -> list[str]:
    """Turn a pydantic ValidationError into one line per problem: line, field, message, fix."""
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        field = ".".join(str(p) for p in loc)
        node = _node_at(root, loc) if loc else None
        where = f"line {node.start_mark.line + 1}, " if node is not None else ""
        if e["type"] == "extra_forbidden" and split_text(str(loc[-1])):
            msg = (
                f"unknown key '{loc[-1]}': this looks like the rest of a text cut at a comma or colon "
                'inside {...}; put the whole text in quotes, e.g. zh: "甲,乙"'
            )
        elif e["type"] == "extra_forbidden":
            msg = f"unknown key '{loc[-1]}'; {_field_hint(model, loc, str(loc[-1]))}"
        elif e["type"] == "missing":
            msg = "required field is missing; add it"
        else:
            msg = e["msg"].removeprefix("Value error, ")
        out.append(f"{where}field '{field}': {msg}" if field else msg)
    return out


def duplicate_keys(node: yaml.Node | None) -> list[str]:
    """Lines of mapping keys that appear twice in the same mapping (YAML would silently
    keep the last one)."""
    out: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k, v in node.value:
            if k.value in seen:
                out.append(
                    f"line {k.start_mark.line + 1}: key '{k.value}' appears twice in the same mapping; keep one"
                )
            seen.add(k.value)
            out += duplicate_keys(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out += duplicate_keys(v)
    return out


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML once (safe loader, libyaml if present) into (node tree, data).

    The node tree keeps line numbers for error messages. Raises yaml.YAMLError.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def load_model(path: Path, model: type[M]) -> M:
    """Parse ``path`` (YAML, UTF-8) into ``model``.

    Raises:
        FileFormatError: missing file, broken YAML (with line and column), wrong types,
            unknown or misspelled keys (with a suggestion), missing fields.
    """
    text = read_text(path)
    try:
        root, data = parse_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise FileFormatError(str(path), [f"{where}broken YAML ({problem}); fix the syntax there"]) from e
    dups = duplicate_keys(root)
    if dups:
        raise FileFormatError(str(path), dups)
    if not isinstance(data, dict):
        raise FileFormatError(
            str(path), ["the file must be a YAML mapping (key: value lines) at the top level"]
        )
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise FileFormatError(str(path), format_validation(e, model, root)) from e
