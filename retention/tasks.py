"""The monthly retention run (``SCHEDULED_TASKS["retention_queue"]``)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from retention.services import build_queue


@task()
def build_review_queue(on: str | None = None) -> int:
    """Queue every record past its retention date for review. Safe to run twice."""
    return build_queue(dt.date.fromisoformat(on) if on else None)
