"""Sessions: a new key at every log-in; log-out, a password change or reset, a new PIN and
deactivation end every session of the account (one rule: accounts.services.user_sessions_end);
and the one GET that writes (opening a lesson) writes once."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from literacy.accounts.models import UserSession
from literacy.progress.models import LessonProgress
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-Strong-pass-2027"


def log_in(client, user, password=PASSWORD):
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def is_logged_in(client) -> bool:
    response = client.get(reverse("progress:dashboard"))
    return response.status_code == 200


def sessions_of(user) -> int:
    return UserSession.objects.filter(user_id=user.pk).count()


def test_the_session_key_rotates_at_log_in_and_a_planted_key_is_worthless(client, cast):
    # A visitor's session (a guest who marked a lesson done) gets a new key at log-in.
    client.post(reverse("progress:lesson_done", kwargs={"lesson_id": cast.lesson.pk}))
    before = client.session.session_key
    assert before and UserSession.objects.filter(session_key=before).exists()
    log_in(client, cast.learner)
    after = client.session.session_key
    assert after != before
    assert not UserSession.objects.filter(session_key=before).exists()
    assert UserSession.objects.get(session_key=after).user_id == cast.learner.pk
    # Session fixation: a key planted in the victim's browser does not become the victim's session.
    attacker = Client()
    attacker.post(reverse("progress:lesson_done", kwargs={"lesson_id": cast.lesson.pk}))
    planted = attacker.session.session_key
    victim = Client()
    victim.cookies["sessionid"] = planted
    log_in(victim, cast.teacher)
    assert victim.session.session_key != planted
    assert not is_logged_in(attacker)


def test_log_out_ends_every_session_of_the_account(cast):
    school, home = log_in(Client(), cast.pupil, cast.pupil_pin), log_in(Client(), cast.pupil, cast.pupil_pin)
    other = log_in(Client(), cast.learner)
    assert sessions_of(cast.pupil) == 2
    home.post(reverse("account_logout"))
    assert not is_logged_in(home)
    assert not is_logged_in(school), "the school computer's session survived the log-out at home"
    assert sessions_of(cast.pupil) == 0
    assert is_logged_in(other), "another account's session is untouched"


def test_a_password_change_ends_every_other_session(cast):
    here, elsewhere = log_in(Client(), cast.learner), log_in(Client(), cast.learner)
    key = here.session.session_key
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_logged_in(here), "the browser that changed the password stays logged in"
    assert here.session.session_key != key, "with a new key"
    assert not is_logged_in(elsewhere)
    assert sessions_of(cast.learner) == 1


def test_a_password_reset_ends_every_session(client, cast, django_capture_on_commit_callbacks):
    logged_in = log_in(Client(), cast.learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": cast.learner.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)[1]
    form_url = client.get(link)["Location"]  # allauth moves the key out of the address
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not is_logged_in(logged_in)
    assert sessions_of(cast.learner) == 0
    log_in(Client(), cast.learner, NEW_PASSWORD)


def test_a_new_pin_logs_the_pupil_out_everywhere(cast):
    pupil = log_in(Client(), cast.pupil, cast.pupil_pin)
    teacher = Client()
    teacher.force_login(cast.teacher)
    teacher.post(
        reverse("classrooms:pupil_pin_reset", kwargs={"pk": cast.classroom.pk, "user_id": cast.pupil.pk})
    )
    assert not is_logged_in(pupil)
    assert sessions_of(cast.pupil) == 0


def test_deactivation_in_the_admin_ends_every_session(cast):
    from django.contrib.admin.sites import site

    pupil = log_in(Client(), cast.pupil, cast.pupil_pin)
    admin = Client()
    admin.force_login(cast.admin)
    url = reverse("admin:accounts_user_change", args=[cast.pupil.pk])
    request = RequestFactory().get(url)
    request.user = cast.admin
    form = site._registry[type(cast.pupil)].get_form(request, cast.pupil)(instance=cast.pupil)
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update(
        {
            "date_joined_0": cast.pupil.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": cast.pupil.date_joined.strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("is_active")
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cast.pupil.refresh_from_db()
    assert not cast.pupil.is_active
    assert not is_logged_in(pupil)
    assert sessions_of(cast.pupil) == 0


def test_an_inactive_account_is_logged_out_on_its_next_request_however_it_was_switched_off(cast):
    from literacy.accounts.models import User

    pupil = log_in(Client(), cast.pupil, cast.pupil_pin)
    User.objects.filter(pk=cast.pupil.pk).update(is_active=False)  # e.g. a script, no service
    assert not is_logged_in(pupil)


def test_deactivate_service_ends_sessions(cast):
    from literacy.accounts.services import user_deactivate

    log_in(Client(), cast.learner)
    user_deactivate(user=cast.learner)
    assert sessions_of(cast.learner) == 0
    assert Client().post(reverse("account_login"), {"login": "learner_l1", "password": PASSWORD})[
        "Location"
    ] == reverse("account_inactive")


def test_ending_the_sessions_of_an_account_is_one_indexed_query(cast, django_assert_num_queries):
    from literacy.accounts.services import user_sessions_end

    guests = UserSession.objects.filter(user_id__isnull=True).count() + 20
    for _ in range(5):
        log_in(Client(), cast.learner)
    for _ in range(20):
        Client().post(reverse("progress:lesson_done", kwargs={"lesson_id": cast.lesson.pk}))
    with django_assert_num_queries(1):
        assert user_sessions_end(user=cast.learner) == 5
    assert UserSession.objects.filter(user_id__isnull=True).count() == guests, "guests untouched"


# --- No state change on GET: the documented exception ------------------------------------------
def _writes(queries):
    return [
        q["sql"]
        for q in queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"]) and "usersession" not in q["sql"]
    ]


def test_opening_a_lesson_records_it_as_started_once(client, cast):
    url = cast.lesson.get_absolute_url()
    client.force_login(cast.learner)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    assert len(_writes(first.captured_queries)) == 1
    progress = LessonProgress.objects.get(user=cast.learner, lesson=cast.lesson)
    assert progress.completed_at is None
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert _writes(again.captured_queries) == [], "a second visit writes nothing"
    assert LessonProgress.objects.get(user=cast.learner, lesson=cast.lesson).started_at == progress.started_at


def test_a_prefetched_lesson_and_a_visitor_without_a_token_write_nothing(client, cast):
    url = cast.lesson.get_absolute_url()
    client.force_login(cast.learner)
    for header in (
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **header).status_code == 200
        assert _writes(queries.captured_queries) == [], header
    visitor = Client()
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(url)
    assert _writes(queries.captured_queries) == [] and "sessionid" not in response.cookies
    assert not LessonProgress.objects.filter(lesson=cast.lesson, user__isnull=True).exists()


def test_an_expired_timed_attempt_is_finalised_by_the_first_get_and_only_once(client, cast):
    """The second documented write on a GET: a timed attempt whose time is up is graded when any of
    its pages is opened; the outcome is fixed by the clock, not by the request."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from quizzes.models import Attempt
    from quizzes.services import attempt_start
    from tests.quizzes.conftest import make_quiz

    quiz = make_quiz(slug="sec-timed", time_limit_minutes=10)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = attempt_start(quiz=quiz, user=cast.learner)
    client.force_login(cast.learner)
    url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": 1})
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        response = client.get(url)
        assert response["Location"] == reverse("quizzes:results", kwargs={"public_id": attempt.public_id})
        graded = Attempt.objects.get(pk=attempt.pk)
        assert graded.status == "submitted"
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert _writes(queries.captured_queries) == []
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == graded.submitted_at


def test_expired_sessions_are_deleted_daily(cast):
    from datetime import timedelta

    from django.utils import timezone

    from literacy.accounts.tasks import sessions_clear_task

    live = log_in(Client(), cast.learner).session.session_key
    UserSession.objects.exclude(session_key=live).update(expire_date=timezone.now() - timedelta(seconds=1))
    sessions_clear_task.delay()
    sessions_clear_task.delay()
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live]
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["sessions-clear"]["task"] == sessions_clear_task.name


def test_an_admin_erasing_an_account_erases_it_like_the_account_itself_would(
    cast, django_capture_on_commit_callbacks
):
    import os

    from django.core.files.base import ContentFile

    from literacy.accounts.models import User

    pupil = log_in(Client(), cast.pupil, cast.pupil_pin)
    cast.certificate.pdf.save("pupil.pdf", ContentFile(b"%PDF-1.4 test"))
    path = cast.certificate.pdf.path
    admin = Client()
    admin.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:accounts_user_delete", args=[cast.pupil.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=cast.pupil.pk).exists()
    assert sessions_of(cast.pupil) == 0 and not is_logged_in(pupil)
    assert not os.path.exists(path), "the certificate PDF with the pupil's name is gone"
