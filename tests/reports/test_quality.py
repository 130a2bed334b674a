"""The Panel-style quality checks: each reads the records, says what would satisfy it, links to
the page that adds it, and never blocks the report."""

import datetime as dt

import pytest
from django.urls import reverse

from evidence.models import ActivityEntry, Course, CourseEvaluation, FeedbackExercise, Priority
from reports.models import Report
from reports.quality import quality_checks
from tests.factories import make_action, make_person
from tests.reports.helpers import make_world

DAY = dt.date(2020, 2, 3)


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def check(report, key):
    return {c.key: c for c in quality_checks(report)}[key]


def entry(world, priority, heading):
    return ActivityEntry.objects.create(
        subgroup=world.group, date=DAY, heading=heading, text=f"{heading} text", priority=priority
    )


def test_a_priority_needs_progress_and_impact_not_only_activity(world):
    assert check(world.report, "priority_impact").findings == [
        "No priorities are recorded for the period."
    ]
    neglect = Priority.objects.create(
        partnership=world.partnership, name="Neglect", starts_on=dt.date(2019, 4, 1)
    )
    entry(world, neglect, "progress")
    assert check(world.report, "priority_impact").findings == ["Neglect: no impact recorded."]
    impact = entry(world, neglect, "impact")
    assert check(world.report, "priority_impact").met
    impact.delete()
    assert not check(world.report, "priority_impact").met


def test_a_priority_with_little_progress_needs_an_analysis(world):
    neglect = Priority.objects.create(
        partnership=world.partnership, name="Neglect", starts_on=dt.date(2019, 4, 1)
    )
    assert not check(world.report, "little_progress").met
    analysis = entry(world, neglect, "development")
    assert check(world.report, "little_progress").met
    analysis.delete()
    assert not check(world.report, "little_progress").met
    entry(world, neglect, "impact")
    assert check(world.report, "little_progress").met


def test_learning_from_reviews_is_traced_to_actions_and_their_effect(world):
    from reviews.models import NationalReviewConsidered, Recommendation

    assert check(world.report, "learning_traced").met  # nothing to trace
    national = NationalReviewConsidered.objects.create(
        partnership=world.partnership, title="Myth of invisible men", considered_on=DAY
    )
    rec = Recommendation.objects.create(
        partnership=world.partnership, national_review=national, text="Involve fathers."
    )
    assert check(world.report, "learning_traced").findings == [
        "1 of 1 review recommendations have no action linked to them."
    ]
    action = make_action(
        partnership=world.partnership, owner=make_person(partnership=world.partnership)
    )
    rec.actions.add(action)
    assert check(world.report, "learning_traced").met
    Recommendation.objects.filter(pk=rec.pk).update(status="implemented", implemented_on=DAY)
    assert "say nothing about their effect" in check(world.report, "learning_traced").findings[0]
    Recommendation.objects.filter(pk=rec.pk).update(impact_evidence="Fathers are now seen.")
    assert check(world.report, "learning_traced").met


def test_training_is_evaluated_beyond_satisfaction(world):
    from evidence.models import TrainingSession

    course = Course.objects.create(
        partnership=world.partnership, title="Neglect basics", delivery_mode="virtual"
    )
    TrainingSession.objects.create(course=course, date=DAY, delivery_mode="virtual")
    result = check(world.report, "training_evaluated")
    assert result.findings == ["Neglect basics: no evaluation of what changed in practice."]
    assert result.links[-1].url == reverse(
        "evidence:evaluation_add", args=[world.partnership.slug, course.pk]
    )
    evaluation = CourseEvaluation.objects.create(
        course=course, collected_on=DAY, satisfaction_percent=95
    )
    assert check(world.report, "training_evaluated").findings == [
        "Neglect basics: no evaluation of what changed in practice (satisfaction only)."
    ]
    evaluation.what_changed = "Referrals now name the level of need."
    evaluation.save()
    assert check(world.report, "training_evaluated").met
    evaluation.delete()
    assert not check(world.report, "training_evaluated").met


def test_feedback_from_children_and_families_is_shown_to_change_something(world):
    assert not check(world.report, "feedback_changed").met
    survey = FeedbackExercise.objects.create(
        partnership=world.partnership, title="Survey", method="online_survey", started_on=DAY
    )
    assert "none says what changed" in check(world.report, "feedback_changed").findings[0]
    survey.what_changed = "We now write back to every family."
    survey.save()
    assert check(world.report, "feedback_changed").met
    survey.delete()
    assert not check(world.report, "feedback_changed").met


def test_the_checks_link_to_pages_that_add_the_records(login, world):
    client = login(world.bm)
    for result in quality_checks(world.report):
        assert result.satisfied_by
        for link in result.links:
            assert client.get(link.url).status_code == 200, link.url


def test_the_draft_page_shows_the_checks_as_advice_and_submission_still_goes_ahead(login, world):
    client = login(world.chair)
    body = client.get(world.report.get_absolute_url()).content.decode()
    assert "What the national Panel looks for" in body
    assert "Training is evaluated beyond attendees&#x27; satisfaction" in body
    # The independent chair scrutinises case reviews (by pseudonym), so is offered them too.
    assert reverse("reviews:review_list", args=[world.partnership.slug]) in body
    bm_body = login(world.bm).get(world.report.get_absolute_url()).content.decode()
    assert reverse("reviews:review_list", args=[world.partnership.slug]) in bm_body
    response = login(world.bm).post(
        reverse("reports:report_submit", args=[world.partnership.slug, world.report.pk])
    )
    assert response.status_code == 302
    world.report.refresh_from_db()
    assert world.report.status == Report.Status.SUBMITTED
