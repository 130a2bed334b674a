"""The retention schedule run on the demo data moved forward in time: exactly the records
the schedule names are deleted or anonymised, published reports stay as they were."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence.models import ActivityEntry
from partnership.models import User
from reports.models import PublishedReport, Report
from retention import services
from retention.models import Disposal, RetentionPeriod, ReviewItem
from retention.tasks import build_review_queue
from reviews.models import IdentifyingDetails, LegacyReview, SeriousIncident
from scrutiny.models import CommitteeSubmission, SearchEntry
from scrutiny.search.index import rebuild
from subgroups.models import Action, ActionUpdate, AgendaItem, Decision, Meeting
from tests.trust import matrix as m

pytestmark = pytest.mark.django_db

ON = dt.date(2027, 1, 1)


def _bm():
    return User.objects.get(username=m.ROLE_USERS[m.BM])


def _counts() -> dict[str, int]:
    return {
        "meeting": Meeting.objects.count(),
        "item": AgendaItem.objects.count(),
        "decision": Decision.objects.count(),
        "action": Action.objects.count(),
        "update": ActionUpdate.objects.count(),
        "activity": ActivityEntry.objects.count(),
        "report": Report.objects.count(),
        "published": PublishedReport.objects.count(),
        "incident": SeriousIncident.objects.count(),
        "details": IdentifyingDetails.objects.count(),
        "submission": CommitteeSubmission.objects.count(),
    }


def _published_checksums():
    return {
        p.pk: (p.html_sha256, hashlib.sha256(p.html.encode()).hexdigest(), p.pdf_sha256)
        for p in PublishedReport.objects.all()
    }


def _dispose_all_as_the_schedule_says():
    for item in ReviewItem.objects.waiting():
        services.dispose(item, action=services.default_disposal(item), by=_bm())


def test_a_run_in_2027_disposes_exactly_what_the_schedule_says(demo):
    # Due on 1 January 2027: meetings held by 1 January 2020 (7 years, anonymised), actions
    # due by 1 January 2021 and activity dated by then (6 years, deleted), drafts of
    # reports ending by then that were never published (6 years, deleted), committee
    # submissions by 1 January 2020 (7 years, anonymised). Incidents (25 years): none.
    old_meetings = Meeting.objects.filter(starts_at__date__lte=dt.date(2020, 1, 1))
    old_items = AgendaItem.objects.filter(meeting__in=old_meetings)
    actions = Action.objects.filter(due_on__lte=dt.date(2021, 1, 1))
    activity = ActivityEntry.objects.filter(date__lte=dt.date(2021, 1, 1))
    drafts = Report.objects.filter(period_end__lte=dt.date(2021, 1, 1), publication__isnull=True)
    submissions = CommitteeSubmission.objects.filter(meeting_date__lte=dt.date(2020, 1, 1))
    assert old_meetings.exists() and actions.exists() and activity.exists()
    expected_gone = {
        "action": actions.count(),
        "update": ActionUpdate.objects.filter(action__in=actions).count(),
        "activity": activity.count(),
        "report": drafts.count(),
    }
    old_item_ids = set(old_items.values_list("pk", flat=True))
    kept_minutes = dict(
        AgendaItem.objects.exclude(pk__in=old_item_ids).values_list("pk", "minutes")
    )
    legacy = LegacyReview.objects.filter(published_on__lte=dt.date(2002, 1, 1))
    ReviewItem.objects.all().delete()  # the permission matrix's own queued item
    before, checksums = _counts(), _published_checksums()

    build_review_queue.call(on=ON.isoformat())  # the worker runs it: tests/retention
    waiting = ReviewItem.objects.waiting()
    assert waiting.filter(record_type="meeting").count() == old_meetings.count()
    assert waiting.filter(record_type="action").count() == expected_gone["action"]
    assert not waiting.filter(record_type="incident").exists()
    assert waiting.count() == (
        old_meetings.count()
        + expected_gone["action"]
        + expected_gone["activity"]
        + expected_gone["report"]
        + submissions.count()
        + legacy.count()  # access log and outbox rows are all younger
    )
    _dispose_all_as_the_schedule_says()

    # The search index kept in step record by record is the one a rebuild would write:
    # no removed minutes, no entry of a deleted action.
    def index():
        fields = ["record_type", "object_id", "title", "body", "url", "confidentiality"]
        return set(SearchEntry.objects.values_list(*fields))

    kept_in_step = index()
    assert not {e for e in kept_in_step if e[0] == "item" and e[1] in old_item_ids and e[3]}
    for partnership in {
        item.partnership for item in ReviewItem.objects.select_related("partnership")
    }:
        rebuild(partnership)
    assert index() == kept_in_step

    after = _counts()
    for key in ("action", "update", "activity", "report"):
        assert after[key] == before[key] - expected_gone[key], key
    for key in ("meeting", "item", "decision", "submission", "incident", "details"):
        assert after[key] == before[key], key  # anonymised, not deleted
    assert not AgendaItem.objects.filter(pk__in=old_item_ids).exclude(minutes="").exists()
    assert not AgendaItem.history.filter(id__in=old_item_ids).exclude(minutes="").exists()
    assert (
        dict(AgendaItem.objects.exclude(pk__in=old_item_ids).values_list("pk", "minutes"))
        == kept_minutes
    )
    assert _published_checksums() == checksums
    assert all(a == b for a, b, _ in checksums.values())
    assert Disposal.objects.count() == ReviewItem.objects.filter(status="disposed").count()

    # A second run finds nothing new: disposed records are not queued again.
    services.build_queue(ON)
    assert not ReviewItem.objects.waiting().exists()


def test_an_anonymised_case_loses_its_identifying_details_and_text_not_its_figures(demo):
    incident = SeriousIncident.objects.filter(identifying_details__isnull=False).first()
    pseudonym, case_number, aware_on = incident.pseudonym, incident.case_number, incident.aware_on
    details_pk = incident.identifying_details.pk
    services.build_queue(aware_on.replace(year=aware_on.year + 26))
    item = ReviewItem.objects.get(record_type="incident", record_id=incident.pk)
    disposal = services.dispose(item, action="anonymise", by=_bm())

    incident.refresh_from_db()
    assert (incident.pseudonym, incident.case_number, incident.aware_on) == (
        pseudonym,
        case_number,
        aware_on,
    )
    assert incident.summary == ""
    assert not IdentifyingDetails.objects.filter(pk=details_pk).exists()
    assert not IdentifyingDetails.history.filter(id=details_pk).exists()
    assert disposal.action == "anonymised" and disposal.by_username == m.ROLE_USERS[m.BM]
    assert pseudonym not in disposal.rule and disposal.rows >= 2


def test_a_held_record_waits_until_its_review_date(demo):
    services.build_queue(ON)
    item = ReviewItem.objects.waiting().filter(record_type="action").first()
    with pytest.raises(ValidationError):
        services.hold(item, reason=" ", until=dt.date(2030, 1, 1), by=_bm(), today=ON)
    services.hold(item, reason="Audit in progress", until=dt.date(2028, 1, 1), by=_bm(), today=ON)
    services.build_queue(dt.date(2027, 6, 1))
    item.refresh_from_db()
    assert item.status == "held" and Action.objects.filter(pk=item.record_id).exists()
    services.build_queue(dt.date(2028, 1, 1))
    item.refresh_from_db()
    assert item.status == "waiting"


def test_a_partnership_may_lengthen_a_period_but_not_shorten_it(demo, as_role):
    home = demo["home"]
    url = reverse("retention:period_edit", args=[home.slug, "meeting"])
    client = as_role(m.BM)
    refused = client.post(url, {"years": "3"})
    assert refused.status_code == 200 and "can only be longer" in refused.content.decode()
    assert not RetentionPeriod.objects.filter(partnership=home).exists()
    assert client.post(url, {"years": "12"}).status_code == 302
    assert services.years_for(home, services.BY_KEY["meeting"]) == 12
    services.build_queue(ON)
    assert not ReviewItem.objects.filter(partnership=home, record_type="meeting").exists()
    assert ReviewItem.objects.filter(partnership=demo["other"], record_type="meeting").exists()


def test_the_case_review_group_sees_only_case_records_in_the_queue(demo, as_role):
    home = demo["home"]
    services.build_queue(dt.date(2060, 1, 1))
    page = as_role(m.CASE_REVIEW).get(reverse("retention:queue", args=[home.slug]))
    body = page.content.decode()
    assert "Serious incidents" in body and "Actions and their updates: record" not in body
    action_item = ReviewItem.objects.filter(partnership=home, record_type="action").first()
    decide = reverse("retention:decide", args=[home.slug, action_item.pk])
    assert as_role(m.CASE_REVIEW).post(decide, {"action": "delete"}).status_code == 404
    assert as_role(m.MEMBER).post(decide, {"action": "delete"}).status_code == 403
    assert Action.objects.filter(pk=action_item.record_id).exists()
    response = as_role(m.BM).post(decide, {"action": "delete"})
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action_item.record_id).exists()
    assert Disposal.objects.filter(record_type="action", record_id=action_item.record_id).exists()


def test_the_monthly_task_is_scheduled(settings):
    entry = settings.SCHEDULED_TASKS["retention_queue"]
    assert entry == {
        "task": "retention.tasks.build_review_queue",
        "every": "monthly",
        "at": "05:30",
    }
