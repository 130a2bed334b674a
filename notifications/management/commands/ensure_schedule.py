"""Start the recurring tasks of SCHEDULED_TASKS (run before the workers; safe to repeat)."""

from django.core.management.base import BaseCommand

from notifications.schedule import ensure_schedule


class Command(BaseCommand):
    help = "Start every recurring task in SCHEDULED_TASKS that is not queued; idempotent."

    def handle(self, *args, **options):
        for line in ensure_schedule():
            self.stdout.write(line)
