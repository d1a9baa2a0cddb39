"""Splitting streamed replies: think tags, speech vs move block, JSON speech (roleplay.llm.stream)."""

from __future__ import annotations

import json

import pytest

from roleplay.llm.stream import JsonSpeechSplitter, SpeechSplitter, ThinkSplitter


def chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def run_think(text: str, size: int) -> tuple[str, str]:
    s, out, thought = ThinkSplitter(), [], []
    for c in chunks(text, size):
        a, b = s.feed(c)
        out.append(a)
        thought.append(b)
    a, b = s.flush()
    return "".join(out) + a, "".join(thought) + b


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 100])
def test_think_tags_split_anywhere(size):
    text = "<think>plan: be brief</think>Hello <b>all</b><thinking>more</thinking> end"
    assert run_think(text, size) == ("Hello <b>all</b> end", "plan: be briefmore")


def test_unclosed_think_is_reasoning():
    assert run_think("Hi<think>cut off mid tho", 4) == ("Hi", "cut off mid tho")


def test_lone_angle_bracket_is_released():
    assert run_think("a < b and <thi", 3) == ("a < b and <thi", "")


def run_speech(text: str, size: int) -> tuple[str, str]:
    s, out = SpeechSplitter(), []
    for c in chunks(text, size):
        out.append(s.feed(c))
    out.append(s.flush())
    return "".join(out), s.block


REPLY = 'I support P1.\nIt helps {everyone}.\n\n```json\n{"stances": []}\n```'


@pytest.mark.parametrize("size", [1, 2, 4, 9, 1000])
def test_speech_stops_at_the_fence(size):
    speech, block = run_speech(REPLY, size)
    assert speech.strip() == "I support P1.\nIt helps {everyone}."
    assert block.strip().startswith("```json") and '"stances"' in block


@pytest.mark.parametrize("size", [1, 3, 1000])
def test_speech_stops_at_a_bare_object(size):
    speech, block = run_speech('We agree.\n{"mechanisms": ["demand"]}', size)
    assert speech.strip() == "We agree."
    assert block.startswith("{")


def test_speech_without_block():
    assert run_speech("Only words, no move.", 4) == ("Only words, no move.", "")


def run_json(text: str, size: int) -> str:
    s = JsonSpeechSplitter()
    return "".join(s.feed(c) for c in chunks(text, size)) + s.flush()


@pytest.mark.parametrize("size", [1, 2, 5, 1000])
def test_json_speech_decodes_escapes_split_anywhere(size):
    speech = 'He said "no".\nLine two \\ tab\t中文 😀 end'
    text = json.dumps({"speech": speech, "mechanisms": ["demand"]}, ensure_ascii=True)
    assert run_json(text, size) == speech


def test_json_speech_waits_for_the_key():
    assert run_json('{"mechanisms": [], "speech": "later"}', 3) == "later"
