"""Where am I logged in (ASVS 7.5.2): the account's sessions, and logging out everywhere else."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

URL = reverse("accounts:sessions")


def _browser(user, when=None) -> Client:
    client = Client()
    with time_machine.travel(when or timezone.now(), tick=False):
        client.force_login(user)
    return client


def test_the_page_lists_this_browser_first_and_the_others_without_their_keys(db):
    user = UserFactory()
    start = timezone.now() - timedelta(days=2)
    phone = _browser(user, start)
    here = _browser(user)
    html = here.get(URL).content.decode()
    assert html.count("<tr>") == 3, "a header and two sessions"
    assert html.index("هذا المتصفح") < html.index("متصفح آخر")
    for client in (phone, here):
        assert client.cookies[settings.SESSION_COOKIE_NAME].value not in html, "no session key on the page"
    assert "سجّل الخروج من كل مكان آخر" in html


def test_logging_out_everywhere_else_keeps_this_browser(db):
    user = UserFactory()
    other, here = _browser(user), _browser(user)
    stranger = _browser(UserFactory())
    response = here.post(URL, follow=True)
    assert "سجّلت الخروج من كل مكان آخر" in response.content.decode()
    assert "حسابك مفتوح في هذا المتصفح وحده" in response.content.decode()
    assert here.get(reverse("progress:dashboard")).status_code == 200
    assert other.get(reverse("progress:dashboard")).status_code == 302, "the other browser is logged out"
    assert stranger.get(reverse("progress:dashboard")).status_code == 200, "nobody else's sessions end"


def test_the_page_costs_the_same_with_many_sessions(db, django_assert_max_num_queries):
    user = UserFactory()
    here = _browser(user)
    with django_assert_max_num_queries(4):
        here.get(URL)
    for _ in range(6):
        _browser(user)
    with django_assert_max_num_queries(4):
        assert here.get(URL).content.decode().count("متصفح آخر") == 6


def test_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
