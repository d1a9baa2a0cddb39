"""Backend specs (``openai:gpt-4o-mini``, ``ollama:qwen2.5:7b``, ...), their servers, limits and keys.

Grammar: ``PROVIDER:MODEL[@URL][#KNOB=VALUE&...]`` with PROVIDER one of ``openai``,
``deepseek``, ``ollama``, ``openai-compatible``. Only the first ``:`` separates, so Ollama
tags keep theirs. ``offline`` is not an LLM spec; :mod:`roleplay.debate.backends` handles it.

Servers (issue #14): a seat's own ``@URL`` (CLI or scenario) wins; ``--base-url`` only fills
``ollama`` and ``openai-compatible`` seats that name no server; ``openai`` and ``deepseek``
always call their own hosts (their keys never travel anywhere else), so an ``@URL`` on them
is an error. Credentials written in a URL (``https://user:KEY@host/v1``) are taken out of
it at once: the password (or a lone user name) becomes that seat's key, and the URL that is
kept, labelled, cached and logged is the bare one.

Pools (issue #13): a seat may name several servers for one model, joined by commas:
``openai-compatible:qwen@http://gpu1:8000/v1,http://gpu2:8000/v1`` (``--base-url`` takes
the same list). Each URL is one endpoint with its own key (its own credentials or
variable, as above); calls are spread over them by :mod:`roleplay.llm.pool`. A router in
front of several servers (LiteLLM, vLLM's router) is one endpoint.

Limits (``#KNOB=VALUE``, the knob names of :class:`BackendSpec`): ``context_tokens``,
``max_tokens``, ``call_timeout_s``, ``connect_timeout_s``, ``turn_deadline_s``,
``temperature``; e.g. ``openai-compatible:qwen@http://127.0.0.1:8080/v1#context_tokens=8192``.
A seat's own knobs win over the CLI's (passed as keyword knobs), which win over the
environment (``ROLEPLAY_CONTEXT_TOKENS``, ``ROLEPLAY_CALL_TIMEOUT_S``,
``ROLEPLAY_CONNECT_TIMEOUT_S``, ``ROLEPLAY_TURN_DEADLINE_S``, ``ROLEPLAY_MAX_TOKENS``).

Keys: ``openai`` and ``deepseek`` read ``OPENAI_API_KEY`` / ``DEEPSEEK_API_KEY`` or the keys
file (``$ROLEPLAY_KEYS_FILE``, default ``~/.config/roleplay/keys.toml``, a ``[keys]`` table
naming providers). A key for any other server is named for that server: the URL's own
credentials, else the variable ``ROLEPLAY_<HOST>_<PORT>_API_KEY`` (see :func:`url_key_env`),
else a ``[keys]`` entry ``"HOST:PORT" = "..."`` in the keys file. Ollama and most local
servers need none. A key is handed to the client and nowhere else.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError

from roleplay.errors import InputError, msg
from roleplay.formats.text import Strict
from roleplay.llm.redaction import NO_KEY, scrub_url

Provider = Literal["openai", "deepseek", "ollama", "openai-compatible"]
StructuredMethod = Literal["prompt", "json_mode"]


class ProviderDefaults(Strict):
    """What a provider means when the user only names it.

    ``fixed_host``: the provider's own API; ``--base-url`` and ``@URL`` never apply to it,
    so its key goes nowhere else. ``context_tokens``: the window assumed when the server
    cannot be asked (a conservative figure for local servers).
    """

    base_url: str | None
    key_env: str | None
    key_required: bool
    context_tokens: int
    fixed_host: bool = False
    method: StructuredMethod = "prompt"


PROVIDERS: dict[str, ProviderDefaults] = {
    "openai": ProviderDefaults(
        base_url=None,
        key_env="OPENAI_API_KEY",
        key_required=True,
        context_tokens=128_000,
        fixed_host=True,
        method="json_mode",
    ),
    "deepseek": ProviderDefaults(
        base_url="https://api.deepseek.com/v1",
        key_env="DEEPSEEK_API_KEY",
        key_required=True,
        context_tokens=64_000,
        fixed_host=True,
    ),
    "ollama": ProviderDefaults(
        base_url="http://localhost:11434/v1", key_env=None, key_required=False, context_tokens=4_096
    ),
    "openai-compatible": ProviderDefaults(
        base_url=None, key_env=None, key_required=False, context_tokens=8_192
    ),
}
"""The one explicit provider table (no registration, no plugins). JSON mode is the default
only where the server is known to honour it; elsewhere the schema goes in the prompt.
Ollama's window is its default ``num_ctx`` (4096) unless the server says otherwise."""

