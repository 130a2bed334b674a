"""Trust behaviours in the browser: the one-time password, the lockout, a record's history
and two people editing the same minutes."""

from __future__ import annotations

import pytest

from partnership.models import Role
from partnership.otp import current_code
from subgroups.models import AgendaItem
from tests.browser.conftest import click_and_wait, new_page
from tests.factories import (
    PASSWORD,
    make_item,
    make_meeting,
    make_member,
    make_otp_device,
    make_subgroup,
)


@pytest.fixture
def partnership(testshire):
    return testshire


@pytest.fixture
def business_manager(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER, username="bm.t")


@pytest.fixture
def item(partnership):
    group = make_subgroup(partnership=partnership, name="Quality Assurance Group", slug="qa")
    return make_item(
        meeting=make_meeting(subgroup=group),
        title="Neglect strategy",
        minutes="The group reviewed the neglect strategy.",
    )


def fill_sign_in(pg, username: str, password: str) -> None:
    pg.get_by_label("Email address").fill(username)
    pg.get_by_label("Password").fill(password)
    click_and_wait(pg, pg.get_by_role("button", name="Sign in"))


def test_a_business_manager_must_enter_a_one_time_password(
    page, check_page, check_error_summary_links, business_manager
):
    device = make_otp_device(user=business_manager)
    page.goto("/accounts/login/")
    fill_sign_in(page, "bm.t@example.org", PASSWORD)
    assert "/accounts/otp/" in page.url  # the password alone is not enough
    check_page(page, context="one-time password page")
    page.goto("/p/testshire/")
    assert "/accounts/otp/" in page.url, "no partnership page before the code"

    page.fill("#id_token", "000000" if current_code(device) != "000000" else "111111")
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    check_page(page, context="wrong one-time password")
    check_error_summary_links(page)

    # django-otp refuses every code for a second after a wrong one (then 2 s, 4 s...).
    page.wait_for_timeout(1500)
    page.fill("#id_token", current_code(device))
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    assert page.url.endswith("/p/testshire/")
    check_page(page)


def test_repeated_failed_sign_ins_lock_the_account_even_for_the_right_password(
    page, check_page, partnership
):
    make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR, username="chair.t")
    for attempt in range(1, 6):
        page.goto("/accounts/login/")
        fill_sign_in(page, "chair.t@example.org", "not-the-password")
        if attempt < 5:  # refused with the usual message until the fifth failure
            assert "correct email address and password" in page.locator("main").inner_text()
    page.goto("/accounts/login/")
    fill_sign_in(page, "chair.t@example.org", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in is locked for now"
    check_page(page, context="locked out")
    page.goto("/p/testshire/")
    assert "/accounts/login/" in page.url


def test_the_business_manager_reads_who_changed_the_minutes(
    page, sign_in, check_page, business_manager, item
):
    sign_in(page, business_manager)
    page.goto(f"/p/testshire/items/{item.pk}/edit/")
    page.get_by_label("Minutes").fill("Agreed: the neglect strategy goes to the Executive.")
    click_and_wait(page, page.get_by_role("button", name="Save item"))

    page.goto(f"/p/testshire/history/subgroups/agendaitem/{item.pk}/")
    check_page(page, context="history page")
    text = page.locator("main").inner_text()
    assert "The group reviewed the neglect strategy." in text  # before
    assert "Agreed: the neglect strategy goes to the Executive." in text  # after
    assert "Changed on" in text


def test_the_second_of_two_editors_is_refused_and_sees_what_changed(
    page, browser, live_server, sign_in, check_page, business_manager, item, partnership
):
    url = f"/p/testshire/items/{item.pk}/edit/"
    chair = make_member(
        partnership=partnership,
        kind=Role.Kind.SUBGROUP_CHAIR,
        subgroup=item.meeting.subgroup,
        username="chair.qa",
    )
    other = new_page(browser, live_server.url)  # a second person, with their own session
    try:
        sign_in(page, business_manager)
        sign_in(other, chair)
        page.goto(url)
        other.goto(url)

        page.get_by_label("Minutes").fill("Agreed: the strategy goes to the Executive in May.")
        click_and_wait(page, page.get_by_role("button", name="Save item"))

        other.get_by_label("Minutes").fill("Noted the strategy; no decision.")
        click_and_wait(other, other.get_by_role("button", name="Save item"))
        text = other.locator("main").inner_text()
        assert "Someone else saved this record while you were editing it" in text
        assert "Agreed: the strategy goes to the Executive in May." in text
        check_page(other, context="conflict message")
    finally:
        other.context.close()

    item.refresh_from_db()
    assert item.minutes == "Agreed: the strategy goes to the Executive in May."
    assert AgendaItem.objects.get(pk=item.pk).version == 2
