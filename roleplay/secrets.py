"""The last line of defence for secrets: mask API keys in anything written to disk.

Backends mask keys where they handle them (roleplay.llm); the transcript writer runs every
line through :func:`redact` as well, so no key reaches a run folder even if a server
echoes one back.
"""

from __future__ import annotations

import os
import re

# Key-shaped tokens: OpenAI-style ``sk-...`` and ``Bearer ...`` headers (16+ characters, so
# ordinary words such as "risk-sharing" are left alone).
_KEY_SHAPED = re.compile(r"\b(?:sk-[A-Za-z0-9_\-]{16,}|Bearer\s+[A-Za-z0-9._\-]{16,})")
MASK = "***"


def known_secrets() -> list[str]:
    """Values of environment variables that hold secrets (``*_API_KEY``, ``*_TOKEN``,
    ``*_SECRET``), 8 characters or longer, longest first."""
    vals = {v for k, v in os.environ.items()
            if k.upper().endswith(("_API_KEY", "_TOKEN", "_SECRET")) and len(v) >= 8}
    return sorted(vals, key=len, reverse=True)


def redact(text: str, secrets: list[str] | None = None) -> str:
    """``text`` with every known secret and every key-shaped token replaced by ``***``."""
    for s in known_secrets() if secrets is None else secrets:
        if s in text:
            text = text.replace(s, MASK)
    return _KEY_SHAPED.sub(MASK, text)
