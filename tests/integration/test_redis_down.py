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


def test_email_is_sent_inline_when_the_broker_is_down(
    client, dead_broker, django_capture_on_commit_callbacks
):
    user = UserFactory(email="someone@example.com")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 5, f"request took {elapsed:.1f}s with the broker down"
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_during_the_fallback_neither_hangs_nor_breaks_the_request(
    client, dead_broker, django_capture_on_commit_callbacks, settings
):
    from unittest import mock

    user = UserFactory(email="someone@example.com")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")) as send:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert send.call_count == 1, "one inline try, no inline retries"
    assert time.monotonic() - started < 5
