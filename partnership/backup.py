"""Back up one partnership's records to JSON and restore them into an empty database.

The dump holds every row that belongs to the partnership (found from each model's
foreign keys, see ``partnership.scoping``), the audit history of those rows, and the
sign-in accounts they refer to. It does not hold sessions, sign-in attempt logs or
authenticator apps: after a restore, people sign in with their passwords and set up
their authenticator app again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Q

from partnership import versions
from partnership.models import Partnership, RecordsVersion
from partnership.scoping import domain_models, for_partnership


class RestoreError(Exception):
    pass


def partnership_models() -> list[type[models.Model]]:
    """Every model with rows that belong to a partnership, in load order.

    Not the records token (``RecordsVersion``): it names what is cached, not a record, and
    a restored partnership gets a new one as its rows are saved.
    """
    return [
        m for m in domain_models(include_history=True) if _has_path(m) and m is not RecordsVersion
    ]


def _has_path(model) -> bool:
    from partnership.scoping import partnership_path

    return partnership_path(model) is not None


def unscoped_models() -> list[type[models.Model]]:
    """Domain models whose rows cannot be tied to a partnership (the backup skips them)."""
    user = get_user_model()
    return [
        m
        for m in domain_models(include_history=True)
        if not _has_path(m) and m is not user and not m.__name__.startswith("HistoricalUser")
    ]


def collect(partnership: Partnership) -> list[models.Model]:
    """The partnership's rows, users first, then each model in app order, rows by key."""
    rows: list[models.Model] = []
    user_ids: set[int] = set()
    user_model = get_user_model()
    for model in partnership_models():
        found = list(for_partnership(model, partnership).order_by("pk"))
        user_fields = [
            f
            for f in model._meta.concrete_fields
            if (f.many_to_one or f.one_to_one) and f.related_model is user_model
        ]
        for row in found:
            user_ids.update(getattr(row, f.attname) for f in user_fields)
        rows.extend(found)
    user_ids.discard(None)
    users = list(user_model._default_manager.filter(pk__in=user_ids).order_by("pk"))
    return users + rows


def dump(partnership: Partnership, stream) -> Counter:
    rows = collect(partnership)
    serializers.serialize(
        "json",
        rows,
        stream=stream,
        indent=1,
        use_natural_foreign_keys=False,
        use_natural_primary_keys=False,
    )
    return Counter(row._meta.label for row in rows)


def content_checksum(text: str) -> tuple[Counter, str]:
    """Record counts per model and a SHA-256 of the records in a dump, order-independent."""
    records = json.loads(text)
    canonical = sorted(
        json.dumps([r["model"], r["pk"], _canonical(r)], sort_keys=True, ensure_ascii=False)
        for r in records
    )
    digest = hashlib.sha256("\n".join(canonical).encode("utf-8")).hexdigest()
    return Counter(r["model"] for r in records), digest


def _canonical(record: dict) -> dict:
    """The fields of a dumped record, many-to-many links sorted (the database keeps no order)."""
    links = {f.name for f in apps.get_model(record["model"])._meta.many_to_many}
    return {
        k: sorted(v) if k in links else _whole_milliseconds(v) for k, v in record["fields"].items()
    }


_MILLIS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)?$")


def _whole_milliseconds(value):
    """Django's JSON keeps times to the millisecond: "12:00:00.000Z" and "12:00:00Z" match."""
    return _MILLIS.sub(r"\1\2", value) if isinstance(value, str) else value


def restore(text: str) -> Counter:
    """Load a dump into a database that does not hold the partnership (or its rows) yet."""
    records = json.loads(text)
    slugs = [r["fields"]["slug"] for r in records if r["model"] == "partnership.partnership"]
    if len(slugs) != 1:
        raise RestoreError("This file does not hold exactly one partnership.")
    if Partnership.objects.filter(slug=slugs[0]).exists():
        raise RestoreError(f"The partnership {slugs[0]!r} is already in this database.")
    _refuse_clashes(records)
    counts: Counter = Counter()
    touched: set[type[models.Model]] = set()
    links: list[models.Model] = []
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("json", text, handle_forward_references=True):
                # Saved raw, without signals for many-to-many links: the audit history
                # would otherwise record the restore itself as a change.
                links.extend(_m2m_rows(obj))  # before save(), which forgets the links
                obj.save(save_m2m=False)
                counts[obj.object._meta.label] += 1
                touched.add(type(obj.object))
            for through in {type(link) for link in links}:
                through.objects.bulk_create([link for link in links if type(link) is through])
                touched.add(through)
        connection.check_constraints(table_names=[m._meta.db_table for m in touched])
        _reset_sequences(touched)
        # Dumps made before decisions carried their meeting's start and partnership leave
        # them blank.
        decisions = apps.get_model("subgroups", "Decision").objects
        decisions.filter(
            Q(meeting_starts_at__isnull=True) | Q(partnership__isnull=True)
        ).fill_from_meetings()
        # Many-to-many links went in with bulk_create, which sends no signals.
        versions.bump(Partnership.objects.get(slug=slugs[0]))
    return counts


def _m2m_rows(deserialized) -> list[models.Model]:
    """Rows of the automatic link tables for a deserialized object's many-to-many fields."""
    rows = []
    instance = deserialized.object
    for name, targets in (deserialized.m2m_data or {}).items():
        field = instance._meta.get_field(name)
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue  # an explicit link model is dumped and restored as its own rows
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows.extend(through(**{f"{source}_id": instance.pk, f"{target}_id": pk}) for pk in targets)
    return rows


def _refuse_clashes(records: Iterable[dict]) -> None:
    by_model: dict[str, list] = {}
    for r in records:
        by_model.setdefault(r["model"], []).append(r["pk"])
    for label, pks in by_model.items():
        model = apps.get_model(label)
        clash = model._default_manager.filter(pk__in=pks).values_list("pk", flat=True)[:3]
        if clash:
            raise RestoreError(
                f"The database already holds {model._meta.verbose_name_plural} with the same "
                f"keys ({', '.join(map(str, clash))}). Restore into an empty database."
            )


def _reset_sequences(touched: set[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(touched))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
