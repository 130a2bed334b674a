"""Drafts and their workflow: open, preview with the checklist, write, submit, review, sign,
publish."""

from __future__ import annotations

import calendar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.access import get_access, signing_roles
from partnership.forms import StaleVersionError
from partnership.page_cache import cached_page
from reports import kept, services
from reports.approval import changes_since_approval
from reports.assembly import NARRATIVE_KEYS, anchor_for, section_specs
from reports.checklist import checklist
from reports.forms import (
    CommentForm,
    DecisionForm,
    DistributionForm,
    NarrativeForm,
    PublishForm,
    ReplyForm,
    ReportForm,
    SignOffForm,
)
from reports.models import (
    CommentReply,
    DistributionTask,
    Report,
    ReportEvent,
    ReportNarrative,
    SectionComment,
    recipients_text,
)
from reports.quality import quality_checks
from reports.text import with_the
from reports.views.common import acting_person, base_context, get_report


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


def _add_errors(form, error: ValidationError) -> list[str]:
    """A refusal from the model: shown next to the form's field it names; the messages that
    name no field are returned for the page's error summary."""
    if not hasattr(error, "message_dict"):
        return list(error.messages)
    rest = []
    for name, found in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, found)
        else:
            rest.extend(found)
    return rest


def report_list(request, slug):
    access = get_access(request, slug)
    reports = Report.objects.for_partnership(access.partnership).select_related("publication")
    if not access.reads_everything:
        reports = reports.published()
    return render(
        request,
        "reports/report_list.html",
        base_context(access, reports=reports),
    )


def report_create(request, slug):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.open_report(
                partnership=access.partnership,
                by=request.user,
                **{f: form.cleaned_data[f] for f in ("title", "period_start", "period_end")},
            )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, "The draft report has been opened.")
            if report.is_transitional:
                messages.warning(request, report.period_warning())
            for warning in report.cadence_warnings():
                messages.warning(request, warning)
            return redirect(report)
    first = access.partnership.reporting_year_start_month
    year = f"{calendar.month_name[first]} to {calendar.month_name[(first - 2) % 12 + 1]}"
    return render(
        request, "reports/report_form.html", base_context(access, form=form, reporting_year=year)
    )


def _narrative_keys(report: Report) -> list[tuple[str, str]]:
    specs = section_specs(report.partnership)
    titles = {s.key: s.title for s in specs}
    keys = [(k, titles.get(k, k.replace("_", " ").capitalize())) for k in NARRATIVE_KEYS]
    keys += [(s.key, s.title) for s in specs if s.key.startswith("custom:")]
    return keys


def _detail(request, access, report, *, status=200, errors=None, **forms):
    document = kept.document(report)
    version = report.current_version()
    # Once approved, the records are assembled again only to say what changed since.
    changes = (
        changes_since_approval(report, kept.assembled(report))
        if version and report.status != Report.Status.PUBLISHED
        else None
    )
    comments = list(
        report.comments.select_related("author", "resolved_by").prefetch_related("replies__author")
    )
    # A comment quotes its section as it is called now, found by the section's key.
    titles = {s.key: (s.title, s.anchor) for s in document.sections}
    for c in comments:
        c.current_title, c.anchor = titles.get(c.section_key, (c.section_title, ""))
    signoffs = list(report.signoffs.select_related("person", "organisation", "version"))
    events = list(report.events.select_related("by"))
    publication = (
        getattr(report, "publication", None) if report.status == Report.Status.PUBLISHED else None
    )
    tasks = list(publication.distribution_tasks.all()) if publication else []
    sections = [(s.key, s.title) for s in document.sections]
    signing = signing_roles(access, period_end=report.period_end)
    signed_orgs = {s.organisation_id for s in signoffs}
    # The publication checks, shown while the report can still change.
    problems = [] if publication else services.publication_problems(report, document)
    context = base_context(
        access,
        report=report,
        document=document,
        problems=problems,
        checklist=checklist(document),
        quality=[] if publication else quality_checks(report),
        comments=comments,
        signoffs=signoffs,
        events=events,
        publication=publication,
        tasks=tasks,
        narratives=_narrative_keys(report),
        can_sign=[r for r in signing.roles if r.organisation_id not in signed_orgs],
        sign_refusal=signing.refusal,
        leads_only=signing.leads_only,
        comment_form=forms.get("comment_form") or CommentForm(sections=sections),
        reply_form=ReplyForm(),
        open_comments=sum(1 for c in comments if not c.resolved),
        decision_form=forms.get("decision_form") or DecisionForm(),
        distribution_form=forms.get("distribution_form") or DistributionForm(),
        signoff_form=forms.get("signoff_form")
        or SignOffForm(initial={"version": version.pk if version else None}),
        publish_form=forms.get("publish_form") or PublishForm(),
        version=version,
        changes=changes,
        cadence_warnings=report.cadence_warnings() if report.is_editable else [],
        considered=list(report.committee_submissions.order_by("meeting_date", "pk")),
        errors=errors or [],
        Status=Report.Status,
    )
    return render(request, "reports/report_detail.html", context, status=status)


