import functools
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache

from literacy.celery import app as celery_app
from literacy.core.cache import ResilientRedisCacheClient

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-results"

# CI sets WAI_REQUIRE_SERVICES=1: then a missing PostgreSQL, Redis, Celery or Chromium is a failure,
# not a skip.
REQUIRE_SERVICES = os.environ.get("WAI_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    """Passwords hashed with a fast hasher in tests: a PBKDF2 hash takes a few hundred milliseconds and
    the suite makes thousands of accounts. Production keeps Django's default hashers."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def require(service: str, available: bool, how: str = "") -> None:
    if available:
        return
    message = f"missing service: {service}. {how}".strip()
    if REQUIRE_SERVICES:
        pytest.fail(message + " (WAI_REQUIRE_SERVICES is set)", pytrace=False)
    pytest.skip(message)


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def redis_available() -> bool:
    url = redis_url()
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_celery():
    """Every test starts with an empty cache (rate limits!) and Celery running tasks inline."""
    ResilientRedisCacheClient._down_until = 0.0
    cache.clear()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
    ResilientRedisCacheClient._down_until = 0.0


@pytest.fixture
def artifacts_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def celery_configured(**conf):
    """Point the test process's Celery app elsewhere (broker, backend, eagerness), then restore it,
    dropping every cached connection both times."""
    saved = {key: celery_app.conf[key] for key in conf}

    def reset():
        from kombu import pools

        pools.reset()  # kombu keeps connection pools per URL, globally
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app._local.__dict__.pop("backend", None)

    celery_app.conf.update(conf)
    reset()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        reset()


@functools.cache
def real_content_tree():
    """The real content, read and validated once per test run (reading it takes over a second);
    content_apply never changes the tree."""
    from literacy.curricula.loader import read_content

    return read_content(ROOT / "content")


# The rows content_apply wrote for the real content the first time in this process, by model.
_content_rows: list[tuple[type, list]] = []


def _rows_by_model() -> dict[type, set]:
    from django.apps import apps

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}


def load_real_content() -> None:
    """The real content in the test database, exactly as ``content_apply`` writes it.

    Applying it takes seconds (thousands of upserts) and a hundred and more tests need it: the first
    call in a process applies it for real and remembers the rows it wrote; later calls insert those
    rows again in bulk, with the same keys (a fraction of a second). Where any of those rows is
    already there (a test that loaded content of its own first), it applies the content for real.
    Tests of the loader itself call ``content_apply`` directly.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from literacy.curricula import caching
    from literacy.curricula.services import content_apply

    if not _content_rows:
        before = _rows_by_model()
        content_apply(tree=real_content_tree())
        for model, pks in _rows_by_model().items():
            new = pks - before[model]
            if new:
                _content_rows.append((model, list(model._base_manager.filter(pk__in=new).order_by("pk"))))
        return
    if any(model._base_manager.filter(pk__in=[r.pk for r in rows]).exists() for model, rows in _content_rows):
        content_apply(tree=real_content_tree())
        return
    with transaction.atomic():  # foreign keys are checked at the end, whatever the order of tables
        for model, rows in _content_rows:
            model._base_manager.bulk_create(rows)
        with connection.cursor() as cursor:  # rows made later by the test get new keys
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in _content_rows]):
                cursor.execute(sql)
    caching.content_changed()


@pytest.fixture
def community(db):
    """The real content loaded; returns the community curriculum."""
    from literacy.curricula.models import Curriculum

    load_real_content()
    return Curriculum.objects.get(slug="community")
