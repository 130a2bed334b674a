"""Time moves forward (the clock is moved, nobody waits): an action's owner gets the
assigned, due-in-7-days, due-today and weekly overdue emails on the right days, from the
schedule the app keeps, even across days when no worker ran."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications.schedule import ensure_schedule
from tests.notifications.world import SITE, make_world
from tests.reviews.builders import date_data

pytestmark = pytest.mark.django_db(transaction=True)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_an_action_owner_is_emailed_on_the_right_days(
    partnership, settings, login, mail_server, run_tasks
):
    settings.SITE_URL = SITE
    settings.SCHEDULED_TASKS = {
        "daily-reminders": {
            "task": "notifications.tasks.daily_reminders",
            "every": "daily",
            "at": "06:30",
        }
    }
    world = make_world(partnership)
    world.restricted_action.delete()  # only the action made here falls due
    owner = world.users["member"]
    item = world.meeting.items.get(order=1)
    first = dt.date(2027, 3, 1)
    with time_machine.travel(at(first, 9), tick=False):
        ensure_schedule()
        login(world.users["chair"]).post(
            reverse("subgroups:action_create", args=[partnership.slug, item.pk]),
            {
                "description": "Re-audit the chronologies",
                "owner": owner.people.get().pk,
                "organisation": "",
                **date_data("due_on", dt.date(2027, 3, 20)),
            },
        )
        run_tasks()
    [assigned] = mail_server.inbox.to(owner.email)
    assert assigned["Subject"].endswith("an action is yours")
    received: dict[str, list[str]] = {}
    seen = 1
    worker_down = {dt.date(2027, 3, d) for d in (12, 13, 14)}
    for n in range(1, 40):
        day = first + dt.timedelta(days=n)
        if day in worker_down:
            continue
        with time_machine.travel(at(day, 7), tick=False):
            run_tasks()
        for message in mail_server.inbox.to(owner.email)[seen:]:
            received.setdefault(str(message["Subject"]).split(": ", 1)[1], []).append(
                day.isoformat()
            )
        seen = len(mail_server.inbox.to(owner.email))
    assert received == {
        # Due in 7 days on the 13th, when no worker ran: caught up the next morning one ran.
        "an action you own is due in 7 days": ["2027-03-15"],
        "an action you own is due today": ["2027-03-20"],
        "an action you own is overdue": ["2027-03-21", "2027-03-28", "2027-04-04"],
    }
    # Closed: nothing more.
    action = item.actions.get()
    with time_machine.travel(at(dt.date(2027, 4, 6), 12), tick=False):
        action.move_to("completed", note="Done", on=dt.date(2027, 4, 6), by=None)
    with time_machine.travel(at(dt.date(2027, 4, 11), 7), tick=False):
        run_tasks()
    assert len(mail_server.inbox.to(owner.email)) == seen
