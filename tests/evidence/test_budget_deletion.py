"""The budget: a cost centre can be added from the form that needs one, a mistaken line
or cost centre deleted, and a cost centre in use retired instead."""

import re

from django.urls import reverse

from evidence.forms import ExpenditureLineForm
from evidence.models import CostCentre, ExpenditureLine
from tests.evidence.builders import add_spend, centre, make_budget


def line_add(partnership, period, kind="expenditure"):
    return reverse("evidence:budget_line_add", args=[partnership.slug, period.pk, kind])


def test_with_no_cost_centre_the_line_form_says_so_and_offers_to_add_one(
    login, business_manager, partnership
):
    period = make_budget(partnership=partnership, centres=())
    body = login(business_manager).get(line_add(partnership, period)).content.decode()
    assert "There are no cost centres yet." in body
    # The main button comes first, so Enter in a box saves the line rather than leaving.
    buttons = re.findall(r'<input type="submit"\s+name="(\w+)"', body)
    assert buttons == ["submit", "add_cost_centre"]
    assert "Add a cost centre first" in body
    # Side by side in a GOV.UK button group (stacked on a small screen).
    group = re.search(r'<div class="govuk-button-group">(.*?)</div>', body, re.S)
    assert group and re.findall(r'name="(\w+)"', group.group(1)) == buttons
    # A form with one button has no group around it.
    single = login(business_manager).get(
        reverse("evidence:cost_centre_add", args=[partnership.slug])
    )
    assert single.status_code == 200
    assert 'type="submit"' in single.content.decode()
    assert "govuk-button-group" not in single.content.decode()


def test_adding_a_cost_centre_keeps_what_was_typed_and_comes_back_with_it_chosen(
    login, business_manager, partnership
):
    period = make_budget(partnership=partnership, centres=())
    form_url = line_add(partnership, period)
    client = login(business_manager)
    typed = {"name": "Independent scrutineer", "amount": "12500", "order": "3"}
    response = client.post(form_url, {**typed, "cost_centre": "", "add_cost_centre": ""})
    # Nothing is saved and nothing is refused yet: the cost centre comes first.
    assert not ExpenditureLine.objects.filter(period=period).exists()
    assert response.status_code == 302
    add = response["Location"]
    assert add.startswith(reverse("evidence:cost_centre_add", args=[partnership.slug]))
    page = client.get(add).content.decode()
    assert "Add a cost centre" in page
    response = client.post(add, {"code": "CF0153", "name": "Budget Board", "order": "0"})
    new = CostCentre.objects.get(partnership=partnership, code="CF0153")
    assert response["Location"].startswith(form_url + "?")
    body = client.get(response["Location"]).content.decode()
    assert 'value="Independent scrutineer"' in body
    assert 'value="12500"' in body
    assert f'<option value="{new.pk}" selected>' in body
    # Sent as it now stands, the line saves with the new cost centre.
    response = client.post(form_url, {**typed, "cost_centre": str(new.pk), "submit": "Add"})
    assert response.status_code == 302
    line = ExpenditureLine.objects.get(period=period)
    assert (line.name, line.cost_centre, str(line.amount)) == (
        "Independent scrutineer",
        new,
        "12500.00",
    )


def test_a_cost_centre_added_from_the_line_form_comes_back_to_it(
    login, business_manager, partnership
):
    period = make_budget(partnership=partnership, centres=())
    back = line_add(partnership, period)
    add = reverse("evidence:cost_centre_add", args=[partnership.slug]) + f"?next={back}"
    client = login(business_manager)
    assert f'href="{back}"' in client.get(add).content.decode()  # Back goes there too
    response = client.post(add, {"code": "CF0153", "name": "Budget Board", "order": "0"})
    assert response.status_code == 302
    new = CostCentre.objects.get(partnership=partnership, code="CF0153")
    assert response["Location"] == f"{back}?cost_centre={new.pk}"
    body = client.get(back).content.decode()
    assert "CF0153 Budget Board" in body
    assert "Not listed?" in body


def test_a_next_address_off_the_site_or_the_partnership_is_ignored(
    login, business_manager, partnership
):
    client = login(business_manager)
    add = reverse("evidence:cost_centre_add", args=[partnership.slug])
    budget = reverse("evidence:budget_list", args=[partnership.slug])
    for i, wanted in enumerate(["https://evil.example/", "//evil.example/", "/p/elsewhere/"]):
        response = client.post(
            f"{add}?next={wanted}", {"code": f"CC{i}", "name": "Centre", "order": "0"}
        )
        assert response["Location"] == budget


