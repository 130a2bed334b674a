"""Every URL of the permission matrix: nothing but a public page may be kept by a browser or
a proxy (``Cache-Control: private, no-store``); public pages and static files keep their
caching."""

from __future__ import annotations

import pytest
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.trust import matrix as m
from tests.trust.demo_data.helpers import build_url, case_for, request, url_names

pytestmark = pytest.mark.django_db

# Published reports: the same for everyone who is not signed in.
PUBLIC = {
    "scrutiny:public_index",
    "scrutiny:public_partnership",
    "reports:published_list",
    "reports:published_html",
    "reports:published_pdf",
}
NAMES = [n for n in url_names() if not n.startswith("admin:")] + ["admin:index"]


def _readers(name: str) -> list[str]:
    """Not signed in, and the first signed-in role the matrix lets through."""
    case = case_for(name)
    allowed = [r for r in m.ROLES if r != m.ANON and case.get.expected(r) == m.OK]
    return [m.ANON, *allowed[:1]]


@pytest.mark.parametrize("name", NAMES)
def test_every_url_sends_private_no_store_unless_public(name, demo, as_role):
    url = build_url(name, case_for(name), demo["home"])
    if url is None:
        pytest.skip(f"the demo has no record for {name}")
    wrong = []
    for role in _readers(name):
        response, _ = request(as_role(role), "GET", url)
        header = response.get("Cache-Control", "")
        if name in PUBLIC and role == m.ANON:
            if "no-store" in header:
                wrong.append(f"{url} (public) as {role}: {header}")
        elif header != "private, no-store":
            wrong.append(f"{url} as {role} ({response.status_code}): {header!r}")
    assert not wrong, "\n".join(wrong)


def test_static_files_keep_their_caching(demo):
    response = Client().get(static("build/app.css"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


def test_a_page_served_from_the_cache_carries_the_header(demo, as_role, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client = as_role(m.BM)
    url = reverse("partnership:dashboard", args=[demo["home"].slug])
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(queries) < 10  # served from the cache, not built again
    assert first["Cache-Control"] == second["Cache-Control"] == "private, no-store"


def test_a_public_page_for_a_signed_in_reader_is_private(demo, as_role):
    response = as_role(m.SCRUTINY).get(reverse("scrutiny:public_index"))
    assert response["Cache-Control"] == "private, no-store"
