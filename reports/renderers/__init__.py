"""Renderers: they only render a ``ReportDocument``; they never query the database.

- ``html.render_html(document, published=...)``: the accessible HTML body (charts embedded).
- ``pdf.render_pdf(document)``: PDF bytes (WeasyPrint): cover, contents with page numbers,
  running headers, page numbers, charts and tables.
- ``docx.render_docx(document)``: DOCX bytes (python-docx) with real heading styles.
"""

from reports.renderers.docx import render_docx
from reports.renderers.html import render_html
from reports.renderers.pdf import render_pdf

__all__ = ["render_docx", "render_html", "render_pdf"]
