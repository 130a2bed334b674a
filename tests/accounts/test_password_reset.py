"""Password reset by email: Django's views and tokens, sent through the outbox."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from notifications.models import Message
from partnership.models import Role
from tests.accounts.helpers import last_email_to, link_in
from tests.factories import make_member

NEW_PASSWORD = "marmalade-harbour-93"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR)


def ask_for_reset(client, email):
    return client.post("/accounts/password-reset/", {"email": email})


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client, member, mail_server, run_tasks
):
    known = ask_for_reset(client, member.email.upper())
    unknown = ask_for_reset(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    run_tasks()
    assert [m["To"] for m in mail_server.inbox.messages] == [member.email]
    assert Message.objects.get().kind == "password_reset"


def test_the_link_sets_a_new_password_once_and_ends_other_sessions(
    client, login, member, mail_server, run_tasks
):
    other_session = login(member, Client())
    assert other_session.get("/").status_code in (200, 302)
    ask_for_reset(client, member.email)
    run_tasks()
    link = link_in(last_email_to(mail_server, member.email), "/accounts/password-reset/")
    visitor = Client()
    response = visitor.get(link, follow=True)
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    mismatch = visitor.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "The passwords do not match" in mismatch.content.decode()
    done = visitor.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/password-reset/done/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # Not signed in by the reset: the sign-in form (and django-axes) still stands between.
    assert visitor.get("/").status_code == 302
    # The link works once.
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()
    # The session signed in with the old password has ended.
    assert other_session.get(f"/p/{member.people.get().partnership.slug}/").status_code == 302


def test_a_deactivated_account_gets_no_email_and_the_same_answer(
    client, member, mail_server, run_tasks
):
    member.is_active = False
    member.save()
    assert ask_for_reset(client, member.email)["Location"] == "/accounts/password-reset/sent/"
    run_tasks()
    assert mail_server.inbox.messages == []


def test_a_bad_address_is_refused_next_to_the_field(client):
    response = client.post("/accounts/password-reset/", {"email": "not-an-address"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter an email address in the right format" in page
    assert "govuk-error-summary" in page
    assert not Message.objects.exists()


def test_a_locked_out_account_stays_locked_after_a_reset(client, member, mail_server, run_tasks):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": member.email, "password": "wrong-password-9"})
    ask_for_reset(client, member.email)
    run_tasks()
    link = link_in(last_email_to(mail_server, member.email), "/accounts/password-reset/")
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post("/accounts/login/", {"username": member.email, "password": NEW_PASSWORD})
    assert response.status_code == 429  # django-axes: locked until the cool-off ends
    assert "_auth_user_id" not in client.session


def test_the_outbox_keeps_no_sign_in_link_once_the_email_is_sent(
    client, member, partnership, mail_server, run_tasks
):
    """Invitation and reset links are a way into an account: the person gets theirs, and
    the stored copy (read from backups, exports and the admin) loses it once sent."""
    from accounts.services import invite
    from tests.factories import make_person

    ask_for_reset(client, member.email)
    person = make_person(partnership=partnership, name="Priya Shah")
    invite(person=person, email="priya.shah@testshire.example", by=member)
    queued = {m.kind: m for m in Message.objects.all()}
    assert "/accounts/" in queued["password_reset"].text_body  # until the server has it
    run_tasks()
    for kind, address, path in (
        ("password_reset", member.email, "/accounts/password-reset/"),
        ("invitation", "priya.shah@testshire.example", "/accounts/invitation/"),
    ):
        sent_link = link_in(last_email_to(mail_server, address), path)
        stored = Message.objects.get(kind=kind)
        assert stored.status == Message.Status.SENT
        for body in (stored.text_body, stored.html_body):
            assert sent_link not in body
            assert path not in body
            assert "the link was removed from this copy" in body
        assert stored.link == ""
