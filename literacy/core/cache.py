"""Django's Redis cache backend, made to degrade instead of fail when Redis is unreachable.

Every client call that hits a connection or timeout error is logged and answered as a cache miss
(``add`` answers True so callers that take a lock, like allauth's rate limiter, go ahead: rate
limits fail open during an outage rather than locking everyone out). After a failure the client
skips Redis for ``RETRY_AFTER`` seconds, so one request does not pay the connect timeout per call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
_FALLBACKS = {
    "add": True,
    "get": None,  # replaced by the caller's default
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": False,
}


class ResilientRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def _guard(self, name, *args, default=None):
        fallback = default if name == "get" else _FALLBACKS.get(name)
        if time.monotonic() < ResilientRedisCacheClient._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args)
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            ResilientRedisCacheClient._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Redis cache unavailable (%s); serving without cache", exc)
            return fallback

    def add(self, key, value, timeout):
        return self._guard("add", key, value, timeout)

    def get(self, key, default):
        return self._guard("get", key, default, default=default)

    def set(self, key, value, timeout):
        return self._guard("set", key, value, timeout)

    def touch(self, key, timeout):
        return self._guard("touch", key, timeout)

    def delete(self, key):
        return self._guard("delete", key)

    def get_many(self, keys):
        return self._guard("get_many", keys)

    def has_key(self, key):
        return self._guard("has_key", key)

    def incr(self, key, delta):
        if time.monotonic() < ResilientRedisCacheClient._down_until:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        try:
            return super().incr(key, delta)
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            ResilientRedisCacheClient._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Redis cache unavailable (%s)", exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from exc

    def set_many(self, data, timeout):
        return self._guard("set_many", data, timeout)

    def delete_many(self, keys):
        return self._guard("delete_many", keys)

    def clear(self):
        return self._guard("clear")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
