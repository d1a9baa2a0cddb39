"""Template views of the negotiation protocol: the scenario's issues and options, its
rules, the claims a persona may make and the earlier claims it may answer.

The LLM seats negotiate in the same protocol as the offline engine (issue #9): a package
settles issues with option ids, a turn makes library claims by id and answers an earlier
claim of another persona. These views keep the system prompt compact: option labels and
costs (no settings), and at most :data:`MAX_CLAIMS` claims of at most :data:`CLAIM_CHARS`
characters, chosen the way the offline engine chooses what a persona may say
(roleplay.offline.arguments: ``may_voice``, ``bears_on``, ``support_for``).
"""

from __future__ import annotations

from typing import Any

from roleplay.debate.move import Turn
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.llm.views import excerpt
from roleplay.offline.arguments import bears_on, may_voice, support_for
from roleplay.scoring.utility import Preferences, preferences

MAX_CLAIMS = 4
"""At most this many claims in a persona's system prompt (strongest first)."""

CLAIM_CHARS = 80
"""Each claim's text is cut to this many characters in the prompt."""

PASS_RULES = {
    "majority": "a majority of the voters",
    "two_thirds": "two thirds of the voters",
    "unanimous": "every voter",
}


def _num(x: float) -> str:
    """``x`` without a trailing ``.0``."""
    return f"{x:g}"


def issue_views(scenario: Scenario, lang: Lang, prefs: Preferences | None = None) -> list[dict[str, Any]]:
    """The issues in scenario order: id, title, options [{id, label, cost, best}] where
    ``best`` marks the option ``prefs`` likes most (False without ``prefs``)."""
    out = []
    for issue in scenario.issues:
        best = prefs.best(issue.id) if prefs is not None and issue.id in prefs.utilities else None
        out.append(
            {
                "id": issue.id,
                "title": issue.title.in_(lang),
                "options": [
                    {"id": o.id, "label": o.label.in_(lang), "cost": _num(o.cost), "best": o.id == best}
                    for o in issue.options
                ],
            }
        )
    return out


def persona_preferences(p: Persona, scenario: Scenario, rubric: Rubric) -> Preferences | None:
    """``p``'s preferences over the scenario's issues (no seeded bias), or None if the
    scenario has no issues."""
    return preferences(p, scenario, rubric) if scenario.issues else None


def rules_view(scenario: Scenario) -> dict[str, Any]:
    """Budget (a number as text, or None) and the pass rule in words."""
    return {
        "budget": _num(scenario.budget) if scenario.budget is not None else None,
        "pass_rule": PASS_RULES[scenario.pass_rule],
    }


def claim_views(
    p: Persona,
    scenario: Scenario,
    rubric: Rubric,
    lang: Lang,
    prefs: Preferences | None = None,
    limit: int = MAX_CLAIMS,
) -> list[dict[str, str]]:
    """The claims ``p`` may voice that bear on some issue of the scenario: [{id, text}].

    With ``prefs``, claims that argue against ``p``'s position (negative
    ``support_for``) are left out: a persona argues for its side and answers the other
    side's claims by their ids. Strongest first (ties: most support for ``p``'s
    position, then library order), at most ``limit``, each text cut to
    :data:`CLAIM_CHARS` characters."""
    pool = []
    for n, c in enumerate(rubric.claims):
        if not may_voice(p, c) or not any(bears_on(c, i) for i in scenario.issues):
            continue
        helps = support_for(p, prefs, scenario, c) if prefs is not None else 0.0
        if helps >= 0:
            pool.append((-c.strength, -helps, n, c))
    ranked = [c for *_, c in sorted(pool, key=lambda x: x[:3])[:limit]]
    return [{"id": c.id, "text": excerpt(c.text.in_(lang), CLAIM_CHARS)} for c in ranked]


def earlier_claims(history: list[Turn], me: str, skip: set[str], limit: int) -> list[dict[str, Any]]:
    """The latest ``limit`` turns of other personas that made claims, except the turn ids
    in ``skip`` (shown in full elsewhere): [{turn, persona, claims}] oldest first; claims
    ``me`` already answered are left out (a turn with none left is skipped)."""
    answered = {
        (t.move.answers.turn, t.move.answers.claim)
        for t in history
        if t.persona == me and t.move is not None and t.move.answers is not None
    }
    rows = []
    for t in history:
        if t.persona == me or t.id in skip:
            continue
        left = [c for c in (t.move.claims if t.move else []) if (t.id, c) not in answered]
        if left:
            rows.append({"turn": t.id, "persona": t.persona, "claims": left})
    return rows[-limit:] if limit > 0 else []
