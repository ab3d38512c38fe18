import pytest

from quizzes.discernment import discernment, discernment_change


def test_discernment_on_hand_computed_data():
    # Reliable rated 6, 5, 7 (mean 6); manipulative rated 2, 4, 3 (mean 3).
    d = discernment([(True, 6), (True, 5), (True, 7), (False, 2), (False, 4), (False, 3)])
    assert d.mean_reliable == 6
    assert d.mean_manipulative == 3
    assert d.discernment == 3
    assert d.hit_rate == pytest.approx(2 / 3)  # 2 and 3 are "unreliable"; 4 is not
    assert d.false_alarm_rate == 0


def test_distrusting_everything_is_not_discernment():
    d = discernment([(True, 1), (True, 2), (False, 1), (False, 2)])
    assert d.discernment == 0
    assert d.hit_rate == 1
    assert d.false_alarm_rate == 1


def test_change_from_pre_to_post():
    before = discernment([(True, 4), (True, 4), (False, 4), (False, 5)])  # 4 - 4.5 = -0.5
    after = discernment([(True, 6), (True, 5), (False, 2), (False, 2)])  # 5.5 - 2 = 3.5
    change = discernment_change(before, after)
    assert before.discernment == -0.5
    assert change.discernment == 4.0
    assert change.hit_rate == 1.0
    assert change.false_alarm_rate == 0


def test_missing_kinds_give_none_not_errors():
    d = discernment([(True, 5)])
    assert d.discernment is None and d.hit_rate is None and d.false_alarm_rate == 0
    assert discernment_change(d, d).discernment is None
