"""Every URL of the product, as every role, GET and POST, against the permission matrix.

The demo data is loaded once for this package (see conftest.py) inside a transaction that
is rolled back at the end, and every test runs in its own savepoint.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.trust import matrix as m
from tests.trust.demo_data.helpers import (
    _is_unscoped_admin,
    build_url,
    case_for,
    outcome,
    request,
    unnamed_patterns,
    url_names,
)

APP_NAMES = [n for n in url_names() if not n.startswith("admin:")]
ADMIN_NAMES = [n for n in url_names() if n.startswith("admin:")]


def test_every_url_has_a_matrix_entry():
    missing = [n for n in APP_NAMES if n not in m.MATRIX]
    stale = [n for n in m.MATRIX if n not in APP_NAMES]
    assert not missing, f"Add these URLs to tests/trust/matrix.py: {missing}"
    assert not stale, f"These matrix entries name no URL any more: {stale}"
    unknown = [name for name in ADMIN_NAMES if m.admin_rule(name) is None]
    assert not unknown, f"Say in tests/trust/matrix.py admin_rule who may use: {unknown}"


def test_every_url_has_a_name():
    assert not unnamed_patterns()


@pytest.mark.parametrize("name", APP_NAMES + ADMIN_NAMES)
def test_url_answers_every_role_as_the_matrix_says(name, demo, as_role):
    """GET and POST as every role; refusals must also write nothing."""
    if name not in m.MATRIX and not name.startswith("admin:"):
        pytest.fail(f"{name} has no entry in the permission matrix")
    case = case_for(name)
    url = build_url(name, case, demo["home"])
    if url is None:
        pytest.skip(f"the demo's {demo['home'].slug} has no record for {name}")
    wrong = []
    # In the admin every non-staff user is treated alike: one stands for them all.
    roles = [m.ANON, m.SCRUTINY, m.BM, m.SUPERUSER] if name.startswith("admin:") else m.ROLES
    posted_as_allowed = False
    for role in roles:
        for method, rule in (("GET", case.get), ("POST", case.post_rule)):
            if name in {"logout", "admin:logout"} and method == "POST":
                continue  # signs the client out; checked separately
            if method == "POST" and name.startswith("admin:") and rule.expected(role) == m.OK:
                continue  # Django's own admin forms; refusals are still posted
            if method == "POST" and rule.expected(role) == m.OK and case.get.expected(role) == m.OK:
                # Every refusal is posted; an allowed empty POST only once per URL (the
                # form tests post real and hostile data), to keep the suite quick.
                if posted_as_allowed:
                    continue
                posted_as_allowed = True
            response, writes = request(as_role(role), method, url)
            got, expected = outcome(response), rule.expected(role)
            if got != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
            if expected != m.OK and writes:
                wrong.append(f"{method} {url} as {role} was refused but wrote: {writes[:2]}")
    assert not wrong, "\n".join(wrong)


OBJECT_NAMES = [
    n
    for n in APP_NAMES + ADMIN_NAMES
    if case_for(n).obj is not None
    and not n.endswith(("app_list", "view_on_site"))
    and n not in m.NO_CROSS_CHECK
    and m.OK in (case_for(n).get.expected(m.BM), case_for(n).post_rule.expected(m.BM))
]


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_another_partnerships_record_is_not_found(name, demo, as_role):
    """The same URL with a record of the other partnership: 404, both ways round."""
    case = case_for(name)
    if _is_unscoped_admin(name):
        pytest.skip("not a partnership record")
    directions = [(m.BM, demo["home"], demo["other"])]
    if not name.startswith("admin:"):  # the other partnership's manager is not staff
        directions.append((m.OUTSIDER, demo["other"], demo["home"]))
    for role, home, other in directions:
        foreign = case.obj(other)
        if foreign is None or case.obj(home) is None:
            pytest.skip(f"the demo has no {name} record in both partnerships")
        url = build_url(name, case, home, record=foreign)
        for method in ("GET", "POST"):
            if (case.get if method == "GET" else case.post_rule).expected(m.BM) != m.OK:
                continue
            response, writes = request(as_role(role), method, url)
            assert response.status_code == 404, f"{method} {url} as {role}: {response.status_code}"
            assert not writes


def test_signing_out_works_for_everyone_by_post(demo, as_role):
    for role in m.ROLES:
        client = as_role(role)
        assert client.post(reverse("logout")).status_code == 302


def test_the_written_matrix_matches_the_tested_one():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "permissions.md").read_text()
    assert m.docs_markdown() in doc, (
        "docs/permissions.md is out of date: python -m tests.trust.matrix, then paste the table"
    )
