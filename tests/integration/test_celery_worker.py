"""A real Celery worker, started by the test on its own Redis database, runs the site's tasks."""

import unicodedata

import pytest
from django.db import connection

from tests.conftest import celery_configured, redis_available, redis_url, require
from tests.integration.workers import WORKER_DB, celery_process, url_with_db, wait_for, worker_env


@pytest.fixture
def worker(tmp_path, settings):
    require("Redis", redis_available(), "Set REDIS_URL to a running Redis.")
    import redis

    url = url_with_db(redis_url(), WORKER_DB)
    redis.Redis.from_url(url).flushdb()  # nothing left from an earlier run
    settings.MEDIA_ROOT = tmp_path / "media"
    with (
        celery_process(tmp_path, worker_env(tmp_path, url)),
        celery_configured(broker_url=url, task_always_eager=False),
    ):
        yield tmp_path / "mail"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.celery_worker_process
@pytest.mark.django_db(transaction=True)
def test_worker_delivers_the_arabic_email_from_the_outbox(worker):
    from post_office.models import STATUS, Email

    from literacy.core.services import email_send

    require("PostgreSQL", connection.vendor == "postgresql", "The worker shares the test database.")
    email_send(
        subject="[وعي] إعادة تعيين كلمة المرور",
        body="مرحبًا، هذا رابط إعادة التعيين.",
        from_email="no-reply@example.org",
        to=["learner@example.org"],
        html='<html dir="rtl"><body>مرحبًا</body></html>',
    )
    # "sent" is recorded after the file backend has written and closed the message.
    assert wait_for(lambda: Email.objects.get().status == STATUS.sent, timeout=60)
    files = list(worker.iterdir())
    assert len(files) == 1
    raw = files[0].read_text()
    assert "learner@example.org" in raw and "text/html" in raw


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.celery_worker_process
@pytest.mark.django_db(transaction=True)
def test_worker_renders_the_certificate_pdf_in_arabic(worker, community):
    from pypdf import PdfReader

    from literacy.progress.models import Certificate
    from literacy.progress.tasks import certificate_pdf_task
    from tests.factories import UserFactory

    require("PostgreSQL", connection.vendor == "postgresql", "The worker shares the test database.")
    user = UserFactory(display_name="علي حسين")
    certificate = Certificate.objects.create(user=user, curriculum=community, learner_name="علي حسين")
    certificate_pdf_task.delay(certificate.pk)
    assert wait_for(lambda: Certificate.objects.get(pk=certificate.pk).pdf, timeout=120)
    certificate.refresh_from_db()
    assert certificate.pdf.name.startswith("certificates/wai-") and certificate.pdf.name.endswith(".pdf")
    text = unicodedata.normalize("NFKC", PdfReader(certificate.pdf.path).pages[0].extract_text())
    assert "علي حسين" in text and "شهادة إتمام" in text
