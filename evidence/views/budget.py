"""The budget: periods, cost centres, and the computed summary (the report's appendix)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

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
from partnership.deletion import Retire, confirm_delete

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
    lines = []
    if rules.can_edit_partnership_evidence(access):  # each line, to delete a mistaken one
        for kind, (_, model, _, _) in LINE_FORMS.items():
            rows = model.objects.filter(period=period).select_related("cost_centre")
            lines += [(kind, model._meta.verbose_name, row) for row in rows]
    return render(
        request,
        "evidence/budget_detail.html",
        context(access, period=period, summary=budget_summary(period), lines=lines),
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


def _next_url(request, slug: str) -> str:
    """Where to go back to after adding a cost centre from the form that needed one: a
    page of this partnership on this site, never anywhere else."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and wanted.startswith(f"/p/{slug}/"):
        return wanted
    return ""


@require_http_methods(["GET", "POST"])
def cost_centre_add(request, slug):
    access = _bm(request, slug)
    form = CostCentreForm(posted(request), instance=CostCentre(partnership=access.partnership))
    wanted = _next_url(request, slug)
    back = wanted or reverse("evidence:budget_list", args=[slug])

    def chosen(centre) -> str:
        """Back to the form that needed a cost centre, with the new one chosen in it."""
        if not wanted:
            return back
        return f"{wanted}{'&' if '?' in wanted else '?'}{urlencode({'cost_centre': centre.pk})}"

    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=chosen, success="Cost centre added."
    )
    return response or form_page(request, access, form, title="Add a cost centre", back_url=back)


def cost_centre_delete(request, slug, pk):
    access = _bm(request, slug)
    centre = get_object_or_404(CostCentre.objects.for_partnership(access.partnership), pk=pk)
    back = reverse("evidence:budget_list", args=[slug])
    retire = []
    if centre.retired_on is None:
        retire.append(
            Retire(
                "Retire the cost centre",
                reverse("evidence:cost_centre_retire", args=[slug, pk]),
                post=True,
                hint="It stays in past budgets and is no longer offered for new lines.",
            )
        )
    return confirm_delete(
        request,
        access,
        centre,
        noun="cost centre",
        back_url=back,
        done_url=back,
        retire=retire,
    )


@require_POST
def cost_centre_retire(request, slug, pk):
    access = _bm(request, slug)
    centre = get_object_or_404(CostCentre.objects.for_partnership(access.partnership), pk=pk)
    if centre.retired_on is None:
        centre.retired_on = timezone.localdate()
        centre.save(update_fields=["retired_on"])
    messages.success(
        request, f"Cost centre {centre} retired: it is no longer offered for new lines."
    )
    return redirect("evidence:budget_list", slug)


def budget_line_delete(request, slug, kind, pk):
    access = _bm(request, slug)
    if kind not in LINE_FORMS:
        raise Http404("No such kind of budget line")
    model = LINE_FORMS[kind][1]
    line = get_object_or_404(
        model.objects.filter(period__partnership=access.partnership).select_related(
            "period", "cost_centre"
        ),
        pk=pk,
    )
    back = line.period.get_absolute_url()
    return confirm_delete(
        request,
        access,
        line,
        noun=str(model._meta.verbose_name),
        caption=line.period.title,
        back_url=back,
        done_url=back,
    )


def _offer_cost_centre(form) -> None:
    """The cost-centre choice says how to add one, and says so first when there is none:
    the form that needs one is not a dead end (see ``_add_cost_centre_first``)."""
    field = form.fields["cost_centre"]
    if field.queryset.exists():
        field.help_text = (
            "Not listed? Use “Add a cost centre first”, below the form: what you have "
            "typed here is kept for when you come back."
        )
    else:
        field.help_text = (
            "There are no cost centres yet. Use “Add a cost centre first”, below the form: "
            "you will come back to this form with what you have typed here."
        )


def _add_cost_centre_first(request, form, slug: str):
    """Off to the cost centre form, saving nothing: the line form's own address, with what
    was typed in it, is where the new cost centre's form comes back to."""
    typed = {name: request.POST[name] for name in form.fields if request.POST.get(name)}
    back = request.path + ("?" + urlencode(typed) if typed else "")
    add = reverse("evidence:cost_centre_add", args=[slug])
    return redirect(f"{add}?{urlencode({'next': back})}")


def _typed_before(request, form_class) -> dict:
    """A line form's boxes as they were typed before a cost centre was added (from its
    address): shown again, not yet checked; nothing is saved until the form is sent."""
    return {name: request.GET[name] for name in form_class.base_fields if request.GET.get(name)}


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
        posted(request),
        instance=model(period=period),
        partnership=access.partnership,
        initial=_typed_before(request, form_class),
    )
    if request.method == "POST" and form.ADD_COST_CENTRE in request.POST:
        return _add_cost_centre_first(request, form, slug)
    _offer_cost_centre(form)
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
