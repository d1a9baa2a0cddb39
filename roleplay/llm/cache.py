"""An optional on-disk response cache (sqlite), so a rerun with the same inputs makes no calls.

A reply is stored under the SHA-256 of a canonical JSON of (model identity, messages,
parameters); parameters include the debate seed, so another seed is another run. Only
complete replies are stored (never a dropped or failed one). Keys are never stored: the
model identity is provider, model and base URL.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from roleplay.errors import InputError
from roleplay.formats.text import Strict


class CachedReply(Strict):
    """A complete model reply as the cache keeps it (tokens as the server reported them)."""

    text: str
    reasoning: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None


def cache_key(model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON of ``model``, ``messages`` and ``params``."""
    blob = json.dumps(
        {"model": model, "messages": messages, "params": params},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """The cache file. Open once per run and share it between backends.

    Raises:
        InputError: the file cannot be created or is not a roleplay cache.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, model TEXT NOT NULL, "
                "reply TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error) as e:
            raise InputError("error-cache", path=self.path, detail=e) from e
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedReply | None:
        """The reply stored under ``key``, or None (a broken row counts as missing)."""
        row = self._db.execute("SELECT reply FROM replies WHERE key = ?", (key,)).fetchone()
        try:
            reply = CachedReply.model_validate_json(row[0]) if row else None
        except ValidationError:
            reply = None
        if reply is None:
            self.misses += 1
        else:
            self.hits += 1
        return reply

    def put(self, key: str, model: str, reply: CachedReply) -> None:
        """Store ``reply`` under ``key`` (replacing any older one)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO replies (key, model, reply) VALUES (?, ?, ?)",
                (key, model, reply.model_dump_json()),
            )

    def close(self) -> None:
        """Close the file."""
        self._db.close()
