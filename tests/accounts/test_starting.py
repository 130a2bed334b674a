"""Starting a partnership: the host's command or page, then the set-up guide."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Invitation
from partnership.models import Partnership, Person, Role
from tests.accounts.helpers import last_email_to, link_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_command_creates_an_empty_partnership_and_invites_its_business_manager(
    mail_server, run_tasks, capsys
):
    call_command(
        "create_partnership",
        "--name=Testshire Safeguarding Children Partnership",
        "--slug=testshire",
        "--year-starts-month=10",
        "--business-manager-email=bm@testshire.example",
    )
    partnership = Partnership.objects.get(slug="testshire")
    assert partnership.short_name == "TSCP"
    assert partnership.reporting_year_start_month == 10
    person = Person.objects.get(partnership=partnership)
    assert person.roles.get().kind == Role.Kind.BUSINESS_MANAGER
    assert Invitation.objects.get(person=person).status == Invitation.Status.PENDING
    assert "bm@testshire.example" in capsys.readouterr().out
    run_tasks()
    assert link_in(last_email_to(mail_server, "bm@testshire.example")).startswith(
        "/accounts/invitation/"
    )


def test_the_command_refuses_a_slug_in_use_and_writes_nothing(mail_server):
    call_command(
        "create_partnership",
        "--name=A",
        "--slug=testshire",
        "--business-manager-email=a@example.org",
    )
    with pytest.raises(CommandError, match="already has this web address"):
        call_command(
            "create_partnership",
            "--name=B",
            "--slug=testshire",
            "--business-manager-email=b@example.org",
        )
    assert Partnership.objects.count() == 1
    assert not Person.objects.filter(email="b@example.org").exists()


@pytest.fixture
def host(login):
    return login(make_user(is_superuser=True, is_staff=True), Client())


def test_the_host_starts_a_partnership_from_a_page(host, mail_server, run_tasks):
    response = host.post(
        "/host/partnerships/new/",
        {
            "name": "Northshire Safeguarding Children Partnership",
            "slug": "northshire",
            "year_starts_month": "4",
            "business_manager_name": "Bea Manager",
            "business_manager_email": "bea@northshire.example",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(partnership__slug="northshire")
    assert person.name == "Bea Manager"
    run_tasks()
    assert last_email_to(mail_server, "bea@northshire.example")


def test_bad_input_on_the_host_page_is_shown_next_to_the_fields(host):
    response = host.post(
        "/host/partnerships/new/",
        {
            "name": "",
            "slug": "Not A Slug",
            "year_starts_month": "13",
            "business_manager_email": "x",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Enter the name of the partnership",
        "Use only lower-case letters, numbers and hyphens",
        "Choose the month the reporting year starts from the list",
        "Enter an email address in the right format",
    ):
        assert message in page
    assert not Partnership.objects.exists()


def test_only_superusers_start_partnerships(login, business_manager):
    client = login(business_manager)
    assert client.get("/host/partnerships/new/").status_code == 403
    response = client.post(
        "/host/partnerships/new/",
        {"name": "X", "slug": "x", "year_starts_month": "4", "business_manager_email": "x@e.org"},
    )
    assert response.status_code == 403
    assert not Partnership.objects.filter(slug="x").exists()


def test_an_empty_partnership_guides_its_business_manager(login, business_manager, partnership):
    client = login(business_manager)
    dashboard = client.get(f"/p/{partnership.slug}/").content.decode()
    assert "Set it up step by step" in dashboard
    page = client.get(f"/p/{partnership.slug}/set-up/").content.decode()
    for step in (
        "Add the three statutory partners",
        "Add the relevant agencies",
        "Add people and give them sign-ins",
        "Set up the sub-groups",
        "Check the structure of the yearly report",
    ):
        assert step in page
    assert "You have done 0 of 5 steps" in page
