"""Inspections of the partner agencies by the national inspectorates."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from partnership.models import Organisation, Partnership

from .common import PartnershipQuerySet


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_GRADED = "not_graded", "Not graded"


class InspectionQuerySet(PartnershipQuerySet):
    date_field = "published_on"


class Inspection(models.Model):
    class Inspectorate(models.TextChoices):
        OFSTED = "ofsted", "Ofsted"
        CQC = "cqc", "Care Quality Commission (CQC)"
        HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
        JOINT = "joint", "Joint targeted area inspection"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="inspections"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="inspections"
    )
    inspectorate = models.CharField(max_length=10, choices=Inspectorate.choices)
    title = models.CharField(max_length=200, help_text="For example: Focused visit.")
    published_on = models.DateField()
    overall_rating = models.CharField(max_length=25, choices=Rating.choices)
    safeguarding_rating = models.CharField(
        max_length=25,
        choices=Rating.choices,
        blank=True,
        help_text="Leave blank if the report gives no separate safeguarding judgement.",
    )
    key_findings = models.TextField(help_text="In your own words; link the report for quotes.")
    url = models.URLField(blank=True, verbose_name="Link to the report")
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return f"{self.get_inspectorate_display()}: {self.organisation} ({self.published_on:%B %Y})"
