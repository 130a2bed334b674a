"""A sub-group chair records a whole meeting with the keyboard alone, and confirms it later.

The chair schedules a meeting, records attendance, writes a minute item, a decision and
an action, circulates the draft, schedules the next meeting and confirms the minutes
there. Every step uses only the keyboard: Tab to move, typing to fill, Enter or Space
to press, and the arrow keys inside a radio group or a select, as their ARIA patterns
define. Every page type on the way is checked with axe-core.
"""

from __future__ import annotations

import datetime as dt

import pytest

from partnership.models import Organisation, Role
from subgroups.models import Action, AgendaItem, Attendance, Decision, Meeting
from tests.browser.conftest import press_and_wait, tab_to, tab_to_control
from tests.factories import make_member, make_organisation, make_subgroup


@pytest.fixture
def group(testshire):
    partnership = testshire
    police = make_organisation(
        partnership=partnership,
        name="Testshire Police",
        kind=Organisation.Kind.POLICE,
        category=Organisation.Category.POLICE_JUSTICE,
    )
    subgroup = make_subgroup(
        partnership=partnership, name="Exploitation Group", slug="exploitation"
    )
    chair = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=subgroup, username="chair"
    )
    members = [
        make_member(
            partnership=partnership,
            kind=Role.Kind.SUBGROUP_MEMBER,
            subgroup=subgroup,
            organisation=police,
            username=f"member{n}",
        )
        for n in (1, 2)
    ]
    for user in [chair, *members]:
        person = user.people.get()
        person.name = {"chair": "Ann Chair", "member1": "Ben Police", "member2": "Cat Police"}[
            user.username
        ]
        person.save()
    return {"partnership": partnership, "subgroup": subgroup, "chair": chair, "members": members}


def type_into(pg, selector: str, text: str) -> None:
    tab_to(pg, selector)
    pg.keyboard.type(text)


def fill_date(pg, prefix: str, day: dt.date) -> None:
    """A GOV.UK date input: day, month and year boxes in a row."""
    type_into(pg, f"[name='{prefix}_0']", str(day.day))
    pg.keyboard.press("Tab")
    pg.keyboard.type(str(day.month))
    pg.keyboard.press("Tab")
    pg.keyboard.type(str(day.year))


def choose_option(pg, selector: str, label: str) -> None:
    """Pick a select option with the keyboard: focus it and type the start of its label."""
    tab_to(pg, selector)
    pg.keyboard.type(label)
    chosen = pg.locator(selector).evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.startswith(label), f"typing {label!r} chose {chosen!r}"


def choose_radio(pg, name: str, label: str) -> None:
    """Tab into a radio group, then arrow to the wanted radio (which selects it)."""
    tab_to(pg, f"input[type=radio][name='{name}']")
    for _ in range(10):
        current = pg.evaluate(
            "() => document.querySelector(`label[for='${document.activeElement.id}']`).innerText"
        )
        if current.strip().startswith(label):
            pg.keyboard.press("Space")
            return
        pg.keyboard.press("ArrowDown")
    raise AssertionError(f"no radio labelled {label!r} in {name}")


def press_button(pg, text: str) -> None:
    tab_to_control(pg, text)
    press_and_wait(pg, "Enter")


def schedule_meeting(pg, check_page, day: dt.date, title: str) -> Meeting:
    pg.goto("/p/testshire/subgroups/exploitation/")
    check_page(pg, context="sub-group page")
    press_button(pg, "Schedule a meeting")
    check_page(pg, context="meeting form")
    fill_date(pg, "date", day)
    type_into(pg, "[name='start_time']", "10:00")
    type_into(pg, "[name='end_time']", "12:00")
    type_into(pg, "[name='title']", title)
    type_into(pg, "[name='location']", "Council House, Committee Room 2")
    press_button(pg, "Save meeting")
    return Meeting.objects.get(title=title)


