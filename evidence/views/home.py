"""The evidence index and the partnership's evidence settings."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.forms import EvidenceSettingsForm
from evidence.models import (
    ActivityEntry,
    BudgetPeriod,
    Course,
    EvidenceSettings,
    FeedbackExercise,
    Indicator,
    Inspection,
    MultiAgencyAudit,
    Priority,
    SchoolAudit,
    Section11Cycle,
)
from partnership.page_cache import cached_page

from .common import context, form_page, posted, reader, save_form


@cached_page()
def evidence_home(request, slug):
    access = reader(request, slug)
    p = access.partnership
    settings = EvidenceSettings.objects.filter(partnership=p).select_related("qa_subgroup").first()
    counts = {
        "entries": ActivityEntry.objects.for_partnership(p).count(),
        "priorities": Priority.objects.for_partnership(p).count(),
        "flagged": Priority.objects.for_partnership(p).lacking_impact().count(),
        "audits": MultiAgencyAudit.objects.for_partnership(p).count(),
        "s11": Section11Cycle.objects.for_partnership(p).count(),
        "schools": SchoolAudit.objects.for_partnership(p).count(),
        "feedback": FeedbackExercise.objects.for_partnership(p).count(),
        "indicators": Indicator.objects.for_partnership(p).count(),
        "courses": Course.objects.for_partnership(p).count(),
        "inspections": Inspection.objects.for_partnership(p).count(),
        "budgets": BudgetPeriod.objects.for_partnership(p).count(),
    }
    return render(
        request,
        "evidence/home.html",
        context(access, counts=counts, qa_subgroup=settings.qa_subgroup if settings else None),
    )


@require_http_methods(["GET", "POST"])
def settings_edit(request, slug):
    access = reader(request, slug)
    access.require(rules.can_edit_partnership_evidence(access))
    settings = EvidenceSettings.objects.filter(partnership=access.partnership).first() or (
        EvidenceSettings(partnership=access.partnership)
    )
    form = EvidenceSettingsForm(posted(request), instance=settings, partnership=access.partnership)
    back = reverse("evidence:home", args=[slug])
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Evidence settings saved."
    )
    return response or form_page(
        request,
        access,
        form,
        title="Quality assurance group",
        back_url=back,
        intro="The chair of this sub-group records audits, feedback exercises, KPIs and "
        "training, as the business manager can.",
    )
