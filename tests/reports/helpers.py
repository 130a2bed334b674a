"""Builders for report tests: a partnership with three statutory partners, leads, groups, meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from partnership.models import ArrangementsUpdate, Organisation, OrganisationName, Partnership, Role
from reports.models import Report
from subgroups.models import Attendance
from tests.factories import (
    make_attendance,
    make_meeting,
    make_organisation,
    make_person,
    make_role,
    make_subgroup,
    make_user,
)

START = dt.date(2019, 10, 1)
END = dt.date(2020, 9, 30)


@dataclass
class World:
    partnership: Partnership
    la: Organisation
    health: Organisation
    police: Organisation
    agency: Organisation
    executive: object
    group: object
    predecessor: object
    bm: object
    chair: object
    leads: dict
    report: Report


def make_world(partnership: Partnership) -> World:
    p = partnership
    la = make_organisation(
        partnership=p,
        kind=Organisation.Kind.LOCAL_AUTHORITY,
        name="Testshire County Council",
        category="local_authority",
    )
    health = make_organisation(
        partnership=p, kind=Organisation.Kind.HEALTH, name="NHS Testshire ICB", category="health"
    )
    OrganisationName.objects.create(
        organisation=health,
        name="NHS Testshire CCG",
        valid_from=dt.date(2013, 4, 1),
        valid_to=dt.date(2022, 6, 30),
    )
    police = make_organisation(
        partnership=p,
        kind=Organisation.Kind.POLICE,
        name="Testshire Police",
        category="police_justice",
    )
    agency = make_organisation(partnership=p, name="Testshire Schools Forum", category="education")
    executive = make_subgroup(
        partnership=p, name="Executive Group", slug="executive", is_executive=True, order=1
    )
    predecessor = make_subgroup(
        partnership=p,
        name="Old Audit Group",
        slug="old-audit",
        of_predecessor_board=True,
        ended_on=dt.date(2019, 11, 30),
        order=9,
    )
    group = make_subgroup(
        partnership=p,
        name="Quality Group",
        slug="quality",
        short_name="QG",
        order=2,
        terms_of_reference="Audits and performance.",
    )
    group.predecessors.add(predecessor)

    def member(kind, name, org=None, subgroup=None):
        user = make_user()
        person = make_person(partnership=p, user=user, name=name, organisation=org)
        make_role(person=person, kind=kind, subgroup=subgroup, organisation=org)
        return user

    bm = member(Role.Kind.BUSINESS_MANAGER, "Bea Manager")
    chair = member(Role.Kind.INDEPENDENT_CHAIR, "Ian Chair")
    leads = {
        "la": member(Role.Kind.PARTNER_LEAD, "Lara Council", la),
        "health": member(Role.Kind.PARTNER_LEAD, "Hana Health", health),
        "police": member(Role.Kind.PARTNER_LEAD, "Pat Police", police),
    }
    member(Role.Kind.SUBGROUP_CHAIR, "Quinn Quality", agency, group)
    ArrangementsUpdate.objects.create(
        partnership=p,
        date=dt.date(2020, 4, 1),
        title="Schools group joins",
        description="A new sub-group.",
    )
    report = Report.objects.create(
        partnership=p, title="Annual report 2019 to 2020", period_start=START, period_end=END
    )
    return World(
        p, la, health, police, agency, executive, group, predecessor, bm, chair, leads, report
    )


def add_meetings(world: World, count: int) -> None:
    """``count`` meetings of the quality group, each attended by the agency and apologies from police."""
    for i in range(count):
        meeting = make_meeting(
            subgroup=world.group,
            starts_at=timezone.make_aware(dt.datetime(2020, 1, 1 + i % 27, 10, 0)),
        )
        a = make_person(partnership=world.partnership, organisation=world.agency)
        b = make_person(partnership=world.partnership, organisation=world.police)
        make_attendance(meeting=meeting, person=a)
        make_attendance(meeting=meeting, person=b, status=Attendance.Status.APOLOGIES)
