"""Production settings: check --deploy is clean, headers are strict, errors reveal nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_nothing_with_production_environment():
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a
        # production environment never has it.
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        SECRET_KEY="k3P9-production-like-secret-with-plenty-of-entropy-0aZx7Qw2Lm5Nb8Vc",
        DEBUG="0",
        ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="partnership.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _without_a_key(*command: str):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    for command in (["check"], ["migrate", "--plan"]):
        result = _without_a_key(*command)
        assert result.returncode != 0, command
        assert "Set SECRET_KEY" in result.stderr


def test_the_missing_migrations_check_needs_no_secret_key():
    result = _without_a_key("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_settings_are_production_safe_when_debug_is_off():
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.X_FRAME_OPTIONS == "DENY"


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    response = client.get("/accounts/login/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_content_security_policy_allows_only_the_apps_own_assets(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    for name in ("default-src", "script-src", "style-src", "font-src", "base-uri", "form-action"):
        assert directives[name] == ["'self'"], name
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_session_cookie_is_http_only(client, chair):
    client.get("/accounts/login/", secure=True)
    response = client.post(
        "/accounts/login/", {"username": chair.username, "password": PASSWORD}, secure=True
    )
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert client.cookies[settings.CSRF_COOKIE_NAME]["secure"]


@pytest.mark.urls("tests.trust.error_urls")
@pytest.mark.django_db
def test_a_failing_page_shows_the_custom_500_page_and_nothing_of_the_error(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    for secret in ("hunter2", "SecretFailure", "Traceback", "settings.py", "/srv/"):
        assert secret not in page


@pytest.mark.django_db
def test_404_page_is_the_custom_one_and_names_no_internals(client, login, chair):
    response = login(chair).get("/p/no-such-place/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page
    assert "No such partnership" not in page and "Traceback" not in page
    assert "URLconf" not in page


@pytest.mark.django_db
def test_403_page_is_the_custom_one(login, partnership, scrutiny_member):
    response = login(scrutiny_member).get(f"/p/{partnership.slug}/people/")
    assert response.status_code == 403
    assert "You do not have permission to do this" in response.content.decode()


def test_debug_pages_are_off():
    assert settings.DEBUG is False
    assert "debug_toolbar" not in settings.INSTALLED_APPS
