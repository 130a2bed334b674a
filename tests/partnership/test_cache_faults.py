"""The shared cache failing: Redis gone (connections refused) or hung (accepted, never
answered). Pages and sign-in still work from the database, quickly, and the failure is
logged once per back-off window, not once per request.

The Redis here is a real socket each time: a closed port, or a loopback server that never
answers (``tests.faults``). The tests of a Redis that comes back need a real Redis at
``TEST_REDIS_URL`` (default: the local server's database 8) and are skipped without one.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from partnership.models import Role
from partnership.settings import redis_cache
from tests.factories import PASSWORD, make_member
from tests.faults import HungServer, closed_port

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def use_redis(settings, url: str, *, backoff: float = 5) -> None:
    settings.CACHE_TIMEOUT_SECONDS = 0.1
    settings.CACHES = {"default": redis_cache(url, f"test-{uuid.uuid4().hex}")}
    settings.CACHES["default"]["OPTIONS"]["BACKOFF_SECONDS"] = backoff
    settings.CACHE_IS_SHARED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def hung_redis(settings):
    server = HungServer().start()
    use_redis(settings, server.url())
    yield server
    server.stop()


@pytest.fixture
def redis_down(settings):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")


def real_redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(TEST_REDIS_URL, socket_timeout=0.5).ping())
    except Exception:
        return False


@pytest.fixture
def flaky_redis(settings):
    """A real Redis behind a proxy that can be made to hang, with a short back-off."""
    if not real_redis_answers():
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    parts = urlsplit(TEST_REDIS_URL)
    server = HungServer(upstream=(parts.hostname, parts.port or 6379)).start()
    use_redis(settings, server.url(int(parts.path.lstrip("/") or 0)), backoff=0.3)
    yield server
    server.stop()


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "partnership.cache"]


@pytest.fixture
def member(partnership, subgroup):
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)


def sign_in(client: Client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


@pytest.mark.parametrize("fault", ["hung_redis", "redis_down"])
def test_cache_calls_give_up_within_the_timeout_and_then_skip_redis(fault, request, caplog):
    request.getfixturevalue(fault)
    caplog.set_level(logging.WARNING, logger="partnership.cache")
    cache.get("warm-up")  # the client library's first import is not the fault's cost

    for _ in range(3):
        (found, took) = timed(lambda: cache.get("missing", "fallback"))
        assert found == "fallback"
        assert took < 0.5
    stored, took = timed(lambda: cache.set("k", "v"))
    assert stored is False
    assert took < 0.01  # the breaker is open: Redis is not tried at all
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("k") is False
    assert len(cache_warnings(caplog)) == 1


def test_a_hung_redis_is_logged_once_per_window_without_a_traceback(settings, caplog):
    server = HungServer().start()
    use_redis(settings, server.url(), backoff=0.2)
    caplog.set_level(logging.WARNING, logger="partnership.cache")
    try:
        for _ in range(20):
            cache.get("k")
        assert len(cache_warnings(caplog)) == 1
        time.sleep(0.25)
        for _ in range(20):
            cache.get("k")
    finally:
        server.stop()
    warnings = cache_warnings(caplog)
    assert len(warnings) == 2
    assert all(r.exc_info is None for r in warnings)
    assert "Timeout" in warnings[0].getMessage()


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["hung_redis", "redis_down"])
def test_signing_in_and_reading_pages_work_from_the_database(fault, request, member, client):
    request.getfixturevalue(fault)
    client.get("/accounts/login/")  # the first request loads the app: not the fault's cost
    (_, took) = timed(lambda: sign_in(client, member))
    assert took < 1.5
    assert Session.objects.count() == 1  # the database holds the session
    for _ in range(5):
        response, took = timed(lambda: client.get("/p/testshire/"))
        assert response.status_code == 200
        assert b"Quality Assurance Group" in response.content
        assert took < 1


@pytest.mark.django_db
def test_health_check_answers_at_once_with_redis_hung(hung_redis, client):
    response, took = timed(lambda: client.get("/healthz"))
    assert response.status_code == 200
    assert took < 0.5


@pytest.mark.django_db
def test_a_session_outlives_redis_hanging_and_coming_back(flaky_redis, member, client):
    sign_in(client, member)
    assert client.get("/p/testshire/").status_code == 200
    flaky_redis.hang()
    assert client.get("/p/testshire/").status_code == 200  # read from the database
    flaky_redis.forward()
    time.sleep(0.35)
    assert client.get("/p/testshire/").status_code == 200


@pytest.mark.django_db
def test_a_session_signed_out_while_redis_hung_is_not_served_from_it_again(
    flaky_redis, member, client
):
    sign_in(client, member)
    assert client.get("/p/testshire/").status_code == 200  # the session is now in Redis
    flaky_redis.hang()
    client.get("/p/testshire/")  # opens the breaker
    ended = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert Session.objects.count() == 0
    flaky_redis.forward()
    time.sleep(0.35)

    # The cookie of the ended session, kept by someone: the copy Redis held was deleted
    # on the first call that reached it again.
    replay = Client()
    replay.cookies["sessionid"] = ended
    response = replay.get("/p/testshire/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
