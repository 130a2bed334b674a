"""Working days against hand calculations around England and Wales bank holidays."""

import datetime as dt

import pytest

from reviews.workingdays import (
    add_calendar_months,
    add_working_days,
    is_working_day,
    next_working_day,
    previous_working_day,
    subtract_working_days,
    working_days_between,
)

D = dt.date


def test_the_domain_example_skips_good_friday_and_easter_monday():
    assert add_working_days(D(2026, 4, 1), 5) == D(2026, 4, 10)


def test_day_zero_is_the_trigger_date_itself():
    assert add_working_days(D(2026, 11, 18), 0) == D(2026, 11, 18)
    assert add_working_days(D(2026, 11, 18), 1) == D(2026, 11, 19)


def test_an_ordinary_week_crosses_one_weekend():
    assert add_working_days(D(2026, 11, 18), 5) == D(2026, 11, 25)


@pytest.mark.parametrize(
    "day",
    [
        D(2019, 12, 25),
        D(2019, 12, 26),
        D(2020, 1, 1),
        D(2020, 12, 25),
        D(2020, 12, 28),  # Boxing Day 2020 fell on a Saturday
        D(2021, 12, 27),
        D(2021, 12, 28),
        D(2022, 1, 3),  # substitutes for a weekend Christmas
        D(2022, 12, 26),
        D(2022, 12, 27),
        D(2023, 1, 2),
        D(2020, 4, 10),
        D(2020, 4, 13),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2020, 5, 8),  # early May bank holiday moved for the VE Day anniversary
        D(2022, 6, 2),
        D(2022, 6, 3),  # spring bank holiday moved; platinum jubilee
        D(2022, 9, 19),  # state funeral of Queen Elizabeth II
        D(2023, 5, 8),  # coronation of King Charles III
    ],
)
def test_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2020, 5, 4),  # the usual first Monday in May was a working day in 2020
        D(2022, 5, 30),  # the usual last Monday in May was a working day in 2022
        D(2021, 12, 29),
        D(2022, 1, 4),
        D(2023, 5, 9),
    ],
)
def test_days_around_moved_holidays_are_working_days(day):
    assert is_working_day(day)


def test_saturday_and_sunday_are_not_working_days():
    assert not is_working_day(D(2026, 11, 21))
    assert not is_working_day(D(2026, 11, 22))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Christmas and New Year 2019: Tue 24, Fri 27, Mon 30, Tue 31, Thu 2 Jan.
        (D(2019, 12, 23), 5, D(2020, 1, 2)),
        # Christmas 2020 on a Friday, Boxing Day substitute on Monday 28th.
        (D(2020, 12, 24), 2, D(2020, 12, 30)),
        # Weekend Christmas 2021 and weekend New Year 2022: three substitute days.
        (D(2021, 12, 23), 5, D(2022, 1, 4)),
        # 15 working days across Christmas 2022 and the 2 January 2023 substitute.
        (D(2022, 12, 16), 15, D(2023, 1, 11)),
        # Easter 2020.
        (D(2020, 4, 9), 1, D(2020, 4, 14)),
        # VE Day 2020 (Friday 8 May).
        (D(2020, 5, 7), 1, D(2020, 5, 11)),
        # Spring bank holiday and jubilee 2022 (Thursday 2 and Friday 3 June).
        (D(2022, 6, 1), 1, D(2022, 6, 6)),
        (D(2022, 5, 27), 5, D(2022, 6, 7)),
        # State funeral 2022.
        (D(2022, 9, 16), 1, D(2022, 9, 20)),
        (D(2022, 9, 14), 5, D(2022, 9, 22)),
        # Early May and coronation bank holidays 2023.
        (D(2023, 4, 28), 5, D(2023, 5, 9)),
        (D(2023, 5, 5), 1, D(2023, 5, 9)),
    ],
)
def test_counting_forwards_across_holidays(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("trigger", "n", "expected"),
    [
        # Saturday before Easter 2026: day 0 becomes Tuesday 7 April.
        (D(2026, 4, 4), 5, D(2026, 4, 14)),
        # Good Friday itself.
        (D(2026, 4, 3), 5, D(2026, 4, 14)),
        # A Sunday: day 0 is the Monday.
        (D(2026, 11, 22), 5, D(2026, 11, 30)),
        # Christmas Day 2021 (Saturday): day 0 is Wednesday 29 December.
        (D(2021, 12, 25), 1, D(2021, 12, 30)),
        (D(2021, 12, 25), 15, D(2022, 1, 20)),
    ],
)
def test_a_trigger_on_a_non_working_day_counts_from_the_next_working_day(trigger, n, expected):
    assert add_working_days(trigger, n) == expected


@pytest.mark.parametrize(
    ("end", "n", "expected"),
    [
        (D(2026, 4, 10), 5, D(2026, 4, 1)),
        (D(2022, 1, 4), 5, D(2021, 12, 23)),
        (D(2023, 5, 9), 5, D(2023, 4, 28)),
        (D(2022, 9, 20), 1, D(2022, 9, 16)),
        (D(2022, 6, 6), 7, D(2022, 5, 24)),  # Wed 1, Tue 31, Mon 30, Fri 27, Thu 26, Wed 25, Tue 24
        # Publication on a Sunday counts back from the Friday before.
        (D(2026, 4, 12), 7, D(2026, 3, 30)),
    ],
)
def test_counting_backwards_across_holidays(end, n, expected):
    assert subtract_working_days(end, n) == expected


def test_negative_counts_go_the_other_way():
    assert add_working_days(D(2026, 4, 10), -5) == D(2026, 4, 1)
    assert subtract_working_days(D(2026, 4, 1), -5) == D(2026, 4, 10)


def test_working_days_between_counts_after_day_zero():
    assert working_days_between(D(2026, 4, 1), D(2026, 4, 10)) == 5
    assert working_days_between(D(2026, 4, 1), D(2026, 4, 1)) == 0
    assert working_days_between(D(2026, 4, 4), D(2026, 4, 7)) == 0
    assert working_days_between(D(2026, 4, 10), D(2026, 4, 1)) == -5


def test_next_and_previous_working_day_skip_substitute_days():
    assert next_working_day(D(2021, 12, 25)) == D(2021, 12, 29)
    assert previous_working_day(D(2022, 1, 3)) == D(2021, 12, 31)


def _every_day(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("n", [1, 5, 7, 15])
def test_forwards_and_backwards_agree_for_every_day_2019_to_2027(n):
    for day in _every_day(D(2019, 1, 1), D(2027, 12, 31)):
        deadline = add_working_days(day, n)
        assert is_working_day(deadline)
        assert working_days_between(day, deadline) == n
        assert subtract_working_days(deadline, n) == next_working_day(day)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2019, 11, 15), 6, D(2020, 5, 15)),
        (D(2020, 8, 27), 6, D(2021, 2, 27)),
        (D(2020, 8, 31), 6, D(2021, 2, 28)),
        (D(2019, 8, 31), 6, D(2020, 2, 29)),
        (D(2020, 12, 1), 1, D(2021, 1, 1)),
    ],
)
def test_calendar_months_clamp_to_the_end_of_a_shorter_month(start, months, expected):
    assert add_calendar_months(start, months) == expected
