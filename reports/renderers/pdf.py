"""The PDF (WeasyPrint): cover, contents with page numbers, running headers, page numbers.

The HTML given to WeasyPrint is never served to a browser, so it carries its own
stylesheet (``templates/reports/pdf/report.css``) for paged media.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from reports.document import ReportDocument


def render_pdf_html(document: ReportDocument, *, draft: bool = False) -> str:
    if not draft:
        document = document.for_publication()
    css = render_to_string("reports/pdf/report.css")
    return render_to_string(
        "reports/pdf/report.html", {"document": document, "draft": draft, "css": css}
    )


#: Tagged PDF for accessibility (PDF/UA-1): a structure tree of headings, paragraphs, lists,
#: tables and figures, with the document's language (from ``<html lang>``) and title.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(document: ReportDocument, *, draft: bool = False) -> bytes:
    """PDF bytes. ``draft`` prints DRAFT on every page and shows editors' notes."""
    from weasyprint import HTML

    return HTML(string=render_pdf_html(document, draft=draft)).write_pdf(pdf_variant=PDF_VARIANT)
