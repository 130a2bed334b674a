"""The partnership's money for a reporting period: the report's budget appendix.

Every amount is entered as a positive sum of money in the direction its name says
(a contribution is income, an expenditure line is spending; a negative expenditure line
is a refund or credit). Totals, net position and closing balances are never stored: see
``evidence.budget.budget_summary``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Organisation, Partnership

from .common import PartnershipQuerySet


class BudgetPeriodQuerySet(PartnershipQuerySet):
    def between(self, start, end):
        """Budget periods that overlap the reporting period."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)


class BudgetPeriod(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="budget_periods"
    )
    title = models.CharField(max_length=200, help_text="For example: 2019 to 2020.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = BudgetPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "starts_on"], name="budget_period_start_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="budget_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:budget_detail", args=[self.partnership.slug, self.pk])


class CostCentreQuerySet(PartnershipQuerySet):
    def choosable(self, keep=()):
        """The choices for a new budget line: not the retired ones (``keep``, a line's own
        cost centre, stays so that the line can still be saved)."""
        return self.filter(Q(retired_on__isnull=True) | Q(pk__in=keep))


class CostCentre(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="cost_centres"
    )
    code = models.CharField(max_length=20, help_text="For example: CF0153.")
    name = models.CharField(max_length=100, help_text="For example: Budget Board.")
    order = models.PositiveSmallIntegerField(default=0)
    retired_on = models.DateField(
        null=True, blank=True, help_text="Kept in past budgets; not offered for new lines."
    )
    history = HistoricalRecords()

    objects = CostCentreQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="cost_centre_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OpeningBalance(models.Model):
    """The holding-account balance of a cost centre at the start of the period."""

    period = models.ForeignKey(BudgetPeriod, on_delete=models.CASCADE, related_name="openings")
    cost_centre = models.ForeignKey(CostCentre, on_delete=models.PROTECT, related_name="openings")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cost_centre__order", "cost_centre__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "cost_centre"], name="one_opening_balance_per_centre"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_centre}: {self.amount}"


class Contribution(models.Model):
    """Income: what a partner paid in."""

    period = models.ForeignKey(BudgetPeriod, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contributions"
    )
    cost_centre = models.ForeignKey(
        CostCentre, on_delete=models.PROTECT, related_name="contributions"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__kind", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation", "cost_centre"],
                name="one_contribution_per_partner_centre",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.amount}"


class ExpenditureLine(models.Model):
    """Spending under a line name in one cost centre; a negative amount is a credit."""

    period = models.ForeignKey(BudgetPeriod, on_delete=models.CASCADE, related_name="expenditure")
    name = models.CharField(max_length=200, help_text="For example: Salaries.")
    cost_centre = models.ForeignKey(
        CostCentre, on_delete=models.PROTECT, related_name="expenditure"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "name", "cost_centre"], name="one_expenditure_line_per_centre"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cost_centre.code}): {self.amount}"
