"""The checklist follows the edition in force on the period end, and each item is evidenced or
flagged from the records: adding the record that satisfies it evidences it, removing it
flags it again."""

import datetime as dt
from decimal import Decimal

import pytest

from partnership.models import ArrangementsDocument
from reports.assembly import assemble
from reports.checklist import REQUIREMENTS, WT2023_REQUIREMENTS, checklist
from reports.models import ReportNarrative
from tests.reports.helpers import make_world, make_wt2023_report


@pytest.fixture
def world(partnership):
    world = make_world(partnership)
    # The world starts with an update in the WT2018 period; each test adds what it checks.
    partnership.arrangements_updates.all().delete()
    return world


def status(report, key):
    return {item.key: item for item in checklist(assemble(report))}[key].status


def in_period(report, days=30):
    return report.period_start + dt.timedelta(days=days)


# --- what adds each item: returns the records whose removal flags it again ---------------
def add_cspr(world, report):
    from reviews.models import RapidReview, SeriousIncident

    incident = SeriousIncident.objects.create(
        partnership=world.partnership,
        case_number="T-1",
        pseudonym="Robin",
        aware_on=in_period(report),
        harm="seriously_harmed",
    )
    rapid = RapidReview.objects.create(
        incident=incident,
        meeting_on=in_period(report, 35),
        decision="no_local_review",
        rationale="The learning is already known.",
    )
    rapid.send_to_panel(on=in_period(report, 40))
    return [incident]


def add_impact(world, report):
    from evidence.models import ActivityEntry, Course, TrainingSession

    entry = ActivityEntry.objects.create(
        subgroup=world.group, date=in_period(report), heading="impact", text="Fewer re-referrals."
    )
    course = Course.objects.create(
        partnership=world.partnership, title="Neglect basics", delivery_mode="virtual"
    )
    TrainingSession.objects.create(course=course, date=in_period(report), delivery_mode="virtual")
    return [entry, course]


def add_little_progress(world, report):
    from evidence.models import ActivityEntry

    return [
        ActivityEntry.objects.create(
            subgroup=world.group,
            date=in_period(report),
            heading="development",
            text="Chronologies are still weak: the audit found why.",
        )
    ]


def add_review_actions(world, report):
    from reviews.models import NationalReviewConsidered

    return [
        NationalReviewConsidered.objects.create(
            partnership=world.partnership,
            title="Child protection in England",
            considered_on=in_period(report),
        )
    ]


def add_feedback(world, report):
    from evidence.models import FeedbackExercise

    return [
        FeedbackExercise.objects.create(
            partnership=world.partnership,
            title="Family survey",
            method="online_survey",
            started_on=in_period(report),
        )
    ]


def add_arrangements(world, report):
    return [
        ArrangementsDocument.objects.create(
            partnership=world.partnership,
            title="Our arrangements",
            version_label="1",
            published_on=report.period_start - dt.timedelta(days=60),
        )
    ]


def add_narrative(key):
    def add(world, report):
        return [ReportNarrative.objects.create(report=report, key=key, body="Some words.")]

    return add


def add_education(world, report):
    from evidence.models import SchoolAudit

    return [
        SchoolAudit.objects.create(
            partnership=world.partnership,
            title="Section 175 audit",
            reported_on=in_period(report),
            schools_asked=200,
            returns_received=200,
        )
    ]


def add_contribution(world, report):
    from evidence.models import BudgetPeriod, Contribution, CostCentre

    period = BudgetPeriod.objects.create(
        partnership=world.partnership,
        title="The year",
        starts_on=report.period_start,
        ends_on=report.period_end,
    )
    centre = CostCentre.objects.create(partnership=world.partnership, code="C1", name="Board")
    Contribution.objects.create(
        period=period, organisation=world.la, cost_centre=centre, amount=Decimal("1000")
    )
    return [period]


ADDERS = {
    "cspr": add_cspr,
    "impact": add_impact,
    "little_progress": add_little_progress,
    "review_actions": add_review_actions,
    "feedback": add_feedback,
    "arrangements": add_arrangements,
    "effectiveness": add_narrative("conclusion"),
    "education": add_education,
    "contribution": add_contribution,
    "scrutiny": add_narrative("foreword"),
}


def test_a_wt2018_period_gets_the_wt2018_items_and_a_wt2023_period_the_wt2023_items(world):
    assert [i.key for i in checklist(assemble(world.report))] == [k for k, *_ in REQUIREMENTS]
    wt2023 = [i.key for i in checklist(assemble(make_wt2023_report(world)))]
    assert wt2023 == [k for k, *_ in WT2023_REQUIREMENTS]
    assert {"education", "contribution", "scrutiny"} <= set(wt2023) - {k for k, *_ in REQUIREMENTS}


def test_the_introduction_lists_what_the_edition_asks(world):
    intro = assemble(make_wt2023_report(world)).section("introduction")
    from reports.document import BulletList

    asks = next(b for b in intro.blocks if isinstance(b, BulletList)).items
    assert "how education and childcare settings took part in the arrangements" in asks


@pytest.mark.parametrize(
    "edition,key",
    [("wt2018", k) for k, *_ in REQUIREMENTS] + [("wt2023", k) for k, *_ in WT2023_REQUIREMENTS],
)
def test_each_item_is_evidenced_by_its_record_and_flagged_again_without_it(world, edition, key):
    report = world.report if edition == "wt2018" else make_wt2023_report(world)
    assert status(report, key) != "evidenced"
    added = ADDERS[key](world, report)
    assert status(report, key) == "evidenced"
    for record in added:
        record.delete()
    assert status(report, key) != "evidenced"
