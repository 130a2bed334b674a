"""The daily reminders: actions falling due and overdue, the published report's sending,
case-review deadlines, and the 12-month cadence of the yearly report.

``send_all(day)`` is what the schedule runs each morning (``daily_reminders``) and what
``manage.py send_reminders`` runs once. Each reminder carries a key naming its day, so
running a day twice sends nothing twice, and a day missed while no worker ran is caught up
by the schedule passing that day.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from notifications.registry import notify
from partnership.models import Partnership

DUE_SOON_DAYS = 7
REVIEW_WINDOW_DAYS = 7
CADENCE_NOTICE_DAYS = 30


def weekly_from(first: dt.date, today: dt.date) -> bool:
    """True on ``first`` and every 7 days after it."""
    return today >= first and (today - first).days % 7 == 0


def send_all(today: dt.date, *, review_days: int = REVIEW_WINDOW_DAYS) -> int:
    return sum(
        (
            actions(today),
            distribution(today),
            review_deadlines(today, days=review_days),
            cadence(today),
        )
    )


def actions(today: dt.date) -> int:
    from subgroups.models import Action

    sent = 0
    found = (
        Action.objects.open()
        .filter(due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner__user", "partnership", "subgroup")
    )
    for action in found:
        if action.due_on == today + dt.timedelta(days=DUE_SOON_DAYS):
            kind = "action_due_soon"
        elif action.due_on == today:
            kind = "action_due_today"
        elif weekly_from(action.due_on + dt.timedelta(days=1), today):
            kind = "action_overdue"
        else:
            continue
        with transaction.atomic():
            sent += len(notify(kind, action, on=today, once_key=f"{kind}:{action.pk}:{today}"))
    return sent


def distribution(today: dt.date) -> int:
    from reports.models import DistributionTask, PublishedReport

    late = (
        DistributionTask.objects.filter(status=DistributionTask.Status.PENDING, due_on__lt=today)
        .values_list("published_id", "due_on")
        .distinct()
    )
    sent = 0
    for published_id, due_on in late:
        if not weekly_from(due_on + dt.timedelta(days=1), today):
            continue
        published = PublishedReport.objects.select_related("partnership", "report").get(
            pk=published_id
        )
        with transaction.atomic():
            sent += len(
                notify(
                    "distribution_overdue",
                    published,
                    on=today,
                    once_key=f"distribution_overdue:{published.pk}:{today}",
                )
            )
    return sent


def review_deadlines(today: dt.date, *, days: int) -> int:
    from reviews.models import SeriousIncident

    horizon = today + dt.timedelta(days=days)
    sent = 0
    for partnership in Partnership.objects.all():
        due = sorted(
            (
                d
                for incident in SeriousIncident.objects.for_partnership(partnership).with_reviews()
                for d in incident.deadlines(today)
                if d.is_outstanding and d.due_on <= horizon
            ),
            key=lambda d: d.due_on,
        )
        if not due:
            continue
        with transaction.atomic():
            sent += len(
                notify(
                    "review_deadlines",
                    partnership,
                    on=today,
                    once_key=f"review_deadlines:{partnership.pk}:{today}",
                    deadlines=due,
                    days=days,
                )
            )
    return sent


def cadence(today: dt.date) -> int:
    """30 days before 12 months pass since the last publication, and on the day itself."""
    from django.db.models import Max

    from reports.models import PublishedReport, add_months

    sent = 0
    latest = PublishedReport.objects.values("partnership_id").annotate(last=Max("published_at"))
    for row in latest:
        last_on = row["last"].date()
        due_on = add_months(last_on, 12)
        if today not in (due_on - dt.timedelta(days=CADENCE_NOTICE_DAYS), due_on):
            continue
        partnership = Partnership.objects.get(pk=row["partnership_id"])
        with transaction.atomic():
            sent += len(
                notify(
                    "report_cadence",
                    partnership,
                    on=today,
                    once_key=f"report_cadence:{partnership.pk}:{due_on}:{today}",
                    last_on=last_on,
                    due_on=due_on,
                )
            )
    return sent
