"""/healthz says the process answers; /readyz checks the database, the cache and the
task worker, and names whichever fails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.tasks import deliver_messages
from tests.faults import HungServer, closed_port
from tests.partnership.test_cache_faults import timed, use_redis


def queue_task(*, waited: dt.timedelta, run_after: dt.datetime | None = None) -> None:
    task = deliver_messages if run_after is None else deliver_messages.using(run_after=run_after)
    task.enqueue([0])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - waited)


@pytest.mark.django_db
def test_readyz_is_ok_when_every_part_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()["checks"]) == {"database", "cache", "worker"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_a_hung_cache_within_its_timeout(settings, client):
    server = HungServer().start()
    use_redis(settings, server.url())
    client.get("/healthz")  # the first request loads the app: not the fault's cost
    try:
        response, took = timed(lambda: client.get("/readyz"))
    finally:
        server.stop()
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert "TimeoutError" in response.json()["checks"]["cache"]
    assert took < 1


@pytest.mark.django_db
def test_readyz_names_a_cache_that_refuses_connections(settings, client):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.mark.django_db
def test_readyz_fails_the_worker_when_queued_work_waits_too_long(settings, client):
    settings.READYZ_TASK_WAIT_SECONDS = 300
    queue_task(waited=dt.timedelta(seconds=30))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert "30 s" in response.json()["checks"]["worker"]

    queue_task(waited=dt.timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


@pytest.mark.django_db
def test_readyz_counts_scheduled_work_from_when_it_falls_due(client):
    later = timezone.now() + dt.timedelta(hours=1)
    queue_task(waited=dt.timedelta(days=2), run_after=later)
    assert client.get("/readyz").status_code == 200  # not due yet: nobody should run it


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    # Stopping the test's own database server is not possible here: its cursor refuses.
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
    assert "worker" in response.json()["failing"]


@pytest.mark.django_db
def test_healthz_reads_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").content == b"ok"
