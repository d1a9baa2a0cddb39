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
"""

from __future__ import annotations


class RoleplayError(Exception):
    """Base of all roleplay errors; ``str(err)`` is the whole user message."""


class InputError(RoleplayError):
    """Bad user input: a file, an option or an id. The CLI exits with code 2."""


class FileFormatError(InputError):
    """A data file (persona, scenario, rubric, transcript) that does not parse or validate.

    Args:
        path: the file, as the user gave it.
        problems: one line per problem, each naming the field or line and the fix.
    """

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        body = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: invalid file\n{body}")


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

    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class PermanentBackendError(BackendError):
    """A fault that no retry will fix: bad key (401/403), quota exhausted, HTTP 400."""


class TranscriptError(RoleplayError):
    """A run directory whose files are missing or cannot be read back."""
