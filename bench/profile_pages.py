"""Per-request cost of the load run's pages, in this process: SQL statements, Python function calls
(cProfile: deterministic, unlike time on a shared machine) and CPU milliseconds (median of --repeat).

Run against a database seeded by bench/load.py (or manage.py bench_seed), with the bench's
production-like settings:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wai_bench .venv/bin/python bench/profile_pages.py
    ... bench/profile_pages.py --root /tmp/older-checkout   (the same pages, another version's code)
    ... bench/profile_pages.py --page lesson_learner --top 30  (where one page's time goes)
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--root", type=Path, default=HERE, help="the checkout whose code is measured (with this bench/ in it)"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--page", default="", help="print the profile of this page")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wai_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    os.chdir(args.root)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="profile-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        DJANGO_HTTPS="true",
        DJANGO_BEHIND_PROXY="true",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        WAI_PLAIN_STATIC="true",
        DJANGO_LOG_LEVEL="WARNING",
    )
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pages = _pages(reverse)
    print(f"{'page':<22}{'status':>7}{'SQL':>5}{'calls/request':>15}{'CPU ms (median)':>17}")
    for name, (client, method, path, data_for) in pages.items():
        for _ in range(3):
            _request(client, method, path, data_for)
        with CaptureQueriesContext(connection) as queries:
            status = _request(client, method, path, data_for).status_code
        n_queries = len(queries)  # now: the next request clears the connection's query log
        cpu = []
        for _ in range(args.repeat):
            started = time.process_time()
            _request(client, method, path, data_for)
            cpu.append((time.process_time() - started) * 1000)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            _request(client, method, path, data_for)
        profile.disable()
        calls = pstats.Stats(profile).total_calls // 10
        print(f"{name:<22}{status:>7}{n_queries:>5}{calls:>15}{statistics.median(cpu):>17.2f}")
        if args.page == name:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


def _request(client, method, path, data_for):
    if method == "POST":
        return client.post(path, data_for())
    return client.get(path)


def _pages(reverse) -> dict:
    """name -> (client, method, path, form factory), for seeded accounts of the bench."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from literacy.classrooms.models import Classroom, Membership
    from literacy.progress.models import LessonProgress
    from quizzes.models import Attempt, Question, Quiz
    from quizzes.services import attempt_start

    def client(user=None):
        c = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="10.1.2.3")
        if user is not None:
            c.force_login(user)
        return c

    pupils = (
        Membership.objects.filter(role=Membership.Role.PUPIL, user__username__startswith="c")
        .order_by("-user_id")
        .values_list("user_id", flat=True)
    )
    users = get_user_model().objects.in_bulk(list(pupils[:3]))
    reader, asker, answerer = (users[pk] for pk in list(pupils[:3]))
    seen = LessonProgress.objects.filter(user=reader).select_related("lesson__unit__curriculum").first()
    quiz = Quiz.objects.filter(kind="knowledge_check", feedback="immediate").order_by("slug").first()
    for user in (asker, answerer):
        Attempt.objects.filter(user=user, status="in_progress").delete()
    asking = attempt_start(quiz=quiz, user=asker)
    types = dict(Question.objects.values_list("pk", "type"))
    asked = next((n for n, pk in enumerate(asking.question_ids, 1) if types[pk] == "single"), 1)
    answering = [attempt_start(quiz=q, user=answerer) for q in Quiz.objects.filter(kind="knowledge_check")]
    simple = set(
        Question.objects.filter(type__in=["single", "true_false", "rating"]).values_list("pk", flat=True)
    )
    slots = [(a, n) for a in answering for n, pk in enumerate(a.question_ids, 1) if pk in simple]

    def answer():
        attempt, number = slots.pop()
        answer.path = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
        return {"choice": "1"}

    room = (  # the largest class: 40 pupils x 40 assignments in the bench's seed
        Classroom.objects.annotate(n=Count("assignments"))
        .order_by("-n", "pk")
        .select_related("owner")
        .first()
    )
    learner = client(reader)
    pages = {
        "bare": (client(), "GET", "/bench/bare/", None),
        "home": (client(), "GET", "/", None),
        "lesson_learner": (learner, "GET", seen.lesson.get_absolute_url(), None),
        "lesson_guest": (client(), "GET", seen.lesson.get_absolute_url(), None),
        "quiz_question": (
            client(asker), "GET",
            reverse("quizzes:question", kwargs={"public_id": asking.public_id, "number": asked}), None,
        ),
        "my_learning": (learner, "GET", reverse("progress:dashboard"), None),
        "login_page": (client(), "GET", reverse("account_login"), None),
        "class_dashboard": (client(room.owner), "GET", room.get_absolute_url(), None),
    }  # fmt: skip
    pages["answer_submit"] = (_Poster(client(answerer), answer), "POST", "", answer)
    return pages


class _Poster:
    """A client whose POST goes to the path chosen by the form factory (a fresh question each time)."""

    def __init__(self, client, factory):
        self.client, self.factory = client, factory

    def post(self, _path, data):
        return self.client.post(self.factory.path, data)


if __name__ == "__main__":
    main()
