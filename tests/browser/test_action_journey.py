"""An action's owner finds it in the register and records what has happened."""

from __future__ import annotations

import datetime as dt

import pytest

from partnership.models import Role
from subgroups.models import Action, ActionUpdate
from tests.browser.conftest import click_and_wait
from tests.factories import (
    make_action,
    make_item,
    make_meeting,
    make_member,
)


@pytest.fixture
def owned_action(testshire, qa_group):
    partnership, subgroup = testshire, qa_group
    owner = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup, username="owner"
    )
    meeting = make_meeting(subgroup=subgroup)
    item = make_item(meeting=meeting, title="Neglect audit", confidentiality="public")
    action = make_action(
        partnership=partnership,
        subgroup=subgroup,
        item=item,
        owner=owner.people.get(),
        description="Share the neglect audit findings with every school.",
        due_on=dt.date.today() + dt.timedelta(days=20),
    )
    return owner, action


def test_an_action_owner_updates_their_action(page, sign_in, check_page, owned_action):
    owner, action = owned_action
    sign_in(page, owner)
    page.goto("/p/testshire/actions/")
    check_page(page, context="action register")
    click_and_wait(page, page.get_by_role("link", name="Share the neglect audit findings"))
    check_page(page, context="action page")
    click_and_wait(page, page.get_by_role("link", name="Update the status"))
    check_page(page, context="action update form")
    # The owner updates the status, not the due date.
    assert page.locator("[name='due_on_0']").count() == 0

    page.get_by_label("In progress").check()
    page.get_by_label("What has happened").fill("Sent to 30 of the 45 secondary schools so far.")
    click_and_wait(page, page.get_by_role("button", name="Save update"))

    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    update = ActionUpdate.objects.get(action=action)
    assert update.note.startswith("Sent to 30") and update.author == owner
    assert page.get_by_text("Sent to 30 of the 45 secondary schools so far.").count() >= 1
    check_page(page, context="action page after an update")


def test_the_action_update_error_summary_links_to_its_fields(
    page, sign_in, check_page, check_error_summary_links, owned_action
):
    owner, action = owned_action
    sign_in(page, owner)
    page.goto(f"/p/testshire/actions/{action.pk}/update/")
    click_and_wait(page, page.get_by_role("button", name="Save update"))
    check_page(page, context="action update form with errors")
    assert "note" in " ".join(check_error_summary_links(page))
    assert ActionUpdate.objects.count() == 0
