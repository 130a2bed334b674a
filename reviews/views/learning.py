"""Earlier and national reviews, learning briefings, recommendations and their actions."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from reviews import forms, services
from reviews.models import (
    LearningBriefing,
    LegacyReview,
    NationalReviewConsidered,
    PracticeReview,
    RapidReview,
    Recommendation,
)
from reviews.views.common import context, form_page, posted, review_access


def _list_url(slug: str) -> str:
    return reverse("reviews:review_list", args=[slug])


def legacy_review_detail(request, slug, pk):
    access = review_access(request, slug, reading=True)
    review = get_object_or_404(LegacyReview.objects.for_partnership(access.partnership), pk=pk)
    services.log_restricted_access(request.user, review, partnership=access.partnership)
    return render(
        request,
        "reviews/legacyreview_detail.html",
        context(
            access,
            review=review,
            briefings=review.briefings.all(),
            recommendations=review.recommendations.prefetch_related("actions__owner"),
        ),
    )


def legacy_review_edit(request, slug, pk=None):
    access = review_access(request, slug)
    review = (
        get_object_or_404(LegacyReview.objects.for_partnership(access.partnership), pk=pk)
        if pk
        else LegacyReview(partnership=access.partnership)
    )
    form = forms.LegacyReviewForm(posted(request), instance=review, partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title=f"Edit {review}" if review.pk else "Record an earlier review",
        intro="A serious case review or learning review published before the partnership began.",
        record=review if review.pk else None,
        back_url=review.get_absolute_url() if review.pk else _list_url(slug),
        save=lambda f: f.save(),
        success="The review has been saved.",
    )


def national_review_detail(request, slug, pk):
    access = review_access(request, slug, reading=True)
    review = get_object_or_404(
        NationalReviewConsidered.objects.for_partnership(access.partnership), pk=pk
    )
    services.log_restricted_access(request.user, review, partnership=access.partnership)
    return render(
        request,
        "reviews/nationalreviewconsidered_detail.html",
        context(
            access,
            review=review,
            recommendations=review.recommendations.prefetch_related("actions__owner"),
        ),
    )


def national_review_edit(request, slug, pk=None):
    access = review_access(request, slug)
    review = (
        get_object_or_404(
            NationalReviewConsidered.objects.for_partnership(access.partnership), pk=pk
        )
        if pk
        else NationalReviewConsidered(partnership=access.partnership)
    )
    form = forms.NationalReviewForm(posted(request), instance=review)
    return form_page(
        request,
        access,
        form,
        title=f"Edit {review}" if review.pk else "Record a national review considered",
        record=review if review.pk else None,
        back_url=review.get_absolute_url() if review.pk else _list_url(slug),
        save=lambda f: f.save(),
        success="The national review has been saved.",
    )


def briefing_create(request, slug):
    access = review_access(request, slug)
    briefing = LearningBriefing(partnership=access.partnership)
    form = forms.BriefingForm(posted(request), instance=briefing, partnership=access.partnership)
    return form_page(
        request,
        access,
        form,
        title="Record a learning briefing",
        back_url=_list_url(slug),
        save=lambda f: (f.save(), None)[1],
        success="The learning briefing has been recorded.",
    )


SOURCE_MODELS = {
    "practice-review": ("practice_review", PracticeReview, "partnership"),
    "legacy-review": ("legacy_review", LegacyReview, "partnership"),
    "national-review": ("national_review", NationalReviewConsidered, "partnership"),
    "rapid-review": ("rapid_review", RapidReview, "incident__partnership"),
}


def recommendation_create(request, slug, source, source_pk):
    access = review_access(request, slug)
    if source not in SOURCE_MODELS:
        raise Http404("No such review")
    field, model, path = SOURCE_MODELS[source]
    review = get_object_or_404(model, pk=source_pk, **{path: access.partnership})
    recommendation = Recommendation(partnership=access.partnership, **{field: review})
    form = forms.RecommendationForm(
        posted(request), instance=recommendation, partnership=access.partnership
    )
    return form_page(
        request,
        access,
        form,
        title=f"Add a recommendation: {review}",
        record=review,
        back_url=review.get_absolute_url()
        if hasattr(review, "get_absolute_url")
        else review.incident.get_absolute_url(),
        save=lambda f: f.save(),
        success="The recommendation has been added.",
    )


def _recommendation(access, pk) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.for_partnership(access.partnership).with_sources(), pk=pk
    )


def recommendation_detail(request, slug, pk):
    access = review_access(request, slug, reading=True)
    recommendation = _recommendation(access, pk)
    services.log_restricted_access(request.user, recommendation, partnership=access.partnership)
    return render(
        request,
        "reviews/recommendation_detail.html",
        context(
            access,
            recommendation=recommendation,
            source=recommendation.source(),
            actions=recommendation.actions.select_related("owner", "subgroup", "partnership"),
            today=dt.date.today(),
        ),
    )


def recommendation_edit(request, slug, pk):
    access = review_access(request, slug)
    recommendation = _recommendation(access, pk)
    form = forms.RecommendationForm(
        posted(request), instance=recommendation, partnership=access.partnership
    )
    return form_page(
        request,
        access,
        form,
        title=f"Edit {recommendation}",
        record=recommendation,
        back_url=recommendation.get_absolute_url(),
        save=lambda f: f.save(),
        success="The recommendation has been updated.",
    )


def recommendation_status(request, slug, pk):
    access = review_access(request, slug)
    recommendation = _recommendation(access, pk)
    form = forms.RecommendationStatusForm(
        posted(request), initial={"status": recommendation.status}
    )

    def save(f):
        recommendation.move_to(f.cleaned_data["status"], on=dt.date.today())
        return recommendation

    return form_page(
        request,
        access,
        form,
        title=f"Change the status: {recommendation}",
        intro="A recommendation is implemented only once its evidence of impact is recorded.",
        record=recommendation,
        back_url=recommendation.get_absolute_url(),
        save=save,
        success="The status has been changed.",
    )


def recommendation_action_create(request, slug, pk):
    access = review_access(request, slug)
    recommendation = _recommendation(access, pk)
    form = forms.RecommendationActionForm(posted(request), partnership=access.partnership)

    def save(f):
        services.create_action_for_recommendation(recommendation=recommendation, **f.cleaned_data)
        return recommendation

    return form_page(
        request,
        access,
        form,
        title=f"Add an action: {recommendation}",
        intro="The action goes into the partnership's action register, where people outside "
        "the case review group read it. Refer to the case by pseudonym only.",
        record=recommendation,
        back_url=recommendation.get_absolute_url(),
        save=save,
        success="The action has been added to the action register.",
    )
