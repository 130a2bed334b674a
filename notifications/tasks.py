"""Background work for notifications: small functions that take ids and can run twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
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


# Waits before a failed scheduled task runs again; after the last it stays failed (admin:
# Tasks Database Backend › Task Results). Each task here is safe to run again for a day.
TASK_RETRY_DELAYS = (dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))


def _again_later(task_function, attempt: int, **kwargs) -> None:
    """Queue the task again after a wait, unless it has had its last try."""
    if attempt > len(TASK_RETRY_DELAYS):
        return
    run_after = timezone.now() + TASK_RETRY_DELAYS[attempt - 1]
    task_function.using(run_after=run_after).enqueue(attempt=attempt + 1, **kwargs)


@task()
def daily_reminders(on: str = "", attempt: int = 1) -> None:
    """Action, report, case-review and cadence reminders for one day (``send_reminders``)."""
    from notifications import reminders

    day = on or timezone.localdate().isoformat()
    try:
        reminders.send_all(dt.date.fromisoformat(day))
    except Exception:
        _again_later(daily_reminders, attempt, on=day)
        raise


@task()
def send_digests(on: str = "", attempt: int = 1) -> None:
    """Each person's messages held for their daily digest, as one email."""
    from notifications import digests

    try:
        digests.send_all()
    except Exception:
        _again_later(send_digests, attempt, on=on)
        raise
