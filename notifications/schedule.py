"""Recurring tasks kept by the app itself, not by cron.

``settings.SCHEDULED_TASKS`` lists them::

    SCHEDULED_TASKS = {
        "reminders": {"task": "notifications.tasks.daily_reminders", "at": "06:30"},
    }

``every`` is ``daily``, ``weekly`` (on Mondays, or ``"weekday": 0-6``), ``monthly`` (on
the 1st, or ``"day": 1-28``), ``hourly`` (at the minute of ``at``) or ``"N minutes"`` (N
dividing 60); ``at`` is the local time (``TIME_ZONE``). Each task is a ``@task()`` taking
no arguments or an ``on`` keyword: the day of the occurrence, "YYYY-MM-DD".

Each schedule is a chain: one queued ``run_schedule`` task waits (``run_after``) for the
next occurrence; when it runs it enqueues the task for every occurrence due since the last
one (so occurrences missed while no worker ran are caught up, each once), then enqueues
the next link, all in one transaction. ``ensure_schedule`` (run at every start) creates
the chains and mends a broken one; running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

CALENDAR = ("daily", "weekly", "monthly")
# A worker down for longer than this many occurrences catches up only the latest ones.
MAX_CATCH_UP = 31
# A link claimed by a worker this long ago and never finished was lost with its worker.
STALE_RUN = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    every: str
    at: dt.time
    weekday: int = 0
    day: int = 1

    @classmethod
    def parse(cls, name: str, spec: dict) -> Entry:
        where = f"SCHEDULED_TASKS[{name!r}]"
        if not isinstance(spec, dict) or not spec.get("task"):
            raise ImproperlyConfigured(f"{where} needs a 'task' (a dotted path).")
        every = spec.get("every", "daily")
        if every not in (*CALENDAR, "hourly") and not _minutes(every):
            raise ImproperlyConfigured(
                f"{where}['every'] must be daily, weekly, monthly, hourly or 'N minutes'."
            )
        try:
            at = dt.time.fromisoformat(spec.get("at", "00:00"))
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"{where}['at'] must be a time like '06:30'.") from None
        weekday, day = int(spec.get("weekday", 0)), int(spec.get("day", 1))
        if not 0 <= weekday <= 6 or not 1 <= day <= 28:
            raise ImproperlyConfigured(f"{where}: weekday is 0-6 (Monday 0), day is 1-28.")
        return cls(name=name, task=spec["task"], every=every, at=at, weekday=weekday, day=day)

    def at_text(self) -> str:
        return self.at.strftime("%H:%M")

    # --- minute steps (hourly, N minutes): counted on the clock, in whole minutes ------
    @property
    def period(self) -> int | None:
        """Minutes between occurrences, or None for daily, weekly and monthly."""
        if self.every == "hourly":
            return 60
        return _minutes(self.every)

    def _offset(self) -> int:
        return self.at.minute % self.period if self.every == "hourly" else 0

    def _step_moment(self, index: int) -> dt.datetime:
        return dt.datetime.fromtimestamp((index * self.period + self._offset()) * 60, tz=dt.UTC)

    def _step_index(self, moment: dt.datetime) -> int:
        return (int(moment.timestamp() // 60) - self._offset()) // self.period

    # --- calendar days (daily, weekly, monthly) ----------------------------------------
    def runs_on(self, day: dt.date) -> bool:
        if self.every == "weekly":
            return day.weekday() == self.weekday
        if self.every == "monthly":
            return day.day == self.day
        return True

    def _on_day(self, day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, self.at))

    # --- what the scheduler asks -------------------------------------------------------
    def last_before(self, now: dt.datetime) -> dt.datetime:
        """The latest occurrence at or before ``now``."""
        if self.period:
            return self._step_moment(self._step_index(now))
        day = timezone.localtime(now).date()
        while not (self.runs_on(day) and self._on_day(day) <= now):
            day -= dt.timedelta(days=1)
        return self._on_day(day)

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first occurrence after ``moment``."""
        if self.period:
            return self._step_moment(self._step_index(moment) + 1)
        day = timezone.localtime(moment).date()
        while not (self.runs_on(day) and self._on_day(day) > moment):
            day += dt.timedelta(days=1)
        return self._on_day(day)

    def occurrences(self, *, after: dt.datetime, upto: dt.datetime) -> list[dt.datetime]:
        """Occurrences after ``after`` and at or before ``upto``, oldest first (at most
        ``MAX_CATCH_UP``, the latest)."""
        found: list[dt.datetime] = []
        moment = self.last_before(upto)
        while moment > after and len(found) < MAX_CATCH_UP:
            found.append(moment)
            moment = self.last_before(moment - dt.timedelta(minutes=1))
        return found[::-1]


