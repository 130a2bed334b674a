"""Single sign-on in Chromium against a real OpenID Connect provider: the npm package
oidc-provider (pinned in package.json), started from tests/oidc/provider.mjs on a free
loopback port. The app discovers it, redirects to it, the browser signs in there and
comes back signed in; each refusal has a clear page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from accounts import sso
from partnership.models import Role
from tests.browser.conftest import click_and_wait
from tests.factories import make_member, make_otp_device
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db(transaction=True)
SCRIPT = Path(django_settings.BASE_DIR) / "tests" / "oidc" / "provider.mjs"
SECRET = "test-client-secret-not-real"


@pytest.fixture
def provider(live_server, tmp_path, settings, testshire):
    node = shutil.which("node")
    if (
        node is None
        or not (Path(django_settings.BASE_DIR) / "node_modules" / "oidc-provider").is_dir()
    ):
        pytest.skip("Node.js and `npm ci` are needed for the test provider")
    port = free_port()
    redirect = f"{live_server.url}/accounts/sso/callback/"
    config = {
        "clients": [
            {"client_id": "governance", "client_secret": SECRET, "redirect_uris": [redirect]},
            {"client_id": "other-app", "client_secret": SECRET, "redirect_uris": [redirect]},
        ],
        "accounts": {
            "verified.mfa": {
                "email": "lead@testshire.example",
                "email_verified": True,
                "amr": ["pwd", "mfa"],
            },
            "verified.pwd": {
                "email": "lead@testshire.example",
                "email_verified": True,
                "amr": ["pwd"],
            },
            "unverified": {"email": "lead@testshire.example", "email_verified": False},
            "unknown": {"email": "stranger@elsewhere.example", "email_verified": True},
            "deactivated": {"email": "gone@testshire.example", "email_verified": True},
        },
    }
    path = tmp_path / "provider.json"
    path.write_text(json.dumps(config))
    process = subprocess.Popen(
        [node, str(SCRIPT), str(port), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    seen = []
    for line in process.stdout:  # the package prints warnings first
        seen.append(line)
        if line.startswith("ready"):
            break
    else:
        process.kill()
        pytest.fail("the test provider did not start: " + "".join(seen))
    issuer = line.split()[1]
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = settings.OIDC_AUDIENCE = "governance"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    sso._discovered.clear()
    yield issuer
    process.terminate()
    process.wait(timeout=10)
    sso._discovered.clear()


@pytest.fixture
def lead(testshire):
    user = make_member(partnership=testshire, kind=Role.Kind.BUSINESS_MANAGER)
    user.email = "lead@testshire.example"
    user.save()
    make_otp_device(user=user)
    return user


def sign_in_at_provider(pg, account: str) -> None:
    pg.goto("/accounts/login/")
    click_and_wait(pg, pg.get_by_role("link", name="Sign in with your organisation's account"))
    assert pg.url.startswith(django_settings.OIDC_ISSUER)  # redirected to the provider
    pg.get_by_label("Account").fill(account)
    click_and_wait(pg, pg.get_by_role("button", name="Sign in at the provider"))
    pg.wait_for_load_state("load")


def test_the_app_discovers_the_provider_and_signs_in_with_it(page, provider, lead, check_page):
    page.goto("/accounts/login/")
    check_page(page, context="sign-in with single sign-on")
    sign_in_at_provider(page, "verified.mfa")
    # The provider asserted multi-factor authentication: no code from the app.
    assert page.url.endswith("/p/testshire/"), page.url
    check_page(page, context="signed in by single sign-on")
    assert sso.discovery()["issuer"] == provider


def test_without_mfa_from_the_provider_the_app_asks_for_its_code(page, provider, lead):
    sign_in_at_provider(page, "verified.pwd")
    assert "/accounts/otp/verify/" in page.url


@pytest.mark.parametrize(
    ("account", "heading"),
    [
        ("unverified", "Your email address is not verified"),
        ("unknown", "You do not have a sign-in here yet"),
        ("deactivated", "Your sign-in has been deactivated"),
    ],
)
def test_refusals_have_clear_pages(page, provider, lead, testshire, check_page, account, heading):
    gone = make_member(partnership=testshire, kind=Role.Kind.INDEPENDENT_CHAIR)
    gone.email = "gone@testshire.example"
    gone.is_active = False
    gone.save()
    sign_in_at_provider(page, account)
    assert page.locator("h1").inner_text() == heading
    if account == "unknown":
        assert "business manager" in page.locator("#reason").inner_text()
    check_page(page, context=f"refused: {account}")
    page.goto("/p/testshire/")
    assert "/accounts/login/" in page.url  # not signed in


def test_a_token_for_another_audience_is_refused(page, provider, lead, settings, check_page):
    settings.OIDC_RP_CLIENT_ID = "other-app"  # the provider answers for another application
    sign_in_at_provider(page, "verified.mfa")
    assert page.locator("h1").inner_text() == "That sign-in was not meant for this service"
    check_page(page, context="refused: wrong audience")
    page.goto("/p/testshire/")
    assert "/accounts/login/" in page.url
