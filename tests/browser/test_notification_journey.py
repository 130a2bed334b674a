"""A chair circulates minutes; each attendee receives exactly one email (a real SMTP server,
delivered by the worker) whose link opens the meeting for them. The attendee then finds it
under "My notifications" and chooses a daily digest; the business manager sees an email
that could not be delivered."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from notifications.models import Message, Preference
from partnership.models import Role
from tests.browser.conftest import click_and_wait, new_page
from tests.factories import make_attendance, make_item, make_meeting, make_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def circulated_setup(testshire, qa_group):
    chair = make_member(
        partnership=testshire, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=qa_group, username="chair"
    )
    attendees = [
        make_member(
            partnership=testshire,
            kind=Role.Kind.SUBGROUP_MEMBER,
            subgroup=qa_group,
            username=f"attendee{n}",
        )
        for n in range(3)
    ]
    for user in [chair, *attendees]:
        user.email = f"{user.username}@example.org"
        user.save()
    start = timezone.make_aware(dt.datetime.combine(dt.date.today(), dt.time(9)))
    meeting = make_meeting(subgroup=qa_group, starts_at=start - dt.timedelta(days=3))
    make_item(meeting=meeting, title="Neglect audit", minutes="Secret detail of the audit")
    for user in [chair, *attendees]:
        make_attendance(meeting=meeting, person=user.people.get())
    return chair, attendees, meeting


def test_a_chair_circulates_minutes_and_each_attendee_gets_one_email_that_opens_the_meeting(
    browser, page, sign_in, check_page, circulated_setup, mail_server, run_tasks, live_server,
    settings,
):  # fmt: skip
    settings.SITE_URL = live_server.url
    chair, attendees, meeting = circulated_setup
    sign_in(page, chair)
    page.goto(meeting.get_absolute_url())
    click_and_wait(page, page.get_by_role("button", name="Circulate the draft minutes"))
    today = timezone.localdate()
    circulated = f"Draft minutes circulated to attendees on {today.day} {today:%B %Y}."
    assert page.get_by_text(circulated).count() == 1

    run_tasks()
    for user in attendees:
        mine = mail_server.inbox.to(user.email)
        assert len(mine) == 1, user.username
        body = mine[0].get_body(("plain",)).get_content()
        assert "Secret detail" not in body
        [link] = [u for u in re.findall(r"https?://\S+", body) if "/meetings/" in u]
        assert link.startswith(live_server.url)
        reader = new_page(browser, live_server.url)
        sign_in(reader, user)
        reader.goto(urlsplit(link).path)
        assert urlsplit(reader.url).path == meeting.get_absolute_url()
        assert reader.locator("h1").inner_text().startswith("Meeting")
        assert reader.get_by_text("Neglect audit").count() >= 1  # the minutes open
        reader.context.close()
    assert mail_server.inbox.to(chair.email) == []  # the chair circulated them

    # The attendee finds the email under "My notifications" and chooses a daily digest.
    user = attendees[0]
    reader = new_page(browser, live_server.url)
    sign_in(reader, user)
    reader.goto("/notifications/")
    check_page(reader, context="my notifications")
    assert reader.get_by_role("link", name=re.compile("Draft minutes circulated")).count() == 1
    click_and_wait(reader, reader.get_by_role("link", name="Choose which emails you get"))
    check_page(reader, context="notification preferences")
    reader.locator("input[name='minutes_circulated'][value='digest']").check()
    click_and_wait(reader, reader.get_by_role("button", name="Save my choices"))
    assert Preference.objects.get(user=user, kind="minutes_circulated").delivery == "digest"
    # Deadlines offer no "not at all".
    assert reader.locator("input[name='action_due_today'][value='off']").count() == 0
    reader.context.close()


def test_the_business_manager_sees_and_retries_an_undelivered_email(
    page, sign_in, check_page, testshire
):
    bm = make_member(partnership=testshire, kind=Role.Kind.BUSINESS_MANAGER, username="bm")
    Message.objects.create(
        kind="minutes_circulated",
        partnership=testshire,
        to="nobody@example.org",
        subject="Draft minutes circulated: Quality Assurance Group meeting",
        text_body="x",
        status=Message.Status.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 no such user",
    )
    sign_in(page, bm)
    page.goto("/p/testshire/notifications/failures/")
    check_page(page, context="delivery failures")
    assert page.get_by_role("cell", name="nobody@example.org", exact=True).count() == 1
    click_and_wait(page, page.get_by_role("button", name=re.compile("Try again")))
    assert Message.objects.get().status == Message.Status.QUEUED
    check_page(page, context="delivery failures after a retry")
