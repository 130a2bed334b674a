"""Public pages: published reports, readable without signing in."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from partnership.headers import public_content
from partnership.models import Partnership
from scrutiny.published import partnerships_with_reports, published_reports


@public_content
@login_not_required
def public_index(request):
    """The partnerships that have published a report."""
    return render(
        request, "scrutiny/public_index.html", {"partnerships": partnerships_with_reports()}
    )


@public_content
@login_not_required
def public_partnership(request, partnership):
    """One partnership's published reports, newest first, with their HTML and PDF."""
    target = get_object_or_404(Partnership, slug=partnership)
    return render(
        request,
        "scrutiny/public_partnership.html",
        {"target": target, "reports": published_reports(target)},
    )
