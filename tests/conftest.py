import pytest
from django.conf import settings as django_settings

from partnership.models import Role
from tests.factories import make_member, make_partnership, make_subgroup


def pytest_configure(config):
    # WhiteNoise indexes every static file each time a request handler starts, and every
    # test client starts one (about a fifth of a second each). In tests it looks a file up
    # when one is asked for instead; what it serves is the same.
    django_settings.WHITENOISE_AUTOREFRESH = True
    # Papers stored by any test go to a folder of this run, never the working tree.
    import tempfile

    django_settings.STORAGES = {
        **django_settings.STORAGES,
        "papers": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tempfile.mkdtemp(prefix="test-papers-")},
        },
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing is deliberately slow in production; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def no_page_cache(settings):
    """Every request builds its page: for tests that count the queries of building one."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on loopback; the app sends to it. ``mail_server.inbox.messages``."""
    from tests.mailserver import MailServer

    server = MailServer().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


@pytest.fixture
def run_tasks():
    """Run every queued background task, as ``manage.py db_worker --batch`` does."""
    from django.core.management import call_command

    def _run():
        from django.db import connection

        # The worker closes a connection left inside a transaction (as it must between
        # tasks), which on PostgreSQL ends the test's own: such tests need committed data.
        assert not connection.in_atomic_block, "run_tasks needs django_db(transaction=True)"
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return _run


@pytest.fixture
def partnership(db):
    return make_partnership(name="Testshire Safeguarding Children Partnership", slug="testshire")


@pytest.fixture
def other_partnership(db):
    return make_partnership(name="Elsewhere Safeguarding Children Partnership", slug="elsewhere")


@pytest.fixture
def subgroup(partnership):
    return make_subgroup(partnership=partnership, name="Quality Assurance Group", slug="qa")


@pytest.fixture
def login(client):
    """Sign a client in as a user: ``login(user)`` returns the client."""

    def _login(user, c=None):
        c = c or client
        c.force_login(user, backend="partnership.auth.CachedModelBackend")
        # Business managers and the case review group must pass a one-time password;
        # mark every test session as having done so (as django_otp.login would).
        from tests.factories import verify_otp

        verify_otp(c, user)
        return c

    return _login


@pytest.fixture
def business_manager(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER)


@pytest.fixture
def chair(partnership, subgroup):
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=subgroup)


@pytest.fixture
def scrutiny_member(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER)


@pytest.fixture
def outsider(other_partnership):
    """A business manager of another partnership."""
    return make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER)
