"""Quality-assurance pages: multi-agency audits, section 11, section 175/157, feedback."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evidence import access as rules
from evidence.forms import (
    AuditForm,
    AuditStatusForm,
    FeedbackExerciseForm,
    SchoolAuditCountForm,
    SchoolAuditForm,
    Section11CycleForm,
    Section11ReturnForm,
)
from evidence.models import (
    FeedbackExercise,
    MultiAgencyAudit,
    SchoolAudit,
    SchoolAuditCount,
    Section11Cycle,
    Section11Return,
)
from partnership.models import Organisation

from .common import context, form_page, posted, reader, save_form


def _qa_editor(request, slug):
    access = reader(request, slug)
    access.require(rules.can_edit_quality_assurance(access))
    return access


# --- multi-agency audits -----------------------------------------------------------------


def audit_list(request, slug):
    access = reader(request, slug)
    audits = MultiAgencyAudit.objects.for_partnership(access.partnership).prefetch_related(
        Prefetch("agencies", queryset=Organisation.objects.order_by("name"))
    )
    return render(request, "evidence/audit_list.html", context(access, audits=audits))


def _audit_for_page(access, pk):
    return get_object_or_404(
        MultiAgencyAudit.objects.for_partnership(access.partnership).prefetch_related(
            "agencies",
            Prefetch("actions", queryset=_actions(access)),
            "activity_entries__subgroup",
        ),
        pk=pk,
    )


def audit_detail(request, slug, pk):
    access = reader(request, slug)
    audit = _audit_for_page(access, pk)
    status_form = None
    if rules.can_edit_quality_assurance(access):
        status_form = AuditStatusForm(prefix="status")
        status_form.fields["status"].choices = [
            (s.value, s.label)
            for s in MultiAgencyAudit.Status
            if s in audit.MOVES[MultiAgencyAudit.Status(audit.status)]
        ]
    return render(
        request, "evidence/audit_detail.html", context(access, audit=audit, status_form=status_form)
    )


def _actions(access):
    """Linked actions this user may read: the same rule as the action register."""
    from subgroups.models import Action

    return Action.objects.visible_to(access).select_related("owner")


@require_http_methods(["GET", "POST"])
def audit_edit(request, slug, pk=None):
    access = _qa_editor(request, slug)
    audit = (
        get_object_or_404(MultiAgencyAudit.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else MultiAgencyAudit(partnership=access.partnership)
    )
    form = AuditForm(posted(request), instance=audit, access=access)
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda a: a.get_absolute_url(),
        success="Audit saved.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change audit" if pk else "Add a multi-agency audit",
        back_url=audit.get_absolute_url() if pk else reverse("evidence:audit_list", args=[slug]),
    )


@require_http_methods(["POST"])
def audit_status(request, slug, pk):
    access = _qa_editor(request, slug)
    audit = get_object_or_404(MultiAgencyAudit.objects.for_partnership(access.partnership), pk=pk)
    form = AuditStatusForm(request.POST, prefix="status")

    def save(f):
        audit.move_to(
            f.cleaned_data["status"], on=f.cleaned_data["on"], note=f.cleaned_data["note"]
        )
        return audit

    response = save_form(
        request,
        form,
        save=save,
        redirect_to=audit.get_absolute_url(),
        success="Audit status changed.",
    )
    if response:
        return response
    audit = _audit_for_page(access, pk)
    return render(
        request,
        "evidence/audit_detail.html",
        context(access, audit=audit, status_form=form),
        status=400,
    )


# --- section 11 --------------------------------------------------------------------------


def s11_list(request, slug):
    access = reader(request, slug)
    cycles = Section11Cycle.objects.for_partnership(access.partnership).annotate(
        n_returns=Count("returns"),
        n_returned=Count("returns", filter=Q(returns__status=Section11Return.Status.RETURNED)),
    )
    return render(request, "evidence/s11_list.html", context(access, cycles=cycles))


@require_http_methods(["GET", "POST"])
def s11_detail(request, slug, pk):
    """The cycle and each agency's return; the QA editor adds returns here."""
    access = reader(request, slug)
    cycle = get_object_or_404(Section11Cycle.objects.for_partnership(access.partnership), pk=pk)
    can_edit = rules.can_edit_quality_assurance(access)
    if request.method == "POST":
        access.require(can_edit)
    form = None
    if can_edit:
        form = Section11ReturnForm(
            posted(request),
            instance=Section11Return(cycle=cycle),
            partnership=access.partnership,
        )
        response = save_form(
            request,
            form,
            save=lambda f: f.save(),
            redirect_to=cycle.get_absolute_url(),
            success="Return recorded.",
        )
        if response:
            return response
    returns = cycle.returns.select_related("organisation")
    return render(
        request,
        "evidence/s11_detail.html",
        context(access, cycle=cycle, returns=returns, form=form),
    )


