"""The vote rule (roleplay.debate.vote): pass rules, rank order, tie-break, no deal, and
the moderator's "leading" package coming from the same rule (issue #9 point 5)."""

from pathlib import Path

import pytest
from negotiation_fixture import Scripted, run, tiny_setup

from roleplay.debate import vote
from roleplay.debate.events import ModeratorSpoke, RoundStarted, TurnStarted
from roleplay.debate.move import Move, Proposal, Stance, Standing


@pytest.mark.parametrize(
    "n,of,rule,ok",
    [
        (2, 4, "majority", False),  # exactly half is not a majority
        (3, 4, "majority", True),
        (1, 2, "majority", False),
        (2, 3, "majority", True),
        (3, 5, "majority", True),
        (2, 5, "majority", False),
        (2, 3, "two_thirds", True),  # exactly two thirds passes
        (4, 6, "two_thirds", True),
        (3, 5, "two_thirds", False),
        (5, 8, "two_thirds", False),
        (3, 4, "two_thirds", True),
        (4, 4, "unanimous", True),
        (3, 4, "unanimous", False),
        (0, 0, "majority", False),
        (0, 0, "unanimous", False),
    ],
)
def test_pass_rules(n, of, rule, ok):
    assert vote.passes(n, of, rule) is ok


def st(pid, sup, open_=0, order=0, passes=True, opp=()):
    return Standing(
        proposal=pid,
        supporters=[f"v{k}" for k in range(sup)],
        opponents=list(opp),
        open=[f"i{k}" for k in range(open_)],
        passes=passes,
        order=order,
    )


def test_rank_order_supporters_then_open_issues_then_tabling_order():
    rows = [st("A", 2, 0, 0), st("B", 3, 2, 1), st("C", 3, 1, 2), st("D", 3, 1, 3)]
    assert [s.proposal for s in sorted(rows, key=vote.rank_key)] == ["C", "D", "B", "A"]
    assert vote.decide(rows).proposal == "C"
    assert vote.tie_broken(rows) is True


def test_decide_takes_only_passing_packages_and_no_deal_is_none():
    rows = [st("A", 3, 0, 0, passes=False), st("B", 1, 0, 1)]
    assert vote.decide(rows).proposal == "B"
    assert vote.tie_broken(rows) is False
    none = [st("A", 2, 0, 0, passes=False), st("B", 1, 0, 1, passes=False)]
    assert vote.decide(none) is None and vote.tie_broken(none) is False
    assert vote.best(none).proposal == "A"
    assert vote.best([]) is None and vote.decide([]) is None


def test_tie_break_only_between_passing_packages_level_on_supporters():
    assert vote.tie_broken([st("A", 3, 0, 0), st("B", 2, 0, 1)]) is False
    assert vote.tie_broken([st("A", 3, 0, 0), st("B", 3, 0, 1, passes=False)]) is False
    assert vote.tie_broken([st("A", 3, 1, 0), st("B", 3, 0, 1)]) is True
    assert vote.decide([st("A", 3, 1, 0), st("B", 3, 0, 1)]).proposal == "B"


def _props():
    return [
        Proposal(id="P1", author="ministry", title="a", settles={"angel": "yes", "demand": "list"}),
        Proposal(
            id="P2", author="startup", title="b", settles={"angel": "no", "demand": "buy", "access": "fair"}
        ),
    ]


def S(pid, pos):
    return Stance(proposal=pid, position=pos, reason="r")


def test_standings_count_voters_only(tmp_path: Path):
    setup, _ = tiny_setup(tmp_path)
    stances = {
        "ministry": {"P1": S("P1", "support"), "P2": S("P2", "oppose")},
        "startup": {"P1": S("P1", "support"), "P2": S("P2", "support")},
        "soe": {"P1": S("P1", "amend")},
        "us_agency": {"P2": S("P2", "support")},  # seated, not a voter in this scenario
    }
    rows = vote.standings(_props(), stances, setup.scenario.voter_ids(), setup.scenario)
    assert [(r.proposal, r.supporters, r.opponents, r.open, r.order) for r in rows] == [
        ("P1", ["ministry", "startup"], [], ["access"], 0),
        ("P2", ["startup"], ["ministry"], [], 1),
    ]
    assert [r.passes for r in rows] == [False, False]  # 2 of 4 is not a majority
    two = setup.scenario.model_copy(update={"pass_rule": "two_thirds"})
    rows = vote.standings(_props(), stances, ["ministry", "startup", "soe"], two)
    assert rows[0].passes is True
    # where the scenario lets the US agency vote, its support counts (data, not code)
    rows = vote.standings(_props(), stances, [*setup.scenario.voter_ids(), "us_agency"], setup.scenario)
    assert rows[1].supporters == ["startup", "us_agency"]


def _script(setup, b, vote_moves, nego=None):
    """Table P1 (ministry) and P2 (startup); negotiation stances ``nego``; votes ``vote_moves``."""
    nego = nego or {}
    for pid in setup.scenario.personas:
        moves = [Move(speech="o")]
        if pid == "ministry":
            moves.append(
                Move(speech="p", proposal=Proposal(title="A", settles={"angel": "yes", "demand": "list"}))
            )
        elif pid == "startup":
            moves.append(
                Move(
                    speech="p",
                    proposal=Proposal(title="B", settles={"angel": "no", "demand": "buy", "access": "fair"}),
                )
            )
        else:
            moves.append(Move(speech="p"))
        moves.append(Move(speech="n", stances=nego.get(pid, [])))
        moves.append(Move(speech="v", stances=vote_moves.get(pid, [])))
        b[pid] = Scripted(moves)
    return b


