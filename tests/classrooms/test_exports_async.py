"""Exports of large classes: above WAI_EXPORT_INLINE_MAX_PUPILS the CSV is a ClassExport row made
by a Celery task (eager here) and downloaded from the class's exports page, with the same bytes as
the immediate download; requests while pending reuse the row, the task writes once, beat re-queues
what a lost publish left pending, and only the class's teachers see and download the files."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from literacy.classrooms import services
from literacy.classrooms.models import Assignment, ClassExport, Classroom, Membership
from literacy.classrooms.tasks import class_export_task, class_exports_pending_task
from literacy.progress.services import lesson_progress_complete
from tests.classrooms.conftest import answer_quiz, option_key
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db
BAGHDAD = ZoneInfo("Asia/Baghdad")
NOW = datetime(2026, 3, 10, 10, tzinfo=BAGHDAD)


@pytest.fixture
def large(cast, course, settings, tmp_path):
    """The cast's class with three pupils, above a limit of two; files under a temporary MEDIA_ROOT."""
    settings.WAI_EXPORT_INLINE_MAX_PUPILS = 2
    settings.MEDIA_ROOT = tmp_path
    classroom = cast.classroom
    huda, sajad = PupilFactory(display_name="هدى"), PupilFactory(display_name="=سجاد")
    for pupil in (huda, sajad):
        Membership.objects.create(classroom=classroom, user=pupil)
    check = course.test_check
    Assignment.objects.create(
        classroom=classroom, kind="lesson", lesson=course.test_lessons[0], due_on=date(2026, 3, 5)
    )
    Assignment.objects.create(classroom=classroom, kind="quiz", quiz=check, due_on=date(2026, 3, 15))
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        lesson_progress_complete(lesson=course.test_lessons[0], user=cast.pupil)
        answer_quiz(check, cast.pupil, {"single": lambda q: {"choice": option_key(q, correct=True)}})
        answer_quiz(check, huda, {"single": lambda q: {"choice": option_key(q, correct=False)}})
    return classroom


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _urls(classroom, quiz):
    return {
        "grid": reverse("classrooms:grid_csv", kwargs={"pk": classroom.pk}),
        "questions": reverse("classrooms:quiz_analysis_csv", kwargs={"pk": classroom.pk, "quiz_id": quiz.pk}),
        "list": reverse("classrooms:exports", kwargs={"pk": classroom.pk}),
    }


def _download(client, export):
    response = client.get(export.get_absolute_url())
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _immediate(client, url, settings):
    limit = settings.WAI_EXPORT_INLINE_MAX_PUPILS
    settings.WAI_EXPORT_INLINE_MAX_PUPILS = 1000
    try:
        response = client.get(url)
    finally:
        settings.WAI_EXPORT_INLINE_MAX_PUPILS = limit
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return response.content


@pytest.mark.parametrize("kind", ["grid", "questions"])
def test_a_large_class_gets_its_csv_from_the_task_with_the_bytes_of_the_immediate_download(
    client, cast, course, large, frozen, settings, django_capture_on_commit_callbacks, kind
):
    client.force_login(cast.owner)
    urls = _urls(large, course.test_check)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(urls[kind])
        assert response.status_code == 302 and response["Location"] == urls["list"]
        export = ClassExport.objects.get(classroom=large)
        assert export.status == ClassExport.Status.PENDING and not export.file
    assert len(callbacks) == 1
    export.refresh_from_db()
    assert export.kind == kind and export.requested_by == cast.owner
    assert export.quiz == (course.test_check if kind == "questions" else None)
    assert export.status == ClassExport.Status.READY and export.finished == NOW
    assert export.file.name.startswith("class-exports/")

    response, content = _download(client, export)
    assert content == _immediate(client, urls[kind], settings)
    assert content.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    slug = "grid" if kind == "grid" else f"quiz-{course.test_check.slug}"
    assert response["Content-Disposition"] == f'attachment; filename="wai-class-{large.pk}-{slug}.csv"'
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    if kind == "grid":
        assert "'=سجاد" in content.decode("utf-8-sig")  # formula-safe, as the immediate CSV

    page = client.get(urls["list"]).content.decode()
    assert export.get_absolute_url() in page
    assert 'http-equiv="refresh"' not in page  # nothing pending: no reloading


def test_a_large_class_list_page_shows_pending_exports_with_a_refresh_link(
    client, cast, large, django_capture_on_commit_callbacks
):
    client.force_login(cast.owner)
    urls = _urls(large, cast.classroom.curriculum.pre_assessment)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(urls["grid"])
    export = ClassExport.objects.get()
    page = client.get(urls["list"]).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert f'href="{urls["list"]}"' in page  # a plain refresh link, no JavaScript needed
    assert export.get_absolute_url() not in page
    assert client.get(export.get_absolute_url()).status_code == 404  # not ready yet


def test_following_a_link_on_a_large_class_starts_no_work(client, cast, large):
    client.force_login(cast.owner)
    urls = _urls(large, cast.classroom.curriculum.pre_assessment)
    response = client.get(urls["grid"])
    assert response.status_code == 302 and response["Location"] == urls["list"]
    assert not ClassExport.objects.exists()
    page = client.get(reverse("classrooms:detail", kwargs={"pk": large.pk})).content.decode()
    assert f'method="post" action="{urls["grid"]}"' in page


