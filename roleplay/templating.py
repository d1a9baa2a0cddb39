"""Jinja2 rendering for every piece of prompt text.

Bundled templates (``prompts/``) render in a normal environment; templates supplied by
users render in Jinja's ``SandboxedEnvironment``. Both use ``StrictUndefined`` and
autoescape off (prompts are plain text, not HTML), so a missing variable is an error.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from roleplay.errors import TemplateError
from roleplay.formats.catalog import data_dir


@lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's on-disk cache of compiled templates (keyed by template source checksum), in
    ``$XDG_CACHE_HOME/roleplay/jinja`` or ``~/.cache/roleplay/jinja``; None if not writable."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "roleplay" / "jinja"
    try:
        base.mkdir(parents=True, exist_ok=True)
        probe = base / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(base))


def _env(cls: type[jinja2.Environment], folder: Path) -> jinja2.Environment:
    return cls(
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        bytecode_cache=_bytecode_cache(),
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=8)
def environment(folder: str | None = None, sandboxed: bool = False) -> jinja2.Environment:
    """The Jinja environment for ``folder`` (default: bundled ``prompts/``).

    ``sandboxed=True`` is for user-supplied templates (jinja2.sandbox).
    """
    base = Path(folder) if folder else data_dir("prompts")
    return _env(SandboxedEnvironment if sandboxed else jinja2.Environment, base)


def render(name: str, folder: str | None = None, sandboxed: bool = False, **context: Any) -> str:
    """Render template ``name`` (path relative to the prompts folder) with ``context``.

    Raises:
        TemplateError: the template is missing, has a syntax error (with line), or uses a
            variable not in ``context`` (naming the template and the variable).
    """
    env = environment(folder, sandboxed or folder is not None)
    try:
        return env.get_template(name).render(**context).strip()
    except jinja2.TemplateNotFound as e:
        raise TemplateError(f"template '{name}' not found in {folder or 'prompts/'}; check the name") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(
            f"template '{e.filename or name}' line {e.lineno}: {e.message}; fix the syntax"
        ) from e
    except jinja2.UndefinedError as e:
        raise TemplateError(
            f"template '{name}': {e.message}; pass that variable or remove it from the template"
        ) from e


def render_string(source: str, label: str, **context: Any) -> str:
    """Render a template string (e.g. a phrase from a phrasebook) strictly.

    ``label`` names where the string came from, for the error message.

    Raises:
        TemplateError: as :func:`render`.
    """
    try:
        return _string_template(source).render(**context).strip()
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"template '{label}' line {e.lineno}: {e.message}; fix the syntax") from e
    except jinja2.UndefinedError as e:
        raise TemplateError(
            f"template '{label}': {e.message}; pass that variable or remove it from the template"
        ) from e


@lru_cache(maxsize=1)
def _string_env() -> jinja2.Environment:
    # Sources are looked up by their own text, so the bytecode cache can keep them compiled.
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda src: (src, None, lambda: True)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        bytecode_cache=_bytecode_cache(),
        cache_size=4096,
    )


def _string_template(source: str) -> jinja2.Template:
    return _string_env().get_template(source)
