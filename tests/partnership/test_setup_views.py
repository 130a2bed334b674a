"""The business manager's set-up pages: only the business manager writes."""

import datetime as dt

import pytest
from django.urls import reverse

from partnership.models import (
    ArrangementsDocument,
    ArrangementsUpdate,
    Organisation,
    OrganisationName,
    Person,
    Role,
)
from subgroups.models import SubGroup
from tests.factories import make_organisation, make_person


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def organisation(partnership):
    return make_organisation(
        partnership=partnership,
        name="Testshire Police",
        kind=Organisation.Kind.POLICE,
        category=Organisation.Category.POLICE_JUSTICE,
    )


@pytest.fixture
def person(partnership, organisation):
    return make_person(partnership=partnership, name="Ada Lovelace", organisation=organisation)


def _writes(partnership, organisation, person, subgroup):
    """(url, valid POST data, how to count what it writes)."""
    slug = partnership.slug
    return [
        (
            reverse("partnership:organisation_create", args=[slug]),
            {"name": "New Trust", "kind": "relevant_agency", "category": "health"},
            lambda: Organisation.objects.count(),
        ),
        (
            reverse("partnership:organisation_edit", args=[slug, organisation.pk]),
            {"name": "Renamed", "kind": "police", "category": "police_justice"},
            lambda: list(Organisation.objects.values_list("name", flat=True)),
        ),
        (
            reverse("partnership:organisation_name_add", args=[slug, organisation.pk]),
            {"name": "Old name", **_date("valid_from", dt.date(2019, 1, 1))},
            lambda: OrganisationName.objects.count(),
        ),
        (
            reverse("partnership:person_create", args=[slug]),
            {"name": "New Person"},
            lambda: Person.objects.count(),
        ),
        (
            reverse("partnership:person_edit", args=[slug, person.pk]),
            {"name": "Renamed"},
            lambda: list(Person.objects.values_list("name", flat=True)),
        ),
        (
            reverse("partnership:role_create", args=[slug]),
            {
                "person": person.pk,
                "kind": "scrutiny_member",
                **_date("valid_from", dt.date(2020, 1, 1)),
            },
            lambda: Role.objects.count(),
        ),
        (
            reverse("partnership:arrangements_document_create", args=[slug]),
            {
                "title": "Arrangements",
                "version_label": "2.0",
                **_date("published_on", dt.date(2020, 5, 1)),
            },
            lambda: ArrangementsDocument.objects.count(),
        ),
        (
            reverse("partnership:arrangements_update_create", args=[slug]),
            {
                "title": "Head teachers join",
                "description": "A new sub-group.",
                **_date("date", dt.date(2020, 4, 1)),
            },
            lambda: ArrangementsUpdate.objects.count(),
        ),
        (
            reverse("subgroups:subgroup_create", args=[slug]),
            {"name": "Head Teachers", "slug": "head-teachers", "cadence": "bimonthly", "order": 5},
            lambda: SubGroup.objects.count(),
        ),
        (
            reverse("subgroups:subgroup_chair", args=[slug, subgroup.slug]),
            {"person": person.pk, **_date("valid_from", dt.date(2021, 9, 1))},
            lambda: list(Role.objects.values_list("kind", "valid_to")),
        ),
        (
            reverse("subgroups:subgroup_member_add", args=[slug, subgroup.slug]),
            {"person": person.pk, **_date("valid_from", dt.date(2021, 9, 1))},
            lambda: Role.objects.count(),
        ),
    ]


def test_anonymous_users_are_sent_to_sign_in(client, partnership, organisation, person, subgroup):
    for url, data, _ in _writes(partnership, organisation, person, subgroup):
        response = client.post(url, data)
        assert response["Location"].startswith("/accounts/login/"), url


def test_other_partnerships_get_404_and_nothing_is_written(
    login, partnership, organisation, person, subgroup, outsider
):
    c = login(outsider)
    for url, data, count in _writes(partnership, organisation, person, subgroup):
        before = count()
        assert c.post(url, data).status_code == 404, url
        assert count() == before, url


def test_chairs_and_scrutiny_members_get_403_and_nothing_is_written(
    login, partnership, organisation, person, subgroup, chair, scrutiny_member
):
    for user in (chair, scrutiny_member):
        c = login(user)
        for url, data, count in _writes(partnership, organisation, person, subgroup):
            before = count()
            assert c.get(url).status_code == 403, url
            assert c.post(url, data).status_code == 403, url
            assert count() == before, url


def test_business_manager_writes_every_setup_record(
    login, partnership, organisation, person, subgroup, business_manager
):
    c = login(business_manager)
    for url, data, count in _writes(partnership, organisation, person, subgroup):
        before = count()
        response = c.post(url, data)
        assert response.status_code == 302, (
            url,
            response.context and response.context["form"].errors,
        )
        assert count() != before, url


def test_new_records_belong_to_the_business_managers_partnership(
    login, partnership, business_manager
):
    c = login(business_manager)
    c.post(
        reverse("partnership:organisation_create", args=[partnership.slug]),
        {"name": "Testshire Council", "kind": "local_authority", "category": "local_authority"},
    )
    c.post(
        reverse("subgroups:subgroup_create", args=[partnership.slug]),
        {"name": "QAPP", "slug": "qapp", "cadence": "monthly", "order": 1},
    )
    assert Organisation.objects.get(name="Testshire Council").partnership == partnership
    assert SubGroup.objects.get(slug="qapp").partnership == partnership


