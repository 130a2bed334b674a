"""Quality assurance: multi-agency audits, section 11 and section 175/157 audits, and
feedback from children and families."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Organisation, Partnership

from .common import PartnershipQuerySet, SpanQuerySet


class AuditQuerySet(SpanQuerySet):
    start_field = "started_on"
    end_field = "completed_on"


class MultiAgencyAudit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        ON_HOLD = "on_hold", "On hold"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    MOVES = {
        Status.PLANNED: {Status.IN_PROGRESS, Status.ON_HOLD, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.ON_HOLD, Status.COMPLETED, Status.CANCELLED},
        Status.ON_HOLD: {Status.IN_PROGRESS, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: {Status.PLANNED},
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="audits")
    theme = models.CharField(max_length=200, help_text="For example: Police contacts.")
    agencies = models.ManyToManyField(Organisation, blank=True, related_name="audits")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_note = models.CharField(
        max_length=300, blank=True, help_text="Why it is on hold or cancelled, for example."
    )
    findings = models.TextField(blank=True)
    actions = models.ManyToManyField(
        "subgroups.Action", blank=True, related_name="audits", help_text="Actions arising."
    )
    history = HistoricalRecords(m2m_fields=[agencies])

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "theme"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="audit_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="completed_audit_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.theme

    def get_absolute_url(self) -> str:
        return reverse("evidence:audit_detail", args=[self.partnership.slug, self.pk])

    def move_to(self, status: str, *, on: dt.date, note: str = "") -> None:
        if status not in self.MOVES[self.Status(self.status)]:
            raise ValidationError(
                {
                    "status": f"An audit that is {self.get_status_display().lower()} cannot be "
                    f"moved to {self.Status(status).label.lower()}."
                }
            )
        if status == self.Status.COMPLETED:
            if on < self.started_on:
                raise ValidationError({"on": "An audit cannot be completed before it started."})
            self.completed_on = on
        elif status == self.Status.PLANNED:
            self.completed_on = None
        self.status = status
        self.status_note = note
        self.save()


class Section11CycleQuerySet(PartnershipQuerySet):
    date_field = "launched_on"


class Section11Cycle(models.Model):
    """One round of section 11 self-assessment across the agencies."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="section11_cycles"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Format and areas covered.")
    launched_on = models.DateField()
    due_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = Section11CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-launched_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("launched_on")), name="s11_due_after_launch"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:s11_detail", args=[self.partnership.slug, self.pk])


class Section11Return(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        IN_PROGRESS = "in_progress", "In progress"
        RETURNED = "returned", "Returned"
        NOT_RETURNED = "not_returned", "Not returned"

    cycle = models.ForeignKey(Section11Cycle, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="section11_returns"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    returned_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"], name="one_s11_return_per_agency"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_on__isnull=False),
                name="s11_returned_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"


class SchoolAuditQuerySet(PartnershipQuerySet):
    date_field = "reported_on"


class SchoolAudit(models.Model):
    """A section 175 (maintained schools) / 157 (independent schools, FE) audit round."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="school_audits"
    )
    title = models.CharField(max_length=200)
    reported_on = models.DateField(help_text="When the results were reported.")
    schools_asked = models.PositiveIntegerField()
    returns_received = models.PositiveIntegerField()
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = SchoolAuditQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returns_received__lte=models.F("schools_asked")),
                name="s175_returns_not_above_asked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:school_audit_detail", args=[self.partnership.slug, self.pk])

    @property
    def return_rate(self) -> Decimal | None:
        """Percentage of schools that returned the audit, to one decimal place."""
        if not self.schools_asked:
            return None
        rate = Decimal(self.returns_received) * 100 / Decimal(self.schools_asked)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class SchoolAuditCount(models.Model):
    """A headline count from the returns, e.g. schools promoting an early help offer: 191."""

    audit = models.ForeignKey(SchoolAudit, on_delete=models.CASCADE, related_name="counts")
    label = models.CharField(max_length=200)
    count = models.PositiveIntegerField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "label"], name="s175_count_label_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.count}"


class FeedbackQuerySet(SpanQuerySet):
    start_field = "started_on"
    end_field = "ended_on"


class FeedbackExercise(models.Model):
    """How the partnership sought the views of children and families, and what it did."""

    class Method(models.TextChoices):
        ONLINE_SURVEY = "online_survey", "Online survey"
        PAPER_SURVEY = "paper_survey", "Paper or phone survey"
        INTERVIEWS = "interviews", "Interviews or conversations"
        FOCUS_GROUP = "focus_group", "Focus group"
        CASE_AUDIT = "case_audit", "Question in case file audits"
        CONFERENCE = "conference", "Child protection conference feedback"
        YOUNG_INSPECTORS = "young_inspectors", "Young people inspecting services"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="feedback_exercises"
    )
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    who = models.CharField(
        max_length=200,
        blank=True,
        help_text="Whose views: for example families receiving early help.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    respondents = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave blank if not yet known."
    )
    what_they_said = models.TextField(blank=True)
    what_changed = models.TextField(blank=True, help_text="What the partnership did as a result.")
    history = HistoricalRecords()

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="feedback_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title
