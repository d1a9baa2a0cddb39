"""Splitting a streamed reply into speech, reasoning and the move block, chunk by chunk.

Chunks split text anywhere, even inside a tag or an escape, so every splitter holds back
the shortest tail that might still turn into something else and releases it when it
cannot. All are pure: feed strings in, get strings out.

* :class:`ThinkSplitter` moves ``<think>...</think>`` (and ``<thinking>``) out of the
  content; an unclosed tag at the end counts as reasoning.
* :class:`SpeechSplitter` (method ``prompt``): the speech is the text before the first
  line that opens a fenced block or a JSON object; the rest is the move block.
* :class:`JsonSpeechSplitter` (method ``json_mode``): the reply is one JSON object; the
  value of its ``"speech"`` string is decoded as it arrives.
"""

from __future__ import annotations

import re

from pydantic_core import from_json

_OPEN = ("<think>", "<thinking>")
_CLOSE = ("</think>", "</thinking>")


def _held_tail(buf: str, tags: tuple[str, ...]) -> int:
    """Length of the longest suffix of ``buf`` that is a proper prefix of one of ``tags``."""
    if "<" not in buf[-max(map(len, tags)) :]:  # every tag starts with "<": the common case
        return 0
    for n in range(min(len(buf), max(map(len, tags)) - 1), 0, -1):
        if any(t.startswith(buf[-n:]) for t in tags):
            return n
    return 0


class ThinkSplitter:
    """Route content text to ``(text, reasoning)`` around think tags."""

    def __init__(self) -> None:
        self._buf = ""
        self.in_think = False

    def feed(self, chunk: str) -> tuple[str, str]:
        """Add ``chunk``; return the (text, reasoning) now certain."""
        if not self._buf and "<" not in chunk:  # no tag can start here (the common case)
            return ("", chunk) if self.in_think else (chunk, "")
        self._buf += chunk
        text: list[str] = []
        reasoning: list[str] = []
        while True:
            tags = _CLOSE if self.in_think else _OPEN
            hits = [(self._buf.find(t), t) for t in tags if t in self._buf]
            if not hits:
                break
            at, tag = min(hits)
            (reasoning if self.in_think else text).append(self._buf[:at])
            self._buf = self._buf[at + len(tag) :]
            self.in_think = not self.in_think
        keep = _held_tail(self._buf, _CLOSE if self.in_think else _OPEN)
        out, self._buf = self._buf[: len(self._buf) - keep], self._buf[len(self._buf) - keep :]
        (reasoning if self.in_think else text).append(out)
        return "".join(text), "".join(reasoning)

    def flush(self) -> tuple[str, str]:
        """End of stream: release what was held (inside an open tag it is reasoning)."""
        out, self._buf = self._buf, ""
        return ("", out) if self.in_think else (out, "")


_BLOCK_START = re.compile(r"^\s*(```|\{)")


class SpeechSplitter:
    """Split plain speech from the trailing move block (``prompt`` method)."""

    def __init__(self) -> None:
        self._line = ""
        self._mid_line = False
        self.in_block = False
        self.block = ""

    def feed(self, chunk: str) -> str:
        """Add ``chunk``; return speech text now certain (possibly empty)."""
        if self.in_block:
            self.block += chunk
            return ""
        out: list[str] = []
        self._line += chunk
        while "\n" in self._line:
            line, self._line = self._line.split("\n", 1)
            if not self._mid_line and _BLOCK_START.match(line):
                self._enter_block(line + "\n" + self._line)
                return "".join(out)
            out.append(line + "\n")
            self._mid_line = False
        if not self._mid_line and _BLOCK_START.match(self._line):
            self._enter_block(self._line)
        elif self._mid_line or not _could_open(self._line):
            out.append(self._line)
            self._mid_line = self._mid_line or bool(self._line)
            self._line = ""
        return "".join(out)

    def _enter_block(self, rest: str) -> None:
        self.in_block, self.block, self._line = True, rest, ""

    def flush(self) -> str:
        """End of stream: release a held partial line as speech."""
        out, self._line = ("" if self.in_block else self._line), ""
        return out


