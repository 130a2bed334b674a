"""The meeting calendar, the decisions register and the minutes PDF, in each role."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from partnership.models import Organisation, OrganisationName, Role
from subgroups.models import Attendance
from tests.factories import (
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_organisation,
    make_person,
    make_subgroup,
)
from tests.scrutiny.helpers import at, confirm


@pytest.fixture
def meeting(partnership, subgroup):
    meeting = make_meeting(
        subgroup=subgroup, starts_at=at(dt.date(2020, 6, 11)), location="County Hall"
    )
    public = make_item(
        meeting=meeting,
        title="Training offer",
        confidentiality="public",
        minutes="The multi-agency training offer moved online.",
    )
    make_decision(item=public, text="RESOLVED: the online training offer be approved.")
    secret = make_item(
        meeting=meeting,
        title="Children at high risk",
        confidentiality="restricted",
        minutes="Wolverine plan discussed.",
    )
    make_decision(item=secret, text="RESOLVED: the Wolverine plan continue.")
    make_item(
        meeting=meeting,
        title="Audit plan",
        confidentiality="partnership",
        minutes="The audit plan for the year.",
    )
    ccg = make_organisation(
        partnership=partnership, kind=Organisation.Kind.HEALTH, name="NHS Testshire ICB"
    )
    OrganisationName.objects.create(
        organisation=ccg,
        name="NHS Testshire CCG",
        valid_from=dt.date(2013, 4, 1),
        valid_to=dt.date(2022, 6, 30),
    )
    present = make_person(partnership=partnership, name="Alice Present", organisation=ccg)
    away = make_person(partnership=partnership, name="Bob Away")
    stand_in = make_person(partnership=partnership, name="Carol Standin")
    make_attendance(meeting=meeting, person=present)
    make_attendance(meeting=meeting, person=away, status=Attendance.Status.APOLOGIES)
    make_attendance(
        meeting=meeting, person=stand_in, status=Attendance.Status.SUBSTITUTE, substitute_for=away
    )
    return confirm(meeting)


def calendar_url(partnership, year=2020, month=6):
    return reverse("scrutiny:calendar_month", args=[partnership.slug, year, month])


# --- calendar ---------------------------------------------------------------------------


def test_calendar_needs_sign_in(client, partnership):
    response = client.get(calendar_url(partnership))
    assert response.status_code == 302


def test_calendar_is_not_found_outside_the_partnership(client, login, outsider, partnership):
    login(outsider)
    assert client.get(calendar_url(partnership)).status_code == 404


def test_councillor_sees_the_months_meetings_with_a_minutes_pdf_link(
    client, login, scrutiny_member, partnership, meeting
):
    login(scrutiny_member)
    body = client.get(calendar_url(partnership)).content.decode()
    assert "Meetings in June 2020" in body
    assert "County Hall" in body
    assert reverse("scrutiny:minutes_pdf", args=[partnership.slug, meeting.pk]) in body
    assert reverse("subgroups:meeting_detail", args=[partnership.slug, meeting.pk]) in body


def test_calendar_filters_by_subgroup(client, login, business_manager, partnership, meeting):
    other = make_subgroup(partnership=partnership, name="Executive Group", slug="exec")
    make_meeting(subgroup=other, starts_at=at(dt.date(2020, 6, 20)))
    login(business_manager)
    body = client.get(calendar_url(partnership), {"subgroup": "exec"}).content.decode()
    assert "1 meeting in June 2020" in body
    assert "Executive Group" in body


def test_an_empty_month_points_to_the_last_month_with_meetings(
    client, login, business_manager, partnership, meeting
):
    login(business_manager)
    body = client.get(calendar_url(partnership, 2021, 3)).content.decode()
    assert "No meetings in March 2021" in body
    assert calendar_url(partnership, 2020, 7) in body  # the confirming meeting in July


def test_impossible_month_is_not_found(client, login, business_manager, partnership):
    login(business_manager)
    assert client.get(calendar_url(partnership, 2020, 13)).status_code == 404


def test_calendar_without_a_month_shows_this_month(client, login, business_manager, partnership):
    login(business_manager)
    response = client.get(reverse("scrutiny:calendar", args=[partnership.slug]))
    assert response.status_code == 200
    assert dt.date.today().strftime("%B %Y") in response.content.decode()


def test_calendar_query_count_does_not_grow_with_meetings(
    client, login, business_manager, partnership, subgroup
):
    login(business_manager)
    make_meeting(subgroup=subgroup, starts_at=at(dt.date(2020, 6, 1)))
    with CaptureQueriesContext(connection) as small:
        client.get(calendar_url(partnership))
    for day in range(2, 20):
        sg = make_subgroup(partnership=partnership)
        make_meeting(subgroup=sg, starts_at=at(dt.date(2020, 6, day)))
    with CaptureQueriesContext(connection) as large:
        client.get(calendar_url(partnership))
    assert len(small) == len(large)


# --- decisions register -------------------------------------------------------------------


def decisions(client, partnership, **params):
    return client.get(reverse("scrutiny:decision_register", args=[partnership.slug]), params)


def test_councillor_sees_only_decisions_of_public_confirmed_items(
    client, login, scrutiny_member, partnership, meeting, subgroup
):
    draft = make_meeting(subgroup=subgroup, starts_at=at(dt.date(2020, 9, 1)))
    make_decision(
        item=make_item(meeting=draft, title="Draft", confidentiality="public"),
        text="RESOLVED: a draft resolution about otters.",
    )
    login(scrutiny_member)
    body = decisions(client, partnership).content.decode()
    assert "the online training offer be approved" in body
    assert "Wolverine" not in body
    assert "otters" not in body
    assert "1 decision" in body


def test_subgroup_chair_sees_restricted_and_draft_decisions_of_their_group(
    client, login, chair, partnership, meeting
):
    login(chair)
    body = decisions(client, partnership).content.decode()
    assert "Wolverine" in body


def test_the_register_names_unconfirmed_minutes_as_the_meeting_pages_do(
    client, login, chair, partnership, meeting, subgroup
):
    """One name and colour for a minutes status wherever it is shown (``MINUTES_TAGS``)."""
    circulated = make_meeting(
        subgroup=subgroup,
        starts_at=at(dt.date(2020, 9, 1)),
        minutes_status="circulated",
        circulated_on=dt.date(2020, 9, 8),
    )
    make_decision(item=make_item(meeting=circulated, title="Otters"), text="RESOLVED: otters.")
    draft = make_meeting(subgroup=subgroup, starts_at=at(dt.date(2020, 10, 6)))
    make_decision(item=make_item(meeting=draft, title="Voles"), text="RESOLVED: voles.")
    login(chair)
    body = decisions(client, partnership).content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Circulated draft</strong>' in body
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in body
    assert "Circulated to attendees" not in body
    meeting_page = client.get(
        reverse("subgroups:meeting_detail", args=[partnership.slug, circulated.pk])
    )
    assert "Circulated draft" in meeting_page.content.decode()


def test_member_of_another_group_does_not_see_restricted_decisions(
    client, login, partnership, meeting
):
    other = make_subgroup(partnership=partnership)
    user = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=other)
    login(user)
    body = decisions(client, partnership).content.decode()
    assert "online training offer" in body
    assert "Wolverine" not in body


def test_decisions_register_query_count_does_not_grow(
    client, login, business_manager, partnership, meeting, subgroup
):
    login(business_manager)
    with CaptureQueriesContext(connection) as small:
        decisions(client, partnership)
    for n in range(10):
        other = make_meeting(subgroup=subgroup, starts_at=at(dt.date(2019, 1, n + 1)))
        make_decision(item=make_item(meeting=other, title=f"Item {n}"))
    with CaptureQueriesContext(connection) as large:
        decisions(client, partnership)
    assert len(small) == len(large)


# --- minutes PDF ----------------------------------------------------------------------------


def pdf_text(response) -> str:
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def minutes_pdf(client, partnership, meeting):
    return client.get(reverse("scrutiny:minutes_pdf", args=[partnership.slug, meeting.pk]))


def test_councillor_minutes_pdf_has_attendance_and_public_items_only(
    client, login, scrutiny_member, partnership, meeting
):
    login(scrutiny_member)
    response = minutes_pdf(client, partnership, meeting)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Alice Present" in text and "NHS Testshire CCG" in text  # the name in 2020
    assert "Apologies" in text and "Bob Away" in text
    assert "Substitutes" in text and "Carol Standin" in text
    assert "training offer moved online" in text
    assert "Item withheld" in text
    assert "Wolverine" not in text
    assert "Children at high risk" not in text
    assert "Audit plan" not in text


def test_partnership_member_pdf_includes_partnership_items(client, login, partnership, meeting):
    other = make_subgroup(partnership=partnership)
    user = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=other)
    login(user)
    text = pdf_text(minutes_pdf(client, partnership, meeting))
    assert "Audit plan" in text
    assert "Wolverine" not in text


def test_unconfirmed_minutes_have_no_pdf(client, login, chair, partnership, subgroup):
    draft = make_meeting(subgroup=subgroup)
    login(chair)
    assert minutes_pdf(client, partnership, draft).status_code == 404


def test_minutes_pdf_outside_the_partnership_is_not_found(
    client, login, outsider, partnership, meeting
):
    login(outsider)
    assert minutes_pdf(client, partnership, meeting).status_code == 404


def test_the_decisions_register_pages_through_newer_and_older_decisions_without_counting(
    client, login, business_manager, partnership, subgroup
):
    for n in range(52):
        meeting = make_meeting(
            subgroup=subgroup, starts_at=at(dt.date(2019, 1, 1) + dt.timedelta(days=n))
        )
        make_decision(
            item=make_item(meeting=meeting, title=f"Item {n}"), text=f"RESOLVED: motion {n:02d}."
        )
    login(business_manager)
    with CaptureQueriesContext(connection) as queries:
        first = decisions(client, partnership).content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert "Decisions 1 to 50, newest first" in first
    assert "motion 51." in first and "motion 02." in first and "motion 01." not in first
    assert "Older decisions" in first and "Newer decisions" not in first
    second = decisions(client, partnership, page=2).content.decode()
    assert "Decisions 51 to 52, newest first" in second
    assert "motion 01." in second and "motion 00." in second and "motion 02." not in second
    assert "Newer decisions" in second and "Older decisions" not in second
    # A page past the end is the first page.
    assert "motion 51." in decisions(client, partnership, page=9).content.decode()
