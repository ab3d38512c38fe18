"""Redis stopped or unreachable: pages render, log-in works, nothing hangs, e-mail is not lost."""

import socket
import time

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import celery_configured
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _cache(url):
    return {
        "default": {
            "BACKEND": "literacy.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers: an unreachable, hanging Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.fixture
def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here: connection refused
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def dead_broker(closed_port):
    with celery_configured(broker_url=closed_port, task_always_eager=False):
        yield


@pytest.mark.parametrize("which", ["stopped", "hanging"])
def test_pages_and_login_work_without_redis(client, settings, which, closed_port, silent_server):
    settings.CACHES = _cache(closed_port if which == "stopped" else silent_server)
    user = UserFactory()
    started = time.monotonic()
    assert client.get("/").status_code == 200
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert time.monotonic() - started < 5
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"] == {"database": True, "cache": False}


def test_with_the_broker_down_the_email_waits_in_the_outbox_and_is_sent_once_later(
    client, dead_broker, django_capture_on_commit_callbacks
):
    from post_office.models import STATUS, Email

    from literacy.core.tasks import mail_deliver_task

    user = UserFactory(email="someone@example.com")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 2, f"request took {elapsed:.1f}s with the broker down"
    assert mail.outbox == [], "nothing is sent from inside the request"
    assert Email.objects.get().status == STATUS.queued
    mail_deliver_task.apply()  # what beat does once Redis is back
    mail_deliver_task.apply()  # delivered twice: still one message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["someone@example.com"]
    assert Email.objects.get().status == STATUS.sent


def test_a_failing_mail_server_keeps_the_email_for_a_retry(client, django_capture_on_commit_callbacks):
    from unittest import mock

    from post_office.models import STATUS, Email

    user = UserFactory(email="someone@example.com")
    smtp = "django.core.mail.backends.locmem.EmailBackend.send_messages"
    with mock.patch(smtp, side_effect=OSError("SMTP down")):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert time.monotonic() - started < 2
    email = Email.objects.get()
    assert email.status == STATUS.requeued and email.number_of_retries == 1, "queued again for a retry"
    assert email.scheduled_time > email.created, "retried later, not in a loop"
