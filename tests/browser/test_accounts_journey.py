"""Sign-ins a partnership runs itself, in Chromium: a new partnership set up from nothing,
invitations, password reset and recovery with a backup code.

Emails are read from a real SMTP server on loopback (``mail_server``), delivered by the
task worker (``run_tasks``), and the links in them are followed. The authenticator app is
the one thing not here: its code is worked out from the device's key, as the app would.
Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Partnership, Person, Role, User
from partnership.otp import current_code
from tests.accounts.helpers import last_email_to, link_in
from tests.browser.conftest import click_and_wait, new_page
from tests.factories import PASSWORD, make_member, make_otp_device

pytestmark = pytest.mark.django_db(transaction=True)
BM_PASSWORD = "quartz-meadow-lantern-8"
CHAIR_PASSWORD = "copper-kettle-orchard-5"


class PageCounter:
    """Counts the pages the browser loads (each navigation of the main frame)."""

    def __init__(self, pg):
        self.pages = 0
        pg.on("framenavigated", lambda frame: self._seen(pg, frame))

    def _seen(self, pg, frame):
        if frame == pg.main_frame:
            self.pages += 1


def fill(pg, label: str, value: str) -> None:
    pg.get_by_label(label, exact=True).fill(value)


def submit(pg, name: str) -> None:
    click_and_wait(pg, pg.get_by_role("button", name=name))


def follow(pg, link_text: str) -> None:
    click_and_wait(pg, pg.get_by_role("link", name=link_text).first)


def enter_code(pg, user, check_page) -> list[str]:
    """Enrol the authenticator app; returns the backup codes shown once."""
    assert "/accounts/otp/setup/" in pg.url
    check_page(pg, context="authenticator set-up")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    fill(pg, "Code from your authenticator app", current_code(device))
    submit(pg, "Continue")
    assert "/accounts/backup-codes/" in pg.url
    check_page(pg, context="backup codes")
    codes = pg.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    follow(pg, "I have saved my backup codes")
    return codes


def test_a_new_partnership_is_set_up_from_nothing_without_the_admin(
    browser, live_server, http_cookies, mail_server, run_tasks, check_page, settings, capsys
):
    settings.SITE_URL = live_server.url
    # The host's one command; everything after it happens in the browser.
    call_command(
        "create_partnership",
        "--name=Newshire Safeguarding Children Partnership",
        "--slug=newshire",
        "--year-starts-month=4",
        "--business-manager-email=bm@newshire.example",
        "--business-manager-name=Bea Manager",
    )
    run_tasks()
    pg = new_page(browser, live_server.url)
    counter = PageCounter(pg)

    pg.goto(link_in(last_email_to(mail_server, "bm@newshire.example")))
    check_page(pg, context="set your password")
    fill(pg, "Choose a password", BM_PASSWORD)
    fill(pg, "Enter the password again", BM_PASSWORD)
    submit(pg, "Set password")
    enter_code(pg, User.objects.get(email="bm@newshire.example"), check_page)
    assert pg.url.endswith("/p/newshire/")
    check_page(pg, context="overview of an empty partnership")

    follow(pg, "Set it up step by step")
    check_page(pg, context="set-up steps")
    follow(pg, "Add the three statutory partners")
    for name, kind, category in [
        ("Newshire County Council", "Statutory partner: local authority", "Local authority"),
        ("Newshire Integrated Care Board", "Statutory partner: health", "Health"),
        ("Newshire Police", "Statutory partner: police", "Police and justice"),
        ("Newshire Schools", "Relevant agency", "Education"),
    ]:
        if "/organisations/new/" not in pg.url:
            follow(pg, "Add an organisation")
        fill(pg, "Name", name)
        pg.get_by_label("Role in the partnership").select_option(label=kind)
        pg.get_by_label("Category").select_option(label=category)
        submit(pg, "Save")
    check_page(pg, context="organisations")

    pg.goto("/p/newshire/subgroups/")
    follow(pg, "Add a sub-group")
    fill(pg, "Name", "Quality Assurance Group")
    fill(pg, "Short web address name", "qa")
    submit(pg, "Save")

    pg.goto("/p/newshire/people/new/")
    check_page(pg, context="add a person")
    fill(pg, "Name", "Chris Chair")
    pg.get_by_label("Organisation").select_option(label="Newshire Schools")
    fill(pg, "Email", "chris@newshire.example")
    pg.get_by_label("Give them a sign-in: email them an invitation to set a password").check()
    submit(pg, "Save")
    assert "An invitation is sent to chris@newshire.example" in pg.locator("main").inner_text()
    check_page(pg, context="people")

    follow(pg, "Add a role")
    pg.get_by_label("Person").select_option(label="Chris Chair")
    pg.get_by_label("Role", exact=True).select_option(label="Sub-group chair")
    pg.get_by_label("Sub-group (for chairs and members)").select_option(
        label="Quality Assurance Group"
    )
    pg.locator("#id_valid_from_0").fill("1")
    pg.locator("#id_valid_from_1").fill("4")
    pg.locator("#id_valid_from_2").fill("2024")
    submit(pg, "Save")

    pg.goto("/p/newshire/reports/sections/")
    check_page(pg, context="report structure")
    pg.goto("/p/newshire/set-up/")
    assert "You have done 5 of 5 steps" in pg.locator("main").inner_text()
    bm_pages = counter.pages

    # The invited chair, in a browser of their own.
    run_tasks()
    chair = new_page(browser, live_server.url)
    chair_counter = PageCounter(chair)
    chair.goto(link_in(last_email_to(mail_server, "chris@newshire.example")))
    fill(chair, "Choose a password", CHAIR_PASSWORD)
    fill(chair, "Enter the password again", CHAIR_PASSWORD)
    submit(chair, "Set password")
    assert chair.url.endswith("/p/newshire/")
    assert "Quality Assurance Group" in chair.locator("main").inner_text()
    check_page(chair, context="the chair's first page")

    partnership = Partnership.objects.get(slug="newshire")
    assert partnership.organisations.count() == 4
    assert Person.objects.get(name="Chris Chair").roles.get().kind == Role.Kind.SUBGROUP_CHAIR
    total = bm_pages + chair_counter.pages
    with capsys.disabled():
        print(
            f"\nNew partnership set up from nothing: {bm_pages} pages for the business "
            f"manager, {chair_counter.pages} for the invited chair, {total} in all; "
            "no admin page, one command."
        )
    assert all("/admin/" not in url for url in [pg.url, chair.url])
    assert total <= 40
    pg.context.close()
    chair.context.close()


def test_bad_invitation_links_and_passwords_get_clear_pages(
    page, live_server, mail_server, run_tasks, check_page, check_error_summary_links, settings
):
    from accounts import services

    settings.SITE_URL = live_server.url
    manager = make_member(
        partnership=Partnership.objects.create(
            name="Testshire Safeguarding Children Partnership",
            slug="testshire",
            short_name="TSCP",
            area="Testshire",
        ),
        kind=Role.Kind.BUSINESS_MANAGER,
    )
    person = Person.objects.create(partnership=manager.people.get().partnership, name="Pat New")
    services.invite(person=person, email="pat@testshire.example", by=manager)
    run_tasks()
    link = link_in(last_email_to(mail_server, "pat@testshire.example"))
    page.goto(link)
    fill(page, "Choose a password", "short")
    fill(page, "Enter the password again", "different")
    submit(page, "Set password")
    check_page(page, context="invitation with errors")
    check_error_summary_links(page)
    fill(page, "Choose a password", BM_PASSWORD)
    fill(page, "Enter the password again", BM_PASSWORD)
    submit(page, "Set password")
    page.context.clear_cookies()
    page.goto(link)
    assert "already been used" in page.locator("#reason").inner_text()
    check_page(page, context="a used invitation link")


def test_a_forgotten_password_is_reset_by_email(
    page, live_server, mail_server, run_tasks, check_page, testshire, settings
):
    settings.SITE_URL = live_server.url
    member = make_member(partnership=testshire, kind=Role.Kind.INDEPENDENT_CHAIR)
    page.goto("/accounts/login/")
    follow(page, "Forgotten your password?")
    check_page(page, context="reset request")
    fill(page, "Email address", member.email.upper())
    submit(page, "Send the link")
    check_page(page, context="check your email")
    run_tasks()
    link = link_in(last_email_to(mail_server, member.email), "/password-reset/")
    page.goto(link)
    check_page(page, context="choose a new password")
    fill(page, "Choose a password", BM_PASSWORD)
    fill(page, "Enter the password again", BM_PASSWORD)
    submit(page, "Set password")
    check_page(page, context="password changed")
    follow(page, "Sign in with your new password")
    fill(page, "Email address", member.email)
    fill(page, "Password", BM_PASSWORD)
    submit(page, "Sign in")
    assert page.url.endswith("/p/testshire/")
    page.goto(link)
    assert "This link does not work" in page.locator("h1").inner_text()
    check_page(page, context="a used reset link")


def test_a_lost_phone_signs_in_with_a_backup_code_then_is_reset(
    page, browser, live_server, check_page, testshire, sign_in
):
    manager = make_member(partnership=testshire, kind=Role.Kind.BUSINESS_MANAGER)
    person_user = make_member(partnership=testshire, kind=Role.Kind.BUSINESS_MANAGER)
    # Enrol through the pages to be given the backup codes.
    page.goto("/accounts/login/")
    fill(page, "Email address", person_user.email)
    fill(page, "Password", PASSWORD)
    submit(page, "Sign in")
    codes = enter_code(page, person_user, check_page)
    page.context.clear_cookies()
    # The phone is lost: a backup code instead.
    page.goto("/accounts/login/")
    fill(page, "Email address", person_user.email)
    fill(page, "Password", PASSWORD)
    submit(page, "Sign in")
    check_page(page, context="enter a code")
    fill(page, "Code from your authenticator app, or a backup code", codes[3])
    submit(page, "Continue")
    assert "You have 9 left" in page.locator("main").inner_text()
    check_page(page, context="signed in with a backup code")
    # The business manager resets the authenticator from the person's page.
    bm = new_page(browser, live_server.url)
    make_otp_device(user=manager)
    sign_in(bm, manager)
    bm.goto(f"/p/testshire/people/{person_user.people.get().pk}/sign-in/")
    check_page(bm, context="the person's sign-in page")
    submit(bm, "Reset their authenticator app")
    text = bm.locator("main").inner_text()
    assert "They set up a new one at their next sign-in" in text
    assert re.search(r"Authenticator reset by", text)
    check_page(bm, context="after the reset")
    bm.context.close()
    page.goto("/p/testshire/")
    assert "/accounts/login/" in page.url  # the session ended with the reset
