"""No lost updates: two people edit the same record; the second save is refused."""

import datetime as dt

import pytest
from django.test import Client

from partnership.models import Role
from reviews.models import SeriousIncident
from subgroups.models import AgendaItem
from tests.factories import make_item, make_meeting, make_member, make_subgroup
from tests.trust.html_forms import main_form


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    form = main_form(response.content.decode())
    assert form is not None and "version" in form.data()
    return form.data()


@pytest.fixture
def second_client():
    return Client()


@pytest.fixture
def item(subgroup):
    return make_item(
        meeting=make_meeting(subgroup=subgroup),
        title="Neglect strategy",
        minutes="The group reviewed the neglect strategy.",
    )


def test_second_editor_of_the_same_minutes_is_refused_and_the_first_text_survives(
    login, second_client, partnership, business_manager, chair, item
):
    url = f"/p/{partnership.slug}/items/{item.pk}/edit/"
    first, second = login(business_manager), login(chair, second_client)
    first_data, second_data = open_form(first, url), open_form(second, url)

    first_data["minutes"] = "Agreed: the neglect strategy goes to the Executive in May."
    assert first.post(url, first_data).status_code == 302

    second_data["minutes"] = "Noted the strategy; no decision."
    response = second.post(url, second_data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it" in page
    assert "Agreed: the neglect strategy goes to the Executive in May." in page  # what changed
    assert "Your changes have not been saved" in page

    item.refresh_from_db()
    assert item.minutes == "Agreed: the neglect strategy goes to the Executive in May."
    assert item.version == 2
    assert item.history.count() == 2


def test_the_conflict_message_names_only_what_the_other_person_changed(
    login, second_client, partnership, business_manager, chair, item
):
    url = f"/p/{partnership.slug}/items/{item.pk}/edit/"
    first, second = login(business_manager), login(chair, second_client)
    first_data, second_data = open_form(first, url), open_form(second, url)
    first_data["title"] = "Neglect strategy (revised)"
    first.post(url, first_data)
    second_data["minutes"] = "My own new minutes."
    page = second.post(url, second_data).content.decode()
    assert "Neglect strategy (revised)" in page
    assert "Minutes now reads" not in page


def test_a_save_from_the_current_version_goes_through(login, partnership, chair, item):
    client = login(chair)
    url = f"/p/{partnership.slug}/items/{item.pk}/edit/"
    data = open_form(client, url)
    data["minutes"] = "First edit."
    assert client.post(url, data).status_code == 302
    data = open_form(client, url)
    data["minutes"] = "Second edit, from the new version."
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.minutes, item.version) == ("Second edit, from the new version.", 3)


def test_a_form_without_its_version_is_refused(login, partnership, chair, item):
    client = login(chair)
    url = f"/p/{partnership.slug}/items/{item.pk}/edit/"
    data = open_form(client, url)
    data.pop("version")
    data["minutes"] = "Sneaky overwrite."
    assert client.post(url, data).status_code == 200
    assert AgendaItem.objects.get(pk=item.pk).minutes == "The group reviewed the neglect strategy."


def test_two_case_review_editors_of_the_same_incident(
    login, second_client, partnership, business_manager
):
    group = make_subgroup(partnership=partnership, slug="cspr", handles_case_reviews=True)
    member = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=group)
    incident = SeriousIncident.objects.create(
        partnership=partnership,
        case_number="RR-2020-01",
        pseudonym="Isaac",
        aware_on=dt.date(2020, 2, 3),
        harm=SeriousIncident.Harm.SERIOUSLY_HARMED,
        summary="Isaac was admitted to hospital.",
    )
    url = f"/p/{partnership.slug}/reviews/incidents/{incident.pk}/edit/"
    first, second = login(business_manager), login(member, second_client)
    first_data, second_data = open_form(first, url), open_form(second, url)
    first_data["summary"] = "Isaac was admitted to hospital with a head injury."
    assert first.post(url, first_data).status_code == 302
    second_data["summary"] = "Isaac was seen in A&E."
    page = second.post(url, second_data).content.decode()
    assert "Someone else saved this record" in page
    incident.refresh_from_db()
    assert incident.summary == "Isaac was admitted to hospital with a head injury."
