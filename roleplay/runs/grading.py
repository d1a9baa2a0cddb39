"""What each human seat said and voted in a run, for grading (issue #12: "the export of a
finished run ... records what each human seat said and voted"). Words live in :data:`WORDS`;
the export templates lay the rows out."""

from __future__ import annotations

from typing import Any

from roleplay.formats.rubric import format_unit
from roleplay.i18n.lang import source
from roleplay.runs.transcript import Run

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "人類席位的發言與表決(供評分)",
        "turn": "發言",
        "speech": "發言內容",
        "proposal": "提出的方案",
        "stances": "表態",
        "passed": "(放棄本輪)",
        "support": "支持",
        "oppose": "反對",
        "amend": "修訂",
    },
    "en": {
        "title": "What each human seat said and voted (for grading)",
        "turn": "Turn",
        "speech": "Speech",
        "proposal": "Package tabled",
        "stances": "Stances",
        "passed": "(passed this turn)",
        "support": "support",
        "oppose": "oppose",
        "amend": "amend",
    },
}


def human_view(run: Run) -> dict[str, Any]:
    """``{"H": words, "human_seats": [{name, turns: [{id, round, phase, speech, proposal,
    stances}]}]}`` for every persona played by a person (``backend == "human"``), in seat
    order; empty when nobody played."""
    s, lang = run.started, run.started.lang
    w = WORDS[source(lang)]
    rubric = s.rubric
    seats = []
    for p in s.personas:
        turns = [t for t in run.turns() if t.persona == p.id and t.backend == "human"]
        if not turns:
            continue
        rows = []
        for t in turns:
            m = t.move
            proposal = ""
            if m is not None and m.proposal is not None:
                parts = []
                for it in m.proposal.items:
                    try:
                        ins = rubric.instrument(it.instrument)
                        unit = format_unit(ins.parameter, lang) if ins.parameter else ""
                        name = ins.name.in_(lang)
                    except KeyError:
                        name, unit = it.instrument, ""
                    parts.append(name if it.value is None else f"{name} {it.value:g}{unit}")
                proposal = f"{m.proposal.title}: {'; '.join(parts)}"
            rows.append(
                {
                    "id": t.id,
                    "round": t.round,
                    "phase": t.phase,
                    "speech": m.speech if m is not None else w["passed"],
                    "proposal": proposal,
                    "stances": [f"{st.proposal} {w[st.position]}: {st.reason}" for st in m.stances]
                    if m
                    else [],
                }
            )
        seats.append({"name": p.name.in_(lang), "turns": rows})
    return {"H": w, "human_seats": seats}
