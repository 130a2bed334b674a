from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from partnership.models import Partnership


@login_not_required
def public_index(request):
    """Public: the partnerships and their published reports (filled in by the report issue)."""
    return render(
        request, "scrutiny/public_index.html", {"partnerships": Partnership.objects.all()}
    )