def test_a_small_class_still_downloads_at_once(client, cast, course, large, settings):
    settings.WAI_EXPORT_INLINE_MAX_PUPILS = 3
    client.force_login(cast.owner)
    response = client.post(_urls(large, course.test_check)["grid"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not ClassExport.objects.exists()


def test_a_second_request_while_pending_reuses_the_export(
    client, cast, course, large, django_capture_on_commit_callbacks
):
    urls = _urls(large, course.test_check)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.force_login(cast.owner)
        client.post(urls["grid"])
        client.force_login(cast.co_teacher)
        client.post(urls["grid"])
        client.post(urls["questions"])  # another table: its own export
    assert len(callbacks) == 2
    assert ClassExport.objects.filter(kind="grid").count() == 1
    assert ClassExport.objects.filter(kind="questions").count() == 1
    grid = ClassExport.objects.get(kind="grid")
    assert grid.requested_by == cast.owner
    # Once ready, a new request makes a new file (the class's data may have changed).
    with django_capture_on_commit_callbacks(execute=True):
        class_export_task.delay(grid.pk)
        client.post(urls["grid"])
    assert ClassExport.objects.filter(kind="grid", status="ready").count() == 2


def test_running_the_task_twice_writes_the_file_once(
    cast, course, large, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        export = services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)
    class_export_task.delay(export.pk)
    export.refresh_from_db()
    first = (export.file.name, export.finished)
    class_export_task.delay(export.pk)
    class_export_task.delay(export.pk + 1000)  # a deleted export: nothing to do
    export.refresh_from_db()
    assert (export.file.name, export.finished) == first
    assert [p.name for p in (settings.MEDIA_ROOT / "class-exports").iterdir()] == [first[0].split("/")[-1]]


def test_an_export_that_cannot_be_made_is_marked_failed(
    cast, large, monkeypatch, django_capture_on_commit_callbacks
):
    from literacy.classrooms import exports

    def broken(export):
        raise ValueError("broken")

    monkeypatch.setattr(exports, "export_content", broken)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)
    export.refresh_from_db()
    assert export.status == ClassExport.Status.FAILED and export.finished and not export.file


@pytest.mark.parametrize("role", ["anonymous", "pupil", "other_pupil", "other_teacher", "admin"])
def test_only_the_class_teachers_see_and_download_its_exports(
    client, cast, large, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)
    urls = [reverse("classrooms:exports", kwargs={"pk": large.pk}), export.get_absolute_url()]
    client.force_login(cast.co_teacher)
    assert [client.get(url).status_code for url in urls] == [200, 200]
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404
    # Another class's teacher cannot reach it through their own class either.
    if role == "other_teacher":
        url = reverse(
            "classrooms:export_download", kwargs={"pk": cast.other_classroom.pk, "export_id": export.pk}
        )
        assert client.get(url).status_code == 404


def test_beat_requeues_old_pending_exports(cast, course, large, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        old = services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)
        fresh = services.class_export_request(
            classroom=large, kind="questions", quiz=course.test_check, requested_by=cast.owner
        )
        other = Classroom.objects.get(pk=cast.other_classroom.pk)
        stale = services.class_export_request(classroom=other, kind="grid", requested_by=cast.other_teacher)
    now = timezone.now()
    ClassExport.objects.filter(pk=old.pk).update(
        created=now - timedelta(seconds=2 * settings.WAI_OUTBOX_INTERVAL)
    )
    ClassExport.objects.filter(pk=stale.pk).update(created=now - services.EXPORT_GIVE_UP_AFTER)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert class_exports_pending_task.delay() is not None
    assert len(callbacks) == 1
    statuses = dict(ClassExport.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "ready", fresh.pk: "pending", stale.pk: "failed"}


def test_the_exports_page_query_count_is_constant(
    client, cast, course, large, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.force_login(cast.owner)
    url = reverse("classrooms:exports", kwargs={"pk": large.pk})
    with django_capture_on_commit_callbacks(execute=True):
        services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    small = len(queries)
    teachers = [cast.owner, cast.co_teacher, TeacherFactory()]
    quizzes = [course.test_check, course.pre_assessment, course.post_assessment]
    for n in range(12):  # each made (committed) before the next is asked for
        with django_capture_on_commit_callbacks(execute=True):
            services.class_export_request(
                classroom=large, kind="questions", quiz=quizzes[n % 3], requested_by=teachers[n % 3]
            )
            services.class_export_request(classroom=large, kind="grid", requested_by=teachers[n % 3])
    with django_capture_on_commit_callbacks(execute=False):
        services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)  # pending
    assert ClassExport.objects.count() == 26
    with django_assert_max_num_queries(small):
        html = client.get(url).content.decode()
    assert html.count("/download/") == 25


def test_deleting_the_class_deletes_its_export_files(
    cast, large, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.class_export_request(classroom=large, kind="grid", requested_by=cast.owner)
    export.refresh_from_db()
    path = settings.MEDIA_ROOT / export.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.classroom_delete(classroom=large)
    assert not path.exists() and not ClassExport.objects.exists()
