"""Every kind of message, caused through the pages that cause it, received by a real SMTP
server: who gets it, its subject, its links (absolute, opening for that reader), the .ics
event, and that nothing restricted, identifying or from the minutes is in it."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from notifications import reminders
from notifications.models import Message
from reports.models import Report
from tests.notifications.world import (
    RESTRICTED_ACTION,
    SITE,
    check_private_and_linked,
    make_world,
)
from tests.reviews.builders import date_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(partnership, settings):
    settings.SITE_URL = SITE
    return make_world(partnership)


@pytest.fixture
def reader(client, login):
    """A fresh client signed in as a user (the email's reader)."""
    from django.test import Client

    return lambda user: login(user, Client())


@pytest.fixture
def inbox(mail_server, run_tasks):
    """Deliver everything queued, then the received messages by recipient address."""

    def deliver():
        run_tasks()
        return {str(m["To"]): m for m in mail_server.inbox.messages}

    return deliver


def addresses(world, *roles):
    return {world.users[r].email for r in roles}


def check_all(received: dict, world, reader) -> None:
    by_address = {u.email: u for u in world.users.values()}
    for address, message in received.items():
        check_private_and_linked(message, by_address[address], reader)


def calendar_of(message) -> icalendar.Event:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]


# --- meetings --------------------------------------------------------------------------
def test_scheduling_moving_and_cancelling_a_meeting_emails_the_members_an_event(
    world, login, inbox, reader, mail_server
):
    chair = login(world.users["chair"])
    p = world.partnership.slug
    response = chair.post(
        reverse("subgroups:meeting_create", args=[p, "quality"]),
        {**date_data("date", dt.date(2027, 1, 14)), "start_time": "10:00",
         "end_time": "12:00", "title": "", "location": "Room 4", "is_virtual": ""},
    )  # fmt: skip
    assert response.status_code == 302
    received = inbox()
    assert set(received) == addresses(world, "member")  # the chair scheduled it
    [message] = received.values()
    assert (
        message["Subject"] == "Meeting scheduled: Quality Group meeting on Thursday 14 January 2027"
    )
    event = calendar_of(message)
    meeting = world.group.meetings.get(starts_at__year=2027)
    assert str(event["URL"]) == SITE + meeting.get_absolute_url()
    assert event.decoded("DTSTART").isoformat() == "2027-01-14T10:00:00+00:00"
    assert str(event["LOCATION"]) == "Room 4"
    check_all(received, world, reader)

    mail_server.inbox.messages.clear()
    chair.post(
        reverse("subgroups:meeting_edit", args=[p, meeting.pk]),
        {**date_data("date", dt.date(2027, 1, 21)), "start_time": "14:00",
         "end_time": "15:00", "title": "", "location": "Room 4", "is_virtual": "",
         "version": meeting.version},
    )  # fmt: skip
    [moved] = inbox().values()
    assert moved["Subject"].startswith("Meeting moved")
    moved_event = calendar_of(moved)
    assert moved_event["UID"] == event["UID"]
    assert moved_event.decoded("DTSTART").isoformat() == "2027-01-21T14:00:00+00:00"
    assert int(moved_event["SEQUENCE"]) > int(event["SEQUENCE"])

    mail_server.inbox.messages.clear()
    chair.post(reverse("subgroups:meeting_edit", args=[p, meeting.pk]), {})  # invalid: no mail
    chair.post(reverse("subgroups:meeting_cancel", args=[p, meeting.pk]))
    [cancelled] = inbox().values()
    assert cancelled["Subject"].startswith("Meeting cancelled")
    assert str(calendar_of(cancelled)["STATUS"]) == "CANCELLED"
    assert (
        "METHOD:CANCEL"
        in [p for p in cancelled.walk() if p.get_content_type() == "text/calendar"][0].get_content()
    )


def test_only_the_chair_or_business_manager_can_cancel_and_nothing_is_sent_otherwise(
    world, login, inbox
):
    member = login(world.users["member"])
    url = reverse("subgroups:meeting_cancel", args=[world.partnership.slug, world.next_meeting.pk])
    assert member.post(url).status_code == 403
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == "scheduled"
    assert inbox() == {}


def test_circulated_minutes_go_once_to_each_attendee_and_member_with_no_minutes_text(
    world, login, inbox, reader
):
    chair = login(world.users["chair"])
    chair.post(
        reverse("subgroups:minutes_circulate", args=[world.partnership.slug, world.meeting.pk])
    )
    received = inbox()
    # Attendees (the guest chair, the councillor who sent apologies) and members; not the
    # chair who circulated them, and not people outside the meeting and the group.
    assert set(received) == addresses(world, "member", "other_chair", "scrutiny")
    assert Message.objects.filter(kind="minutes_circulated").count() == 3
    for message in received.values():
        assert (
            message["Subject"]
            == "Draft minutes circulated: Quality Group meeting on Tuesday 10 November 2026"
        )
        assert SITE + world.meeting.get_absolute_url() in message.get_body(("plain",)).get_content()
    check_all(received, world, reader)


