"""Published content read from the shared cache (Redis) instead of PostgreSQL.

Lessons, units, curricula, techniques and quizzes change only when the content is loaded (or an
admin saves one), while every page view read them again: three queries for a lesson page, two for
the home page. Each cached read is keyed by a *content version*, one random value in the cache;
changing any of those rows replaces the version (``content_changed``, called by ``content_apply``
on commit and by the model signals wired in ``CurriculaConfig.ready``), so every page built from
the old content is ignored from that moment on. Entries also expire after ``TTL`` seconds, which
bounds staleness if a version change itself was lost (Redis down at that instant: the per-process
fallback cache then held it). Editors, who may preview unpublished content, never read from here.
Each process also keeps the values of the current version in memory, so a page pays one cache
read (the version) instead of a read and an unpickling per value.
"""

import secrets
import time

from django.core.cache import cache

VERSION_KEY = "curricula:content-version"
TTL = 600  # seconds


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY) or ""
    return version


def content_changed(**_signal_kwargs) -> None:
    """Every cached read of the content is stale from now on (usable as a signal receiver)."""
    cache.set(VERSION_KEY, secrets.token_hex(8), None)


# This process's copies of the current version's values: a hit costs one cache read (the version)
# and no unpickling. Shared between requests, so callers treat the values as read-only.
_local: dict[str, tuple[float, object]] = {}  # key -> (expires, value)
_local_version = [""]


def cached(key: str, build):
    """``build()``'s value for ``key`` under the current content version; None is not cached."""
    version = content_version()
    if _local_version[0] != version:
        _local.clear()
        _local_version[0] = version
    hit = _local.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    full_key = f"curricula:{version}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(full_key, value, TTL)
    if value is not None:
        _local[key] = (time.monotonic() + TTL, value)
    return value
