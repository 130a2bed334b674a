"""Changes to agenda items made anywhere (the minutes pages included) reach the agenda:
after publication they are marked as an amended agenda, a raised confidentiality raises
the item's papers with it, and the packs are rebuilt."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from papers.models import Agenda, AgendaChange, Paper, level_rank, levels_up_to
from subgroups.models import AgendaItem, Meeting

WATCHED = ("title", "presenter_id", "confidentiality")


@receiver(pre_save, sender=AgendaItem)
def remember_item(sender, instance: AgendaItem, **kwargs) -> None:
    before = (
        AgendaItem.objects.filter(pk=instance.pk).values(*WATCHED).first() if instance.pk else None
    )
    instance._papers_before = before


def _agenda(item: AgendaItem) -> Agenda | None:
    return Agenda.objects.filter(meeting_id=item.meeting_id).select_related("meeting").first()


def _before_meeting_ends(agenda: Agenda) -> bool:
    # Afterwards the same rows carry the minutes: writing them is not amending the agenda.
    return timezone.now() < agenda.meeting.ends_at


@receiver(post_save, sender=AgendaItem)
def item_saved(sender, instance: AgendaItem, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    from papers.services import queue_packs, record_change

    before = getattr(instance, "_papers_before", None)
    changed = [f for f in WATCHED if before is not None and before[f] != getattr(instance, f)]
    if "confidentiality" in changed and level_rank(instance.confidentiality) > level_rank(
        before["confidentiality"]
    ):
        below = levels_up_to(instance.confidentiality) - {instance.confidentiality}
        for paper in Paper.objects.filter(item=instance, confidentiality__in=below):
            paper.confidentiality = instance.confidentiality
            paper.save(update_fields=["confidentiality"])
    if not (created or changed):
        return
    agenda = _agenda(instance)
    if agenda is None:
        return
    if _before_meeting_ends(agenda):
        what = "Item added" if created else "Item changed"
        record_change(
            agenda,
            kind=AgendaChange.Kind.AMENDED,
            description=f"{what}: {instance.order}. {instance.title}",
            item=instance,
            level=instance.confidentiality,
        )
    queue_packs(agenda)


@receiver(post_delete, sender=AgendaItem)
def item_deleted(sender, instance: AgendaItem, **kwargs) -> None:
    from papers.services import queue_packs, record_change

    agenda = _agenda(instance)
    if agenda is None:
        return
    if _before_meeting_ends(agenda):
        record_change(
            agenda,
            kind=AgendaChange.Kind.AMENDED,
            description=f"Item removed: {instance.title}",
            item=None,
            level=instance.confidentiality,
        )
    queue_packs(agenda)


# --- the search index -----------------------------------------------------------------
@receiver(post_save, sender=Paper)
def paper_saved(sender, instance: Paper, raw=False, **kwargs) -> None:
    if not raw:
        from papers.search import index_paper

        index_paper(instance)


@receiver(post_delete, sender=Paper)
def paper_deleted(sender, instance: Paper, **kwargs) -> None:
    from scrutiny.models import RecordType
    from scrutiny.search.index import remove

    remove(RecordType.PAPER, [instance.pk])


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance: Meeting, raw=False, **kwargs) -> None:
    """A cancelled meeting's papers leave the index; its date moves their entries."""
    if raw:
        return
    agenda = Agenda.objects.filter(meeting=instance).first()
    if agenda is not None:
        from papers.search import index_agenda

        index_agenda(agenda)
