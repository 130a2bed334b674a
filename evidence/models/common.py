"""Pieces shared by the evidence records: period filters and the partnership's settings."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnership.models import Partnership


class PartnershipQuerySet(models.QuerySet):
    """Named filters every evidence record answers, so the report reads them uniformly.

    ``partnership_path`` is the lookup from the model to its Partnership; ``date_field``
    is the day that places the record in a reporting period.
    """

    partnership_path = "partnership"
    date_field = "date"

    def for_partnership(self, partnership: Partnership):
        return self.filter(**{self.partnership_path: partnership})

    def between(self, start: dt.date, end: dt.date):
        """Records dated inside the period, both ends included."""
        return self.filter(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})


class SpanQuerySet(PartnershipQuerySet):
    """For records that run over time: ``between`` keeps those that overlap the period."""

    start_field = "started_on"
    end_field = "completed_on"

    def between(self, start: dt.date, end: dt.date):
        return self.filter(**{f"{self.start_field}__lte": end}).filter(
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gte": start})
        )


class EvidenceSettings(models.Model):
    """Per-partnership settings of the evidence records.

    The quality-assurance group is a setting, not a hard-coded name: Worcestershire calls
    it QAPP, Walsall its performance and quality assurance sub-group. Its chair edits the
    audits, feedback exercises, KPIs and training records along with the business manager.
    """

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="evidence_settings"
    )
    qa_subgroup = models.ForeignKey(
        "subgroups.SubGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Quality assurance group",
        help_text="Its chair records audits, feedback, KPIs and training.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evidence settings"
        verbose_name_plural = "evidence settings"

    def __str__(self) -> str:
        return f"Evidence settings for {self.partnership}"
