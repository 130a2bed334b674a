"""Case-review pages as their users use them: forms, refusals, anonymity and logging."""

import datetime as dt

import pytest
from django.urls import reverse

from reviews.models import (
    IdentifyingDetails,
    PracticeReview,
    RapidReview,
    Recommendation,
    RestrictedAccessLog,
    SeriousIncident,
)
from subgroups.models import Action
from tests.factories import make_person
from tests.reviews.builders import (
    date_data,
    make_incident,
    make_legacy_review,
    make_practice_review,
    make_rapid_review,
    make_recommendation,
)

D = dt.date
CHILD = "Tallulah Quennell"


def url(name, partnership, *args):
    return reverse(f"reviews:{name}", args=[partnership.slug, *args])


def test_case_review_member_records_an_incident(login, partnership, case_review_member):
    client = login(case_review_member)
    response = client.post(
        url("incident_create", partnership),
        {
            "case_number": "WS-1",
            "pseudonym": "Robin",
            "harm": "died",
            "summary": "",
            **date_data("aware_on", D(2026, 4, 1)),
        },
    )
    incident = SeriousIncident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    assert (incident.pseudonym, incident.aware_on, incident.partnership) == (
        "Robin",
        D(2026, 4, 1),
        partnership,
    )
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Fri 10 Apr 2026" in page  # notification due
    assert "Fri 24 Apr 2026" in page  # rapid review due


