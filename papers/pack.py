"""The agenda pack: one PDF for each level of access, bound by the worker.

A pack holds a cover, the agenda with the page each paper starts on, any declarations
and changes since publication, then each paper the level may read, in agenda order. Each
item has a bookmark; every page has a running footer with its number. Office files are
converted once per version by LibreOffice (headless); where it is missing or fails, the
agenda lists the paper with a link to download it and says why it is not bound in.
Papers and items above the level are listed as withheld, without their titles.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications.email import absolute_url
from papers.models import Agenda, PaperVersion, levels_up_to
from scrutiny.pdf import html_to_pdf
from subgroups.models import AgendaItem, Confidentiality, Meeting

OFFICE = {PaperVersion.Kind.DOCX, PaperVersion.Kind.XLSX, PaperVersion.Kind.PPTX}
IMAGES = {PaperVersion.Kind.PNG, PaperVersion.Kind.JPEG}
NO_LIBREOFFICE = (
    "LibreOffice is not installed on the server, so this paper could not be converted "
    "into the pack. Download it on its own."
)
CONVERSION_FAILED = "This paper could not be converted into the pack. Download it on its own."


# --- what a reader at one level sees -----------------------------------------------------
@dataclass
class PaperRow:
    paper: object
    version: PaperVersion
    earlier: list
    start_page: int | None = None
    unbound_reason: str = ""
    url: str = ""


@dataclass
class ItemRow:
    order: int
    item: AgendaItem | None  # None: withheld from this reader
    starts: object = None
    minutes_allowed: int | None = None
    papers: list[PaperRow] = field(default_factory=list)
    withheld_papers: int = 0
    declarations: list = field(default_factory=list)


def agenda_rows(meeting: Meeting, levels: set[str]) -> list[ItemRow]:
    """The agenda as a reader at ``levels`` sees it: a fixed number of queries."""
    items = meeting.items.select_related("presenter", "plan").prefetch_related(
        "papers__versions", "declarations__person"
    )
    rows, clock = [], timezone.localtime(meeting.starts_at)
    for item in items:
        plan = getattr(item, "plan", None) if _has_plan(item) else None
        minutes = plan.minutes_allowed if plan else None
        if item.confidentiality not in levels:
            rows.append(ItemRow(item.order, None, clock, minutes))
        else:
            row = ItemRow(
                item.order, item, clock, minutes, declarations=list(item.declarations.all())
            )
            for paper in item.papers.all():
                versions = list(paper.versions.all())
                if not versions:
                    continue
                if paper.confidentiality in levels:
                    row.papers.append(PaperRow(paper, versions[0], versions[1:]))
                else:
                    row.withheld_papers += 1
            rows.append(row)
        if minutes:
            clock = clock + timezone.timedelta(minutes=minutes)
    return rows


def _has_plan(item: AgendaItem) -> bool:
    try:
        item.plan  # noqa: B018
    except AgendaItem.plan.RelatedObjectDoesNotExist:
        return False
    return True


def pack_key(agenda: Agenda, level: str) -> str:
    """A hash of everything a pack at ``level`` is built from: equal keys, equal packs."""
    meeting = agenda.meeting
    levels = levels_up_to(level)
    facts = {
        "agenda": [agenda.status, str(agenda.published_at), str(agenda.papers_deadline)],
        "meeting": [meeting.title, str(meeting.starts_at), meeting.location, meeting.status],
        "items": [],
        "changes": [[c.pk, c.confidentiality in levels] for c in agenda.changes.order_by("pk")],
    }
    for row in agenda_rows(meeting, levels):
        if row.item is None:
            facts["items"].append([row.order, None])
            continue
        item = row.item
        facts["items"].append(
            [
                item.pk,
                row.order,
                item.title,
                item.presenter.name if item.presenter else "",
                row.minutes_allowed,
                [[p.paper.pk, p.paper.title, p.version.pk] for p in row.papers],
                row.withheld_papers,
                [[d.pk, d.person.name, d.interest, d.left_room] for d in row.declarations],
            ]
        )
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


# --- one paper as PDF pages --------------------------------------------------------------
def soffice() -> str | None:
    return shutil.which(settings.PAPERS_SOFFICE)


def paper_pdf(version: PaperVersion) -> tuple[bytes | None, str]:
    """The paper's pages as PDF bytes, or None and the reason it cannot be bound in."""
    if version.kind == PaperVersion.Kind.PDF:
        with version.file.open("rb") as f:
            return f.read(), ""
    if version.kind in IMAGES:
        return _image_pdf(version), ""
    if version.pdf:
        with version.pdf.open("rb") as f:
            return f.read(), ""
    if version.conversion_error:
        return None, version.conversion_error
    if soffice() is None:
        return None, NO_LIBREOFFICE
    converted = _convert(version)
    if converted is None:
        PaperVersion.objects.filter(pk=version.pk).update(conversion_error=CONVERSION_FAILED)
        return None, CONVERSION_FAILED
    version.pdf.save(f"{version.pk}.pdf", ContentFile(converted), save=False)
    PaperVersion.objects.filter(pk=version.pk).update(pdf=version.pdf.name)
    return converted, ""


def _image_pdf(version: PaperVersion) -> bytes:
    from PIL import Image

    with version.file.open("rb") as f, Image.open(f) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PDF", resolution=150)
        return out.getvalue()


