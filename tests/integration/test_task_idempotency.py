"""A task delivered twice has its effect once, for every Celery task of the project.

Workers acknowledge late (a task whose worker died is handed to another worker) and beat re-queues
pending outbox rows, so any task may run twice. Each task is run twice here, as a second delivery
would run it (eagerly, with the same arguments), and its effect is counted. The first test lists
the project's tasks from the Celery app, so a new task cannot be added without a check here (or a
pointer to the test that checks it elsewhere).
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from literacy.celery import app as celery_app
from tests.conftest import ROOT
from tests.factories import (
    ClassroomFactory,
    CurriculumFactory,
    LessonFactory,
    MembershipFactory,
    TeacherFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Tasks whose double delivery is tested next to their own code: test file -> test name.
ELSEWHERE = {
    "literacy.campaigns.tasks.campaign_counts_fold_task": (
        "tests/campaigns/test_counting.py",
        "test_a_fold_that_dies_after_its_commit_is_not_applied_again",
    ),
}
CHECKED_HERE = {
    "literacy.core.tasks.mail_deliver_task",
    "literacy.core.tasks.mail_cleanup_task",
    "literacy.progress.tasks.certificate_pdf_task",
    "literacy.progress.tasks.certificate_pdfs_pending_task",
    "literacy.progress.tasks.booster_reminders_task",
    "literacy.classrooms.tasks.class_export_task",
    "literacy.classrooms.tasks.class_exports_pending_task",
    "literacy.accounts.tasks.sessions_clear_task",
}


def twice(task, *args):
    """Deliver the task twice, as a redelivery would: the same arguments, one after the other."""
    return [task.apply(args=args).get() for _ in range(2)]


def test_every_task_of_the_project_has_its_double_delivery_checked():
    celery_app.loader.import_default_modules()
    ours = {name for name in celery_app.tasks if name.startswith(("literacy.", "quizzes."))}
    assert ours, "the project's tasks are registered"
    missing = ours - CHECKED_HERE - set(ELSEWHERE)
    assert not missing, f"tasks without a double-delivery check: {sorted(missing)}"
    for name, (path, test) in ELSEWHERE.items():
        if name in ours:
            assert f"def {test}(" in (ROOT / path).read_text(encoding="utf-8"), (name, path, test)


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_email_delivered_twice_is_sent_once():
    from post_office.models import STATUS, Email

    from literacy.core.services import email_send
    from literacy.core.tasks import mail_deliver_task

    email_send(subject="s", body="نص", to=["a@example.com"], from_email="w@example.com")
    assert twice(mail_deliver_task) == [1, 0]
    assert len(mail.outbox) == 1
    assert Email.objects.get().status == STATUS.sent


def test_the_mail_cleanup_run_twice_deletes_old_mails_once_and_keeps_recent_ones():
    from post_office.models import Email

    from literacy.core.services import email_send
    from literacy.core.tasks import mail_cleanup_task

    for n in range(2):
        email_send(subject=f"s{n}", body="b", to=["a@example.com"], from_email="w@example.com")
    Email.objects.filter(subject="s0").update(created=timezone.now() - timedelta(days=120))
    assert twice(mail_cleanup_task) == [1, 0]
    assert list(Email.objects.values_list("subject", flat=True)) == ["s1"]


@pytest.fixture
def certificate(db):
    from literacy.progress.models import Certificate
    from literacy.progress.services import lesson_progress_complete

    learner = UserFactory(display_name="زينب")
    curriculum = CurriculumFactory(slug="twice")
    lesson = LessonFactory(unit=UnitFactory(curriculum=curriculum), slug="twice-l1")
    lesson_progress_complete(lesson=lesson, user=learner)
    return Certificate.objects.create(user=learner, curriculum=curriculum, learner_name="زينب")


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_certificate_pdf_delivered_twice_is_made_once(certificate, settings):
    from literacy.progress.tasks import certificate_pdf_task

    certificate_pdf_task.apply(args=[certificate.pk])
    certificate.refresh_from_db()
    first = (certificate.pdf.name, Path(certificate.pdf.path).read_bytes())
    certificate_pdf_task.apply(args=[certificate.pk])
    certificate.refresh_from_db()
    assert (certificate.pdf.name, Path(certificate.pdf.path).read_bytes()) == first
    assert len(_files(settings)) == 1


def test_the_pending_certificates_run_twice_makes_each_pdf_once(
    certificate, settings, django_capture_on_commit_callbacks
):
    from literacy.progress.models import Certificate
    from literacy.progress.tasks import certificate_pdfs_pending_task

    Certificate.objects.filter(pk=certificate.pk).update(issued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):  # both runs queue it: two deliveries
        assert twice(certificate_pdfs_pending_task) == [1, 1]
    assert len(_files(settings)) == 1
    assert certificate_pdfs_pending_task.apply().get() == 0, "made: nothing pending any more"


def test_the_booster_reminders_run_twice_send_one_email(django_capture_on_commit_callbacks):
    from literacy.progress.models import BoosterReminder
    from literacy.progress.tasks import booster_reminders_task
    from tests.quizzes.conftest import make_quiz

    curriculum = CurriculumFactory(slug="twice-b", booster=make_quiz(slug="twice-booster", kind="booster"))
    user = UserFactory(email="keen@example.com", reminders_opt_in=True)
    BoosterReminder.objects.create(user=user, curriculum=curriculum, number=1, due_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert twice(booster_reminders_task) == [1, 0]
    assert len(mail.outbox) == 1


@pytest.fixture
def export(db):
    from literacy.classrooms.models import ClassExport
    from literacy.classrooms.services import class_export_request

    teacher = TeacherFactory()
    classroom = ClassroomFactory(owner=teacher)
    MembershipFactory(classroom=classroom, user=UserFactory(display_name="علي"))
    made = class_export_request(classroom=classroom, kind=ClassExport.Kind.GRID, requested_by=teacher)
    return made


def test_a_class_export_delivered_twice_is_written_once(export, settings):
    from literacy.classrooms.tasks import class_export_task

    class_export_task.apply(args=[export.pk])
    export.refresh_from_db()
    first = (export.status, export.file.name, export.finished)
    class_export_task.apply(args=[export.pk])
    export.refresh_from_db()
    assert (export.status, export.file.name, export.finished) == first
    assert first[0] == "ready" and len(_files(settings)) == 1


def test_the_pending_exports_run_twice_writes_each_file_once(
    export, settings, django_capture_on_commit_callbacks
):
    from literacy.classrooms.models import ClassExport
    from literacy.classrooms.tasks import class_exports_pending_task

    ClassExport.objects.filter(pk=export.pk).update(created=timezone.now() - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):  # both runs queue it: two deliveries
        assert twice(class_exports_pending_task) == [1, 1]
    assert len(_files(settings)) == 1
    assert class_exports_pending_task.apply().get() == 0, "written: nothing pending any more"


def test_the_session_cleanup_run_twice_ends_expired_sessions_only(client):
    from django.contrib.sessions.backends.base import SessionBase

    from literacy.accounts.sessions import SessionStore
    from literacy.accounts.tasks import sessions_clear_task

    client.force_login(UserFactory())
    old = SessionStore()
    old["x"] = 1
    old.set_expiry(-60)
    old.create()
    model = SessionStore.get_model_class()
    assert model.objects.count() == 2
    twice(sessions_clear_task)
    assert model.objects.count() == 1
    assert isinstance(client.session, SessionBase) and client.session.get("_auth_user_id")
