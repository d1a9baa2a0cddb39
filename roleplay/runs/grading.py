"""What each human seat said and voted in a run, for grading (issue #12: "the export of a
finished run ... records what each human seat said and voted"). Words live in the
catalogue (``documents.ftl``); the export templates lay the rows out."""

from __future__ import annotations

from typing import Any

from roleplay.formats.rubric import format_setting
from roleplay.runs.transcript import Run
from roleplay.runs.words import Words, join


def human_view(run: Run) -> dict[str, Any]:
    """``{"H": words (:class:`~roleplay.runs.words.Words`), "human_seats": [{name, turns: [{id, round, phase, speech, proposal,
    stances}]}]}`` for every persona played by a person (``backend == "human"``), in seat
    order; empty when nobody played."""
    s, lang = run.started, run.started.lang
    w = Words(lang)
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
                        name, param = ins.name.in_(lang), ins.parameter
                    except KeyError:
                        name, param = it.instrument, None
                    parts.append(
                        name if it.value is None else f"{name} {format_setting(it.value, param, lang)}"
                    )
                proposal = w("package-items", title=m.proposal.title, items=join(parts, lang, "item-sep"))
            rows.append(
                {
                    "id": t.id,
                    "round": t.round,
                    "phase": t.phase,
                    "speech": m.speech if m is not None else w.passed,
                    "proposal": proposal,
                    "stances": [
                        w("stance-line", proposal=st.proposal, position=w[st.position], reason=st.reason)
                        for st in m.stances
                    ]
                    if m
                    else [],
                }
            )
        seats.append({"name": p.name.in_(lang), "turns": rows})
    return {"H": w, "human_seats": seats}
