"""Local child safeguarding practice reviews: commissioning, holds, milestones, publication."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Partnership, VersionedModel
from reviews.deadlines import Deadline, deadline
from reviews.workingdays import add_calendar_months, add_working_days, subtract_working_days

TARGET_MONTHS = 6
FINAL_REPORT_WORKING_DAYS = 7


class PracticeReviewQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> PracticeReviewQuerySet:
        return self.filter(partnership=partnership)

    def in_progress_on(self, day: dt.date) -> PracticeReviewQuerySet:
        """Commissioned by ``day`` and not yet published on it (report: CSPRs in progress)."""
        return self.filter(decision_on__lte=day).filter(
            Q(published_on__isnull=True) | Q(published_on__gt=day)
        )

    def published_between(self, start: dt.date, end: dt.date) -> PracticeReviewQuerySet:
        return self.filter(published_on__gte=start, published_on__lte=end)

    def commissioned_between(self, start: dt.date, end: dt.date) -> PracticeReviewQuerySet:
        return self.filter(decision_on__gte=start, decision_on__lte=end)

    def with_incident(self) -> PracticeReviewQuerySet:
        return self.select_related("rapid_review__incident__partnership")


class PracticeReview(VersionedModel):
    """A local child safeguarding practice review, commissioned from a rapid review."""

    class Status(models.TextChoices):
        COMMISSIONED = "commissioned", "Commissioned"
        IN_PROGRESS = "in_progress", "In progress"
        ON_HOLD = "on_hold", "On hold"
        REPORT_SENT = "report_sent", "Final report sent to the Panel and Secretary of State"
        PUBLISHED = "published", "Published"

    MOVES = {
        Status.COMMISSIONED: {Status.IN_PROGRESS, Status.ON_HOLD},
        Status.IN_PROGRESS: {Status.ON_HOLD, Status.REPORT_SENT},
        Status.ON_HOLD: {Status.IN_PROGRESS},
        Status.REPORT_SENT: {Status.PUBLISHED, Status.IN_PROGRESS},
        Status.PUBLISHED: set(),
    }
    OPEN_STATUSES = [Status.COMMISSIONED, Status.IN_PROGRESS, Status.ON_HOLD, Status.REPORT_SENT]

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="practice_reviews"
    )
    rapid_review = models.OneToOneField(
        "reviews.RapidReview", on_delete=models.PROTECT, related_name="practice_review"
    )
    decision_on = models.DateField(
        "date of the decision to commission", help_text="The 6-month target counts from here."
    )
    reviewer = models.CharField("independent reviewer", max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True)
    terms_agreed_on = models.DateField("terms of reference agreed on", null=True, blank=True)
    delay_reason = models.TextField(
        "reason for delay",
        blank=True,
        help_text="Required once the review is past its 6-month target.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.COMMISSIONED)
    planned_publication_on = models.DateField("planned publication date", null=True, blank=True)
    final_report_sent_on = models.DateField(
        "final report sent to the Panel and Secretary of State on", null=True, blank=True
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField("link to the published report", blank=True)
    nspcc_submitted_on = models.DateField(
        "submitted to the NSPCC national case review repository on", null=True, blank=True
    )
    history = HistoricalRecords()

    objects = PracticeReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="published_review_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["report_sent", "published"])
                | Q(final_report_sent_on__isnull=False),
                name="sent_review_has_report_date",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(published_on__gte=models.F("decision_on")),
                name="review_published_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Practice review: {self.rapid_review.incident}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:practice_review_detail", args=[self.partnership.slug, self.pk])

    # --- clock ---------------------------------------------------------------------------
    def target_on(self) -> dt.date:
        return add_calendar_months(self.decision_on, TARGET_MONTHS)

    def is_past_target(self, today: dt.date) -> bool:
        return (self.published_on or today) > self.target_on()

    def final_report_due(self, publication: dt.date | None = None) -> dt.date | None:
        """The last day the final report may go to the Panel and Secretary of State."""
        day = publication or self.published_on or self.planned_publication_on
        return subtract_working_days(day, FINAL_REPORT_WORKING_DAYS) if day else None

    def deadlines(self, today: dt.date) -> list[Deadline]:
        items = [
            deadline(
                "Practice review published",
                rule="6 calendar months from the decision to commission",
                due_on=self.target_on(),
                done_on=self.published_on,
                today=today,
                record=self,
                late_reason=self.delay_reason,
            )
        ]
        due = self.final_report_due()
        if due is not None:
            items.append(
                deadline(
                    "Final report sent to the Panel and Secretary of State",
                    rule="7 working days before publication",
                    due_on=due,
                    done_on=self.final_report_sent_on,
                    today=today,
                    record=self,
                )
            )
        for milestone in self.milestones.all():
            items.append(
                deadline(
                    f"Milestone: {milestone.title}",
                    rule="Set in the terms of reference",
                    due_on=milestone.due_on,
                    done_on=milestone.completed_on,
                    today=today,
                    record=self,
                )
            )
        return items

    def clean(self) -> None:
        if (
            self.decision_on
            and self.is_past_target(dt.date.today())
            and not self.delay_reason.strip()
        ):
            raise ValidationError(
                {
                    "delay_reason": "The review passed its target of "
                    f"{self.target_on():%-d %B %Y}. "
                    "Enter the reason for the delay."
                }
            )

    # --- status moves --------------------------------------------------------------------
    def _move(self, target: str) -> None:
        if target not in self.MOVES[self.status]:
            raise ValidationError(
                f"A practice review that is “{self.get_status_display().lower()}” cannot be "
                f"moved to “{self.Status(target).label.lower()}”."
            )
        self.status = target

    def _save(self) -> None:
        self.version += 1
        self.save()

    def start(self) -> None:
        self._move(self.Status.IN_PROGRESS)
        self._save()

    def hold(self, *, on: dt.date, reason: str) -> ReviewHold:
        if not reason.strip():
            raise ValidationError({"reason": "Enter why the review is on hold."})
        if on < self.decision_on:
            raise ValidationError(
                {"held_on": "A review cannot be paused before it was commissioned."}
            )
        self._move(self.Status.ON_HOLD)
        self._save()
        return self.holds.create(held_on=on, reason=reason)

    def resume(self, *, on: dt.date, reason: str) -> ReviewHold:
        if not reason.strip():
            raise ValidationError({"resumption_reason": "Enter why and how the review resumed."})
        hold = self.holds.filter(resumed_on__isnull=True).order_by("-held_on").first()
        if hold is not None and on < hold.held_on:
            raise ValidationError({"resumed_on": "A review resumes after it was paused."})
        self._move(self.Status.IN_PROGRESS)
        self._save()
        if hold is None:
            hold = self.holds.create(held_on=on, reason="(not recorded)")
        hold.resumed_on = on
        hold.resumption_reason = reason
        hold.save()
        return hold

    def _require_delay_reason(self, day: dt.date) -> None:
        if day > self.target_on() and not self.delay_reason.strip():
            raise ValidationError(
                f"The review is past its target of {self.target_on():%-d %B %Y}. "
                "Record the reason for the delay first."
            )

    def send_final_report(self, *, on: dt.date, planned_publication_on: dt.date | None) -> None:
        if on < self.decision_on:
            raise ValidationError(
                {"final_report_sent_on": "This is before the review was commissioned."}
            )
        due = self.final_report_due(planned_publication_on)
        if due is not None and on > due:
            raise ValidationError(
                {
                    "planned_publication_on": "The final report must reach the Panel and the "
                    "Secretary of State at least 7 working days before publication: sent on "
                    f"{on:%-d %B %Y}, the earliest publication date is "
                    f"{add_working_days(on, FINAL_REPORT_WORKING_DAYS):%-d %B %Y}."
                }
            )
        self._move(self.Status.REPORT_SENT)
        self.final_report_sent_on = on
        self.planned_publication_on = planned_publication_on
        self._save()

    def publish(self, *, on: dt.date, url: str = "") -> None:
        """Publish; refused unless the final report went out 7 working days before."""
        latest = self.final_report_due(on)
        if self.final_report_sent_on is None or self.final_report_sent_on > latest:
            raise ValidationError(
                {
                    "published_on": "The final report must be sent to the Panel and the "
                    "Secretary of State at least 7 working days before publication: "
                    f"for {on:%-d %B %Y} by {latest:%-d %B %Y}."
                }
            )
        self._require_delay_reason(on)
        self._move(self.Status.PUBLISHED)
        self.published_on = on
        self.publication_url = url
        self._save()

    def record_nspcc_submission(self, *, on: dt.date) -> None:
        if self.status != self.Status.PUBLISHED:
            raise ValidationError("Only a published review is submitted to the NSPCC repository.")
        if on < self.published_on:
            raise ValidationError(
                {"nspcc_submitted_on": "This is before the review was published."}
            )
        self.nspcc_submitted_on = on
        self._save()


class Milestone(models.Model):
    practice_review = models.ForeignKey(
        PracticeReview, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(max_length=200, help_text="For example: practitioner learning event.")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ReviewHold(models.Model):
    """A pause in a practice review and, later, its resumption, each with a reason."""

    practice_review = models.ForeignKey(
        PracticeReview, on_delete=models.CASCADE, related_name="holds"
    )
    held_on = models.DateField("paused on")
    reason = models.TextField("reason for the pause")
    resumed_on = models.DateField(null=True, blank=True)
    resumption_reason = models.TextField("how and why it resumed", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resumed_on__isnull=True) | Q(resumed_on__gte=models.F("held_on")),
                name="hold_resumed_after_paused",
            ),
            models.CheckConstraint(
                condition=Q(resumed_on__isnull=True) | ~Q(resumption_reason=""),
                name="resumption_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Paused {self.held_on:%-d %B %Y}"
