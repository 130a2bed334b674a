"""Browser journeys: Playwright for Python driving the system's Chromium against a live server.

One Chromium process serves the whole session; every test gets a fresh browser context
(its own cookies) on pytest-django's ``live_server``. Without Chromium the tests skip.

Helpers every journey uses:

- ``sign_in(page, user)``: a signed-in session (one-time password passed) without
  typing anything; the sign-in form itself is exercised by its own journeys.
- ``check_page(page)``: axe-core finds no WCAG 2.2 A/AA violation, exactly one h1, and
  the browser reported no Content-Security-Policy or script error on the page.
- ``check_error_summary_links(page)``: every link in the GOV.UK error summary moves
  focus to its field.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (building records, checking the database) would otherwise be refused.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BASE_DIR = Path(django_settings.BASE_DIR)
AXE_CANDIDATES = [
    BASE_DIR / "static" / "govuk" / "axe.min.js",
    BASE_DIR / "node_modules" / "axe-core" / "axe.min.js",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="Chromium not installed: apt-get install chromium")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not chromium_available():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        pytest.skip("Chromium not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    for candidate in AXE_CANDIDATES:
        if candidate.is_file():
            return candidate.read_text()
    pytest.fail("axe-core not found: run `npm ci && npm run build`")


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but static files come through WhiteNoise as in production.

    The stock live server serves /static/ from the source folders, which do not hold the
    hashed names the manifest storage puts in pages; WhiteNoise serves the collected files.
    """
    from django.urls import get_resolver
    from pytest_django.live_server_helper import LiveServer

    get_resolver().url_patterns  # noqa: B018 - import every view now, not in a test's first page

    addr = request.config.getvalue("liveserver") or os.getenv(
        "DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    yield server
    server.stop()


def _no_static_handler(application):
    return application


@pytest.fixture
def testshire(db):
    """The partnership every journey takes place in: its pages live under /p/testshire/."""
    from tests.factories import make_partnership

    return make_partnership(
        name="Testshire Safeguarding Children Partnership", slug="testshire", short_name="TSCP"
    )


@pytest.fixture
def qa_group(testshire):
    from tests.factories import make_subgroup

    return make_subgroup(partnership=testshire, name="Quality Assurance Group", slug="qa")


@pytest.fixture
def http_cookies(settings):
    """The live server speaks plain HTTP, so the session and CSRF cookies may not be Secure."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0


def new_page(browser, base_url: str):
    """A page in a browser context of its own (its own cookies), watched for errors."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    pg.problems = []  # console errors and uncaught exceptions, checked by check_page
    pg.on("console", lambda msg: _note_console(pg, msg))
    pg.on("pageerror", lambda exc: pg.problems.append(f"script error: {exc}"))
    return pg


@pytest.fixture
def page(browser, live_server, http_cookies):
    pg = new_page(browser, live_server.url)
    yield pg
    pg.context.close()


def _note_console(pg, msg) -> None:
    if msg.type != "error":
        return
    url = (msg.location or {}).get("url", "")
    # The browser asks for /favicon.ico on its own; and a page answered with a 4xx status
    # (an invalid form's 400, the lockout's 429) is the page itself, not a resource
    # failing to load.
    if url.endswith("favicon.ico") or (url == pg.url and "status of 4" in msg.text):
        return
    pg.problems.append(f"console {msg.type}: {msg.text} ({url})")


@pytest.fixture
def sign_in(live_server):
    """``sign_in(page, user)``: give the page's browser context a signed-in session."""
    from django.test import Client

    from tests.factories import verify_otp

    def _sign_in(pg, user):
        client = Client()
        client.force_login(user, backend="partnership.auth.CachedModelBackend")
        # Business managers and the case review group also pass the one-time password.
        verify_otp(client, user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        pg.context.clear_cookies()
        pg.context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        return pg

    return _sign_in


@pytest.fixture
def check_page(axe_source):
    """Run axe-core (WCAG 2.2 A and AA) on the page as it is now; fail on any violation."""

    def _check(pg, *, context: str = ""):
        where = context or pg.url
        pg.wait_for_load_state("load")
        assert pg.locator("h1").count() == 1, f"{where}: a page has exactly one h1"
        if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP does not block it.
            pg.evaluate(axe_source)
        result = pg.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(
                        n => n.target.join(' ') + ' :: ' + n.failureSummary)
                }));
            }""",
            AXE_TAGS,
        )
        assert not result, f"{where}: accessibility violations:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
            for v in result
        )
        problems, pg.problems[:] = list(pg.problems), []
        assert not problems, f"{where}: the browser reported errors:\n" + "\n".join(problems)

    return _check


@pytest.fixture
def check_error_summary_links():
    """After an invalid submit: each error-summary link focuses the field it names."""

    def _check(pg, *, expect_at_least: int = 1) -> list[str]:
        summary = pg.locator(".govuk-error-summary")
        assert summary.count() == 1, f"{pg.url}: an invalid submit shows one error summary"
        links = summary.locator("a")
        n = links.count()
        assert n >= expect_at_least, f"{pg.url}: the error summary lists {n} errors"
        targets = []
        for i in range(n):
            link = links.nth(i)
            target = link.get_attribute("href")
            assert target and target.startswith("#"), f"error link {target!r} is not a fragment"
            field_id = target[1:]
            assert pg.locator(f"[id='{field_id}']").count() == 1, f"{target} names no element"
            link.click()
            focused = pg.evaluate("() => document.activeElement && document.activeElement.id")
            assert focused == field_id, (
                f"{pg.url}: clicking the error '{link.inner_text()}' focused "
                f"'{focused}', not the field '{field_id}'"
            )
            targets.append(field_id)
        return targets

    return _check


def tab_to(pg, selector: str, *, limit: int = 150) -> None:
    """Press Tab until an element matching the CSS ``selector`` has focus (keyboard only)."""
    assert pg.locator(selector).count(), f"nothing on {pg.url} matches {selector}"
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} could not be reached with the Tab key on {pg.url}")


def tab_to_control(pg, text: str, *, limit: int = 150) -> None:
    """Press Tab until a link or button whose visible text starts with ``text`` has focus."""
    script = """(t) => { const el = document.activeElement; if (!el) return false;
        const label = (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim();
        return ['A', 'BUTTON', 'INPUT'].includes(el.tagName) && label.startsWith(t); }"""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate(script, text):
            return
    raise AssertionError(f"no link or button '{text}' could be reached with Tab on {pg.url}")


def click_and_wait(pg, locator) -> None:
    """Click something that loads a new page (a link or a submit button) and wait for it."""
    with pg.expect_navigation():
        locator.click()


def press_and_wait(pg, key: str) -> None:
    """Press a key that loads a new page (Enter on a link or a button) and wait for it."""
    with pg.expect_navigation():
        pg.keyboard.press(key)
