"""Pools, fair attempts and exact pass marks: the rules that make a score mean what it says."""

import copy

import pytest

from quizzes.grading import normalise_response
from quizzes.models import Answer, Attempt, Question
from quizzes.services import answer_save, attempt_claim, attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.quizzes.conftest import SAMPLE, make_quiz

pytestmark = pytest.mark.django_db


def pool_quiz(size=8, draw=3, **overrides):
    single = next(q for q in SAMPLE["questions"] if q["type"] == "single")
    questions = []
    for i in range(size):
        q = copy.deepcopy(single)
        q["key"] = f"q{i + 1}"
        q["prompt"] = f"سؤال رقم {i + 1}"
        questions.append(q)
    return make_quiz(slug=overrides.pop("slug", "pool"), questions=questions, draw=draw, **overrides)


def right_answers(attempt):
    for question in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("options"):
        key = next(o.key for o in question.options.all() if o.is_correct)
        answer_save(attempt=attempt, question=question, response={"choice": key})
    return attempt_submit(attempt=attempt)


def test_each_new_attempt_draws_questions_not_seen_before_until_the_pool_runs_out():
    quiz = pool_quiz(size=9, draw=3)
    user = UserFactory()
    seen = []
    for _ in range(3):
        attempt = attempt_start(quiz=quiz, user=user)
        assert len(attempt.question_ids) == 3
        assert not set(attempt.question_ids) & set(seen), "a round repeats a question already shown"
        assert attempt.counts_for_credit
        seen += attempt.question_ids
        attempt_submit(attempt=attempt)
    assert len(set(seen)) == 9
    fourth = attempt_start(quiz=quiz, user=user)
    assert set(fourth.question_ids) <= set(seen) and not fourth.counts_for_credit


def test_the_draw_is_fixed_for_an_attempt_and_resumes_unchanged():
    quiz = pool_quiz(size=8, draw=4)
    user = UserFactory()
    first = attempt_start(quiz=quiz, user=user)
    again = attempt_start(quiz=quiz, user=user)
    assert again.pk == first.pk and again.question_ids == first.question_ids


def test_replaying_the_feedback_of_a_first_try_earns_no_credit():
    """Pool of 4, draw 3: the second try can only bring one new question, so its pass does not
    count for the certificate (the rule in docs/content-authoring.md)."""
    from literacy.progress.selectors import _quiz_scores

    quiz = pool_quiz(size=4, draw=3, kind="knowledge_check")
    user = UserFactory()
    first = attempt_start(quiz=quiz, user=user)
    attempt_submit(attempt=first)  # failed, but saw the feedback of three questions
    second = right_answers(attempt_start(quiz=quiz, user=user))
    assert second.passed and not second.counts_for_credit
    assert not _quiz_scores(user, [quiz.pk])[quiz.pk].passed


def test_a_quiz_without_a_larger_pool_credits_any_pass():
    quiz = make_quiz(slug="no-pool", kind="knowledge_check")
    attempt = attempt_start(quiz=quiz, user=UserFactory())
    assert attempt.counts_for_credit and len(attempt.question_ids) == quiz.questions.count()


def test_the_pass_mark_compares_exact_fractions_not_rounded_percentages():
    quiz = make_quiz(slug="exact", pass_percent=70)
    attempt = Attempt(quiz=quiz, score=6.96, max_score=10.0)
    assert attempt.percent == 70, "shown rounded"
    assert not attempt.passed, "69.6 % does not pass at 70 %"
    assert Attempt(quiz=quiz, score=7.0, max_score=10.0).passed


def test_duplicate_and_unknown_picks_are_dropped_before_saving(quiz):
    attempt = attempt_start(quiz=quiz, user=UserFactory())
    question = quiz.questions.get(key="multiple")
    answer_save(attempt=attempt, question=question, response={"choices": ["o2", "o2", "zz", "o1"]})
    assert Answer.objects.get(question=question).response == {"choices": ["o1", "o2"]}


@pytest.mark.parametrize(
    ("qtype", "response", "expected"),
    [
        ("single", {"choice": "nope"}, {}),
        ("red_flags", {"flags": ["p2", "p2"]}, {"flags": ["p2"]}),
        ("rating", {"rating": True}, {}),
        ("rating", {"rating": 9}, {}),
        ("order", {"order": ["s2", "s1", "s1"]}, {}),
        ("order", {"order": ["s2", "s1", "s3"]}, {"order": ["s2", "s1", "s3"]}),
    ],
)
def test_normalise_response(qtype, response, expected):
    keys = {"single": ["o1", "o2"], "red_flags": ["p1", "p2"], "rating": [], "order": ["s1", "s2", "s3"]}
    assert normalise_response(qtype, option_keys=keys[qtype], response=response) == expected


def test_an_assessment_used_up_cannot_be_retaken_as_a_guest_and_claimed():
    """Log out, start the one-attempt assessment again as a guest, log in, submit: still one."""
    quiz = make_quiz(slug="assessment-once", attempts_allowed=1)
    user = UserFactory()
    attempt_submit(attempt=attempt_start(quiz=quiz, user=user))
    guest = attempt_start(quiz=quiz, guest_token="shared-computer")
    assert attempt_claim(guest_token="shared-computer", user=user) == 0
    assert not Attempt.objects.filter(pk=guest.pk).exists(), "the extra unfinished try is void"
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 1


def test_a_claimed_attempt_in_progress_counts_against_the_limit():
    quiz = make_quiz(slug="twice", attempts_allowed=2)
    user = UserFactory()
    attempt_submit(attempt=attempt_start(quiz=quiz, user=user))
    attempt_submit(attempt=attempt_start(quiz=quiz, guest_token="a"))
    attempt_start(quiz=quiz, guest_token="a")
    assert attempt_claim(guest_token="a", user=user) == 1
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 2
