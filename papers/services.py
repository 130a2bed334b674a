"""Writes that span the agenda, its items, papers and files.

A paper's file is written to storage before its row, and deleted again if the row cannot
be saved, so a failed upload leaves neither; a file orphaned by a process killed between
the two is swept by ``papers.tasks.remove_orphan_files``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from notifications.email import absolute_url, send_email
from papers.models import (
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_STANDING_ITEMS,
    Agenda,
    AgendaChange,
    AgendaSettings,
    ItemPlan,
    Paper,
    PaperVersion,
    StandingItem,
    papers_storage,
    version_path,
)
from partnership.access import access_for
from partnership.models import Role
from reviews.workingdays import subtract_working_days
from subgroups.models import AgendaItem, Confidentiality, Meeting, SubGroup


# --- the sub-group's standing items and deadline -------------------------------------
def standing_items(subgroup: SubGroup) -> list[tuple[str, int, bool]]:
    """(title, minutes, closing) for each standing item: the sub-group's, or the defaults."""
    rows = list(subgroup.standing_items.all())
    if rows or AgendaSettings.objects.filter(subgroup=subgroup).exists():
        return [(r.title, r.minutes_allowed, r.closing) for r in rows]
    return list(DEFAULT_STANDING_ITEMS)


def deadline_days(subgroup: SubGroup) -> int:
    found = AgendaSettings.objects.filter(subgroup=subgroup).values_list(
        "papers_deadline_days", flat=True
    )
    return next(iter(found), DEFAULT_DEADLINE_DAYS)


@transaction.atomic
def save_agenda_settings(
    *, subgroup: SubGroup, deadline: int, items: list[tuple[str, int, bool]]
) -> None:
    AgendaSettings.objects.update_or_create(
        subgroup=subgroup, defaults={"papers_deadline_days": deadline}
    )
    subgroup.standing_items.all().delete()
    StandingItem.objects.bulk_create(
        StandingItem(subgroup=subgroup, order=n, title=t, minutes_allowed=m, closing=c)
        for n, (t, m, c) in enumerate(items, start=1)
    )


def papers_deadline(meeting: Meeting) -> dt.date:
    day = timezone.localtime(meeting.starts_at).date()
    return subtract_working_days(day, deadline_days(meeting.subgroup))


# --- the agenda ------------------------------------------------------------------------
@transaction.atomic
def start_agenda(*, meeting: Meeting) -> Agenda:
    """The meeting's agenda, begun from the standing items when it has no items yet."""
    meeting.check_editable()
    agenda, created = Agenda.objects.get_or_create(
        meeting=meeting, defaults={"papers_deadline": papers_deadline(meeting)}
    )
    if created and not meeting.items.exists():
        for order, (title, minutes, closing) in enumerate(standing_items(meeting.subgroup), 1):
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                title=title,
                confidentiality=Confidentiality.PUBLIC,
            )
            ItemPlan.objects.create(
                item=item, minutes_allowed=minutes, standing=True, closing=closing
            )
    queue_packs(agenda)
    return agenda


@transaction.atomic
def add_item(
    *,
    meeting: Meeting,
    title: str,
    presenter,
    confidentiality: str,
    minutes_allowed: int | None,
) -> AgendaItem:
    """A new item, placed before the closing standing items (any other business)."""
    meeting.check_editable()
    items = list(meeting.items.select_related("plan").order_by("order"))
    closing = [i for i in items if _is_closing(i)]
    kept = [i for i in items if not _is_closing(i)]
    top = max((i.order for i in items), default=0)
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=top + len(items) + 1,
        title=title,
        presenter=presenter,
        confidentiality=confidentiality,
    )
    ItemPlan.objects.create(item=item, minutes_allowed=minutes_allowed)
    _renumber([*kept, item, *closing], above=top + len(items) + 1)
    return item


def _is_closing(item: AgendaItem) -> bool:
    try:
        return item.plan.closing
    except ItemPlan.DoesNotExist:
        return False


def _renumber(items: list[AgendaItem], *, above: int) -> None:
    """Orders 1, 2, 3… in this sequence, moving each out of the way first (the order is
    unique within a meeting)."""
    moved = [i for n, i in enumerate(items, start=1) if i.order != n]
    for n, item in enumerate(moved, start=1):
        item.order = above + n
        item.save(update_fields=["order"])
    for n, item in enumerate(items, start=1):
        if item.order != n:
            item.order = n
            item.save(update_fields=["order"])


@transaction.atomic
def set_timing(*, item: AgendaItem, minutes_allowed: int | None) -> None:
    item.meeting.check_editable()
    ItemPlan.objects.update_or_create(item=item, defaults={"minutes_allowed": minutes_allowed})


@transaction.atomic
def publish_agenda(*, agenda: Agenda, by) -> int:
    """Publish, and tell each member of the sub-group by email; returns how many were told."""
    agenda.meeting.check_editable()
    agenda.publish(by=by)
    from papers.search import index_agenda

    index_agenda(agenda)
    queue_packs(agenda)
    return notify_published(agenda)


