"""SQL budgets of the busiest pages (issue 15), on the bench's seeded data at two sizes.

Each page is requested on a small seed and again on a seed ten times larger; its query count must
stay within budget and be the same at both sizes. "Queries" are the statements a request sends,
except the transaction's own BEGIN and COMMIT, which Django logs as well (a write needs one
transaction: those are checked apart, at most one transaction and no savepoint in it).
"""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import seed as bench_seed
from tests.conftest import load_real_content

BUDGETS = {
    "lesson (learner, seen before)": 6,
    "lesson (learner, first visit)": 7,
    "lesson (guest)": 6,
    "quiz question page": 8,
    "answer submission": 8,
    "my learning": 12,
    "class dashboard": 12,
}
# A transaction's own statements: BEGIN and COMMIT, or SAVEPOINT and RELEASE inside the test's
# transaction (pytest-django runs each test in one, so a request's transaction becomes a savepoint).
CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _warm(path: str) -> None:
    """Content comes from the content cache once a page has been seen (curricula.caching): warm it
    as any earlier visitor would have, so the count is the steady state."""
    from django.test import Client

    Client().get(path)


def _count(client, method, path, data=None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, data) if method == "POST" else client.get(path)
    statements = [q["sql"] for q in captured.captured_queries]
    control = [s for s in statements if s.split()[0].upper() in CONTROL]
    # At most one transaction, and no savepoint inside it.
    assert len(control) <= 2, "\n".join([path, *(s[:150] for s in statements)])
    if os.environ.get("WAI_SHOW_QUERIES"):
        print(path, *(s[:160] for s in statements), sep="\n  ")
    return response.status_code, len(statements) - len(control)


def _answer_form(attempt, number: int) -> dict:
    """A valid answer (positions, as the page names the options)."""
    from quizzes.models import Question

    question = Question.objects.prefetch_related("options").get(pk=attempt.question_ids[number - 1])
    count = len(question.options.all())
    return {
        "single": {"choice": "1"},
        "technique": {"choice": "1"},
        "true_false": {"choice": "1"},
        "compare": {"choice": "1"},
        "multiple": {"choices": ["1"]},
        "red_flags": {"flags": ["1"]},
        "rating": {"rating": "5"},
        "order": {f"step_{n}": str(count + 1 - n) for n in range(1, count + 1)},
    }[question.type]


def _measure(client_factory) -> dict[str, int]:
    from django.db.models import Count

    from literacy.accounts.models import User
    from literacy.classrooms.models import Classroom, Membership
    from literacy.curricula.models import Lesson
    from literacy.progress.models import LessonProgress
    from quizzes.models import Attempt, Quiz
    from quizzes.services import attempt_start

    counts = {}
    # The most active pupil: the one with the most graded answers (every part of "my learning").
    pupil_ids = Membership.objects.filter(role=Membership.Role.PUPIL).values("user_id")
    user_id = (
        Attempt.objects.filter(user__in=pupil_ids, status=Attempt.Status.SUBMITTED)
        .values("user_id")
        .annotate(n=Count("answers"))
        .order_by("-n", "user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    pupil = User.objects.get(pk=user_id)
    learner = client_factory(pupil)
    seen = LessonProgress.objects.filter(user=pupil).select_related("lesson__unit__curriculum").first()
    _warm(seen.lesson.get_absolute_url())
    status, counts["lesson (learner, seen before)"] = _count(learner, "GET", seen.lesson.get_absolute_url())
    assert status == 200
    status, counts["lesson (guest)"] = _count(client_factory(None), "GET", seen.lesson.get_absolute_url())
    assert status == 200
    new = (
        Lesson.objects.filter(is_published=True)
        .exclude(pk__in=LessonProgress.objects.filter(user=pupil).values("lesson_id"))
        .select_related("unit__curriculum")
        .first()
    )
    _warm(new.get_absolute_url())
    status, counts["lesson (learner, first visit)"] = _count(learner, "GET", new.get_absolute_url())
    assert status == 200

    quiz = Quiz.objects.filter(kind=Quiz.Kind.KNOWLEDGE_CHECK, feedback=Quiz.Feedback.IMMEDIATE).first()
    Attempt.objects.filter(user=pupil, quiz=quiz, status=Attempt.Status.IN_PROGRESS).delete()
    attempt = attempt_start(quiz=quiz, user=pupil)
    question = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": 1})
    status, counts["quiz question page"] = _count(learner, "GET", question)
    assert status == 200
    status, counts["answer submission"] = _count(learner, "POST", question, _answer_form(attempt, 1))
    assert status == 302
    learner.get(reverse("progress:dashboard"))
    status, counts["my learning"] = _count(learner, "GET", reverse("progress:dashboard"))
    assert status == 200

    room = (
        Classroom.objects.annotate(n=Count("assignments"))
        .order_by("-n", "pk")
        .select_related("owner")
        .first()
    )
    teacher = client_factory(room.owner)
    teacher.get(room.get_absolute_url())
    status, counts["class dashboard"] = _count(teacher, "GET", room.get_absolute_url())
    assert status == 200
    return counts


@pytest.mark.django_db
def test_query_budgets_hold_and_do_not_grow_with_the_data(client_factory):
    load_real_content()
    bench_seed.seed(seed=3, classes=2, pupils=8, answers=600, campaigns=0, log=lambda *_: None)
    small = _measure(client_factory)
    bench_seed.unseed()
    bench_seed.seed(seed=3, classes=4, pupils=40, answers=6000, campaigns=0, log=lambda *_: None)
    large = _measure(client_factory)

    report = "\n".join(
        f"  {page}: {small[page]} / {large[page]} (budget {BUDGETS[page]})" for page in BUDGETS
    )
    assert all(large[page] <= budget for page, budget in BUDGETS.items()), "over budget:\n" + report
    assert small == large, "query counts depend on the data size (small / large):\n" + report


@pytest.fixture
def client_factory():
    from django.test import Client

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
