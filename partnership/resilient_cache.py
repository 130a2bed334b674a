"""The shared cache, when Redis fails: answer at once as if it held nothing.

Everything kept in the cache can be read from the database instead (pages are built
again, sessions and the signed-in user read from their tables), so a Redis that refuses
connections, or accepts them and never answers, must cost a request no more than its
socket timeout (``CACHE_TIMEOUT_SECONDS``, 0.1 s by default), and only the first request
after the failure: the failure opens a *breaker*, and for ``CACHE_BACKOFF_SECONDS``
(default 5) every cache call in the process answers "not there" without trying Redis. The
failure is logged once when the breaker opens, as one line without a traceback; the next
call after the window tries Redis again, and either closes the breaker or opens it for
another window (and logs once more).

A delete that could not reach Redis would leave a copy that must not be served again once
Redis is back: a signed-out session, a deactivated user. So every key the process could
not delete is remembered and deleted on the first call that reaches Redis again; past
``FORGOTTEN_LIMIT`` keys the process instead deletes every key under the cache's prefix.
Copies that another process (or machine) could not delete are its to delete when Redis
returns to it; each lives at most its timeout in any case (``SIGNED_IN_SECONDS``, the
session's age).
"""

from __future__ import annotations

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger("partnership.cache")

FAILURES = (ConnectionInterrupted, RedisError, OSError)
FORGOTTEN_LIMIT = 10_000
MISSING = object()


class Breaker:
    """One per Redis server per process, shared by its threads."""

    def __init__(self, location: str, backoff: float) -> None:
        self.location = location
        self.backoff = backoff
        self.open_until = 0.0
        self.lock = threading.Lock()
        self.undeleted: set[str] = set()
        self.clear_all = False

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: BaseException) -> None:
        with self.lock:
            now = time.monotonic()
            if now < self.open_until:
                return  # another thread already opened it for this window
            self.open_until = now + self.backoff
        cause = error.__cause__ or error
        logger.warning(
            "Cache unavailable at %s (%s: %s); using the database for the next %g s",
            self.location,
            type(cause).__name__,
            cause,
            self.backoff,
        )

    def remember_undeleted(self, keys) -> None:
        with self.lock:
            self.undeleted.update(keys)
            if len(self.undeleted) > FORGOTTEN_LIMIT:
                self.undeleted.clear()
                self.clear_all = True

    def take_undeleted(self) -> tuple[bool, set[str]]:
        with self.lock:
            found = (self.clear_all, self.undeleted)
            self.clear_all, self.undeleted = False, set()
        return found


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, backoff: float) -> Breaker:
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = Breaker(location, backoff)
        return _breakers[location]


class ResilientRedisCache(RedisCache):
    """django-redis's cache with a breaker (see the module's docstring).

    ``OPTIONS["BACKOFF_SECONDS"]`` sets the window; the socket timeouts are django-redis's
    own ``SOCKET_CONNECT_TIMEOUT`` and ``SOCKET_TIMEOUT``.
    """

    def __init__(self, server: str, params: dict) -> None:
        options = dict(params.get("OPTIONS", {}))
        backoff = float(options.pop("BACKOFF_SECONDS", 5))
        # Failures come to this class, not to django-redis's own logging of each one.
        options["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(f"{server} {params.get('KEY_PREFIX', '')}", backoff)

    def _call(self, name: str, fallback, *args, undeleted=(), **kwargs):
        """django-redis's ``name``, or ``fallback`` when Redis fails or the breaker is open;
        ``undeleted``: the keys a failed delete leaves to delete later."""
        if not self.breaker.is_open():
            try:
                if self.breaker.undeleted or self.breaker.clear_all:
                    self._delete_undeleted()
                return getattr(super(), name)(*args, **kwargs)
            except FAILURES as error:
                self.breaker.trip(error)
        if undeleted:
            self.breaker.remember_undeleted(undeleted)
        return fallback

    def _delete_undeleted(self) -> None:
        clear_all, keys = self.breaker.take_undeleted()
        try:
            if clear_all:
                super().delete_pattern("*")
            elif keys:
                self.client.get_client(write=True).delete(*keys)  # keys already made
        except FAILURES:
            self.breaker.remember_undeleted(keys)
            self.breaker.clear_all = self.breaker.clear_all or clear_all
            raise

    # Reads answer "not there"; writes answer "not stored".
    def get(self, key, default=None, version=None, client=None):
        return self._call("get", default, key, default=default, version=version, client=client)

    def get_many(self, keys, *args, **kwargs):
        return self._call("get_many", {}, keys, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", False, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", False, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", False, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._call("set_many", list(data), data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", False, *args, **kwargs)

    def get_or_set(self, key, default, timeout=MISSING, version=None, client=None):
        found = self.get(key, version=version, client=client)
        if found is None:
            found = default() if callable(default) else default
            if found is not None:
                kwargs = {} if timeout is MISSING else {"timeout": timeout}
                self.add(key, found, version=version, client=client, **kwargs)
        return found

    # Deletes that cannot reach Redis are remembered and done when it answers again.
    def delete(self, key, version=None, *args, **kwargs):
        made = [self.make_key(key, version=version)]
        return self._call("delete", False, key, version, *args, undeleted=made, **kwargs)

    def delete_many(self, keys, version=None, *args, **kwargs):
        made = [self.make_key(key, version=version) for key in keys]
        return self._call("delete_many", False, keys, version, *args, undeleted=made, **kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", None, *args, **kwargs)
