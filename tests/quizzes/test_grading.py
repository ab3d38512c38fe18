import pytest

from quizzes.grading import OptionFacts, correct_response, grade

ABCD = [
    OptionFacts("a", True, 0),
    OptionFacts("b", True, 1),
    OptionFacts("c", False, 2),
    OptionFacts("d", False, 3),
]
ONE = [OptionFacts("a", False, 0), OptionFacts("b", True, 1)]


@pytest.mark.parametrize("qtype", ["single", "technique", "true_false", "compare"])
def test_single_answer_types(qtype):
    assert grade(qtype, options=ONE, data={}, response={"choice": "b"}) == 1
    assert grade(qtype, options=ONE, data={}, response={"choice": "a"}) == 0
    assert grade(qtype, options=ONE, data={}, response={}) == 0


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),
        (["a", "b", "c"], 0.5),
        (["a", "c"], 0.0),
        (["c", "d"], 0.0),
        ([], 0.0),
    ],
)
def test_multiple_choice_partial_credit(choices, expected):
    assert grade("multiple", options=ABCD, data={}, response={"choices": choices}) == expected


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),
        (["a", "b", "c"], 0.5),
        (["a", "b", "c", "d"], 0.0),
        (["c"], 0.0),
        ([], 0.0),
    ],
)
def test_red_flags_hits_minus_false_alarms(flags, expected):
    assert grade("red_flags", options=ABCD, data={}, response={"flags": flags}) == expected


@pytest.mark.parametrize(
    ("reliable", "rating", "expected"),
    [
        (True, 7, 1),
        (True, 5, 1),
        (True, 4, 0),
        (True, 2, 0),
        (False, 1, 1),
        (False, 3, 1),
        (False, 4, 0),
        (False, 6, 0),
        (True, 9, 0),
        (True, None, 0),
    ],
)
def test_rating_is_right_on_the_correct_side_of_the_midpoint(reliable, rating, expected):
    assert grade("rating", options=[], data={"reliable": reliable}, response={"rating": rating}) == expected


def test_order_scores_the_share_of_steps_in_place():
    steps = [
        OptionFacts("s1", True, 0),
        OptionFacts("s2", True, 1),
        OptionFacts("s3", True, 2),
        OptionFacts("s4", True, 3),
    ]
    assert grade("order", options=steps, data={}, response={"order": ["s1", "s2", "s3", "s4"]}) == 1
    assert grade("order", options=steps, data={}, response={"order": ["s1", "s2", "s4", "s3"]}) == 0.5
    assert grade("order", options=steps, data={}, response={"order": ["s4", "s3", "s2", "s1"]}) == 0


def test_correct_response_describes_the_right_answer():
    assert correct_response("single", options=ONE, data={}) == {"choice": "b"}
    assert correct_response("red_flags", options=ABCD, data={}) == {"flags": ["a", "b"]}
    assert correct_response("rating", options=[], data={"reliable": False}) == {"reliable": False}
