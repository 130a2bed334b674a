import datetime as dt

import pytest

from subgroups.models import Action, AgendaItem, Decision
from tests.factories import make_action, make_decision, make_item, make_meeting
from tests.subgroups.conftest import aware


@pytest.fixture
def staff_manager(business_manager):
    business_manager.is_staff = True
    business_manager.save()
    return business_manager


@pytest.fixture
def confirmed(subgroup, meeting):
    make_decision(item=make_item(meeting=meeting, title="Locked item", minutes="Final"))
    later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
    meeting.circulate(on=dt.date(2020, 1, 20))
    meeting.confirm(at_meeting=later)
    return meeting


def test_a_draft_meetings_items_are_editable_inline(login, staff_manager, meeting):
    make_item(meeting=meeting, title="Draft item")
    page = login(staff_manager).get(f"/admin/subgroups/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    assert 'name="items-0-title"' in page.content.decode()


def test_a_confirmed_meeting_and_its_inlines_are_read_only(login, staff_manager, confirmed):
    c = login(staff_manager)
    page = c.get(f"/admin/subgroups/meeting/{confirmed.pk}/change/").content.decode()
    assert "Locked item" in page
    assert 'name="items-0-title"' not in page
    item = confirmed.items.get()
    item_page = c.get(f"/admin/subgroups/agendaitem/{item.pk}/change/").content.decode()
    assert "RESOLVED: the report be noted." in item_page
    assert 'name="decisions-0-text"' not in item_page
    response = c.post(f"/admin/subgroups/meeting/{confirmed.pk}/change/", {"location": "X"})
    assert response.status_code == 403
    assert (
        c.post(f"/admin/subgroups/agendaitem/{item.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Final"


def test_decisions_and_actions_of_confirmed_minutes_cannot_be_deleted(
    login, staff_manager, confirmed, business_manager
):
    c = login(staff_manager)
    item = confirmed.items.get()
    decision = item.decisions.get()
    action = make_action(
        partnership=confirmed.subgroup.partnership,
        subgroup=confirmed.subgroup,
        item=item,
        owner=business_manager.people.get(),
    )
    assert (
        c.post(f"/admin/subgroups/decision/{decision.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert (
        c.post(f"/admin/subgroups/action/{action.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert Action.objects.filter(pk=action.pk).exists()
    # The action itself stays open to updates.
    assert c.get(f"/admin/subgroups/action/{action.pk}/change/").status_code == 200


def test_staff_of_another_partnership_never_see_its_meetings(login, outsider, meeting):
    outsider.is_staff = True
    outsider.save()
    c = login(outsider)
    response = c.get(f"/admin/subgroups/meeting/{meeting.pk}/change/")
    assert response.status_code in (302, 404)  # as if it never existed
    listing = c.get("/admin/subgroups/meeting/").content.decode()
    assert meeting.subgroup.name not in listing
    assert meeting.subgroup.partnership.name not in listing
