"""The yearly reports' published copies, as this app reads them.

``reports.PublishedReport`` holds the frozen HTML and PDF of each published report;
this module is the one place that knows its fields, so public lists, feeds and the
search index read it the same way.
"""

from __future__ import annotations

from html import unescape

from django.db.models import Count, QuerySet
from django.utils.html import strip_tags

from partnership.models import Partnership


def published_model():
    from reports.models import PublishedReport

    return PublishedReport


def published_reports(partnership: Partnership | None = None) -> QuerySet:
    """Published copies, newest first; the large HTML and PDF columns are left unread."""
    qs = published_model().objects.select_related("partnership").defer("html", "pdf")
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    return qs.order_by("-published_on", "-published_at", "-pk")


def partnerships_with_reports() -> QuerySet:
    return (
        Partnership.objects.annotate(report_count=Count("published_reports"))
        .filter(report_count__gt=0)
        .order_by("name")
    )


def report_text(published) -> str:
    """The published report's words, for the search index."""
    # A space before every tag keeps words in neighbouring elements apart.
    return " ".join(unescape(strip_tags((published.html or "").replace("<", " <"))).split())
