"""Every LLM call goes through a LangChain chat model (roleplay.llm.chat.SSEChatModel).

The seat's model is a ``langchain_core`` ``BaseChatModel`` driven through its public
``astream`` / ``ainvoke`` / ``invoke``, over the loopback fake OpenAI server.
"""

from __future__ import annotations

import asyncio

from fake_openai import FakeOpenAI, Reply
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, SystemMessage
from pydantic import SecretStr

from roleplay.llm.caller import Caller
from roleplay.llm.chat import STOP_MARKERS, ChatClient, Piece, SSEChatModel, chunk_of, piece_of_chunk
from roleplay.llm.conversation import ChatMessage
from roleplay.llm.faults import RetryBudget, RetryPolicy
from roleplay.llm.spec import parse_spec

MSGS = [SystemMessage("You are a delegate."), HumanMessage("Speak.")]


def model_for(srv: FakeOpenAI, spec: str = "openai-compatible:fake") -> SSEChatModel:
    return SSEChatModel(client=ChatClient(parse_spec(f"{spec}@{srv.base_url}"), SecretStr("sk-test")))


async def collect(model: BaseChatModel, **kw) -> list[AIMessageChunk]:
    return [c async for c in model.astream(MSGS, **kw)]


def test_a_seat_streams_text_reasoning_usage_and_its_end_through_langchain():
    text = "We should fund demand-side pilots before any tax credit. " * 3
    with FakeOpenAI([Reply(text=text, reasoning="weigh costs first", chunk_chars=5)]) as srv:
        model = model_for(srv)
        chunks = asyncio.run(collect(model))
        sent = srv.requests[-1].body
        usage = srv.usage_log[-1]
    assert isinstance(model, BaseChatModel) and all(isinstance(c, AIMessageChunk) for c in chunks)
    assert "".join(c.content for c in chunks) == text
    assert "".join(c.additional_kwargs.get("reasoning_content", "") for c in chunks) == "weigh costs first"
    got = [c.usage_metadata for c in chunks if c.usage_metadata]
    assert got == [
        {
            "input_tokens": usage["prompt_tokens"],
            "output_tokens": usage["completion_tokens"],
            "total_tokens": usage["prompt_tokens"] + usage["completion_tokens"],
        }
    ]
    ends = [c.response_metadata for c in chunks if "finish_reason" in c.response_metadata]
    assert [m["finish_reason"] for m in ends] == ["stop"]
    assert any(c.response_metadata.get("done") for c in chunks)
    # roles mapped to the chat API; a local server gets the template markers as stop strings
    assert [m["role"] for m in sent["messages"]] == ["system", "user"] and sent["stop"] == STOP_MARKERS
    # one chunk per network read at most (never more than SSE events), then LangChain's end mark
    assert chunks[-1].chunk_position == "last" and not chunks[-1].content
    events = -(-len(text) // 5) + -(-len("weigh costs first") // 5) + 4  # + role, finish, usage, [DONE]
    assert len(chunks) - 1 <= events


def test_a_stream_cut_without_finish_reason_or_done_says_so_in_the_merged_message():
    with FakeOpenAI(
        [Reply(text="half a sentence and then", chunk_chars=4, drop_after=3, chunked=False)]
    ) as srv:
        reply = asyncio.run(model_for(srv).ainvoke(MSGS))
    assert isinstance(reply, AIMessage) and reply.content == "half a sentence and "[:12]
    assert "finish_reason" not in reply.response_metadata and "done" not in reply.response_metadata


def test_call_options_reach_the_wire_and_sync_invoke_works():
    with FakeOpenAI([Reply(text='{"speech": "ok"}'), Reply(text="plain")]) as srv:
        model = model_for(srv)
        chunks = asyncio.run(collect(model, stop=["END"], response_format={"type": "json_object"}))
        first = srv.requests[-1].body
        reply = model.invoke(MSGS)  # no running loop: LangChain's sync route
        second = srv.requests[-1].body
    assert "".join(c.content for c in chunks) == '{"speech": "ok"}'
    assert first["stop"] == ["END"] and first["response_format"] == {"type": "json_object"}
    assert reply.content == "plain" and reply.response_metadata["finish_reason"] == "stop"
    assert second["stop"] == STOP_MARKERS and "response_format" not in second


def test_cached_prompt_tokens_ride_in_usage_metadata_and_come_back():
    piece = Piece(
        "x", "why", prompt_tokens=120, completion_tokens=7, finish_reason="length", cached_tokens=96
    )
    msg = chunk_of(piece).message
    assert isinstance(msg, AIMessageChunk)
    assert msg.usage_metadata == {
        "input_tokens": 120,
        "output_tokens": 7,
        "total_tokens": 127,
        "input_token_details": {"cache_read": 96},
    }
    assert piece_of_chunk(msg) == piece
    assert piece_of_chunk(chunk_of(Piece(done=True)).message).done


class _Scripted(SSEChatModel):
    """A model whose chunks are scripted: shows the caller reads only LangChain's chunk contract."""

    script: list[Piece]

    async def _astream(self, messages, stop=None, run_manager=None, **kwargs):
        assert [m.type for m in messages] == ["system", "human"]
        for p in self.script:
            yield chunk_of(p)


def _call(script: list[Piece]):
    model = _Scripted(client=ChatClient(parse_spec("ollama:q"), SecretStr("k")), script=script)
    caller = Caller(
        model,
        label="ollama:q",
        identity="t",
        policy=RetryPolicy(max_attempts=1),
        budget=RetryBudget(total=0),
        cache=None,
        secrets=["k-secret"],
    )
    msgs = [ChatMessage(role="system", content="s"), ChatMessage(role="user", content="u")]

    async def run():
        items = [
            i async for i in caller.call(msgs, deadline=asyncio.get_running_loop().time() + 30, mode="plain")
        ]
        return items[-1]

    return asyncio.run(run())


def test_the_caller_tells_a_whole_reply_from_a_cut_one_by_the_chunks_metadata():
    whole = _call([Piece("Fund pilots."), Piece(prompt_tokens=10, completion_tokens=3, finish_reason="stop")])
    cut = _call([Piece("Fund pi"), Piece("lots")])
    assert whole.error is None and whole.text == "Fund pilots." and whole.usage.prompt_tokens == 10
    assert cut.error is not None and "no finish_reason, no [DONE]" in str(cut.error)
    assert cut.text == "Fund pilots" and cut.usage.completion_tokens > 0  # cut calls are counted


def test_what_langchain_callbacks_see_carries_no_key_and_no_url_credentials():
    from langchain_core.callbacks import AsyncCallbackHandler

    seen: list[str] = []

    class Spy(AsyncCallbackHandler):
        async def on_chat_model_start(self, serialized, messages, **kwargs):
            seen.append(repr(serialized) + repr(kwargs))

        async def on_llm_end(self, response, **kwargs):
            seen.append(repr(response))

    with FakeOpenAI([Reply(text="fine")]) as srv:
        url = srv.base_url.replace("http://", "http://user:url-secret-7@")
        model = SSEChatModel(
            client=ChatClient(parse_spec(f"openai-compatible:fake@{url}"), SecretStr("sk-key-secret-9"))
        )
        reply = asyncio.run(model.ainvoke(MSGS, config={"callbacks": [Spy()]}))
    assert reply.content == "fine" and len(seen) == 2
    assert "127.0.0.1" in seen[0]  # the host called is named...
    assert not any(
        "url-secret-7" in s or "sk-key-secret-9" in s for s in [*seen, repr(model)]
    )  # ...never a secret


def test_a_body_with_no_event_at_all_is_a_cut_reply_not_a_crash():
    class Silent(ChatClient):
        async def stream(self, messages, json_mode=False, stop=None):
            return
            yield  # an async generator that ends at once (a 200 with an empty body)

    model = SSEChatModel(client=Silent(parse_spec("ollama:q"), SecretStr("k")))
    caller = Caller(
        model,
        label="ollama:q",
        identity="t",
        policy=RetryPolicy(max_attempts=1),
        budget=RetryBudget(total=0),
        cache=None,
        secrets=[],
    )

    async def run():
        deadline = asyncio.get_running_loop().time() + 30
        return [
            i
            async for i in caller.call(
                [ChatMessage(role="user", content="u")], deadline=deadline, mode="plain"
            )
        ]

    out = asyncio.run(run())[-1]
    assert out.text == "" and "no finish_reason, no [DONE]" in str(out.error)
