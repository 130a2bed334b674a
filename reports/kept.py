"""A draft's assembled document and its PDF and DOCX, kept until the records change.

While a report is reviewed and signed off, the independent chair, the three partner leads
and the business manager read the same draft and download it, again and again. Assembling
it reads every record of the year (a tenth of a second or more at national size) and a
PDF takes seconds to lay out, yet both change only when a record of the partnership does.
So each is kept in the cache under the partnership's records token (``partnership.versions``)
and the day (the document is dated), and built again after any change. The same draft is
the same for every reader who may read it, so one reader's build serves the others.

``PAGE_CACHE_SECONDS`` bounds how long a copy is kept; 0 builds every time.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from partnership.page_cache import page_cache
from partnership.versions import current_token
from reports.approval import approved_document
from reports.assembly import assemble
from reports.document import ReportDocument
from reports.models import Report
from reports.renderers import render_docx, render_pdf


def document(report: Report) -> ReportDocument:
    """What the report's readers read: once approved, the approved version (with its
    signatures now); before, ``assemble(report)``, from the cache when nothing has changed."""
    if report.status in Report.FROZEN:
        frozen = approved_document(report)
        if frozen is not None:
            return frozen
    return assembled(report)


def assembled(report: Report) -> ReportDocument:
    """``assemble(report)``: the records as they are now, from the cache when it can be."""
    return _kept(report, "document", lambda: assemble(report))


def draft_file(report: Report, fmt: str) -> bytes:
    """The draft as a PDF (``"pdf"``) or DOCX (``"docx"``), from the cache when it can be."""
    draft = report.status != Report.Status.PUBLISHED
    if fmt == "pdf":
        return _kept(report, "pdf", lambda: render_pdf(document(report), draft=draft))
    return _kept(report, "docx", lambda: render_docx(document(report), draft=draft))


def _kept(report: Report, what: str, build: Callable):
    if not settings.PAGE_CACHE_SECONDS:
        return build()
    token = current_token(report.partnership_id)
    if token is None:
        return build()
    key = f"report:{what}:{report.pk}:{report.status}:{token}:{timezone.localdate().isoformat()}"
    cache = page_cache()
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, settings.PAGE_CACHE_SECONDS)
    return found
