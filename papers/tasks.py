"""Background work for papers: text for search, packs, and sweeping orphaned files.

Each task takes ids and can run twice without harm.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from papers.models import Agenda, AgendaPack, PaperVersion, pack_path, papers_storage
from subgroups.models import Confidentiality


@task()
def extract_text(version_id: int) -> None:
    """The searchable text of one version, read once."""
    from papers.text import extract

    version = PaperVersion.objects.filter(pk=version_id, text_extracted_at__isnull=True).first()
    if version is None:
        return
    text = extract(version)
    PaperVersion.objects.filter(pk=version.pk).update(text=text, text_extracted_at=timezone.now())
    version.refresh_from_db()
    from papers.search import index_version

    index_version(version)


@task()
def build_packs(agenda_id: int) -> None:
    """Every level's pack of one agenda, rebuilt only where its inputs changed."""
    from papers.pack import build, pack_key

    agenda = Agenda.objects.filter(pk=agenda_id).select_related("meeting__subgroup").first()
    if agenda is None:
        return
    for level in Confidentiality.values:
        key = pack_key(agenda, level)
        existing = AgendaPack.objects.filter(agenda=agenda, level=level).first()
        if existing and existing.source_key == key:
            continue
        data, pages = build(agenda, level)
        store_pack(agenda, level, key=key, data=data, pages=pages)


def store_pack(agenda: Agenda, level: str, *, key: str, data: bytes, pages: int) -> AgendaPack:
    storage = papers_storage()
    name = storage.save(pack_path(None, "pack.pdf"), ContentFile(data))
    try:
        with transaction.atomic():
            old = AgendaPack.objects.select_for_update().filter(agenda=agenda, level=level).first()
            old_name = old.file.name if old else None
            pack, _ = AgendaPack.objects.update_or_create(
                agenda=agenda,
                level=level,
                defaults={
                    "file": name,
                    "source_key": key,
                    "page_count": pages,
                    "built_at": timezone.now(),
                },
            )
    except BaseException:
        storage.delete(name)
        raise
    if old_name and old_name != name:
        storage.delete(old_name)
    return pack


ORPHAN_AGE = dt.timedelta(hours=1)


@task()
def remove_orphan_files(on: str | None = None) -> int:
    """Delete stored files no row names (left by a process killed mid-upload), once they
    are an hour old so that an upload in progress is never touched."""
    storage = papers_storage()
    known = set()
    for names in PaperVersion.objects.values_list("file", "pdf"):
        known.update(n for n in names if n)
    known.update(AgendaPack.objects.values_list("file", flat=True))
    removed = 0
    for path in _walk(storage, ""):
        if path in known:
            continue
        try:
            modified = storage.get_modified_time(path)
        except (OSError, NotImplementedError):
            continue
        if timezone.now() - modified > ORPHAN_AGE:
            storage.delete(path)
            removed += 1
    return removed


def _walk(storage, folder: str):
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in dirs:
        yield from _walk(storage, f"{folder}/{name}" if folder else name)
