"""Keeping the search index in step with the records.

Each ``index_*`` function writes (or removes) the SearchEntry rows for one record.
Signals in ``scrutiny.signals`` call them on every save and delete; the
``rebuild_search_index`` command calls ``rebuild`` for a whole partnership or all.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnership import versions
from partnership.models import Partnership
from scrutiny.models import RecordType, SearchEntry
from scrutiny.search.highlight import clean_text
from subgroups.models import Action, AgendaItem, Confidentiality, Decision, Meeting

CONFIRMED = Meeting.MinutesStatus.CONFIRMED


def _vector():
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
        + SearchVector("context", weight="C", config="english")
    )


def _store(record_type: str, object_id: int, **fields) -> SearchEntry:
    fields["title"] = clean_text(fields["title"])[:300]
    fields["context"] = clean_text(fields.get("context", ""))[:300]
    fields["body"] = clean_text(fields.get("body", ""))
    entry, _ = SearchEntry.objects.update_or_create(
        record_type=record_type, object_id=object_id, defaults=fields
    )
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(search_vector=_vector())
    return entry


def remove(record_type: str, object_ids) -> None:
    entries = SearchEntry.objects.filter(record_type=record_type, object_id__in=list(object_ids))
    owners = set(entries.values_list("partnership_id", flat=True))
    entries.delete()
    for partnership_id in owners:
        versions.bump(partnership_id)


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _meeting_facts(meeting: Meeting) -> dict:
    return {
        "partnership_id": meeting.subgroup.partnership_id,
        "subgroup_id": meeting.subgroup_id,
        "date": timezone.localtime(meeting.starts_at).date(),
        "minutes_status": meeting.minutes_status,
        "context": f"{meeting.subgroup.name}, meeting of "
        f"{_long_date(timezone.localtime(meeting.starts_at).date())}",
    }


def _item_url(meeting: Meeting, item: AgendaItem) -> str:
    url = reverse("subgroups:meeting_detail", args=[meeting.subgroup.partnership.slug, meeting.pk])
    return f"{url}#item-{item.pk}"


def _cancelled(meeting: Meeting) -> bool:
    # A cancelled meeting's minutes are shown to nobody (the meeting page says so).
    return meeting.status == Meeting.Status.CANCELLED


def index_item(item: AgendaItem, meeting: Meeting | None = None) -> None:
    meeting = meeting or item.meeting
    if _cancelled(meeting):
        remove(RecordType.ITEM, [item.pk])
        return
    _store(
        RecordType.ITEM,
        item.pk,
        confidentiality=item.confidentiality,
        title=item.title,
        body=item.minutes,
        url=_item_url(meeting, item),
        **_meeting_facts(meeting),
    )


def index_decision(decision: Decision, item: AgendaItem | None = None) -> None:
    item = item or decision.item
    meeting = item.meeting
    if _cancelled(meeting):
        remove(RecordType.DECISION, [decision.pk])
        return
    _store(
        RecordType.DECISION,
        decision.pk,
        confidentiality=item.confidentiality,
        title=f"Decision on {item.title}",
        body=decision.text,
        url=_item_url(meeting, item),
        **_meeting_facts(meeting),
    )


def index_action(action: Action) -> None:
    if action.item_id:
        item = action.item
        facts = _meeting_facts(item.meeting)
        facts["confidentiality"] = item.confidentiality
    else:
        # Raised outside a meeting: a partnership-level record, except in a case-review
        # group, whose own actions only its members see (see scrutiny.visibility).
        case_review = action.subgroup_id and action.subgroup.handles_case_reviews
        facts = {
            "partnership_id": action.partnership_id,
            "subgroup_id": action.subgroup_id,
            "date": action.created_on,
            "minutes_status": CONFIRMED,
            "confidentiality": (
                Confidentiality.RESTRICTED if case_review else Confidentiality.PARTNERSHIP
            ),
            "context": action.subgroup.name if action.subgroup_id else "",
        }
    summary = " ".join(action.description.split())
    _store(
        RecordType.ACTION,
        action.pk,
        title=summary if len(summary) <= 120 else summary[:117].rsplit(" ", 1)[0] + "…",
        body=f"{action.description.rstrip('. ')}. {action.get_status_display()}, "
        f"due {_long_date(action.due_on)}.",
        url=reverse("subgroups:action_detail", args=[action.partnership.slug, action.pk]),
        **facts,
    )


def index_meeting(meeting: Meeting) -> None:
    """Re-index everything under a meeting: its status decides who reads its items."""
    items = list(
        meeting.items.select_related("meeting__subgroup__partnership").prefetch_related(
            "decisions", "actions__partnership", "actions__item"
        )
    )
    for item in items:
        index_item(item, meeting)
        for decision in item.decisions.all():
            index_decision(decision, item)
        for action in item.actions.all():
            index_action(action)


def index_published_report(published) -> None:
    from scrutiny.published import report_text

    _store(
        RecordType.REPORT,
        published.pk,
        partnership_id=published.partnership_id,
        subgroup_id=None,
        date=published.published_on,
        confidentiality=Confidentiality.PUBLIC,
        minutes_status=CONFIRMED,
        title=str(published.title),
        context=f"Published report, {published.period_start:%B %Y} to {published.period_end:%B %Y}",
        body=report_text(published),
        url=published.get_absolute_url(),
    )


def refresh(found: dict[type, set[int]]) -> None:
    """Write again, from what the database now holds, the entries of these records (by
    model, their ids) and of the meetings they belong to; drop those of records now gone.

    For changes made without saving each record (a retention disposal's updates and
    deletes), at the cost of the records touched rather than a whole rebuild."""
    from scrutiny.published import published_model

    published = published_model()
    kinds = (
        (RecordType.ITEM, AgendaItem),
        (RecordType.DECISION, Decision),
        (RecordType.ACTION, Action),
        (RecordType.REPORT, published),
    )
    for record_type, model in kinds:
        ids = found.get(model, set())
        if ids:
            left = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
            remove(record_type, ids - left)
    meeting_ids = set(found.get(Meeting, set()))
    for model, path in ((AgendaItem, "meeting_id"), (Decision, "item__meeting_id")):
        meeting_ids |= set(
            model.objects.filter(pk__in=found.get(model, set())).values_list(path, flat=True)
        )
    actions = Action.objects.filter(pk__in=found.get(Action, set()))
    meeting_ids |= set(
        actions.filter(item__isnull=False).values_list("item__meeting_id", flat=True)
    )
    for meeting in Meeting.objects.filter(pk__in=meeting_ids).select_related(
        "subgroup__partnership"
    ):
        index_meeting(meeting)
    for action in actions.filter(item__isnull=True).select_related("partnership", "subgroup"):
        index_action(action)
    for report in published.objects.filter(pk__in=found.get(published, set())):
        index_published_report(report)


def rebuild(partnership: Partnership | None = None) -> int:
    """Rebuild the index from the records; returns the number of entries written."""
    from scrutiny.published import published_model

    entries = SearchEntry.objects.all()
    meetings = Meeting.objects.select_related("subgroup__partnership")
    actions = Action.objects.filter(item__isnull=True).select_related("partnership", "subgroup")
    reports = published_model().objects.select_related("partnership")
    if partnership is not None:
        entries = entries.filter(partnership=partnership)
        meetings = meetings.for_partnership(partnership)
        actions = actions.for_partnership(partnership)
        reports = reports.filter(partnership=partnership)
    # Papers keep their entries: the papers app writes them from each version's text,
    # read once (papers.search), and keeps them in step itself.
    entries.exclude(record_type=RecordType.PAPER).delete()
    for meeting in meetings:
        index_meeting(meeting)
    for action in actions:
        index_action(action)
    for published in reports:
        index_published_report(published)
    remaining = SearchEntry.objects.all()
    if partnership is not None:
        remaining = remaining.filter(partnership=partnership)
        versions.bump(partnership)
    else:
        versions.bump_all()
    return remaining.count()
