"""Read pages: who may read them, and query counts that do not grow with the data."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from evidence.models import Heading
from tests.evidence.builders import (
    add_contribution,
    add_spend,
    make_audit,
    make_budget,
    make_course,
    make_entry,
    make_indicator,
    make_priority,
    make_school_audit,
    make_session,
    make_value,
)
from tests.factories import make_organisation, make_subgroup

d = dt.date

LIST_PAGES = [
    "home",
    "activity_overview",
    "priority_list",
    "audit_list",
    "s11_list",
    "school_audit_list",
    "feedback_list",
    "indicator_list",
    "course_list",
    "inspection_list",
    "budget_list",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_reading_role_can_read_the_evidence_pages(
    name, login, partnership, partner_lead, member, other_chair
):
    url = reverse(f"evidence:{name}", args=[partnership.slug])
    for user in (partner_lead, member, other_chair):
        assert login(user).get(url).status_code == 200


@pytest.mark.parametrize("name", LIST_PAGES)
def test_scrutiny_members_are_refused_and_outsiders_do_not_find_the_pages(
    name, login, partnership, scrutiny_member, outsider, client
):
    url = reverse(f"evidence:{name}", args=[partnership.slug])
    assert login(scrutiny_member).get(url).status_code == 403
    client.logout()
    assert login(outsider).get(url).status_code == 404


_counter = itertools.count()


def _grow(partnership, subgroup, n):
    org = make_organisation(partnership=partnership)
    for _ in range(n):
        i = next(_counter)
        sg = make_subgroup(partnership=partnership)
        priority = make_priority(partnership=partnership, name=f"Priority {i}")
        make_entry(subgroup=sg, priority=priority, heading=Heading.IMPACT)
        make_entry(subgroup=subgroup, priority=priority)
        audit = make_audit(partnership=partnership, theme=f"Audit {i}")
        audit.agencies.add(org)
        school = make_school_audit(partnership=partnership)
        school.counts.create(label=f"Count {i}", count=i)
        indicator = make_indicator(partnership=partnership, name=f"Indicator {i}")
        make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value=i)
        make_value(indicator=indicator, start=d(2020, 4, 1), end=d(2020, 6, 30), value=i + 10)
        course = make_course(partnership=partnership, title=f"Course {i}")
        session = make_session(course=course)
        session.attendance.create(organisation=org, count=3)


@pytest.mark.parametrize(
    "name",
    [
        "activity_overview",
        "priority_list",
        "audit_list",
        "school_audit_list",
        "indicator_list",
        "course_list",
    ],
)
def test_list_page_queries_do_not_grow_with_the_data(
    name, login, partner_lead, partnership, subgroup, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(partner_lead)
    url = reverse(f"evidence:{name}", args=[partnership.slug])
    _grow(partnership, subgroup, 1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(partnership, subgroup, 4)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_subgroup_activity_and_course_pages_do_not_grow_with_the_data(
    login, chair, partnership, subgroup
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(chair)
    url = reverse("evidence:subgroup_activity", args=[partnership.slug, subgroup.slug])
    course = make_course(partnership=partnership)
    course_url = reverse("evidence:course_detail", args=[partnership.slug, course.pk])
    org = make_organisation(partnership=partnership)

    def grow(n):
        for _ in range(n):
            make_entry(
                subgroup=subgroup,
                priority=make_priority(partnership=partnership, name=f"P{next(_counter)}"),
            )
            make_session(course=course).attendance.create(organisation=org, count=2)

    grow(1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
        client.get(course_url)
    grow(5)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
        client.get(course_url)
    assert len(large) == len(small)


def test_budget_page_shows_the_computed_totals(login, partner_lead, partnership):
    period = make_budget(partnership=partnership)
    la = make_organisation(partnership=partnership, name="County Council")
    add_contribution(period, la, "CF0153", "82441.80")
    add_spend(period, "Salaries", "CF0153", "92371.70")
    body = (
        login(partner_lead)
        .get(reverse("evidence:budget_detail", args=[partnership.slug, period.pk]))
        .content.decode()
    )
    assert "£82,442" in body and "£92,372" in body
    assert "£9,930 deficit" in body
    assert "Add a contribution" not in body  # only the business manager adds


def test_kpi_chart_images_are_served_to_readers(login, partner_lead, partnership, scrutiny_member):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 9, 30), value=682)
    svg_url = reverse("evidence:indicator_chart_svg", args=[partnership.slug, indicator.pk])
    png_url = reverse("evidence:indicator_chart_png", args=[partnership.slug, indicator.pk])
    client = login(partner_lead)
    svg = client.get(svg_url)
    assert svg["Content-Type"] == "image/svg+xml"
    assert ">682<" in svg.content.decode()
    png = client.get(png_url)
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    client.logout()
    assert login(scrutiny_member).get(svg_url).status_code == 403


def test_kpi_list_shows_the_change_on_the_previous_period(login, partner_lead, partnership):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2019, 1, 1), end=d(2019, 9, 30), value=501)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 9, 30), value=682)
    body = (
        login(partner_lead)
        .get(reverse("evidence:indicator_list", args=[partnership.slug]))
        .content.decode()
    )
    assert "+181 (+36.1%)" in body
    assert "Jan–Sep 2020" in body


def test_small_numbers_are_marked_on_the_kpi_pages(login, partner_lead, partnership):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 9, 30), value=3)
    client = login(partner_lead)
    listing = client.get(reverse("evidence:indicator_list", args=[partnership.slug]))
    assert "Suppressed in publication" in listing.content.decode()
    detail = client.get(reverse("evidence:indicator_detail", args=[partnership.slug, indicator.pk]))
    assert "fewer than 5" in detail.content.decode()


def test_school_audit_return_rate_is_computed(login, partner_lead, partnership):
    audit = make_school_audit(partnership=partnership, asked=236, returned=236)
    audit.counts.create(label="Promoting an early help offer", count=191)
    audit.counts.create(label="On their website", count=134, order=1)
    body = (
        login(partner_lead)
        .get(reverse("evidence:school_audit_detail", args=[partnership.slug, audit.pk]))
        .content.decode()
    )
    assert "100%" in body and "191" in body and "134" in body
    assert make_school_audit(partnership=partnership, asked=8, returned=7).return_rate == 87.5
