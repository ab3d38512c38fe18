"""Nothing lost, nothing hangs: Redis stopped, then back; a worker killed whole mid-task.

Real PostgreSQL, real Redis, real Celery worker and beat processes (tests/integration/workers.py).
"""

import socket
import time

import pytest
from django.db import connection
from django.urls import reverse

from literacy.progress.models import Certificate
from quizzes.models import Attempt
from tests.conftest import celery_configured, redis_available, redis_url, require
from tests.factories import PASSWORD, UserFactory
from tests.integration.workers import (
    WORKER_DB,
    celery_process,
    kill_whole,
    url_with_db,
    wait_for,
    worker_env,
)
from tests.progress.conftest import finish_curriculum

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.celery_worker_process,
    pytest.mark.django_db(transaction=True),
]


def _closed_port() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def services_ready(settings, tmp_path):
    require("Redis", redis_available(), "Set REDIS_URL to a running Redis.")
    require("PostgreSQL", connection.vendor == "postgresql", "The worker shares the test database.")
    import redis

    url = url_with_db(redis_url(), WORKER_DB)
    redis.Redis.from_url(url).flushdb()
    settings.MEDIA_ROOT = tmp_path / "media"
    return url


def _timed(call) -> tuple[float, object]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def _sent_messages(mail_dir) -> list[str]:
    """The file backend appends every message of a connection to one file: split them."""
    messages = []
    for path in sorted(mail_dir.iterdir()):
        messages += [m for m in path.read_text().split("\n" + "-" * 79 + "\n") if "Subject:" in m]
    return messages


def test_with_redis_stopped_every_request_answers_fast_and_the_work_is_delivered_once_it_is_back(
    client, settings, services_ready, community, tmp_path
):
    dead = _closed_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "literacy.core.cache.ResilientRedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    learner = UserFactory(display_name="سارا يوخنا", email="sara@example.org")
    finish_curriculum(community, learner, post=False)
    quiz = community.post_assessment
    with celery_configured(broker_url=dead, task_always_eager=False):
        timings = {}
        timings["home"], response = _timed(lambda: client.get("/"))
        assert response.status_code == 200
        timings["log-in"], response = _timed(
            lambda: client.post(reverse("account_login"), {"login": learner.username, "password": PASSWORD})
        )
        assert response.status_code == 302
        client.post(reverse("quizzes:start", kwargs={"slug": quiz.slug}))
        attempt = Attempt.objects.get(user=learner, quiz=quiz)
        timings["quiz submit"], response = _timed(
            lambda: client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}))
        )
        assert response.status_code == 302
        timings["certificate claim"], response = _timed(
            lambda: client.post(reverse("progress:certificate_claim", kwargs={"curriculum_id": community.pk}))
        )
        assert response.status_code == 302
        client.post(reverse("account_logout"))
        timings["password reset"], response = _timed(
            lambda: client.post(reverse("account_reset_password"), {"email": learner.email})
        )
        assert response.status_code == 302
    slow = {name: round(seconds, 2) for name, seconds in timings.items() if seconds >= 2}
    assert not slow, f"requests that waited on the dead Redis: {slow}"
    certificate = Certificate.objects.get(user=learner)
    assert not certificate.pdf, "nothing could be delivered while Redis was down"

    # Redis is back: a worker with beat delivers the pending e-mail and PDF, each exactly once.
    env = worker_env(tmp_path, services_ready, WAI_OUTBOX_INTERVAL="1")
    with celery_process(tmp_path, env, beat=True):
        assert wait_for(lambda: _sent_messages(tmp_path / "mail"), timeout=60), "the reset e-mail never came"
        assert wait_for(lambda: Certificate.objects.get(pk=certificate.pk).pdf, timeout=90), "no PDF"
        time.sleep(4)  # several more beat rounds: nothing may be delivered twice
    messages = _sent_messages(tmp_path / "mail")
    assert len(messages) == 1 and "sara@example.org" in messages[0]
    assert len(list((tmp_path / "media" / "certificates").iterdir())) == 1


def test_a_worker_killed_whole_mid_pdf_leaves_the_task_to_the_next_worker(
    services_ready, community, tmp_path
):
    """The first worker (tests/integration/slow_pdf_app.py) sleeps inside the PDF task; it is
    SIGKILLed with its children. Beat is off: only the broker's visibility timeout brings the
    unacknowledged task back, to a new ordinary worker."""
    learner = UserFactory(display_name="آزاد كريم")
    certificate = Certificate.objects.create(user=learner, curriculum=community, learner_name="آزاد كريم")
    env = worker_env(tmp_path, services_ready, WAI_TASK_VISIBILITY_TIMEOUT="6")
    marker = tmp_path / "pdf-started"
    with celery_configured(broker_url=services_ready, task_always_eager=False):
        from literacy.progress.tasks import certificate_pdf_task

        certificate_pdf_task.delay(certificate.pk)
    with celery_process(
        tmp_path, {**env, "WAI_TEST_MARKER": str(marker)}, app="tests.integration.slow_pdf_app", name="doomed"
    ) as doomed:
        assert wait_for(marker.exists, timeout=60), "the first worker never started the task"
        kill_whole(doomed)
    assert not Certificate.objects.get(pk=certificate.pk).pdf
    started = time.monotonic()
    with celery_process(tmp_path, env, name="rescuer"):
        assert wait_for(lambda: Certificate.objects.get(pk=certificate.pk).pdf, timeout=90), "PDF lost"
    assert time.monotonic() - started < 60
