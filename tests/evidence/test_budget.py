"""The budget appendix is computed, never typed: checked against seed 004's Appendix A."""

from decimal import Decimal

import pytest

from evidence.budget import budget_summary, whole_pounds
from evidence.demo import worcestershire_budget
from partnership.models import Organisation
from tests.evidence.builders import add_contribution, add_opening, add_spend, make_budget
from tests.factories import make_organisation

K = Organisation.Kind


@pytest.fixture
def partners(partnership):
    return (
        make_organisation(partnership=partnership, kind=K.LOCAL_AUTHORITY, name="County Council"),
        make_organisation(partnership=partnership, kind=K.HEALTH, name="Health"),
        make_organisation(partnership=partnership, kind=K.POLICE, name="Police"),
    )


@pytest.fixture
def appendix(partnership, partners):
    return budget_summary(worcestershire_budget(partnership, *partners))


def pounds(amounts):
    return [whole_pounds(a) for a in amounts]


def test_income_is_the_three_contributions_shown_positive(appendix):
    assert pounds(r.total for r in appendix.contributions) == [82442, 68704, 20611]
    assert whole_pounds(appendix.income_total) == 171757


def test_expenditure_totals_per_cost_centre_and_overall_match_the_appendix(appendix):
    assert [c.code for c in appendix.centres] == ["CF0153", "CF0154", "CF0155", "CF0156"]
    assert pounds(c.expenditure for c in appendix.centres) == [135093, 18, 0, 51]
    assert whole_pounds(appendix.expenditure_total) == 135162


def test_expenditure_lines_keep_negative_credits_and_split_across_centres(appendix):
    rows = {r.label: (pounds(r.amounts), whole_pounds(r.total)) for r in appendix.expenditure}
    assert rows["Training expenditure"] == ([-316, 18, 0, 0], -298)
    assert rows["Administration and business costs"] == ([7329, 0, 0, 51], 7380)
    assert rows["Salaries"] == ([92372, 0, 0, 0], 92372)
    assert rows["SCR learning events"] == ([0, 0, 0, 0], 0)


def test_net_position_is_income_minus_expenditure_with_surplus_and_deficits(appendix):
    assert whole_pounds(appendix.net_total) == 36594
    assert appendix.position == "surplus"
    nets = [(c.name, whole_pounds(c.net), c.position) for c in appendix.centres]
    assert nets == [
        ("Budget Board", 36664, "surplus"),
        ("Training Delivery", -18, "deficit"),
        ("SCR Fund", 0, "balanced"),
        ("Partnership Trust", -51, "deficit"),
    ]


def test_opening_balances_and_closing_holding_account_match_the_appendix_note(appendix):
    assert pounds(c.opening for c in appendix.centres) == [47982, 97851, 18085, 7528]
    assert whole_pounds(appendix.opening_total) == 171446
    # "The holding account balance would be £208,040 with the surplus": 171,446 + 36,594.
    assert whole_pounds(appendix.closing_total) == 208040
    assert appendix.closing_total == appendix.opening_total + appendix.net_total


def test_totals_are_exact_decimals_not_floats(appendix):
    assert isinstance(appendix.net_total, Decimal)
    assert appendix.income_total == Decimal("171756.60")
    assert appendix.expenditure_total == Decimal("135162.40")


def test_summary_arithmetic_on_whole_numbers(partnership, partners):
    period = make_budget(partnership=partnership, centres=("A1 Core", "B2 Training"))
    add_opening(period, "A1", "1000")
    add_opening(period, "B2", "50")
    add_contribution(period, partners[0], "A1", "600")
    add_contribution(period, partners[1], "B2", "100")
    add_spend(period, "Salaries", "A1", "500")
    add_spend(period, "Refund", "A1", "-20")
    add_spend(period, "Courses", "B2", "300")
    s = budget_summary(period)
    assert [c.net for c in s.centres] == [Decimal("120"), Decimal("-200")]
    assert [c.closing for c in s.centres] == [Decimal("1120"), Decimal("-150")]
    assert s.net_total == Decimal("-80")
    assert s.position == "deficit"
    assert s.closing_total == Decimal("970")


def test_an_empty_period_sums_to_zero(partnership):
    s = budget_summary(make_budget(partnership=partnership))
    assert s.income_total == s.expenditure_total == s.net_total == 0
    assert s.position == "balanced"


def test_summary_query_count_does_not_grow_with_lines(
    partnership, partners, django_assert_num_queries
):
    period = make_budget(partnership=partnership)
    add_contribution(period, partners[0], "CF0153", "10")
    add_spend(period, "One", "CF0153", "1")
    with django_assert_num_queries(5):
        budget_summary(period)
    add_contribution(period, partners[1], "CF0153", "10")
    add_contribution(period, partners[2], "CF0153", "10")
    for n in range(5):
        add_spend(period, f"Line {n}", "CF0153", "1")
    with django_assert_num_queries(5):
        budget_summary(period)


def test_partner_is_named_as_it_was_during_the_period(partnership, partners):
    import datetime as dt

    from partnership.models import OrganisationName

    health = partners[1]
    OrganisationName.objects.create(
        organisation=health,
        name="Clinical Commissioning Group",
        valid_from=dt.date(2019, 4, 1),
        valid_to=dt.date(2022, 6, 30),
    )
    period = make_budget(partnership=partnership)
    add_contribution(period, health, "CF0153", "5")
    assert [r.label for r in budget_summary(period).contributions] == [
        "Clinical Commissioning Group"
    ]