def notify_published(agenda: Agenda) -> int:
    meeting = agenda.meeting
    subgroup = meeting.subgroup
    partnership = subgroup.partnership
    day = timezone.localtime(meeting.starts_at).date()
    roles = (
        Role.objects.current()
        .filter(subgroup=subgroup, kind__in=Role.SUBGROUP_KINDS)
        .select_related("person__user")
        .order_by("person__name")
    )
    items = list(meeting.items.order_by("order"))
    seen, sent = set(), 0
    for role in roles:
        person = role.person
        address = person.email or (person.user.email if person.user_id else "")
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        access = access_for(person.user, partnership) if person.user_id else None
        # Without a sign-in account the member cannot open the links; they still learn
        # that the agenda is out, and nothing above a partnership-wide title.
        levels = (
            access.confidentiality_levels(subgroup.pk)
            if access
            else {Confidentiality.PUBLIC.value, Confidentiality.PARTNERSHIP.value}
        )
        send_email(
            to=address,
            kind="agenda_published",
            subject=f"Agenda published: {subgroup.name}, {day:%-d %B %Y}",
            template="agenda_published",
            context={
                "person": person,
                "meeting": meeting,
                "subgroup": subgroup,
                "day": day,
                "deadline": agenda.papers_deadline,
                "items": [
                    (i.order, i.title if i.confidentiality in levels else None) for i in items
                ],
                "agenda_url": absolute_url(agenda_url(agenda)),
                "pack_url": absolute_url(pack_url(agenda)),
            },
            partnership=partnership,
            user=person.user if person.user_id else None,
        )
        sent += 1
    return sent


def agenda_url(agenda: Agenda) -> str:
    from django.urls import reverse

    m = agenda.meeting
    return reverse("papers:agenda_detail", args=[m.subgroup.partnership.slug, m.pk])


def pack_url(agenda: Agenda) -> str:
    from django.urls import reverse

    m = agenda.meeting
    return reverse("papers:pack_download", args=[m.subgroup.partnership.slug, m.pk])


def record_change(
    agenda: Agenda, *, kind: str, description: str, item: AgendaItem | None, level: str
) -> AgendaChange | None:
    """Marks a change after publication; before it, the agenda is still a draft."""
    if not agenda.is_published:
        return None
    return AgendaChange.objects.create(
        agenda=agenda, kind=kind, item=item, description=description[:300], confidentiality=level
    )


def queue_packs(agenda: Agenda) -> None:
    def enqueue():
        from papers.tasks import build_packs

        build_packs.enqueue(agenda.pk)

    transaction.on_commit(enqueue)


# --- papers and their files ------------------------------------------------------------
def max_upload_bytes() -> int:
    return settings.PAPERS_MAX_UPLOAD_MB * 1024 * 1024


def _digest(upload) -> str:
    h = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        h.update(chunk)
    upload.seek(0)
    return h.hexdigest()


def _store_version(*, paper: Paper, upload, checked, filename: str, by) -> PaperVersion:
    storage = papers_storage()
    digest = _digest(upload)
    name = storage.save(version_path(None, filename), upload)
    try:
        with transaction.atomic():
            number = (paper.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            version = PaperVersion.objects.create(
                paper=paper,
                number=number,
                file=name,
                filename=filename,
                kind=checked.kind,
                size=upload.size,
                sha256=digest,
                page_count=checked.page_count,
                uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except BaseException:
        storage.delete(name)
        raise

    def after_commit():
        from papers.tasks import extract_text

        extract_text.enqueue(version.pk)

    transaction.on_commit(after_commit)
    return version


def _agenda_of(item: AgendaItem) -> Agenda | None:
    return Agenda.objects.filter(meeting_id=item.meeting_id).select_related("meeting").first()


def add_paper(
    *, item: AgendaItem, title: str, confidentiality: str, upload, checked, filename: str, by
) -> Paper:
    item.meeting.check_editable()
    with transaction.atomic():
        order = (item.papers.aggregate(top=Max("order"))["top"] or 0) + 1
        paper = Paper(item=item, order=order, title=title, confidentiality=confidentiality)
        paper.full_clean()
        paper.save()
        _store_version(paper=paper, upload=upload, checked=checked, filename=filename, by=by)
        agenda = _agenda_of(item)
        if agenda:
            record_change(
                agenda,
                kind=AgendaChange.Kind.LATE_PAPER,
                description=f"Paper added to item {item.order}: {title}",
                item=item,
                level=paper.confidentiality,
            )
            queue_packs(agenda)
    return paper


def replace_paper(*, paper: Paper, upload, checked, filename: str, by) -> PaperVersion:
    item = paper.item
    item.meeting.check_editable()
    with transaction.atomic():
        version = _store_version(
            paper=paper, upload=upload, checked=checked, filename=filename, by=by
        )
        agenda = _agenda_of(item)
        if agenda:
            record_change(
                agenda,
                kind=AgendaChange.Kind.LATE_PAPER,
                description=f"New version of a paper for item {item.order}: {paper.title}",
                item=item,
                level=paper.confidentiality,
            )
            queue_packs(agenda)
    return version


def check_declaration_allowed(item: AgendaItem) -> None:
    if item.meeting.is_locked:
        raise ValidationError("These minutes are confirmed and locked; they cannot be edited.")
