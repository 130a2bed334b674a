"""The accessible HTML body of a report (contents, sections, tables with captions, charts)."""

from __future__ import annotations

from django.template.loader import render_to_string

from reports.document import ReportDocument


def render_html(document: ReportDocument, *, published: bool = False) -> str:
    """The report body as HTML. ``published`` leaves out editors' notes.

    Charts are embedded as data URIs so the stored copy of a published report is whole.
    """
    if published:
        document = document.for_publication()
    return render_to_string(
        "reports/includes/document.html", {"document": document, "published": published}
    )
