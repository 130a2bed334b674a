"""Send the day's reminders once: what the schedule's ``daily_reminders`` does each morning.

Actions due in 7 days, due today and overdue (weekly until closed); the published report's
sending when overdue; case-review deadlines due soon or missed; the 12-month report cadence.
Each reminder goes once per day and recipient, so the command can be re-run safely; the
worker (``manage.py db_worker``) delivers the messages.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from notifications import reminders


class Command(BaseCommand):
    help = "Queue the day's reminder emails (actions, report sending, review deadlines)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=reminders.REVIEW_WINDOW_DAYS,
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
        queued = reminders.send_all(today, review_days=days)
        self.stdout.write(f"Queued {queued} reminder email(s); the worker sends them.")
