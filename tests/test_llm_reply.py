"""Reading a Move out of a reply (roleplay.llm.reply): tolerant, validated, never inventive."""

from __future__ import annotations

import pytest

from roleplay.llm.reply import extract_move_object, parse_move


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param('```json\n{"mechanisms": ["demand"]}\n```', {"mechanisms": ["demand"]}, id="fenced"),
        pytest.param('Sure! {"stances": []} hope that helps', {"stances": []}, id="prose-around"),
        pytest.param('{"mechanisms": ["demand",],}', {"mechanisms": ["demand"]}, id="trailing-commas"),
        pytest.param('{"note": 1} then {"mechanisms": []}', {"mechanisms": []}, id="skips-non-move-object"),
        pytest.param(
            '{"proposal": {"title": "t", "items": [}', None, id="broken-outer-not-mistaken-for-inner"
        ),
        pytest.param(
            '```json\n{"stances": [{"proposal": "P1", "position": "support", "reason": "r"}\n```',
            None,
            id="broken-outer-stance-not-mistaken-for-move",
        ),
        pytest.param(
            '{\n  "stances": [\n    {"proposal": "P1"}\n  ]\n}',
            {"stances": [{"proposal": "P1"}]},
            id="pretty-printed",
        ),
        pytest.param("no json at all", None, id="none"),
    ],
)
def test_extract_move_object(text, expected):
    assert extract_move_object(text) == expected


def test_parse_move_uses_streamed_speech():
    move, problems = parse_move("I speak.", '```json\n{"speech": "other", "mechanisms": ["demand"]}\n```')
    assert problems == []
    assert move.speech == "I speak." and move.mechanisms == ["demand"]


def test_parse_move_takes_speech_from_json_when_none_streamed():
    move, _ = parse_move("", '{"speech": "From JSON.", "stances": []}')
    assert move.speech == "From JSON."


def test_parse_move_drops_unknown_keys_and_nulls():
    move, problems = parse_move("Hi.", '{"proposal": null, "mood": "happy", "stances": []}')
    assert problems == [] and move.proposal is None


@pytest.mark.parametrize(
    "block, needle",
    [
        pytest.param(
            '{"stances": [{"proposal": "P1", "position": "maybe", "reason": "r"}]}',
            "stances.0.position",
            id="bad-position",
        ),
        pytest.param(
            '{"stances": [{"proposal": "P1", "position": "support"}]}',
            "stances.0.reason",
            id="missing-reason",
        ),
        pytest.param('{"proposal": {"title": "t", "items": []}}', "package must settle", id="empty-package"),
        pytest.param("nothing here", "no JSON object", id="no-object"),
    ],
)
def test_parse_move_reports_problems_without_filling_in(block, needle):
    move, problems = parse_move("Hi.", block)
    assert move is None
    assert any(needle in p for p in problems), problems


def test_empty_speech_is_a_problem():
    move, problems = parse_move("", '{"mechanisms": []}')
    assert move is None and "speech is empty" in problems[0]


def test_inline_fence_is_cut_from_speech():
    move, _ = parse_move('I agree. ```json {"mechanisms": []}```', '{"mechanisms": []}')
    assert move.speech == "I agree."


def test_parse_move_reads_the_negotiation_protocol():
    block = (
        '{"proposal": {"title": "t", "settles": {"fund_size": "angel_800", "exit_rule": null}, "cost": 9},'
        ' "stances": [{"proposal": "P1", "position": "amend", "reason": "r", "settle": {"a": "x"},'
        ' "give": {"b": "y"}, "mood": 1}],'
        ' "claims": "angel_seed_stage",'
        ' "answers": [{"turn": "r2-t1-vc", "persona": "vc", "claim": "angel_private_80", "how": "rebut", "why": 1}],'
        ' "walkout": false}'
    )
    move, problems = parse_move("We answer the VC.", block)
    assert problems == []
    assert move.proposal.settles == {"fund_size": "angel_800"} and move.proposal.items == []
    assert move.stances[0].settle == {"a": "x"} and move.stances[0].give == {"b": "y"}
    assert move.claims == ["angel_seed_stage"]
    assert move.answers.model_dump() == {
        "turn": "r2-t1-vc",
        "persona": "vc",
        "claim": "angel_private_80",
        "how": "rebut",
    }


def test_a_proposal_with_items_only_still_parses():
    move, problems = parse_move(
        "Hi.", '{"proposal": {"title": "t", "items": [{"instrument": "demand_list"}]}}'
    )
    assert problems == [] and move.proposal.instrument_ids() == ["demand_list"] and not move.proposal.settles


def test_a_bad_answer_is_reported_not_guessed():
    move, problems = parse_move(
        "Hi.", '{"answers": {"turn": "r1", "persona": "vc", "claim": "c", "how": "agree"}}'
    )
    assert move is None and any("answers.how" in p for p in problems)
