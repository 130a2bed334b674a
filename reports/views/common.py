from __future__ import annotations

from django.shortcuts import get_object_or_404

from partnership.access import Access, get_access
from partnership.models import Person
from reports.models import Report


def get_report(request, slug: str, pk: int) -> tuple[Access, Report]:
    """The report in the URL's partnership (404 elsewhere), with the user's access."""
    access = get_access(request, slug)
    report = get_object_or_404(
        Report.objects.select_related("partnership"), pk=pk, partnership=access.partnership
    )
    return access, report


def acting_person(access: Access) -> Person | None:
    return Person.objects.filter(pk__in=access.person_ids).order_by("pk").first()


def base_context(access: Access, **extra) -> dict:
    return {"access": access, "partnership": access.partnership, **extra}