def test_a_chair_records_and_confirms_a_meeting_with_the_keyboard_alone(
    page, sign_in, check_page, group
):
    sign_in(page, group["chair"])
    first_day = dt.date.today() - dt.timedelta(days=40)
    meeting = schedule_meeting(page, check_page, first_day, "Exploitation Group, spring")
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    check_page(page, context="meeting page, draft")

    # Attendance: the chair and one member present, the other member sent apologies.
    press_button(page, "Record attendance")
    check_page(page, context="attendance form")
    rows = page.locator("select[name$='-person']")
    statuses = {}
    for n in range(rows.count()):
        person = rows.nth(n).evaluate("s => s.options[s.selectedIndex].text").strip()
        if person in {"Ann Chair", "Ben Police", "Cat Police"}:
            status_field = rows.nth(n).get_attribute("name").replace("-person", "-status")
            statuses[status_field] = "Apologies" if person == "Cat Police" else "Present"
    assert len(statuses) == 3, "each member has a row"
    for field, status in statuses.items():
        choose_option(page, f"select[name='{field}']", status)
    press_button(page, "Save attendance")
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 2
    assert Attendance.objects.get(meeting=meeting, status="apologies").person.name == "Cat Police"

    # One minute item, public, with a decision and an action.
    press_button(page, "Add an item")
    check_page(page, context="agenda item form")
    page.locator("[name='order']").fill("")  # cleared so that typing replaces any default
    type_into(page, "[name='order']", "1")
    type_into(page, "[name='title']", "County lines dashboard")
    choose_option(page, "[name='presenter']", "Ben Police")
    choose_radio(page, "confidentiality", "Public")
    type_into(
        page,
        "[name='minutes']",
        "The group reviewed the county lines dashboard: 14 young people were referred.",
    )
    press_button(page, "Save item")
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.title, item.confidentiality) == ("County lines dashboard", "public")

    press_button(page, "Record a decision")
    check_page(page, context="decision form")
    type_into(page, "[name='text']", "RESOLVED: the dashboard be shared with schools.")
    press_button(page, "Save decision")
    assert Decision.objects.get(item=item).text.startswith("RESOLVED")

    press_button(page, "Record an action")
    check_page(page, context="action form")
    type_into(page, "[name='description']", "Send the dashboard to every secondary school.")
    choose_option(page, "[name='owner']", "Ben Police")
    fill_date(page, "due_on", first_day + dt.timedelta(days=30))
    press_button(page, "Save action")
    action = Action.objects.get(item=item)
    assert action.owner.name == "Ben Police"
    assert action.organisation.name == "Testshire Police"

    press_button(page, "Circulate the draft minutes")
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED
    check_page(page, context="meeting page, circulated")

    # The next meeting confirms the minutes, which locks them.
    later = schedule_meeting(page, check_page, first_day + dt.timedelta(days=35), "Summer")
    page.goto(f"/p/testshire/meetings/{meeting.pk}/")
    choose_option(page, "[name='at_meeting']", "Summer")
    press_button(page, "Confirm and lock the minutes")
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CONFIRMED
    assert meeting.confirmed_at_meeting == later
    check_page(page, context="meeting page, confirmed")
    assert page.get_by_text("They are locked").count() == 1


def test_every_meeting_form_error_summary_links_to_its_fields(
    page, sign_in, check_page, check_error_summary_links, group
):
    from tests.browser.conftest import click_and_wait
    from tests.factories import make_item, make_meeting

    meeting = make_meeting(subgroup=group["subgroup"])
    item = make_item(meeting=meeting, title="Dashboard")
    sign_in(page, group["chair"])
    forms = {
        "meeting form": ("/p/testshire/subgroups/exploitation/meetings/new/", "Save meeting"),
        "agenda item form": (f"/p/testshire/meetings/{meeting.pk}/items/new/", "Save item"),
        "decision form": (f"/p/testshire/items/{item.pk}/decisions/new/", "Save decision"),
        "action form": (f"/p/testshire/items/{item.pk}/actions/new/", "Save action"),
    }
    for name, (url, button) in forms.items():
        page.goto(url)
        # Fields the form fills in for you are cleared: the item number and "RESOLVED: ".
        for prefilled in page.locator("[name='order'], [name='text']").all():
            prefilled.fill("")
        click_and_wait(page, page.get_by_role("button", name=button))
        assert page.url.endswith(url), f"the empty {name} was accepted: now on {page.url}"
        check_page(page, context=f"{name} with errors")
        check_error_summary_links(page)
    assert Meeting.objects.count() == 1
    assert AgendaItem.objects.count() == 1
    assert not Decision.objects.exists() and not Action.objects.exists()
