"""Shared fixtures: run offline debates, collect their events, point outputs at tmp_path, and
a scripted fake backend (:class:`ScriptedBackend`, the ``scripted`` fixture)."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path

import pytest

from roleplay.debate.backend import BackendItem, Delta, TurnRequest, TurnResult
from roleplay.debate.engine import run_debate
from roleplay.debate.move import Move
from roleplay.debate.session import prepare
from roleplay.formats.catalog import bundled_scenarios

SCENARIOS = sorted(bundled_scenarios())

# Until the first test's fixture runs (collection, module-level code), the home and cache
# folders already point away from the user's: roleplay.templating builds its Jinja bytecode
# cache once per process, from XDG_CACHE_HOME as it is at the first render.
_COLLECTION_HOME = Path(tempfile.mkdtemp(prefix="roleplay-tests-"))
atexit.register(shutil.rmtree, _COLLECTION_HOME, ignore_errors=True)
for _var, _sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache")):
    os.environ[_var] = str(_COLLECTION_HOME / _sub)
# Help, errors and command words follow ROLEPLAY_LANG, then the locale (roleplay.i18n.lang.ui_lang):
# the suite reads them in English whatever the machine's locale; tests of other languages set it.
os.environ["ROLEPLAY_LANG"] = "en"


async def acollect(
    scenario: str, seed: int | None = None, lang: str | None = None, rounds: int | None = None, control=None
) -> list:
    """Run a bundled scenario on the offline engine and return its events."""
    setup, backends = prepare(scenario, seed=seed, lang=lang, rounds=rounds)
    return [e async for e in run_debate(setup, backends, control=control, run_id="test0001")]


def collect(
    scenario: str, seed: int | None = None, lang: str | None = None, rounds: int | None = None, control=None
) -> list:
    """:func:`acollect` for the synchronous tests."""
    return asyncio.run(acollect(scenario, seed, lang, rounds, control))


def comparable(events: list) -> list[dict]:
    """Events as dicts without run id and timestamps (for determinism checks)."""
    out = []
    for e in events:
        d = e.model_dump(mode="json")
        d.pop("ts", None)
        d.pop("run_id", None)
        out.append(d)
    return out


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the session (Jinja's compiled templates stay warm across tests)."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, _shared_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test out of the user's home: HOME and the XDG config folder are a fresh
    folder of the test's own in pytest's temporary folder (beside ``tmp_path``, which stays
    empty for the test), so ``~/.config/roleplay/keys.toml`` is never read; the XDG cache (the
    Jinja bytecode cache of roleplay.templating) is a folder of the session's own.
    Subprocesses inherit them."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(_shared_cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("ROLEPLAY_KEYS_FILE", raising=False)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A fresh folder for run folders."""
    return tmp_path / "transcripts"


Entry = Move | BackendItem | list[BackendItem] | Callable[[TurnRequest], Move]
"""One scripted turn: a Move (streamed as one Delta, then its ok TurnResult), one item or a
list of items yielded as they are (end with a TurnResult), or a function of the request that
returns the Move (e.g. ``roleplay.offline.negotiator.decide``)."""


class ScriptedBackend:
    """A fake backend that plays a script, like a mock model: each turn takes the next entry of
    its queue; once the queue is empty every turn plays ``then``. Every request is kept in
    ``requests`` (what the engine sent), oldest first.

    Args:
        script: entries, one a turn (see ``Entry``). then: the entry once ``script`` is spent.
        label: the backend label recorded in the transcript. delay: seconds to wait before
        each turn (a slow model). fatal: the backend's ``fatal`` error (stops the debate).
    """

    def __init__(
        self,
        *script: Entry,
        then: Entry | None = None,
        label: str = "scripted",
        delay: float = 0.0,
        fatal: Exception | None = None,
    ):
        self.script: deque[Entry] = deque(script)
        self.then: Entry = then if then is not None else Move(speech="...")
        self.label, self.delay, self.fatal = label, delay, fatal
        self.requests: list[TurnRequest] = []

    def enqueue(self, *entries: Entry) -> None:
        """Add turns to the end of the script."""
        self.script.extend(entries)

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Yield the next entry's items (see ``Entry``)."""
        self.requests.append(request)
        if self.delay:
            await asyncio.sleep(self.delay)
        entry = self.script.popleft() if self.script else self.then
        if callable(entry):
            entry = entry(request)
        if isinstance(entry, Move):
            entry = [Delta(text=entry.speech), TurnResult(move=entry)]
        for item in entry if isinstance(entry, list) else [entry]:
            yield item

    @classmethod
    def seats(cls, personas: Iterable[str], **kw: object) -> dict[str, ScriptedBackend]:
        """One backend per persona, each built with ``kw`` (a fresh script for each)."""
        return {pid: cls(**kw) for pid in personas}  # type: ignore[arg-type]


@pytest.fixture
def scripted() -> type[ScriptedBackend]:
    """The scripted fake backend class: ``scripted(move1, move2, then=...)``,
    ``scripted.seats(pids, then=...)``."""
    return ScriptedBackend
