"""Committee submissions: each time the report goes to a council committee.

Everyone in the partnership reads them; only the business manager records and edits.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from partnership.access import get_access
from partnership.forms import StaleVersionError
from partnership.models import Person
from scrutiny import cover as cover_writer
from scrutiny.forms import (
    CommitteeActionForm,
    CommitteeQuestionForm,
    CommitteeSubmissionForm,
    CoverReportForm,
)
from scrutiny.models import CommitteeAction, CommitteeQuestion, CommitteeSubmission, CoverReport


def _context(access, **extra) -> dict:
    return {"access": access, "partnership": access.partnership, **extra}


def _submission(access, pk) -> CommitteeSubmission:
    return get_object_or_404(CommitteeSubmission.objects.for_partnership(access.partnership), pk=pk)


def submission_list(request, slug):
    access = get_access(request, slug)
    submissions = CommitteeSubmission.objects.for_partnership(access.partnership)
    return render(
        request, "scrutiny/submission_list.html", _context(access, submissions=submissions)
    )


def submission_detail(request, slug, pk):
    access = get_access(request, slug)
    submission = get_object_or_404(
        CommitteeSubmission.objects.for_partnership(access.partnership).prefetch_related(
            "questions", "actions_arising"
        ),
        pk=pk,
    )
    cover = CoverReport.objects.filter(submission=submission).first()
    return render(
        request,
        "scrutiny/submission_detail.html",
        _context(
            access,
            submission=submission,
            cover=cover,
            action_form=CommitteeActionForm() if access.is_business_manager else None,
        ),
    )


def _warn_if_unpublished(request, submission) -> None:
    report = submission.report
    if report is not None and report.status != report.Status.PUBLISHED:
        messages.warning(
            request,
            f"“{report}” is not published yet (it is {report.get_status_display().lower()}). "
            "The committee will read a draft that may still change: attach the published "
            "version once it is out.",
        )


def submission_create(request, slug):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    form = CommitteeSubmissionForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            submission = form.save(commit=False)
            submission.partnership = access.partnership
            submission.save()
        messages.success(request, "Committee submission recorded.")
        _warn_if_unpublished(request, submission)
        return redirect(submission)
    return render(
        request,
        "scrutiny/submission_form.html",
        _context(access, form=form, title="Record a committee submission"),
    )


def submission_edit(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    submission = _submission(access, pk)
    form = CommitteeSubmissionForm(
        request.POST or None, instance=submission, partnership=access.partnership
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Committee submission saved.")
        _warn_if_unpublished(request, submission)
        return redirect(submission)
    return render(
        request,
        "scrutiny/submission_form.html",
        _context(access, form=form, submission=submission, title="Change the committee submission"),
    )


def question_form(request, slug, pk, question_pk=None):
    """Add a question and its answer, or change one."""
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    submission = _submission(access, pk)
    question = (
        get_object_or_404(CommitteeQuestion, submission=submission, pk=question_pk)
        if question_pk
        else None
    )
    form = CommitteeQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                if question is None:
                    saved.submission = submission
                    last = submission.questions.aggregate(m=Max("order"))["m"] or 0
                    saved.order = last + 1
                saved.save()
        except IntegrityError:
            form.add_error(None, "Someone added a question at the same moment. Please save again.")
        else:
            messages.success(request, "Question saved.")
            return redirect(submission)
    return render(
        request,
        "scrutiny/question_form.html",
        _context(access, form=form, submission=submission, question=question),
    )


@require_POST
def question_delete(request, slug, pk, question_pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    submission = _submission(access, pk)
    get_object_or_404(CommitteeQuestion, submission=submission, pk=question_pk).delete()
    messages.success(request, "Question removed.")
    return redirect(submission)


@require_POST
def action_create(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    submission = _submission(access, pk)
    form = CommitteeActionForm(request.POST, submission=submission)
    if form.is_valid():
        action = form.save(commit=False)
        action.submission = submission
        action.save()
        messages.success(request, "Action added.")
        return redirect(submission)
    return render(
        request,
        "scrutiny/submission_detail.html",
        _context(
            access,
            submission=submission,
            cover=CoverReport.objects.filter(submission=submission).first(),
            action_form=form,
        ),
        status=400,
    )


@require_POST
def action_delete(request, slug, pk, action_pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    submission = _submission(access, pk)
    get_object_or_404(CommitteeAction, submission=submission, pk=action_pk).delete()
    messages.success(request, "Action removed.")
    return redirect(submission)


def cover_report_edit(request, slug, pk):
    """Edit the cover report; the first visit drafts it from the records."""
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    submission = _submission(access, pk)
    cover = CoverReport.objects.filter(submission=submission).first()
    if cover is None:
        author = Person.objects.filter(partnership=access.partnership, user=request.user).first()
        cover = cover_writer.prefill(
            submission,
            author_name=author.name if author else "",
            author_email=author.email if author else "",
        )
        cover.save()
    form = CoverReportForm(request.POST or None, instance=cover)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except StaleVersionError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Cover report saved.")
            return redirect(submission)
    return render(
        request,
        "scrutiny/cover_report_form.html",
        _context(access, form=form, submission=submission, cover=cover),
    )


def _cover_for_download(request, slug, pk) -> CoverReport:
    access = get_access(request, slug)
    submission = _submission(access, pk)
    cover = (
        CoverReport.objects.filter(submission=submission)
        .select_related("submission__partnership")
        .first()
    )
    if cover is None:
        cover = cover_writer.prefill(submission)
    return cover


def cover_report_docx(request, slug, pk):
    cover = _cover_for_download(request, slug, pk)
    response = HttpResponse(
        cover_writer.to_docx(cover),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="cover-report-{pk}.docx"'
    return response


def cover_report_pdf(request, slug, pk):
    cover = _cover_for_download(request, slug, pk)
    response = HttpResponse(cover_writer.to_pdf(cover), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cover-report-{pk}.pdf"'
    return response
