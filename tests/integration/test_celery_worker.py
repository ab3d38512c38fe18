"""A real Celery worker, started by the test on its own Redis database, runs the e-mail task."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from literacy.core.tasks import send_email_task
from tests.conftest import ROOT, celery_configured, redis_available, redis_url, require

WORKER_DB = int(os.environ.get("WAI_TEST_WORKER_REDIS_DB", "14"))


def _url_with_db(url: str, db: int) -> str:
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{db}"


def _database_url_for_worker(tmp_path) -> str:
    """The worker must see the rows the test committed: on PostgreSQL, point it at the test
    database; otherwise give it a scratch SQLite file (enough for tasks that touch no rows)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def worker(tmp_path, settings):
    require("Redis", redis_available(), "Set REDIS_URL to a running Redis.")
    import redis

    url = _url_with_db(redis_url(), WORKER_DB)
    redis.Redis.from_url(url).flushdb()  # nothing left from an earlier run
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "REDIS_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DATABASE_URL": _database_url_for_worker(tmp_path),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "literacy",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        with celery_configured(broker_url=url, result_backend=url, task_always_eager=False):
            yield mail_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if process.returncode not in (0, -15):
            print(Path(tmp_path / "worker.log").read_text())


@pytest.mark.redis
@pytest.mark.celery_worker_process
def test_worker_sends_the_arabic_email(worker):
    result = send_email_task.apply_async(
        kwargs={
            "subject": "[وعي] إعادة تعيين كلمة المرور",
            "body": "مرحبًا، هذا رابط إعادة التعيين.",
            "from_email": "no-reply@example.org",
            "to": ["learner@example.org"],
            "html": '<html dir="rtl"><body>مرحبًا</body></html>',
        }
    )
    assert result.get(timeout=90) == 1
    files = list(worker.iterdir())
    assert len(files) == 1
    raw = files[0].read_text()
    assert "learner@example.org" in raw
    assert "text/html" in raw


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.celery_worker_process
@pytest.mark.django_db(transaction=True)
def test_worker_renders_the_certificate_pdf_in_arabic(worker, community):
    import time
    import unicodedata

    from django.db import connection
    from pypdf import PdfReader

    from literacy.progress.models import Certificate
    from literacy.progress.tasks import certificate_pdf_task
    from tests.factories import UserFactory

    require(
        "PostgreSQL", connection.vendor == "postgresql", "The worker shares the test database on PostgreSQL."
    )
    user = UserFactory(display_name="علي حسين")
    certificate = Certificate.objects.create(user=user, curriculum=community, learner_name="علي حسين")
    name = certificate_pdf_task.apply_async(args=[certificate.pk]).get(timeout=120)
    assert name.startswith("certificates/wai-") and name.endswith(".pdf")
    deadline = time.monotonic() + 10
    while not Certificate.objects.get(pk=certificate.pk).pdf and time.monotonic() < deadline:
        time.sleep(0.2)
    certificate.refresh_from_db()
    text = unicodedata.normalize("NFKC", PdfReader(certificate.pdf.path).pages[0].extract_text())
    assert "علي حسين" in text and "شهادة إتمام" in text
