"""Line breaking for mixed Chinese and Latin text, in terminal cells.

Rich breaks lines only at spaces, so a run of Chinese (no spaces) after a short Latin word
jumps whole to the next line and leaves a ragged gap. :class:`Wrapped` breaks the way
Chinese is set: between any two Han characters, at spaces between Latin words, inside a
Latin word only when the word alone is wider than the line, and never puts closing
punctuation (，。、」…) at the start of a line nor opening punctuation (（「) at its end. Spaces at a break are dropped (as Rich does);
every other character appears exactly once (``tests/test_tui_wrap.py``).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

# Latin words (anything that is neither space nor a wide character), single wide characters, spaces.
_TOKEN = re.compile(
    r"\s+|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+|.",
    re.S,
)
NO_LINE_START = set("，。、；：？！）」』】〉》〕…—,.;:?!)]}%")
"""Closing punctuation that never starts a line (kinsoku shori, JIS X 4051 / W3C clreq)."""
NO_LINE_END = set("（「『【〈《〔([{")
"""Opening punctuation that never ends a line: it moves to the next line with what it opens."""


def _tokens(s: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(s)]


def breaks(s: str, width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of ``s`` (one paragraph, no newlines) at ``width`` cells.

    Spaces at a break are left out of both lines. A single character wider than ``width``
    gets a line of its own.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start, used = 0, 0
    on_line: list[int] = []  # start offsets of the non-space tokens on the current line
    toks = _tokens(s)
    i = 0
    while i < len(toks):
        off, tok = toks[i]
        w = cell_len(tok)
        if tok.isspace():
            if used + w <= width:
                used += w
            else:
                lines.append((start, off))
                start, used, on_line = off + len(tok), 0, []
            i += 1
            continue
        if used + w <= width:
            used += w
            on_line.append(off)
            i += 1
            continue
        if used and w <= width:  # the token moves to the next line
            k, cut = _break_before(s, start, on_line, off, closes=len(on_line))
            if s[_rstrip(s, start, cut) - 1] in NO_LINE_END:  # "（75%）。" wider than a line
                k, cut = _break_before(s, start, on_line, off, closes=1)
            lines.append((start, _rstrip(s, start, cut)))
            start, on_line = _lstrip(s, cut), on_line[k:]
            used = cell_len(s[start:off])
            continue
        # a token wider than the rest of the line: fold it character by character
        folded = False
        for k, ch in enumerate(tok):
            cw = cell_len(ch)
            if used + cw > width and used:
                lines.append((start, off + k))
                start, used, folded = off + k, 0, True
            used += cw
        on_line = [start] if folded else [*on_line, off]
        i += 1
    lines.append((start, len(s)))
    return lines


def _break_before(s: str, start: int, on_line: list[int], off: int, closes: int) -> tuple[int, int]:
    """Where to end a line that the token at ``off`` does not fit on: before it, or earlier
    so that closing punctuation (up to ``closes`` tokens of it, "）；") never starts the next
    line and an opening bracket never ends this one. Returns (tokens kept on the line, cut)."""
    k, cut = len(on_line), off
    while k > 1 and closes > 0 and s[cut] in NO_LINE_START:
        k, closes = k - 1, closes - 1  # take the previous token along
        cut = on_line[k]
    while k > 1 and s[_rstrip(s, start, cut) - 1] in NO_LINE_END:
        k -= 1  # an opening bracket goes with what it opens
        cut = on_line[k]
    return k, cut


def _rstrip(s: str, start: int, end: int) -> int:
    while end > start and s[end - 1].isspace():
        end -= 1
    return end


def _lstrip(s: str, pos: int) -> int:
    while pos < len(s) and s[pos].isspace():
        pos += 1
    return pos


class Wrapped:
    """A Rich renderable: ``text`` wrapped with :func:`breaks` at the width it is given."""

    def __init__(self, text: Text | str):
        self.text = text if isinstance(text, Text) else Text(text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for para in self.text.split("\n", allow_blank=True):
            plain = para.plain
            for a, b in breaks(plain, width):
                line = para[a:b]
                line.end = "\n"
                line.no_wrap = True
                line.overflow = "fold"
                yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        paras = self.text.plain.split("\n")
        longest = max((cell_len(p) for p in paras), default=0)
        widest_token = max((cell_len(t) for p in paras for _, t in _tokens(p) if not t.isspace()), default=0)
        return Measurement(min(widest_token, options.max_width), min(longest, options.max_width))
