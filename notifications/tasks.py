"""Background work for notifications: small functions that take ids and can run twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from notifications import email, schedule


@task()
def deliver_messages(message_ids: list[int]) -> None:
    email.deliver_all(email.claim(message_ids))


@task(takes_context=True)
def run_schedule(context, name: str) -> None:
    """One link of a recurring task's chain (``notifications.schedule``)."""
    schedule.run_due(name, result_id=str(context.task_result.id))


@task()
def recover_stalled_messages() -> None:
    """Messages a killed worker left half-done go out again (on the schedule)."""
    minutes = getattr(settings, "EMAIL_STALLED_MINUTES", 10)
    email.recover_stalled(older_than=dt.timedelta(minutes=minutes))


@task()
def daily_reminders(on: str = "") -> None:
    """Action, report, case-review and cadence reminders for one day (``send_reminders``)."""
    from notifications import reminders

    reminders.send_all(dt.date.fromisoformat(on) if on else dt.date.today())


@task()
def send_digests(on: str = "") -> None:
    """Each person's messages held for their daily digest, as one email."""
    from notifications import digests

    digests.send_all()
