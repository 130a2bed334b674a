"""A partnership built from nothing, shaped unlike either demo partnership, through the whole
yearly cycle: five sub-groups and no executive group, an April to March year; activity,
approval, a change after approval, approval again, sign-off and publication on earlier
days, and a council committee's consideration. Its published report is its own."""

import datetime as dt

import pytest
from django.urls import reverse

from evidence.models import ActivityEntry
from partnership.models import Organisation, Role
from reports import services
from reports.models import PublishedReport, Report, ReportNarrative
from scrutiny.models import CommitteeSubmission
from tests.factories import (
    make_organisation,
    make_partnership,
    make_person,
    make_role,
    make_subgroup,
    make_user,
)
from tests.reports.helpers import date_data

GROUPS = [
    ("Harbour Safeguarding Forum", "harbour"),
    ("Early Help Alliance", "early-help"),
    ("Neglect Learning Circle", "neglect"),
    ("Online Harms Panel", "online"),
    ("Learning from Practice Group", "learning"),
]

#: Names and figures of the demo partnerships that must never leak into another's report.
DEMO = [
    "Worcestershire",
    "Walsall",
    "West Mercia",
    "Herefordshire",
    "GET SAFE",
    "WSCP",
    "171,757",
    "82,442",
    "135,162",
    "Testshire",
]


def make_member(*, partnership, kind, name, organisation=None):
    user = make_user()
    person = make_person(partnership=partnership, user=user, name=name, organisation=organisation)
    make_role(person=person, kind=kind, organisation=organisation)
    return user


@pytest.fixture
def bay(db):
    p = make_partnership(
        name="Bayside Children's Safeguarding Partnership",
        short_name="BCSP",
        slug="bayside",
        area="Bayside",
        reporting_year_start_month=4,
    )
    people = {
        "bm": make_member(partnership=p, kind=Role.Kind.BUSINESS_MANAGER, name="Rowan Keel"),
        "chair": make_member(partnership=p, kind=Role.Kind.INDEPENDENT_CHAIR, name="Sol Marin"),
    }
    for kind, name, category in [
        (Organisation.Kind.LOCAL_AUTHORITY, "Bayside Borough Council", "local_authority"),
        (Organisation.Kind.HEALTH, "NHS Bayside Integrated Care Board", "health"),
        (Organisation.Kind.POLICE, "Coastal Constabulary", "police_justice"),
    ]:
        org = make_organisation(partnership=p, kind=kind, name=name, category=category)
        people[kind] = make_member(
            partnership=p,
            kind=Role.Kind.DELEGATED_PARTNER,
            organisation=org,
            name=f"Lead of {name}",
        )
    groups = [
        make_subgroup(partnership=p, name=name, slug=slug, order=i)
        for i, (name, slug) in enumerate(GROUPS, start=1)
    ]
    return p, people, groups


def test_a_new_partnership_runs_the_whole_yearly_cycle(client, login, bay):
    p, people, groups = bay
    for group in groups:
        ActivityEntry.objects.create(
            subgroup=group,
            date=dt.date(2021, 9, 14),
            heading="progress",
            text=f"The {group.name} met families at the seafront hub.",
        )
    report = services.open_report(
        partnership=p,
        title="Bayside yearly report 2021 to 2022",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        by=people["bm"],
    )
    assert report.months == 12
    ReportNarrative.objects.create(report=report, key="foreword", body="A year on the coast.")

    def go(user):
        client.logout()
        return login(user)

    def post(user, name, data=None, *extra):
        return go(user).post(reverse(f"reports:{name}", args=[p.slug, report.pk, *extra]), data)

    # No executive group: no executive section, and no To-do about one.
    page = go(people["bm"]).get(report.get_absolute_url()).content.decode()
    assert "executive group" not in page.lower()
    for name, _slug in GROUPS:
        assert name in page

    assert post(people["bm"], "report_submit").status_code == 302
    assert post(people["chair"], "report_decide", {"decision": "approve"}).status_code == 302
    report.refresh_from_db()
    first = report.versions.get()

    # A sub-group chair's entry after approval: shown as a change, not in what was approved.
    ActivityEntry.objects.create(
        subgroup=groups[3],
        date=dt.date(2022, 2, 2),
        heading="impact",
        text="Fewer children reported being contacted by strangers online.",
    )
    page = go(people["chair"]).get(report.get_absolute_url()).content.decode()
    assert "Records changed since approval" in page
    assert "Fewer children reported" not in page
    assert post(people["chair"], "report_reapprove").status_code == 302
    report.refresh_from_db()
    second = report.versions.get(number=2)
    assert second.sha256 != first.sha256

    # The leads sign the new version on the days they signed, months ago.
    for kind, day in [
        (Organisation.Kind.LOCAL_AUTHORITY, dt.date(2022, 6, 6)),
        (Organisation.Kind.HEALTH, dt.date(2022, 6, 8)),
        (Organisation.Kind.POLICE, dt.date(2022, 6, 9)),
    ]:
        response = post(
            people[kind], "report_sign_off", {"version": second.pk, **date_data("signed_on", day)}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF
    assert {s.version_id for s in report.signoffs.all()} == {second.pk}

    published_on = dt.date(2022, 6, 20)
    assert (
        post(people["bm"], "report_publish", date_data("published_on", published_on)).status_code
        == 302
    )
    published = PublishedReport.objects.get(partnership=p)
    assert published.published_on == published_on and published.version == second
    assert {t.due_on for t in published.distribution_tasks.all()} == {dt.date(2022, 6, 27)}

    # The council's committee considers it; the public page says so.
    CommitteeSubmission.objects.create(
        partnership=p,
        report=report,
        report_title=report.title,
        period_start=report.period_start,
        period_end=report.period_end,
        council="Bayside Borough Council",
        committee="Children and Young People Scrutiny Committee",
        meeting_date=dt.date(2022, 9, 15),
        presenter="Sol Marin",
        resolution="RESOLVED: the report be noted.",
    )
    client.logout()
    public = client.get(published.get_absolute_url()).content.decode()
    assert "Children and Young People Scrutiny Committee" in public
    assert "15 September 2022" in public and "RESOLVED: the report be noted." in public
    assert "published 20 June 2022" in public

    # The published report is Bayside's own: its groups, its entries, its leads' dates...
    html = published.html
    for name, _slug in GROUPS:
        assert name in html
    assert "Fewer children reported being contacted by strangers online." in html
    assert (
        "Lead of Coastal Constabulary, delegated safeguarding partner for Coastal Constabulary, "
        "9 June 2022" in html
    )
    assert "1 April 2021 to 31 March 2022" in html
    assert "To do" not in html and "has not been written yet" not in html
    # ...and nothing of the demo partnerships.
    for word in DEMO:
        assert word not in html, word
        assert word not in public, word
