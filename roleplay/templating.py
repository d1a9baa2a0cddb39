"""Jinja2 rendering for every piece of prompt text.

Bundled templates (``prompts/``) render in a normal environment; templates supplied by
users render in :class:`BoundedSandbox`, Jinja's ``ImmutableSandboxedEnvironment`` (no
unsafe attribute, no mutating a list while looping over it) with bounds on time
(:data:`MAX_SECONDS`) and output (:data:`MAX_OUTPUT_CHARS`, also for ``'x' * n``). Both use
``StrictUndefined`` and autoescape off (prompts are plain text, not HTML), so a missing
variable is an error. Every refusal is a :class:`~roleplay.errors.TemplateError` naming the
template and the rule (issue #10, item 8).
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from roleplay.cache_files import cache_dir
from roleplay.errors import TemplateError, msg
from roleplay.formats.catalog import data_dir


@lru_cache(maxsize=1)
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's on-disk cache of compiled templates (keyed by template source checksum), in
    ``$XDG_CACHE_HOME/roleplay/jinja`` (roleplay.cache_files); None if not writable. Shared by
    the environments of prompts, the transcript and exports. Jinja keys a compiled template by
    its file and source, not by the environment's options, so every environment that loads
    the same file must use the same syntax options (``trim_blocks``, ``lstrip_blocks``,
    ``keep_trailing_newline``, autoescape for that file), as these do."""
    folder = cache_dir("jinja")
    return None if folder is None else jinja2.FileSystemBytecodeCache(str(folder))


def _env(cls: type[jinja2.Environment], folder: Path) -> jinja2.Environment:
    return cls(
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        bytecode_cache=bytecode_cache(),
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


MAX_SECONDS = 2.0
"""Longest a user template may take to render, in seconds."""
MAX_OUTPUT_CHARS = 1_000_000
"""Most characters a user template may produce (and most characters or items one ``*``
in it may make)."""

_DEADLINE: contextvars.ContextVar[float] = contextvars.ContextVar("template_deadline", default=float("inf"))


class _OutOfTime(Exception):
    """Raised inside a user template's render when :data:`MAX_SECONDS` have passed."""


def _tick() -> None:
    if time.monotonic() > _DEADLINE.get():
        raise _OutOfTime


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The environment of user-supplied templates: Jinja's immutable sandbox, plus a check of
    the time limit at every call, attribute and operator, and of the size of ``*`` results
    (a string or list times a number) and ``**`` results."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``left <operator> right`` after the time check; refuses oversized ``*`` and ``**``."""
        _tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(n, int)
                    and len(seq) * n > MAX_OUTPUT_CHARS
                ):
                    raise SecurityError(
                        str(msg("error-template-star", n=f"{len(seq) * n:,}", limit=f"{MAX_OUTPUT_CHARS:,}"))
                    )
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right > 4096
        ):
            raise SecurityError(str(msg("error-template-power", exponent=f"{right:,}", limit="4,096")))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call, after the time check."""
        _tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """An attribute, after the time check."""
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """An item, after the time check."""
        _tick()
        return super().getitem(obj, argument)


@lru_cache(maxsize=8)
def environment(folder: str | None = None, sandboxed: bool = False) -> jinja2.Environment:
    """The Jinja environment for ``folder`` (default: bundled ``prompts/``).

    ``sandboxed=True`` is for user-supplied templates (:class:`BoundedSandbox`).
    """
    base = Path(folder) if folder else data_dir("prompts")
    return _env(BoundedSandbox if sandboxed else jinja2.Environment, base)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """In the main thread, interrupt the block after ``seconds`` (SIGALRM), for loops that
    touch none of the sandbox's checks; elsewhere, nothing."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise _OutOfTime

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _bounded_render(template: jinja2.Template, name: str, context: dict[str, Any]) -> str:
    """Render a user template within :data:`MAX_SECONDS` and :data:`MAX_OUTPUT_CHARS`.

    Raises:
        TemplateError: a bound or a sandbox rule was hit (naming the template and the rule).
    """
    token = _DEADLINE.set(time.monotonic() + MAX_SECONDS)
    chunks: list[str] = []
    size = 0
    try:
        with _alarm(MAX_SECONDS + 0.5):
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateError("error-template-too-long", name=name, limit=f"{MAX_OUTPUT_CHARS:,}")
                chunks.append(chunk)
                _tick()
    except _OutOfTime as e:
        raise TemplateError("error-template-too-slow", name=name, seconds=f"{MAX_SECONDS:g}") from e
    except SecurityError as e:
        raise TemplateError("error-template-sandbox", name=name, detail=e) from e
    except OverflowError as e:
        raise TemplateError("error-template-overflow", name=name, detail=e) from e
    except RecursionError as e:
        raise TemplateError("error-template-recursion", name=name) from e
    except MemoryError as e:
        raise TemplateError("error-template-memory", name=name) from e
    finally:
        _DEADLINE.reset(token)
    return "".join(chunks)


def render(name: str, folder: str | None = None, sandboxed: bool = False, **context: Any) -> str:
    """Render template ``name`` (path relative to the prompts folder) with ``context``.

    Raises:
        TemplateError: the template is missing, has a syntax error (with line), or uses a
            variable not in ``context`` (naming the template and the variable); a user
            template broke a sandbox rule or a bound (naming the template and the rule).
    """
    sandboxed = sandboxed or folder is not None
    env = environment(folder, sandboxed)
    try:
        if sandboxed:
            return _bounded_render(env.get_template(name), name, context).strip()
        return env.get_template(name).render(**context).strip()
    except jinja2.TemplateNotFound as e:
        raise TemplateError("error-template-not-found", name=name, folder=folder or "prompts/") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(
            "error-template-syntax", name=e.filename or name, line=str(e.lineno), detail=e.message
        ) from e
    except jinja2.UndefinedError as e:
        raise TemplateError("error-template-undefined", name=name, detail=e.message) from e


def render_string(source: str, label: str, **context: Any) -> str:
    """Render a template string (e.g. a phrase from a phrasebook) strictly.

    ``label`` names where the string came from, for the error message.

    Raises:
        TemplateError: as :func:`render`.
    """
    try:
        return _string_template(source).render(**context).strip()
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError("error-template-syntax", name=label, line=str(e.lineno), detail=e.message) from e
    except jinja2.UndefinedError as e:
        raise TemplateError("error-template-undefined", name=label, detail=e.message) from e


@lru_cache(maxsize=1)
def _string_env() -> jinja2.Environment:
    # Sources are looked up by their own text, so the bytecode cache can keep them compiled.
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda src: (src, None, lambda: True)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        bytecode_cache=bytecode_cache(),
        cache_size=4096,
    )


def _string_template(source: str) -> jinja2.Template:
    return _string_env().get_template(source)
