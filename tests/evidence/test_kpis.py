"""KPI values: comparison with the previous period, suppression of small numbers."""

import datetime as dt
from decimal import Decimal

from evidence.models import Comparison, Indicator, KpiValue, period_label
from tests.evidence.builders import make_indicator, make_value

d = dt.date


def test_682_concerns_about_under_ones_is_36_percent_up_on_the_same_period_a_year_before(
    partnership,
):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2019, 1, 1), end=d(2019, 9, 30), value=501)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 9, 30), value=682)
    latest = KpiValue.objects.for_partnership(partnership).with_previous().get(value=682)
    c = latest.comparison()
    assert c.previous == Decimal("501.00")
    assert c.change == Decimal("181.00")
    assert c.change_percent == Decimal("36.1")
    assert c.change_percent_whole == 36
    assert latest.previous_period_label() == "Jan–Sep 2019"
    assert latest.period_label == "Jan–Sep 2020"


def test_the_previous_value_is_the_latest_period_ending_before_this_one_starts(partnership):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2019, 10, 1), end=d(2019, 12, 31), value=10)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value=12)
    make_value(indicator=indicator, start=d(2020, 4, 1), end=d(2020, 6, 30), value=9)
    other = make_indicator(partnership=partnership, name="Other")
    make_value(indicator=other, start=d(2020, 1, 1), end=d(2020, 3, 31), value=1000)
    values = list(indicator.values.with_previous().order_by("period_start"))
    assert [v.comparison().previous for v in values] == [None, Decimal("10.00"), Decimal("12.00")]
    assert values[2].comparison().change == Decimal("-3.00")
    assert values[2].comparison().change_percent == Decimal("-25.0")


def test_the_previous_values_worked_out_in_python_are_those_the_subqueries_give(partnership):
    """``fill_previous`` (the report's way, no subquery per row) against ``with_previous``:
    a gap, overlapping periods, a period that does not end before the next starts, and two
    indicators."""
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2019, 1, 1), end=d(2019, 3, 31), value=4)
    make_value(indicator=indicator, start=d(2019, 10, 1), end=d(2019, 12, 31), value=10)
    make_value(indicator=indicator, start=d(2019, 7, 1), end=d(2020, 1, 31), value=11)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value=12)
    make_value(indicator=indicator, start=d(2020, 4, 1), end=d(2020, 6, 30), value=9)
    other = make_indicator(partnership=partnership, name="Other")
    make_value(indicator=other, start=d(2020, 1, 1), end=d(2020, 3, 31), value=1000)
    make_value(indicator=other, start=d(2020, 4, 1), end=d(2020, 6, 30), value=900)

    def previous(values):
        return {v.pk: (v.previous_value, v.previous_start, v.previous_end) for v in values}

    annotated = previous(KpiValue.objects.for_partnership(partnership).with_previous())
    values = list(KpiValue.objects.for_partnership(partnership).for_report())
    KpiValue.fill_previous(values)
    assert previous(values) == annotated
    # In order of start: Jan 2019, Jul 2019 to Jan 2020, Oct 2019, Jan 2020, Apr 2020.
    assert annotated[values[2].pk] == (Decimal("4.00"), d(2019, 1, 1), d(2019, 3, 31))
    assert annotated[values[3].pk] == (Decimal("10.00"), d(2019, 10, 1), d(2019, 12, 31))
    assert annotated[values[4].pk][0] == Decimal("12.00")
    assert annotated[values[0].pk] == (None, None, None)


def test_direction_says_whether_a_change_is_an_improvement():
    higher = Comparison.of(Decimal("60"), Decimal("50"), Indicator.Direction.HIGHER)
    lower = Comparison.of(Decimal("60"), Decimal("50"), Indicator.Direction.LOWER)
    neither = Comparison.of(Decimal("60"), Decimal("50"), Indicator.Direction.NEITHER)
    same = Comparison.of(Decimal("50"), Decimal("50"), Indicator.Direction.HIGHER)
    assert (higher.improved, lower.improved, neither.improved, same.improved) == (
        True,
        False,
        None,
        None,
    )


def test_a_change_from_zero_has_no_percentage():
    c = Comparison.of(Decimal("4"), Decimal("0"), Indicator.Direction.HIGHER)
    assert c.change == Decimal("4")
    assert c.change_percent is None


def test_counts_under_five_are_flagged_for_suppression_in_publication(partnership):
    indicator = make_indicator(partnership=partnership)
    small = make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value=4)
    zero = make_value(indicator=indicator, start=d(2020, 4, 1), end=d(2020, 6, 30), value=0)
    five = make_value(indicator=indicator, start=d(2020, 7, 1), end=d(2020, 9, 30), value=5)
    assert small.suppressed_in_publication and zero.suppressed_in_publication
    assert not five.suppressed_in_publication
    assert small.published_text() == "fewer than 5"
    assert five.published_text() == "5"


def test_percentages_under_five_are_not_counts_and_are_not_suppressed(partnership):
    indicator = make_indicator(partnership=partnership, unit=Indicator.Unit.PERCENT)
    v = make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value="4.3")
    assert not v.suppressed_in_publication
    assert v.published_text() == "4.3%"


def test_changing_a_value_recomputes_its_suppression(partnership):
    indicator = make_indicator(partnership=partnership)
    v = make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value=40)
    v.value = Decimal("3")
    v.save()
    v.refresh_from_db()
    assert v.suppressed_in_publication


def test_between_keeps_values_whose_period_lies_inside_the_reporting_period(
    partnership, other_partnership
):
    indicator = make_indicator(partnership=partnership)
    inside = make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 9, 30), value=682)
    make_value(indicator=indicator, start=d(2019, 1, 1), end=d(2019, 9, 30), value=501)
    elsewhere = make_indicator(partnership=other_partnership)
    make_value(indicator=elsewhere, start=d(2020, 1, 1), end=d(2020, 9, 30), value=7)
    found = KpiValue.objects.for_partnership(partnership).between(d(2019, 10, 1), d(2020, 9, 30))
    assert list(found) == [inside]


def test_period_labels_read_naturally():
    assert period_label(d(2020, 1, 1), d(2020, 9, 30)) == "Jan–Sep 2020"
    assert period_label(d(2019, 10, 1), d(2020, 3, 31)) == "Oct 2019–Mar 2020"
    assert period_label(d(2016, 1, 1), d(2016, 12, 31)) == "2016"
    assert period_label(d(2020, 4, 1), d(2020, 4, 30)) == "Apr 2020"
    assert period_label(d(2019, 6, 30), d(2019, 6, 30)) == "30 Jun 2019"
    assert period_label(d(2020, 1, 15), d(2020, 2, 14)) == "15 Jan 2020–14 Feb 2020"


def test_partnership_pages_show_small_values_that_publication_hides(partnership):
    indicator = make_indicator(partnership=partnership)
    v = make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 3, 31), value=3)
    assert (v.value_text(), v.published_text()) == ("3", "fewer than 5")


def test_number_filters_drop_trailing_zeros_and_sign_changes():
    from evidence.templatetags.evidence_tags import number, pounds, signed_number

    assert number(Decimal("4012.00")) == "4,012"
    assert number(Decimal("47.90")) == "47.9"
    assert signed_number(Decimal("-14.60")) == "−14.6"
    assert signed_number(Decimal("181.00")) == "+181"
    assert pounds(Decimal("171756.60")) == "171,757"
    assert pounds(Decimal("-316.20")) == "−316"
