"""Key performance indicators: what is measured, and its value period by period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Partnership

from .common import PartnershipQuerySet

# Aggregate counts under this are suppressed in published output (they could identify a child).
SUPPRESSION_THRESHOLD = 5


class IndicatorQuerySet(PartnershipQuerySet):
    pass


class Indicator(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", "Number"
        PERCENT = "percent", "Percentage"
        RATE = "rate", "Rate per 10,000 children"
        DAYS = "days", "Days"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither (context only)"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="indicator_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evidence:indicator_detail", args=[self.partnership.slug, self.pk])

    def format_value(self, value: Decimal) -> str:
        if value == value.to_integral_value():
            text = f"{int(value):,}"
        else:
            text = f"{value.normalize():,f}"
        return f"{text}%" if self.unit == self.Unit.PERCENT else text


@dataclass(frozen=True)
class Comparison:
    """A value against the one before it: ``change`` and ``change_percent`` are signed."""

    value: Decimal
    previous: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    # True when the move is the good way for this indicator, None when it cannot be said.
    improved: bool | None

    @classmethod
    def of(cls, value: Decimal, previous: Decimal | None, direction: str) -> Comparison:
        if previous is None:
            return cls(value, None, None, None, None)
        change = value - previous
        percent = None
        if previous != 0:
            percent = (change * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        improved = None
        if change != 0 and direction != Indicator.Direction.NEITHER:
            improved = (change > 0) == (direction == Indicator.Direction.HIGHER)
        return cls(value, previous, change, percent, improved)

    @property
    def change_percent_whole(self) -> int | None:
        if self.change_percent is None:
            return None
        return int(self.change_percent.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class KpiValueQuerySet(PartnershipQuerySet):
    partnership_path = "indicator__partnership"

    def between(self, start, end):
        """Values whose whole period lies inside the reporting period."""
        return self.filter(period_start__gte=start, period_end__lte=end)

    def with_previous(self):
        """Annotate the indicator's value for the latest period that ended before this one began.

        ``previous_value``, ``previous_start`` and ``previous_end`` are None for the first.
        """
        earlier = KpiValue.objects.filter(
            indicator=OuterRef("indicator"), period_end__lt=OuterRef("period_start")
        ).order_by("-period_end", "-period_start")
        return self.annotate(
            previous_value=Subquery(earlier.values("value")[:1]),
            previous_start=Subquery(earlier.values("period_start")[:1]),
            previous_end=Subquery(earlier.values("period_end")[:1]),
        )

    def for_report(self):
        """Values in the report's order, each with its indicator. With every value up to a
        day loaded, ``KpiValue.fill_previous`` gives what ``with_previous`` would, with no
        subquery per row."""
        return self.select_related("indicator").order_by(
            "indicator__order", "indicator__name", "period_start"
        )


class KpiValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    # Derived in save(): published output shows "fewer than 5" instead of the number.
    suppressed_in_publication = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    objects = KpiValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"], name="kpi_value_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="kpi_period_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(suppressed_in_publication=True) | Q(value__lt=SUPPRESSION_THRESHOLD),
                name="kpi_suppressed_only_when_small",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_label})"

    def save(self, *args, **kwargs):
        self.suppressed_in_publication = self.needs_suppression(self.indicator.unit, self.value)
        super().save(*args, **kwargs)

    @staticmethod
    def needs_suppression(unit: str, value: Decimal) -> bool:
        """Small counts of children are not published; percentages and rates are not counts."""
        return unit == Indicator.Unit.COUNT and 0 <= value < SUPPRESSION_THRESHOLD

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    @staticmethod
    def fill_previous(values: list[KpiValue]) -> None:
        """Set ``previous_value``, ``previous_start`` and ``previous_end`` as
        ``with_previous()`` annotates them, from the values in the list: for a list that holds
        every earlier value of each of its indicators."""
        by_indicator: dict[int, list[KpiValue]] = defaultdict(list)
        for value in values:
            by_indicator[value.indicator_id].append(value)
        for series in by_indicator.values():
            latest_first = sorted(series, key=attrgetter("period_end", "period_start"))[::-1]
            for value in series:
                earlier = next((e for e in latest_first if e.period_end < value.period_start), None)
                value.previous_value = earlier.value if earlier else None
                value.previous_start = earlier.period_start if earlier else None
                value.previous_end = earlier.period_end if earlier else None

    def comparison(self) -> Comparison:
        """Needs ``with_previous()`` on the queryset that loaded this value."""
        previous = self.previous_value
        if previous is not None:
            # Some databases hand back a subquery's decimal with spurious precision.
            previous = Decimal(previous).quantize(Decimal("0.01"))
        return Comparison.of(self.value, previous, self.indicator.direction)

    def previous_period_label(self) -> str:
        """Needs ``with_previous()``."""
        if self.previous_start is None:
            return ""
        return period_label(self.previous_start, self.previous_end)

    def value_text(self) -> str:
        """The value as the partnership's own pages show it (small numbers included)."""
        return self.indicator.format_value(self.value)

    def published_text(self) -> str:
        """The value as published output shows it: small counts are suppressed."""
        if self.suppressed_in_publication:
            return f"fewer than {SUPPRESSION_THRESHOLD}"
        return self.indicator.format_value(self.value)


def period_label(start: dt.date, end: dt.date) -> str:
    """'Jan–Sep 2020' for whole months, full dates otherwise."""
    if start == end:
        return f"{start:%-d %b %Y}"
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole_months and start.year == end.year and start.month == 1 and end.month == 12:
        return str(start.year)
    if not whole_months:
        return f"{start:%-d %b %Y}–{end:%-d %b %Y}"
    if start.year == end.year:
        if start.month == end.month:
            return f"{start:%b %Y}"
        return f"{start:%b}–{end:%b %Y}"
    return f"{start:%b %Y}–{end:%b %Y}"
