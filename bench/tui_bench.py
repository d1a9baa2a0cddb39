"""TUI benchmark: key-press latency while personas stream, and time to open a long run.

    python bench/tui_bench.py [--seconds 8] [--turns 1000]

Prints three figures (targets from issue #4):

1. Key-press latency while the engine runs five personas whose fake backend streams at
   200 tokens/s (turns are sequential, as in a real debate): median and p95, target median
   under 100 ms.
2. The same while five personas stream *at once*, 200 tokens/s each (1,000 tokens/s into
   the transcript): a stress case beyond what the engine does.
3. Time to open a 1,000-turn run for replay (index the file, start the app, show the first
   block), target under 1 s; and, for reference, opening at its end and jumping there.

Latency is measured from posting the key event to the app (as the terminal driver does)
until the screen has been refreshed after its action ran (``call_after_refresh``). The app
runs headless at 100x30, so terminal output itself is not included.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events

from roleplay.debate.engine import run_debate
from roleplay.debate.events import RoundStarted, TextDelta, TurnCompleted, TurnStarted
from roleplay.debate.move import Move, Turn, Usage
from roleplay.debate.session import prepare
from roleplay.tui import LiveApp, RunIndex, replay_app
from roleplay.tui.testing import StreamingFake, long_run, wait_until

SIZE = (100, 30)
RATE = 200.0


class ProbedLive(LiveApp):
    """LiveApp that reports when the screen has refreshed after a pause/resume key."""

    probe: asyncio.Future | None = None

    def action_toggle_pause(self, _lang: str = "") -> None:
        super().action_toggle_pause(_lang)
        probe = self.probe
        if probe is not None and not probe.done():
            self.call_after_refresh(lambda: probe.done() or probe.set_result(time.perf_counter()))


class Chorus(ProbedLive):
    """Five personas streaming at once: the engine worker is replaced by five producers that
    post the same EngineEvent messages the real sink posts."""

    async def _run_engine(self) -> None:
        first = run_debate(
            self.setup, {p: StreamingFake() for p in self.setup.scenario.personas}, run_id="chorus01"
        )
        started = await anext(first)
        await first.aclose()
        self._sink(started)
        self._sink(
            RoundStarted(
                round=1,
                phase="negotiation",
                speakers=self.setup.scenario.personas,
                note=_note("Five personas speak at once (benchmark)."),
            )
        )
        await asyncio.gather(*(self._voice(pid) for pid in self.setup.scenario.personas))

    async def _voice(self, pid: str) -> None:
        text = "我們主張國家公益天使投資，投早投小，寬容失敗。Patient capital needs a clear exit. " * 12
        for n in range(10_000):
            turn_id = f"r1-t{n}-{pid}"
            self._sink(TurnStarted(turn=turn_id, round=1, phase="negotiation", persona=pid))
            t0 = time.perf_counter()
            for k, i in enumerate(range(0, len(text), 2), 1):
                await asyncio.sleep(max(0.0, t0 + k / RATE - time.perf_counter()))
                self._sink(TextDelta(turn=turn_id, text=text[i : i + 2]))
            turn = Turn(
                id=turn_id,
                round=1,
                phase="negotiation",
                persona=pid,
                move=Move(speech=text),
                usage=Usage(completion_tokens=k, calls=1),
            )
            self._sink(TurnCompleted(turn=turn, table=[]))


def _note(text: str):
    from roleplay.debate.move import ModeratorNote

    return ModeratorNote(kind="announce", text=text, round=1)


async def key_latency(app: ProbedLive, seconds: float) -> tuple[list[float], int]:
    """Press Space every ~100 ms for ``seconds`` while text streams; return latencies (ms)
    and how many text deltas arrived meanwhile."""
    lat: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.transcript.current() is not None, timeout=10)
        deltas0 = sum(isinstance(e, TextDelta) for e in app.events)
        end = time.perf_counter() + seconds
        loop = asyncio.get_running_loop()
        while time.perf_counter() < end:
            app.probe = loop.create_future()
            t0 = time.perf_counter()
            app.post_message(events.Key("space", " "))
            t1 = await asyncio.wait_for(app.probe, 5)
            lat.append((t1 - t0) * 1000)
            await asyncio.sleep(0.1)
        deltas = sum(isinstance(e, TextDelta) for e in app.events) - deltas0
        app.control.resume()
        await app.action_quit()
    return lat, deltas


async def open_replay(folder: Path, at_end: bool) -> tuple[float, float]:
    """(seconds to open and show the first block, seconds for the End key afterwards)."""
    t0 = time.perf_counter()
    app = replay_app(RunIndex.open(folder), folder, at_end=at_end)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: app.cursor > 0 and app.transcript.blocks() and app.transcript.blocks()[-1].is_mounted,
        )
        await pilot.pause()
        opened = time.perf_counter() - t0
        t1 = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        jumped = time.perf_counter() - t1
    return opened, jumped


def summary(name: str, ms: list[float], target: float, extra: str = "") -> str:
    med, p95 = statistics.median(ms), sorted(ms)[int(len(ms) * 0.95) - 1]
    ok = "OK" if med < target else "OVER TARGET"
    return (
        f"{name}: median {med:.1f} ms, p95 {p95:.1f} ms, max {max(ms):.1f} ms over {len(ms)} presses{extra} "
        f"(target median < {target:.0f} ms: {ok})"
    )


async def main(seconds: float, turns: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        setup, _ = prepare("patient-capital", lang="zh", rounds=6)
        fakes = {pid: StreamingFake(rate=RATE) for pid in setup.scenario.personas}
        lat, deltas = await key_latency(ProbedLive(setup, fakes, tmp_path / "seq", "bench001"), seconds)
        print(
            summary(
                "key latency, engine streaming 5 personas at 200 tok/s (sequential turns)",
                lat,
                100,
                f"; {deltas / seconds:.0f} tokens/s received",
            )
        )
        setup, backends = prepare("patient-capital", lang="zh")
        lat, deltas = await key_latency(Chorus(setup, backends, tmp_path / "chorus", "bench002"), seconds)
        print(
            summary(
                "key latency, 5 personas streaming at once, 200 tok/s each",
                lat,
                100,
                f"; {deltas / seconds:.0f} tokens/s received",
            )
        )

        folder = await long_run(tmp_path / "long", turns)
        n = RunIndex.open(folder).types.count("turn_completed")
        opens, jumps, ends = [], [], []
        for _ in range(3):
            o, j = await open_replay(folder, at_end=False)
            opens.append(o)
            jumps.append(j)
            ends.append((await open_replay(folder, at_end=True))[0])
        med = statistics.median(opens)
        print(
            f"open a {n}-turn run for replay: median {med:.3f} s (runs {', '.join(f'{x:.3f}' for x in opens)}) "
            f"(target < 1 s: {'OK' if med < 1 else 'OVER TARGET'})"
        )
        print(
            f"  for reference: open at its end {statistics.median(ends):.3f} s; End key from the start "
            f"{statistics.median(jumps):.3f} s"
        )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--seconds", type=float, default=8.0, help="how long to press keys in each streaming case"
    )
    ap.add_argument("--turns", type=int, default=1000, help="turns in the replay run")
    args = ap.parse_args()
    asyncio.run(main(args.seconds, args.turns))
