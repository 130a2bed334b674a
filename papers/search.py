"""Papers in the search index: one entry per paper, holding its current version's text.

A paper is indexed once its agenda is published, with the facts ``scrutiny.visibility``
filters on: the paper's level (never below its item's) and "confirmed" for a published
agenda, so readers outside the sub-group find exactly the papers the agenda page shows
them; councillors, public papers only.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from papers.models import Agenda, Paper, PaperVersion
from partnership import versions
from scrutiny.models import RecordType
from scrutiny.search.index import _store, remove
from subgroups.models import Meeting


def index_paper(paper: Paper) -> None:
    item = paper.item
    meeting = item.meeting
    agenda = Agenda.objects.filter(meeting=meeting).first()
    current = paper.versions.order_by("-number").first()
    if (
        agenda is None
        or not agenda.is_published
        or meeting.status == Meeting.Status.CANCELLED
        or current is None
    ):
        remove(RecordType.PAPER, [paper.pk])
        return
    partnership = meeting.subgroup.partnership
    day = timezone.localtime(meeting.starts_at).date()
    _store(
        RecordType.PAPER,
        paper.pk,
        partnership_id=partnership.pk,
        subgroup_id=meeting.subgroup_id,
        date=day,
        minutes_status=Meeting.MinutesStatus.CONFIRMED,
        confidentiality=paper.confidentiality,
        title=paper.title,
        context=f"Paper for item {item.order}, {meeting.subgroup.name}, "
        f"meeting of {day.day} {day:%B %Y}",
        body=current.text,
        url=reverse("papers:paper_download", args=[partnership.slug, current.pk]),
    )
    versions.bump(partnership.pk)


def index_version(version: PaperVersion) -> None:
    index_paper(version.paper)


def index_agenda(agenda: Agenda) -> None:
    for paper in Paper.objects.filter(item__meeting_id=agenda.meeting_id).select_related(
        "item__meeting__subgroup__partnership"
    ):
        index_paper(paper)
