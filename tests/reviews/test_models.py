"""Statutory clocks and status moves of the review records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnership.models import Partnership
from reviews.deadlines import State
from reviews.models import PracticeReview, RapidReview, Recommendation, SeriousIncident
from reviews.services import commission_practice_review
from tests.reviews.builders import (
    make_incident,
    make_legacy_review,
    make_practice_review,
    make_rapid_review,
    make_recommendation,
)

D = dt.date


def by_label(deadlines):
    return {d.label: d for d in deadlines}


def test_incident_deadlines_match_a_hand_calculation_over_easter_2026(partnership):
    incident = make_incident(partnership=partnership, aware_on=D(2026, 4, 1))
    assert incident.notification_due() == D(2026, 4, 10)
    # 15 working days: Apr 2, 7-10, 13-17, 20-24 -> Fri 24 April 2026.
    assert incident.rapid_review_due() == D(2026, 4, 24)


def test_rapid_review_counts_from_notification_when_the_partnership_says_so(partnership):
    partnership.rapid_review_start = Partnership.RapidReviewStart.NOTIFIED
    partnership.save()
    incident = make_incident(partnership=partnership, aware_on=D(2020, 12, 21))
    assert incident.rapid_review_due() is None
    incident.notify(on=D(2020, 12, 23))
    # Dec 24, 29, 30, 31 (Christmas, the Boxing Day substitute and New Year skipped),
    # then Jan 4-8, 11-15, 18.
    assert incident.rapid_review_due() == D(2021, 1, 18)
    assert (
        "notification"
        in by_label(incident.deadlines(D(2021, 1, 4)))["Rapid review sent to the Panel"].rule
    )


def test_notification_deadline_is_due_then_overdue_then_met(partnership):
    incident = make_incident(partnership=partnership, aware_on=D(2022, 9, 14))
    due = D(2022, 9, 22)  # the state funeral on Monday 19th is skipped
    assert by_label(incident.deadlines(due))["Notify the national Panel"].state == State.DUE
    assert (
        by_label(incident.deadlines(due + dt.timedelta(days=1)))["Notify the national Panel"].state
        == State.OVERDUE
    )
    incident.notify(on=due)
    assert (
        by_label(incident.deadlines(D(2023, 1, 1)))["Notify the national Panel"].state == State.MET
    )


def test_late_notification_needs_a_reason(partnership):
    incident = make_incident(partnership=partnership, aware_on=D(2023, 4, 28))
    with pytest.raises(ValidationError) as error:
        incident.notify(on=D(2023, 5, 10))  # due Tue 9 May after two bank holidays
    assert "late_notification_reason" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.status == SeriousIncident.Status.RECORDED
    incident.notify(on=D(2023, 5, 10), late_reason="Information arrived from another area.")
    deadline = by_label(incident.deadlines(D(2023, 6, 1)))["Notify the national Panel"]
    assert deadline.state == State.LATE
    assert deadline.late_reason == "Information arrived from another area."


def test_notification_on_the_last_day_is_not_late(partnership):
    incident = make_incident(partnership=partnership, aware_on=D(2023, 4, 28))
    incident.notify(on=D(2023, 5, 9))
    assert incident.status == SeriousIncident.Status.NOTIFIED


def test_an_incident_cannot_be_notified_twice_or_before_awareness(partnership):
    incident = make_incident(partnership=partnership, aware_on=D(2026, 4, 1))
    with pytest.raises(ValidationError):
        incident.notify(on=D(2026, 3, 31))
    incident.notify(on=D(2026, 4, 2))
    with pytest.raises(ValidationError):
        incident.notify(on=D(2026, 4, 3))


def test_database_refuses_a_notified_incident_without_a_date(partnership):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_incident(partnership=partnership, status=SeriousIncident.Status.NOTIFIED)


def test_case_numbers_are_unique_within_a_partnership(partnership, other_partnership):
    make_incident(partnership=partnership, case_number="A-1")
    make_incident(partnership=other_partnership, case_number="A-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_incident(partnership=partnership, case_number="A-1")


def test_str_of_every_review_record_shows_only_pseudonym_and_case_number(partnership):
    incident = make_incident(partnership=partnership, pseudonym="Oscar", case_number="W-19-01")
    practice = make_practice_review(incident=incident)
    texts = [
        str(incident),
        str(incident.rapid_review),
        str(practice),
        str(make_recommendation(review=practice, number="2")),
    ]
    assert texts == [
        "Oscar (W-19-01)",
        "Rapid review of Oscar (W-19-01)",
        "Practice review: Oscar (W-19-01)",
        "Recommendation 2 of Practice review: Oscar (W-19-01)",
    ]
    assert str(make_legacy_review(partnership=partnership)) == "Serious case review “Hetty”"


def test_rapid_review_goes_to_the_panel_only_with_a_decision_and_rationale(partnership):
    incident = make_incident(partnership=partnership, aware_on=D(2026, 4, 1))
    rapid = RapidReview.objects.create(incident=incident)
    with pytest.raises(ValidationError):
        rapid.send_to_panel(on=D(2026, 4, 20))
    rapid.decision = RapidReview.Decision.NO_REVIEW
    rapid.save()
    with pytest.raises(ValidationError):
        rapid.send_to_panel(on=D(2026, 4, 20))
    rapid.rationale = "Single-agency learning."
    rapid.save()
    rapid.send_to_panel(on=D(2026, 4, 27))
    deadline = by_label(incident.deadlines(D(2026, 5, 1)))["Rapid review sent to the Panel"]
    assert deadline.state == State.LATE  # due Fri 24 April
    with pytest.raises(ValidationError):
        rapid.send_to_panel(on=D(2026, 4, 28))


def test_panel_response_follows_sending(partnership):
    rapid = make_rapid_review(incident=make_incident(partnership=partnership))
    with pytest.raises(ValidationError):
        rapid.record_panel_response(on=D(2026, 5, 1), response="Agreed")
    rapid.send_to_panel(on=D(2026, 4, 20))
    with pytest.raises(ValidationError):
        rapid.record_panel_response(on=D(2026, 4, 19), response="Agreed")
    rapid.record_panel_response(on=D(2026, 5, 1), response="Agreed")
    assert rapid.status == RapidReview.Status.RESPONDED


def test_practice_review_is_commissioned_only_from_a_local_review_decision(partnership):
    rapid = make_rapid_review(
        incident=make_incident(partnership=partnership), decision=RapidReview.Decision.NO_REVIEW
    )
    with pytest.raises(ValidationError):
        commission_practice_review(rapid_review=rapid, decision_on=D(2026, 5, 1))
    rapid.decision = RapidReview.Decision.LOCAL_REVIEW
    rapid.save()
    review = commission_practice_review(rapid_review=rapid, decision_on=D(2026, 5, 1))
    assert review.partnership == partnership
    with pytest.raises(ValidationError):
        commission_practice_review(rapid_review=rapid, decision_on=D(2026, 5, 1))


def test_practice_review_target_is_six_calendar_months(partnership):
    review = make_practice_review(partnership=partnership, decision_on=D(2020, 8, 31))
    assert review.target_on() == D(2021, 2, 28)


def test_hold_for_covid_and_resume_are_kept_as_rows_with_reasons(partnership):
    review = make_practice_review(partnership=partnership, decision_on=D(2019, 11, 12))
    review.start()
    with pytest.raises(ValidationError):
        review.hold(on=D(2020, 3, 23), reason=" ")
    review.hold(on=D(2020, 3, 23), reason="Covid-19 restrictions")
    assert review.status == PracticeReview.Status.ON_HOLD
    with pytest.raises(ValidationError):
        review.hold(on=D(2020, 3, 24), reason="Again")
    with pytest.raises(ValidationError):
        review.resume(on=D(2020, 3, 1), reason="Virtual event")
    review.resume(on=D(2020, 9, 7), reason="Virtual learning event agreed")
    hold = review.holds.get()
    assert (hold.held_on, hold.resumed_on, hold.resumption_reason) == (
        D(2020, 3, 23),
        D(2020, 9, 7),
        "Virtual learning event agreed",
    )
    assert review.status == PracticeReview.Status.IN_PROGRESS


def test_delay_reason_is_mandatory_once_past_target(partnership):
    review = make_practice_review(partnership=partnership, decision_on=D(2019, 11, 12))
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert "delay_reason" in error.value.message_dict
    review.delay_reason = "Paused for Covid."
    review.full_clean()


def test_delay_reason_is_not_asked_for_before_the_target(partnership):
    review = make_practice_review(partnership=partnership, decision_on=dt.date.today())
    review.full_clean()


NOV_2022 = D(2022, 11, 1)


def _sent(partnership, *, decision_on=NOV_2022, sent_on, planned=None):
    review = make_practice_review(partnership=partnership, decision_on=decision_on)
    review.start()
    review.send_final_report(on=sent_on, planned_publication_on=planned)
    return review


def test_publication_needs_the_final_report_seven_working_days_before(partnership):
    # Sent Fri 16 Dec 2022; 7 working days later, skipping 26 and 27 December, is Thu 29 Dec.
    review = _sent(partnership, sent_on=D(2022, 12, 16))
    with pytest.raises(ValidationError) as error:
        review.publish(on=D(2022, 12, 28))
    assert "published_on" in error.value.message_dict
    review.refresh_from_db()
    assert review.status == PracticeReview.Status.REPORT_SENT
    review.publish(on=D(2022, 12, 29), url="https://example.org/review.pdf")
    assert review.status == PracticeReview.Status.PUBLISHED
    assert by_label(review.deadlines(D(2023, 1, 5)))["Practice review published"].state == State.MET


def test_a_planned_publication_too_soon_after_sending_is_refused(partnership):
    review = make_practice_review(partnership=partnership, decision_on=D(2022, 11, 1))
    review.start()
    with pytest.raises(ValidationError):
        review.send_final_report(on=D(2022, 12, 16), planned_publication_on=D(2022, 12, 28))
    review.send_final_report(on=D(2022, 12, 16), planned_publication_on=D(2022, 12, 29))
    assert review.final_report_due() == D(2022, 12, 16)


def test_publication_past_target_needs_a_delay_reason(partnership):
    review = _sent(partnership, decision_on=D(2019, 11, 12), sent_on=D(2020, 12, 1))
    with pytest.raises(ValidationError):
        review.publish(on=D(2021, 2, 1))
    review.delay_reason = "Covid pause"
    review.publish(on=D(2021, 2, 1))
    assert (
        by_label(review.deadlines(D(2021, 3, 1)))["Practice review published"].state == State.LATE
    )


def test_unpublished_review_cannot_be_submitted_to_the_nspcc(partnership):
    review = _sent(partnership, sent_on=D(2022, 12, 16))
    with pytest.raises(ValidationError):
        review.record_nspcc_submission(on=D(2023, 1, 10))
    review.publish(on=D(2023, 1, 3))
    review.record_nspcc_submission(on=D(2023, 1, 10))
    assert review.nspcc_submitted_on == D(2023, 1, 10)


def test_cannot_publish_straight_from_commissioned(partnership):
    review = make_practice_review(partnership=partnership, decision_on=dt.date.today())
    with pytest.raises(ValidationError):
        review.send_final_report(on=dt.date.today(), planned_publication_on=None)


def test_milestones_appear_among_the_deadlines(partnership):
    review = make_practice_review(partnership=partnership, decision_on=D(2020, 8, 27))
    review.milestones.create(title="Learning event", due_on=D(2020, 10, 1))
    deadlines = by_label(review.deadlines(D(2020, 10, 2)))
    assert deadlines["Milestone: Learning event"].state == State.OVERDUE
    assert deadlines["Practice review published"].due_on == D(2021, 2, 27)


def test_incident_deadlines_include_its_practice_review(partnership):
    review = make_practice_review(partnership=partnership, decision_on=D(2020, 8, 27))
    incident = SeriousIncident.objects.with_reviews().get(pk=review.rapid_review.incident.pk)
    assert "Practice review published" in by_label(incident.deadlines(D(2020, 9, 1)))


def test_recommendation_is_implemented_only_with_evidence_of_impact(partnership):
    rec = make_recommendation(review=make_legacy_review(partnership=partnership))
    with pytest.raises(ValidationError):
        rec.move_to(Recommendation.Status.IMPLEMENTED, on=D(2020, 9, 1))
    rec.impact_evidence = "Audit shows the pathway is used."
    rec.move_to(Recommendation.Status.IMPLEMENTED, on=D(2020, 9, 1))
    assert rec.implemented_on == D(2020, 9, 1)
    rec.move_to(Recommendation.Status.IN_PROGRESS, on=D(2020, 10, 1))
    assert rec.implemented_on is None


def test_recommendation_belongs_to_exactly_one_review(partnership):
    legacy = make_legacy_review(partnership=partnership)
    rapid = make_rapid_review(incident=make_incident(partnership=partnership))
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(
            partnership=partnership, text="x", legacy_review=legacy, rapid_review=rapid
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(partnership=partnership, text="x")


def test_report_queries_find_reviews_in_progress_and_published(partnership):
    running = make_practice_review(partnership=partnership, decision_on=D(2019, 11, 12))
    done = _sent(partnership, decision_on=D(2020, 1, 6), sent_on=D(2020, 6, 1))
    done.publish(on=D(2020, 6, 15))
    qs = PracticeReview.objects.for_partnership(partnership)
    assert set(qs.in_progress_on(D(2020, 9, 30))) == {running}
    assert set(qs.published_between(D(2019, 10, 1), D(2020, 9, 30))) == {done}
    assert set(qs.commissioned_between(D(2019, 10, 1), D(2019, 12, 31))) == {running}
    assert (
        SeriousIncident.objects.for_partnership(partnership)
        .aware_between(D(2019, 10, 1), D(2020, 9, 30))
        .count()
        == 2
    )
