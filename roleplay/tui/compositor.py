"""Keep wide (Chinese) characters whole where one widget lies over others.

Textual's compositor cuts every screen line at every widget edge ("cuts") and fills each
piece ("chop") from the top-most widget there. A toast, a dialog or the command palette
lies over the transcript and the side panel, so its lines are cut at *their* edges too,
and ``Segment.divide`` turns a two-cell character that straddles such a cut into two
blanks: the zh skip toast read ``部委 的下一次發    被跳過`` (``言將`` gone) because the
side panel's edge ran under it. Upstream: https://github.com/Textualize/textual/issues/6357
(open for Textual 8.x).

:func:`install` replaces ``Compositor._render_chops`` with one that cuts a widget's line
only where the top-most widget changes: a run of neighbouring pieces that the same widget
wins is filled with one undivided strip (the run's first piece holds it; the others hold
an empty strip, so nothing lower can claim them). A character is split only where another
widget really covers half of it. ``render_partial_update`` is replaced to match: a piece
ends where its strip ends, not at the next cut. ``tests/test_tui_widths.py`` reads the
screen at widths 60-120 and fails if a toast loses a character.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip]]:
    """Like Textual's: ``chops[y]`` maps each cut x of line y to the strip drawn from there
    (front to back, the first widget to reach a piece wins it), but a widget's line is
    divided only between pieces it wins and pieces it does not."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            starts = final_cuts[:-1]
            if not starts:
                continue
            free = [line.get(x) is None for x in starts]
            bounds = [starts[i] for i in range(1, len(starts)) if free[i] != free[i - 1]]
            pieces = strip.divide([b - render_x for b in [*bounds, final_cuts[-1]]])
            run = 0
            for i, x in enumerate(starts):
                if i and free[i] != free[i - 1]:
                    run += 1
                if free[i]:
                    first_of_run = i == 0 or free[i - 1] != free[i]
                    line[x] = (pieces[run] if run < len(pieces) else _EMPTY) if first_of_run else _EMPTY
    return chops  # type: ignore[return-value]


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """Textual's partial update, with each piece ending where its strip ends (a merged run
    reaches past the next cut; its empty followers end where they start)."""
    screen_region = self.size.region
    update_regions = self._dirty_regions.copy()
    self._dirty_regions.clear()
    if not update_regions:
        return None
    crop = Region.from_union(list(update_regions)).intersection(screen_region)
    spans = list(self._regions_to_spans(update_regions))
    is_rendered_line = {y for y, _, _ in spans}.__contains__
    chops = _render_chops(self, crop, is_rendered_line)
    chop_ends = [
        [
            end if strip is None else x + strip.cell_length
            for (x, strip), end in zip(line.items(), cut_set[1:], strict=False)
        ]
        for line, cut_set in zip(chops, self.cuts, strict=False)
    ]
    return ChopsUpdate(chops, spans, chop_ends)


def install() -> None:
    """Put the cell-safe chopping into Textual's compositor (idempotent; every screen of
    the process, dialogs and the command palette included)."""
    target: Any = Compositor
    target._render_chops = _render_chops
    target.render_partial_update = _render_partial_update
