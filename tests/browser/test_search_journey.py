"""A councillor on the scrutiny panel searches the minutes: public items only, never restricted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partnership.models import Role
from tests.browser.conftest import click_and_wait
from tests.factories import make_item, make_meeting, make_member, make_subgroup


@pytest.fixture
def confirmed_minutes(testshire):
    partnership = testshire
    group = make_subgroup(partnership=partnership, name="Learning and Development Group", slug="ld")
    councillor = make_member(
        partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER, username="councillor"
    )
    start = timezone.make_aware(dt.datetime(2020, 2, 12, 10, 0))
    meeting = make_meeting(subgroup=group, starts_at=start)
    make_item(
        meeting=meeting,
        title="Neglect toolkit launch",
        minutes="The neglect toolkit went live; 212 practitioners were trained to use it.",
        confidentiality="public",
    )
    make_item(
        meeting=meeting,
        title="Case discussion: Child K",
        minutes="Child K's toolkit assessment at Oakfield Primary was discussed in detail.",
        confidentiality="restricted",
    )
    make_item(
        meeting=meeting,
        title="Budget pressures",
        minutes="Partners discussed funding for the toolkit trainers next year.",
        confidentiality="partnership",
    )
    later = make_meeting(subgroup=group, starts_at=start + dt.timedelta(days=35))
    meeting.circulate(on=dt.date(2020, 2, 20))
    meeting.confirm(at_meeting=later)
    return councillor, meeting


def test_a_scrutiny_member_finds_public_minutes_and_never_restricted_ones(
    page, sign_in, check_page, confirmed_minutes
):
    councillor, meeting = confirmed_minutes
    sign_in(page, councillor)
    page.goto("/p/testshire/search/")
    check_page(page, context="search page")
    page.get_by_label("Search for").fill("toolkit")
    click_and_wait(page, page.get_by_role("button", name="Search"))
    check_page(page, context="search results")

    results = page.locator(".app-search-results")
    assert results.get_by_role("link", name="Neglect toolkit launch").count() == 1
    text = results.inner_text()
    assert "Child K" not in text and "Oakfield" not in text
    assert "Budget pressures" not in text
    assert page.get_by_text("1 result for").count() == 1

    # The restricted item's own words find nothing either.
    page.get_by_label("Search for").fill("Oakfield")
    click_and_wait(page, page.get_by_role("button", name="Search"))
    assert page.get_by_text("No results for").count() == 1
    assert "Oakfield" not in page.locator("main").inner_text().replace("‘Oakfield’", "")

    # The result opens the confirmed minutes with the restricted item withheld.
    page.get_by_label("Search for").fill("toolkit")
    click_and_wait(page, page.get_by_role("button", name="Search"))
    click_and_wait(page, page.get_by_role("link", name="Neglect toolkit launch"))
    check_page(page, context="confirmed minutes, councillor's view")
    main = page.locator("main").inner_text()
    assert "212 practitioners" in main
    assert "Child K" not in main and "Oakfield" not in main and "Budget pressures" not in main
