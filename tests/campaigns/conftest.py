import os
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.utils import timezone

from literacy.accounts.models import User
from literacy.campaigns import counting, views
from literacy.campaigns.models import Organisation, OrganisationMember
from literacy.campaigns.services import campaign_create
from tests.conftest import redis_available, redis_url, require
from tests.factories import CurriculumFactory, LessonFactory, UnitFactory, UserFactory
from tests.quizzes.conftest import SAMPLE, make_quiz

SINGLE = next(q for q in SAMPLE["questions"] if q["type"] == "single")
RATING = next(q for q in SAMPLE["questions"] if q["type"] == "rating")
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)


def rating(key, reliable):
    return {**RATING, "key": key, "reliable": reliable}


def single(key):
    return {**SINGLE, "key": key}


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    """Every test: no landing page kept from another test, Redis counters of our own only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WAI_CAMPAIGN_FLUSH_SECONDS = 0  # every visit sent at once (the batching has its own test)
    counting._batch.__init__()
    views._pages.clear()
    counting._down_until = 0.0
    counting._seen_here.clear()
    _flush(counting.redis_url())
    yield
    views._pages.clear()
    counting._down_until = 0.0


def _flush(url):
    if not url:
        return
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        keys = list(client.scan_iter(counting.PREFIX + "*"))
        if keys:
            client.delete(*keys)
    except redis.exceptions.RedisError:
        pass


def fold_redis_url() -> str:
    """The fold tests' own Redis database: WAI_TEST_FOLD_REDIS_DB (5 by default) on REDIS_URL's server."""
    parts = urlsplit(redis_url())
    return urlunsplit(parts._replace(path="/" + os.environ.get("WAI_TEST_FOLD_REDIS_DB", "5")))


@pytest.fixture
def fold_redis(settings):
    """A real Redis for the counters (the fold tests' own database, emptied first)."""
    require("Redis", redis_available(), "Set REDIS_URL to a running Redis server.")
    import redis

    url = fold_redis_url()
    client = redis.Redis.from_url(url)
    client.flushdb()
    settings.WAI_CAMPAIGN_REDIS_URL = url
    yield client
    client.flushdb()


@pytest.fixture
def no_redis(settings):
    """Counting without Redis (the embedded default)."""
    settings.WAI_CAMPAIGN_REDIS_URL = ""
    settings.REDIS_URL = ""


@pytest.fixture
def course(db):
    """A community track: two micro-lessons, a knowledge check, a pair of parallel forms of two
    rated posts each (one reliable, one misleading)."""
    check = make_quiz(
        slug="cmp-check",
        title="اختبار الحملة",
        kind="knowledge_check",
        feedback="end",
        questions=[single("s1"), single("s2")],
    )
    pre = make_quiz(
        slug="cmp-pre",
        title="النموذج أ",
        kind="pre_assessment",
        form="A",
        attempts_allowed=1,
        questions=[rating("r1", True), rating("m1", False)],
    )
    post = make_quiz(
        slug="cmp-post",
        title="النموذج ب",
        kind="post_assessment",
        form="B",
        attempts_allowed=1,
        pre_assessment="cmp-pre",
        questions=[rating("r2", True), rating("m2", False)],
    )
    curriculum = CurriculumFactory(slug="cmp-community", title="المسار المجتمعي", audience="community")
    unit = UnitFactory(curriculum=curriculum, order=1)
    lessons = [
        LessonFactory(unit=unit, slug="cmp-l1", title="تحقق قبل أن تصدق", quiz=check, order=1, minutes=5),
        LessonFactory(unit=unit, slug="cmp-l2", title="شارك بمسؤولية", order=2, minutes=6),
    ]
    curriculum.test_lessons = lessons
    curriculum.test_check = check
    curriculum.test_pre = pre
    curriculum.test_post = post
    return curriculum


class Cast:
    """Everybody of the permission matrix, around one campaign."""

    def __init__(self, course):
        self.organisation = Organisation.objects.create(name="شبكة شباب الرافدين")
        self.manager = UserFactory(username="manager", role=User.Role.CAMPAIGN_MANAGER)
        OrganisationMember.objects.create(organisation=self.organisation, user=self.manager)
        self.other_organisation = Organisation.objects.create(name="منظمة أخرى")
        self.other_manager = UserFactory(username="othermanager", role=User.Role.CAMPAIGN_MANAGER)
        OrganisationMember.objects.create(organisation=self.other_organisation, user=self.other_manager)
        self.learner = UserFactory(username="learner")
        self.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
        self.campaign = make_campaign(course, organisation=self.organisation)
        self.source = self.campaign.sources.get()
        self.other_campaign = make_campaign(course, organisation=self.other_organisation, name="حملة أخرى")


def make_campaign(course, *, organisation, name="فكّر قبل أن تشارك", pair=False, days_left=30, **overrides):
    today = timezone.localdate()
    values = {
        "organisation": organisation,
        "name": name,
        "hashtag": "#فكر_قبل_أن_تشارك",
        "intro": "قبل أن تعيد نشر خبر في مجموعة العائلة، توقّف دقيقة. تعلّم في دقائق كيف تتحقق من منشور.",
        "starts_on": today - timedelta(days=3),
        "ends_on": today + timedelta(days=days_left),
        "lessons": course.test_lessons,
        "quiz": course.test_check,
        "pair": course.test_post if pair else None,
    }
    values.update(overrides)
    return campaign_create(**values)


@pytest.fixture
def cast(course):
    return Cast(course)


def play_quiz(client, quiz, *, right=True, ratings=None):
    """Take the quiz through its pages as the client's visitor; returns the results page."""
    from django.urls import reverse

    from quizzes.models import Attempt
    from quizzes.selectors import attempt_question

    response = client.post(reverse("quizzes:start", kwargs={"slug": quiz.slug}))
    assert response.status_code == 302, response.status_code
    attempt = Attempt.objects.filter(quiz=quiz, status="in_progress").order_by("-started_at").first()
    for number in range(1, len(attempt.question_ids) + 1):
        view = attempt_question(attempt=attempt, number=number)
        if view.question.type == "rating":
            data = {"rating": (ratings or {})[view.question.key]}
        else:
            key = next(o.option.key for o in view.options if o.option.is_correct == right)
            data = {"choice": view.position_for_key(key)}
        url = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
        assert client.post(url, data).status_code == 302
    client.post(reverse("quizzes:submit", kwargs={"public_id": attempt.public_id}))
    return client.get(reverse("quizzes:results", kwargs={"public_id": attempt.public_id}))
