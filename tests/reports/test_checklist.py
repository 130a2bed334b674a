"""The statutory checklist says where the draft evidences each WT2018 requirement, or that it
is missing."""

import pytest

from reports.assembly import assemble
from reports.checklist import checklist
from reports.models import ReportNarrative, ReportSectionConfig
from tests.reports.helpers import add_evidence, add_reviews, make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def items(report):
    return {item.key: item for item in checklist(assemble(report))}


def test_a_draft_with_no_evidence_shows_what_is_missing(world):
    result = items(world.report)
    for key in ("impact", "little_progress", "review_actions", "feedback", "effectiveness"):
        assert result[key].status == "missing", key
    assert result["arrangements"].status == "evidenced"
    assert result["arrangements"].places[0].section == "12. Updates to published arrangements"


def test_evidence_records_fill_in_the_checklist_with_where_they_appear(world):
    add_evidence(world)
    result = items(world.report)
    assert result["impact"].status == "evidenced"
    assert result["feedback"].status == "evidenced"
    assert result["little_progress"].status == "evidenced"
    sections = {place.section for place in result["impact"].places}
    assert "8. Quality Group" in sections


def test_impact_without_training_is_only_partly_evidenced(world):
    from evidence.models import ActivityEntry

    ActivityEntry.objects.create(
        subgroup=world.group,
        date=world.report.period_start,
        heading="impact",
        text="Fewer repeat referrals.",
    )
    item = items(world.report)["impact"]
    assert item.status == "partly"
    assert item.missing_parts == ["training and its effect"]


def test_case_reviews_evidence_cspr_learning_and_actions_on_recommendations(world):
    add_reviews(world)
    result = items(world.report)
    assert result["cspr"].status == "evidenced"
    assert result["review_actions"].status == "evidenced"
    assert result["review_actions"].places[0].anchor == "case-reviews"


def test_the_conclusion_evidences_effectiveness(world):
    ReportNarrative.objects.create(
        report=world.report, key="conclusion", body="The arrangements work."
    )
    assert items(world.report)["effectiveness"].status == "evidenced"


def test_hiding_a_section_removes_its_evidence(world):
    ReportSectionConfig.objects.create(
        partnership=world.partnership, key="arrangements_updates", title="Updates", hidden=True
    )
    assert items(world.report)["arrangements"].status == "missing"


def test_the_checklist_is_shown_beside_the_draft(login, world):
    from django.urls import reverse

    page = (
        login(world.bm)
        .get(reverse("reports:report_detail", args=[world.partnership.slug, world.report.pk]))
        .content.decode()
    )
    assert "Statutory checklist" in page
    assert "Nothing in the draft shows this yet." in page