@cached_page()
def report_detail(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.reads_everything)
    return _detail(request, access, report)


def narrative_edit(request, slug, pk, key):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager)
    titles = dict(_narrative_keys(report))
    if key not in titles:
        raise Http404("No such part of the report")
    try:
        report.check_editable()
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
        return redirect(report)
    narrative = ReportNarrative.objects.filter(report=report, key=key).first() or ReportNarrative(
        report=report, key=key
    )
    form = NarrativeForm(
        request.POST or None, instance=narrative, show_signed_as=(key == "foreword")
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                # Re-read under the transaction: the report may have been submitted meanwhile.
                Report.objects.select_for_update().get(pk=report.pk).check_editable()
                form.save()
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, f"{with_the(titles[key], capital=True)} has been saved.")
            return redirect(f"{report.get_absolute_url()}#{anchor_for(key)}")
    return render(
        request,
        "reports/narrative_form.html",
        base_context(access, report=report, form=form, title=titles[key], key=key),
    )


def _workflow(request, access, report, action, success: str):
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        return _detail(request, access, report, status=400, errors=_messages_of(error))
    messages.success(request, success)
    return redirect(report)


@require_POST
def report_submit(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager)
    return _workflow(
        request,
        access,
        report,
        lambda: report.submit(by=request.user),
        "The report has been submitted to the independent chair for review.",
    )


@require_POST
def report_decide(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_independent_chair)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, report, status=400, decision_form=form)
    note = form.cleaned_data["note"]
    if form.cleaned_data["decision"] == "approve":
        try:
            with transaction.atomic():
                report.approve(
                    by=request.user,
                    note=note,
                    despite_comments=form.cleaned_data["despite_comments"],
                )
        except ValidationError as error:
            errors = _add_errors(form, error)
            return _detail(request, access, report, status=400, errors=errors, decision_form=form)
        messages.success(
            request, "You have approved the report. The partner leads can now sign it off."
        )
        return redirect(report)
    return _workflow(
        request,
        access,
        report,
        lambda: report.request_changes(by=request.user, note=note),
        "You have asked for changes. The business manager has been told what to change.",
    )


def _comment(report, comment_pk) -> SectionComment:
    return get_object_or_404(SectionComment, pk=comment_pk, report=report)


@require_POST
def comment_reply(request, slug, pk, comment_pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager or access.is_independent_chair)
    comment = _comment(report, comment_pk)
    form = ReplyForm(request.POST)
    if report.status == Report.Status.PUBLISHED:
        return _detail(request, access, report, status=400, errors=["The report is published."])
    if not form.is_valid():
        return _detail(request, access, report, status=400, errors=["Reply: enter your reply."])
    with transaction.atomic():
        CommentReply.objects.create(
            comment=comment, author=acting_person(access), text=form.cleaned_data["text"]
        )
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.REPLIED,
            by=request.user,
            section_key=comment.section_key,
        )
    messages.success(request, "Your reply has been added.")
    return redirect(f"{report.get_absolute_url()}#comment-{comment.pk}")


@require_POST
def comment_resolve(request, slug, pk, comment_pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_independent_chair)
    comment = _comment(report, comment_pk)
    try:
        with transaction.atomic():
            comment.resolve(by=acting_person(access))
            ReportEvent.objects.create(
                report=report,
                kind=ReportEvent.Kind.RESOLVED,
                by=request.user,
                section_key=comment.section_key,
            )
    except ValidationError as error:
        return _detail(request, access, report, status=400, errors=_messages_of(error))
    messages.success(request, "The comment is marked as resolved.")
    return redirect(f"{report.get_absolute_url()}#comment-{comment.pk}")


