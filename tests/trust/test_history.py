"""The history page of a record: who changed what and when, shown only to those allowed."""

import datetime as dt

import pytest

from partnership.access import access_for
from partnership.history_views import _withheld_fields
from partnership.models import Role
from reviews.models import IdentifyingDetails, RestrictedAccessLog, SeriousIncident
from tests.factories import make_item, make_meeting, make_member, make_subgroup


@pytest.fixture
def independent_chair(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR)


@pytest.fixture
def item(subgroup, chair):
    item = make_item(
        meeting=make_meeting(subgroup=subgroup),
        title="Neglect audit",
        minutes="The audit found gaps in early help.",
    )
    item.minutes = "The audit found gaps in early help; a re-audit is due in March."
    item._history_user = chair
    item.save()
    return item


def url(partnership, record):
    return (
        f"/p/{partnership.slug}/history/{record._meta.app_label}/"
        f"{record._meta.model_name}/{record.pk}/"
    )


def test_business_manager_sees_who_changed_the_minutes_and_old_and_new_text(
    login, partnership, business_manager, chair, item
):
    chair.first_name, chair.last_name = "Priya", "Sandhu"
    chair.save()
    page = login(business_manager).get(url(partnership, item)).content.decode()
    assert "Changed on" in page and "by Priya Sandhu" in page
    assert "The audit found gaps in early help.</td>" in page
    assert "a re-audit is due in March." in page
    assert "Created on" in page


def test_independent_chair_sees_the_history(login, partnership, independent_chair, item):
    response = login(independent_chair).get(url(partnership, item))
    assert response.status_code == 200
    assert "a re-audit is due in March." in response.content.decode()


@pytest.mark.parametrize("kind", [Role.Kind.DELEGATED_PARTNER, Role.Kind.SCRUTINY_MEMBER])
def test_other_roles_are_refused(login, partnership, item, kind):
    user = make_member(partnership=partnership, kind=kind)
    assert login(user).get(url(partnership, item)).status_code == 403


def test_chair_of_the_subgroup_is_refused(login, partnership, chair, item):
    assert login(chair).get(url(partnership, item)).status_code == 403


def test_user_of_another_partnership_gets_404(login, partnership, outsider, item):
    assert login(outsider).get(url(partnership, item)).status_code == 404


def test_a_record_of_another_partnership_is_not_found(login, other_partnership, outsider, item):
    response = login(outsider).get(url(other_partnership, item))
    assert response.status_code == 404


def test_kinds_of_record_not_on_the_allow_list_are_not_found(login, partnership, business_manager):
    client = login(business_manager)
    assert (
        client.get(
            f"/p/{partnership.slug}/history/partnership/user/{business_manager.pk}/"
        ).status_code
        == 404
    )
    assert client.get(f"/p/{partnership.slug}/history/nope/nothing/1/").status_code == 404


def test_partnership_history_shows_a_changed_setting(login, partnership, business_manager):
    partnership.reporting_year_start_month = 10
    partnership.save()
    page = login(business_manager).get(url(partnership, partnership)).content.decode()
    assert "Reporting year start month" in page
    assert ">4</td>" in page and ">10</td>" in page


@pytest.fixture
def incident(partnership):
    incident = SeriousIncident.objects.create(
        partnership=partnership,
        case_number="CSPR-01",
        pseudonym="Hetty",
        aware_on=dt.date(2020, 1, 6),
        harm=SeriousIncident.Harm.SERIOUSLY_HARMED,
    )
    IdentifyingDetails.objects.create(incident=incident, child_name="Amelia Realname")
    return incident


def test_identifying_details_history_is_shown_to_the_business_manager_and_logged(
    login, partnership, business_manager, incident
):
    details = incident.identifying_details
    response = login(business_manager).get(url(partnership, details))
    assert "Amelia Realname" in response.content.decode()
    assert RestrictedAccessLog.objects.filter(
        record_type="reviews.IdentifyingDetails",
        record_id=details.pk,
        username=business_manager.username,
    ).exists()


def test_identifying_details_history_does_not_exist_for_the_independent_chair(
    login, partnership, independent_chair, incident
):
    response = login(independent_chair).get(url(partnership, incident.identifying_details))
    assert response.status_code == 404
    assert "Amelia" not in response.content.decode()


def test_case_review_group_member_is_refused_history_pages(login, partnership, incident):
    group = make_subgroup(partnership=partnership, slug="cspr", handles_case_reviews=True)
    member = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=group)
    assert login(member).get(url(partnership, incident)).status_code == 403


def test_incident_history_uses_the_pseudonym_in_the_heading(
    login, partnership, business_manager, incident
):
    page = login(business_manager).get(url(partnership, incident)).content.decode()
    assert "Hetty" in page
    assert "Amelia" not in page


def test_restricted_minutes_are_withheld_from_someone_who_may_not_read_them(
    partnership, subgroup, scrutiny_member, business_manager
):
    item = make_item(
        meeting=make_meeting(subgroup=subgroup),
        confidentiality="restricted",
        minutes="Family circumstances discussed.",
    )
    rows = list(item.history.all())
    assert _withheld_fields("minutes", access_for(scrutiny_member, partnership), item, rows) == {
        "minutes",
        "title",
    }
    assert (
        _withheld_fields("minutes", access_for(business_manager, partnership), item, rows) == set()
    )


def test_minutes_once_restricted_stay_withheld_after_being_made_public(
    partnership, subgroup, scrutiny_member
):
    item = make_item(
        meeting=make_meeting(subgroup=subgroup),
        confidentiality="restricted",
        minutes="Family circumstances discussed.",
    )
    item.confidentiality = "public"
    item.minutes = "Item discussed in private session."
    item.save()
    rows = list(item.history.all())
    assert _withheld_fields("minutes", access_for(scrutiny_member, partnership), item, rows)


def test_every_model_with_an_audit_trail_has_a_history_page():
    from partnership.history_views import HISTORY_PAGES
    from partnership.scoping import domain_models

    tracked = {m._meta.label_lower for m in domain_models() if hasattr(m, "history")}
    # An account belongs to no one partnership: its history is on the person's sign-in
    # page of each partnership it holds roles in (tests/accounts).
    tracked.discard("partnership.user")
    assert tracked <= set(HISTORY_PAGES), sorted(tracked - set(HISTORY_PAGES))
