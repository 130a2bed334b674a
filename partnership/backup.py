"""Back up one partnership's records to JSON and restore them into an empty database.

The dump holds every row that belongs to the partnership (found from each model's
foreign keys, see ``partnership.scoping``), the audit history of those rows, and the
sign-in accounts they refer to. It does not hold sessions, sign-in attempt logs or
authenticator apps: after a restore, people sign in with their passwords and set up
their authenticator app again.

The stored files the records name (papers, their PDF copies and the agenda packs) are not
in the JSON. ``dump_files`` copies them into a folder beside it, with a manifest of their
SHA-256; ``restore(text, files=folder)`` checks every one against the manifest before any
row is written, and puts them back in storage under the names the records give.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage
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


# --- stored files ----------------------------------------------------------------------
MANIFEST = "files.json"


def stored_files(text: str) -> dict[str, Storage]:
    """Every stored file the records of a dump name, with the storage that holds it.

    Audit-history rows are left out: they name the files of their own time, which the
    current rows name too unless the file was since disposed of."""
    found: dict[str, Storage] = {}
    for record in json.loads(text):
        model = apps.get_model(record["model"])
        if model._meta.model_name.startswith("historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and record["fields"].get(field.name):
                found[record["fields"][field.name]] = field.storage
    return found


def dump_files(text: str, folder: Path) -> tuple[int, list[str]]:
    """Copy the files a dump's records name into ``folder``, with a manifest of their
    SHA-256: how many were copied, and the names storage no longer holds."""
    copied: dict[str, str] = {}
    missing: list[str] = []
    for name, storage in sorted(stored_files(text).items()):
        if not storage.exists(name):
            missing.append(name)
            continue
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with storage.open(name, "rb") as source, target.open("wb") as out:
            for chunk in iter(lambda: source.read(1 << 16), b""):
                digest.update(chunk)
                out.write(chunk)
        copied[name] = digest.hexdigest()
    manifest = {"files": copied, "missing": missing}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return len(copied), missing


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _checked_files(text: str, folder: Path) -> list[tuple[str, Storage, Path]]:
    """The files to put back, each checked against the folder's manifest: refused when the
    manifest or a file is missing, a file's content has changed, or a name would leave the
    storage's own folder."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise RestoreError(f"The folder {folder} has no {MANIFEST}: it is not a backup's files.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed, missing = manifest.get("files", {}), set(manifest.get("missing", []))
    checked = []
    for name, storage in sorted(stored_files(text).items()):
        parts = PurePosixPath(name).parts
        if PurePosixPath(name).is_absolute() or ".." in parts:
            raise RestoreError(f"The backup names a file outside the papers' storage: {name}")
        if name in missing:
            continue  # already gone from storage when the backup was made
        source = folder / name
        if name not in listed or not source.is_file():
            raise RestoreError(f"The backup's files lack {name}.")
        if _sha256(source) != listed[name]:
            raise RestoreError(f"{name} differs from the file the backup copied.")
        checked.append((name, storage, source))
    return checked


def _put_back(files: list[tuple[str, Storage, Path]]) -> list[tuple[Storage, str]]:
    """Store each file under its own name; a name storage already holds must hold the same
    bytes. Returns what it wrote, for removing if the restore fails after all."""
    written: list[tuple[Storage, str]] = []
    try:
        for name, storage, source in files:
            if storage.exists(name):
                with storage.open(name, "rb") as held:
                    same = hashlib.sha256(held.read()).hexdigest() == _sha256(source)
                if not same:
                    raise RestoreError(f"The storage already holds a different file named {name}.")
                continue
            with source.open("rb") as f:
                saved = storage.save(name, File(f, name=name))
            written.append((storage, saved))
            if saved != name:
                raise RestoreError(f"The storage would not keep the name {name}.")
    except BaseException:
        _remove(written)
        raise
    return written


def _remove(written: list[tuple[Storage, str]]) -> None:
    for storage, name in written:
        storage.delete(name)


def files_not_in_storage(text: str) -> list[str]:
    """The files a dump's records name that the storage does not hold."""
    return sorted(name for name, storage in stored_files(text).items() if not storage.exists(name))


# --- restore ---------------------------------------------------------------------------
def restore(text: str, *, files: Path | None = None) -> Counter:
    """Load a dump into a database that does not hold the partnership (or its rows) yet,
    and, from ``files`` (a folder ``dump_files`` wrote), the stored files its records name."""
    records = json.loads(text)
    slugs = [r["fields"]["slug"] for r in records if r["model"] == "partnership.partnership"]
    if len(slugs) != 1:
        raise RestoreError("This file does not hold exactly one partnership.")
    if Partnership.objects.filter(slug=slugs[0]).exists():
        raise RestoreError(f"The partnership {slugs[0]!r} is already in this database.")
    _refuse_clashes(records)
    to_store = _checked_files(text, files) if files is not None else []
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
        # Last, so that a refusal above stores nothing; a failure here undoes the rows.
        _put_back(to_store)
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
