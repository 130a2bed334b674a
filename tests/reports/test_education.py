"""How education and childcare took part: agencies by their dated Schedule category, their
membership and attendance, and the section 175/157 audits."""

import datetime as dt

import pytest
from django.urls import reverse

from partnership.models import AgencyCategory, ScheduleCategory
from reports.assembly import assemble
from reports.document import BulletList, Table
from tests.factories import make_person, make_role
from tests.reports.helpers import add_meetings, make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def education(report):
    section = assemble(report).section("wider_partnership")
    return next(s for s in section.subsections if s.title == "Education and childcare")


def test_education_agencies_show_membership_attendance_and_school_audits(world):
    from evidence.models import SchoolAudit

    AgencyCategory.objects.create(
        organisation=world.agency,
        category=ScheduleCategory.EDUCATION,
        valid_from=dt.date(2018, 6, 29),
    )
    head = make_person(partnership=world.partnership, organisation=world.agency)
    make_role(person=head, kind="subgroup_member", subgroup=world.group)
    add_meetings(world, 3)
    SchoolAudit.objects.create(
        partnership=world.partnership,
        title="Section 175 audit 2020",
        reported_on=dt.date(2020, 6, 1),
        schools_asked=191,
        returns_received=191,
    )
    sub = education(world.report)
    table = next(b for b in sub.blocks if isinstance(b, Table))
    assert table.rows == [["Testshire Schools Forum", "QG", "3", "0"]]
    audits = next(b for b in sub.blocks if isinstance(b, BulletList))
    assert audits.items == ["Section 175 audit 2020: 191 of 191 returned (100%)"]


def test_an_agency_counts_by_its_category_on_the_last_day_of_the_period(world):
    AgencyCategory.objects.create(
        organisation=world.agency,
        category=ScheduleCategory.EDUCATION,
        valid_from=dt.date(2018, 6, 29),
        valid_to=dt.date(2020, 6, 30),
    )
    AgencyCategory.objects.create(
        organisation=world.agency,
        category=ScheduleCategory.MISCELLANEOUS,
        valid_from=dt.date(2020, 7, 1),
    )
    sub = education(world.report)  # the period ends on 30 September 2020
    assert not any(isinstance(b, Table) for b in sub.blocks)
    assert "No relevant agency is recorded in the education and childcare category" in (
        sub.blocks[0].text
    )


def url(world, org):
    return reverse("partnership:organisation_category_add", args=[world.partnership.slug, org.pk])


def test_the_business_manager_adds_a_dated_category_to_an_agency(login, world):
    response = login(world.bm).post(
        url(world, world.agency),
        {
            "category": "education_childcare",
            "valid_from_0": "1",
            "valid_from_1": "9",
            "valid_from_2": "2024",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AgencyCategory.objects.get(organisation=world.agency)
    assert (row.category, row.valid_from) == ("education_childcare", dt.date(2024, 9, 1))


def test_a_category_ending_before_it_starts_is_refused_next_to_the_field(login, world):
    response = login(world.bm).post(
        url(world, world.agency),
        {
            "category": "education_childcare",
            "valid_from_0": "1",
            "valid_from_1": "9",
            "valid_from_2": "2024",
            "valid_to_0": "1",
            "valid_to_1": "9",
            "valid_to_2": "2023",
        },
    )
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()
    assert not AgencyCategory.objects.exists()


def test_only_the_business_manager_adds_categories_and_only_to_relevant_agencies(
    login, client, world, outsider
):
    assert login(world.chair).post(url(world, world.agency), {}).status_code == 403
    client.logout()
    assert login(outsider).post(url(world, world.agency), {}).status_code == 404
    client.logout()
    assert login(world.bm).get(url(world, world.police)).status_code == 404
    assert not AgencyCategory.objects.exists()
