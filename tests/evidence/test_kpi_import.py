"""Importing KPI values from CSV: every row checked, all or nothing, clear row errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.kpi_import import import_kpi_values
from evidence.models import KpiValue
from tests.evidence.builders import make_indicator, make_value

HEADER = "indicator,period_start,period_end,value,note\n"


@pytest.fixture
def indicators(partnership):
    return (
        make_indicator(partnership=partnership, name="Concerns about under-ones"),
        make_indicator(partnership=partnership, name="Contacts to the front door"),
    )


def url(partnership):
    return reverse("evidence:kpi_import", args=[partnership.slug])


def upload(text: str | bytes, name: str = "values.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_valid_file_adds_every_row(partnership, indicators):
    result = import_kpi_values(
        partnership=partnership,
        data=(
            HEADER
            + "Concerns about under-ones,2019-01-01,2019-09-30,501,\n"
            + "concerns about under-ones,2020-01-01,2020-09-30,682,First nine months\n"
            + 'Contacts to the front door,2020-07-01,2020-09-30,"4,975",\n'
        ).encode(),
    )
    assert (result.added, result.updated) == (3, 0)
    assert KpiValue.objects.get(period_start=dt.date(2020, 1, 1)).note == "First nine months"
    assert KpiValue.objects.get(value=Decimal("4975")).indicator == indicators[1]


def test_a_value_for_an_existing_period_is_replaced(partnership, indicators):
    make_value(
        indicator=indicators[0], start=dt.date(2020, 1, 1), end=dt.date(2020, 9, 30), value=600
    )
    result = import_kpi_values(
        partnership=partnership,
        data=(HEADER + "Concerns about under-ones,2020-01-01,2020-09-30,682,\n").encode(),
    )
    assert (result.added, result.updated) == (0, 1)
    assert KpiValue.objects.get().value == Decimal("682")


def test_every_bad_row_is_reported_by_its_line_number_and_nothing_is_imported(
    partnership, indicators
):
    data = (
        HEADER
        + "Concerns about under-ones,2019-01-01,2019-09-30,501,\n"  # line 2: fine
        + "No such indicator,2020-01-01,2020-09-30,5,\n"  # line 3
        + "Concerns about under-ones,30/09/2020,2020-09-30,5,\n"  # line 4
        + "Concerns about under-ones,2020-10-01,2020-09-30,5,\n"  # line 5
        + "Contacts to the front door,2020-01-01,2020-03-31,lots,\n"  # line 6
        + "Concerns about under-ones,2019-01-01,2019-09-30,502,\n"  # line 7: repeats 2
    ).encode()
    with pytest.raises(ValidationError) as raised:
        import_kpi_values(partnership=partnership, data=data)
    messages = raised.value.messages
    assert [m.split(":")[0] for m in messages] == ["Row 3", "Row 4", "Row 5", "Row 6", "Row 7"]
    assert "No such indicator" in messages[0]
    assert "30/09/2020" in messages[1]
    assert "before period_start" in messages[2]
    assert "lots" in messages[3]
    assert "repeats row 2" in messages[4]
    assert not KpiValue.objects.exists()


def test_indicators_of_another_partnership_are_not_found(partnership, other_partnership):
    make_indicator(partnership=other_partnership, name="Elsewhere only")
    with pytest.raises(ValidationError, match="Row 2: no indicator"):
        import_kpi_values(
            partnership=partnership,
            data=(HEADER + "Elsewhere only,2020-01-01,2020-03-31,4,\n").encode(),
        )
    assert not KpiValue.objects.exists()


def test_a_file_without_the_required_columns_is_refused(partnership, indicators):
    with pytest.raises(ValidationError, match="missing: period_end, value"):
        import_kpi_values(
            partnership=partnership,
            data=b"indicator,period_start\nConcerns about under-ones,2020-01-01\n",
        )


def test_a_file_that_is_not_utf8_is_refused(partnership, indicators):
    with pytest.raises(ValidationError, match="UTF-8"):
        import_kpi_values(partnership=partnership, data=HEADER.encode() + b"\xff\xfe\x00bad\n")


def test_an_empty_file_is_refused(partnership, indicators):
    with pytest.raises(ValidationError, match="no rows"):
        import_kpi_values(partnership=partnership, data=HEADER.encode())


def test_qa_chair_imports_through_the_page(login, qa_chair, partnership, indicators):
    response = login(qa_chair).post(
        url(partnership),
        {"file": upload(HEADER + "Concerns about under-ones,2020-01-01,2020-09-30,682,\n")},
    )
    assert response.status_code == 302
    assert KpiValue.objects.count() == 1


def test_the_page_lists_row_errors_and_imports_nothing(login, qa_chair, partnership, indicators):
    response = login(qa_chair).post(
        url(partnership),
        {
            "file": upload(
                HEADER
                + "Concerns about under-ones,2020-01-01,2020-09-30,682,\n"
                + "Concerns about under-ones,2021-01-01,2020-09-30,x,\n"
            )
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "Row 3: period_end is before period_start." in body
    assert "Row 3: value “x” is not a number." in body
    assert not KpiValue.objects.exists()


def test_a_file_that_is_not_csv_is_refused_with_a_message(login, qa_chair, partnership, indicators):
    response = login(qa_chair).post(
        url(partnership),
        {
            "file": upload(
                HEADER + "Concerns about under-ones,2020-01-01,2020-09-30,682,\n",
                name="values.xlsx",
            )
        },
    )
    assert response.status_code == 400
    assert "The selected file must be a CSV file" in response.content.decode()
    assert not KpiValue.objects.exists()


def test_a_file_over_1_mb_is_refused_with_a_message(login, qa_chair, partnership, indicators):
    big = HEADER + "Concerns about under-ones,2020-01-01,2020-09-30,682," + "x" * (1024 * 1024)
    response = login(qa_chair).post(url(partnership), {"file": upload(big)})
    assert response.status_code == 400
    assert "smaller than 1 MB" in response.content.decode()
    assert not KpiValue.objects.exists()


def test_a_chair_of_another_group_may_not_import(
    login, other_chair, qa_chair, partnership, indicators
):
    response = login(other_chair).post(
        url(partnership),
        {"file": upload(HEADER + "Concerns about under-ones,2020-01-01,2020-09-30,682,\n")},
    )
    assert response.status_code == 403
    assert not KpiValue.objects.exists()


def test_someone_from_another_partnership_gets_404(login, outsider, partnership, indicators):
    response = login(outsider).post(
        url(partnership),
        {"file": upload(HEADER + "Concerns about under-ones,2020-01-01,2020-09-30,682,\n")},
    )
    assert response.status_code == 404
    assert not KpiValue.objects.exists()
