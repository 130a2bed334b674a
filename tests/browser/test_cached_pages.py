"""A page served from the cache works in the browser as the page it copies: its forms post
with the reader's own CSRF token, and a change made through them shows at once."""

from __future__ import annotations

import pytest

from partnership.models import Role
from subgroups.models import AgendaItem, Meeting
from tests.browser.conftest import click_and_wait
from tests.factories import make_item, make_meeting, make_member


@pytest.fixture
def chaired_meeting(testshire, qa_group):
    partnership, subgroup = testshire, qa_group
    chair = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=subgroup, username="chair"
    )
    meeting = make_meeting(subgroup=subgroup)
    make_item(meeting=meeting, title="Neglect strategy", confidentiality="public")
    return chair, meeting


def test_a_cached_meeting_page_circulates_the_minutes_and_shows_the_change(
    page, sign_in, check_page, chaired_meeting
):
    chair, meeting = chaired_meeting
    sign_in(page, chair)
    url = meeting.get_absolute_url()
    page.goto(url)
    check_page(page, context="meeting page, built")

    # Changed behind the pages' back (no signal): a reload still shows the copy kept in
    # the cache, which proves the next page is the cached one.
    AgendaItem.objects.filter(meeting=meeting).update(title="Exploitation strategy")
    page.goto(url)
    assert page.get_by_text("Neglect strategy").count() == 1
    check_page(page, context="meeting page, from the cache")

    # Its form carries this browser's CSRF token, so the post is accepted.
    click_and_wait(page, page.get_by_role("button", name="Circulate the draft minutes"))
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED
    # The meeting changed, so the page is built again, with everything now true.
    assert page.get_by_text("Exploitation strategy").count() == 1
    assert page.get_by_role("button", name="Return to draft").count() == 1
    check_page(page, context="meeting page after circulating")

    # Signing out from a cached page works too.
    page.goto(url)
    click_and_wait(page, page.get_by_role("button", name="Sign out"))
    page.goto(url)
    assert "/accounts/login/" in page.url
