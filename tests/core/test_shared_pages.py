"""Anonymous visitors without a session share one rendered copy of the home and lesson pages
(core.shared_pages); nobody else does, every visitor still gets a CSRF token of their own, and a
content change shows at once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from literacy.core import shared_pages
from literacy.curricula.models import Curriculum, Lesson
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _no_kept_pages():
    shared_pages._pages.clear()
    yield
    shared_pages._pages.clear()


def _lesson_url(slug="check-the-claim"):
    return reverse("curricula:lesson", kwargs={"curriculum": "community", "slug": slug})


def test_anonymous_visitors_share_one_copy_but_each_gets_a_working_csrf_token(community):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page = first.get(_lesson_url()).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = second.get(_lesson_url())
    assert len(queries) == 0, "the second visitor's page comes from the kept copy"
    html = again.content.decode()
    assert TOKEN.sub("", html) == TOKEN.sub("", page)
    tokens = TOKEN.findall(html)
    assert tokens and shared_pages.MARKER not in html
    assert TOKEN.findall(page)[0] != tokens[0]
    # The token the copy carries is the second visitor's own: their language change goes through.
    response = second.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302


def test_logged_in_learners_and_guests_with_a_session_never_get_the_shared_copy(client, community):
    Client().get(_lesson_url())  # a copy is kept
    user = UserFactory(display_name="ليلى المشاركة")
    client.force_login(user)
    mine = client.get(_lesson_url()).content.decode()
    assert "ليلى المشاركة" in mine and reverse("account_logout") in mine
    assert "ليلى المشاركة" not in Client().get(_lesson_url()).content.decode()
    guest = Client()
    lesson = Lesson.objects.get(slug="check-the-claim")
    guest.post(reverse("progress:lesson_done", kwargs={"lesson_id": lesson.pk}))  # a guest session
    assert "أنهيت هذا الدرس" in guest.get(_lesson_url()).content.decode()
    assert "أنهيت هذا الدرس" not in Client().get(_lesson_url()).content.decode()


def test_a_content_change_shows_at_once(community):
    assert Client().get(_lesson_url("reporting")).status_code == 200
    lesson = Lesson.objects.get(slug="reporting")
    lesson.is_published = False
    lesson.save(update_fields=["is_published"])
    assert Client().get(_lesson_url("reporting")).status_code == 404
    university = Curriculum.objects.get(slug="university")
    assert university.title in Client().get(reverse("core:home")).content.decode()
    university.is_published = False
    university.save(update_fields=["is_published"])
    assert university.title not in Client().get(reverse("core:home")).content.decode()
