"""A Redis cache that degrades to "no cache" while Redis is away.

The cache is an optimisation, never a dependency: when Redis is stopped, restarting or
unreachable, every operation behaves as a miss (reads) or a no-op (writes), so pages are built
from the database, slower but correct. The backend notices by itself when Redis answers again.

Two details keep that correct rather than merely available:

* A short circuit breaker (``OPTIONS["down_seconds"]``, default 2 s) skips Redis for a moment
  after a failure, so a Redis that hangs costs one socket timeout per process, not one per
  cache call.
* A write or delete that could not reach Redis may have been an invalidation (an article
  withdrawn while Redis was away). If Redis comes back with its data (a network blip rather
  than a restart), what it holds may be stale, so the first successful contact after a lost
  write purges this site's keys before anything is read.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Health:
    """Per-process state of one Redis location, shared by the per-thread cache instances."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.lost_writes = False
        self.failures = 0
        self.last_warning = 0.0
        self.suppressed = 0


_health = {}
_health_lock = threading.Lock()


def _health_for(location):
    with _health_lock:
        return _health.setdefault(location, _Health())


class _ReusedClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` on every call, and redis-py registers about
    170 response callbacks in each: more than half of what serving a cached page cost. A
    ``redis.Redis`` is safe to share (it only borrows connections from its pool), so one per
    pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose operations never raise because Redis is unavailable."""

    warning_interval = 30.0  # seconds between two warnings of one outage (rate limit)

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        options = params["OPTIONS"]
        self.down_seconds = float(options.pop("down_seconds", 2.0))
        # redis-py's client-level default retries three times with exponential backoff (up to
        # seconds per call); here one immediate retry is enough to replace a pooled socket that
        # died with a Redis restart, and anything longer would stall requests during an outage.
        options.setdefault("retry", Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)))
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, params)
        self._class = _ReusedClient
        self._health = _health_for(repr(self._servers) + self.key_prefix)

    # -- the guard -------------------------------------------------------------------------

    def _available(self, *, write):
        health = self._health
        if health.down_until and time.monotonic() < health.down_until:
            if write:
                health.lost_writes = True
            return False
        if health.lost_writes or health.failures:
            return self._recover()
        return True

    def _recover(self):
        """First contact after an outage: purge what may be stale, then use Redis again."""
        health = self._health
        with health.lock:
            if not (health.lost_writes or health.failures):
                return True  # another thread recovered meanwhile
            try:
                if health.lost_writes:
                    purged = self._purge_site_keys()
                    logger.warning(
                        "Redis cache is back; purged %d keys that may have missed an "
                        "invalidation while it was unreachable",
                        purged,
                    )
                else:
                    self._cache.get_client(write=False).ping()
                    logger.warning("Redis cache is back after %d failed calls", health.failures)
            except UNAVAILABLE as exc:
                self._failed(exc, write=False)
                return False
            health.lost_writes = False
            health.failures = 0
            health.down_until = 0.0
            health.suppressed = 0
            return True

    def _purge_site_keys(self):
        client = self._cache.get_client(write=True)
        if not self.key_prefix:
            client.flushdb()
            return -1
        purged = 0
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                purged += client.delete(*batch)
                batch = []
        if batch:
            purged += client.delete(*batch)
        return purged

    def _failed(self, exc, *, write):
        health = self._health
        now = time.monotonic()
        health.failures += 1
        health.down_until = now + self.down_seconds
        if write:
            health.lost_writes = True
        if now - health.last_warning >= self.warning_interval:
            logger.warning(
                "Redis cache unavailable (%s: %s); serving without the cache%s",
                type(exc).__name__,
                exc,
                f" ({health.suppressed} similar warnings suppressed)" if health.suppressed else "",
            )
            health.last_warning = now
            health.suppressed = 0
        else:
            health.suppressed += 1

    def _call(self, method, *args, write, fallback, **kwargs):
        if not self._available(write=write):
            return fallback
        try:
            return method(*args, **kwargs)
        except UNAVAILABLE as exc:
            self._failed(exc, write=write)
            return fallback

    # -- the cache API -----------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, write=True, fallback=False)

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, write=False, fallback=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, key, value, timeout, version, write=True, fallback=None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, write=True, fallback=False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, write=True, fallback=False)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, write=False, fallback={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, write=False, fallback=False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(super().incr, key, delta, version, write=True, fallback=missing)
        if result is missing:
            # Django's contract for a key the cache does not hold; callers already handle it.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = list(data)
        return self._call(super().set_many, data, timeout, version, write=True, fallback=failed)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, keys, version, write=True, fallback=None)

    def clear(self):
        return self._call(super().clear, write=True, fallback=False)
