"""Rows of list pages: links and dates worked out once per list, written as the template
filters write them; the sub-group page shows its meetings a page at a time."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from partnership.models import Role
from subgroups.listing import day, links, long_day
from tests.factories import make_action, make_meeting, make_member, make_person, make_subgroup

LONDON = zoneinfo.ZoneInfo("Europe/London")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_read_as_the_date_filter_writes_them(value):
    assert day(value) == date_filter(value, "j M Y")
    assert long_day(value) == date_filter(value, "j F Y")


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2050, 1, 1)))
def test_moments_are_dated_in_local_time_as_the_filter_does(value):
    moment = value.replace(tzinfo=dt.UTC)
    written = Template('{{ m|date:"j M Y" }}/{{ m|date:"j F Y" }}')  # as a page writes it
    with timezone.override(LONDON):
        assert f"{day(moment)}/{long_day(moment)}" == written.render(Context({"m": moment}))


def test_a_late_evening_in_summer_is_the_next_day_in_london_not_utc():
    moment = dt.datetime(2020, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert day(moment) == "1 Jul 2020"


@pytest.mark.django_db
def test_links_are_the_reversed_urls(partnership):
    meeting_url = links("subgroups:meeting_detail", partnership.slug)
    for pk in (1, 42, 2147483646):
        assert meeting_url(pk) == reverse("subgroups:meeting_detail", args=[partnership.slug, pk])


@pytest.fixture
def many_meetings(subgroup):
    start = timezone.make_aware(dt.datetime(2015, 1, 5, 10, 0))
    return [
        make_meeting(subgroup=subgroup, starts_at=start + dt.timedelta(weeks=4 * n), title=f"M{n}")
        for n in range(25)
    ]


def meeting_titles(response) -> list[str]:
    return re.findall(r">(M\d+)<span", response.content.decode())


@pytest.mark.django_db
def test_the_sub_group_page_shows_the_latest_20_meetings_then_older_pages(
    login, partnership, subgroup, many_meetings
):
    member = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    client = login(member)
    url = reverse("subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug])
    first = client.get(url)
    assert first.status_code == 200
    assert meeting_titles(first) == [f"M{n}" for n in range(24, 4, -1)]
    assert b'href="?page=2"' in first.content
    assert b"Earlier meetings" in first.content
    second = client.get(url + "?page=2")
    assert meeting_titles(second) == ["M4", "M3", "M2", "M1", "M0"]
    assert b"Later meetings" in second.content
    # A page past the end shows the last one, as every paginated list here does.
    assert meeting_titles(client.get(url + "?page=99")) == meeting_titles(second)


@pytest.mark.django_db
def test_the_sub_group_page_is_refused_outside_the_partnership(
    login, other_partnership, subgroup, many_meetings, partnership
):
    outsider = make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER)
    url = reverse("subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug])
    assert login(outsider).get(url + "?page=2").status_code == 404


@pytest.mark.django_db
def test_the_sub_group_page_shows_the_10_open_actions_due_soonest_and_says_how_many_more(
    login, partnership, subgroup
):
    member = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    owner = make_person(partnership=partnership, name="Ada Owner")
    for n in range(23):
        make_action(
            partnership=partnership,
            owner=owner,
            subgroup=subgroup,
            due_on=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            description=f"Task {n:02d}",
        )
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=subgroup,
        description="Done",
        status="completed",
        completed_on=dt.date(2020, 2, 1),
    )
    url = reverse("subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug])
    body = login(member).get(url).content.decode()
    assert re.findall(r">(Task \d\d)</a>", body) == [f"Task {n:02d}" for n in range(10)]
    assert "The 10 due soonest of 23 open actions." in body
    assert "Done" not in body


@pytest.mark.django_db
def test_the_sub_group_page_names_the_groups_before_and_after_it(
    login, partnership, subgroup, no_page_cache
):
    older = make_subgroup(partnership=partnership, name="Old Audit Group", order=2)
    oldest = make_subgroup(partnership=partnership, name="First Audit Group", order=1)
    newer = make_subgroup(partnership=partnership, name="Learning Group")
    subgroup.predecessors.set([older, oldest])
    newer.predecessors.set([subgroup])
    member = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    url = reverse("subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug])
    body = login(member).get(url).content.decode()
    took_over = body.split("Took over the work of", 1)[1].split("</dd>", 1)[0]
    assert took_over.index("First Audit Group") < took_over.index("Old Audit Group")
    passed_to = body.split("Its work passed to", 1)[1].split("</dd>", 1)[0]
    assert "Learning Group" in passed_to and "Audit" not in passed_to
    assert reverse("subgroups:subgroup_detail", args=[partnership.slug, newer.slug]) in passed_to

    # A group whose work passed on shows where; one with no lineage asks nothing about it.
    c = login(member)
    url = reverse("subgroups:subgroup_detail", args=[partnership.slug, older.slug])
    passed_to = c.get(url).content.decode().split("Its work passed to", 1)[1]
    assert subgroup.name in passed_to.split("</dd>", 1)[0]
    lone = make_subgroup(partnership=partnership, name="Lone Group")
    counts = {}
    for group in (lone, older):
        url = reverse("subgroups:subgroup_detail", args=[partnership.slug, group.slug])
        c.get(url)
        with CaptureQueriesContext(connection) as queries:
            body = c.get(url).content.decode()
        counts[group] = len(queries)
    assert "Took over the work of" not in body and "Its work passed to" in body
    assert counts[lone] == counts[older] - 1