@require_POST
def comment_add(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_independent_chair)
    document = kept.document(report)
    form = CommentForm(request.POST, sections=[(s.key, s.title) for s in document.sections])
    if report.status not in (Report.Status.SUBMITTED, Report.Status.APPROVED):
        return _detail(
            request,
            access,
            report,
            status=400,
            errors=["Comments are made while the report is with you for review (submitted)."],
        )
    if not form.is_valid():
        return _detail(request, access, report, status=400, comment_form=form)
    key = form.cleaned_data["section"]
    with transaction.atomic():
        SectionComment.objects.create(
            report=report,
            section_key=key,
            section_title=form.section_titles[key],
            author=acting_person(access),
            text=form.cleaned_data["text"],
        )
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.COMMENTED, by=request.user, section_key=key
        )
    messages.success(request, f"Your comment on “{form.section_titles[key]}” has been added.")
    return redirect(report)


@require_POST
def report_reapprove(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_independent_chair)
    return _workflow(
        request,
        access,
        report,
        lambda: report.reapprove(by=request.user, note=request.POST.get("note", "").strip()),
        "You have approved the report again with the records as they are now. The partner "
        "leads sign this version afresh.",
    )


@require_POST
def report_sign_off(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_partner_lead)
    signing = signing_roles(access, period_end=report.period_end)
    if signing.refusal:
        return _detail(request, access, report, status=400, errors=[signing.refusal])
    roles = {str(r.organisation_id): r for r in signing.roles}
    role = roles.get(request.POST.get("organisation", "")) or (
        next(iter(roles.values())) if len(roles) == 1 else None
    )
    if role is None:
        return _detail(
            request, access, report, status=400, errors=["Choose the partner you sign for."]
        )
    form = SignOffForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, report, status=400, signoff_form=form)
    version = report.versions.filter(pk=form.cleaned_data["version"]).first()
    if version is None:
        return _detail(
            request, access, report, status=400, errors=["Sign the version you have read."]
        )
    return _workflow(
        request,
        access,
        report,
        lambda: report.sign_off(
            person=role.person,
            organisation=role.organisation,
            by=request.user,
            capacity=role.kind,
            on=form.cleaned_data["signed_on"],
            version=version,
        ),
        f"You have signed off version {version.number} of the report for {role.organisation} "
        f"as its {role.get_kind_display().lower()}.",
    )


@require_POST
def report_publish(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, report, status=400, publish_form=form)
    try:
        published = services.publish(report, by=request.user, on=form.cleaned_data["published_on"])
    except ValidationError as error:
        errors = _add_errors(form, error)
        return _detail(request, access, report, status=400, errors=errors, publish_form=form)
    messages.success(
        request,
        f"The report is published (version {published.edition}). Send it to "
        f"{recipients_text(published.period_end)} by "
        f"{published.distribution_tasks.first().due_on:%d %B %Y}.",
    )
    return redirect(report)


@require_POST
def report_new_version(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager)
    try:
        draft = services.new_version(report, by=request.user)
    except ValidationError as error:
        return _detail(request, access, report, status=400, errors=_messages_of(error))
    messages.success(request, f"Version {draft.edition} has been opened as a draft.")
    return redirect(draft)


@require_POST
def distribution_sent(request, slug, pk, task_pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager)
    task = get_object_or_404(DistributionTask, pk=task_pk, published__report=report)
    form = DistributionForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, report, status=400, distribution_form=form)
    try:
        task.mark_sent(on=form.cleaned_data["sent_on"], note=form.cleaned_data["note"])
    except ValidationError as error:
        errors = _add_errors(form, error)
        return _detail(request, access, report, status=400, errors=errors, distribution_form=form)
    messages.success(request, f"Recorded as sent to the {task.recipient_name()}.")
    return redirect(report)


def report_download(request, slug, pk, fmt):
    """The draft as PDF or DOCX, assembled now; a published report's PDF is its frozen copy."""
    access, report = get_report(request, slug, pk)
    access.require(access.reads_everything)
    if fmt not in ("pdf", "docx"):
        raise Http404("No such format")
    filename = (
        f"{report.partnership.slug}-report-{report.period_start:%Y}-"
        f"{report.period_end:%Y}-v{report.edition}"
    )
    if fmt == "pdf":
        publication = getattr(report, "publication", None)
        body = bytes(publication.pdf) if publication else kept.draft_file(report, "pdf")
        response = HttpResponse(body, content_type="application/pdf")
    else:
        body = kept.draft_file(report, "docx")
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
