"""Signing in through the real form, and the pages everyone sees first."""

from __future__ import annotations

from partnership.models import Role
from tests.browser.conftest import click_and_wait
from tests.factories import PASSWORD, make_member


def test_a_member_signs_in_with_the_form_and_lands_on_their_partnership(
    page, check_page, testshire
):
    partnership = testshire
    make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR, username="chair.test")

    page.goto("/accounts/login/")
    check_page(page)
    page.get_by_label("Email address").fill("chair.test@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))

    assert page.url.endswith("/p/testshire/")
    assert page.get_by_role("heading", level=1).inner_text()
    check_page(page)


def test_the_sign_in_error_summary_links_to_its_fields(
    page, check_error_summary_links, check_page, db
):
    page.goto("/accounts/login/")
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    check_page(page, context="sign-in with errors")
    assert set(check_error_summary_links(page)) == {"id_username", "id_password"}
