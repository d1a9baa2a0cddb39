"""Who speaks when: speaking order, the no-repeat rule and its deterministic fallback.

These rules are enforced in code, not left to prompts: a persona never speaks twice in a
row unless the round says ``allow_repeat``; an invalid speaker (unknown, or a repeat)
is replaced by the next eligible persona in the round's order.
"""

from __future__ import annotations

from roleplay.formats.scenario import RoundSpec, Scenario


def round_speakers(spec: RoundSpec, scenario: Scenario) -> list[str]:
    """The planned speaking order of one round (its own ``speakers`` or the default)."""
    return list(spec.speakers or scenario.order())


def choose_speaker(
    wanted: str, order: list[str], last: str | None, allow_repeat: bool, seated: set[str]
) -> tuple[str, str | None]:
    """Validate ``wanted`` as the next speaker.

    Returns:
        (speaker, reason): ``reason`` is None when ``wanted`` is valid, otherwise says why
        the fallback (the next persona in ``order`` after ``wanted`` that is seated and
        is not ``last``) was chosen instead.

    Raises:
        ValueError: no persona in ``order`` can speak (only possible with one seat).
    """
    if wanted in seated and (allow_repeat or wanted != last):
        return wanted, None
    why = f"'{wanted}' is not seated" if wanted not in seated else f"'{wanted}' may not speak twice in a row"
    start = order.index(wanted) + 1 if wanted in order else 0
    for k in range(len(order)):
        cand = order[(start + k) % len(order)]
        if cand in seated and cand != last:
            return cand, why
    raise ValueError("no eligible speaker: a debate needs at least two seated personas")


def rotate_for_no_repeat(order: list[str], last: str | None) -> list[str]:
    """If a round would open with the persona who closed the previous one, move that
    persona to second place, so rounds chain without a double turn."""
    if len(order) > 1 and last is not None and order[0] == last:
        return [order[1], order[0], *order[2:]]
    return order
