"""The one home for masking secrets: API keys never reach a transcript, a log or a message.

Masked: every known secret (given as literals, or read from ``*_API_KEY``, ``*_TOKEN`` and
``*_SECRET`` environment variables), anything key-shaped: OpenAI-style ``sk-`` tokens of
10+ characters and ``Bearer`` tokens of 8+ characters, and the user info of a URL
(``https://user:KEY@host`` -> ``https://***@host``). The lengths and the left boundary keep
ordinary words (``risk-sharing``, "the bearer of bad news") intact.

Backends mask what they receive (roleplay.llm.redaction streams through :func:`scrub`); the
transcript writer runs every line through :func:`redact` as the last line of defence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

MASK = "***"
NO_KEY = "not-needed"
"""The placeholder key sent to servers that need none; it is not a secret and never masked."""

TOKEN_CHARS = "A-Za-z0-9._~+/=*-"
_KEY_SHAPED = re.compile(rf"(?<![A-Za-z0-9])sk-[A-Za-z0-9_*-]{{10,}}|Bearer\s+[{TOKEN_CHARS}]{{8,}}")


_URL_USERINFO = re.compile(r"(?<=://)[^\s/@'\"<>]+@(?=[A-Za-z0-9\[])")


def scrub_url(text: str) -> str:
    """``text`` with the user info of every URL in it masked (``http://u:p@h`` -> ``http://***@h``)."""
    return _URL_USERINFO.sub(MASK + "@", text)


def drop_url_credentials(text: str) -> str:
    """``text`` with the user info of every URL in it removed (``http://u:p@h`` -> ``http://h``):
    for options saved to be used again (``run-options.json``), where a mask would be sent
    as a credential. The key then comes from where keys are kept (roleplay.llm.spec)."""
    return _URL_USERINFO.sub("", text)


def has_url_credentials(text: str) -> bool:
    """True if a URL in ``text`` carries user info (``scheme://user:pass@host``)."""
    return "://" in text and _URL_USERINFO.search(text) is not None


def secrets_of(values: Sequence[str]) -> list[str]:
    """The values worth masking: 4+ characters, not the no-key placeholder, longest first."""
    return sorted({v for v in values if v and len(v) >= 4 and v != NO_KEY}, key=len, reverse=True)


def known_secrets() -> list[str]:
    """Values of environment variables that hold secrets (``*_API_KEY``, ``*_TOKEN``,
    ``*_SECRET``), 8 characters or longer, longest first."""
    return secrets_of(
        [
            v
            for k, v in os.environ.items()
            if k.upper().endswith(("_API_KEY", "_TOKEN", "_SECRET")) and len(v) >= 8
        ]
    )


def scrub(text: str, secrets: Sequence[str] = ()) -> str:
    """``text`` with every secret in ``secrets`` and every key-shaped token replaced by ``***``."""
    for s in secrets_of(secrets):
        text = text.replace(s, MASK)
    return scrub_url(_KEY_SHAPED.sub(MASK, text))


def redact(text: str, secrets: Sequence[str] | None = None) -> str:
    """:func:`scrub` with ``secrets``, or with :func:`known_secrets` when none are given."""
    return scrub(text, known_secrets() if secrets is None else secrets)
