"""Key performance indicators: list, one indicator with its chart, values, CSV import."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.charts import kpi_chart_png, kpi_chart_svg, points_for
from evidence.forms import IndicatorForm, KpiImportForm, KpiValueForm
from evidence.kpi_import import REQUIRED_COLUMNS, import_kpi_values
from evidence.models import Indicator, KpiValue

from .common import context, form_page, posted, posted_files, reader, save_form


def _qa_editor(request, slug):
    access = reader(request, slug)
    access.require(rules.can_edit_quality_assurance(access))
    return access


def indicator_list(request, slug):
    access = reader(request, slug)
    indicators = list(Indicator.objects.for_partnership(access.partnership))
    latest: dict[int, KpiValue] = {}
    for value in (
        KpiValue.objects.for_partnership(access.partnership)
        .with_previous()
        .select_related("indicator")
        .order_by("period_end", "period_start")
    ):
        latest[value.indicator_id] = value
    rows = [(i, latest.get(i.pk)) for i in indicators]
    return render(request, "evidence/indicator_list.html", context(access, rows=rows))


@require_http_methods(["GET", "POST"])
def indicator_detail(request, slug, pk):
    access = reader(request, slug)
    indicator = get_object_or_404(Indicator.objects.for_partnership(access.partnership), pk=pk)
    can_edit = rules.can_edit_quality_assurance(access)
    if request.method == "POST":
        access.require(can_edit)
    form = None
    if can_edit:
        form = KpiValueForm(posted(request), instance=KpiValue(indicator=indicator))
        response = save_form(
            request,
            form,
            save=lambda f: f.save(),
            redirect_to=indicator.get_absolute_url(),
            success="Value added.",
        )
        if response:
            return response
    values = list(
        indicator.values.with_previous().select_related("indicator").order_by("period_start")
    )
    return render(
        request,
        "evidence/indicator_detail.html",
        context(access, indicator=indicator, values=values, form=form),
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, slug, pk=None):
    access = _qa_editor(request, slug)
    indicator = (
        get_object_or_404(Indicator.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else Indicator(partnership=access.partnership)
    )
    form = IndicatorForm(posted(request), instance=indicator)
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda i: i.get_absolute_url(),
        success="Indicator saved.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change indicator" if pk else "Add an indicator",
        back_url=reverse("evidence:indicator_list", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def value_edit(request, slug, pk):
    access = _qa_editor(request, slug)
    value = get_object_or_404(
        KpiValue.objects.for_partnership(access.partnership).select_related("indicator"), pk=pk
    )
    form = KpiValueForm(posted(request), instance=value)
    back = value.indicator.get_absolute_url()
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Value saved."
    )
    return response or form_page(
        request, access, form, title="Change value", caption=value.indicator.name, back_url=back
    )


@require_http_methods(["GET", "POST"])
def kpi_import(request, slug):
    access = _qa_editor(request, slug)
    form = KpiImportForm(posted(request), posted_files(request))
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_kpi_values(
                partnership=access.partnership, data=form.cleaned_data["file"].read()
            )
        except ValidationError as error:
            row_errors = error.messages
            form.add_error(
                "file",
                "Nothing was imported: the file has problems. "
                + (
                    f"{len(row_errors)} to fix, listed below."
                    if len(row_errors) > 1
                    else row_errors[0]
                ),
            )
        else:
            messages.success(
                request,
                f"Imported {result.added} new value{'s' if result.added != 1 else ''} "
                f"and replaced {result.updated}.",
            )
            return redirect("evidence:indicator_list", slug)
    return render(
        request,
        "evidence/kpi_import.html",
        context(
            access,
            form=form,
            row_errors=row_errors,
            columns=REQUIRED_COLUMNS,
            back_url=reverse("evidence:indicator_list", args=[slug]),
        ),
        status=400 if row_errors or form.errors else 200,
    )


def _chart_points(request, slug, pk):
    access = reader(request, slug)
    indicator = get_object_or_404(Indicator.objects.for_partnership(access.partnership), pk=pk)
    values = indicator.values.select_related("indicator").order_by("period_start")
    return indicator, points_for(values)


# matplotlib's SVG carries its own <style> element; it is our own drawing, served as an image.
@csp_update({"style-src": ["'unsafe-inline'"]})
def indicator_chart_svg(request, slug, pk):
    indicator, points = _chart_points(request, slug, pk)
    svg = kpi_chart_svg(indicator.name, points, indicator.get_unit_display())
    return HttpResponse(svg, content_type="image/svg+xml")


def indicator_chart_png(request, slug, pk):
    indicator, points = _chart_points(request, slug, pk)
    return HttpResponse(
        kpi_chart_png(indicator.name, points, indicator.get_unit_display()),
        content_type="image/png",
    )
