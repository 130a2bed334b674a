"""Sub-group activity for the report, and the partnership's priorities.

Entries sit under the headings the yearly reports use. Reports tend to describe activity
rather than its effect, so a priority that has activity but no impact evidence is flagged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Partnership

from .common import PartnershipQuerySet, SpanQuerySet


class Heading(models.TextChoices):
    PROGRESS = "progress", "Progress and achievements"
    IMPACT = "impact", "Evidence of impact"
    VOICE = "voice", "Voice of the child and family"
    DEVELOPMENT = "development", "Areas for development"
    NEXT_STEPS = "next_steps", "Next steps"


class PriorityQuerySet(SpanQuerySet):
    start_field = "starts_on"
    end_field = "ends_on"

    def with_evidence_counts(self, start=None, end=None):
        """Annotate ``activity_count`` (entries of any heading) and ``impact_count``.

        With a period, only entries dated inside it count.
        """
        in_period = Q()
        if start and end:
            in_period = Q(entries__date__gte=start, entries__date__lte=end)
        return self.annotate(
            activity_count=Count("entries", filter=in_period, distinct=True),
            impact_count=Count(
                "entries", filter=in_period & Q(entries__heading=Heading.IMPACT), distinct=True
            ),
        )

    def lacking_impact(self, start=None, end=None):
        """Priorities with activity but no evidence of impact: the report must say so."""
        return self.with_evidence_counts(start, end).filter(activity_count__gt=0, impact_count=0)


class Priority(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="priorities"
    )
    name = models.CharField(max_length=200, help_text="For example: Neglect.")
    description = models.TextField(blank=True, help_text="What the partnership wants to change.")
    starts_on = models.DateField(help_text="When this became a priority.")
    ends_on = models.DateField(null=True, blank=True, help_text="Leave blank while it is current.")
    history = HistoricalRecords()

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name", "starts_on"], name="priority_unique_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="priority_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evidence:priority_detail", args=[self.partnership.slug, self.pk])

    def lacks_impact(self) -> bool:
        """Reads the counts annotated by ``with_evidence_counts``."""
        return self.activity_count > 0 and self.impact_count == 0


class ActivityEntryQuerySet(PartnershipQuerySet):
    partnership_path = "subgroup__partnership"
    date_field = "date"

    def for_subgroup(self, subgroup):
        return self.filter(subgroup=subgroup)

    def under(self, heading: str):
        return self.filter(heading=heading)

    def for_report(self):
        """In the report's order, each with the name of its sub-group as ``subgroup_name``
        (a column of the join, not a sub-group built for every entry; the report reads only
        the ids of the priority, meeting and audit)."""
        return self.annotate(subgroup_name=F("subgroup__name")).order_by(
            "subgroup__order", "subgroup__name", "date", "pk"
        )


class ActivityEntry(models.Model):
    """One dated piece of a sub-group's work, written by its chair for the report."""

    subgroup = models.ForeignKey(
        "subgroups.SubGroup", on_delete=models.CASCADE, related_name="activity_entries"
    )
    date = models.DateField()
    heading = models.CharField(max_length=20, choices=Heading.choices)
    text = models.TextField()
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    meeting = models.ForeignKey(
        "subgroups.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_entries",
    )
    audit = models.ForeignKey(
        "evidence.MultiAgencyAudit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_entries",
    )
    related_review = models.CharField(
        max_length=100,
        blank=True,
        help_text="The case review's pseudonym or number, never the child's name.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ActivityEntryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["subgroup", "date"], name="activity_subgroup_date")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="activity_entry_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.get_heading_display()}: {self.text[:60]}"