def _minutes(every: str) -> int | None:
    match = re.fullmatch(r"(\d+) minutes?", str(every))
    if match and int(match[1]) and 60 % int(match[1]) == 0:
        return int(match[1])
    return None


def entries() -> dict[str, Entry]:
    return {
        name: Entry.parse(name, spec)
        for name, spec in getattr(settings, "SCHEDULED_TASKS", {}).items()
    }


def _target(entry: Entry):
    from django_tasks.base import Task

    try:
        found = import_string(entry.task)
    except ImportError as error:
        raise ImproperlyConfigured(f"SCHEDULED_TASKS[{entry.name!r}]: {error}") from error
    if not isinstance(found, Task):
        raise ImproperlyConfigured(
            f"SCHEDULED_TASKS[{entry.name!r}]: {entry.task} is not a @task() function."
        )
    return found


def _enqueue_occurrence(entry: Entry, moment: dt.datetime) -> None:
    target = _target(entry)
    if "on" in inspect.signature(target.func).parameters:
        target.enqueue(on=timezone.localtime(moment).date().isoformat())
    else:
        target.enqueue()


def _enqueue_link(name: str, run_after: dt.datetime) -> str:
    from notifications.tasks import run_schedule

    return str(run_schedule.using(run_after=run_after).enqueue(name).id)


def _link_alive(result_id: str, now: dt.datetime) -> bool:
    """Whether the queued link will still run (queued, or running and not lost)."""
    from django_tasks_db.models import DBTaskResult

    if not result_id:
        return False
    found = DBTaskResult.objects.filter(id=result_id).values("status", "started_at").first()
    if found is None:
        return False
    if found["status"] == "READY":
        return True
    return found["status"] == "RUNNING" and found["started_at"] > now - STALE_RUN


def ensure_schedule(now: dt.datetime | None = None) -> list[str]:
    """Start every schedule that is not running; mend any whose chain was lost or whose
    entry changed. Returns a line per schedule saying what it found. Idempotent."""
    from notifications.models import ScheduledTask

    now = now or timezone.now()
    done = []
    for entry in entries().values():
        _target(entry)  # a wrong path is refused at start, not at the first run
        with transaction.atomic():
            row, created = ScheduledTask.objects.select_for_update().get_or_create(
                name=entry.name,
                defaults={
                    "task_path": entry.task,
                    "every": entry.every,
                    "at": entry.at_text(),
                    "last_run_at": entry.last_before(now),
                },
            )
            same = (row.task_path, row.every, row.at) == (entry.task, entry.every, entry.at_text())
            if not created and same and _link_alive(row.result_id, now):
                done.append(f"{entry.name}: running; next {timezone.localtime(row.next_run_at)}")
                continue
            if not same:  # a new time: the next occurrence counts from now
                row.last_run_at = max(row.last_run_at or now, entry.last_before(now))
            row.task_path, row.every, row.at = entry.task, entry.every, entry.at_text()
            row.last_run_at = row.last_run_at or entry.last_before(now)
            row.next_run_at = entry.next_after(row.last_run_at)
            row.result_id = _enqueue_link(entry.name, row.next_run_at)
            row.save()
            done.append(f"{entry.name}: started; next {timezone.localtime(row.next_run_at)}")
    return done


def run_due(name: str, *, result_id: str, now: dt.datetime | None = None) -> list[dt.datetime]:
    """One link of a chain: enqueue the occurrences now due, then the next link.

    Returns the occurrences enqueued (none for a stale copy of a link)."""
    from notifications.models import ScheduledTask

    now = now or timezone.now()
    with transaction.atomic():
        row = ScheduledTask.objects.select_for_update().filter(name=name).first()
        if row is None or row.result_id != result_id:
            return []  # a link that ensure_schedule has since replaced
        entry = entries().get(name)
        if entry is None:  # taken out of the settings
            row.delete()
            return []
        due = entry.occurrences(after=row.last_run_at or entry.last_before(now), upto=now)
        for moment in due:
            _enqueue_occurrence(entry, moment)
        if due:
            row.last_run_at = due[-1]
        row.next_run_at = entry.next_after(max(row.last_run_at or now, entry.last_before(now)))
        row.result_id = _enqueue_link(name, row.next_run_at)
        row.save()
    return due
