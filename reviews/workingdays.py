"""Working-day and calendar-month arithmetic for the statutory clocks (no Django here).

A working day is Monday to Friday and not an England and Wales bank holiday, as the
``holidays`` package knows them (substitute days and one-off days such as the 2022
state funeral included).

The counting rule (Working Together, as the partnership's procedures apply it): the
trigger date is day 0 and the deadline is the n-th working day after it. A trigger on a
non-working day counts as if it happened on the next working day, so a Saturday trigger
gives the same deadline as the Monday after. Counting backwards mirrors this: a
reference date on a non-working day counts from the working day before it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, otherwise the last working day before it."""
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (day 0). Wed 1 Apr 2026 + 5 = Fri 10 Apr 2026."""
    if n < 0:
        return subtract_working_days(start, -n)
    day = next_working_day(start)
    for _ in range(n):
        day = next_working_day(day + ONE_DAY)
    return day


def subtract_working_days(end: dt.date, n: int) -> dt.date:
    """The n-th working day before ``end``: the latest date that is n working days ahead of it.

    Fri 10 Apr 2026 - 5 = Wed 1 Apr 2026.
    """
    if n < 0:
        return add_working_days(end, -n)
    day = previous_working_day(end)
    for _ in range(n):
        day = previous_working_day(day - ONE_DAY)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days ``end`` lies after ``start`` (day 0); negative when before.

    The inverse of ``add_working_days`` for a working-day ``end``:
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    day0 = next_working_day(start)
    count = 0
    day = day0 + ONE_DAY
    while day <= end:
        if is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


def add_calendar_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of a shorter month.

    31 Aug 2020 + 6 = 28 Feb 2021.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
