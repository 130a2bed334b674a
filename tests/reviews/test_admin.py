"""The admin: list pages show pseudonym and case number only; identifying details are for
superusers and business-manager staff, never a list column, and each view is logged."""

import pytest
from django.urls import reverse

from partnership.models import Role
from reviews.models import RestrictedAccessLog
from tests.factories import make_member
from tests.reviews.builders import make_practice_review, make_recommendation

SECRETS = ["Tallulah", "Quennell", "Larkspur", "Brambleford", "Morwenna", "2015"]


@pytest.fixture
def staff_bm(partnership):
    user = make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def staff_elsewhere(other_partnership):
    user = make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER)
    user.is_staff = True
    user.save()
    return user


LISTS = [
    "seriousincident",
    "identifyingdetails",
    "rapidreview",
    "practicereview",
    "recommendation",
    "restrictedaccesslog",
]


def test_admin_list_pages_never_show_identifying_details(login, staff_bm, details, incident):
    make_recommendation(review=make_practice_review(incident=incident))
    client = login(staff_bm)
    for model in LISTS:
        response = client.get(reverse(f"admin:reviews_{model}_changelist"))
        assert response.status_code == 200, model
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, (model, secret)
    assert (
        "Child K (WS-2026-01)"
        in client.get(reverse("admin:reviews_identifyingdetails_changelist")).content.decode()
    )


def test_identifying_details_admin_search_is_switched_off(login, staff_bm, details):
    response = login(staff_bm).get(
        reverse("admin:reviews_identifyingdetails_changelist") + "?q=Quennell"
    )
    assert "Child K" in response.content.decode()  # the query is ignored, not matched
    assert 'name="q"' not in response.content.decode()


def test_business_manager_staff_view_of_identifying_details_is_logged(login, staff_bm, details):
    response = login(staff_bm).get(
        reverse("admin:reviews_identifyingdetails_change", args=[details.pk])
    )
    assert response.status_code == 200
    assert "Tallulah Quennell" in response.content.decode()
    entry = RestrictedAccessLog.objects.get()
    assert (entry.user, entry.action, entry.record_type) == (
        staff_bm,
        "view",
        "reviews.IdentifyingDetails",
    )


def test_staff_of_another_partnership_cannot_open_identifying_details(
    login, staff_elsewhere, details
):
    client = login(staff_elsewhere)
    response = client.get(reverse("admin:reviews_identifyingdetails_change", args=[details.pk]))
    assert response.status_code in (302, 404)
    assert (
        "Quennell"
        not in client.get(reverse("admin:reviews_identifyingdetails_changelist")).content.decode()
    )
    assert not RestrictedAccessLog.objects.exists()


def test_staff_without_business_manager_role_have_no_review_admin(
    login, partnership, case_review_member, details
):
    case_review_member.is_staff = True
    case_review_member.save()
    response = login(case_review_member).get(reverse("admin:reviews_identifyingdetails_changelist"))
    assert response.status_code == 403


def test_access_log_cannot_be_edited_in_the_admin(login, staff_bm, business_manager, incident):
    from reviews.services import log_restricted_access

    entry = log_restricted_access(business_manager, incident)
    client = login(staff_bm)
    assert (
        client.post(
            reverse("admin:reviews_restrictedaccesslog_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert RestrictedAccessLog.objects.filter(pk=entry.pk).exists()


def test_another_partnerships_review_history_is_not_found_in_the_admin(
    login, staff_bm, staff_elsewhere, incident
):
    """simple-history shows a record's history from its history rows even when the record
    is outside the admin's queryset; staff of another partnership must get 404 instead."""
    incident.pseudonym = "Child K, renamed"
    incident.save()
    history_id = incident.history.order_by("history_id").first().history_id
    pages = [
        reverse("admin:reviews_seriousincident_history", args=[incident.pk]),
        reverse("admin:reviews_seriousincident_simple_history", args=[incident.pk, history_id]),
    ]
    outsider = login(staff_elsewhere)
    for page in pages:
        response = outsider.get(page)
        assert response.status_code == 404, page
        assert "Child K" not in response.content.decode()
    own = login(staff_bm)
    assert "Child K, renamed" in own.get(pages[0]).content.decode()
    assert own.get(pages[1]).status_code == 200
