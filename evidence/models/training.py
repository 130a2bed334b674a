"""Multi-agency training: courses, sessions, who attended, and what changed afterwards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Organisation, Partnership

from .common import PartnershipQuerySet


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual (online)"
    BLENDED = "blended", "Blended"


class CourseQuerySet(PartnershipQuerySet):
    def between(self, start, end):
        """Courses with a session or an evaluation in the period, or being developed then."""
        return self.filter(
            Q(sessions__date__gte=start, sessions__date__lte=end)
            | Q(evaluations__collected_on__gte=start, evaluations__collected_on__lte=end)
            | Q(status=Course.Status.IN_DEVELOPMENT)
        ).distinct()


class Course(models.Model):
    class Status(models.TextChoices):
        IN_DEVELOPMENT = "in_development", "In development"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        RETIRED = "retired", "No longer offered"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    delivered_by = models.CharField(
        max_length=200, blank=True, help_text="For example: with the LADO."
    )
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, help_text="How it is delivered now."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    history = HistoricalRecords()

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="course_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:course_detail", args=[self.partnership.slug, self.pk])


class TrainingSessionQuerySet(PartnershipQuerySet):
    partnership_path = "course__partnership"
    date_field = "date"


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    delivery_mode = models.CharField(max_length=20, choices=DeliveryMode.choices)
    places = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.course} on {self.date:%-d %B %Y}"


class SessionAttendance(models.Model):
    """How many people from one agency attended a session."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="training_attendance"
    )
    count = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation"], name="one_attendance_count_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.count}"


class EvaluationQuerySet(PartnershipQuerySet):
    partnership_path = "course__partnership"
    date_field = "collected_on"


class CourseEvaluation(models.Model):
    """Evaluation beyond satisfaction: what practitioners now do differently."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluations")
    collected_on = models.DateField()
    respondents = models.PositiveIntegerField(null=True, blank=True)
    satisfaction_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Share of respondents satisfied or very satisfied."
    )
    comments = models.TextField(blank=True, help_text="What attendees said, in short.")
    what_changed = models.TextField(
        blank=True, help_text="What changed in practice afterwards, and how you know."
    )
    history = HistoricalRecords()

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["collected_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction_percent__isnull=True) | Q(satisfaction_percent__lte=100),
                name="satisfaction_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.course} ({self.collected_on:%B %Y})"
