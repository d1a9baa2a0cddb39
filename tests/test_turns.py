import pytest

from roleplay.debate.turns import choose_speaker, rotate_for_no_repeat

ORDER = ["a", "b", "c"]


@pytest.mark.parametrize(
    "wanted,last,repeat,expect,why",
    [
        pytest.param("b", "a", False, "b", False, id="valid"),
        pytest.param("a", "a", False, "b", True, id="repeat-falls-to-next"),
        pytest.param("a", "a", True, "a", False, id="repeat-allowed"),
        pytest.param("zz", "a", False, "b", True, id="unknown-falls-to-first-eligible"),
        pytest.param("c", "c", False, "a", True, id="wraps-around"),
    ],
)
def test_choose_speaker(wanted, last, repeat, expect, why):
    who, reason = choose_speaker(wanted, ORDER, last, repeat, set(ORDER))
    assert who == expect
    assert (reason is not None) == why


def test_no_eligible_speaker():
    with pytest.raises(ValueError):
        choose_speaker("a", ["a"], "a", False, {"a"})


def test_rotation_avoids_double_turn_across_rounds():
    assert rotate_for_no_repeat(["c", "a", "b"], "c") == ["a", "c", "b"]
    assert rotate_for_no_repeat(["a", "b"], "c") == ["a", "b"]
