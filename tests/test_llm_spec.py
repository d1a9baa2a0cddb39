"""Backend specs and API keys (roleplay.llm.spec)."""

from __future__ import annotations

import pytest

from roleplay.errors import InputError
from roleplay.llm.spec import parse_spec, resolve_key


@pytest.mark.parametrize(
    "spec, base_url, provider, model, url",
    [
        pytest.param("openai:gpt-4o-mini", None, "openai", "gpt-4o-mini", None, id="openai"),
        pytest.param(
            "deepseek:deepseek-chat",
            None,
            "deepseek",
            "deepseek-chat",
            "https://api.deepseek.com/v1",
            id="deepseek",
        ),
        pytest.param(
            "ollama:qwen2.5:7b", None, "ollama", "qwen2.5:7b", "http://localhost:11434/v1", id="ollama-tag"
        ),
        pytest.param(
            "ollama:llama3",
            "http://127.0.0.1:9/v1",
            "ollama",
            "llama3",
            "http://127.0.0.1:9/v1",
            id="ollama-base-url",
        ),
        pytest.param(
            "openai-compatible:Qwen/Qwen2.5-7B",
            "http://127.0.0.1:8000/v1",
            "openai-compatible",
            "Qwen/Qwen2.5-7B",
            "http://127.0.0.1:8000/v1",
            id="compatible-flag",
        ),
        pytest.param(
            "openai-compatible:m@http://127.0.0.1:8080/v1",
            None,
            "openai-compatible",
            "m",
            "http://127.0.0.1:8080/v1",
            id="compatible-at-url",
        ),
    ],
)
def test_parse_spec(spec, base_url, provider, model, url):
    s = parse_spec(spec, base_url=base_url)
    assert (s.provider, s.model, s.base_url) == (provider, model, url)


@pytest.mark.parametrize(
    "spec, needle",
    [
        pytest.param("gpt-4o", "PROVIDER:MODEL", id="no-provider"),
        pytest.param("opnai:gpt-4o", "did you mean 'openai'", id="typo"),
        pytest.param("openai:", "PROVIDER:MODEL", id="no-model"),
        pytest.param("openai-compatible:m", "--base-url", id="compatible-without-url"),
    ],
)
def test_parse_spec_errors_say_the_fix(spec, needle):
    with pytest.raises(InputError, match=needle.replace("(", r"\(")):
        parse_spec(spec)


def test_label_hides_url_credentials():
    s = parse_spec("openai-compatible:m", base_url="http://user:pw@127.0.0.1:8000/v1")
    assert s.label == "openai-compatible:m@http://127.0.0.1:8000/v1"
    assert "pw" not in s.label


def test_method_is_chosen_per_provider():
    assert parse_spec("openai:m").method == "json_mode"
    assert parse_spec("ollama:m").method == "prompt"
    assert parse_spec("openai:m", method="prompt").method == "prompt"


def test_knobs_reach_the_spec():
    s = parse_spec("ollama:x", max_tokens=64, turn_deadline_s=5, env={})
    assert (s.max_tokens, s.turn_deadline_s, s.context_tokens) == (64, 5, 4096)
    assert not s.context_set


def test_key_from_env(tmp_path):
    env = {"OPENAI_API_KEY": "sk-env-123456", "ROLEPLAY_KEYS_FILE": str(tmp_path / "none.toml")}
    assert resolve_key(parse_spec("openai:m"), env).get_secret_value() == "sk-env-123456"


def test_key_from_file(tmp_path):
    f = tmp_path / "keys.toml"
    f.write_text('[keys]\ndeepseek = "sk-file-abcdef"\n', encoding="utf-8")
    key = resolve_key(parse_spec("deepseek:deepseek-chat"), {"ROLEPLAY_KEYS_FILE": str(f)})
    assert key.get_secret_value() == "sk-file-abcdef"
    assert "sk-file" not in repr(key)


def test_missing_key_names_the_variable_the_file_and_its_format(tmp_path):
    path = tmp_path / "none.toml"
    with pytest.raises(InputError) as e:
        resolve_key(parse_spec("openai:m"), {"ROLEPLAY_KEYS_FILE": str(path)})
    assert str(e.value) == (
        f"backend 'openai:m' needs an API key: set OPENAI_API_KEY in the environment, or put it "
        f"in the keys file {path}, a TOML file with a table [keys] that holds one line per "
        f'provider, here: openai = "YOUR-KEY"'
    )


def test_local_servers_need_no_key(tmp_path):
    env = {"ROLEPLAY_KEYS_FILE": str(tmp_path / "none.toml")}
    assert resolve_key(parse_spec("ollama:m"), env).get_secret_value() == "not-needed"


def test_broken_keys_file_does_not_echo_its_content(tmp_path):
    f = tmp_path / "keys.toml"
    f.write_text('[keys\nopenai = "sk-secret-999999"', encoding="utf-8")
    with pytest.raises(InputError) as e:
        resolve_key(parse_spec("openai:m"), {"ROLEPLAY_KEYS_FILE": str(f)})
    assert "sk-secret" not in str(e.value)


@pytest.mark.parametrize(
    ("spec", "base_url", "needle"),
    [
        ("openai-compatible:q@http://127.0.0.1:99999/v1", None, "Port out of range"),
        ("openai-compatible:q@http://[::1/v1", None, "Invalid IPv6 URL"),
        ("openai-compatible:q@http://", None, "names no host"),
        ("openai-compatible:q", "localhost:8000", "names no host"),
        ("openai-compatible:q@notaurl", None, "'notaurl' after '@' is not a server URL"),
        ("ollama:qwen@ftp://h/v1", None, "is not a server URL"),
    ],
)
def test_a_broken_server_url_is_bad_input_not_a_traceback(spec, base_url, needle):
    """`roleplay run --model 'openai-compatible:q@http://127.0.0.1:99999/v1'` used to end
    in urllib's ValueError traceback (exit 1); an empty host ran 20 failing calls."""
    with pytest.raises(InputError, match=needle.replace("(", r"\(").replace("[", r"\[")) as e:
        parse_spec(spec, base_url=base_url)
    assert "http://HOST:PORT/v1" in str(e.value)


def test_a_broken_server_url_never_shows_its_credentials():
    with pytest.raises(InputError) as e:
        parse_spec("openai-compatible:q@http://u:sekrit@[::1/v1")
    assert "sekrit" not in str(e.value)
