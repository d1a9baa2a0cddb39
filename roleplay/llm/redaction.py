"""Keeping API keys out of everything the LLM backend returns or records.

A server may echo a request back (some proxies put the ``Authorization`` header in an
error page; a model may be told a key), so every text that comes from a call is masked
before anything else sees it: reply content and reasoning as they stream (a key split
across chunks included), error messages, notices, raw replies, judge output.

Masked: every known secret (the backend's own key, given as a literal) and anything
key-shaped: OpenAI-style ``sk-`` tokens of 10+ characters and ``Bearer`` tokens of 8+
characters (the patterns live in ``roleplay.secrets``, the one home for masking, which also
masks once more when a run is written). This module adds masking of streamed text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from roleplay.secrets import MASK, NO_KEY, TOKEN_CHARS, scrub, scrub_url, secrets_of

__all__ = ["MASK", "NO_KEY", "StreamScrubber", "scrub", "scrub_url", "secrets_of"]

_TRAILING_TOKEN = re.compile(rf"[{TOKEN_CHARS}]*\Z")
_TRAILING_BEARER = re.compile(r"Bearer\s*\Z")


def _held_from(buf: str, secrets: Sequence[str]) -> int:
    """Where the tail of ``buf`` that may still grow into a secret or key-shaped token starts
    (``len(buf)`` when nothing needs holding)."""
    tail = _TRAILING_TOKEN.search(buf)  # always matches (the empty tail at least)
    start = tail.start() if tail else len(buf)  # a key-shaped token in progress is token characters
    bearer = (
        _TRAILING_BEARER.search(buf, 0, start)
        if start == len(buf) or buf[start - 1 : start].isspace()
        else None
    )
    if bearer is not None and bearer.end() == start:
        start = bearer.start()
    for s in secrets:
        for n in range(min(len(buf), len(s) - 1), 0, -1):
            if s.startswith(buf[-n:]):
                start = min(start, len(buf) - n)
                break
    return start


class StreamScrubber:
    """Mask a text that arrives in chunks, so that no chunk boundary lets a key through.

    ``feed`` returns the masked text now certain; the shortest tail that may still become a
    secret or a key-shaped token (at most a word of ASCII token characters, or a secret's
    length) is held until the next chunk or :meth:`flush`. The concatenated output equals
    ``scrub`` of the concatenated input.
    """

    def __init__(self, secrets: Sequence[str] = ()):
        self._secrets = secrets_of(secrets)
        self._buf = ""

    def feed(self, chunk: str) -> str:
        """Add ``chunk``; return what can be released, masked."""
        if not chunk:
            return ""
        self._buf += chunk
        cut = _held_from(self._buf, self._secrets)
        out, self._buf = self._buf[:cut], self._buf[cut:]
        return scrub(out, self._secrets)

    def flush(self) -> str:
        """End of text: release the held tail, masked."""
        out, self._buf = self._buf, ""
        return scrub(out, self._secrets)
