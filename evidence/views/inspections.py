"""Inspections of partner agencies."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.forms import InspectionForm
from evidence.models import Inspection

from .common import context, form_page, posted, reader, save_form


def inspection_list(request, slug):
    access = reader(request, slug)
    inspections = Inspection.objects.for_partnership(access.partnership).select_related(
        "organisation"
    )
    return render(
        request, "evidence/inspection_list.html", context(access, inspections=inspections)
    )


@require_http_methods(["GET", "POST"])
def inspection_edit(request, slug, pk=None):
    access = reader(request, slug)
    access.require(rules.can_edit_partnership_evidence(access))
    inspection = (
        get_object_or_404(Inspection.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else Inspection(partnership=access.partnership)
    )
    form = InspectionForm(posted(request), instance=inspection, partnership=access.partnership)
    back = reverse("evidence:inspection_list", args=[slug])
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Inspection saved."
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change inspection" if pk else "Add an inspection",
        back_url=back,
    )
