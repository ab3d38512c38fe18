import logging

from django.core.cache import cache
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def health_status() -> dict:
    """Whether the database and the cache answer. No versions, hosts or secrets."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    return {"ok": all(checks.values()), "checks": checks}


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False


def _cache_ok() -> bool:
    if hasattr(cache, "reachable"):
        return cache.reachable()
    probe = "healthz:probe"
    cache.set(probe, "1", 10)
    return cache.get(probe) == "1"
