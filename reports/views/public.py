"""Published reports, open to the public without signing in: the frozen HTML and PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from partnership.headers import public_content
from partnership.models import Partnership
from partnership.page_cache import cached_page
from reports.models import PublishedReport


@public_content
@login_not_required
def published_list(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    published = PublishedReport.objects.for_partnership(partnership).defer("html", "pdf")
    return render(
        request,
        "reports/published_list.html",
        {"public_partnership": partnership, "published": published},
    )


def _published(slug, pk) -> PublishedReport:
    return get_object_or_404(
        PublishedReport.objects.select_related("partnership"), pk=pk, partnership__slug=slug
    )


@public_content
@login_not_required
@cached_page(public=True)
def published_html(request, slug, pk):
    published = _published(slug, pk)
    later = (
        PublishedReport.objects.filter(
            partnership=published.partnership,
            period_start=published.period_start,
            period_end=published.period_end,
            edition__gt=published.edition,
        )
        .defer("html", "pdf")
        .order_by("-edition")
        .first()
    )
    # Council committees meet in public: who considered the report, when, and what they resolved.
    considered = list(published.report.committee_submissions.order_by("meeting_date", "pk"))
    return render(
        request,
        "reports/published_detail.html",
        {
            "published": published,
            "public_partnership": published.partnership,
            "later": later,
            "considered": considered,
        },
    )


@public_content
@login_not_required
def published_pdf(request, slug, pk):
    published = _published(slug, pk)
    response = HttpResponse(bytes(published.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{published.partnership.slug}-report-'
        f'{published.period_start:%Y}-{published.period_end:%Y}-v{published.edition}.pdf"'
    )
    return response
