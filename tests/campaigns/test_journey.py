"""A visitor without an account: the short link, the landing page (counted, cached, nothing
personal stored), the micro-lessons and the quiz as a guest, the result and the share card, and
signing up, which keeps the guest's work and counts an account for the source."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from literacy.campaigns import counting
from literacy.campaigns.models import SourceDay
from literacy.progress.models import LessonProgress
from quizzes.models import Attempt
from tests.campaigns.conftest import PHONE_UA, make_campaign, play_quiz
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _visit(client, source, **headers):
    return client.get(source.get_absolute_url(), headers={"User-Agent": PHONE_UA, **headers})


def _counts(source) -> dict:
    counting.fold()
    rows = SourceDay.objects.filter(source=source)
    return {metric: sum(getattr(r, metric) for r in rows) for metric in counting.METRICS}


def _row_counts() -> dict:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_short_link_is_short_and_lands_on_the_campaign(client, cast):
    source = cast.source
    assert re.fullmatch(r"/c/[ACDEFGHJKMNPQRTUVWXY34679]{6}", source.get_absolute_url())
    response = _visit(client, source)
    assert response.status_code == 200
    page = response.content.decode()
    assert "#فكر_قبل_أن_تشارك" in page
    assert "فكّر قبل أن تشارك" in page
    assert reverse("campaigns:go", kwargs={"code": source.code}) in page
    # The code is read case-insensitively (typed from a poster); unknown codes answer 404.
    assert client.get(f"/c/{source.code.lower()}", headers={"User-Agent": PHONE_UA}).status_code == 200
    assert client.get("/c/ZZZZZZ", headers={"User-Agent": PHONE_UA}).status_code == 404


def test_a_landing_visit_stores_nothing_personal_anywhere(
    client, cast, fold_redis, django_assert_num_queries
):
    source = cast.source
    rows_before = _row_counts()
    keys_before = set(fold_redis.keys("*"))
    response = client.get(
        source.get_absolute_url() + "?fbclid=IwAR-secret-click-id",
        headers={"User-Agent": PHONE_UA},
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 200
    assert _row_counts() == rows_before, "a landing visit writes no row at all"
    # One cookie: the visitor's random value, only for /c/ pages, gone at midnight; no session.
    assert set(response.cookies) == {"wai_v"}
    visitor = response.cookies["wai_v"]
    assert visitor["path"] == "/c/" and visitor["httponly"] and visitor["samesite"] == "Lax"
    assert 60 <= int(visitor["max-age"]) <= 86400
    # Redis: the live hash of counts (ids, day, metric: numbers) and the day's set of tokens.
    new_keys = {key.decode() for key in set(fold_redis.keys("*")) - keys_before}
    day = timezone.localdate().isoformat()
    assert new_keys == {counting.LIVE, f"{counting.UNIQUE}{source.pk}:{day}"}
    assert fold_redis.hgetall(counting.LIVE) == {
        f"{source.pk}:{day}:visits".encode(): b"1",
        f"{source.pk}:{day}:visitors".encode(): b"1",
    }
    (token,) = fold_redis.smembers(f"{counting.UNIQUE}{source.pk}:{day}")
    assert re.fullmatch(rb"[0-9a-f]{16}", token)
    assert token.decode() not in visitor.value and visitor.value not in token.decode()
    everything = b" ".join(
        [
            *fold_redis.keys("*"),
            *fold_redis.hgetall(counting.LIVE),
            *fold_redis.smembers(f"{counting.UNIQUE}{source.pk}:{day}"),
        ]
    )
    for personal in (b"203.0.113", b"Android", b"Mozilla", b"fbclid", visitor.value.encode()):
        assert personal not in everything
    # The same browser again: a visit, not a new visitor; and no query at all (cached page).
    client.cookies["wai_v"] = visitor.value
    with django_assert_num_queries(0):
        assert _visit(client, source).status_code == 200
    assert fold_redis.hgetall(counting.LIVE)[f"{source.pk}:{day}:visits".encode()] == b"2"
    assert fold_redis.hgetall(counting.LIVE)[f"{source.pk}:{day}:visitors".encode()] == b"1"
    assert _row_counts() == rows_before


def test_the_cached_page_carries_nobody_elses_query_token_or_cookie(client, cast):
    from django.test import Client

    source = cast.source
    first = client.get(
        source.get_absolute_url() + "?utm_source=secret-campaign-tag", headers={"User-Agent": PHONE_UA}
    )
    second = Client().get(source.get_absolute_url(), headers={"User-Agent": PHONE_UA})
    for response in (first, second):
        assert b"secret-campaign-tag" not in response.content
        assert b"wai-campaign-csrf-marker" not in response.content
        assert b"csrfmiddlewaretoken" not in response.content  # no form, so no CSRF cookie either
        assert set(response.cookies) == {"wai_v"}
    assert first.cookies["wai_v"].value != second.cookies["wai_v"].value
    # A logged-in visitor gets their own page, with the language form, never kept for others.
    client.force_login(cast.learner)
    own = client.get(source.get_absolute_url(), headers={"User-Agent": PHONE_UA})
    assert b"csrfmiddlewaretoken" in own.content
    assert "no-store" in own["Cache-Control"] and "private" in own["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in Client().get(source.get_absolute_url()).content


PREVIEWERS = [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0 A",
    "TelegramBot (like TwitterBot)",
    "Twitterbot/1.0",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/124.0 Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]
PEOPLE = [
    PHONE_UA,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/120.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/450.0.0.38.108;]",
    "Mozilla/5.0 (Linux; Android 13; CUBOT P40) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/123.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
    "Mobile Safari/537.36 Instagram 320.0.0.42.101 Android",
]


def test_link_previews_and_crawlers_get_the_page_but_are_not_counted(client, cast):
    source = cast.source
    for agent in PREVIEWERS:
        response = client.get(source.get_absolute_url(), headers={"User-Agent": agent})
        assert response.status_code == 200, agent
        assert b'property="og:image"' in response.content
        assert "wai_v" not in response.cookies
    client.get(source.get_absolute_url(), headers={"User-Agent": PHONE_UA, "Sec-Purpose": "prefetch"})
    client.head(source.get_absolute_url(), headers={"User-Agent": PHONE_UA})
    # "Start" followed by a crawler starts nothing either.
    assert (
        client.get(
            reverse("campaigns:go", kwargs={"code": source.code}), headers={"User-Agent": PREVIEWERS[0]}
        ).status_code
        == 302
    )
    assert "sessionid" not in client.cookies
    assert _counts(source)["visits"] == 0
    for agent in PEOPLE:
        client.cookies.clear()
        assert client.get(source.get_absolute_url(), headers={"User-Agent": agent}).status_code == 200
    assert _counts(source)["visits"] == len(PEOPLE)
    assert _counts(source)["visitors"] == len(PEOPLE)


def test_an_ended_campaign_keeps_its_links_and_leads_to_the_course(client, course, cast):
    ended = make_campaign(
        course,
        organisation=cast.organisation,
        name="حملة انتهت",
        starts_on=timezone.localdate() - timedelta(days=40),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    source = ended.sources.get()
    response = _visit(client, source)
    assert response.status_code == 200
    page = response.content.decode()
    assert "انتهت هذه الحملة" in page
    assert course.get_absolute_url() in page
    assert reverse("campaigns:go", kwargs={"code": source.code}) not in page
    go = client.get(reverse("campaigns:go", kwargs={"code": source.code}), headers={"User-Agent": PHONE_UA})
    assert go["Location"] == source.get_absolute_url()
    assert _counts(source)["visits"] == 1  # still counted


def test_a_guest_does_the_lessons_and_quiz_sees_the_result_and_keeps_it_by_signing_up(client, cast, course):
    source = cast.source
    ua = {"User-Agent": PHONE_UA}
    assert _visit(client, source).status_code == 200
    response = client.get(reverse("campaigns:go", kwargs={"code": source.code}), headers=ua)
    step1 = reverse("campaigns:step", kwargs={"code": source.code, "number": 1})
    assert response["Location"] == step1
    page = client.get(step1, headers=ua).content.decode()
    assert "تحقق قبل أن تصدق" in page and "نص الدرس." in page
    response = client.post(
        reverse("campaigns:lesson_done", kwargs={"code": source.code, "number": 1}), headers=ua
    )
    assert response["Location"] == reverse("campaigns:step", kwargs={"code": source.code, "number": 2})
    client.get(response["Location"], headers=ua)
    response = client.post(
        reverse("campaigns:lesson_done", kwargs={"code": source.code, "number": 2}), headers=ua
    )
    step3 = reverse("campaigns:step", kwargs={"code": source.code, "number": 3})
    assert response["Location"] == step3
    page = client.get(step3, headers=ua).content.decode()
    assert reverse("quizzes:start", kwargs={"slug": course.test_check.slug}) in page
    results = play_quiz(client, course.test_check, right=True)
    done_url = reverse("campaigns:done", kwargs={"code": source.code})
    assert done_url in results.content.decode()  # the results page leads on to the campaign's end
    # A reload of the results page counts nothing twice.
    client.get(results.request["PATH_INFO"])
    page = client.get(done_url, headers=ua).content.decode()
    assert "100" in page  # the score, shown to the visitor only
    card = re.search(r'<figure class="share-card">.*?</figure>', page, re.S).group(0)
    assert "#فكر_قبل_أن_تشارك" in card and source.get_absolute_url() in card
    assert "100" not in card  # nothing personal on the card
    assert "https://wa.me/?text=" in page
    signup = f"{reverse('account_signup')}?next={done_url}"
    assert signup.replace("/", "%2F").split("?")[0] in page or signup in page

    guest_attempt = Attempt.objects.get(quiz=course.test_check)
    assert guest_attempt.user is None and guest_attempt.guest_token
    response = client.post(
        reverse("account_signup") + f"?next={done_url}",
        {
            "username": "huda",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "هدى",
            "role": "learner",
            "next": done_url,
        },
    )
    assert response.status_code == 302
    guest_attempt.refresh_from_db()
    assert guest_attempt.user.username == "huda"
    assert LessonProgress.objects.filter(user__username="huda", completed_at__isnull=False).count() == 2
    assert _counts(source) == {
        "visits": 1,
        "visitors": 1,
        "lessons_started": 2,
        "lessons_finished": 2,
        "quizzes_finished": 1,
        "score_total": 10000,
        "before_count": 0,
        "before_total": 0,
        "after_count": 0,
        "after_total": 0,
        "signups": 1,
    }
    # Signed up, the end page is the learner's own, without the sign-up invitation.
    page = client.get(done_url).content.decode()
    assert "save-panel" not in page and "100" in page


def test_the_before_and_after_forms_are_counted_as_discernment(client, course, cast):
    campaign = make_campaign(course, organisation=cast.organisation, name="حملة بقياس قبلي وبعدي", pair=True)
    source = campaign.sources.get()
    ua = {"User-Agent": PHONE_UA}
    client.get(reverse("campaigns:go", kwargs={"code": source.code}), headers=ua)
    first = client.get(reverse("campaigns:step", kwargs={"code": source.code, "number": 1}), headers=ua)
    form_slug = re.search(r"/quizzes/([\w-]+)/start/", first.content.decode()).group(1)
    forms = {course.test_pre.slug: course.test_pre, course.test_post.slug: course.test_post}
    before = forms.pop(form_slug)
    after = forms.popitem()[1]
    # Before: barely telling them apart (5 for the reliable post, 4 for the misleading one).
    play_quiz(client, before, ratings={"r1": 5, "m1": 4, "r2": 5, "m2": 4})
    for number in (2, 3):
        client.get(reverse("campaigns:step", kwargs={"code": source.code, "number": number}), headers=ua)
        client.post(
            reverse("campaigns:lesson_done", kwargs={"code": source.code, "number": number}), headers=ua
        )
    play_quiz(client, course.test_check, right=False)
    # After: 6 against 2.
    results = play_quiz(client, after, ratings={"r1": 6, "m1": 2, "r2": 6, "m2": 2})
    assert reverse("campaigns:done", kwargs={"code": source.code}) in results.content.decode()
    counts = _counts(source)
    assert (counts["before_count"], counts["before_total"]) == (1, 1000)
    assert (counts["after_count"], counts["after_total"]) == (1, 4000)
    assert (counts["quizzes_finished"], counts["score_total"]) == (1, 0)
    page = client.get(reverse("campaigns:done", kwargs={"code": source.code})).content.decode()
    assert '<bdi dir="ltr" class="num">1</bdi>' in page and '<bdi dir="ltr" class="num">4</bdi>' in page


def test_with_redis_down_the_landing_page_answers_and_still_counts(client, cast, settings):
    import socket
    import time

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings.WAI_CAMPAIGN_REDIS_URL = f"redis://127.0.0.1:{port}/0"
    started = time.monotonic()
    for _ in range(3):
        client.cookies.clear()
        assert _visit(client, cast.source).status_code == 200
    assert time.monotonic() - started < 2
    row = SourceDay.objects.get(source=cast.source)
    assert (row.visits, row.visitors) == (3, 3)  # written straight to the database, more slowly