@require_http_methods(["GET", "POST"])
def s11_edit(request, slug, pk=None):
    access = _qa_editor(request, slug)
    cycle = (
        get_object_or_404(Section11Cycle.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else Section11Cycle(partnership=access.partnership)
    )
    form = Section11CycleForm(posted(request), instance=cycle)
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda c: c.get_absolute_url(),
        success="Section 11 cycle saved.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change section 11 cycle" if pk else "Add a section 11 cycle",
        back_url=reverse("evidence:s11_list", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def s11_return_edit(request, slug, pk):
    access = _qa_editor(request, slug)
    ret = get_object_or_404(
        Section11Return.objects.filter(cycle__partnership=access.partnership).select_related(
            "cycle"
        ),
        pk=pk,
    )
    form = Section11ReturnForm(posted(request), instance=ret, partnership=access.partnership)
    back = ret.cycle.get_absolute_url()
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Return saved."
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change section 11 return",
        caption=ret.cycle.title,
        back_url=back,
    )


# --- section 175/157 ---------------------------------------------------------------------


def school_audit_list(request, slug):
    access = reader(request, slug)
    audits = SchoolAudit.objects.for_partnership(access.partnership).prefetch_related("counts")
    return render(request, "evidence/school_audit_list.html", context(access, audits=audits))


@require_http_methods(["GET", "POST"])
def school_audit_detail(request, slug, pk):
    access = reader(request, slug)
    audit = get_object_or_404(SchoolAudit.objects.for_partnership(access.partnership), pk=pk)
    can_edit = rules.can_edit_quality_assurance(access)
    if request.method == "POST":
        access.require(can_edit)
    form = None
    if can_edit:
        form = SchoolAuditCountForm(
            posted(request),
            instance=SchoolAuditCount(audit=audit, order=audit.counts.count() + 1),
        )
        response = save_form(
            request,
            form,
            save=lambda f: f.save(),
            redirect_to=audit.get_absolute_url(),
            success="Headline count added.",
        )
        if response:
            return response
    return render(
        request,
        "evidence/school_audit_detail.html",
        context(access, audit=audit, counts=audit.counts.all(), form=form),
    )


@require_http_methods(["GET", "POST"])
def school_audit_edit(request, slug, pk=None):
    access = _qa_editor(request, slug)
    audit = (
        get_object_or_404(SchoolAudit.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else SchoolAudit(partnership=access.partnership)
    )
    form = SchoolAuditForm(posted(request), instance=audit)
    response = save_form(
        request,
        form,
        save=lambda f: f.save(),
        redirect_to=lambda a: a.get_absolute_url(),
        success="School audit saved.",
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change school audit" if pk else "Add a section 175/157 school audit",
        back_url=reverse("evidence:school_audit_list", args=[slug]),
    )


# --- feedback from children and families -------------------------------------------------


def feedback_list(request, slug):
    access = reader(request, slug)
    exercises = FeedbackExercise.objects.for_partnership(access.partnership)
    return render(request, "evidence/feedback_list.html", context(access, exercises=exercises))


@require_http_methods(["GET", "POST"])
def feedback_edit(request, slug, pk=None):
    access = _qa_editor(request, slug)
    exercise = (
        get_object_or_404(FeedbackExercise.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else FeedbackExercise(partnership=access.partnership)
    )
    form = FeedbackExerciseForm(posted(request), instance=exercise)
    back = reverse("evidence:feedback_list", args=[slug])
    response = save_form(
        request, form, save=lambda f: f.save(), redirect_to=back, success="Feedback exercise saved."
    )
    return response or form_page(
        request,
        access,
        form,
        title="Change feedback exercise" if pk else "Add a feedback exercise",
        back_url=back,
    )