OPENAI_HOST = "api.openai.com"

POOL_SEP = re.compile(r"\s*,\s*(?=https?://)")
"""Separates the URLs of a pool of servers: a comma before ``http://`` or ``https://``."""

KNOB_ENV = {
    "context_tokens": "ROLEPLAY_CONTEXT_TOKENS",
    "max_tokens": "ROLEPLAY_MAX_TOKENS",
    "call_timeout_s": "ROLEPLAY_CALL_TIMEOUT_S",
    "connect_timeout_s": "ROLEPLAY_CONNECT_TIMEOUT_S",
    "turn_deadline_s": "ROLEPLAY_TURN_DEADLINE_S",
}
"""Environment variables for the per-backend limits (the lowest-priority setting)."""

SEAT_KNOBS = (*KNOB_ENV, "temperature")
"""Knobs a seat may set after ``#`` in its spec."""

KNOB_OPTIONS = {
    "context_tokens": "--context-tokens",
    "call_timeout_s": "--call-timeout",
    "connect_timeout_s": "--connect-timeout",
    "turn_deadline_s": "--turn-deadline",
    "max_tokens": "--max-tokens",
}
"""The CLI option for each knob, named in messages about the limit that was hit."""


class BackendSpec(Strict):
    """A parsed LLM backend spec plus the knobs of its calls.

    Fields:
        base_url: the server actually called, without credentials (None: api.openai.com).
        url_key: a key taken out of the URL's user info (never serialised or shown).
        context_tokens: the model's context window; prompts are trimmed to fit it.
        context_set: True when the user set ``context_tokens`` (else it is the provider's
            default, and the server's own report replaces it when it gives one).
        max_tokens: reply cap per call (tokens).
        call_timeout_s: limit for one HTTP call: first byte, and every wait between
            chunks (seconds). Default 45 s: a slow local server reading a long prompt fits,
            a stalled one fails in under a minute.
        connect_timeout_s: limit for opening the connection (seconds; default 5).
        turn_deadline_s: limit for one whole turn, retries and repair included (seconds).
        method: ``prompt`` (schema in the prompt, speech streamed as text, tolerant
            extraction of the first JSON object) or ``json_mode`` (``response_format``
            ``json_object``; the whole reply is one JSON object, speech streamed from it).
        pool: every endpoint's URL (without credentials) when the seat names several
            servers (``base_url`` is the first); empty for one server.
    """

    provider: Provider
    model: str = Field(min_length=1)
    base_url: str | None = None
    url_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    key_env: str | None = None
    context_tokens: int = Field(default=32_768, ge=256)
    context_set: bool = False
    max_tokens: int = Field(default=900, ge=16)
    temperature: float = Field(default=0.7, ge=0, le=2)
    call_timeout_s: float = Field(default=45.0, gt=0)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    turn_deadline_s: float = Field(default=120.0, gt=0)
    method: StructuredMethod = "prompt"
    pool: tuple[str, ...] = ()

    @property
    def host(self) -> str:
        """The host actually called (``api.openai.com`` for ``openai``)."""
        return urlsplit(self.base_url).netloc if self.base_url else OPENAI_HOST

    @property
    def label(self) -> str:
        """How the transcript names this backend: ``provider:model``, plus ``@URL`` (without
        credentials) when the server is not the provider's own default."""
        default = PROVIDERS[self.provider].base_url
        if self.pool:
            return f"{self.provider}:{self.model}@{','.join(self.pool)}"
        if self.base_url and self.base_url != default:
            return f"{self.provider}:{self.model}@{self.base_url}"
        return f"{self.provider}:{self.model}"


