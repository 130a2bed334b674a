"""The partnership's report structure: reorder, rename, hide and add sections."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from partnership.access import get_access
from reports.assembly import builtin_titles
from reports.forms import NewSectionForm, SectionConfigForm
from reports.models import ReportSectionConfig
from reports.services import ensure_sections
from reports.views.common import base_context
from subgroups.models import SubGroup


def _addable(partnership, existing: set[str]) -> list[tuple[str, str]]:
    choices = [
        (key, f"{spec.title} (assembled from the records)")
        for key, spec in builtin_titles().items()
        if key not in existing
    ]
    groups = SubGroup.objects.for_partnership(partnership).filter(
        is_executive=False, of_predecessor_board=False
    )
    choices += [
        (f"subgroup:{g.slug}", f"{g.name}: its own place in the report")
        for g in groups
        if f"subgroup:{g.slug}" not in existing
    ]
    return choices


def section_list(request, slug):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    # The first visit copies the default structure into rows the partnership can change.
    configs = ensure_sections(access.partnership)
    existing = {c.key for c in configs}
    next_order = max((c.order for c in configs), default=0) + 10
    form = NewSectionForm(
        request.POST or None,
        choices=_addable(access.partnership, existing),
        existing=existing,
        initial={"order": next_order},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            ReportSectionConfig.objects.create(
                partnership=access.partnership,
                key=form.cleaned_data["key"],
                title=form.cleaned_data["title"],
                order=form.cleaned_data["order"],
            )
        messages.success(request, f"The section “{form.cleaned_data['title']}” has been added.")
        return redirect("reports:section_list", slug)
    return render(
        request,
        "reports/section_list.html",
        base_context(access, configs=configs, form=form),
    )


def section_edit(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    config = get_object_or_404(ReportSectionConfig, pk=pk, partnership=access.partnership)
    form = SectionConfigForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The section “{config.title}” has been saved.")
        return redirect("reports:section_list", slug)
    return render(
        request, "reports/section_form.html", base_context(access, form=form, config=config)
    )
