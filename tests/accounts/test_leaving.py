"""Leaving: deactivating a sign-in ends its sessions at once, in every worker and every
cached copy, even through ``QuerySet.update`` or while Redis is unreachable; reactivating
brings none back. The history says who did it.

The shared-cache tests use the real Redis server (``REDIS_URL``, database 4 by default) for
the cache and the cached sessions, and a port where nothing listens for Redis being
unreachable; they skip when no Redis is running.
"""

from __future__ import annotations

import os
import socket

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from partnership.models import Role
from tests.factories import make_member
from tests.mailserver import free_port

User = get_user_model()
pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def redis_running() -> bool:
    host, port = "127.0.0.1", 6379
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def cache_at(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-leaving-{os.getpid()}",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }


@pytest.fixture
def shared_redis(settings):
    if not redis_running():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings.CACHES = cache_at(REDIS_URL)
    settings.CACHE_IS_SHARED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    from django.core.cache import cache

    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def member(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR)


def signed_out(client, partnership) -> bool:
    response = client.get(f"/p/{partnership.slug}/")
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deactivating_from_the_person_page_ends_the_session_and_records_who(
    login, business_manager, member, partnership
):
    session = login(member, Client())
    assert not signed_out(session, partnership)
    person = member.people.get()
    bm = login(business_manager)
    response = bm.post(f"/p/{partnership.slug}/people/{person.pk}/sign-in/deactivate/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert signed_out(session, partnership)
    row = member.history.latest()
    assert row.history_user == business_manager
    assert row.history_change_reason.startswith("Sign-in deactivated by")
    assert row.is_active is False
    # Reactivating does not bring the old session back.
    bm.post(f"/p/{partnership.slug}/people/{person.pk}/sign-in/reactivate/")
    member.refresh_from_db()
    assert member.is_active
    assert signed_out(session, partnership)
    assert member.history.latest().history_change_reason.startswith("Sign-in reactivated by")
    page = bm.get(f"/p/{partnership.slug}/people/{person.pk}/sign-in/").content.decode()
    assert "Sign-in deactivated by" in page and "Sign-in reactivated by" in page


def test_deactivating_with_queryset_update_ends_sessions_in_the_shared_cache(
    shared_redis, login, member, partnership
):
    session = login(member, Client())
    assert not signed_out(session, partnership)
    assert not signed_out(session, partnership)  # now served from the cached session
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert signed_out(session, partnership)
    User.objects.filter(pk=member.pk).update(is_active=True)
    assert signed_out(session, partnership)


def test_deactivating_while_redis_is_unreachable_still_ends_the_session(
    shared_redis, login, member, partnership
):
    from django.core.cache import cache

    session = login(member, Client())
    assert not signed_out(session, partnership)
    key = session.cookies["sessionid"].value
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None  # kept in Redis
    # Redis goes away: nothing listens on this port. The deactivation cannot reach the
    # cache, so the cached copy of the session stays in the real Redis.
    shared_redis.CACHES = cache_at(f"redis://127.0.0.1:{free_port()}/0")
    member.is_active = False
    member.save()
    assert signed_out(session, partnership)
    # Reactivated while Redis is still away, then Redis comes back with the stale session
    # in it: the session stays ended.
    member.refresh_from_db()
    member.is_active = True
    member.save()
    shared_redis.CACHES = cache_at(REDIS_URL)
    from django.core.cache import cache as back

    assert back.get(f"django.contrib.sessions.cached_db{key}") is not None
    assert signed_out(session, partnership)


def test_a_business_manager_cannot_deactivate_someone_with_roles_elsewhere(
    login, business_manager, member, partnership, other_partnership
):
    from tests.factories import make_person, make_role

    elsewhere = make_person(partnership=other_partnership, user=member)
    make_role(person=elsewhere, kind=Role.Kind.SCRUTINY_MEMBER)
    bm = login(business_manager)
    person = member.people.get(partnership=partnership)
    response = bm.post(f"/p/{partnership.slug}/people/{person.pk}/sign-in/deactivate/", follow=True)
    assert "also used in another partnership" in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_only_the_business_manager_deactivates(login, chair, member, partnership, outsider):
    person = member.people.get()
    url = f"/p/{partnership.slug}/people/{person.pk}/sign-in/deactivate/"
    assert login(chair).post(url).status_code == 403
    assert login(outsider, Client()).post(url).status_code == 404
    member.refresh_from_db()
    assert member.is_active


def test_a_partnership_that_requires_single_sign_on_refuses_passwords(client, member, partnership):
    from tests.factories import PASSWORD

    partnership.requires_sso = True
    partnership.save()
    response = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Your partnership signs in with your organisation" in response.content.decode()
    assert "_auth_user_id" not in client.session
    partnership.requires_sso = False
    partnership.save()
    response = client.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
