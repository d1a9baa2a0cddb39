"""Read YAML data files into pydantic models with errors that name file, line and fix."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from roleplay.cache_files import checksum, pickled
from roleplay.errors import FileFormatError, Msg, msg

M = TypeVar("M", bound=BaseModel)


MAX_BYTES = 2_000_000
"""Largest data file (persona, scenario, rubric, workshop, phrasebook) read, in bytes: ten
times the largest bundled one (``rubric/claims.yaml``, ~160 kB). Checked before the file is
read, so that a huge file fails at once instead of slowing every command that loads it
(issue #10)."""


def read_text(path: Path, limit: int | None = None) -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes (default :data:`MAX_BYTES`).

    Raises:
        FileFormatError: missing, a folder, larger than ``limit`` (checked before reading),
            not UTF-8 (the byte and line), or holding a NUL byte (its line).
    """
    limit = MAX_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileFormatError(
                str(path), [msg("error-file-too-big", size=f"{size:,}", limit=f"{limit:,}")]
            )
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # a file that grew since stat() is still bounded
    except FileNotFoundError as e:
        raise FileFormatError(str(path), [msg("error-file-not-found")]) from e
    except IsADirectoryError as e:
        raise FileFormatError(str(path), [msg("error-file-is-folder")]) from e
    except PermissionError as e:
        raise FileFormatError(str(path), [msg("error-file-permission")]) from e
    if len(data) > limit:
        raise FileFormatError(str(path), [msg("error-file-over-limit", limit=f"{limit:,}")])
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise FileFormatError(str(path), [msg("error-file-nul", line=str(line))])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise FileFormatError(
            str(path), [msg("error-file-not-utf8", line=str(line), byte=str(e.start))]
        ) from e


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


def _field_hint(model: type[BaseModel], loc: tuple[Any, ...], bad: str) -> Msg:
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
        return msg("error-hint-did-you-mean", name=close[0])
    return msg("error-hint-allowed-keys", names=list(names))


def split_text(key: str) -> bool:
    """True when an unknown key is really the tail of a text that YAML split at an unquoted
    comma or colon inside a flow mapping (``{zh: 甲,乙}``): model keys are ASCII identifiers,
    so a key with non-ASCII characters or spaces is text (issue #12)."""
    return not key.isascii() or " " in key.strip()


def format_validation(
    err: ValidationError, model: type[BaseModel], root: yaml.Node | None
) -> list[str | Msg]:
    """Turn a pydantic ValidationError into one line per problem: line, field, message, fix
    (catalogue messages around pydantic's own detail, which stays as pydantic wrote it)."""
    out: list[str | Msg] = []
    for e in err.errors():
        loc = tuple(e["loc"])
        field = ".".join(str(p) for p in loc)
        node = _node_at(root, loc) if loc else None
        problem: str | Msg
        if e["type"] == "extra_forbidden" and split_text(str(loc[-1])):
            problem = msg("error-unknown-key-split", key=str(loc[-1]), flow="{...}")
        elif e["type"] == "extra_forbidden":
            problem = msg("error-unknown-key", key=str(loc[-1]), hint=_field_hint(model, loc, str(loc[-1])))
        elif e["type"] == "missing":
            problem = msg("error-field-missing")
        else:
            problem = e["msg"].removeprefix("Value error, ")
        if not field:
            out.append(problem)
        elif node is not None:
            out.append(
                msg("error-field-at-line", line=str(node.start_mark.line + 1), field=field, problem=problem)
            )
        else:
            out.append(msg("error-field", field=field, problem=problem))
    return out


def duplicate_keys(node: yaml.Node | None) -> list[Msg]:
    """Lines of mapping keys that appear twice in the same mapping (YAML would silently
    keep the last one). Each node is visited once, however often aliases repeat it."""
    out: list[tuple[int, Msg]] = []
    visited: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if id(n) in visited:
            continue
        visited.add(id(n))
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in n.value:
                if k.value in seen:
                    line = k.start_mark.line + 1
                    out.append((line, msg("error-yaml-duplicate-key", line=str(line), key=str(k.value))))
                seen.add(k.value)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
    return [m for _, m in sorted(out, key=lambda lm: lm[0])]


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


MAX_NODES = 200_000
"""Most values (scalars, lists, mappings) a data file may hold once its aliases (``*name``)
are expanded: about ten times the largest bundled file. Nested aliases (a "billion laughs"
file) would otherwise expand exponentially in pydantic's checks (issue #10)."""


class TooBig(yaml.YAMLError):
    """A YAML file whose aliases expand past :data:`MAX_NODES` (or refer to themselves);
    ``line`` (1-based) is where the offending list or mapping starts."""

    def __init__(self, line: int, why: Msg):
        super().__init__(why)
        self.line, self.why = line, why


def expanded_size(root: yaml.Node | None, limit: int | None = None) -> int:
    """How many values the node tree holds with every alias expanded, computed without
    expanding (each shared node is sized once; iterative, so deep nesting cannot overflow).

    Raises:
        TooBig: over ``limit`` (default :data:`MAX_NODES`), or an alias inside its own anchor.
    """
    limit = MAX_NODES if limit is None else limit
    if root is None:
        return 0
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        if id(node) in size:
            continue
        kids: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            kids = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            kids = [n for kv in node.value for n in kv]
        if done:
            open_.discard(id(node))
            total = 1 + sum(size[id(k)] for k in kids)
            if total > limit:
                line = node.start_mark.line + 1
                raise TooBig(line, msg("error-yaml-too-many-values", line=str(line), limit=f"{limit:,}"))
            size[id(node)] = total
            continue
        if id(node) in open_:
            line = node.start_mark.line + 1
            raise TooBig(line, msg("error-yaml-alias-loop", line=str(line)))
        open_.add(id(node))
        stack.append((node, True))
        for k in kids:
            if id(k) in open_:
                line = k.start_mark.line + 1
                raise TooBig(line, msg("error-yaml-alias-loop", line=str(line)))
            if id(k) not in size:
                stack.append((k, False))
    return size[id(root)]


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML once (safe loader, libyaml if present) into (node tree, data); the tree is
    checked with :func:`expanded_size` before anything is built from it.

    The node tree keeps line numbers for error messages. Raises yaml.YAMLError (TooBig for
    aliases that expand too far; RecursionError for nesting too deep for the parser).
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        expanded_size(root)
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def syntax_fix(text: str, mark: yaml.Mark | None) -> Msg:
    """The fix to name for a YAML syntax error at ``mark`` in ``text``: a tab in the
    indentation (YAML indents with spaces only, YAML 1.1 spec 5.5), a comma or colon inside
    an unquoted text in ``{...}`` (it ends the text: quote it, README "Writing a persona"),
    else the generic advice."""
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip())]
    if "\t" in indent:
        return msg("error-yaml-fix-tab")
    if "{" in line:
        return msg("error-yaml-fix-quote")
    return msg("error-yaml-fix-syntax")


