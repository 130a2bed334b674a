"""Sub-group activity pages and the partnership's priorities."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.forms import ActivityEntryEditForm, ActivityEntryForm, PriorityForm
from evidence.models import ActivityEntry, Heading, Priority
from partnership.deletion import confirm_delete
from subgroups.models import SubGroup

from .common import context, form_page, posted, reader, save_form


def reporting_year(day: dt.date, start_month: int) -> int:
    """The calendar year in which the reporting year containing ``day`` began."""
    return day.year if day.month >= start_month else day.year - 1


def year_bounds(year: int, start_month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, start_month, 1), dt.date(year + 1, start_month, 1) - dt.timedelta(days=1)


def activity_overview(request, slug):
    access = reader(request, slug)
    counts = {
        f"n_{h.value}": Count("activity_entries", filter=Q(activity_entries__heading=h.value))
        for h in Heading
    }
    subgroups = (
        SubGroup.objects.for_partnership(access.partnership)
        .annotate(**counts, n_total=Count("activity_entries"))
        .order_by("of_predecessor_board", "order", "name")
    )
    rows = [
        {
            "subgroup": sg,
            "counts": [getattr(sg, f"n_{h.value}") for h in Heading],
            "total": sg.n_total,
            "can_edit": rules.can_edit_activity(access, sg.pk),
        }
        for sg in subgroups
    ]
    return render(
        request,
        "evidence/activity_overview.html",
        context(access, rows=rows, headings=Heading),
    )


@require_http_methods(["GET", "POST"])
def subgroup_activity(request, slug, subgroup):
    access = reader(request, slug)
    sg = get_object_or_404(SubGroup, partnership=access.partnership, slug=subgroup)
    can_edit = rules.can_edit_activity(access, sg.pk)
    if request.method == "POST":
        access.require(can_edit)

    form = None
    if can_edit:
        initial = {"date": dt.date.today()}
        if request.GET.get("heading") in Heading.values:
            initial["heading"] = request.GET["heading"]
        try:
            initial["date"] = dt.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            pass
        form = ActivityEntryForm(
            posted(request), initial=initial, subgroup=sg, instance=ActivityEntry(subgroup=sg)
        )

        def save(f):
            entry = f.save(commit=False)
            entry.subgroup = sg
            entry.created_by = request.user
            entry.save()
            return entry

        def back_to_form(entry):
            # Heading and date stay as they were, so a quarter's entries go in quickly.
            query = urlencode({"heading": entry.heading, "date": entry.date.isoformat()})
            return f"{request.path}?{query}#add-entry"

        heading_label = (
            Heading(form.data.get("heading")).label
            if form.data.get("heading") in Heading.values
            else ""
        )
        response = save_form(
            request,
            form,
            save=save,
            redirect_to=back_to_form,
            success=f"Entry added under “{heading_label}”.",
        )
        if response:
            return response

    start_month = access.partnership.reporting_year_start_month
    entries = ActivityEntry.objects.for_subgroup(sg).select_related("priority", "meeting", "audit")
    years = sorted({reporting_year(d, start_month) for d in entries.values_list("date", flat=True)})
    year = request.GET.get("year")
    period = None
    if year and year.isdigit() and int(year) in years:
        period = year_bounds(int(year), start_month)
        entries = entries.between(*period)
    grouped = {h: [] for h in Heading}
    for entry in entries:
        grouped[Heading(entry.heading)].append(entry)
    lacks_impact = bool(grouped[Heading.PROGRESS]) and not grouped[Heading.IMPACT]
    return render(
        request,
        "evidence/subgroup_activity.html",
        context(
            access,
            subgroup=sg,
            grouped=[(h, grouped[h]) for h in Heading],
            form=form,
            can_edit=can_edit,
            years=[(y, year_bounds(y, start_month)) for y in years],
            year=int(year) if period else None,
            lacks_impact=lacks_impact,
            impact_link=f"?{urlencode({'heading': Heading.IMPACT.value})}#add-entry",
        ),
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request, slug, pk):
    access = reader(request, slug)
    entry = get_object_or_404(
        ActivityEntry.objects.for_partnership(access.partnership).select_related("subgroup"), pk=pk
    )
    access.require(rules.can_edit_activity(access, entry.subgroup_id))
    form = ActivityEntryEditForm(posted(request), instance=entry, subgroup=entry.subgroup)
    back = reverse("evidence:subgroup_activity", args=[slug, entry.subgroup.slug])
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Entry saved."
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change activity entry",
        caption=entry.subgroup.name,
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def entry_delete(request, slug, pk):
    access = reader(request, slug)
    entry = get_object_or_404(
        ActivityEntry.objects.for_partnership(access.partnership).select_related("subgroup"), pk=pk
    )
    access.require(rules.can_edit_activity(access, entry.subgroup_id))
    back = reverse("evidence:subgroup_activity", args=[slug, entry.subgroup.slug])
    return confirm_delete(
        request,
        access,
        entry,
        noun="activity entry",
        caption=entry.subgroup.name,
        name=f"{entry.get_heading_display()}, {entry.date:%-d %B %Y}: {entry.text[:120]}",
        back_url=back,
        done_url=back,
    )


# --- priorities --------------------------------------------------------------------------


def priority_list(request, slug):
    access = reader(request, slug)
    priorities = Priority.objects.for_partnership(access.partnership).with_evidence_counts()
    return render(request, "evidence/priority_list.html", context(access, priorities=priorities))


def priority_detail(request, slug, pk):
    access = reader(request, slug)
    priority = get_object_or_404(
        Priority.objects.for_partnership(access.partnership).with_evidence_counts(), pk=pk
    )
    entries = priority.entries.select_related("subgroup").order_by("heading", "date")
    grouped = {h: [] for h in Heading}
    for entry in entries:
        grouped[Heading(entry.heading)].append(entry)
    return render(
        request,
        "evidence/priority_detail.html",
        context(access, priority=priority, grouped=[(h, grouped[h]) for h in Heading]),
    )


@require_http_methods(["GET", "POST"])
def priority_edit(request, slug, pk=None):
    access = reader(request, slug)
    access.require(rules.can_edit_partnership_evidence(access))
    priority = (
        get_object_or_404(Priority.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else Priority(partnership=access.partnership)
    )
    form = PriorityForm(posted(request), instance=priority)
    back = reverse("evidence:priority_list", args=[slug])
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda p: p.get_absolute_url(),
        success="Priority saved.",
    )
    return response or form_page(
        request, access, form, title="Change priority" if pk else "Add a priority", back_url=back
    )
