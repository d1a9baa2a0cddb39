"""Client CPU per streamed persona turn at zero latency (issue #14 item 7: target <= 12 ms).

The fake OpenAI server (tests/fake_openai.py) runs in a child process, so that only the
client's CPU is measured: ``time.process_time()`` of this process around ``TURNS`` persona
turns through the real LLM backend (conversation, HTTP + SSE on 127.0.0.1, stream reading,
masking, splitting, move parsing). Each reply is a ~150-word speech plus its move block,
streamed ``CHUNK`` characters per SSE event (about one token per event, as real servers do).

Usage: ``python bench/llm_stream_cpu.py [TURNS]`` prints the CPU ms per turn and the chunks
per turn, and exits 1 if the target is missed. To compare with another checkout, run it with
``PYTHONPATH=<that checkout>`` in front.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

from fake_openai import FakeOpenAI, Reply  # noqa: E402
from llm_fixtures import make_request, make_setup, scripted_model  # noqa: E402

TARGET_MS = 12.0
CHUNK = 4
SPEECH = (
    "Speaking for my constituency, I weigh each instrument against the demand signal it sends, the "
    "patient capital it mobilises and the risks it shifts onto smaller firms. "
) * 4


def talkative(body: dict) -> Reply:
    """The scripted model with ~150-word speeches, ``CHUNK`` characters per event."""
    reply = scripted_model(body)
    reply.text = reply.text.replace("I speak for my party.", SPEECH.strip())
    reply.chunk_chars = CHUNK
    return reply


def serve(queue: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    """Child process: run the fake server until ``stop`` is set."""
    with FakeOpenAI(responder=talkative) as srv:
        queue.put(srv.base_url)
        stop.wait()


async def turns(base_url: str, n: int) -> tuple[float, int]:
    """(client CPU seconds for ``n`` turns, characters streamed per turn)."""
    from roleplay.debate.backend import TurnResult
    from roleplay.llm.backend import make_llm_backend

    setup = make_setup()
    backend = make_llm_backend("openai-compatible:fake", base_url=base_url)
    req = make_request(setup, "alpha", 0)
    async for _ in backend.take_turn(req):  # warm-up: imports, connection, templates
        pass
    chars = 0
    t0 = time.process_time()
    for _ in range(n):
        async for item in backend.take_turn(req):
            if isinstance(item, TurnResult):
                assert item.status == "ok", item.error
                chars = len(item.move.speech) if item.move else 0
    return time.process_time() - t0, chars


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    ctx = multiprocessing.get_context("spawn")
    queue, stop = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=serve, args=(queue, stop), daemon=True)
    child.start()
    try:
        base_url = queue.get(timeout=30)
        cpu, chars = asyncio.run(turns(base_url, n))
    finally:
        stop.set()
        child.join(5)
    ms = cpu * 1000 / n
    import roleplay

    print(f"checkout: {Path(roleplay.__file__).resolve().parents[1]}")
    print(f"turns: {n}; speech {chars} characters, ~{(chars + 200) // CHUNK} SSE events per turn")
    print(f"client CPU per turn: {ms:.1f} ms (target <= {TARGET_MS:g} ms)")
    return 0 if ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