def test_bad_date_shows_an_error_and_saves_nothing(login, partnership, case_review_member):
    response = login(case_review_member).post(
        url("incident_create", partnership),
        {
            "case_number": "WS-1",
            "pseudonym": "Robin",
            "harm": "died",
            **date_data("aware_on", None),
            "aware_on_0": "31",
            "aware_on_1": "2",
            "aware_on_2": "2026",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not SeriousIncident.objects.exists()


def test_late_notification_without_reason_is_refused_next_to_the_field(
    login, partnership, business_manager, incident
):
    client = login(business_manager)
    response = client.post(
        url("incident_notify", partnership, incident.pk),
        {
            **date_data("notified_on", D(2026, 4, 20)),
            "panel_reference": "N1",
            "late_notification_reason": "",
        },
    )
    assert response.status_code == 200
    assert "Enter the reason it was late" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == SeriousIncident.Status.RECORDED
    response = client.post(
        url("incident_notify", partnership, incident.pk),
        {
            **date_data("notified_on", D(2026, 4, 20)),
            "panel_reference": "N1",
            "late_notification_reason": "Information came from another area.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.notified_on) == (
        SeriousIncident.Status.NOTIFIED,
        D(2026, 4, 20),
    )
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Met late" in page and "Information came from another area." in page


def test_summary_with_a_childs_name_is_refused(
    login, partnership, case_review_member, details, incident
):
    response = login(case_review_member).post(
        url("incident_edit", partnership, incident.pk),
        {
            "case_number": incident.case_number,
            "pseudonym": incident.pseudonym,
            "harm": incident.harm,
            "summary": "Tallulah was injured.",
            "version": incident.version,
            **date_data("aware_on", incident.aware_on),
        },
    )
    assert response.status_code == 200
    assert "contains a name of a child in a case review" in response.content.decode()
    incident.refresh_from_db()
    assert incident.summary == ""


def test_identifying_details_are_recorded_and_shown_only_on_their_page(
    login, partnership, case_review_chair, incident
):
    client = login(case_review_chair)
    response = client.post(
        url("identifying_details_edit", partnership, incident.pk),
        {
            "child_name": CHILD,
            **date_data("date_of_birth", D(2015, 3, 7)),
            "address": "14 Larkspur Row",
            "school": "Brambleford Primary School",
            "family_members": "Morwenna Quennell, mother",
        },
    )
    assert response.status_code == 302
    assert IdentifyingDetails.objects.get(incident=incident).child_name == CHILD
    assert (
        CHILD in client.get(url("identifying_details", partnership, incident.pk)).content.decode()
    )
    assert RestrictedAccessLog.objects.filter(
        record_type="reviews.IdentifyingDetails", action="view", user=case_review_chair
    ).exists()
    assert RestrictedAccessLog.objects.filter(
        record_type="reviews.IdentifyingDetails", action="edit"
    ).exists()


@pytest.fixture
def full_case(partnership, incident, details):
    practice = make_practice_review(incident=incident, decision_on=D(2026, 4, 20))
    make_recommendation(review=practice, text="Share the learning")
    return practice


def test_no_other_review_page_shows_an_identifying_detail(
    login, partnership, business_manager, full_case
):
    client = login(business_manager)
    incident = full_case.rapid_review.incident
    rec = full_case.recommendations.get()
    pages = [
        url("review_list", partnership),
        url("deadlines", partnership),
        url("incident_detail", partnership, incident.pk),
        url("incident_edit", partnership, incident.pk),
        url("practice_review_detail", partnership, full_case.pk),
        url("recommendation_detail", partnership, rec.pk),
        url("rapid_review_edit", partnership, incident.pk),
        f"/p/{partnership.slug}/",
        f"/p/{partnership.slug}/actions/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        text = response.content.decode()
        for detail in [
            "Tallulah",
            "Quennell",
            "Larkspur",
            "Brambleford",
            "Morwenna",
            "07/03/2015",
            "7 March 2015",
        ]:
            assert detail not in text, (page, detail)
        assert "Child K" in text or page.endswith(("/actions/", f"/p/{partnership.slug}/")), page


def test_every_view_of_a_review_page_is_logged(login, partnership, case_review_member, full_case):
    client = login(case_review_member)
    incident = full_case.rapid_review.incident
    client.get(url("incident_detail", partnership, incident.pk))
    client.get(url("practice_review_detail", partnership, full_case.pk))
    client.get(url("review_list", partnership))
    logged = list(
        RestrictedAccessLog.objects.filter(user=case_review_member).values_list(
            "action", "record_label"
        )
    )
    assert ("view", "Child K (WS-2026-01)") in logged
    assert ("view", "Practice review: Child K (WS-2026-01)") in logged
    assert ("view", "Case review list") in logged


def test_refused_user_leaves_no_access_log_and_no_detail_in_the_404(
    login, partnership, chair, details, incident
):
    response = login(chair).get(url("identifying_details", partnership, incident.pk))
    assert response.status_code == 404
    assert "Quennell" not in response.content.decode()
    assert "Child K" not in response.content.decode()
    assert not RestrictedAccessLog.objects.exists()


def test_rapid_review_is_recorded_sent_and_answered(
    login, partnership, case_review_member, incident
):
    client = login(case_review_member)
    data = {
        "decision": "local_review",
        "rationale": "Recurrent themes.",
        "agency_contributions": "All",
        "criteria_recurrent_themes": "on",
        **date_data("meeting_on", D(2026, 4, 15)),
    }
    assert client.post(url("rapid_review_edit", partnership, incident.pk), data).status_code == 302
    rapid = RapidReview.objects.get()
    assert rapid.criteria_recurrent_themes and not rapid.criteria_panel_view
    assert (
        client.post(
            url("rapid_review_send", partnership, incident.pk),
            date_data("sent_to_panel_on", D(2026, 4, 24)),
        ).status_code
        == 302
    )
    rapid.refresh_from_db()
    assert rapid.status == RapidReview.Status.SENT
    # Once sent, the record is no longer edited freely.
    response = client.post(
        url("rapid_review_edit", partnership, incident.pk),
        {**data, "decision": "no_review", "version": rapid.version},
    )
    assert response.status_code == 302
    rapid.refresh_from_db()
    assert rapid.decision == "local_review"
    assert (
        client.post(
            url("practice_review_commission", partnership, incident.pk),
            {
                **date_data("decision_on", D(2026, 5, 6)),
                "reviewer": "A Reviewer",
                "terms_of_reference": "",
            },
        ).status_code
        == 302
    )
    assert PracticeReview.objects.get().target_on() == D(2026, 11, 6)


def test_sending_without_a_decision_shows_the_error(
    login, partnership, case_review_member, incident
):
    RapidReview.objects.create(incident=incident)
    response = login(case_review_member).post(
        url("rapid_review_send", partnership, incident.pk),
        date_data("sent_to_panel_on", D(2026, 4, 24)),
    )
    assert response.status_code == 200
    assert "Record the decision" in response.content.decode()
    assert RapidReview.objects.get().status == RapidReview.Status.IN_PROGRESS


def test_practice_review_steps_through_hold_resume_report_and_publication(
    login, partnership, business_manager, incident
):
    review = make_practice_review(incident=incident, decision_on=D(2022, 11, 1))
    client = login(business_manager)

    def move(verb, data):
        return client.post(url("practice_review_move", partnership, review.pk, verb), data)

    assert move("start", {}).status_code == 302
    assert (
        move("hold", {**date_data("held_on", D(2022, 11, 20)), "reason": "Covid"}).status_code
        == 302
    )
    assert (
        move(
            "resume",
            {**date_data("resumed_on", D(2022, 12, 1)), "resumption_reason": "Virtual event"},
        ).status_code
        == 302
    )
    assert (
        move(
            "final-report",
            {
                **date_data("final_report_sent_on", D(2022, 12, 16)),
                **date_data("planned_publication_on", None),
            },
        ).status_code
        == 302
    )
    response = move(
        "publish", {**date_data("published_on", D(2022, 12, 28)), "publication_url": ""}
    )
    assert response.status_code == 200
    assert "at least 7 working days before publication" in response.content.decode()
    review.refresh_from_db()
    assert review.status == PracticeReview.Status.REPORT_SENT
    assert (
        move(
            "publish",
            {
                **date_data("published_on", D(2022, 12, 29)),
                "publication_url": "https://example.org/r.pdf",
            },
        ).status_code
        == 302
    )
    review.refresh_from_db()
    assert (review.status, review.published_on) == (
        PracticeReview.Status.PUBLISHED,
        D(2022, 12, 29),
    )
    assert review.holds.get().resumption_reason == "Virtual event"


def test_editing_a_review_past_target_requires_the_delay_reason(
    login, partnership, business_manager, incident
):
    review = make_practice_review(incident=incident, decision_on=D(2019, 11, 12))
    client = login(business_manager)
    data = {
        "reviewer": "New reviewer",
        "terms_of_reference": "",
        "delay_reason": "",
        "version": review.version,
        **date_data("terms_agreed_on", None),
        **date_data("planned_publication_on", None),
    }
    response = client.post(url("practice_review_edit", partnership, review.pk), data)
    assert response.status_code == 200
    assert "Enter the reason for the delay" in response.content.decode()
    response = client.post(
        url("practice_review_edit", partnership, review.pk),
        {**data, "delay_reason": "Paused for Covid"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.reviewer, review.version) == ("New reviewer", 2)


def test_stale_edit_of_a_review_is_refused(login, partnership, business_manager, incident):
    client = login(business_manager)
    data = {
        "case_number": incident.case_number,
        "pseudonym": "Renamed",
        "harm": incident.harm,
        "version": incident.version,
        **date_data("aware_on", incident.aware_on),
    }
    SeriousIncident.objects.filter(pk=incident.pk).update(version=5)
    response = client.post(url("incident_edit", partnership, incident.pk), data)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    incident.refresh_from_db()
    assert incident.pseudonym == "Child K"


def test_recommendation_becomes_an_action_in_the_partnership_register(
    login, partnership, business_manager, subgroup, incident
):
    rec = make_recommendation(review=make_legacy_review(partnership=partnership))
    owner = make_person(partnership=partnership, name="Gwen Owner")
    client = login(business_manager)
    response = client.post(
        url("recommendation_action_create", partnership, rec.pk),
        {
            "description": "Run a practitioner survey on the learning from Hetty",
            "owner": owner.pk,
            "subgroup": subgroup.pk,
            **date_data("due_on", D(2026, 12, 18)),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.partnership, action.owner, action.subgroup, action.due_on) == (
        partnership,
        owner,
        subgroup,
        D(2026, 12, 18),
    )
    assert list(rec.actions.all()) == [action]
    assert list(action.review_recommendations.all()) == [rec]
    assert Action.objects.for_partnership(partnership).filter(pk=action.pk).exists()


def test_action_text_with_identifying_details_is_refused(
    login, partnership, business_manager, details
):
    rec = make_recommendation(review=make_legacy_review(partnership=partnership))
    owner = make_person(partnership=partnership)
    response = login(business_manager).post(
        url("recommendation_action_create", partnership, rec.pk),
        {
            "description": "Visit the Quennell family",
            "owner": owner.pk,
            **date_data("due_on", D(2026, 12, 18)),
        },
    )
    assert response.status_code == 200
    assert "contains a name of a child in a case review" in response.content.decode()
    assert not Action.objects.exists()


def test_action_owner_must_be_in_the_partnership(
    login, partnership, other_partnership, business_manager
):
    rec = make_recommendation(review=make_legacy_review(partnership=partnership))
    stranger = make_person(partnership=other_partnership)
    response = login(business_manager).post(
        url("recommendation_action_create", partnership, rec.pk),
        {
            "description": "Do it",
            "owner": stranger.pk,
            **date_data("due_on", D(2026, 12, 18)),
        },
    )
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_recommendation_status_change_asks_for_impact(login, partnership, business_manager):
    rec = make_recommendation(review=make_legacy_review(partnership=partnership))
    client = login(business_manager)
    response = client.post(
        url("recommendation_status", partnership, rec.pk), {"status": "implemented"}
    )
    assert response.status_code == 200
    assert "evidence of impact" in response.content.decode()
    Recommendation.objects.filter(pk=rec.pk).update(impact_evidence="Audit shows change")
    assert (
        client.post(
            url("recommendation_status", partnership, rec.pk), {"status": "implemented"}
        ).status_code
        == 302
    )
    assert Recommendation.objects.get().status == "implemented"


def test_recommendation_for_a_review_of_another_partnership_is_404(
    login, partnership, other_partnership, business_manager
):
    legacy = make_legacy_review(partnership=other_partnership)
    response = login(business_manager).get(
        url("recommendation_create", partnership, "legacy-review", legacy.pk)
    )
    assert response.status_code == 404


def test_deadlines_page_lists_due_and_overdue_earliest_first(login, partnership, business_manager):
    today = dt.date.today()
    late = make_incident(
        partnership=partnership, pseudonym="Early", aware_on=today - dt.timedelta(days=60)
    )
    make_incident(partnership=partnership, pseudonym="Recent", aware_on=today)
    done = make_incident(
        partnership=partnership, pseudonym="Zebedee", aware_on=today - dt.timedelta(days=60)
    )
    done.notify(on=done.aware_on)
    rapid = make_rapid_review(incident=done, decision=RapidReview.Decision.NO_REVIEW)
    rapid.send_to_panel(on=done.aware_on)
    page = login(business_manager).get(url("deadlines", partnership)).content.decode()
    assert page.index("Early") < page.index("Recent")
    assert "Zebedee" not in page
    assert "Overdue" in page
    assert str(late) in page


def test_review_list_query_count_does_not_grow_with_the_data(
    login, partnership, business_manager, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(business_manager)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("review_list", partnership)).status_code == 200
        return len(ctx)

    make_practice_review(partnership=partnership).milestones.create(title="M", due_on=D(2020, 1, 1))
    small = count()
    for _ in range(4):
        make_practice_review(partnership=partnership).milestones.create(
            title="M", due_on=D(2020, 1, 1)
        )
        make_incident(partnership=partnership)
    assert count() == small


def test_deadlines_page_query_count_does_not_grow_with_the_data(
    login, partnership, business_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(business_manager)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("deadlines", partnership)).status_code == 200
        return len(ctx)

    make_practice_review(partnership=partnership).milestones.create(title="M", due_on=D(2020, 1, 1))
    small = count()
    for _ in range(4):
        review = make_practice_review(partnership=partnership)
        review.milestones.create(title="M", due_on=D(2020, 1, 1))
        make_incident(partnership=partnership)
    assert count() == small


def test_recommendation_pages_query_count_does_not_grow_with_actions(
    login, partnership, business_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rec = make_recommendation(review=make_legacy_review(partnership=partnership))
    owner = make_person(partnership=partnership)
    client = login(business_manager)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("recommendation_detail", partnership, rec.pk)).status_code == 200
        return len(ctx)

    rec.actions.add(
        Action.objects.create(
            partnership=partnership, owner=owner, description="a", due_on=D(2026, 1, 1)
        )
    )
    small = count()
    for n in range(3):
        rec.actions.add(
            Action.objects.create(
                partnership=partnership, owner=owner, description=f"b{n}", due_on=D(2026, 1, 1)
            )
        )
    assert count() == small
