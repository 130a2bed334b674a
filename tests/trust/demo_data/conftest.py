"""Demo data for the tests in this package: loaded once, inside a transaction that is
rolled back when the package's tests are done, so no other test ever sees it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from partnership.models import Partnership, User
from tests.factories import verify_otp
from tests.trust import matrix as m
from tests.trust.demo_data.completing import complete


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=open("/dev/null", "w"))
            User.objects.filter(username=m.ROLE_USERS[m.BM]).update(is_staff=True)
            User.objects.create_user("no.role", password="unused-password-123")
            User.objects.create_superuser("root", password="unused-password-123")
            _issue_feed_tokens()
            home = Partnership.objects.get(slug="worcestershire")
            other = Partnership.objects.get(slug="walsall")
            complete(home, other)
            yield {"home": home, "other": other}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _issue_feed_tokens():
    from scrutiny.models import FeedToken

    for slug, bm in (("worcestershire", "bm.worcs"), ("walsall", "bm.walsall")):
        p = Partnership.objects.get(slug=slug)
        user = User.objects.get(username=bm)
        _, secret = FeedToken.issue(
            user=user, partnership=p, kind=FeedToken.Kind.UPDATES, subgroup=None
        )
        m.FEED_SECRETS[(slug, "updates")] = secret
        _, secret = FeedToken.issue(
            user=user, partnership=p, kind=FeedToken.Kind.CALENDAR, subgroup=m.qapp(p)
        )
        m.FEED_SECRETS[(slug, "calendar")] = secret


@pytest.fixture(scope="package")
def role_sessions(demo, django_db_blocker):
    """One signed-in session per role, made once (inside the demo's transaction)."""
    sessions: dict[str, str] = {}
    with django_db_blocker.unblock():
        for role in m.ROLES:
            username = {m.PUBLIC: "no.role", m.SUPERUSER: "root"}.get(role, m.ROLE_USERS.get(role))
            if not username:
                continue
            client = Client()
            user = User.objects.get(username=username)
            client.force_login(user, backend="partnership.auth.CachedModelBackend")
            verify_otp(client, user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture
def as_role(role_sessions, db):
    """A client per role for this test, carrying that role's session.

    Whatever a test's requests do to the session (sign out, a new key) is rolled back
    with the test, and the next test starts again from the same session."""
    clients: dict[str, Client] = {}

    def client_for(role: str) -> Client:
        if role not in clients:
            client = Client()
            if role in role_sessions:
                client.cookies[settings.SESSION_COOKIE_NAME] = role_sessions[role]
            clients[role] = client
        return clients[role]

    return client_for
