"""Dates are checked for sense: no meeting in year 1, no action due before its meeting."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from subgroups.models import Action, Meeting
from tests.factories import date_boxes, make_action, make_item, make_person
from tests.subgroups.conftest import person_of


@pytest.fixture
def item(meeting):
    return make_item(meeting=meeting)


def _meeting_post(day_month_year):
    day, month, year = day_month_year
    return {
        "date_0": day,
        "date_1": month,
        "date_2": year,
        "start_time": "10:00",
        "end_time": "11:00",
        "location": "Room 1",
    }


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("1", "1", "0001"), "Date of the meeting must be on or after 1 January 2000"),
        (("1", "1", "1999"), "Date of the meeting must be on or after 1 January 2000"),
        (("1", "1", "2100"), "Date of the meeting must be on or before 31 December 2099"),
        (("31", "2", "2020"), "Date of the meeting must be a real date"),
        (("1", "1", "99999"), "Date of the meeting must be a real date"),
        (("1", "1", "99"), "Date of the meeting must include the year in full"),
        (("1", "", "2020"), "Date of the meeting must include a month"),
        (("", "", "2020"), "Date of the meeting must include a day and month"),
        (("x", "1", "2020"), "Date of the meeting must be a real date"),
        (("", "", ""), "Enter the date of the meeting"),
    ],
)
def test_an_implausible_meeting_date_is_refused_beside_the_field(
    login, partnership, subgroup, chair, boxes, message
):
    url = reverse("subgroups:meeting_create", args=[partnership.slug, subgroup.slug])
    response = login(chair).post(url, _meeting_post(boxes))
    assert response.status_code == 200
    assert message in response.context["form"].errors["date"][0]
    body = response.content.decode()
    assert "There is a problem" in body
    first_at_fault = next((i for i, box in enumerate(boxes) if not box.isdigit()), None)
    if first_at_fault is None or "year in full" in message:
        first_at_fault = 2 if "year in full" in message else 0
    assert f'href="#id_date_{first_at_fault}"' in body  # the summary links to the box at fault
    assert "out of range" not in body
    assert not Meeting.objects.exists()


def test_an_action_due_before_the_meeting_that_raised_it_is_refused(
    login, partnership, item, chair, member
):
    response = login(chair).post(
        reverse("subgroups:action_create", args=[partnership.slug, item.pk]),
        {
            "description": "Write to schools",
            "owner": person_of(member).pk,
            **date_boxes("due_on", dt.date(2020, 1, 14)),  # the meeting was on 15 January 2020
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["due_on"]
    assert errors == [
        "The due date cannot be before the meeting that raised the action (15 January 2020)"
    ]
    assert not Action.objects.exists()


def test_an_action_due_on_the_day_of_its_meeting_is_accepted(
    login, partnership, item, chair, member
):
    login(chair).post(
        reverse("subgroups:action_create", args=[partnership.slug, item.pk]),
        {
            "description": "Write to schools",
            "owner": person_of(member).pk,
            **date_boxes("due_on", dt.date(2020, 1, 15)),
        },
    )
    assert Action.objects.get().due_on == dt.date(2020, 1, 15)


def test_the_model_refuses_a_due_date_before_the_meeting_so_the_admin_does_too(partnership, item):
    action = make_action(
        partnership=partnership, owner=make_person(partnership=partnership), item=item
    )
    action.due_on = dt.date(2019, 12, 1)
    with pytest.raises(ValidationError) as refused:
        action.full_clean()
    assert "due_on" in refused.value.message_dict  # every model form runs it, the admin's too


def test_moving_the_due_date_before_the_meeting_is_refused(
    login, partnership, subgroup, item, chair
):
    action = make_action(
        partnership=partnership,
        owner=make_person(partnership=partnership),
        item=item,
        subgroup=subgroup,
        due_on=dt.date(2020, 3, 1),
    )
    response = login(chair).post(
        reverse("subgroups:action_update", args=[partnership.slug, action.pk]),
        {
            "status": action.status,
            "note": "Moved",
            **date_boxes("due_on", dt.date(2019, 12, 1)),
            "version": action.version,
        },
    )
    assert response.status_code == 200
    assert "before the meeting" in response.context["form"].errors["due_on"][0]
    action.refresh_from_db()
    assert action.due_on == dt.date(2020, 3, 1)
    assert not action.updates.exists()
