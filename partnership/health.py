"""What ``/readyz`` checks: each part the app needs to serve its pages and do its work.

Each check answers ``(ok, detail)`` quickly: the database with one query, the cache with
one ping limited by the cache's socket timeout, the task worker by how long the oldest
task that is due has waited for one (``READYZ_TASK_WAIT_SECONDS``, default 300: queued
work older than that means no worker is taking it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

Check = tuple[bool, str]


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the answer, not an error of this page
        return False, f"unavailable ({type(error).__name__})"
    return True, "ok"


def cache() -> Check:
    if not settings.CACHE_IS_SHARED:
        return True, "ok (each process's own memory)"
    for alias in settings.CACHES:
        try:
            # Past the breaker on purpose: this says how Redis is now.
            caches[alias].client.get_client(write=True).ping()
        except Exception as error:
            return False, f"{alias}: unavailable ({type(error).__name__})"
    return True, "ok"


def worker() -> Check:
    try:
        due_since = Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("run_after", "enqueued_at"),
        )
        oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(due_since))["oldest"]
    except Exception as error:
        return False, f"unknown ({type(error).__name__})"
    if oldest is None:
        return True, "ok (nothing waiting)"
    waited = int((timezone.now() - oldest).total_seconds())
    if waited > settings.READYZ_TASK_WAIT_SECONDS:
        return False, f"the oldest queued task has waited {waited} s"
    return True, f"ok (the oldest queued task has waited {waited} s)"


def report() -> dict[str, Check]:
    found = {"database": database()}
    found["cache"] = cache()
    # Without the database the worker cannot be asked about.
    found["worker"] = worker() if found["database"][0] else (False, "unknown (no database)")
    return found