def test_confirmed_minutes_are_announced(world, login, inbox, reader):
    world.meeting.circulate(on=dt.date(2026, 11, 20))
    inbox()
    bm = login(world.users["business_manager"])
    bm.post(
        reverse("subgroups:minutes_confirm", args=[world.partnership.slug, world.meeting.pk]),
        {"at_meeting": world.next_meeting.pk},
    )
    received = {a: m for a, m in inbox().items() if m["Subject"].startswith("Minutes confirmed")}
    assert set(received) == addresses(world, "chair", "member", "other_chair", "scrutiny")
    check_all(received, world, reader)


# --- actions -----------------------------------------------------------------------------
def test_an_action_is_emailed_to_its_owner_and_the_owners_update_to_the_chair(
    world, login, inbox, reader, mail_server
):
    p = world.partnership.slug
    item = world.meeting.items.get(order=1)
    member_person = world.users["member"].people.get()
    login(world.users["chair"]).post(
        reverse("subgroups:action_create", args=[p, item.pk]),
        {"description": "Re-audit the chronologies", "owner": member_person.pk,
         "organisation": "", "due_on_0": "1", "due_on_1": "2", "due_on_2": "2027"},
    )  # fmt: skip
    received = inbox()
    assert set(received) == addresses(world, "member")
    message = received[world.users["member"].email]
    assert message["Subject"] == f"{world.partnership.short_name}: an action is yours"
    assert "Re-audit the chronologies" in message.get_body(("plain",)).get_content()
    assert "Monday 1 February 2027" in message.get_body(("plain",)).get_content()
    check_all(received, world, reader)

    mail_server.inbox.messages.clear()
    action = item.actions.get()
    login(world.users["member"]).post(
        reverse("subgroups:action_update", args=[p, action.pk]),
        {
            "status": "in_progress",
            "note": "Started with the health records",
            "version": action.version,
        },
    )
    received = inbox()
    assert set(received) == addresses(world, "chair")
    body = received[world.users["chair"].email].get_body(("plain",)).get_content()
    assert "in progress" in body and "Started with the health records" not in body
    check_all(received, world, reader)

    # The chair's own update tells nobody.
    mail_server.inbox.messages.clear()
    action.refresh_from_db()
    login(world.users["chair"]).post(
        reverse("subgroups:action_update", args=[p, action.pk]),
        {
            "status": "completed",
            "note": "Done",
            "version": action.version,
            "due_on_0": "1",
            "due_on_1": "2",
            "due_on_2": "2027",
        },
    )
    assert inbox() == {}


def test_an_owner_who_may_not_read_the_action_is_told_only_its_number(world):
    from notifications.registry import notify

    action = world.restricted_action
    action.owner = world.users["other_chair"].people.get()  # not in the group: item hidden
    action.save()
    [message] = notify("action_assigned", action)
    assert RESTRICTED_ACTION not in message.text_body + message.html_body + message.subject
    assert f"You are the owner of action {action.pk}." in message.text_body
    assert "Ask the group's chair or the business manager" in message.text_body
    # No link to the action's page, which would refuse this owner: the partnership's own.
    action_url = reverse("subgroups:action_detail", args=[world.partnership.slug, action.pk])
    assert action_url not in message.text_body + message.html_body
    dashboard = reverse("partnership:dashboard", args=[world.partnership.slug])
    assert dashboard in message.text_body
    # Overdue, the sentence still starts with a capital.
    action.due_on = dt.date.today() - dt.timedelta(days=3)
    action.save()
    [overdue] = notify("action_overdue", action)
    assert f"Action {action.pk} is overdue by 3 days." in overdue.text_body
    assert action_url not in overdue.text_body + overdue.html_body


# --- the yearly report ------------------------------------------------------------------
def test_the_report_workflow_tells_each_role_its_step(world, login, inbox, reader, mail_server):
    report = Report.objects.create(
        partnership=world.partnership,
        title="Annual report 2025 to 2026",
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2026, 3, 31),
    )
    u = world.users

    def step(expected_roles, subject_has):
        received = inbox()
        assert set(received) == addresses(world, *expected_roles), subject_has
        for message in received.values():
            assert subject_has in message["Subject"]
        check_all(received, world, reader)
        mail_server.inbox.messages.clear()

    report.submit(by=u["business_manager"])
    step(["independent_chair"], "ready for your review")
    report.request_changes(by=u["independent_chair"], note="Say more about neglect")
    step(["business_manager"], "changes requested")
    assert (
        "Say more about neglect"
        not in Message.objects.get(kind="report_changes_requested").text_body
    )
    report.submit(by=u["business_manager"])
    step(["independent_chair"], "ready for your review")
    report.approve(by=u["independent_chair"])
    step(["lead_la", "lead_health", "lead_police"], "please sign off")
    for key, org in (("lead_la", world.la), ("lead_health", world.health)):
        report.sign_off(person=u[key].people.get(), organisation=org, by=u[key])
        step(["business_manager"], f"{org} signed off")