def _notes(ev, kind):
    return [e.note for e in ev if isinstance(e, ModeratorSpoke) and e.note.kind == kind]


def test_leading_is_the_adopted_package_when_stances_do_not_change(tmp_path: Path):
    setup, b = tiny_setup(tmp_path)
    nego = {
        "soe": [S("P2", "support"), S("P1", "oppose")],
        "vc": [S("P2", "support")],
    }
    votes = {
        "ministry": [S("P1", "support"), S("P2", "oppose")],
        "startup": [S("P2", "support")],
        **nego,
    }
    ev = run(setup, _script(setup, b, votes, nego))
    summaries = _notes(ev, "summary")
    result = _notes(ev, "vote_result")[0]
    assert summaries[2].leading == "P2" == result.adopted == result.leading
    assert result.outcome == "adopted" and result.tie_break is False
    assert [s.supporters for s in result.standings] == [["ministry"], ["startup", "soe", "vc"]]
    assert "P2" in result.text and "adopted" in result.text


def test_no_deal_is_an_outcome_and_names_the_best_standing(tmp_path: Path):
    setup, b = tiny_setup(tmp_path)
    votes = {
        "ministry": [S("P1", "support"), S("P2", "oppose")],
        "startup": [S("P2", "support"), S("P1", "oppose")],
        "soe": [S("P1", "support")],
        "vc": [S("P2", "oppose"), S("P1", "oppose")],
        "us_agency": [S("P2", "support")],  # removed: not a voter
    }
    ev = run(setup, _script(setup, b, votes))
    result = _notes(ev, "vote_result")[0]
    assert result.outcome == "no_deal" and result.adopted is None and result.leading is None
    assert result.best == "P1"
    assert "no deal" in result.text and "P1" in result.text
    assert [s.supporters for s in result.standings] == [["ministry", "soe"], ["startup"]]
    assert _notes(ev, "summary")[-1].leading is None


def test_tie_break_is_announced_before_the_vote_and_reported(tmp_path: Path):
    setup, b = tiny_setup(tmp_path, lang="zh")
    votes = {pid: [S("P1", "support"), S("P2", "support")] for pid in ("ministry", "startup", "soe")}
    ev = run(setup, _script(setup, b, votes))
    start = next(k for k, e in enumerate(ev) if isinstance(e, RoundStarted) and e.phase == "vote")
    first_vote = next(k for k, e in enumerate(ev) if isinstance(e, TurnStarted) and e.phase == "vote")
    assert start < first_vote
    ann = ev[start].note
    assert "未決議題較少者勝出" in ann.text and "先提出者勝出" in ann.text and "過半數" in ann.text
    assert ann.pass_rule == "majority"
    result = _notes(ev, "vote_result")[0]
    # P2 settles every issue, P1 leaves one open: fewer open issues wins the tie
    assert result.tie_break is True and result.adopted == "P2"
    assert "未決議題較少者" in result.text


def test_unvoted_debate_names_what_would_pass(tmp_path: Path):
    setup, b = tiny_setup(tmp_path, agenda=[{"phase": "proposal"}, {"phase": "negotiation"}])
    b["ministry"] = Scripted([Move(speech="p", proposal=Proposal(title="A", settles={"angel": "yes"}))])
    b["soe"] = Scripted([Move(speech="x"), Move(speech="n", stances=[S("P1", "support")])])
    b["vc"] = Scripted([Move(speech="x"), Move(speech="n", stances=[S("P1", "support")])])
    ev = run(setup, b)
    result = _notes(ev, "vote_result")[0]
    assert result.outcome == "unvoted" and result.adopted is None and result.leading == "P1"
    assert result.tie_break is False


def test_summary_lists_under_an_option_who_put_it_forward_not_who_backs_the_package(tmp_path: Path):
    """The moderator's issue rows name under an option its authors and those who asked for
    it in an amendment; backing a whole package does not list a persona under each option."""
    from roleplay.debate.moderator import issue_rows
    from roleplay.debate.table import Table

    setup, _ = tiny_setup(tmp_path)
    amend = Stance(proposal="P1", position="amend", reason="r", settle={"demand": "buy"})
    table = Table(
        proposals=_props(),
        stances={"startup": {"P1": S("P1", "support")}, "soe": {"P1": amend}},
    )
    rows = {r["title"]: {o["label"]: o["backers"] for o in r["options"]} for r in issue_rows(setup, table)}
    names = {p.id: p.short.in_(setup.lang) for p in setup.personas}
    angel = setup.scenario.issue("angel")
    yes = angel.option("yes").label.in_(setup.lang)
    assert names["startup"] not in rows[angel.title.in_(setup.lang)][yes]  # it backs P1, not P1's "yes"
    assert names["ministry"] in rows[angel.title.in_(setup.lang)][yes]  # P1's author
    demand = setup.scenario.issue("demand")
    assert names["soe"] in rows[demand.title.in_(setup.lang)][demand.option("buy").label.in_(setup.lang)]
