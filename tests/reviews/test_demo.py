"""The demo partnership's reviews appear with their states and deadlines from seed 004."""

import datetime as dt

import pytest

from reviews.models import (
    LearningBriefing,
    LegacyReview,
    PracticeReview,
    RapidReview,
    SeriousIncident,
)

demo = pytest.importorskip("partnership.demo")


@pytest.fixture
def loaded(db):
    import importlib

    for app in ["partnership", "subgroups", "reviews"]:
        importlib.import_module(f"{app}.demo").load()


def test_three_rapid_reviews_in_the_reporting_period(loaded):
    rapid = RapidReview.objects.filter(
        incident__partnership__slug="worcestershire",
        incident__aware_on__range=(dt.date(2019, 10, 1), dt.date(2020, 9, 30)),
    )
    assert rapid.count() == 3


def test_first_practice_review_was_paused_for_covid_and_resumed(loaded):
    review = PracticeReview.objects.get(decision_on__year=2019, partnership__slug="worcestershire")
    assert review.decision_on.month == 11
    hold = review.holds.get()
    assert hold.held_on.month == 3 and hold.held_on.year == 2020 and hold.resumed_on
    assert review.status == PracticeReview.Status.IN_PROGRESS


def test_second_practice_review_was_decided_in_late_august_2020(loaded):
    review = PracticeReview.objects.get(decision_on__year=2020, partnership__slug="worcestershire")
    assert review.decision_on == dt.date(2020, 8, 27)
    assert review.target_on() == dt.date(2021, 2, 27)


def test_legacy_reviews_and_briefings(loaded):
    names = set(
        LegacyReview.objects.filter(partnership__slug="worcestershire").values_list(
            "pseudonym", flat=True
        )
    )
    assert names == {"Hetty", "Isaac", "Harry"}
    assert LearningBriefing.objects.filter(
        title__icontains="Mental Capacity Act", published_on__year=2020, published_on__month=2
    ).exists()


def test_late_notification_has_its_reason_and_deadlines_match_hand_calculation(loaded):
    leo = SeriousIncident.objects.with_reviews().get(pseudonym="Leo")
    assert leo.notification_due() == dt.date(2020, 8, 4)
    assert leo.notification_is_late() and leo.late_notification_reason
    assert leo.rapid_review_due() == dt.date(2020, 8, 18)


def test_walsall_counts_the_rapid_review_from_notification_over_christmas(loaded):
    case = SeriousIncident.objects.get(partnership__slug="walsall")
    assert case.rapid_review_due() == dt.date(2021, 1, 18)


def test_demo_actions_in_different_states(loaded):
    from subgroups.models import Action

    statuses = set(
        Action.objects.filter(
            review_recommendations__partnership__slug="worcestershire"
        ).values_list("status", flat=True)
    )
    assert {"open", "in_progress", "completed"} <= statuses
