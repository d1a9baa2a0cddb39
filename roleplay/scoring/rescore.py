"""Re-score a saved run from its events alone (no source files needed)."""

from __future__ import annotations

from roleplay.debate.setup import DebateSetup
from roleplay.runs.transcript import Run
from roleplay.scoring.scorecard import Scorecard
from roleplay.scoring.scorer import score


def setup_of(run: Run) -> DebateSetup:
    """The DebateSetup recorded in a run's first event."""
    s = run.started
    return DebateSetup(scenario=s.scenario, personas=s.personas, rubric=s.rubric, seed=s.seed, lang=s.lang)


def rescore(run: Run) -> Scorecard:
    """The deterministic final scorecard of ``run``, recomputed by replaying its turns."""
    table, votes = run.table_and_votes()
    return score(setup_of(run), run.turns(), table, votes, 0, final=True)