def test_a_cost_centre_in_use_is_retired_not_deleted_and_leaves_new_lines(
    login, business_manager, partnership
):
    period = make_budget(partnership=partnership, centres=("CF0153 Budget Board", "CF0154 Old"))
    old = centre(partnership, "CF0154")
    add_spend(period, "Salaries", "CF0154", "100")
    add_spend(period, "Training", "CF0154", "50")
    client = login(business_manager)
    delete = reverse("evidence:cost_centre_delete", args=[partnership.slug, old.pk])
    body = client.post(delete).content.decode()
    assert "You cannot delete this cost centre" in body
    assert "2 expenditure lines" in body
    retire = reverse("evidence:cost_centre_retire", args=[partnership.slug, old.pk])
    assert retire in body
    assert client.get(retire).status_code == 405
    assert client.post(retire).status_code == 302
    old.refresh_from_db()
    assert old.retired_on is not None
    assert CostCentre.history.filter(id=old.pk).latest().history_user == business_manager

    new_line = ExpenditureLineForm(
        instance=ExpenditureLine(period=period), partnership=partnership
    ).fields["cost_centre"]
    assert old not in new_line.queryset
    existing = ExpenditureLine.objects.filter(cost_centre=old).first()
    assert (
        old
        in ExpenditureLineForm(instance=existing, partnership=partnership)
        .fields["cost_centre"]
        .queryset
    )
    listing = client.get(reverse("evidence:budget_list", args=[partnership.slug]))
    assert "Retired" in listing.content.decode()


def test_an_unused_cost_centre_and_a_mistaken_line_are_deleted(
    login, business_manager, partnership
):
    period = make_budget(partnership=partnership, centres=("CF0153 Budget Board", "CF9 Typo"))
    line = add_spend(period, "Salaries", "CF0153", "100")
    client = login(business_manager)
    detail = client.get(period.get_absolute_url()).content.decode()
    line_delete = reverse(
        "evidence:budget_line_delete", args=[partnership.slug, "expenditure", line.pk]
    )
    assert line_delete in detail
    assert "Are you sure you want to delete this expenditure line?" in (
        client.get(line_delete).content.decode()
    )
    assert client.post(line_delete)["Location"] == period.get_absolute_url()
    assert ExpenditureLine.history.get(id=line.pk, history_type="-").history_user == (
        business_manager
    )
    typo = centre(partnership, "CF9")
    delete = reverse("evidence:cost_centre_delete", args=[partnership.slug, typo.pk])
    assert client.post(delete).status_code == 302
    assert not CostCentre.objects.filter(pk=typo.pk).exists()


def test_only_the_business_manager_deletes_budget_records(login, chair, partnership, outsider):
    period = make_budget(partnership=partnership)
    line = add_spend(period, "Salaries", "CF0153", "100")
    urls = [
        reverse("evidence:cost_centre_delete", args=[partnership.slug, line.cost_centre_id]),
        reverse("evidence:cost_centre_retire", args=[partnership.slug, line.cost_centre_id]),
        reverse("evidence:budget_line_delete", args=[partnership.slug, "expenditure", line.pk]),
    ]
    for address in urls:
        assert login(chair).post(address).status_code == 403
        assert login(outsider).post(address).status_code == 404
    assert ExpenditureLine.objects.filter(pk=line.pk).exists()
    assert CostCentre.objects.get(pk=line.cost_centre_id).retired_on is None


def test_a_retired_cost_centre_is_no_column_of_later_budgets_but_stays_in_its_own(partnership):
    import datetime as dt

    from evidence.budget import budget_summary
    from evidence.models import BudgetPeriod

    period = make_budget(partnership=partnership, centres=("CF0153 Budget Board", "CF0154 Old"))
    add_spend(period, "Salaries", "CF0154", "100")
    old = centre(partnership, "CF0154")
    old.retired_on = dt.date(2020, 10, 31)
    old.save()
    later = BudgetPeriod.objects.create(
        partnership=partnership,
        title="2021 to 2022",
        starts_on=dt.date(2021, 4, 1),
        ends_on=dt.date(2022, 3, 31),
    )
    assert [c.code for c in budget_summary(period).centres] == ["CF0153", "CF0154"]
    assert [c.code for c in budget_summary(later).centres] == ["CF0153"]
