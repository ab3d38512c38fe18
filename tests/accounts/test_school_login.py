"""Log-in that works for a whole class behind one school router, and never fails open."""

import socket
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.urls import reverse

from literacy.accounts.models import UserSession as Session
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LIMITED = "تجاوزت الحد المسموح"


@pytest.fixture
def fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(client, username, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_forty_pupils_behind_one_router_all_log_in_within_a_minute(client, fast_hashes):
    pupils = UserFactory.create_batch(40)
    for pupil in pupils:
        response = _login(client, pupil.username)
        assert response.status_code == 302, f"{pupil.username} was refused: {response.status_code}"
        client.logout()


def test_twenty_wrong_passwords_for_one_account_are_throttled(client, fast_hashes):
    user = UserFactory()
    answers = [_login(client, user.username, "wrong").content.decode() for _ in range(20)]
    assert sum(LIMITED in html for html in answers) >= 15
    assert "_auth_user_id" not in client.session


def test_with_redis_down_throttling_still_counts_in_this_process(client, settings, fast_hashes):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings.CACHES = {
        "default": {
            "BACKEND": "literacy.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    user = UserFactory()
    answers = [_login(client, user.username, "wrong").content.decode() for _ in range(12)]
    assert LIMITED in answers[-1], "12 wrong passwords in a row were all answered"


def test_a_failed_log_in_costs_one_password_hash_like_a_successful_one(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory()
    hasher = type(get_hasher())
    for password, label in ((PASSWORD, "right"), ("wrong", "wrong"), ("x", "unknown user")):
        login = user.username if label != "unknown user" else "nobody-here"
        # every check and every dummy hash for an unknown user goes through encode() once
        with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
            _login(client, login, password)
        assert encode.call_count == 1, f"{label}: {encode.call_count} hashes"
        client.logout()


def test_sign_up_answers_the_same_for_known_and_unknown_addresses(client, django_capture_on_commit_callbacks):
    UserFactory(username="owner", email="taken@example.org")

    def sign_up(username, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("account_signup"),
                {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD,
                 "role": "learner"},
            )  # fmt: skip

    known = sign_up("someone", "taken@example.org")
    client.cookies.clear()
    unknown = sign_up("another", "fresh@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert {m.to[0] for m in mail.outbox} == {"taken@example.org", "fresh@example.org"}
    taken_mail = next(m for m in mail.outbox if m.to == ["taken@example.org"])
    assert "owner" not in taken_mail.subject


def test_anonymous_quiz_starts_are_limited_per_address(client, settings):
    from tests.quizzes.conftest import make_quiz

    settings.QUIZZES_GUEST_START_RATES = ["5/m"]
    quiz = make_quiz(slug="limited")
    url = reverse("quizzes:start", kwargs={"slug": quiz.slug})
    statuses = []
    for _ in range(7):
        client.cookies.clear()  # a fresh session each time: a script, not a learner
        statuses.append(client.post(url).status_code)
    assert statuses[:5] == [302] * 5
    assert statuses[-1] == 429
    assert "حاولت" in client.post(url).content.decode() or "Too many" in client.post(url).content.decode()


def test_a_class_of_forty_behind_one_address_can_all_start_as_guests(client):
    from tests.quizzes.conftest import make_quiz

    quiz = make_quiz(slug="class")
    url = reverse("quizzes:start", kwargs={"slug": quiz.slug})
    statuses = []
    for _ in range(40):
        client.cookies.clear()  # forty phones, one school address
        statuses.append(client.post(url).status_code)
    assert statuses == [302] * 40


def test_one_guest_session_cannot_start_without_limit(client, settings):
    from tests.quizzes.conftest import make_quiz

    settings.QUIZZES_GUEST_SESSION_START_RATES = ["3/m"]
    url = reverse("quizzes:start", kwargs={"slug": make_quiz(slug="again").slug})
    statuses = [client.post(url).status_code for _ in range(5)]
    assert statuses[:4] == [302] * 4, "the first start opens the session; three more are allowed"
    assert statuses[-1] == 429


def test_the_delete_account_password_form_is_limited(client, fast_hashes):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:delete")
    statuses = [client.post(url, {"password": "guess", "confirm": "on"}).status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429


def test_deleting_an_account_deletes_its_sessions(client, fast_hashes):
    from django.test import Client

    user = UserFactory()
    other_browser = Client()
    other_browser.force_login(user)
    client.force_login(user)
    assert Session.objects.count() == 2
    client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert Session.objects.count() == 0, "a session of the deleted account survived"


def test_client_address_behind_a_trusted_proxy(rf, settings):
    from literacy.core.views import client_ip

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.2", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.2"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
