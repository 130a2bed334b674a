"""The retention schedule's partnership settings, the monthly review queue and the record
of every disposal (which rule removed what, when and by whom: never the content)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from partnership.models import Partnership
from retention.schedule import BY_KEY, SCHEDULE

TYPE_CHOICES = [(t.key, t.label) for t in SCHEDULE]


class RetentionPeriod(models.Model):
    """A partnership keeping one type of record longer than the default."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="retention_periods"
    )
    record_type = models.CharField(max_length=40, choices=TYPE_CHOICES)
    years = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "record_type"], name="one_retention_period_per_type"
            ),
            models.CheckConstraint(condition=Q(years__lte=100), name="retention_years_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} years"

    def clean(self) -> None:
        default = BY_KEY[self.record_type].years
        if self.years is not None and self.years < default:
            raise ValidationError(
                {"years": f"The schedule keeps these for {default} years: it can only be longer."}
            )


class ReviewItemQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> ReviewItemQuerySet:
        return self.filter(partnership=partnership)

    def waiting(self) -> ReviewItemQuerySet:
        return self.filter(status=ReviewItem.Status.WAITING)


class ReviewItem(models.Model):
    """A record past its retention date, waiting for a decision (built monthly)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a decision"
        HELD = "held", "Held"
        DISPOSED = "disposed", "Disposed of"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="retention_items"
    )
    record_type = models.CharField(max_length=40, choices=TYPE_CHOICES)
    record_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    found_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    hold_reason = models.TextField(blank=True)
    hold_until = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReviewItemQuerySet.as_manager()

    # The reason for a hold is the business manager's note, read only by them.
    shared_text_exempt = {"hold_reason": "a note the business manager writes about the hold"}

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "record_type", "record_id"], name="one_review_per_record"
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | (Q(hold_until__isnull=False) & ~Q(hold_reason="")),
                name="held_item_has_reason_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.record_id} (due {self.due_on:%-d %B %Y})"

    @property
    def rule(self):
        return BY_KEY[self.record_type]


class Disposal(models.Model):
    """What the schedule removed. Holds no content: the type, the id, the rule, who, when."""

    class Action(models.TextChoices):
        DELETED = "deleted", "Deleted"
        ANONYMISED = "anonymised", "Anonymised"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="disposals")
    record_type = models.CharField(max_length=40, choices=TYPE_CHOICES)
    record_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=12, choices=Action.choices)
    rule = models.CharField(max_length=200, help_text="The rule as it stood: type, years, from.")
    rows = models.PositiveIntegerField(help_text="Rows removed or cleared, dependants included.")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_username = models.CharField(max_length=150, help_text="Kept if the account is deleted.")

    shared_text_exempt = "__all__"  # written by the code, no content

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.record_id} {self.get_action_display()}"
