"""Builders for report tests: a partnership with three statutory partners, leads, groups,
meetings."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from partnership.models import ArrangementsUpdate, Organisation, OrganisationName, Partnership, Role
from reports.models import Report
from subgroups.models import Attendance
from tests.factories import (
    date_boxes,
    make_attendance,
    make_meeting,
    make_organisation,
    make_person,
    make_role,
    make_subgroup,
    make_user,
)

_seq = itertools.count(1)

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


date_data = date_boxes


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
        "la": member(Role.Kind.DELEGATED_PARTNER, "Lara Council", la),
        "health": member(Role.Kind.DELEGATED_PARTNER, "Hana Health", health),
        "police": member(Role.Kind.DELEGATED_PARTNER, "Pat Police", police),
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


def add_lead_partners(world: World) -> dict:
    """The chief officers of the three partners as lead safeguarding partners (WT2023)."""
    leads = {}
    for key, org, name in (
        ("la", world.la, "Cara Chief Executive"),
        ("health", world.health, "Ike Board Chief"),
        ("police", world.police, "Colin Constable"),
    ):
        user = make_user()
        person = make_person(partnership=world.partnership, user=user, name=name, organisation=org)
        make_role(person=person, kind=Role.Kind.LEAD_PARTNER, organisation=org)
        leads[key] = user
    return leads


def make_wt2023_report(world: World) -> Report:
    """A report for April 2024 to March 2025, read against Working Together 2023."""
    return Report.objects.create(
        partnership=world.partnership,
        title="Annual report 2024 to 2025",
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
    )


def add_meetings(world: World, count: int) -> None:
    """``count`` meetings of the quality group: the agency attends, the police send apologies."""
    for i in range(count):
        meeting = make_meeting(
            subgroup=world.group,
            starts_at=timezone.make_aware(dt.datetime(2020, 1, 1 + i % 27, 10, 0)),
        )
        a = make_person(partnership=world.partnership, organisation=world.agency)
        b = make_person(partnership=world.partnership, organisation=world.police)
        make_attendance(meeting=meeting, person=a)
        make_attendance(meeting=meeting, person=b, status=Attendance.Status.APOLOGIES)


def add_evidence(world: World, n: int = 1) -> None:
    """Evidence records for the period: ``n`` of each, so query counts can be compared."""
    from evidence.models import (
        ActivityEntry,
        BudgetPeriod,
        Contribution,
        CostCentre,
        Course,
        CourseEvaluation,
        EvidenceSettings,
        ExpenditureLine,
        FeedbackExercise,
        Indicator,
        Inspection,
        KpiValue,
        MultiAgencyAudit,
        OpeningBalance,
        Priority,
        SessionAttendance,
        TrainingSession,
    )

    p = world.partnership
    EvidenceSettings.objects.get_or_create(partnership=p, defaults={"qa_subgroup": world.group})
    priority, _ = Priority.objects.get_or_create(
        partnership=p, name="Neglect", starts_on=dt.date(2019, 4, 1)
    )
    indicator, _ = Indicator.objects.get_or_create(
        partnership=p, name="Contacts to the front door", defaults={"direction": "neither"}
    )
    centre, _ = CostCentre.objects.get_or_create(
        partnership=p, code="CC1", defaults={"name": "Board"}
    )
    period, created = BudgetPeriod.objects.get_or_create(
        partnership=p, starts_on=START, defaults={"title": "2019 to 2020", "ends_on": END}
    )
    if created:
        OpeningBalance.objects.create(period=period, cost_centre=centre, amount=Decimal("1000"))
    for _ in range(n):
        i = next(_seq)
        day = dt.date(2019, 11, 1) + dt.timedelta(days=i % 300)
        for heading, text in [
            ("progress", f"Launched the neglect toolkit {i}."),
            ("impact", f"Plans for neglected children improved {i}."),
            ("voice", f"Young people shaped the leaflet {i}."),
            ("development", f"Chronologies remain weak {i}."),
            ("next_steps", f"Audit chronologies again {i}."),
        ]:
            ActivityEntry.objects.create(
                subgroup=world.group, date=day, heading=heading, text=text, priority=priority
            )
        KpiValue.objects.create(
            indicator=indicator,
            period_start=day,
            period_end=day,
            value=Decimal(100 + i),
        )
        Inspection.objects.create(
            partnership=p,
            organisation=world.police,
            inspectorate="hmicfrs",
            title=f"PEEL inspection {i}",
            published_on=day,
            overall_rating="good",
            key_findings="Protects vulnerable people well.",
        )
        audit = MultiAgencyAudit.objects.create(
            partnership=p,
            theme=f"Strategy discussions {i}",
            started_on=day,
            completed_on=day + dt.timedelta(days=20),
            status="completed",
            findings="Recording was inconsistent.",
        )
        audit.agencies.add(world.police, world.agency)
        course = Course.objects.create(
            partnership=p, title=f"Levels of need {i}", delivery_mode="virtual"
        )
        session = TrainingSession.objects.create(course=course, date=day, delivery_mode="virtual")
        SessionAttendance.objects.create(session=session, organisation=world.agency, count=12)
        CourseEvaluation.objects.create(
            course=course,
            collected_on=day,
            satisfaction_percent=90,
            what_changed="Referrals now name the level of need.",
        )
        FeedbackExercise.objects.create(
            partnership=p,
            title=f"Family survey {i}",
            method="online_survey",
            started_on=day,
            respondents=40,
            what_they_said="They want to hear back.",
            what_changed="We now write back to every family.",
        )
        Contribution.objects.get_or_create(
            period=period,
            organisation=[world.la, world.health, world.police][i % 3],
            cost_centre=centre,
            defaults={"amount": Decimal("100.40")},
        )
        ExpenditureLine.objects.create(
            period=period, name=f"Line {i}", cost_centre=centre, amount=Decimal("50.20"), order=i
        )


def add_reviews(world: World, n: int = 1) -> None:
    """Case-review records: ``n`` rapid reviews, each leading to a practice review."""
    from reviews.models import (
        IdentifyingDetails,
        LegacyReview,
        PracticeReview,
        RapidReview,
        Recommendation,
        SeriousIncident,
    )

    p = world.partnership
    for _ in range(n):
        i = next(_seq)
        incident = SeriousIncident.objects.create(
            partnership=p,
            case_number=f"T-{i}-{p.pk}",
            pseudonym=f"Robin{i}",
            aware_on=dt.date(2019, 12, 2),
            harm="seriously_harmed",
            summary="Pseudonym only.",
        )
        incident.notify(on=dt.date(2019, 12, 5))
        IdentifyingDetails.objects.create(incident=incident, child_name=f"Zebedee Quartermain{i}")
        rapid = RapidReview.objects.create(
            incident=incident,
            meeting_on=dt.date(2019, 12, 12),
            decision="local_review",
            rationale="Learning likely.",
        )
        rapid.send_to_panel(on=dt.date(2019, 12, 18))
        review = PracticeReview.objects.create(
            partnership=p,
            rapid_review=rapid,
            decision_on=dt.date(2020, 1, 10),
        )
        review.start()
        review.hold(on=dt.date(2020, 3, 23), reason="Covid-19 pressure on services.")
        Recommendation.objects.create(
            partnership=p,
            practice_review=review,
            text=f"Share risk information {i}.",
            progress="A new protocol is in draft.",
        )
    LegacyReview.objects.get_or_create(
        partnership=p,
        pseudonym="Hazel",
        defaults={
            "kind": "scr",
            "published_on": dt.date(2019, 11, 1),
            "learning": "Hear the child.",
        },
    )
