"""The signed-in authenticator, kept in a shared cache; the account, never (``partnership.auth``).

These tests stand in this process's memory for the shared cache (``CACHE_IS_SHARED``):
what matters is that a change to the account or the device is seen on the next request.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role
from tests.factories import PASSWORD, make_member

User = get_user_model()


@pytest.fixture
def shared_cache(settings):
    settings.CACHE_IS_SHARED = True
    cache.clear()
    yield
    cache.clear()


def tables_read(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, " ".join(q["sql"] for q in queries.captured_queries)


@pytest.fixture
def dashboard(partnership):
    return reverse("partnership:dashboard", args=[partnership.slug])


def test_the_device_is_read_once_then_from_the_cache_and_the_account_every_time(
    shared_cache, login, business_manager, dashboard
):
    client = login(business_manager)
    client.get(dashboard)
    status, sql = tables_read(client, dashboard)
    assert status == 200
    # The account is read on every request, so that deactivating it takes effect at once
    # in every worker whatever the cache holds (tests/accounts/test_leaving.py).
    assert User._meta.db_table in sql
    assert TOTPDevice._meta.db_table not in sql


def test_without_a_shared_cache_every_request_reads_them(
    settings, login, business_manager, dashboard
):
    settings.CACHE_IS_SHARED = False
    client = login(business_manager)
    client.get(dashboard)
    _status, sql = tables_read(client, dashboard)
    assert User._meta.db_table in sql and TOTPDevice._meta.db_table in sql


def test_a_deactivated_account_is_signed_out_on_its_next_request(
    shared_cache, login, business_manager, dashboard
):
    client = login(business_manager)
    assert client.get(dashboard).status_code == 200
    business_manager.is_active = False
    business_manager.save()
    response = client.get(dashboard)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_changed_password_ends_the_other_sessions(shared_cache, login, partnership, dashboard):
    user = make_member(partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER)
    client = login(user)
    assert client.get(dashboard).status_code == 200
    user.set_password(PASSWORD + "-changed")
    user.save()
    response = client.get(dashboard)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_removed_authenticator_asks_for_a_code_again(
    shared_cache, login, business_manager, dashboard
):
    client = login(business_manager)
    assert client.get(dashboard).status_code == 200
    TOTPDevice.objects.filter(user=business_manager).delete()
    response = client.get(dashboard)
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]
