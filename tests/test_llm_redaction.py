"""Masking keys in what the LLM backend returns (roleplay.llm.redaction)."""

from __future__ import annotations

import pytest

from roleplay.llm.redaction import NO_KEY, StreamScrubber, scrub

KEY = "plain-secret-0123456789"  # not key-shaped: only the literal rule can catch it


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("token sk-proj-XYZ12345 here", "token *** here", id="sk-token"),
        pytest.param("authorization: Bearer abc.def.ghi-123", "authorization: ***", id="bearer-token"),
        pytest.param(f"the key is {KEY}.", "the key is ***.", id="known-secret"),
        pytest.param(f"Bearer {KEY}", "Bearer ***", id="known-secret-in-header"),
        pytest.param("密鑰是sk-abcdefghijklmnop。", "密鑰是***。", id="after-cjk"),
        pytest.param(
            "a risk-averse-and-cautious task-force stance",
            "a risk-averse-and-cautious task-force stance",
            id="words-with-sk-inside",
        ),
        pytest.param("the Bearer of bad news", "the Bearer of bad news", id="bearer-as-a-word"),
        pytest.param("sk-learn is a library", "sk-learn is a library", id="short-sk-word"),
    ],
)
def test_scrub(text, expected):
    assert scrub(text, [KEY]) == expected


def test_the_no_key_placeholder_is_not_a_secret():
    assert scrub("this is not-needed", [NO_KEY]) == "this is not-needed"


TEXTS = [
    f"My key is {KEY} and the header was Bearer sk-test-ABCDEFGHIJ-123 ok.",
    "我們的密鑰sk-abcdefghijklmnop不能外洩,Bearer tokenvalue99 也不行。",
    f"ends with the key {KEY}",
    "ends with a header Bearer abcdefghijk",
]


@pytest.mark.parametrize("text", TEXTS)
def test_stream_scrubber_equals_scrub_at_every_split(text):
    for cut in range(len(text) + 1):
        s = StreamScrubber([KEY])
        assert s.feed(text[:cut]) + s.feed(text[cut:]) + s.flush() == scrub(text, [KEY]), cut
    s = StreamScrubber([KEY])
    assert "".join(s.feed(c) for c in text) + s.flush() == scrub(text, [KEY])


def test_stream_scrubber_holds_back_only_what_may_become_a_key():
    s = StreamScrubber([KEY])
    assert s.feed("我們需要開放數據和耐心資本。") == "我們需要開放數據和耐心資本。"
    assert s.feed("We need open data ") == "We need open data "
    assert s.feed("and Bearer ") == "and "
    assert s.feed("x") == ""
    assert s.feed(" and more") == "Bearer x and "
    assert s.flush() == "more"
