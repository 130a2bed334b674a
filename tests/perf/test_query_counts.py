"""Main pages ask the database the same number of questions however much data there is.

Each test builds one partnership with a little data and one with several times as much
(more sub-groups, meetings, items, decisions, actions, attendance), asks for the same
page in each, and compares the query counts. A page that loops over rows and queries
for each (the N+1 problem behind slow committee systems) fails here long before a
national dataset would show it. Timings are the benchmark's business (``bench/``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.models import Organisation, Partnership, Role
from subgroups.models import Attendance, Meeting, SubGroup
from tests.factories import (
    make_action,
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_organisation,
    make_partnership,
    make_person,
    make_subgroup,
    verify_otp,
)

SMALL, LARGE = 1, 3


@dataclass
class World:
    partnership: Partnership
    subgroup: SubGroup
    meeting: Meeting
    business_manager: object
    scrutiny_member: object
    chair: object


def build_world(size: int) -> World:
    """``size`` sub-groups, each with ``size`` + 1 meetings of ``size`` × 2 items."""
    partnership = make_partnership()
    agencies = [
        make_organisation(partnership=partnership, category=Organisation.Category.HEALTH)
        for _ in range(size)
    ]
    business_manager = make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER)
    scrutiny_member = make_member(partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER)
    first_group = first_meeting = chair = None
    for g in range(size):
        group = make_subgroup(partnership=partnership, slug=f"group-{g}", name=f"Group {g}")
        group_chair = make_member(
            partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=group
        )
        people = [
            make_person(partnership=partnership, organisation=agencies[p % len(agencies)])
            for p in range(size + 1)
        ]
        for m in range(size + 1):
            start = timezone.make_aware(dt.datetime(2020, 1 + m, 10, 10, 0))
            meeting = make_meeting(subgroup=group, starts_at=start)
            for p, person in enumerate(people):
                make_attendance(
                    meeting=meeting,
                    person=person,
                    organisation=person.organisation,
                    status=Attendance.Status.PRESENT if p % 2 else Attendance.Status.APOLOGIES,
                )
            for i in range(size * 2):
                item = make_item(
                    meeting=meeting,
                    order=i + 1,
                    title=f"Item {i} on neglect",
                    minutes=f"The group discussed neglect and early help ({i}).",
                    confidentiality=["public", "partnership", "restricted"][i % 3],
                )
                make_decision(item=item, text=f"RESOLVED: neglect report {i} be noted.")
                make_action(
                    partnership=partnership,
                    subgroup=group,
                    item=item,
                    owner=people[i % len(people)],
                    organisation=people[i % len(people)].organisation,
                    description=f"Report back on neglect ({i}).",
                    due_on=dt.date(2020, 6, 1) + dt.timedelta(days=i),
                )
            if first_meeting is None:
                first_meeting = meeting
        if first_group is None:
            first_group, chair = group, group_chair
    return World(
        partnership=partnership,
        subgroup=first_group,
        meeting=first_meeting,
        business_manager=business_manager,
        scrutiny_member=scrutiny_member,
        chair=chair,
    )


def count_queries(user, url: str) -> int:
    client = Client()
    client.force_login(user, backend="partnership.auth.CachedModelBackend")
    verify_otp(client, user)
    first = client.get(url)
    assert first.status_code == 200, f"{url} answered {first.status_code}"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


@pytest.fixture
def worlds(db, no_page_cache):
    # The queries of building each page: a cached copy would hide a query per row.
    return build_world(SMALL), build_world(LARGE)


def assert_same_count(worlds, who: str, url_for) -> None:
    small, large = worlds
    counts = [count_queries(getattr(w, who), url_for(w)) for w in (small, large)]
    assert counts[0] == counts[1], (
        f"{url_for(large)} ran {counts[0]} queries with little data and {counts[1]} "
        "with more: something queries once per row"
    )


PAGES = {
    "partnership dashboard": lambda w: reverse("partnership:dashboard", args=[w.partnership.slug]),
    "sub-group list": lambda w: reverse("subgroups:subgroup_list", args=[w.partnership.slug]),
    "sub-group page with its meetings": lambda w: reverse(
        "subgroups:subgroup_detail", args=[w.partnership.slug, w.subgroup.slug]
    ),
    "meeting minutes": lambda w: reverse(
        "subgroups:meeting_detail", args=[w.partnership.slug, w.meeting.pk]
    ),
    "action register": lambda w: reverse("subgroups:action_register", args=[w.partnership.slug]),
    "organisations": lambda w: reverse("partnership:organisation_list", args=[w.partnership.slug]),
    "people": lambda w: reverse("partnership:person_list", args=[w.partnership.slug]),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_count_does_not_grow_with_the_data_for_the_business_manager(worlds, page):
    assert_same_count(worlds, "business_manager", PAGES[page])


@pytest.mark.parametrize(
    "page", ["partnership dashboard", "sub-group page with its meetings", "meeting minutes"]
)
def test_page_query_count_does_not_grow_with_the_data_for_a_sub_group_chair(worlds, page):
    assert_same_count(worlds, "chair", PAGES[page])


@pytest.mark.parametrize("page", ["partnership dashboard", "action register"])
def test_page_query_count_does_not_grow_with_the_data_for_a_scrutiny_member(worlds, page):
    assert_same_count(worlds, "scrutiny_member", PAGES[page])


def test_search_page_query_count_does_not_grow_with_the_matches(worlds):
    assert_same_count(
        worlds,
        "business_manager",
        lambda w: reverse("scrutiny:search", args=[w.partnership.slug]) + "?q=neglect",
    )


def test_decision_register_query_count_does_not_grow_with_the_data(worlds):
    assert_same_count(
        worlds,
        "business_manager",
        lambda w: reverse("scrutiny:decision_register", args=[w.partnership.slug]),
    )


def test_report_page_query_count_does_not_grow_with_the_records_it_assembles(worlds):
    from reports.services import open_report

    for world in worlds:
        open_report(
            partnership=world.partnership,
            title="Annual report 2019 to 2020",
            period_start=dt.date(2019, 4, 1),
            period_end=dt.date(2020, 3, 31),
            by=world.business_manager,
        )

    def url(world):
        report = world.partnership.reports.get()
        return reverse("reports:report_detail", args=[world.partnership.slug, report.pk])

    assert_same_count(worlds, "business_manager", url)