def test_a_second_police_partner_is_refused(login, partnership, organisation, business_manager):
    response = login(business_manager).post(
        reverse("partnership:organisation_create", args=[partnership.slug]),
        {"name": "Another Police", "kind": "police", "category": "police_justice"},
    )
    assert "kind" in response.context["form"].errors
    assert Organisation.objects.count() == 1


def test_a_duplicate_organisation_name_is_refused(
    login, partnership, organisation, business_manager
):
    response = login(business_manager).post(
        reverse("partnership:organisation_create", args=[partnership.slug]),
        {"name": "testshire police", "kind": "relevant_agency", "category": "other"},
    )
    assert "name" in response.context["form"].errors
    assert Organisation.objects.count() == 1


def test_a_chair_role_needs_a_subgroup(login, partnership, person, business_manager):
    before = Role.objects.count()
    response = login(business_manager).post(
        reverse("partnership:role_create", args=[partnership.slug]),
        {"person": person.pk, "kind": "subgroup_chair", **_date("valid_from", dt.date(2020, 1, 1))},
    )
    assert "subgroup" in response.context["form"].errors
    assert Role.objects.count() == before


def test_a_subgroup_role_without_a_person_is_refused_with_a_message(
    login, partnership, subgroup, business_manager
):
    before = Role.objects.count()
    response = login(business_manager).post(
        reverse("partnership:role_create", args=[partnership.slug]),
        {
            "person": "",
            "kind": "subgroup_chair",
            "subgroup": subgroup.pk,
            **_date("valid_from", dt.date(2020, 1, 1)),
        },
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Role.objects.count() == before


def test_a_role_cannot_end_before_it_starts(login, partnership, person, business_manager):
    before = Role.objects.count()
    response = login(business_manager).post(
        reverse("partnership:role_create", args=[partnership.slug]),
        {
            "person": person.pk,
            "kind": "scrutiny_member",
            **_date("valid_from", dt.date(2020, 1, 1)),
            **_date("valid_to", dt.date(2019, 1, 1)),
        },
    )
    assert "valid_to" in response.context["form"].errors
    assert Role.objects.count() == before


def test_a_person_from_another_partnership_cannot_be_given_a_role(
    login, partnership, other_partnership, business_manager
):
    stranger = make_person(partnership=other_partnership)
    before = Role.objects.count()
    response = login(business_manager).post(
        reverse("partnership:role_create", args=[partnership.slug]),
        {
            "person": stranger.pk,
            "kind": "scrutiny_member",
            **_date("valid_from", dt.date(2020, 1, 1)),
        },
    )
    assert "person" in response.context["form"].errors
    assert Role.objects.count() == before


def test_a_subgroup_slug_is_unique_in_the_partnership(
    login, partnership, subgroup, business_manager
):
    response = login(business_manager).post(
        reverse("subgroups:subgroup_create", args=[partnership.slug]),
        {"name": "Copy", "slug": subgroup.slug, "cadence": "monthly", "order": 1},
    )
    assert "slug" in response.context["form"].errors
    assert SubGroup.objects.count() == 1


def test_a_dated_name_cannot_end_before_it_starts(
    login, partnership, organisation, business_manager
):
    response = login(business_manager).post(
        reverse("partnership:organisation_name_add", args=[partnership.slug, organisation.pk]),
        {
            "name": "Old",
            **_date("valid_from", dt.date(2020, 1, 1)),
            **_date("valid_to", dt.date(2019, 1, 1)),
        },
    )
    assert "valid_to" in response.context["form"].errors
    assert not OrganisationName.objects.exists()


def test_adding_someone_already_a_member_is_refused(
    login, partnership, subgroup, person, business_manager
):
    url = reverse("subgroups:subgroup_member_add", args=[partnership.slug, subgroup.slug])
    c = login(business_manager)
    c.post(url, {"person": person.pk, **_date("valid_from", dt.date(2020, 1, 1))})
    response = c.post(url, {"person": person.pk, **_date("valid_from", dt.date(2021, 1, 1))})
    assert "already a member" in response.content.decode()
    assert Role.objects.filter(person=person).count() == 1


def test_changing_the_chair_keeps_the_earlier_chair_as_a_past_chair(
    login, partnership, subgroup, chair, person, business_manager
):
    c = login(business_manager)
    c.post(
        reverse("subgroups:subgroup_chair", args=[partnership.slug, subgroup.slug]),
        {"person": person.pk, **_date("valid_from", dt.date(2021, 9, 1))},
    )
    page = c.get(reverse("subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug]))
    assert page.context["chair_now"].person == person
    assert [r.person.user for r in page.context["past_chairs"]] == [chair]


def test_everyone_with_a_role_reads_the_setup_lists(login, partnership, organisation, chair):
    c = login(chair)
    for name in ("organisation_list", "person_list", "arrangements"):
        response = c.get(reverse(f"partnership:{name}", args=[partnership.slug]))
        assert response.status_code == 200
        assert "Add a" not in response.content.decode()
