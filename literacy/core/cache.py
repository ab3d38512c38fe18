"""Django's Redis cache backend, made to degrade instead of fail when Redis is unreachable.

Every client call that hits a connection or timeout error is logged and answered from a
per-process memory cache instead, and so is every call for ``RETRY_AFTER`` seconds after a
failure (one request does not pay the connect timeout per call). Rate limits (allauth's and
ours) therefore keep counting while Redis is down, per web process: throttling never fails open.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
# While Redis is down: this process's own memory (keys already carry the Redis key prefix).
_LOCAL = LocMemCache("wai-redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 20000}})
_METHODS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many")


class ResilientRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool id -> redis.Redis

    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, made once: Django makes a new one per call,
        and building one (its table of response callbacks) cost more than the call itself. A client
        is thread-safe, it borrows a connection from the pool per command."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _guard(self, name, *args):
        if time.monotonic() >= ResilientRedisCacheClient._down_until:
            try:
                return getattr(super(), name)(*args)
            except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                ResilientRedisCacheClient._down_until = time.monotonic() + RETRY_AFTER
                logger.warning("Redis cache unavailable (%s); using this process's memory", exc)
        return getattr(_LOCAL, name)(*args)

    def clear(self):
        _LOCAL.clear()
        if time.monotonic() < ResilientRedisCacheClient._down_until:
            return False
        try:
            return super().clear()
        except (RedisConnectionError, RedisTimeoutError, OSError):
            ResilientRedisCacheClient._down_until = time.monotonic() + RETRY_AFTER
            return False


def _delegate(name):
    def method(self, *args):
        return self._guard(name, *args)

    method.__name__ = name
    return method


for _name in _METHODS:
    setattr(ResilientRedisCacheClient, _name, _delegate(_name))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def reachable(self) -> bool:
        """Whether Redis itself answers (the health check; the fallback would hide an outage)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except (RedisConnectionError, RedisTimeoutError, OSError):
            ResilientRedisCacheClient._down_until = time.monotonic() + RETRY_AFTER
            return False
