"""Shared fixtures: run offline debates, collect their events, point outputs at tmp_path."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from roleplay.debate.engine import run_debate
from roleplay.debate.session import prepare
from roleplay.formats.catalog import bundled_scenarios

SCENARIOS = sorted(bundled_scenarios())


def collect(
    scenario: str, seed: int | None = None, lang: str | None = None, rounds: int | None = None, control=None
) -> list:
    """Run a bundled scenario on the offline engine and return its events."""
    setup, backends = prepare(scenario, seed=seed, lang=lang, rounds=rounds)

    async def go():
        return [e async for e in run_debate(setup, backends, control=control, run_id="test0001")]

    return asyncio.run(go())


def comparable(events: list) -> list[dict]:
    """Events as dicts without run id and timestamps (for determinism checks)."""
    out = []
    for e in events:
        d = e.model_dump(mode="json")
        d.pop("ts", None)
        d.pop("run_id", None)
        out.append(d)
    return out


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A fresh folder for run folders."""
    return tmp_path / "transcripts"
