"""Tasks the scheduler tests put on a schedule: each run leaves a row behind."""

from django_tasks import task


@task()
def note_the_day(on: str) -> None:
    from notifications.models import ScheduledTask

    ScheduledTask.objects.create(name=f"ran:{on}", task_path="-", every="-", at="-")


@task()
def note_a_run() -> None:
    from notifications.models import ScheduledTask

    count = ScheduledTask.objects.filter(name__startswith="plain:").count()
    ScheduledTask.objects.create(name=f"plain:{count}", task_path="-", every="-", at="-")
