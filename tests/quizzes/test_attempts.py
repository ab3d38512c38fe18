from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.layout import option_keys_in_display_order
from quizzes.models import Answer, Attempt, Question
from quizzes.services import (
    QuizError,
    answer_check,
    answer_save,
    attempt_claim,
    attempt_start,
    attempt_submit,
)
from tests.factories import UserFactory
from tests.quizzes.conftest import make_quiz

pytestmark = pytest.mark.django_db

RIGHT = {
    "single": {"choice": "o1"},
    "multiple": {"choices": ["o1", "o2"]},
    "tf": {"choice": "false"},
    "rating": {"rating": 2},
    "flags": {"flags": ["p1", "p3", "p4"]},
    "technique": {"choice": "o1"},
    "order": {"order": ["s1", "s2", "s3"]},
    "compare": {"choice": "2"},
}


def answer_all(attempt, responses):
    for question in Question.objects.filter(quiz=attempt.quiz):
        if question.key in responses:
            answer_save(attempt=attempt, question=question, response=responses[question.key])


def test_a_perfect_attempt_scores_full_marks(quiz):
    attempt = attempt_start(quiz=quiz, user=UserFactory())
    answer_all(attempt, RIGHT)
    attempt = attempt_submit(attempt=attempt)
    assert attempt.is_submitted
    assert attempt.score == attempt.max_score == 8
    assert attempt.percent == 100


def test_unanswered_questions_count_as_zero(quiz):
    attempt = attempt_start(quiz=quiz, user=UserFactory())
    answer_all(attempt, {"single": RIGHT["single"], "multiple": {"choices": ["o1"]}})
    attempt = attempt_submit(attempt=attempt)
    assert attempt.score == 1.5
    assert attempt.percent == 19


def test_start_resumes_the_attempt_in_progress(quiz):
    user = UserFactory()
    first = attempt_start(quiz=quiz, user=user)
    assert attempt_start(quiz=quiz, user=user) == first
    answer_all(first, {"single": {"choice": "o2"}})
    again = attempt_start(quiz=quiz, user=user)
    assert Answer.objects.get(attempt=again).response == {"choice": "o2"}


def test_the_database_allows_one_attempt_in_progress_per_learner(quiz):
    user = UserFactory()
    attempt = attempt_start(quiz=quiz, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, user=user, seed=1, question_ids=attempt.question_ids)
    guest = attempt_start(quiz=quiz, guest_token="token-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, guest_token="token-1", seed=1, question_ids=guest.question_ids)


def test_shuffling_is_stable_for_an_attempt(quiz):
    user = UserFactory()
    attempt = attempt_start(quiz=quiz, user=user)
    assert sorted(attempt.question_ids) == sorted(quiz.questions.values_list("pk", flat=True))
    order_question = Question.objects.get(quiz=quiz, key="order")
    options = list(order_question.options.all())
    shown = option_keys_in_display_order(attempt, order_question, options)
    assert shown != ["s1", "s2", "s3"], "steps are never shown already in order"
    reloaded = Attempt.objects.get(pk=attempt.pk)
    assert option_keys_in_display_order(reloaded, order_question, reversed(options)) == shown
    orders = {tuple(attempt_start(quiz=quiz, guest_token=f"g{i}").question_ids) for i in range(8)}
    assert len(orders) > 1, "different attempts get different orders"


def test_submission_is_idempotent(quiz):
    attempt = attempt_start(quiz=quiz, user=UserFactory())
    answer_all(attempt, RIGHT)
    first = attempt_submit(attempt=attempt)
    second = attempt_submit(attempt=attempt)
    assert second.submitted_at == first.submitted_at
    assert second.score == first.score
    with pytest.raises(QuizError, match="submitted"):
        answer_save(
            attempt=attempt, question=Question.objects.get(quiz=quiz, key="single"), response={"choice": "o2"}
        )


def test_attempts_allowed_is_enforced(db):
    quiz = make_quiz(slug="once", attempts_allowed=1)
    user = UserFactory()
    attempt_submit(attempt=attempt_start(quiz=quiz, user=user))
    with pytest.raises(QuizError, match="no_attempts_left"):
        attempt_start(quiz=quiz, user=user)


def test_time_limit_is_enforced_on_the_server(db):
    quiz = make_quiz(slug="timed", time_limit_minutes=10)
    user = UserFactory()
    single = Question.objects.get(quiz=quiz, key="single")
    multiple = Question.objects.get(quiz=quiz, key="multiple")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = attempt_start(quiz=quiz, user=user)
    assert attempt.deadline == start + timedelta(minutes=10)
    with time_machine.travel(start + timedelta(minutes=9), tick=False):
        answer_save(attempt=attempt, question=single, response={"choice": "o1"})
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        with pytest.raises(QuizError, match="time_up"):
            answer_save(attempt=attempt, question=multiple, response={"choices": ["o1", "o2"]})
        attempt = attempt_submit(attempt=attempt)
    assert attempt.score == 1, "only the answer saved in time is graded"


def test_immediate_feedback_locks_the_answer(immediate_quiz):
    attempt = attempt_start(quiz=immediate_quiz, user=UserFactory())
    question = Question.objects.get(quiz=immediate_quiz, key="single")
    answer = answer_check(attempt=attempt, question=question, response={"choice": "o2"})
    assert answer.score == 0 and answer.checked_at
    with pytest.raises(QuizError, match="already_checked"):
        answer_save(attempt=attempt, question=question, response={"choice": "o1"})
    assert attempt_submit(attempt=attempt).score == 0


def test_guest_attempts_are_claimed_without_duplicates(quiz):
    user = UserFactory()
    guest = attempt_start(quiz=quiz, guest_token="tok")
    answer_all(guest, {"single": RIGHT["single"], "tf": RIGHT["tf"]})
    mine = attempt_start(quiz=quiz, user=user)
    answer_all(mine, {"single": {"choice": "o2"}})
    assert attempt_claim(guest_token="tok", user=user) == 0
    in_progress = Attempt.objects.get(quiz=quiz, user=user, status="in_progress")
    assert in_progress == mine, "the account's own attempt is never replaced"
    assert in_progress.answers.get().response == {"choice": "o2"}
    assert not Attempt.objects.filter(guest_token="tok").exists()
    other = attempt_start(quiz=make_quiz(slug="other"), guest_token="tok2")
    assert attempt_claim(guest_token="tok2", user=user) == 1
    other.refresh_from_db()
    assert other.user == user and other.guest_token == ""


def test_claiming_cannot_exceed_the_attempts_allowed(db):
    quiz = make_quiz(slug="once-only", attempts_allowed=1)
    user = UserFactory()
    attempt_submit(attempt=attempt_start(quiz=quiz, user=user))
    guest = attempt_submit(attempt=attempt_start(quiz=quiz, guest_token="tok"))
    assert attempt_claim(guest_token="tok", user=user) == 0
    guest.refresh_from_db()
    assert guest.user is None and guest.guest_token == "", "kept anonymously, owned by nobody"
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 1
