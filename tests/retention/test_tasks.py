"""The monthly retention task, run by a real worker (``db_worker --batch``) and called
directly: it queues exactly the records past their date, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from retention.models import ReviewItem
from retention.tasks import build_review_queue
from tests.factories import make_action, make_item, make_meeting, make_person, make_subgroup


def _records(partnership):
    group = make_subgroup(partnership=partnership)
    owner = make_person(partnership=partnership)
    old = make_meeting(subgroup=group, starts_at=timezone.make_aware(dt.datetime(2019, 5, 1, 10)))
    new = make_meeting(subgroup=group, starts_at=timezone.make_aware(dt.datetime(2024, 5, 1, 10)))
    make_item(meeting=old, minutes="Discussed the audit.")
    old_action = make_action(partnership=partnership, owner=owner, due_on=dt.date(2020, 6, 30))
    make_action(partnership=partnership, owner=owner, due_on=dt.date(2021, 6, 30))
    return old, new, old_action


def _queued(partnership):
    return set(
        ReviewItem.objects.filter(partnership=partnership).values_list("record_type", "record_id")
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_the_records_past_their_date(partnership, run_tasks):
    with transaction.atomic():
        old, _new, old_action = _records(partnership)
        build_review_queue.enqueue(on="2027-01-01")
    run_tasks()
    assert _queued(partnership) == {("meeting", old.pk), ("action", old_action.pk)}
    item = ReviewItem.objects.get(record_type="meeting")
    assert (item.due_on, item.found_on, item.status) == (
        dt.date(2026, 5, 1),
        dt.date(2027, 1, 1),
        "waiting",
    )
    # Run again by the worker: nothing is queued twice.
    build_review_queue.enqueue(on="2027-01-01")
    run_tasks()
    assert ReviewItem.objects.count() == 2


@pytest.mark.django_db
def test_called_directly_on_a_later_day_it_adds_what_has_come_due(partnership):
    old, new, old_action = _records(partnership)
    assert build_review_queue.call(on="2027-01-01") == 2
    assert build_review_queue.call(on="2027-06-29") == 2  # the 2021 action: 6 years on 30 June
    assert build_review_queue.call(on="2027-06-30") == 3
    assert build_review_queue.call(on="2031-04-30") == 3  # the 2024 meeting: 7 years on 1 May
    assert ("meeting", new.pk) not in _queued(partnership)
    assert build_review_queue.call(on="2031-05-01") == 4
    assert ("meeting", new.pk) in _queued(partnership)
