"""Messages name their field in plain English; limits are stated and checked on the server."""

import datetime as dt

from django import forms
from django.urls import reverse

from partnership.forms import GovukFormMixin, date_field, past_date_field
from partnership.models import Organisation
from reports.models import Report
from tests.factories import date_boxes


class ExampleForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    subgroup = forms.ChoiceField(label="Sub-group", choices=[("a", "A")])
    meeting_on = date_field("Date of the meeting")
    published_on = past_date_field("Date of publication")
    count = forms.IntegerField(label="Number attending", min_value=0)
    email = forms.EmailField(label="Email address")


def _errors(data):
    form = ExampleForm(data)
    assert not form.is_valid()
    return form.errors


def test_required_errors_name_their_field():
    errors = _errors({})
    assert errors["title"] == ["Enter the title"]
    assert errors["subgroup"] == ["Choose the sub-group"]
    assert errors["meeting_on"] == ["Enter the date of the meeting"]
    assert errors["count"] == ["Enter the number attending"]
    assert errors["email"] == ["Enter the email address"]


def test_other_errors_name_their_field_too():
    errors = _errors(
        {"subgroup": "zz", "count": "lots", "email": "nobody", **date_boxes("meeting_on", None)}
    )
    assert errors["subgroup"] == ["Choose the sub-group from the list"]
    assert errors["count"] == ["Number attending must be a whole number"]
    assert errors["email"] == ["Enter the email address in the right form, like name@example.org"]
    assert _errors({"count": "-1"})["count"] == ["Number attending must be 0 or more"]


def test_date_errors_are_plain_english_not_python():
    cases = {
        ("31", "2", "2021"): "Date of the meeting must be a real date, for example 27 3 2020",
        ("1", "1", "99999"): "Date of the meeting must be a real date, for example 27 3 2020",
        ("1", "1", "99999999999999999999999"): (
            "Date of the meeting must be a real date, for example 27 3 2020"
        ),
        ("1", "1", "20"): "Date of the meeting must include the year in full, for example 2020",
        ("1", "", "2020"): "Date of the meeting must include a month",
        ("", "3", ""): "Date of the meeting must include a day and year",
        ("1", "1", "0001"): "Date of the meeting must be on or after 1 January 2000",
        ("1", "1", "2100"): "Date of the meeting must be on or before 31 December 2099",
    }
    for (day, month, year), message in cases.items():
        errors = _errors({"meeting_on_0": day, "meeting_on_1": month, "meeting_on_2": year})
        assert errors["meeting_on"] == [message], (day, month, year)


def test_a_future_date_of_something_that_happened_names_the_field():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    errors = _errors(date_boxes("published_on", tomorrow))
    assert errors["published_on"] == ["Date of publication must be today or in the past"]


def test_a_plausible_date_is_accepted():
    form = ExampleForm(
        {
            "title": "A",
            "subgroup": "a",
            "count": "3",
            "email": "a@example.org",
            **date_boxes("meeting_on", dt.date(2000, 1, 1)),
            **date_boxes("published_on", dt.date(2020, 2, 29)),
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["meeting_on"] == dt.date(2000, 1, 1)


def test_the_limit_is_stated_beside_the_field_and_not_enforced_by_the_browser():
    html = str(ExampleForm()["title"])
    assert "maxlength" not in html
    assert ExampleForm().fields["title"].help_text == "You can enter up to 200 characters."


def test_too_long_text_is_refused_naming_the_field_and_its_limit():
    errors = _errors({"title": "x" * 201})
    assert errors["title"] == ["Title must be 200 characters or fewer"]


def test_the_new_report_page_refuses_a_long_title_and_saves_nothing(
    login, business_manager, partnership
):
    client = login(business_manager)
    url = reverse("reports:report_create", args=[partnership.slug])
    page = client.get(url).content.decode()
    assert "You can enter up to 200 characters" in page
    assert "maxlength" not in page
    assert 'name="period_start_0"' in page and 'name="period_start_2"' in page
    response = client.post(
        url,
        {
            "title": "A" * 250,
            **date_boxes("period_start", dt.date(2020, 4, 1)),
            **date_boxes("period_end", dt.date(2021, 3, 31)),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Title must be 200 characters or fewer"]
    assert not Report.objects.exists()


def test_the_new_report_page_refuses_a_free_text_date(login, business_manager, partnership):
    response = login(business_manager).post(
        reverse("reports:report_create", args=[partnership.slug]),
        {"title": "Annual report", "period_start": "1/4/2020", "period_end": "31/3/2021"},
    )
    errors = response.context["form"].errors
    assert errors["period_start"] == ["Enter the first day of the period"]
    assert not Report.objects.exists()


def test_the_organisation_page_names_the_field_it_needs(login, business_manager, partnership):
    response = login(business_manager).post(
        reverse("partnership:organisation_create", args=[partnership.slug]), {"name": ""}
    )
    body = response.content.decode()
    assert "Enter the name" in body
    assert "This field is required" not in body
    assert not Organisation.objects.filter(name="").exists()


def test_the_error_summary_links_to_the_box_at_fault(login, business_manager, partnership):
    response = login(business_manager).post(
        reverse("reports:report_create", args=[partnership.slug]),
        {
            "title": "Annual report",
            "period_start_0": "1",
            "period_start_1": "",
            "period_start_2": "2020",
            **date_boxes("period_end", dt.date(2021, 3, 31)),
        },
    )
    body = response.content.decode()
    assert '<a href="#id_period_start_1">First day of the period must include a month</a>' in body
