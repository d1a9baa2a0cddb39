"""Backend specs (``openai:gpt-4o-mini``, ``ollama:qwen2.5:7b``, ...) and where keys come from.

Grammar: ``PROVIDER:MODEL`` with PROVIDER one of ``openai``, ``deepseek``, ``ollama``,
``openai-compatible``. Only the first ``:`` separates, so Ollama tags keep theirs.
``openai-compatible`` needs a base URL: ``--base-url`` or ``openai-compatible:MODEL@URL``
(the ``@URL`` form lets a scenario file point one persona at its own server).
``offline`` is not an LLM spec; :mod:`roleplay.debate.backends` handles it.

Keys come from the environment (``OPENAI_API_KEY``, ``DEEPSEEK_API_KEY``,
``OPENAI_COMPATIBLE_API_KEY``) or from a TOML file (``$ROLEPLAY_KEYS_FILE``, default
``~/.config/roleplay/keys.toml``) with a ``[keys]`` table naming providers. Ollama and most
local servers need none. A key is handed to the client and nowhere else: not to labels,
transcripts, logs or error messages.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr

from roleplay.errors import InputError
from roleplay.formats.text import Strict
from roleplay.llm.redaction import NO_KEY

Provider = Literal["openai", "deepseek", "ollama", "openai-compatible"]
StructuredMethod = Literal["prompt", "json_mode"]


class ProviderDefaults(Strict):
    """What a provider means when the user only names it."""

    base_url: str | None
    key_env: str | None
    key_required: bool
    context_tokens: int
    method: StructuredMethod = "prompt"


PROVIDERS: dict[str, ProviderDefaults] = {
    "openai": ProviderDefaults(
        base_url=None, key_env="OPENAI_API_KEY", key_required=True, context_tokens=128_000, method="json_mode"
    ),
    "deepseek": ProviderDefaults(
        base_url="https://api.deepseek.com/v1",
        key_env="DEEPSEEK_API_KEY",
        key_required=True,
        context_tokens=64_000,
    ),
    "ollama": ProviderDefaults(
        base_url="http://localhost:11434/v1", key_env=None, key_required=False, context_tokens=8_192
    ),
    "openai-compatible": ProviderDefaults(
        base_url=None, key_env="OPENAI_COMPATIBLE_API_KEY", key_required=False, context_tokens=32_768
    ),
}
"""The one explicit provider table (no registration, no plugins). JSON mode is the default
only where the server is known to honour it; elsewhere the schema goes in the prompt."""


class BackendSpec(Strict):
    """A parsed LLM backend spec plus the knobs of its calls.

    Fields:
        context_tokens: the model's context window; prompts are trimmed to fit it.
        max_tokens: reply cap per call (tokens).
        call_timeout_s: limit for one HTTP call, connect to last byte (seconds).
        turn_deadline_s: limit for one whole turn, retries and repair included (seconds).
        method: ``prompt`` (schema in the prompt, speech streamed as text, tolerant
            extraction of the first JSON object) or ``json_mode`` (``response_format``
            ``json_object``; the whole reply is one JSON object, speech streamed from it).
    """

    provider: Provider
    model: str = Field(min_length=1)
    base_url: str | None = None
    key_env: str | None = None
    context_tokens: int = Field(default=32_768, ge=1024)
    max_tokens: int = Field(default=900, ge=16)
    temperature: float = Field(default=0.7, ge=0, le=2)
    call_timeout_s: float = Field(default=60.0, gt=0)
    turn_deadline_s: float = Field(default=180.0, gt=0)
    method: StructuredMethod = "prompt"

    @property
    def label(self) -> str:
        """How the transcript names this backend: ``provider:model`` (plus the server for
        ``openai-compatible``), with any user:password in the URL removed."""
        if self.provider == "openai-compatible" and self.base_url:
            return f"{self.provider}:{self.model}@{_public_url(self.base_url)}"
        return f"{self.provider}:{self.model}"


def _public_url(url: str) -> str:
    """``url`` without user info (``http://u:p@h/v1`` -> ``http://h/v1``)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def parse_spec(spec: str, *, base_url: str | None = None, **knobs: object) -> BackendSpec:
    """Parse ``PROVIDER:MODEL`` into a BackendSpec.

    Args:
        base_url: overrides the provider's default URL (``--base-url``).
        knobs: further BackendSpec fields (``max_tokens``, ``call_timeout_s``, ...).

    Raises:
        InputError: unknown provider (with the closest match), no model, or
            ``openai-compatible`` without a base URL; the message shows the fix.
    """
    provider, sep, model = spec.strip().partition(":")
    if not sep or not model.strip():
        raise InputError(
            f"backend '{spec}': write PROVIDER:MODEL, e.g. openai:gpt-4o-mini or "
            f"ollama:qwen2.5:7b (providers: {', '.join(PROVIDERS)}), or 'offline'"
        )
    if provider not in PROVIDERS:
        close = difflib.get_close_matches(provider, list(PROVIDERS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(PROVIDERS)}"
        raise InputError(f"backend '{spec}': unknown provider '{provider}'; {hint}")
    if provider == "openai-compatible" and "@http" in model:
        model, _, url = model.rpartition("@")
        base_url = base_url or url
    defaults = PROVIDERS[provider]
    url = base_url or defaults.base_url
    if provider == "openai-compatible" and not url:
        raise InputError(
            f"backend '{spec}': openai-compatible needs a server; pass --base-url "
            f"http://HOST:PORT/v1 or write openai-compatible:{model}@http://HOST:PORT/v1"
        )
    fields: dict[str, object] = {
        "context_tokens": defaults.context_tokens,
        "method": defaults.method,
        **knobs,
    }
    return BackendSpec(
        provider=provider, model=model.strip(), base_url=url, key_env=defaults.key_env, **fields
    )


def keys_file(env: Mapping[str, str] | None = None) -> Path:
    """The keys file: ``$ROLEPLAY_KEYS_FILE`` or ``~/.config/roleplay/keys.toml``."""
    env = os.environ if env is None else env
    return Path(env.get("ROLEPLAY_KEYS_FILE") or Path.home() / ".config" / "roleplay" / "keys.toml")


def _key_from_file(path: Path, provider: str) -> str | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(
            f"{path}: cannot read the keys file ({type(e).__name__}); fix it or remove it"
        ) from e
    value = (data.get("keys") or {}).get(provider)
    return value if isinstance(value, str) and value else None


def resolve_key(spec: BackendSpec, env: Mapping[str, str] | None = None) -> SecretStr:
    """The API key for ``spec``: environment first, then the keys file.

    Servers that need none get a placeholder (the OpenAI client insists on a string).

    Raises:
        InputError: the provider needs a key and none is set; names the variable, never a value.
    """
    env = os.environ if env is None else env
    value = env.get(spec.key_env) if spec.key_env else None
    value = value or _key_from_file(keys_file(env), spec.provider)
    if value:
        return SecretStr(value)
    if PROVIDERS[spec.provider].key_required:
        raise InputError(
            f"backend '{spec.label}' needs an API key: set {spec.key_env} in the environment, "
            f"or put it in the keys file {keys_file(env)}, a TOML file with a table [keys] "
            f'that holds one line per provider, here: {spec.provider} = "YOUR-KEY"'
        )
    return SecretStr(NO_KEY)
