"""Building the monthly review queue and carrying out each decision: delete, anonymise
or hold. Every disposal writes a ``Disposal`` row (no content) in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from partnership import versions
from partnership.models import Partnership
from partnership.scoping import for_partnership
from retention.models import Disposal, RetentionPeriod, ReviewItem
from retention.schedule import ANONYMISE, BY_KEY, DELETE, SCHEDULE, RecordType
from reviews.shared_text import _is_text

REMOVED = "Removed under the retention schedule"
# Labels earlier reports print (titles, names, the case's pseudonym and number): kept.
KEPT_FIELDS = {
    "title",
    "name",
    "short_name",
    "case_number",
    "pseudonym",
    "number",
    "key",
    "section_key",
    "section_title",
    "code",
    "label",
    "report_title",
    "council",
    "committee",
}


def years_for(partnership: Partnership, rule: RecordType) -> int:
    longer = (
        RetentionPeriod.objects.filter(partnership=partnership, record_type=rule.key)
        .values_list("years", flat=True)
        .first()
    )
    return max(rule.years, longer or 0)


def _cutoff(rule: RecordType, today: dt.date, years: int):
    day = rule.due_on(today, -years)
    field = rule.model_class()._meta.get_field(rule.runs_from)
    if isinstance(field, models.DateTimeField):
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return day + dt.timedelta(days=1)


def due_records(partnership: Partnership, rule: RecordType, today: dt.date) -> models.QuerySet:
    """The partnership's records of this type past their date on ``today``."""
    years = years_for(partnership, rule)
    records = for_partnership(rule.model_class(), partnership).filter(
        **{f"{rule.runs_from}__lt": _cutoff(rule, today, years)}
    )
    if rule.keep_if:
        records = records.exclude(**rule.keep_if)
    return records


@transaction.atomic
def build_queue(today: dt.date | None = None) -> int:
    """Add every record past its date to its partnership's queue; holds whose review date
    has come wait again. Returns how many items are now waiting. Safe to run twice."""
    today = today or timezone.localdate()
    ReviewItem.objects.filter(status=ReviewItem.Status.HELD, hold_until__lte=today).update(
        status=ReviewItem.Status.WAITING
    )
    for partnership in Partnership.objects.all():
        for rule in SCHEDULE:
            queued = set(
                ReviewItem.objects.filter(
                    partnership=partnership, record_type=rule.key
                ).values_list("record_id", flat=True)
            )
            years = years_for(partnership, rule)
            new = [
                ReviewItem(
                    partnership=partnership,
                    record_type=rule.key,
                    record_id=pk,
                    due_on=rule.due_on(start, years),
                    found_on=today,
                )
                for pk, start in due_records(partnership, rule, today).values_list(
                    "pk", rule.runs_from
                )
                if pk not in queued
            ]
            ReviewItem.objects.bulk_create(new)
    return ReviewItem.objects.waiting().count()


def record_of(item: ReviewItem):
    return (
        for_partnership(item.rule.model_class(), item.partnership).filter(pk=item.record_id).first()
    )


def _collected(record) -> dict[type[models.Model], set[int]]:
    """The record and every row deleting it would remove with it."""
    # The admin's collector: a protected link (a later meeting confirming these minutes)
    # is noted rather than raised, since anonymising deletes nothing it points at.
    collector = NestedObjects(using=router.db_for_write(type(record)))
    collector.collect([record])
    found: dict[type[models.Model], set[int]] = defaultdict(set)
    for model, instances in collector.data.items():
        found[model] |= {o.pk for o in instances}
    for queryset in collector.fast_deletes:
        found[queryset.model] |= set(queryset.values_list("pk", flat=True))
    return found


def _history_rows(model) -> models.QuerySet | None:
    history = getattr(model, "history", None)
    return history.model.objects if history is not None and hasattr(history, "model") else None


def _cleared(model) -> dict:
    values = {}
    for field in model._meta.concrete_fields:
        if _is_text(field) and field.name not in KEPT_FIELDS:
            values[field.name] = "" if field.blank else REMOVED[: field.max_length or None]
    return values


def _anonymise(collected: dict[type[models.Model], set[int]]) -> int:
    from reviews.models import IdentifyingDetails

    rows = 0
    for model, pks in collected.items():
        history = _history_rows(model)
        if model is IdentifyingDetails:
            model.objects.filter(pk__in=pks).delete()
            if history is not None:
                history.filter(id__in=pks).delete()
        else:
            values = _cleared(model)
            if values:
                model.objects.filter(pk__in=pks).update(**values)
                if history is not None:
                    history.filter(id__in=pks).update(**values)
        rows += len(pks)
    return rows


def _delete(record, collected: dict[type[models.Model], set[int]]) -> int:
    try:
        type(record).objects.filter(pk=record.pk).delete()
    except (ProtectedError, RestrictedError) as error:
        kinds = sorted({o._meta.verbose_name for o in error.args[1]})
        raise ValidationError(
            f"This record is still needed by other records ({', '.join(kinds)}), so it "
            "cannot be deleted. Anonymise it or hold it instead."
        ) from None
    for model, pks in collected.items():
        history = _history_rows(model)
        if history is not None:
            history.filter(id__in=pks).delete()
    return sum(len(pks) for pks in collected.values())


@transaction.atomic
def dispose(item: ReviewItem, *, action: str, by) -> Disposal:
    """Delete or anonymise the item's record (and what depends on it), and say so."""
    if item.status == ReviewItem.Status.DISPOSED:
        raise ValidationError("This record has already been disposed of.")
    if action not in (DELETE, ANONYMISE):
        raise ValidationError({"action": "Choose delete, anonymise or hold."})
    rule = item.rule
    record = record_of(item)
    rows = 0
    collected = _collected(record) if record is not None else {}
    if record is not None:
        rows = _delete(record, collected) if action == DELETE else _anonymise(collected)
    disposal = Disposal.objects.create(
        partnership=item.partnership,
        record_type=item.record_type,
        record_id=item.record_id,
        action=Disposal.Action.DELETED if action == DELETE else Disposal.Action.ANONYMISED,
        rule=f"{rule.label}: {years_for(item.partnership, rule)} years from {rule.runs_from}"[:200],
        rows=rows,
        by=by,
        by_username=getattr(by, "username", "") or "",
    )
    item.status = ReviewItem.Status.DISPOSED
    item.decided_by = by
    item.save()
    _refresh_copies(item.partnership, collected)
    return disposal


def _refresh_copies(partnership: Partnership, collected) -> None:
    """Cached pages and the search index held the removed text: the pages start again, and
    the index entries of what was removed or anonymised are written again or dropped."""
    from scrutiny.search.index import refresh

    refresh(collected)
    versions.bump(partnership)


@transaction.atomic
def hold(item: ReviewItem, *, reason: str, until: dt.date, by, today: dt.date | None = None):
    if not reason.strip():
        raise ValidationError({"hold_reason": "Enter why the record is kept longer."})
    if until <= (today or timezone.localdate()):
        raise ValidationError({"hold_until": "The review date must be in the future."})
    item.status = ReviewItem.Status.HELD
    item.hold_reason = reason
    item.hold_until = until
    item.decided_by = by
    item.save()


def default_disposal(item: ReviewItem) -> str:
    return BY_KEY[item.record_type].disposal
