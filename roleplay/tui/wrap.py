"""Line breaking for mixed Chinese and Latin text, in terminal cells.

Rich breaks lines only at spaces, so a run of Chinese (no spaces) after a short Latin word
jumps whole to the next line and leaves a ragged gap. :class:`Wrapped` breaks the way
Chinese is set: between any two Han characters, at spaces between Latin words, inside a
Latin word only when the word alone is wider than the line, and never puts closing
punctuation (，。、」…) at the start of a line. Spaces at a break are dropped (as Rich does);
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


def _tokens(s: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(s)]


def breaks(s: str, width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of ``s`` (one paragraph, no newlines) at ``width`` cells.

    Spaces at a break are left out of both lines. A single character wider than ``width``
    gets a line of its own.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start, used, last_tok = 0, 0, None  # last_tok: start offset of the last token on the line
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
                start, used, last_tok = off + len(tok), 0, None
            i += 1
            continue
        if used + w <= width:
            used += w
            last_tok = off
            i += 1
            continue
        if used and w <= width:  # the token moves to the next line
            cut = off
            if tok[0] in NO_LINE_START and last_tok is not None and last_tok > start:
                cut = last_tok  # take the previous character along
                k = next(j for j in range(i - 1, -1, -1) if toks[j][0] == last_tok)
                while s[cut] in NO_LINE_START and k > 0 and toks[k - 1][0] > start:
                    k -= 1  # ...and the one before, when that one is closing punctuation too: "）；"
                    cut = toks[k][0]
            lines.append((start, _rstrip(s, start, cut)))
            start, used, last_tok = _lstrip(s, cut), 0, None
            used = cell_len(s[start:off])
            continue
        # a token wider than the rest of the line: fold it character by character
        for k, ch in enumerate(tok):
            cw = cell_len(ch)
            if used + cw > width and used:
                lines.append((start, off + k))
                start, used = off + k, 0
            used += cw
        last_tok = None
        i += 1
    lines.append((start, len(s)))
    return lines


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
