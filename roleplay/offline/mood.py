"""A persona's temper in the offline engine: its seeded Mood, its acceptance threshold, and
how facilitator news shifts what it presses for (see roleplay.offline.negotiator)."""

from __future__ import annotations

import random

from roleplay.debate.backend import TurnRequest
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric

BIAS = 0.6
"""Largest seeded change to one instrument's stance score."""

RESERVATION_DOWN, RESERVATION_UP = 0.1, 0.15
"""Seeded spread of a persona's reservation value around its file's value."""


class Mood:
    """A persona's seeded temperament for one debate (same seed, same mood).

    ``bias``: per-instrument additions to stance scores, uniform in [-BIAS, BIAS] (a +-2
    stance never flips; a +-1 may soften); ``flex``: flexibility +- 0.15 (clamped to
    0..1); ``reservation``: the persona file's reservation value + uniform
    [-RESERVATION_DOWN, RESERVATION_UP] (clamped to 0..0.95): how hard a bargain it drives
    in this debate. Scorecards never see the mood.
    """

    def __init__(self, p: Persona, rubric: Rubric, seed: int):
        rng = random.Random(f"{seed}:{p.id}:mood")
        self.bias = {i.id: round(rng.uniform(-BIAS, BIAS), 3) for i in rubric.instruments}
        self.flex = min(1.0, max(0.0, p.flexibility + rng.uniform(-0.15, 0.15)))
        self.reservation = min(0.95, max(0.0, p.reservation + rng.uniform(-RESERVATION_DOWN, RESERVATION_UP)))


_MOODS: dict[tuple[int, str], Mood] = {}


def mood(req: TurnRequest) -> Mood:
    """The speaker's Mood for this debate (cached by seed and persona id)."""
    key = (req.seed, req.persona.id)
    if key not in _MOODS:
        if len(_MOODS) > 256:
            _MOODS.clear()
        _MOODS[key] = Mood(req.persona, req.rubric, req.seed)
    return _MOODS[key]


def new_notes(req: TurnRequest) -> list[str]:
    """Facilitator messages that arrived after the speaker's last turn."""
    last = max((i for i, t in enumerate(req.history) if t.persona == req.persona.id), default=-1)
    return [n.text for n in req.notes if n.kind == "facilitator" and n.at_turn > last]


def _norm(text: str) -> str:
    """Lower case, hyphens as spaces, plural -s dropped: "Export-controls" ~ "export control"."""
    words = text.lower().replace("-", " ").split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def salient(req: TurnRequest, text: str) -> list[str]:
    """Instrument ids a facilitator message names (by name or indicator term)."""
    low, norm = text.lower(), _norm(text)
    out = []
    for i in req.rubric.instruments:
        names = [t for t in (i.name.zh, i.name.en, *i.terms.all()) if len(t) >= 2]
        if any(t.lower() in low or (t.isascii() and _norm(t) in norm) for t in names):
            out.append(i.id)
    return out


def related(req: TurnRequest, named: list[str]) -> list[str]:
    """Instruments sharing an article element with a named one (the answers to the news)."""
    els = {e for iid in named for e in req.rubric.instrument(iid).elements}
    return [i.id for i in req.rubric.instruments if i.id not in named and els & set(i.elements)]


def bias(req: TurnRequest) -> dict[str, float]:
    """The speaker's mood bias plus the salience of every facilitator message so far: an
    instrument a message names weighs 0.8 more (supporters push harder, opponents resist
    harder), and instruments of the same article element that the speaker supports weigh
    0.5 more. Computed afresh each turn, so nothing leaks between debates."""
    b = dict(mood(req).bias)
    st = req.persona.stances
    for n in req.notes:
        if n.kind == "facilitator":
            named = salient(req, n.text)
            for iid in named:
                b[iid] = b.get(iid, 0.0) + (0.8 if (st[iid].score if iid in st else 0) >= 0 else -0.8)
            for iid in related(req, named):
                if iid in st and st[iid].score > 0:
                    b[iid] = b.get(iid, 0.0) + 0.5
    return b
