"""The schedule the app keeps: chains of queued runs, caught up after downtime, never doubled."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import ScheduledTask
from notifications.schedule import Entry, ensure_schedule


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def ran_days() -> list[str]:
    return sorted(
        name.removeprefix("ran:")
        for name in ScheduledTask.objects.filter(name__startswith="ran:").values_list(
            "name", flat=True
        )
    )


@pytest.fixture
def daily(settings):
    settings.SCHEDULED_TASKS = {
        "note": {
            "task": "tests.notifications.scheduled.note_the_day",
            "every": "daily",
            "at": "06:30",
        }
    }


def test_daily_occurrences_come_at_the_local_time():
    entry = Entry.parse("x", {"task": "t", "every": "daily", "at": "06:30"})
    assert entry.next_after(local(2026, 12, 1, 6, 29)) == local(2026, 12, 1, 6, 30)
    assert entry.next_after(local(2026, 12, 1, 6, 30)) == local(2026, 12, 2, 6, 30)
    # British Summer Time: still 06:30 on the clock.
    assert timezone.localtime(entry.next_after(local(2026, 6, 1, 7))).hour == 6
    assert entry.occurrences(after=local(2026, 12, 1, 6, 30), upto=local(2026, 12, 4, 7)) == [
        local(2026, 12, 2, 6, 30),
        local(2026, 12, 3, 6, 30),
        local(2026, 12, 4, 6, 30),
    ]


def test_weekly_monthly_and_minute_schedules():
    weekly = Entry.parse("x", {"task": "t", "every": "weekly", "at": "08:00", "weekday": 2})
    assert weekly.next_after(local(2026, 12, 1, 9)) == local(2026, 12, 2, 8)  # a Wednesday
    monthly = Entry.parse("x", {"task": "t", "every": "monthly", "at": "05:00"})
    assert monthly.next_after(local(2026, 12, 1, 9)) == local(2027, 1, 1, 5)
    five = Entry.parse("x", {"task": "t", "every": "5 minutes"})
    assert five.next_after(local(2026, 12, 1, 9, 2, 30)) == local(2026, 12, 1, 9, 5)
    assert len(five.occurrences(after=local(2026, 12, 1, 9), upto=local(2026, 12, 1, 9, 30))) == 6


@pytest.mark.parametrize(
    "spec",
    [
        {"every": "daily"},
        {"task": "t", "every": "fortnightly"},
        {"task": "t", "every": "7 minutes"},
        {"task": "t", "at": "25:00"},
        {"task": "t", "every": "weekly", "weekday": 7},
    ],
)
def test_a_wrong_entry_is_refused_with_its_name(spec):
    with pytest.raises(ImproperlyConfigured, match="SCHEDULED_TASKS"):
        Entry.parse("broken", spec)


@pytest.mark.django_db(transaction=True)
def test_a_path_that_is_not_a_task_is_refused_at_start(settings):
    settings.SCHEDULED_TASKS = {"x": {"task": "notifications.schedule.entries", "every": "daily"}}
    with pytest.raises(ImproperlyConfigured, match="not a @task"):
        ensure_schedule()


@pytest.mark.django_db(transaction=True)
def test_ensure_schedule_queues_one_run_and_repeating_it_changes_nothing(daily):
    out = StringIO()
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        call_command("ensure_schedule", stdout=out)
        call_command("ensure_schedule", stdout=out)
    assert "note: started" in out.getvalue() and "note: running" in out.getvalue()
    [link] = DBTaskResult.objects.filter(task_path="notifications.tasks.run_schedule")
    assert link.run_after == local(2026, 12, 2, 6, 30)
    assert link.args_kwargs["args"] == ["note"]


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_at_its_time_and_queues_its_next_run(daily, run_tasks):
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        ensure_schedule()
        run_tasks()  # too early: nothing runs
    assert ran_days() == []
    with time_machine.travel(local(2026, 12, 2, 6, 31), tick=False):
        run_tasks()
        run_tasks()
    assert ran_days() == ["2026-12-02"]
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.run_after == local(2026, 12, 3, 6, 30)


@pytest.mark.django_db(transaction=True)
def test_days_missed_while_no_worker_ran_are_each_run_once(daily, run_tasks):
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        ensure_schedule()
    # No worker from Tuesday to Friday afternoon; then one starts, and another, and the
    # deployment runs ensure_schedule again.
    with time_machine.travel(local(2026, 12, 4, 15), tick=False):
        ensure_schedule()
        run_tasks()
        run_tasks()
        ensure_schedule()
        run_tasks()
    assert ran_days() == ["2026-12-02", "2026-12-03", "2026-12-04"]
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_chain_lost_with_its_worker_is_mended_without_doubling(daily, run_tasks):
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        ensure_schedule()
    # A worker claims the link and is killed: the row stays RUNNING for ever.
    DBTaskResult.objects.update(status="RUNNING", started_at=local(2026, 12, 2, 6, 30))
    with time_machine.travel(local(2026, 12, 2, 7), tick=False):
        ensure_schedule()  # still young: it may yet finish
        assert DBTaskResult.objects.filter(status="READY").count() == 0
    with time_machine.travel(local(2026, 12, 2, 8), tick=False):
        ensure_schedule()
        run_tasks()
    assert ran_days() == ["2026-12-02"]
    # The stale copy, if its worker came back, does nothing.
    stale = DBTaskResult.objects.filter(status="RUNNING").get()
    from notifications.schedule import run_due

    assert run_due("note", result_id=str(stale.id), now=local(2026, 12, 3, 7)) == []


@pytest.mark.django_db(transaction=True)
def test_a_task_without_a_day_is_called_without_one(settings, run_tasks):
    settings.SCHEDULED_TASKS = {
        "plain": {
            "task": "tests.notifications.scheduled.note_a_run",
            "every": "hourly",
            "at": "00:15",
        }
    }
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        ensure_schedule()
    with time_machine.travel(local(2026, 12, 1, 11, 20), tick=False):
        run_tasks()
    assert ScheduledTask.objects.filter(name__startswith="plain:").count() == 3


@pytest.mark.django_db(transaction=True)
def test_changing_the_time_replaces_the_waiting_run(daily, settings):
    with time_machine.travel(local(2026, 12, 1, 9), tick=False):
        ensure_schedule()
        settings.SCHEDULED_TASKS["note"]["at"] = "05:00"
        ensure_schedule()
    row = ScheduledTask.objects.get(name="note")
    assert row.next_run_at == local(2026, 12, 2, 5)
    assert DBTaskResult.objects.get(id=row.result_id).run_after == local(2026, 12, 2, 5)


@pytest.mark.django_db(transaction=True)
def test_the_settings_schedule_names_real_tasks():
    assert len(ensure_schedule()) >= 3


@pytest.mark.django_db(transaction=True)
def test_a_failing_scheduled_task_is_tried_again_later_then_left_failed(monkeypatch, run_tasks):
    from notifications import reminders
    from notifications.tasks import TASK_RETRY_DELAYS, daily_reminders

    calls = []

    def broken(day, **kwargs):
        calls.append(day)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reminders, "send_all", broken)  # a fault we cannot cause for real
    start = local(2026, 12, 1, 6, 30)
    with time_machine.travel(start, tick=False):
        daily_reminders.enqueue(on="2026-12-01")
        run_tasks()
    waited = dt.timedelta(0)
    for delay in TASK_RETRY_DELAYS:
        waited += delay
        with time_machine.travel(start + waited + dt.timedelta(seconds=1), tick=False):
            run_tasks()
    assert calls == [dt.date(2026, 12, 1)] * (len(TASK_RETRY_DELAYS) + 1)
    assert DBTaskResult.objects.filter(status="FAILED").count() == len(TASK_RETRY_DELAYS) + 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
