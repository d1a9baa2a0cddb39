"""The start-up caches (issue #11): a data file loaded once is loaded from the user's cache
folder until the file or the model code changes; errors are exactly those of an uncached
load; a damaged or unwritable cache is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.cache_files import cache_dir, checksum, pickled
from roleplay.errors import FileFormatError
from roleplay.formats import yamlfile
from roleplay.formats.catalog import data_dir
from roleplay.formats.persona import Persona
from roleplay.formats.yamlfile import load_model, load_model_cached


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "roleplay" / "data"


@pytest.fixture
def persona(tmp_path: Path) -> Path:
    path = tmp_path / "vc.yaml"
    path.write_text((data_dir("personas") / "vc.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(yamlfile, "parse_yaml", refuse)


def test_a_loaded_file_comes_from_the_cache_until_it_is_edited(cache, persona, monkeypatch):
    first = load_model_cached(persona, Persona)
    assert first == load_model(persona, Persona) and len(list(cache.glob("*.pickle"))) == 1
    with monkeypatch.context() as m:
        _no_parsing(m)
        again = load_model_cached(persona, Persona)
    assert again == first and again is not first
    text = persona.read_text(encoding="utf-8")
    persona.write_text(text.replace(first.name.en, "Renamed Capital"), encoding="utf-8")
    edited = load_model_cached(persona, Persona)
    assert edited.name.en == "Renamed Capital" and len(list(cache.glob("*.pickle"))) == 2


def test_a_bad_file_fails_as_without_a_cache_and_is_never_kept(cache, persona):
    load_model_cached(persona, Persona)  # the good version is cached
    good = persona.read_text(encoding="utf-8")
    for bad in (good + "\nmood: grumpy\n", good.replace("weights:", "weights: [", 1), ""):
        persona.write_text(bad, encoding="utf-8")
        with pytest.raises(FileFormatError) as uncached:
            load_model(persona, Persona)
        with pytest.raises(FileFormatError) as cached:
            load_model_cached(persona, Persona)
        assert str(cached.value) == str(uncached.value)
    assert len(list(cache.glob("*.pickle"))) == 1
    persona.write_text(good, encoding="utf-8")
    assert load_model_cached(persona, Persona).id == "vc"


def test_the_key_follows_the_model_code(cache, persona, monkeypatch):
    load_model_cached(persona, Persona)
    with monkeypatch.context() as m:
        m.setattr(yamlfile, "code_key", lambda: "other code")
        load_model_cached(persona, Persona)  # not the first one's file
    assert len(list(cache.glob("*.pickle"))) == 2
    with monkeypatch.context() as m:
        m.setattr(yamlfile, "code_key", lambda: None)  # the model code cannot be read: no caching
        persona.write_text(persona.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert load_model_cached(persona, Persona).id == "vc"
    assert len(list(cache.glob("*.pickle"))) == 2
    # code_key reads the source of the formats modules: another source, another key
    key = yamlfile.code_key()
    real_bytes = Path.read_bytes
    try:
        with monkeypatch.context() as m:
            m.setattr(Path, "read_bytes", lambda p: real_bytes(p) + (b"#" if p.name == "persona.py" else b""))
            yamlfile.code_key.cache_clear()
            assert yamlfile.code_key() != key
    finally:
        yamlfile.code_key.cache_clear()
    assert yamlfile.code_key() == key


def test_a_damaged_or_unwritable_cache_is_ignored(cache, persona, tmp_path, monkeypatch):
    expected = load_model(persona, Persona)
    load_model_cached(persona, Persona)
    (kept,) = cache.glob("*.pickle")
    kept.write_bytes(b"\x80\x05not a pickle")
    assert load_model_cached(persona, Persona) == expected  # built again and rewritten
    assert load_model_cached(persona, Persona) == expected
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cannot hold a folder
    assert cache_dir("data") is None
    assert load_model_cached(persona, Persona) == expected


def test_pickled_keeps_results_only_and_checks_their_type(cache):
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2]

    assert pickled("data", ("k",), build) == pickled("data", ("k",), build) == [1, 2] and len(calls) == 1
    assert pickled("data", ("k",), lambda: {"a": 1}, check=dict) == {"a": 1}  # a list is not a dict
    with pytest.raises(ValueError):
        pickled("data", ("boom",), lambda: (_ for _ in ()).throw(ValueError("no")))
    assert checksum(["ab", "c"]) != checksum(["a", "bc"])
