"""Deleting the partnership's set-up records: confirmed, recorded in the history, refused
where other records depend on them, with "retire" offered instead."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from partnership.models import Organisation, Person, Role
from subgroups.forms import ActionForm
from tests.factories import (
    date_boxes,
    make_attendance,
    make_meeting,
    make_member,
    make_organisation,
    make_person,
    make_role,
)


def url(name, partnership, obj):
    return reverse(f"partnership:{name}", args=[partnership.slug, obj.pk])


def deletion_row(model, pk):
    return model.history.filter(id=pk, history_type="-").get()


# --- the confirmation page -----------------------------------------------------------


def test_the_confirmation_page_names_the_organisation_and_asks_before_deleting(
    login, business_manager, partnership
):
    agency = make_organisation(partnership=partnership, name="Mistaken Agency Ltd")
    page = login(business_manager).get(url("organisation_delete", partnership, agency))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Are you sure you want to delete this organisation?" in body
    assert "Mistaken Agency Ltd" in body
    assert "Yes, delete" in body
    assert reverse("partnership:organisation_list", args=[partnership.slug]) in body  # Cancel
    assert Organisation.objects.filter(pk=agency.pk).exists()  # a GET deletes nothing


def test_deleting_an_organisation_records_who_deleted_it(login, business_manager, partnership):
    agency = make_organisation(partnership=partnership, name="Mistaken Agency Ltd")
    client = login(business_manager)
    response = client.post(url("organisation_delete", partnership, agency), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "partnership:organisation_list", args=[partnership.slug]
    )
    assert "Organisation ‘Mistaken Agency Ltd’ deleted." in response.content.decode()
    assert not Organisation.objects.filter(pk=agency.pk).exists()
    assert deletion_row(Organisation, agency.pk).history_user == business_manager


def test_an_organisation_that_records_name_is_not_deleted_and_retiring_is_offered(
    login, business_manager, partnership, subgroup
):
    agency = make_organisation(partnership=partnership, name="County Schools")
    person = make_person(partnership=partnership, organisation=agency)
    for day in (15, 16, 17):
        meeting = make_meeting(
            subgroup=subgroup,
            starts_at=dt.datetime(2020, 1, day, 10, tzinfo=dt.UTC),
        )
        make_attendance(meeting=meeting, person=person, organisation=agency)
    client = login(business_manager)
    delete = url("organisation_delete", partnership, agency)
    for response in (client.get(delete), client.post(delete)):
        body = response.content.decode()
        assert "You cannot delete this organisation" in body
        assert "3 attendance records" in body
        assert "1 person" in body
        assert "Record that it left the partnership" in body
        assert url("organisation_retire", partnership, agency) in body
    assert response.status_code == 400
    assert Organisation.objects.filter(pk=agency.pk).exists()
    assert not Organisation.history.filter(id=agency.pk, history_type="-").exists()


def test_an_organisation_retired_leaves_the_choices_for_new_records_but_not_older_ones(
    login, business_manager, partnership
):
    leaving = make_organisation(partnership=partnership, name="Closed Trust")
    staying = make_organisation(partnership=partnership, name="Open Trust")
    owner = make_person(partnership=partnership)
    client = login(business_manager)
    response = client.post(
        url("organisation_retire", partnership, leaving),
        date_boxes("left_on", dt.date(2024, 3, 31)),
    )
    assert response.status_code == 302
    leaving.refresh_from_db()
    assert leaving.left_on == dt.date(2024, 3, 31)
    assert Organisation.history.filter(id=leaving.pk).latest().history_user == business_manager
    listing = client.get(reverse("partnership:organisation_list", args=[partnership.slug]))
    assert "Left the partnership on 31 March 2024" in listing.content.decode()

    choices = ActionForm(partnership=partnership).fields["organisation"].queryset
    assert staying in choices and leaving not in choices
    from subgroups.models import Action

    older = Action(partnership=partnership, owner=owner, organisation=leaving)
    kept = ActionForm(instance=older, partnership=partnership).fields["organisation"].queryset
    assert leaving in kept


def test_an_organisation_recorded_as_left_can_be_back_in_the_partnership(
    login, business_manager, chair, partnership
):
    """A day recorded by mistake (or an organisation come back): the business manager
    changes the day or removes it; it is offered for new records again, and the history
    says who did it. Nobody else may."""
    agency = make_organisation(partnership=partnership, name="Returning Trust")
    agency.left_on = dt.date(2024, 3, 31)
    agency.save()
    page_url = url("organisation_retire", partnership, agency)
    listing_url = reverse("partnership:organisation_list", args=[partnership.slug])
    client = login(business_manager)
    listing = client.get(listing_url).content.decode()
    assert f'href="{page_url}">Change the day it left' in listing
    page = client.get(page_url).content.decode()
    assert "Change the day it left the partnership" in page
    # A button of its own: sent only when pressed (a field of that name would go every time).
    assert re.search(
        r'<input type="submit"\s+name="rejoin"\s+value="It is in the partnership again"', page
    )

    response = client.post(page_url, date_boxes("left_on", dt.date(2024, 6, 30)))
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.left_on == dt.date(2024, 6, 30)

    assert login(chair).post(page_url, {"rejoin": ""}).status_code == 403
    agency.refresh_from_db()
    assert agency.left_on == dt.date(2024, 6, 30)

    # The date boxes may be anything: the button asks only that the day go.
    response = login(business_manager).post(
        page_url, {"rejoin": "", **date_boxes("left_on", dt.date(2999, 1, 1))}, follow=True
    )
    assert "Returning Trust is in the partnership again." in response.content.decode()
    agency.refresh_from_db()
    assert agency.left_on is None
    assert Organisation.history.filter(id=agency.pk).latest().history_user == business_manager
    assert agency in ActionForm(partnership=partnership).fields["organisation"].queryset
    assert "Left the partnership on" not in response.content.decode()
    page = client.get(page_url).content.decode()
    assert "Record that it left the partnership" in page and 'name="rejoin"' not in page


def test_the_day_an_organisation_left_cannot_be_in_the_future(login, business_manager, partnership):
    agency = make_organisation(partnership=partnership)
    response = login(business_manager).post(
        url("organisation_retire", partnership, agency),
        date_boxes("left_on", dt.date.today() + dt.timedelta(days=3)),
    )
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    agency.refresh_from_db()
    assert agency.left_on is None


def test_an_organisation_that_left_before_a_period_is_not_among_its_agencies(partnership):
    from reports.assembly import assemble
    from tests.reports.helpers import START, make_world

    world = make_world(partnership)
    for name, left_on in (
        ("Gone Before Trust", START - dt.timedelta(days=1)),
        ("Left During Trust", START + dt.timedelta(days=60)),
    ):
        Organisation.objects.create(
            partnership=partnership,
            name=name,
            kind=Organisation.Kind.RELEVANT_AGENCY,
            category=Organisation.Category.VOLUNTARY,
            left_on=left_on,
        )
    published = " ".join(text for _where, text in assemble(world.report).texts())
    assert "Left During Trust" in published
    assert "Gone Before Trust" not in published


def test_only_the_business_manager_deletes_organisations(login, chair, partnership, outsider):
    agency = make_organisation(partnership=partnership)
    delete = url("organisation_delete", partnership, agency)
    assert login(chair).post(delete).status_code == 403
    assert login(outsider).post(delete).status_code == 404
    assert Organisation.objects.filter(pk=agency.pk).exists()


# --- people and roles ----------------------------------------------------------------


def test_a_person_with_roles_is_refused_with_their_roles_offered_to_end(
    login, business_manager, partnership, subgroup
):
    person = make_person(partnership=partnership, name="Pat Mistake")
    role = make_role(person=person, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    body = login(business_manager).get(url("person_delete", partnership, person)).content.decode()
    assert "You cannot delete this person" in body
    assert "1 role" in body
    assert "End their role: Sub-group member, Quality Assurance Group" in body
    assert url("role_edit", partnership, role) in body


def test_a_person_with_a_sign_in_is_refused(login, business_manager, partnership):
    user = make_member(partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER)
    person = Person.objects.get(user=user)
    Role.objects.filter(person=person).delete()
    response = login(business_manager).post(url("person_delete", partnership, person))
    assert "1 sign-in account" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_person_added_by_mistake_is_deleted(login, business_manager, partnership):
    person = make_person(partnership=partnership, name="Pat Mistake")
    response = login(business_manager).post(url("person_delete", partnership, person))
    assert response.status_code == 302
    assert deletion_row(Person, person.pk).history_user == business_manager


def test_a_role_is_deleted_and_the_history_keeps_who_did_it(
    login, business_manager, partnership, subgroup
):
    person = make_person(partnership=partnership)
    role = make_role(person=person, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    client = login(business_manager)
    assert (
        "Are you sure you want to delete this role?"
        in client.get(url("role_delete", partnership, role)).content.decode()
    )
    assert client.post(url("role_delete", partnership, role)).status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    assert deletion_row(Role, role.pk).history_user == business_manager


@pytest.mark.parametrize("name", ["person_delete", "role_delete"])
def test_others_cannot_delete_people_or_roles(name, login, chair, partnership, subgroup):
    person = make_person(partnership=partnership)
    role = make_role(person=person, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    target = person if name == "person_delete" else role
    assert login(chair).post(url(name, partnership, target)).status_code == 403
    assert Role.objects.filter(pk=role.pk).exists()


def test_the_lists_link_to_deletion_for_the_business_manager_only(
    login, business_manager, chair, partnership
):
    agency = make_organisation(partnership=partnership)
    listing = reverse("partnership:organisation_list", args=[partnership.slug])
    assert url("organisation_delete", partnership, agency) in (
        login(business_manager).get(listing).content.decode()
    )
    assert url("organisation_delete", partnership, agency) not in (
        login(chair).get(listing).content.decode()
    )


def test_a_statutory_partner_is_renamed_not_retired(login, business_manager, partnership):
    police = make_organisation(
        partnership=partnership, kind=Organisation.Kind.POLICE, name="County Police"
    )
    make_person(partnership=partnership, organisation=police)
    client = login(business_manager)
    body = client.get(url("organisation_delete", partnership, police)).content.decode()
    assert "Add a dated name" in body
    assert url("organisation_retire", partnership, police) not in body
    response = client.post(
        url("organisation_retire", partnership, police), date_boxes("left_on", dt.date(2024, 1, 1))
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.left_on is None
