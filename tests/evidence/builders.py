"""Small keyword builders for evidence records, and helpers for posting GOV.UK forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evidence.models import (
    ActivityEntry,
    BudgetPeriod,
    Contribution,
    CostCentre,
    Course,
    EvidenceSettings,
    ExpenditureLine,
    Heading,
    Indicator,
    KpiValue,
    MultiAgencyAudit,
    OpeningBalance,
    Priority,
    SchoolAudit,
    Section11Cycle,
    TrainingSession,
)
from partnership.models import Organisation, Partnership
from subgroups.models import SubGroup
from tests.factories import date_boxes

dated = date_boxes


def make_qa_group(*, partnership: Partnership, subgroup: SubGroup) -> EvidenceSettings:
    return EvidenceSettings.objects.update_or_create(
        partnership=partnership, defaults={"qa_subgroup": subgroup}
    )[0]


def make_priority(*, partnership: Partnership, name: str = "Neglect", **extra) -> Priority:
    return Priority.objects.create(
        partnership=partnership,
        name=name,
        starts_on=extra.pop("starts_on", dt.date(2019, 4, 1)),
        **extra,
    )


def make_entry(
    *,
    subgroup: SubGroup,
    heading: str = Heading.PROGRESS,
    date: dt.date = dt.date(2020, 1, 10),
    text: str = "Did something.",
    **extra,
) -> ActivityEntry:
    return ActivityEntry.objects.create(
        subgroup=subgroup, heading=heading, date=date, text=text, **extra
    )


def make_audit(
    *,
    partnership: Partnership,
    theme: str = "Strategy discussions",
    status: str = MultiAgencyAudit.Status.PLANNED,
    started_on: dt.date = dt.date(2020, 1, 6),
    **extra,
) -> MultiAgencyAudit:
    return MultiAgencyAudit.objects.create(
        partnership=partnership, theme=theme, status=status, started_on=started_on, **extra
    )


def make_indicator(
    *,
    partnership: Partnership,
    name: str = "Concerns about under-ones",
    unit: str = Indicator.Unit.COUNT,
    direction: str = Indicator.Direction.NEITHER,
) -> Indicator:
    return Indicator.objects.create(
        partnership=partnership, name=name, unit=unit, direction=direction
    )


def make_value(*, indicator: Indicator, start: dt.date, end: dt.date, value) -> KpiValue:
    v = KpiValue(indicator=indicator, period_start=start, period_end=end, value=Decimal(str(value)))
    v.save()
    return v


def make_s11_cycle(*, partnership: Partnership) -> Section11Cycle:
    return Section11Cycle.objects.create(
        partnership=partnership,
        title="Section 11 audit 2020",
        launched_on=dt.date(2020, 9, 14),
        due_on=dt.date(2020, 12, 18),
    )


def make_school_audit(
    *, partnership: Partnership, asked: int = 236, returned: int = 236
) -> SchoolAudit:
    return SchoolAudit.objects.create(
        partnership=partnership,
        title="Section 175 audit",
        reported_on=dt.date(2020, 7, 9),
        schools_asked=asked,
        returns_received=returned,
    )


def make_course(*, partnership: Partnership, title: str = "Levels of Need") -> Course:
    return Course.objects.create(partnership=partnership, title=title, delivery_mode="virtual")


def make_session(*, course: Course) -> TrainingSession:
    return TrainingSession.objects.create(
        course=course, date=dt.date(2020, 7, 14), delivery_mode="virtual"
    )


def make_budget(*, partnership: Partnership, centres=("CF0153 Budget Board",)) -> BudgetPeriod:
    for i, label in enumerate(centres):
        code, name = label.split(" ", 1)
        CostCentre.objects.get_or_create(
            partnership=partnership, code=code, defaults={"name": name, "order": i}
        )
    return BudgetPeriod.objects.create(
        partnership=partnership,
        title="2019 to 2020",
        starts_on=dt.date(2019, 10, 1),
        ends_on=dt.date(2020, 9, 30),
    )


def centre(partnership: Partnership, code: str) -> CostCentre:
    return CostCentre.objects.get(partnership=partnership, code=code)


def add_opening(period: BudgetPeriod, code: str, amount: str) -> OpeningBalance:
    return OpeningBalance.objects.create(
        period=period, cost_centre=centre(period.partnership, code), amount=Decimal(amount)
    )


def add_contribution(
    period: BudgetPeriod, org: Organisation, code: str, amount: str
) -> Contribution:
    return Contribution.objects.create(
        period=period,
        organisation=org,
        cost_centre=centre(period.partnership, code),
        amount=Decimal(amount),
    )


def add_spend(period: BudgetPeriod, name: str, code: str, amount: str) -> ExpenditureLine:
    return ExpenditureLine.objects.create(
        period=period,
        name=name,
        cost_centre=centre(period.partnership, code),
        amount=Decimal(amount),
    )
