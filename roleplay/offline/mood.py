"""A persona's temper in the offline engine: its seeded Mood, its acceptance threshold, and
how facilitator news shifts what it presses for (see roleplay.offline.negotiator)."""

from __future__ import annotations

import random

from roleplay.debate.backend import TurnRequest
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric


class Mood:
    """A persona's seeded temperament for one debate (same seed, same mood).

    ``bias``: per-instrument additions to stance scores, uniform in [-0.6, 0.6] (a +-2
    stance never flips; a +-1 may soften); ``start``: first acceptance threshold in
    [0.64, 0.80]; ``flex``: flexibility +- 0.15 (clamped to 0..1); ``size``: how many
    instruments it tables (3-5). Scorecards never see the mood.
    """

    def __init__(self, p: Persona, rubric: Rubric, seed: int):
        rng = random.Random(f"{seed}:{p.id}:mood")
        self.bias = {i.id: round(rng.uniform(-0.6, 0.6), 3) for i in rubric.instruments}
        self.start = rng.uniform(0.64, 0.80)
        self.flex = min(1.0, max(0.0, p.flexibility + rng.uniform(-0.15, 0.15)))
        self.size = rng.randint(3, 5)


_MOODS: dict[tuple[int, str], Mood] = {}


def mood(req: TurnRequest) -> Mood:
    """The speaker's Mood for this debate (cached by seed and persona id)."""
    key = (req.seed, req.persona.id)
    if key not in _MOODS:
        if len(_MOODS) > 256:
            _MOODS.clear()
        _MOODS[key] = Mood(req.persona, req.rubric, req.seed)
    return _MOODS[key]


def threshold(p: Persona, req: TurnRequest) -> float:
    """Acceptance threshold (0..1 satisfaction) of ``p`` at this point of the debate:
    its mood's start, lowered by 0.1 x (0.5 + flexibility) per negotiation round, floor 0.3."""
    done = len({t.round for t in req.history if t.phase in ("negotiation",) and t.round < req.round})
    if req.round_spec.phase in ("negotiation", "vote"):
        done += 1
    m = mood(req)
    return max(0.3, m.start - done * 0.1 * (0.5 + m.flex))


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
