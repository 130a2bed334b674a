"""Recovery: ten single-use backup codes at enrolment; the business manager resets a lost
authenticator. Both are in the account's history."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role
from partnership.otp import current_code
from tests.factories import PASSWORD, make_member, make_otp_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER)


def sign_in_with_password(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(client, user) -> list[str]:
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/otp/setup/", {"token": current_code(device), "next": "/"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)


def test_enrolling_shows_ten_backup_codes_once(manager):
    client = sign_in_with_password(manager)
    codes = enrol(client, manager)
    assert len(codes) == len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=manager).count() == 10
    again = client.get("/accounts/backup-codes/").content.decode()
    assert not re.findall(r"<li><code>", again)
    assert "You have 10 unused backup codes" in again
    reasons = list(manager.history.values_list("history_change_reason", flat=True))
    assert "Authenticator app enrolled; 10 backup codes issued" in reasons


def test_a_backup_code_signs_in_once(manager, partnership):
    codes = enrol(sign_in_with_password(manager), manager)
    client = sign_in_with_password(manager)
    assert client.get(f"/p/{partnership.slug}/").status_code == 302  # asks for a code
    response = client.post("/accounts/otp/verify/", {"token": codes[0].upper(), "next": "/"})
    assert response.status_code == 302
    assert client.get(f"/p/{partnership.slug}/").status_code == 200
    other = sign_in_with_password(manager)
    refused = other.post("/accounts/otp/verify/", {"token": codes[0], "next": "/"})
    assert refused.status_code == 200
    assert "That backup code is not right, or it has been used" in refused.content.decode()
    assert StaticToken.objects.filter(device__user=manager).count() == 9
    assert manager.history.filter(
        history_change_reason="Signed in with a backup code (9 left)"
    ).exists()


def test_the_business_manager_resets_a_lost_authenticator(login, manager, partnership):
    person_user = make_member(
        partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER, username="lost.phone"
    )
    make_otp_device(user=person_user)
    lost_session = login(person_user, Client())
    assert lost_session.get(f"/p/{partnership.slug}/").status_code == 200
    person = person_user.people.get()
    bm = login(manager)
    response = bm.post(f"/p/{partnership.slug}/people/{person.pk}/sign-in/reset-authenticator/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person_user).exists()
    # The session that passed with the lost phone has ended.
    assert lost_session.get(f"/p/{partnership.slug}/").status_code == 302
    # At the next sign-in they enrol a new app.
    client = sign_in_with_password(person_user)
    response = client.get(f"/p/{partnership.slug}/")
    assert response.status_code == 302 and "/accounts/otp/setup/" in response["Location"]
    row = person_user.history.latest()
    assert row.history_change_reason.startswith("Authenticator reset by")
    assert row.history_user == manager
    page = bm.get(f"/p/{partnership.slug}/people/{person.pk}/sign-in/").content.decode()
    assert "Authenticator reset by" in page


def test_only_the_business_manager_resets_and_only_in_their_partnership(
    login, partnership, other_partnership, chair, outsider
):
    target = make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER)
    make_otp_device(user=target)
    person = target.people.get()
    url = f"/p/{partnership.slug}/people/{person.pk}/sign-in/reset-authenticator/"
    assert login(chair).post(url).status_code == 403
    assert login(outsider, Client()).post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=target).count() == 1