def _could_open(partial: str) -> bool:
    """True if a line that so far reads ``partial`` may still open a block."""
    s = partial.lstrip()
    return s == "" or "```".startswith(s)


class JsonSpeechSplitter:
    """Decode the ``"speech"`` string of a streamed JSON object as it arrives (``json_mode``).

    Each chunk re-reads the object so far with pydantic_core's partial JSON parser
    (``from_json(..., allow_partial="trailing-strings")``), which completes an unfinished
    trailing string and holds back a cut escape; text before the object (a fence) is skipped.
    """

    def __init__(self) -> None:
        self.block = ""
        self._sent = 0
        self.done = False

    def feed(self, chunk: str) -> str:
        """Add ``chunk``; return newly decoded speech characters."""
        self.block += chunk
        if self.done:
            return ""
        start = self.block.find("{")
        if start < 0:
            return ""
        text = self.block[start:]
        try:
            speech = from_json(text, allow_partial="trailing-strings").get("speech")
            self.done = isinstance(from_json(text, allow_partial=True).get("speech"), str)
        except (ValueError, AttributeError):  # not (yet) a JSON object
            return ""
        if not isinstance(speech, str) or len(speech) <= self._sent:
            return ""
        out, self._sent = speech[self._sent :], len(speech)
        return out

    def flush(self) -> str:
        """End of stream: nothing is held back beyond an incomplete escape, which is dropped."""
        return ""


_MARKUP = re.compile(r"<\|[A-Za-z0-9_]{1,24}\|>")
_END_MARKS = ("<|im_end|>", "<|eot_id|>", "<|endoftext|>", "<|end|>", "<|eom_id|>")
_ROLES = ("system", "user", "assistant")
_ROLE_LINE = re.compile(r"\A(?:system|user|assistant)?[ \t]*\n?")


class MarkupFilter:
    """Take chat-template markup (``<|im_end|>``, ``<|im_start|>assistant``, ``<|eot_id|>``...)
    out of streamed content.

    A local server with a mismatched chat template lets its special tokens through as
    text (issue #14: ChatML markup reached speeches in 24 of 55 llama.cpp turns). An end
    marker ends the reply: whatever follows it is the model writing the next turn and is
    dropped; any other ``<|...|>`` token is removed with the role word that follows a
    start marker. ``seen`` counts the markers found.
    """

    def __init__(self) -> None:
        self._buf = ""
        self.ended = False
        self.seen = 0
        self._after_start = False

    def feed(self, chunk: str) -> str:
        """Add ``chunk``; return the text now certain to be free of markup."""
        if self.ended:
            return ""
        if not self._buf and not self._after_start and "<" not in chunk:  # the common case
            return chunk
        self._buf += chunk
        out: list[str] = []
        while True:
            if self._after_start:
                word = self._buf.strip(" \t")
                if "\n" not in self._buf and len(self._buf) < 12 and any(r.startswith(word) for r in _ROLES):
                    break  # the role word may still be arriving
                m = _ROLE_LINE.match(self._buf)
                assert m is not None  # (the pattern matches the empty string)
                self._buf = self._buf[m.end() :]
                self._after_start = False
            hit = _MARKUP.search(self._buf)
            if hit is None:
                break
            out.append(self._buf[: hit.start()])
            self.seen += 1
            if hit.group(0) in _END_MARKS:
                self._buf, self.ended = "", True
                return "".join(out)
            self._buf = self._buf[hit.end() :]
            self._after_start = hit.group(0) == "<|im_start|>"
        if self._after_start:
            return "".join(out)
        cut = self._buf.rfind("<")
        if cut >= 0 and len(self._buf) - cut < 27 and ">" not in self._buf[cut:]:
            out.append(self._buf[:cut])
            self._buf = self._buf[cut:]
        else:
            out.append(self._buf)
            self._buf = ""
        return "".join(out)

    def flush(self) -> str:
        """End of stream: release what was held (an unfinished ``<|`` is dropped)."""
        out, self._buf = self._buf, ""
        if self.ended or (self._after_start and out.strip() in ("", *_ROLES)):
            return ""
        return "" if out.startswith("<|") else out
