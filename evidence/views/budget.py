"""The budget: periods, cost centres, and the computed summary (the report's appendix)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.budget import budget_summary
from evidence.forms import (
    BudgetPeriodForm,
    ContributionForm,
    CostCentreForm,
    ExpenditureLineForm,
    OpeningBalanceForm,
)
from evidence.models import (
    BudgetPeriod,
    Contribution,
    CostCentre,
    ExpenditureLine,
    OpeningBalance,
)

from .common import context, form_page, posted, reader, save_form


def _bm(request, slug):
    access = reader(request, slug)
    access.require(rules.can_edit_partnership_evidence(access))
    return access


def budget_list(request, slug):
    access = reader(request, slug)
    periods = BudgetPeriod.objects.for_partnership(access.partnership)
    centres = CostCentre.objects.for_partnership(access.partnership)
    return render(
        request, "evidence/budget_list.html", context(access, periods=periods, centres=centres)
    )


def budget_detail(request, slug, pk):
    access = reader(request, slug)
    period = get_object_or_404(BudgetPeriod.objects.for_partnership(access.partnership), pk=pk)
    return render(
        request,
        "evidence/budget_detail.html",
        context(access, period=period, summary=budget_summary(period)),
    )


@require_http_methods(["GET", "POST"])
def budget_period_edit(request, slug, pk=None):
    access = _bm(request, slug)
    period = (
        get_object_or_404(BudgetPeriod.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else BudgetPeriod(partnership=access.partnership)
    )
    form = BudgetPeriodForm(posted(request), instance=period)
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda p: p.get_absolute_url(),
        success="Budget period saved.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change budget period" if pk else "Add a budget period",
        back_url=reverse("evidence:budget_list", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def cost_centre_add(request, slug):
    access = _bm(request, slug)
    form = CostCentreForm(posted(request), instance=CostCentre(partnership=access.partnership))
    back = reverse("evidence:budget_list", args=[slug])
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Cost centre added."
    )
    return response or form_page(request, access, form, title="Add a cost centre", back_url=back)


LINE_FORMS = {
    "opening": (
        OpeningBalanceForm,
        OpeningBalance,
        "Set an opening balance",
        "Opening balance saved.",
    ),
    "contribution": (
        ContributionForm,
        Contribution,
        "Add a partner contribution",
        "Contribution added.",
    ),
    "expenditure": (
        ExpenditureLineForm,
        ExpenditureLine,
        "Add an expenditure line",
        "Expenditure added.",
    ),
}


@require_http_methods(["GET", "POST"])
def budget_line_add(request, slug, pk, kind):
    access = _bm(request, slug)
    period = get_object_or_404(BudgetPeriod.objects.for_partnership(access.partnership), pk=pk)
    if kind not in LINE_FORMS:
        raise Http404("No such kind of budget line")
    form_class, model, title, success = LINE_FORMS[kind]
    form = form_class(
        posted(request), instance=model(period=period), partnership=access.partnership
    )
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=period.get_absolute_url(),
        success=success,
    )
    return response or form_page(
        request, access, form, title=title, caption=period.title, back_url=period.get_absolute_url()
    )
