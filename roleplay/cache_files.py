"""The user's cache folder for work that every command would otherwise redo at start-up.

Everything here lives under ``$XDG_CACHE_HOME/roleplay/<kind>`` (``~/.cache/roleplay/<kind>``
when the variable is unset; XDG Base Directory Specification): Jinja's compiled templates
(``jinja``, roleplay.templating), parsed Fluent files (``fluent``, roleplay.i18n.catalog) and
loaded data files (``data``, roleplay.formats.yamlfile). A cache is only ever a shortcut: a
folder that cannot be made or written, or a file that cannot be read or unpickled, means the
work is done again, never an error. Only results are kept, never an error, and nothing secret
(bundled or user data files, catalogue text, templates). The folder is the user's own: like
Jinja's bytecode cache, a file in it is trusted when loaded (pickle).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir(kind: str) -> Path | None:
    """``$XDG_CACHE_HOME/roleplay/<kind>`` (or ``~/.cache/roleplay/<kind>``), created; None
    when it cannot be made or written."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "roleplay" / kind
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return base if os.access(base, os.W_OK) else None


def checksum(parts: Iterable[str | bytes]) -> str:
    """A 32-hex-digit SHA-256 of ``parts``, each length-prefixed (so ``("ab", "c")`` and
    ``("a", "bc")`` differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def pickled(kind: str, key: Iterable[str | bytes], build: Callable[[], T], check: type | None = None) -> T:
    """``build()``, kept on disk in :func:`cache_dir` ``(kind)`` under the :func:`checksum`
    of ``key``, which must hold everything the result depends on (the input's text, the
    versions and code that turn it into the result).

    A kept file that cannot be read, does not unpickle or (with ``check``) is not an instance
    of ``check`` is built again; one that cannot be written is skipped. An exception of
    ``build()`` propagates and nothing is kept, so an error is the same with or without a
    cache. Files are written whole (a temporary file, then renamed).
    """
    folder = cache_dir(kind)
    if folder is None:
        return build()
    path = folder / f"{checksum(key)}.pickle"
    try:
        value = pickle.loads(path.read_bytes())
        if check is None or isinstance(value, check):
            return value
    except Exception:  # any damage (truncated, another version's classes): build again
        pass
    value = build()
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
