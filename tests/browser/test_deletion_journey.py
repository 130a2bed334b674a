"""The business manager deletes an organisation entered by mistake, and is refused (with
retiring offered) for one that records depend on."""

from __future__ import annotations

from partnership.models import Organisation, Role
from tests.browser.conftest import click_and_wait
from tests.factories import make_member, make_organisation, make_person


def test_a_business_manager_deletes_a_mistake_and_retires_what_is_in_use(
    page, sign_in, check_page, testshire
):
    manager = make_member(partnership=testshire, kind=Role.Kind.BUSINESS_MANAGER, username="bm")
    mistake = make_organisation(partnership=testshire, name="Misspelt Acadmy Trust")
    in_use = make_organisation(partnership=testshire, name="County Youth Service")
    make_person(partnership=testshire, organisation=in_use)
    sign_in(page, manager)

    page.goto("/p/testshire/organisations/")
    check_page(page, context="organisations")
    click_and_wait(page, page.get_by_role("link", name="Delete Misspelt Acadmy Trust"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Are you sure you want to delete this organisation?"
    )
    check_page(page, context="delete confirmation")
    click_and_wait(page, page.get_by_role("button", name="Yes, delete"))
    assert "Organisation ‘Misspelt Acadmy Trust’ deleted." in page.inner_text("main")
    check_page(page, context="organisations after deleting")
    assert not Organisation.objects.filter(pk=mistake.pk).exists()
    row = Organisation.history.get(id=mistake.pk, history_type="-")
    assert row.history_user == manager

    click_and_wait(page, page.get_by_role("link", name="Delete County Youth Service"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You cannot delete this organisation"
    )
    assert "1 person" in page.inner_text("main")
    check_page(page, context="deletion refused")
    click_and_wait(page, page.get_by_role("link", name="Record that it left the partnership"))
    check_page(page, context="retire form")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2024")
    click_and_wait(page, page.get_by_role("button", name="Record that it left"))
    assert "Left the partnership on 31 March 2024" in page.inner_text("main")
    in_use.refresh_from_db()
    assert str(in_use.left_on) == "2024-03-31"