def test_publication_lists_the_sending_with_due_dates_and_overdue_sending_is_chased(
    world, inbox, reader, mail_server
):
    from reports import services

    report = Report.objects.create(
        partnership=world.partnership,
        title="Annual report 2025 to 2026",
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2026, 3, 31),
        status=Report.Status.SIGNED_OFF,
    )
    published = services.publish(
        report, by=world.users["business_manager"], on=dt.date(2026, 12, 1)
    )
    received = inbox()
    assert set(received) == addresses(world, "business_manager")
    body = received[world.users["business_manager"].email].get_body(("plain",)).get_content()
    assert "Child Safeguarding Practice Review Panel: by Tuesday 8 December 2026" in body
    check_all(received, world, reader)

    mail_server.inbox.messages.clear()
    for day in range(1, 25):
        reminders.distribution(dt.date(2026, 12, day))
    received = inbox()
    chased = [m for m in mail_server.inbox.messages if "overdue" in m["Subject"]]
    # The 9th (first day late), then weekly: the 16th and the 23rd.
    assert len(chased) == 3
    assert Message.objects.filter(kind="distribution_overdue").count() == 3
    check_all(received, world, reader)
    published.distribution_tasks.update(status="sent", sent_on=dt.date(2026, 12, 24))
    assert reminders.distribution(dt.date(2026, 12, 30)) == 0


def test_the_business_manager_is_told_30_days_before_twelve_months_pass(world, inbox, reader):
    from reports import services

    report = Report.objects.create(
        partnership=world.partnership,
        title="Annual report 2024 to 2025",
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
        status=Report.Status.SIGNED_OFF,
    )
    published = services.publish(report, by=world.users["business_manager"])
    published.__class__.objects.filter(pk=published.pk).update(
        published_at=published.published_at.replace(year=2025, month=9, day=15)
    )
    inbox()
    assert reminders.cadence(dt.date(2026, 8, 15)) == 0
    assert reminders.cadence(dt.date(2026, 8, 16)) == 1
    assert reminders.cadence(dt.date(2026, 8, 16)) == 0  # once
    received = {a: m for a, m in inbox().items() if "next yearly report" in m["Subject"]}
    assert set(received) == addresses(world, "business_manager")
    assert "due by Tuesday 15 September 2026" in str(
        received[world.users["business_manager"].email]["Subject"]
    )
    check_all(received, world, reader)


# --- case reviews ------------------------------------------------------------------------
def test_review_deadlines_go_to_the_case_review_group_and_bm_by_pseudonym_only(
    world, inbox, reader
):
    # Aware on Tue 1 Dec 2026: the Panel notification is due Tue 8 Dec.
    assert reminders.review_deadlines(dt.date(2026, 12, 3), days=7) == 2
    received = inbox()
    assert set(received) == addresses(world, "case_review", "business_manager")
    for message in received.values():
        body = message.get_body(("plain",)).get_content()
        assert "Child K (TS-2026-01): Notify the national Panel, due Tue 8 Dec 2026" in body
    check_all(received, world, reader)
    assert reminders.review_deadlines(dt.date(2026, 12, 3), days=7) == 0  # once a day
    assert reminders.review_deadlines(dt.date(2026, 12, 10), days=0) == 2
    assert "(missed)" in Message.objects.filter(kind="review_deadlines").first().text_body


def test_other_emails_keep_their_link_once_sent(world, mail_server, run_tasks):
    """Only a link that is a way in is taken out of the stored copy once it is sent."""
    from notifications.registry import notify

    action = world.restricted_action
    [message] = notify("action_assigned", action)
    run_tasks()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.link and message.link in message.text_body


def test_the_plain_text_part_is_not_html_escaped_and_the_html_part_is(world):
    """A name with an apostrophe reads as written in the text part; markup typed into a
    record is only text in both parts."""
    from notifications.registry import notify

    owner = world.users["other_chair"].people.get()
    owner.name = "Olly O'Brien <b>"
    owner.save()
    action = world.restricted_action
    action.owner = owner
    action.save()
    [message] = notify("action_assigned", action)
    assert "Dear Olly O'Brien <b>," in message.text_body
    assert "&#x27;" not in message.text_body and "&lt;" not in message.text_body
    assert "O&#x27;Brien &lt;b&gt;" in message.html_body
    assert "O'Brien <b>" not in message.html_body
