"""Answer cues are reported by the content check; compare and true/false are shuffled per attempt."""

import copy

from quizzes.audit import lopsided_report
from quizzes.layout import option_keys_in_display_order
from quizzes.loader import quiz_errors, read_quiz
from quizzes.models import Attempt, Question, Quiz
from tests.quizzes.conftest import SAMPLE, TECHNIQUES


def _quiz_with(question, n, slug="cues"):
    data = copy.deepcopy(SAMPLE)
    data["slug"] = slug
    data["questions"] = [{**copy.deepcopy(question), "key": f"q{i}"} for i in range(n)]
    assert quiz_errors(data, technique_slugs=set(TECHNIQUES)) == []
    return read_quiz(data)


def _question(qtype):
    return next(q for q in SAMPLE["questions"] if q["type"] == qtype)


def test_a_site_where_every_statement_is_false_is_reported():
    report = lopsided_report([_quiz_with(_question("true_false"), 5)])
    assert any("true_false: 0 of 5 statements are true" in line for line in report)


def test_the_right_option_always_first_and_longest_is_reported():
    single = copy.deepcopy(_question("single"))
    assert single["options"][0]["correct"]
    single["options"][0]["text"] = "الخيار الصحيح مع شرح طويل يفضحه"
    report = lopsided_report([_quiz_with(single, 6)])
    assert any("single: the right option is number 1 in 6 of 6" in line for line in report)
    assert any("longest option is the right one" in line for line in report)


def test_balanced_keys_are_not_reported():
    single = _question("single")
    items = []
    for i in range(6):
        q = copy.deepcopy(single)
        q["options"] = q["options"][i % 3 :] + q["options"][: i % 3]
        items.append(q)
    data = copy.deepcopy(SAMPLE)
    data["questions"] = [{**q, "key": f"q{i}"} for i, q in enumerate(items)]
    tf = _question("true_false")
    data["questions"] += [{**tf, "key": f"tf{i}", "answer": i % 2 == 0} for i in range(4)]
    report = lopsided_report([read_quiz(data)])
    assert not [line for line in report if "true_false" in line or "number 1" in line]


def test_an_order_question_needs_three_steps():
    data = copy.deepcopy(SAMPLE)
    order = copy.deepcopy(_question("order"))
    order["steps"] = order["steps"][:2]
    data["questions"] = [order]
    assert ("questions[0].steps", "must list at least three steps (two give the order away)") in quiz_errors(
        data, technique_slugs=set(TECHNIQUES)
    )


def test_compare_and_true_false_positions_change_between_attempts_even_without_option_shuffling():
    quiz = Quiz(slug="fixed", shuffle_options=False)
    for qtype, keys in (("compare", ["1", "2"]), ("true_false", ["true", "false"])):
        question = Question(pk=7, type=qtype)
        options = [type("O", (), {"key": k, "order": i})() for i, k in enumerate(keys)]
        firsts = {
            option_keys_in_display_order(Attempt(quiz=quiz, seed=s), question, options)[0] for s in range(40)
        }
        assert firsts == set(keys), f"{qtype}: one side is always shown first"


def test_compare_feedback_may_not_name_a_source_by_its_place():
    data = copy.deepcopy(SAMPLE)
    compare = copy.deepcopy(_question("compare"))
    compare["feedback_2"] = "المنشور الثاني أوثق لأنه يذكر مصدره."
    data["questions"] = [compare]
    problems = quiz_errors(data, technique_slugs=set(TECHNIQUES))
    assert any(
        field == "questions[0].feedback_2" and "by its place" in message for field, message in problems
    )
    compare["feedback_2"] = "منشور نور أوثق لأنه يذكر مصدره."
    assert quiz_errors(data, technique_slugs=set(TECHNIQUES)) == []
