"""Practice reviews: the record, its status moves (hold, resume, final report, publish,
NSPCC submission) and its milestones."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from reviews import forms, services
from reviews.models import Milestone, PracticeReview
from reviews.views.common import context, form_page, posted, review_access


def _practice_review(access, pk: int) -> PracticeReview:
    return get_object_or_404(
        PracticeReview.objects.for_partnership(access.partnership).with_incident(), pk=pk
    )


def practice_review_detail(request, slug, pk):
    access = review_access(request, slug, reading=True)
    review = _practice_review(access, pk)
    services.log_restricted_access(request.user, review, partnership=access.partnership)
    today = dt.date.today()
    return render(
        request,
        "reviews/practicereview_detail.html",
        context(
            access,
            review=review,
            incident=review.rapid_review.incident,
            deadlines=review.deadlines(today),
            past_target=review.is_past_target(today),
            holds=review.holds.all(),
            milestones=review.milestones.all(),
            recommendations=review.recommendations.prefetch_related("actions__owner"),
            moves=[MOVES[verb] for verb in available_moves(review)],
        ),
    )


def practice_review_edit(request, slug, pk):
    access = review_access(request, slug)
    review = _practice_review(access, pk)
    form = forms.PracticeReviewForm(
        posted(request), instance=review, partnership=access.partnership
    )
    return form_page(
        request,
        access,
        form,
        title=f"Edit {review}",
        intro=f"Target: published by {review.target_on():%-d %B %Y} "
        "(6 calendar months from the decision to commission).",
        record=review,
        back_url=review.get_absolute_url(),
        save=lambda f: f.save(),
        success="The practice review has been updated.",
    )


def _start(review, data):
    review.start()


def _hold(review, data):
    review.hold(on=data["held_on"], reason=data["reason"])


def _resume(review, data):
    review.resume(on=data["resumed_on"], reason=data["resumption_reason"])


def _send(review, data):
    review.send_final_report(
        on=data["final_report_sent_on"], planned_publication_on=data["planned_publication_on"]
    )


def _publish(review, data):
    review.publish(on=data["published_on"], url=data["publication_url"])


def _nspcc(review, data):
    review.record_nspcc_submission(on=data["nspcc_submitted_on"])


S = PracticeReview.Status
MOVES = {
    "start": {
        "verb": "start",
        "to": S.IN_PROGRESS,
        "form": forms.StartForm,
        "call": _start,
        "label": "Mark as in progress",
        "done": "The review is in progress.",
    },
    "hold": {
        "verb": "hold",
        "to": S.ON_HOLD,
        "form": forms.HoldForm,
        "call": _hold,
        "label": "Put on hold",
        "done": "The review is on hold.",
    },
    "resume": {
        "verb": "resume",
        "to": S.IN_PROGRESS,
        "form": forms.ResumeForm,
        "call": _resume,
        "label": "Resume",
        "done": "The review has resumed.",
    },
    "final-report": {
        "verb": "final-report",
        "to": S.REPORT_SENT,
        "form": forms.FinalReportForm,
        "call": _send,
        "label": "Record the final report as sent",
        "done": "The final report is recorded as sent.",
    },
    "publish": {
        "verb": "publish",
        "to": S.PUBLISHED,
        "form": forms.PublishForm,
        "call": _publish,
        "label": "Record publication",
        "done": "The review is recorded as published.",
    },
    "nspcc": {
        "verb": "nspcc",
        "to": None,
        "form": forms.NspccForm,
        "call": _nspcc,
        "label": "Record the NSPCC repository submission",
        "done": "The NSPCC repository submission is recorded.",
    },
}


def available_moves(review: PracticeReview) -> list[str]:
    """The steps that fit the review's status ("start" and "resume" both lead to in progress)."""
    verbs = []
    for verb, move in MOVES.items():
        if verb == "start":
            fits = review.status == S.COMMISSIONED
        elif verb == "resume":
            fits = review.status == S.ON_HOLD
        elif verb == "nspcc":
            fits = review.status == S.PUBLISHED and review.nspcc_submitted_on is None
        else:
            fits = move["to"] in review.MOVES[review.status]
        if fits:
            verbs.append(verb)
    return verbs


def practice_review_move(request, slug, pk, verb):
    access = review_access(request, slug)
    review = _practice_review(access, pk)
    move = MOVES.get(verb)
    if move is None:
        raise Http404("No such step")
    form = move["form"](posted(request))

    def save(f):
        move["call"](review, f.cleaned_data)
        return review

    return form_page(
        request,
        access,
        form,
        title=f"{move['label']}: {review}",
        record=review,
        back_url=review.get_absolute_url(),
        save=save,
        success=move["done"],
    )


def milestone_edit(request, slug, pk, milestone_pk=None):
    access = review_access(request, slug)
    review = _practice_review(access, pk)
    milestone = (
        get_object_or_404(Milestone, practice_review=review, pk=milestone_pk)
        if milestone_pk
        else Milestone(practice_review=review)
    )
    form = forms.MilestoneForm(posted(request), instance=milestone)
    return form_page(
        request,
        access,
        form,
        title=f"{'Edit the' if milestone.pk else 'Add a'} milestone: {review}",
        record=review,
        back_url=review.get_absolute_url(),
        save=lambda f: (f.save(), review)[1],
        success="The milestone has been saved.",
    )
