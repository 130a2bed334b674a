"""Cookies and HTTPS follow the HTTPS setting: secure by default in production, plain HTTP
when a deployment says so (its sign-in must work over HTTP)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
]


def settings_with(**env: str) -> dict:
    """The settings a fresh process reads from this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"HTTPS", "SECURE_SSL_REDIRECT"}}
    clean.update(SECRET_KEY="x", DJANGO_SETTINGS_MODULE="partnership.settings", DEBUG="0")
    clean.update(env)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # after any startup log lines


def test_production_is_https_by_default():
    found = settings_with()
    assert found == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
    }


def test_https_off_lets_cookies_work_over_plain_http():
    found = settings_with(HTTPS="0")
    assert not any(found.values())


def test_https_with_tls_ended_at_a_proxy_can_leave_redirecting_to_it():
    found = settings_with(HTTPS="1", SECURE_SSL_REDIRECT="0")
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"]
    assert not found["SECURE_SSL_REDIRECT"]


@pytest.mark.django_db
def test_sign_in_cookies_carry_secure_only_when_https(settings, client):
    from partnership.models import Role
    from tests.factories import PASSWORD, make_member, make_partnership

    user = make_member(partnership=make_partnership(), kind=Role.Kind.INDEPENDENT_CHAIR)
    for https in (False, True):
        settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = https
        client.cookies.clear()
        client.get("/accounts/login/")
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert bool(response.cookies["sessionid"]["secure"]) is https
        client.post("/accounts/logout/")