def load_model(path: Path, model: type[M]) -> M:
    """Parse ``path`` (YAML, UTF-8) into ``model``.

    Raises:
        FileFormatError: missing file, broken YAML (with line and column), wrong types,
            unknown or misspelled keys (with a suggestion), missing fields.
    """
    return _model_from_text(path, read_text(path), model)


def load_model_cached(path: Path, model: type[M]) -> M:
    """:func:`load_model`, with a successful load kept in the user's cache folder (kind
    ``data``, roleplay.cache_files) under the checksum of the file's text, the model's name
    and :func:`code_key`; a later load of the same text skips YAML parsing, the alias-size
    guard and validation (~0.1 s for the bundled rubric, issue #11). The file is read every
    time, so an edited file is parsed again; an error is never kept, so a bad file fails
    exactly as with :func:`load_model`. Only for models defined in ``roleplay/formats/``
    (the code the key covers).

    Raises:
        FileFormatError: as :func:`load_model`.
    """
    text = read_text(path)
    code = code_key()
    if code is None:
        return _model_from_text(path, text, model)
    key = (code, model.__module__, model.__qualname__, text)
    return pickled("data", key, lambda: _model_from_text(path, text, model), check=model)


@lru_cache(maxsize=1)
def code_key() -> str | None:
    """What a loaded model depends on besides its file: the versions of roleplay, Python,
    pydantic, pydantic-core and PyYAML, and the source of every module of
    ``roleplay/formats/`` (the models and their validators) and of ``roleplay/i18n/lang.py``
    (the languages a field accepts). A checksum (roleplay.cache_files.checksum); None when a
    source cannot be read (an install without ``.py`` files: then nothing is cached)."""
    import sys

    import pydantic
    import pydantic_core

    from roleplay import __version__

    here = Path(__file__).resolve().parent
    sources = [*sorted(here.glob("*.py")), here.parent / "i18n" / "lang.py"]
    try:
        code = [part for f in sources for part in (f.name, f.read_bytes())]
    except OSError:
        return None
    return checksum(
        [__version__, sys.version, pydantic.VERSION, pydantic_core.__version__, yaml.__version__, *code]
    )


def _model_from_text(path: Path, text: str, model: type[M]) -> M:
    """The work of :func:`load_model` once the file is read."""
    try:
        root, data = parse_yaml(text)
    except TooBig as e:
        raise FileFormatError(str(path), [str(e)]) from e
    except RecursionError as e:
        raise FileFormatError(str(path), [msg("error-yaml-too-deep")]) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        fix = syntax_fix(text, mark)
        broken = (
            msg(
                "error-yaml-broken-at",
                line=str(mark.line + 1),
                column=str(mark.column + 1),
                problem=problem,
                fix=fix,
            )
            if mark
            else msg("error-yaml-broken", problem=problem, fix=fix)
        )
        raise FileFormatError(str(path), [broken]) from e
    dups = duplicate_keys(root)
    if dups:
        raise FileFormatError(str(path), list(dups))
    if not isinstance(data, dict):
        what = "empty" if data is None else "list" if isinstance(data, list) else "value"
        line = 1 if root is None else root.start_mark.line + 1
        raise FileFormatError(str(path), [msg("error-yaml-not-mapping", line=str(line), what=what)])
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise FileFormatError(str(path), format_validation(e, model, root)) from e
