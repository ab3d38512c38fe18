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


@pytest.fixture
def community(db):
    """The real content loaded; returns the community curriculum."""
    from literacy.curricula.models import Curriculum
    from literacy.curricula.services import content_apply

    content_apply(tree=real_content_tree())
    return Curriculum.objects.get(slug="community")
