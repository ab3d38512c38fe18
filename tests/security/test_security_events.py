"""Security events in the log (ASVS 16.3), and sessions that end when idle or too old (ASVS 7.3)."""

import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from literacy.core.audit import tag
from tests.factories import PASSWORD, UserFactory

ADDRESS = "198.51.100.23"
NEW_PASSWORD = "another-long-passphrase-42"


def events(log) -> list[dict]:
    found = []
    for line in log.getvalue().splitlines():
        if line.startswith("security event="):
            found.append(dict(part.split("=", 1) for part in line.removeprefix("security ").split()))
    return found


def test_log_ins_failures_log_outs_and_password_changes_are_logged_without_personal_data(cast, console_log):
    client = Client(REMOTE_ADDR=ADDRESS)
    login = reverse("account_login")
    client.post(login, {"login": cast.pupil.username, "password": "wrong-pin"})
    client.post(login, {"login": cast.pupil.username, "password": cast.pupil_pin})
    client.post(reverse("account_logout"))
    learner = Client(REMOTE_ADDR=ADDRESS)
    learner.force_login(cast.learner)
    learner.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    logged = events(console_log)
    by_name = [e["event"] for e in logged]
    assert by_name[:3] == ["login_failed", "login", "logout"], logged
    assert "password_changed" in by_name
    failed, success = logged[0], logged[1]
    assert failed["login"] == tag(cast.pupil.username.lower()) and failed["user"] == "-"
    assert success["user"] == str(cast.pupil.pk)
    assert {e["client"] for e in logged[:3]} == {tag(ADDRESS)}, "one address, one tag"
    text = console_log.getvalue()
    for personal in (ADDRESS, cast.pupil.username, cast.pupil_pin, cast.learner.email, cast.learner.username):
        assert personal not in text, personal


def test_a_new_pin_is_logged(cast, console_log):
    teacher = Client()
    teacher.force_login(cast.teacher)
    url = reverse("classrooms:pupil_pin_reset", kwargs={"pk": cast.classroom.pk, "user_id": cast.pupil.pk})
    assert teacher.post(url).status_code in (200, 302)
    (event,) = [e for e in events(console_log) if e["event"] == "pin_reset"]
    assert event["user"] == str(cast.pupil.pk) and event["classroom"] == str(cast.classroom.pk)


def test_refused_requests_are_logged_by_view_never_by_path(cast, console_log, settings):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS)
    client.force_login(cast.learner)
    assert client.post(reverse("progress:dashboard")).status_code == 403  # no CSRF token
    settings.QUIZZES_GUEST_START_RATES = ["1/m"]
    guest = Client(REMOTE_ADDR=ADDRESS)
    start = reverse("quizzes:start", kwargs={"slug": cast.quiz.slug})
    statuses = []
    for _ in range(2):
        guest.cookies.clear()
        statuses.append(guest.post(start).status_code)
    assert statuses == [302, 429]
    refused = [e for e in events(console_log) if e["event"] == "refused"]
    expected = [("403", "progress:dashboard"), ("429", "quizzes:start")]
    assert [(e["status"], e["view"]) for e in refused] == expected
    assert refused[0]["user"] == str(cast.learner.pk) and refused[1]["user"] == "-"
    lines = [line for line in console_log.getvalue().splitlines() if "event=refused" in line]
    assert lines and not any("/" in line for line in lines), "no path: it may hold a reset key or a join code"


def _logged_in_at(user, when) -> Client:
    client = Client()
    with time_machine.travel(when, tick=False):
        client.force_login(user)
    return client


def _is_logged_in(client) -> bool:
    response = client.get(reverse("progress:dashboard"))
    return response.status_code == 200


def test_a_school_account_is_logged_out_after_two_idle_hours_with_a_message(cast, console_log):
    start = timezone.now()
    client = _logged_in_at(cast.pupil, start)
    with time_machine.travel(start + timedelta(minutes=110), tick=False):
        assert _is_logged_in(client), "an hour and fifty minutes idle: still in"
    with time_machine.travel(start + timedelta(minutes=110 + 121), tick=False):
        response = client.get(reverse("progress:dashboard"), follow=True)
    assert response.redirect_chain and reverse("account_login") in response.redirect_chain[-1][0]
    assert "انتهت جلستك" in response.content.decode()
    (event,) = [e for e in events(console_log) if e["event"] == "session_expired"]
    assert event["user"] == str(cast.pupil.pk) and event["reason"] == "idle"


def test_idle_limits_follow_the_account(cast):
    start = timezone.now()
    clients = {who: _logged_in_at(getattr(cast, who), start) for who in ("pupil", "teacher", "learner")}
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        assert [_is_logged_in(clients[w]) for w in ("pupil", "teacher", "learner")] == [False, True, True]
    with time_machine.travel(start + timedelta(hours=3 + 13), tick=False):
        assert [_is_logged_in(clients[w]) for w in ("teacher", "learner")] == [False, True]


def test_an_active_learner_stays_in_until_the_maximum_age(cast, console_log):
    start = timezone.now()
    client = _logged_in_at(cast.learner, start)
    for day in range(1, 30, 3):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            assert _is_logged_in(client), day
    with time_machine.travel(start + timedelta(days=30, hours=1), tick=False):
        assert not _is_logged_in(client)
    assert [e["reason"] for e in events(console_log) if e["event"] == "session_expired"] == ["max_age"]


def test_an_expired_session_ends_in_this_browser_only(cast):
    start = timezone.now()
    idle = _logged_in_at(cast.pupil, start)
    with time_machine.travel(start + timedelta(hours=2, minutes=30), tick=False):
        active = Client()
        active.force_login(cast.pupil)
        assert not _is_logged_in(idle)
        assert _is_logged_in(active), "the pupil's other browser is not logged out"


def test_activity_is_written_at_most_every_five_minutes(cast):
    from literacy.accounts.models import UserSession

    start = timezone.now()
    client = _logged_in_at(cast.learner, start)
    key = client.session.session_key

    def saved():
        return UserSession.objects.get(session_key=key).session_data

    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        before = saved()
        client.get(reverse("progress:dashboard"))
        assert saved() == before, "two minutes later: nothing written"
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        client.get(reverse("progress:dashboard"))
        assert saved() != before


def test_the_log_line_shape():
    assert re.fullmatch(r"[0-9a-f]{12}", tag(ADDRESS))
    assert tag(ADDRESS) == tag(ADDRESS) != tag("198.51.100.24")
    assert tag("") == "-"


def test_failed_log_in_of_an_unknown_name_is_tagged_too(db, console_log):
    UserFactory(username="known")
    Client().post(reverse("account_login"), {"login": "Nobody-Here", "password": "x"})
    (event,) = events(console_log)
    assert event["event"] == "login_failed" and event["login"] == tag("nobody-here")
    assert "Nobody-Here" not in console_log.getvalue()
