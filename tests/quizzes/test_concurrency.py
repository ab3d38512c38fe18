"""Double and concurrent submission on PostgreSQL: two threads submit at once, the attempt is graded
once."""

import os
import threading
from unittest import mock

import pytest
from django.db import connection

from quizzes import services
from quizzes.models import Attempt
from tests.conftest import require
from tests.factories import UserFactory
from tests.quizzes.conftest import make_quiz
from tests.quizzes.test_attempts import RIGHT, answer_all


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_grade_once():
    require("PostgreSQL", os.environ.get("DATABASE_URL", "").startswith("postgres"), "Set DATABASE_URL.")
    assert connection.vendor == "postgresql"
    quiz = make_quiz()
    attempt = services.attempt_start(quiz=quiz, user=UserFactory())
    answer_all(attempt, RIGHT)
    barrier = threading.Barrier(2)
    results, errors = [], []
    real_grade = services._grade_answer

    def slow_grade(question, response):
        return real_grade(question, response)

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(services, "_grade_answer", side_effect=slow_grade) as grading:
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert len(results) == 2
    assert grading.call_count == 8, "each answer graded once, not twice"
    assert results[0].submitted_at == results[1].submitted_at
    assert results[0].score == results[1].score == 8
