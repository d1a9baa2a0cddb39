"""The roleplay error tree. Every user-facing failure is one of these.

::

    RoleplayError                 base; ``str(e)`` is a complete message for a user
    ├── InputError                bad user input (files, options); CLI exit code 2
    │   ├── FileFormatError       a YAML/JSON file that does not parse or validate
    │   ├── ReferenceError_       an id that names nothing (persona, instrument, element)
    │   └── TemplateError         a Jinja2 template that fails to load or render
    ├── BackendError              an LLM backend failed (see roleplay.debate.backends)
    │   ├── TransientBackendError rate limit, 5xx, dropped connection: worth a retry
    │   └── PermanentBackendError bad key, quota exhausted, HTTP 400: never retried
    └── TranscriptError           a run directory that cannot be read back

Messages name the file, the field or line, and the fix. Only the CLI and the TUI
print them; library code raises. Messages never include API keys.

An error carries a message id of the catalogue (``roleplay/i18n/locales/*/errors.ftl``,
ids ``error-...``) and its parameters, and renders when it is shown, in the interface
language (:func:`roleplay.i18n.lang.ui_lang`, issue #11)::

    raise ReferenceError_("error-unknown-scenario", name=name, known=list(ids))

A plain sentence (``InputError("...")``) is still accepted (a message not yet moved to the
catalogue, or text another error already rendered).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from roleplay.i18n.catalog import Verbatim, t
from roleplay.i18n.lang import ui_lang

_ID = re.compile(r"error-[a-z0-9]+(?:-[a-z0-9]+)*")
"""A catalogue message id as a first argument (an English sentence never looks like this)."""


def _render(msg_id: str, params: dict[str, Any]) -> str:
    """``roleplay.i18n.catalog.t(msg_id, ui_lang(), **params)``: the message in the interface
    language at the moment it is shown (English when ``ROLEPLAY_LANG`` itself is bad: that
    error has to be shown in some language)."""
    return t(msg_id, ui_lang(), **params)


def _param(value: Any) -> Any:
    """A parameter as Fluent takes it: ints stay numbers (plural selectors; Fluent would
    group digits, so only counts should be ints); everything else is text shown as given
    (:class:`~roleplay.i18n.catalog.Verbatim`): a path, an id or a value the user wrote must
    read the same in a Simplified message, and a nested message is already in its language;
    a list stays a list of such texts (``chip-controls、hundred-models`` in Chinese)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):  # joined by the language's list separator (catalog.t)
        return [Verbatim(str(v)) for v in value]
    return Verbatim(str(value))


@dataclass(frozen=True)
class Msg:
    """One catalogue message with its parameters, rendered by ``str()`` in the interface
    language: an error's message, or one problem line of a :class:`FileFormatError`.

    Attributes:
        id: a message id of ``errors.ftl`` (``error-...``).
        params: its parameters; ints are counts (plural selectors), anything else is shown
            as ``str(value)`` (a nested :class:`Msg` or error renders in the same language).
    """

    id: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return _render(self.id, {k: _param(v) for k, v in self.params.items()})


def msg(msg_id: str, /, **params: Any) -> Msg:
    """``Msg(msg_id, params)``: a problem line for :class:`FileFormatError`."""
    return Msg(msg_id, params)


def _message(message: str | Msg, params: dict[str, Any]) -> str | Msg:
    if isinstance(message, str) and (params or _ID.fullmatch(message)):
        return Msg(message, params)
    return message


class RoleplayError(Exception):
    """Base of all roleplay errors; ``str(err)`` is the whole user message.

    Args:
        message: a catalogue id (``error-...``) with ``params``, a :class:`Msg`, or (not yet
            moved, or already rendered) a plain sentence.
    """

    def __init__(self, message: str | Msg = "", /, **params: Any):
        self.message = _message(message, params)
        super().__init__(self.message)

    @property
    def msg_id(self) -> str | None:
        """The catalogue id of the message, or None for a plain sentence."""
        return self.message.id if isinstance(self.message, Msg) else None

    def __str__(self) -> str:
        return str(self.message)


class InputError(RoleplayError):
    """Bad user input: a file, an option or an id. The CLI exits with code 2."""


class FileFormatError(InputError):
    """A data file (persona, scenario, rubric, transcript) that does not parse or validate.

    Args:
        path: the file, as the user gave it.
        problems: one line per problem, each naming the field or line and the fix: a
            :class:`Msg` (:func:`msg`), or text as a library wrote it (pydantic's detail).
    """

    def __init__(self, path: str, problems: Sequence[str | Msg]):
        self.path = path
        self.problems = list(problems)
        self.message = msg("error-file-invalid", path=path)
        Exception.__init__(self, path, problems)  # args rebuild the error when unpickled

    def __str__(self) -> str:
        body = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.message}\n{body}"


class ReferenceError_(InputError):
    """An id that refers to nothing: unknown persona, instrument, element or scenario."""


class TemplateError(InputError):
    """A Jinja2 template that is missing, does not parse, or uses an undefined variable."""


class BackendError(RoleplayError):
    """An LLM backend call failed; the message never contains a key."""


class TransientBackendError(BackendError):
    """A fault worth retrying: rate limit (429), server error (5xx), timeout, dropped link.

    Attributes:
        retry_after: seconds the server asked us to wait (``Retry-After``, RFC 9110 §10.2.3),
            or None when it did not say.
        status: the HTTP status of the reply (429, 5xx, 408), or None for a link fault.
    """

    def __init__(
        self,
        message: str | Msg = "",
        /,
        retry_after: float | None = None,
        http_status: int | None = None,
        **params: Any,
    ):
        super().__init__(message, **params)
        self.retry_after = retry_after
        self.status = http_status


class PermanentBackendError(BackendError):
    """A fault that no retry will fix: bad key (401/403), quota exhausted, HTTP 400."""


class TranscriptError(RoleplayError):
    """A run directory whose files are missing or cannot be read back."""
