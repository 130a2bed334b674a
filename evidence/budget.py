"""The budget appendix, computed from the period's records (a pure read).

Sign convention: income and expenditure are both shown as positive sums, and
``net = income - expenditure`` (positive: surplus, negative: deficit). The closing
holding-account balance of each cost centre is its opening balance plus its net.
Spreadsheets often show income as negative numbers; this product does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from evidence.models import BudgetPeriod, CostCentre

ZERO = Decimal("0.00")


def whole_pounds(amount: Decimal) -> int:
    """Round to whole pounds as published tables do (half a pound rounds up)."""
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def position(net: Decimal) -> str:
    if net > 0:
        return "surplus"
    if net < 0:
        return "deficit"
    return "balanced"


@dataclass(frozen=True)
class CentreColumn:
    code: str
    name: str
    opening: Decimal
    income: Decimal
    expenditure: Decimal

    @property
    def net(self) -> Decimal:
        return self.income - self.expenditure

    @property
    def closing(self) -> Decimal:
        return self.opening + self.net

    @property
    def position(self) -> str:
        return position(self.net)


@dataclass(frozen=True)
class BudgetRow:
    """A line of the table: one amount per cost centre (in column order) and the total."""

    label: str
    amounts: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)


@dataclass(frozen=True)
class BudgetSummary:
    period_title: str
    starts_on: object
    ends_on: object
    centres: tuple[CentreColumn, ...]
    contributions: tuple[BudgetRow, ...]
    expenditure: tuple[BudgetRow, ...]

    @property
    def opening_total(self) -> Decimal:
        return sum((c.opening for c in self.centres), ZERO)

    @property
    def income_total(self) -> Decimal:
        return sum((c.income for c in self.centres), ZERO)

    @property
    def expenditure_total(self) -> Decimal:
        return sum((c.expenditure for c in self.centres), ZERO)

    @property
    def net_total(self) -> Decimal:
        return self.income_total - self.expenditure_total

    @property
    def closing_total(self) -> Decimal:
        return self.opening_total + self.net_total

    @property
    def position(self) -> str:
        return position(self.net_total)

    def opening_row(self) -> BudgetRow:
        return BudgetRow("Holding account at the start", tuple(c.opening for c in self.centres))

    def income_row(self) -> BudgetRow:
        return BudgetRow("Total income", tuple(c.income for c in self.centres))

    def expenditure_row(self) -> BudgetRow:
        return BudgetRow("Total expenditure", tuple(c.expenditure for c in self.centres))

    def net_row(self) -> BudgetRow:
        return BudgetRow("Net position", tuple(c.net for c in self.centres))

    def closing_row(self) -> BudgetRow:
        return BudgetRow("Holding account at the end", tuple(c.closing for c in self.centres))


def budget_summary(period: BudgetPeriod) -> BudgetSummary:
    """Everything the budget appendix shows, computed; five queries whatever the size."""
    # A cost centre retired before the period began is no column of it, unless used in it.
    used = (
        Q(pk__in=period.openings.values("cost_centre_id"))
        | Q(pk__in=period.contributions.values("cost_centre_id"))
        | Q(pk__in=period.expenditure.values("cost_centre_id"))
    )
    centres = list(
        CostCentre.objects.filter(partnership_id=period.partnership_id).filter(
            Q(retired_on__isnull=True) | Q(retired_on__gt=period.starts_on) | used
        )
    )
    index = {c.pk: i for i, c in enumerate(centres)}
    width = len(centres)

    opening = [ZERO] * width
    for row in period.openings.all():
        opening[index[row.cost_centre_id]] += row.amount

    income = [ZERO] * width
    by_partner: dict[str, list[Decimal]] = {}
    contributions = (
        period.contributions.select_related("organisation")
        .prefetch_related("organisation__names")
        .order_by("pk")
    )
    for row in contributions:
        income[index[row.cost_centre_id]] += row.amount
        # The partner's name during the period: a CCG before July 2022, an ICB after.
        name = row.organisation.name_on(period.ends_on)
        by_partner.setdefault(name, [ZERO] * width)[index[row.cost_centre_id]] += row.amount

    spent = [ZERO] * width
    by_line: dict[str, list[Decimal]] = {}
    for row in period.expenditure.order_by("order", "pk"):
        spent[index[row.cost_centre_id]] += row.amount
        by_line.setdefault(row.name, [ZERO] * width)[index[row.cost_centre_id]] += row.amount

    return BudgetSummary(
        period_title=period.title,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        centres=tuple(
            CentreColumn(c.code, c.name, opening[i], income[i], spent[i])
            for i, c in enumerate(centres)
        ),
        contributions=tuple(BudgetRow(name, tuple(v)) for name, v in by_partner.items()),
        expenditure=tuple(BudgetRow(name, tuple(v)) for name, v in by_line.items()),
    )
