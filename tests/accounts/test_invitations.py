"""Giving a person a sign-in: the invitation email, its single-use link, resend and revoke.

Emails go through the outbox and the task worker to a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Invitation
from partnership.models import Organisation, Person, Role
from tests.accounts.helpers import last_email_to, link_in
from tests.factories import make_member, make_organisation, make_person

User = get_user_model()
GOOD_PASSWORD = "tangerine-lighthouse-47"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bm_client(login, business_manager):
    return login(business_manager)


def add_person(client, partnership, **data):
    form = {"name": "Priya Shah", "job_title": "Head of Safeguarding", "email": "", **data}
    return client.post(f"/p/{partnership.slug}/people/new/", form)


def test_adding_a_person_with_an_organisation_and_a_sign_in_sends_an_invitation(
    bm_client, partnership, mail_server, run_tasks
):
    agency = make_organisation(
        partnership=partnership,
        kind=Organisation.Kind.RELEVANT_AGENCY,
        category=Organisation.Category.EDUCATION,
    )
    response = add_person(
        bm_client,
        partnership,
        organisation=agency.pk,
        email="Priya.Shah@Testshire.example",
        invite="on",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(name="Priya Shah")
    assert person.organisation == agency  # the organisation bug: it used to always fail
    assert person.user.email == "priya.shah@testshire.example"
    assert not person.user.has_usable_password()
    invitation = Invitation.objects.get(person=person)
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)
    run_tasks()
    email = last_email_to(mail_server, "Priya.Shah@Testshire.example")
    assert email["Subject"] == f"Your sign-in for {partnership.name}"
    assert link_in(email).startswith("/accounts/invitation/")


def test_adding_a_person_with_an_organisation_and_no_sign_in_saves(bm_client, partnership):
    agency = make_organisation(
        partnership=partnership,
        kind=Organisation.Kind.RELEVANT_AGENCY,
        category=Organisation.Category.HEALTH,
    )
    assert add_person(bm_client, partnership, organisation=agency.pk).status_code == 302
    assert Person.objects.get(name="Priya Shah").user is None
    assert not Invitation.objects.exists()


def test_a_sign_in_needs_an_email_address(bm_client, partnership):
    response = add_person(bm_client, partnership, invite="on")
    assert response.status_code == 200
    assert "Enter their email address to give them a sign-in" in response.content.decode()
    assert not Person.objects.filter(name="Priya Shah").exists()


def invite_and_read_link(
    client, partnership, mail_server, run_tasks, email="new.person@example.org"
):
    add_person(client, partnership, email=email, invite="on")
    run_tasks()
    return link_in(last_email_to(mail_server, email))


def test_the_link_sets_a_password_once_and_signs_in(
    bm_client, client, partnership, mail_server, run_tasks
):
    from django.test import Client

    link = invite_and_read_link(bm_client, partnership, mail_server, run_tasks)
    Role.objects.create(
        person=Person.objects.get(email="new.person@example.org"),
        kind=Role.Kind.INDEPENDENT_CHAIR,
        valid_from=dt.date(2020, 1, 1),
    )
    visitor = Client()
    assert visitor.get(link).status_code == 200
    response = visitor.post(link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302 and response["Location"] == f"/p/{partnership.slug}/"
    assert visitor.get(f"/p/{partnership.slug}/").status_code == 200
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password(GOOD_PASSWORD)
    assert Invitation.objects.get(user=user).status == Invitation.Status.ACCEPTED
    # The link works once.
    again = Client().get(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    # The email address is the sign-in name, whatever its case.
    other = Client()
    response = other.post(
        "/accounts/login/", {"username": "New.Person@Example.org", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (GOOD_PASSWORD, GOOD_PASSWORD + "x", "The passwords do not match"),
        ("password123", "password123", "This password is too short"),
        ("1234567890123", "1234567890123", "This password is entirely numeric"),
        ("", "", "Choose a password"),
    ],
)
def test_bad_passwords_are_refused_next_to_the_field(
    bm_client, partnership, mail_server, run_tasks, first, second, message
):
    from django.test import Client

    link = invite_and_read_link(bm_client, partnership, mail_server, run_tasks)
    response = Client().post(link, {"new_password1": first, "new_password2": second})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'class="govuk-error-summary"' in page
    assert "govuk-error-message" in page  # beside the field, not only in the summary
    assert not User.objects.get(email="new.person@example.org").has_usable_password()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_an_expired_link_is_refused_with_a_clear_page(
    bm_client, partnership, mail_server, run_tasks
):
    from django.test import Client

    link = invite_and_read_link(bm_client, partnership, mail_server, run_tasks)
    Invitation.objects.update(
        sent_at=timezone.now() - dt.timedelta(days=8),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    response = Client().post(link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 410
    assert "This invitation link has expired" in response.content.decode()
    assert not User.objects.get(email="new.person@example.org").has_usable_password()
    assert Invitation.objects.get().status == Invitation.Status.EXPIRED


def test_resending_replaces_the_link_and_revoking_ends_it(
    bm_client, partnership, mail_server, run_tasks
):
    from django.test import Client

    first = invite_and_read_link(bm_client, partnership, mail_server, run_tasks)
    invitation = Invitation.objects.get()
    assert (
        bm_client.post(f"/p/{partnership.slug}/invitations/{invitation.pk}/resend/").status_code
        == 302
    )
    run_tasks()
    second = link_in(last_email_to(mail_server, "new.person@example.org"))
    assert second != first
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert (
        bm_client.post(f"/p/{partnership.slug}/invitations/{invitation.pk}/revoke/").status_code
        == 302
    )
    response = Client().get(second)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    page = bm_client.get(f"/p/{partnership.slug}/invitations/").content.decode()
    assert "Revoked (1)" in page and "Pending (0)" in page


def test_an_email_already_invited_is_refused_next_to_the_field(
    bm_client, partnership, mail_server, run_tasks
):
    invite_and_read_link(bm_client, partnership, mail_server, run_tasks)
    response = add_person(
        bm_client, partnership, name="Someone Else", email="NEW.person@example.org", invite="on"
    )
    assert response.status_code == 200
    assert "already the sign-in of Priya Shah" in response.content.decode()
    assert not Person.objects.filter(name="Someone Else").exists()  # nothing half-saved
    assert Invitation.objects.count() == 1


def test_the_same_email_is_the_same_account_in_another_partnership(
    login, partnership, other_partnership, mail_server, run_tasks
):
    from django.test import Client

    existing = make_member(partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER)
    other_bm = login(
        make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER), Client()
    )
    person = make_person(partnership=other_partnership, name="Same Person")
    response = other_bm.post(
        f"/p/{other_partnership.slug}/people/{person.pk}/sign-in/invite/",
        {"email": existing.email.upper()},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == existing
    assert User.objects.filter(email__iexact=existing.email).count() == 1
    run_tasks()
    link = link_in(last_email_to(mail_server, existing.email.upper()))
    visitor = Client()
    page = visitor.get(link).content.decode()
    assert "You already have an account" in page and "new_password1" not in page
    response = visitor.post(link, {})
    # Accepting proves the address, not the password: they still sign in.
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert visitor.get(f"/p/{other_partnership.slug}/").status_code == 302


def test_only_the_business_manager_invites_and_nothing_is_written_otherwise(
    login, partnership, other_partnership, chair, outsider
):
    person = make_person(partnership=partnership)
    url = f"/p/{partnership.slug}/people/{person.pk}/sign-in/invite/"
    assert login(chair).post(url, {"email": "x@example.org"}).status_code == 403
    from django.test import Client

    assert login(outsider, Client()).post(url, {"email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_person_of_another_partnership_cannot_be_invited_through_this_one(
    bm_client, partnership, other_partnership
):
    foreign = make_person(partnership=other_partnership)
    url = f"/p/{partnership.slug}/people/{foreign.pk}/sign-in/invite/"
    assert bm_client.post(url, {"email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()
