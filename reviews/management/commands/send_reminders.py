"""Email reminders: case-review deadlines due soon or overdue, and action due dates.

Run daily (cron or a scheduler). Idempotent per day: a reminder already sent today for
the same thing is not sent again, so the command can be re-run safely.
"""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from partnership.models import Partnership, Role
from reviews.models import ReminderSent, SeriousIncident
from subgroups.models import Action


def case_review_recipients(partnership: Partnership, on: dt.date) -> list[str]:
    """Email addresses of the case review group and the business manager, as of ``on``."""
    roles = (
        Role.objects.current(on)
        .filter(person__partnership=partnership)
        .filter(
            Q(kind=Role.Kind.BUSINESS_MANAGER)
            | Q(kind__in=Role.SUBGROUP_KINDS, subgroup__handles_case_reviews=True)
        )
        .select_related("person__user")
    )
    emails = [_email_of(role.person) for role in roles]
    return sorted({e for e in emails if e})


def _email_of(person) -> str:
    return person.email or (person.user.email if person.user_id else "")


def _claim(key: str, today: dt.date) -> bool:
    _, created = ReminderSent.objects.get_or_create(key=key, sent_on=today)
    return created


class Command(BaseCommand):
    help = "Send reminder emails for case-review deadlines and for actions falling due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Remind about review deadlines due within this many days (default 7).",
        )
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD); for catching up."
        )

    def handle(self, *args, days: int = 7, date: str | None = None, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        try:
            today = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError as error:
            raise CommandError("--date must look like 2026-04-01.") from error
        sent = 0
        for partnership in Partnership.objects.all():
            sent += self._review_deadlines(partnership, today, days)
        sent += self._actions(today)
        self.stdout.write(f"Sent {sent} reminder email(s).")

    def _review_deadlines(self, partnership: Partnership, today: dt.date, days: int) -> int:
        horizon = today + dt.timedelta(days=days)
        due = sorted(
            (
                d
                for incident in SeriousIncident.objects.for_partnership(partnership).with_reviews()
                for d in incident.deadlines(today)
                if d.is_outstanding and d.due_on <= horizon
            ),
            key=lambda d: d.due_on,
        )
        recipients = case_review_recipients(partnership, today)
        if not due or not recipients:
            return 0
        with transaction.atomic():
            if not _claim(f"review-deadlines:{partnership.pk}", today):
                return 0
            overdue = [d for d in due if d.state == "overdue"]
            lines = [
                f"Case review deadlines for {partnership.name} as on {today:%-d %B %Y}: "
                f"{len(due)} due within {days} days or overdue ({len(overdue)} overdue).",
                "",
            ]
            for d in due:
                lines.append(
                    f"- {d.record}: {d.label}, due {d.due_on:%a %-d %b %Y}"
                    f"{' (OVERDUE)' if d.state == 'overdue' else ''}"
                )
            lines += [
                "",
                "See the deadlines page: " + reverse("reviews:deadlines", args=[partnership.slug]),
            ]
            send_mail(
                f"{partnership.short_name}: {len(due)} case review deadline(s) due or overdue",
                "\n".join(lines),
                None,
                recipients,
            )
        return 1

    def _actions(self, today: dt.date) -> int:
        week = today + dt.timedelta(days=7)
        sent = 0
        actions = (
            Action.objects.open()
            .filter(due_on__in=[today, week])
            .select_related("owner__user", "partnership")
        )
        for action in actions:
            email = _email_of(action.owner)
            if not email:
                continue
            when = "today" if action.due_on == today else "in one week"
            with transaction.atomic():
                if not _claim(f"action:{action.pk}:{action.due_on}", today):
                    continue
                send_mail(
                    f"{action.partnership.short_name}: an action you own is due {when}",
                    f"Dear {action.owner.name},\n\nThis action is due {when} "
                    f"({action.due_on:%A %-d %B %Y}):\n\n{action.description}\n\n"
                    "Please record an update when it is done: " + action.get_absolute_url(),
                    None,
                    [email],
                )
            sent += 1
        return sent
