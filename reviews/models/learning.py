"""Reviews published before the partnership, national reviews considered, learning
briefings, and the recommendations of any review with the actions that implement them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Partnership, VersionedModel


class LegacyReviewQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> LegacyReviewQuerySet:
        return self.filter(partnership=partnership)

    def published_between(self, start: dt.date, end: dt.date) -> LegacyReviewQuerySet:
        return self.filter(published_on__gte=start, published_on__lte=end)


class LegacyReview(VersionedModel):
    """A serious case review or learning review of the predecessor board."""

    class Kind(models.TextChoices):
        SERIOUS_CASE_REVIEW = "scr", "Serious case review"
        LEARNING_REVIEW = "learning", "Learning review"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="legacy_reviews"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    pseudonym = models.CharField(max_length=60, help_text="The name the published review uses.")
    case_number = models.CharField(max_length=30, blank=True)
    commissioned_by = models.CharField(
        max_length=200, blank=True, help_text="For example the predecessor board."
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField("link to the published review or summary", blank=True)
    learning = models.TextField("summary of the learning", blank=True)
    history = HistoricalRecords()

    objects = LegacyReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "pseudonym"], name="legacy_review_unique"
            )
        ]

    def __str__(self) -> str:
        number = f" ({self.case_number})" if self.case_number else ""
        return f"{self.get_kind_display()} “{self.pseudonym}”{number}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:legacy_review_detail", args=[self.partnership.slug, self.pk])


class NationalReviewQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> NationalReviewQuerySet:
        return self.filter(partnership=partnership)

    def considered_between(self, start: dt.date, end: dt.date) -> NationalReviewQuerySet:
        return self.filter(considered_on__gte=start, considered_on__lte=end)


class NationalReviewConsidered(VersionedModel):
    """A national review or Panel report the case review group considered locally."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="national_reviews"
    )
    title = models.CharField(max_length=300)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField("link", blank=True)
    considered_on = models.DateField("considered by the group on")
    implications = models.TextField("implications for local practice", blank=True)
    history = HistoricalRecords()

    objects = NationalReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-considered_on"]
        verbose_name = "national review considered"
        verbose_name_plural = "national reviews considered"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:national_review_detail", args=[self.partnership.slug, self.pk])


class LearningBriefing(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="learning_briefings"
    )
    title = models.CharField(max_length=300)
    published_on = models.DateField()
    url = models.URLField("link", blank=True)
    summary = models.TextField(blank=True)
    legacy_review = models.ForeignKey(
        LegacyReview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="briefings",
        help_text="The earlier review it draws on, if one.",
    )
    practice_review = models.ForeignKey(
        "reviews.PracticeReview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="briefings",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title


class RecommendationQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> RecommendationQuerySet:
        return self.filter(partnership=partnership)

    def with_sources(self) -> RecommendationQuerySet:
        return self.select_related(
            "practice_review__rapid_review__incident",
            "legacy_review",
            "national_review",
            "rapid_review__incident",
        ).prefetch_related("actions__owner")


SOURCES = ["practice_review", "legacy_review", "national_review", "rapid_review"]


def _exactly_one_source() -> Q:
    condition = Q(pk__in=[])
    for chosen in SOURCES:
        clause = Q(**{f"{chosen}__isnull": False})
        for other in SOURCES:
            if other != chosen:
                clause &= Q(**{f"{other}__isnull": True})
        condition |= clause
    return condition


class Recommendation(VersionedModel):
    """A recommendation of any review; the actions implementing it sit in the action register."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        IMPLEMENTED = "implemented", "Implemented"

    MOVES = {
        Status.NOT_STARTED: {Status.IN_PROGRESS, Status.IMPLEMENTED},
        Status.IN_PROGRESS: {Status.NOT_STARTED, Status.IMPLEMENTED},
        Status.IMPLEMENTED: {Status.IN_PROGRESS},
    }

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="review_recommendations"
    )
    practice_review = models.ForeignKey(
        "reviews.PracticeReview",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    legacy_review = models.ForeignKey(
        LegacyReview,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    national_review = models.ForeignKey(
        NationalReviewConsidered,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    rapid_review = models.ForeignKey(
        "reviews.RapidReview",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    number = models.CharField(max_length=10, blank=True, help_text="As numbered in the review.")
    text = models.TextField("recommendation")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.TextField(blank=True, help_text="What has been done so far.")
    impact_evidence = models.TextField(
        "evidence of impact",
        blank=True,
        help_text="What has changed for children and families, and how you know.",
    )
    implemented_on = models.DateField(null=True, blank=True)
    actions = models.ManyToManyField(
        "subgroups.Action", blank=True, related_name="review_recommendations"
    )
    history = HistoricalRecords(m2m_fields=[actions])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_source(), name="recommendation_one_source"
            ),
            models.CheckConstraint(
                condition=~Q(status="implemented") | Q(implemented_on__isnull=False),
                name="implemented_recommendation_has_date",
            ),
        ]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        return f"Recommendation{number} of {self.source()}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:recommendation_detail", args=[self.partnership.slug, self.pk])

    def source(self):
        for name in SOURCES:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def move_to(self, status: str, *, on: dt.date) -> None:
        if status not in self.MOVES[self.status]:
            raise ValidationError(
                {
                    "status": "A recommendation that is "
                    f"“{self.get_status_display().lower()}” cannot be moved "
                    f"to “{self.Status(status).label.lower()}”."
                }
            )
        if status == self.Status.IMPLEMENTED and not self.impact_evidence.strip():
            raise ValidationError(
                {"status": "Record the evidence of impact before marking it implemented."}
            )
        self.status = status
        self.implemented_on = on if status == self.Status.IMPLEMENTED else None
        self.version += 1
        self.save()
