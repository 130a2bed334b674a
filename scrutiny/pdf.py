"""HTML to PDF with WeasyPrint, fetching nothing from the network or the disk."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher


def html_to_pdf(html: str) -> bytes:
    # Record text ends up in these documents; only inline data may be loaded, so a
    # crafted link can never make the server read a file or call an internal address.
    fetcher = URLFetcher(allowed_protocols={"data"})
    # Tagged (PDF/UA-1) like the yearly report: public documents a screen reader can follow.
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
