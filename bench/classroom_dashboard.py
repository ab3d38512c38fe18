"""Server time and query count of a class dashboard, small class versus 40 pupils x 40 assignments.

Run: DJANGO_DEBUG=true .venv/bin/python bench/classroom_dashboard.py
Seeds an in-memory SQLite database (a curriculum of 40 lessons; every pupil has finished a part of
them), renders the class dashboard and its CSV export with Django's test client and prints the
median time of 20 renders and the query count for 5 x 1 and for 40 x 40.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def seed(pupils: int, assignments: int):
    from django.conf import settings
    from django.utils import timezone

    from literacy.classrooms.models import Assignment, Membership
    from literacy.progress.models import LessonProgress
    from tests.factories import ClassroomFactory, LessonFactory, PupilFactory, UnitFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    unit = UnitFactory()
    lessons = [LessonFactory(unit=unit) for _ in range(assignments)]
    classroom = ClassroomFactory(curriculum=unit.curriculum)
    for n, lesson in enumerate(lessons):
        Assignment.objects.create(
            classroom=classroom, kind="lesson", lesson=lesson, due_on=None if n % 2 else timezone.localdate()
        )
    now = timezone.now()
    for i in range(pupils):
        pupil = PupilFactory()
        Membership.objects.create(classroom=classroom, user=pupil)
        LessonProgress.objects.bulk_create(
            LessonProgress(user=pupil, lesson=lesson, completed_at=now if (i + j) % 3 else None)
            for j, lesson in enumerate(lessons[: assignments * (i % 4 + 1) // 4])
        )
    return classroom


def measure(client, url, repeat=20):
    reset_queries()  # each request resets the log: start it from zero
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return len(queries), statistics.median(times)


def main() -> None:
    from django.core.management import call_command

    setup_test_environment()
    call_command("migrate", verbosity=0)
    for pupils, assignments in [(5, 1), (40, 40)]:
        classroom = seed(pupils, assignments)
        client = Client()
        client.force_login(classroom.owner)
        for name, url in [
            ("dashboard", f"/classes/{classroom.pk}/"),
            ("csv", f"/classes/{classroom.pk}/export.csv"),
        ]:
            queries, seconds = measure(client, url)
            label = f"{pupils:>3} pupils x {assignments:>2} assignments  {name:<9}"
            print(f"{label} {queries:>3} queries  {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