def public_url(url: str) -> tuple[str, str | None]:
    """(``url`` without user info, the key its user info held or None).

    ``http://u:p@h/v1`` -> (``http://h/v1``, ``p``); ``http://tok@h/v1`` -> (``http://h/v1``, ``tok``).
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    secret = parts.password if parts.password else parts.username
    bare = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") or parts.path, "", ""))
    return bare, (unquote(secret) if secret else None)


def checked_url(url: str, shown: str) -> tuple[str, str | None]:
    """:func:`public_url` of a server URL given by the user (``shown``: the spec as it may be
    printed), after checking it names a host: ``http(s)://HOST[:PORT]/...``.

    Raises:
        InputError: no host, a port outside 1-65535, a broken IPv6 address or another
            scheme; the message shows the URL without its credentials and the fix.
    """
    bare = scrub_url(url.strip())
    fix = msg("error-url-fix")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - urllib checks the port only when it is read
    except ValueError as e:
        raise InputError("error-url-broken", spec=shown, url=bare, detail=e, fix=fix) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("error-url-no-host", spec=shown, url=bare, fix=fix)
    return public_url(url)


def url_key_env(url: str) -> str:
    """The environment variable that holds the key for the server at ``url``:
    ``ROLEPLAY_<HOST>_<PORT>_API_KEY`` in upper case, every other character an underscore
    (``http://llm.lan:8080/v1`` -> ``ROLEPLAY_LLM_LAN_8080_API_KEY``)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    name = re.sub(r"[^A-Z0-9]+", "_", f"{parts.hostname or ''}_{port}".upper()).strip("_")
    return f"ROLEPLAY_{name}_API_KEY"


def _env_knobs(env: Mapping[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for knob, var in KNOB_ENV.items():
        if env.get(var):
            out[knob] = env[var]
    return out


def _seat_knobs(spec: str, text: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for part in filter(None, text.split("&")):
        name, eq, value = part.partition("=")
        if not eq or name.strip() not in SEAT_KNOBS:
            raise InputError("error-spec-knob", spec=scrub_url(spec), part=part, names=list(SEAT_KNOBS))
        out[name.strip()] = value.strip()
    return out


def parse_spec(
    spec: str, *, base_url: str | None = None, env: Mapping[str, str] | None = None, **knobs: object
) -> BackendSpec:
    """Parse ``PROVIDER:MODEL[@URL][#KNOBS]`` into a BackendSpec (rules in the module docstring).

    Args:
        base_url: ``--base-url``: the server of ``ollama``/``openai-compatible`` seats whose
            spec names none; ignored by ``openai`` and ``deepseek``.
        env: environment for the limit variables (default ``os.environ``).
        knobs: further BackendSpec fields from the CLI (``max_tokens``, ``call_timeout_s``,
            ...); None values are ignored.

    Raises:
        InputError: unknown provider (with the closest match), no model, ``@URL`` on a
            provider with a fixed host, ``openai-compatible`` without a server, or a bad
            limit; the message shows the fix and never a credential.
    """
    env = os.environ if env is None else env
    shown = scrub_url(spec.strip())
    head, _, fragment = spec.strip().partition("#")
    provider, sep, model = head.partition(":")
    if not sep or not model.strip():
        raise InputError("error-spec-form", spec=shown, providers=list(PROVIDERS))
    if provider not in PROVIDERS:
        close = difflib.get_close_matches(provider, list(PROVIDERS), n=1)
        hint = (
            msg("error-hint-did-you-mean", name=close[0])
            if close
            else msg("error-hint-use-one-of", names=list(PROVIDERS))
        )
        raise InputError("error-spec-provider", spec=shown, provider=provider, hint=hint)
    defaults = PROVIDERS[provider]
    seat_url = None
    if re.search(r"@https?://", model):
        model, _, seat_url = model.partition("@http")
        seat_url = "http" + seat_url
        if defaults.fixed_host:
            raise InputError("error-spec-fixed-host", spec=shown, provider=provider, model=model.strip())
    elif "@" in model and not defaults.fixed_host:
        given = model.partition("@")[2].strip()
        raise InputError(
            "error-spec-at",
            spec=shown,
            given=scrub_url(given),
            provider=provider,
            model=model.partition("@")[0].strip(),
        )
    if defaults.fixed_host:
        url = defaults.base_url
    else:
        url = seat_url or base_url or defaults.base_url
    if provider == "openai-compatible" and not url:
        raise InputError("error-spec-no-server", spec=shown, model=model.strip())
    url_key: SecretStr | None = None
    pool: tuple[str, ...] = ()
    if url:
        urls = [checked_url(u, shown) for u in POOL_SEP.split(url.strip())]
        url, found = urls[0]
        url_key = SecretStr(found) if found else None
        pool = tuple(u for u, _ in urls) if len(urls) > 1 else ()
        hosts = [urlsplit(u).netloc for u in pool]
        if len(set(hosts)) < len(hosts):
            raise InputError("error-pool-twice", spec=shown, provider=provider, model=model.strip())
    fields: dict[str, object] = {
        "context_tokens": defaults.context_tokens,
        "method": defaults.method,
        **_env_knobs(env),
        **{k: v for k, v in knobs.items() if v is not None},
        **_seat_knobs(spec, fragment),
    }
    fields["context_set"] = (
        bool(fields.get("context_set")) or fields["context_tokens"] != defaults.context_tokens
    )
    key_env = defaults.key_env if defaults.fixed_host else (url_key_env(url) if url else None)
    try:
        return BackendSpec(
            provider=provider,  # type: ignore[arg-type]
            model=model.strip(),
            base_url=url,
            url_key=url_key,
            key_env=key_env,
            pool=pool,
            **fields,  # type: ignore[arg-type]
        )
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        raise InputError("error-spec-invalid", spec=shown, problems=problems) from None


def keys_file(env: Mapping[str, str] | None = None) -> Path:
    """The keys file: ``$ROLEPLAY_KEYS_FILE`` or ``~/.config/roleplay/keys.toml``."""
    env = os.environ if env is None else env
    return Path(env.get("ROLEPLAY_KEYS_FILE") or Path.home() / ".config" / "roleplay" / "keys.toml")


def _key_from_file(path: Path, name: str) -> str | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError("error-keys-file", path=path, kind=type(e).__name__) from e
    value = (data.get("keys") or {}).get(name)
    return value if isinstance(value, str) and value else None


def key_source(spec: BackendSpec, env: Mapping[str, str] | None = None) -> str:
    """Where the key for ``spec`` is looked for, in words (for messages; never a key)."""
    if spec.key_env is None:
        return str(msg("error-key-source-server"))
    name = spec.provider if PROVIDERS[spec.provider].fixed_host else spec.host
    return str(msg("error-key-source", var=spec.key_env, name=name, path=keys_file(env)))


def resolve_key(spec: BackendSpec, env: Mapping[str, str] | None = None) -> SecretStr:
    """The API key for ``spec``, looked up only under names that belong to its host.

    ``openai``/``deepseek``: their variable, then the keys file's provider entry. Any other
    server: the URL's credentials, then ``url_key_env(url)``, then the keys file's
    ``"HOST:PORT"`` entry. Servers that need none get a placeholder (the OpenAI client
    insists on a string).

    Raises:
        InputError: the provider needs a key and none is set; names the variable, never a value.
    """
    env = os.environ if env is None else env
    if spec.url_key is not None:
        return spec.url_key
    value = env.get(spec.key_env) if spec.key_env else None
    if not value and spec.key_env:
        name = spec.provider if PROVIDERS[spec.provider].fixed_host else spec.host
        value = _key_from_file(keys_file(env), name)
    if value:
        return SecretStr(value)
    if PROVIDERS[spec.provider].key_required:
        raise InputError(
            "error-key-missing",
            spec=spec.label,
            var=spec.key_env,
            path=keys_file(env),
            provider=spec.provider,
        )
    return SecretStr(NO_KEY)
