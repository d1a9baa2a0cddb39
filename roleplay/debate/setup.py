"""DebateSetup: a debate ready to run (scenario, seated personas, rubric, seed, language,
rounds), and the agenda it will actually run."""

from __future__ import annotations

from pydantic import Field, model_validator

from roleplay.errors import InputError
from roleplay.formats.issues import issues_from_instruments
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import RoundSpec, Scenario
from roleplay.formats.text import Lang, Strict


def check_rounds(rounds: int | None) -> int | None:
    """``rounds`` if it is None (the scenario's) or at least 1.

    Raises:
        InputError: fewer than 1 (the message names ``--rounds``).
    """
    if rounds is not None and rounds < 1:
        raise InputError("error-rounds", value=str(rounds))
    return rounds


class DebateSetup(Strict):
    """A debate ready to run.

    Fields:
        rounds: how many agenda rounds to run (None: the scenario's ``max_rounds``);
            capped at the agenda length. If the cut drops the vote, the debate ends
            unvoted and the leading package is scored with ``adopted`` False.
    """

    scenario: Scenario
    personas: list[Persona]
    rubric: Rubric
    seed: int
    lang: Lang
    rounds: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _issues(self) -> DebateSetup:
        """A scenario without issues debates its focus instruments as yes/no issues."""
        if not self.scenario.issues:
            issues = issues_from_instruments(self.scenario.focus_instruments, self.rubric)
            self.scenario = self.scenario.model_copy(update={"issues": issues})
        return self

    def persona(self, pid: str) -> Persona:
        """The seated persona ``pid``; raises KeyError."""
        return next(p for p in self.personas if p.id == pid)

    def agenda(self) -> list[RoundSpec]:
        """The rounds that will run, ``rounds`` long (default: the scenario's ``max_rounds``,
        at most the agenda length).

        A shorter debate keeps its closing vote and at least one proposal round before it
        (``--rounds 2`` is: proposals, vote). A longer one repeats negotiation rounds before
        the vote. With ``rounds`` 1 a voting agenda keeps only its first round;
        roleplay.debate.session.prepare rejects that with a message.
        """
        agenda = list(self.scenario.agenda)
        n = self.rounds or min(self.scenario.max_rounds, len(agenda))
        ends_in_vote = agenda[-1].phase == "vote" and len(agenda) > 1
        body, tail = (agenda[:-1], agenda[-1:]) if ends_in_vote else (agenda, [])
        if n >= len(agenda):
            return body + [RoundSpec(phase="negotiation")] * (n - len(agenda)) + tail
        if not ends_in_vote or n < 2:
            return agenda[:n]
        first_prop = next((i for i, r in enumerate(body) if r.phase == "proposal"), 0)
        keep = body[: n - 1] if first_prop < n - 1 else body[first_prop - (n - 2) : first_prop + 1]
        return keep + tail