def _convert(version: PaperVersion) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="pack-") as work:
        source = os.path.join(work, f"paper.{version.kind}")
        with version.file.open("rb") as f, open(source, "wb") as out:
            shutil.copyfileobj(f, out)
        profile = os.path.join(work, "profile")
        try:
            subprocess.run(
                [
                    soffice(),
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    work,
                    source,
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        target = os.path.join(work, "paper.pdf")
        if not os.path.exists(target):
            return None
        with open(target, "rb") as f:
            return f.read()


# --- binding ---------------------------------------------------------------------------
LEVEL_AUDIENCE = {
    Confidentiality.PUBLIC: "public readers (including scrutiny councillors)",
    Confidentiality.PARTNERSHIP: "readers across the partnership",
    Confidentiality.RESTRICTED: "members of the sub-group and the partnership's leads",
}


def build(agenda: Agenda, level: str) -> tuple[bytes, int]:
    """The pack's PDF for readers at ``level`` and its page count."""
    from pypdf import PdfReader, PdfWriter

    meeting = agenda.meeting
    partnership = meeting.subgroup.partnership
    levels = levels_up_to(level)
    rows = agenda_rows(meeting, levels)
    readers: list[tuple[ItemRow, PaperRow, PdfReader]] = []
    for row in rows:
        for paper_row in row.papers:
            paper_row.url = absolute_url(
                reverse("papers:paper_download", args=[partnership.slug, paper_row.version.pk])
            )
            data, reason = paper_pdf(paper_row.version)
            if data is None:
                paper_row.unbound_reason = reason
                continue
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
                len(reader.pages)
            except Exception:
                paper_row.unbound_reason = CONVERSION_FAILED
                continue
            readers.append((row, paper_row, reader))
    changes = [(c, c.confidentiality in levels) for c in agenda.changes.all()]

    # The cover is a page of its own and the agenda usually fits on one more.
    front_pages, front = 2, b""
    for _attempt in range(4):
        page = front_pages + 1
        for _row, paper_row, reader in readers:
            paper_row.start_page = page
            page += len(reader.pages)
        front = html_to_pdf(
            render_to_string(
                "papers/pack_front.html",
                {
                    "agenda": agenda,
                    "meeting": meeting,
                    "subgroup": meeting.subgroup,
                    "partnership": partnership,
                    "rows": rows,
                    "changes": changes,
                    "audience": LEVEL_AUDIENCE[Confidentiality(level)],
                    "built_at": timezone.localtime(),
                },
            )
        )
        pages = len(PdfReader(io.BytesIO(front)).pages)
        if pages == front_pages:
            break
        front_pages = pages

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)), import_outline=False)
    writer.add_outline_item(title="Cover and agenda", page_number=0)
    for row in rows:
        if row.item is None:
            continue
        bound = [(p, r) for (it, p, r) in readers if it is row]
        first = bound[0][0].start_page - 1 if bound else 0
        parent = writer.add_outline_item(title=f"{row.order}. {row.item.title}", page_number=first)
        for paper_row, reader in bound:
            writer.append(reader, import_outline=False)
            writer.add_outline_item(
                title=paper_row.paper.title, page_number=paper_row.start_page - 1, parent=parent
            )
    total = len(writer.pages)
    label = f"{meeting.subgroup.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"
    for number, page in enumerate(writer.pages, start=1):
        _stamp(writer, page, f"{label}: agenda pack", f"Page {number} of {total}")
    writer.add_metadata({"/Title": f"Agenda pack: {label}", "/Producer": "Partnership papers"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def _pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _footer_font(writer):
    from pypdf.generic import DictionaryObject, NameObject

    if not hasattr(writer, "_pack_font"):
        writer._pack_font = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
    return writer._pack_font


def _stamp(writer, page, left: str, right: str) -> None:
    """A running footer drawn over the page in Helvetica (no font to embed).

    The page's own content streams are kept as they are, wrapped in q … Q, and the footer
    is one more stream after them: nothing is parsed, so 200 pages take milliseconds.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    if page.rotation:
        page.transfer_rotation_to_content()
    box = page.mediabox
    width = float(box.width)
    x0, y0 = float(box.left), float(box.bottom)
    size = 8
    right_x = x0 + width - 36 - 0.5 * size * len(right)
    left = left if len(left) < 90 else left[:87] + "..."
    footer = (
        b"\nQ q 1 1 1 rg "
        + f"{x0 + 30:.1f} {y0 + 10:.1f} {width - 60:.1f} 14 re f ".encode()
        + f"0.2 0.2 0.2 rg BT /FPack {size} Tf {x0 + 36:.1f} {y0 + 14:.1f} Td (".encode()
        + _pdf_text(left)
        + f") Tj ET BT /FPack {size} Tf {right_x:.1f} {y0 + 14:.1f} Td (".encode()
        + _pdf_text(right)
        + b") Tj ET Q\n"
    )
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"].get_object()
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    resources["/Font"].get_object()[NameObject("/FPack")] = _footer_font(writer)
    contents = page.get("/Contents")
    if contents is None:
        existing = []
    elif isinstance(contents.get_object(), ArrayObject):
        existing = list(contents.get_object())
    else:
        existing = [contents if hasattr(contents, "idnum") else writer._add_object(contents)]
    streams = []
    for data in (b"q\n", footer):
        stream = DecodedStreamObject()
        stream.set_data(data)
        streams.append(writer._add_object(stream))
    page[NameObject("/Contents")] = ArrayObject([streams[0], *existing, streams[1]])
