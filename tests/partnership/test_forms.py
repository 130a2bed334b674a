"""Shared form pieces refuse impossible input with a message rather than a server error."""

from django import forms

from partnership.forms import RecordsField, date_field
from partnership.models import Organisation


class DateForm(forms.Form):
    on = date_field("On")


def test_a_year_too_big_for_a_date_is_refused_with_a_message():
    form = DateForm({"on_0": "1", "on_1": "1", "on_2": "99999999999999999999999"})
    assert not form.is_valid()
    assert form.errors["on"] == ["‘On’ must be a real date, for example 27 3 2020"]


def test_an_impossible_day_is_refused():
    form = DateForm({"on_0": "31", "on_1": "2", "on_2": "2020"})
    assert not form.is_valid()
    assert "on" in form.errors


def test_a_real_date_is_accepted():
    form = DateForm({"on_0": "29", "on_1": "2", "on_2": "2020"})
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["on"]) == "2020-02-29"


class OrganisationsForm(forms.Form):
    organisations = RecordsField(queryset=Organisation.objects.all())


def test_record_ids_no_column_can_hold_are_refused_with_a_message(db):
    for value in ["99999999999999999999999", "9" * 5000, "-99999999999999999999"]:
        form = OrganisationsForm({"organisations": [value]})
        assert not form.is_valid()
        assert "is not a valid value" in form.errors["organisations"][0]


def test_unknown_record_ids_are_refused_as_before(partnership):
    known = Organisation.objects.create(
        partnership=partnership, name="Police", kind="police", category="police_justice"
    )
    form = OrganisationsForm({"organisations": [str(known.pk), "123456"]})
    assert not form.is_valid()
    assert OrganisationsForm({"organisations": [str(known.pk)]}).is_valid()
