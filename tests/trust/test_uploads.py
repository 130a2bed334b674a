"""CSV upload (KPI import) refuses wrong types, sizes and contents with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import KpiValue


@pytest.fixture
def import_url(partnership):
    return f"/p/{partnership.slug}/evidence/kpis/import/"


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("values.exe", b"MZ\x90\x00", "application/octet-stream"),
            "must be a CSV file",
        ),
        (SimpleUploadedFile("picture.png", b"\x89PNG\r\n", "image/png"), "must be a CSV file"),
        (
            SimpleUploadedFile("big.csv", b"indicator,value\n" + b"x,1\n" * 400_000, "text/csv"),
            "smaller than 1 MB",
        ),
    ],
    ids=["executable", "image", "too-big"],
)
def test_wrong_type_or_size_is_refused_with_a_message(
    login, business_manager, import_url, upload, message
):
    response = login(business_manager).post(import_url, {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not KpiValue.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\x00\x00 not text at all \x00\x01",
        b"",
        b"indicator,period_start,period_end,value,note\n<script>alert('x')</script>,"
        b"2020-31-31,yesterday,1e309,\n",
        b"just one column\n" + "Zoë 👩‍👧".encode() * 50,
    ],
    ids=["binary", "empty", "script-and-bad-values", "no-columns"],
)
def test_bad_csv_contents_are_refused_with_a_message_and_nothing_imported(
    login, business_manager, import_url, content
):
    upload = SimpleUploadedFile("values.csv", content, "text/csv")
    response = login(business_manager).post(import_url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-message" in page or "govuk-error-summary" in page
    assert "<script>alert('x')</script>" not in page
    assert not KpiValue.objects.exists()


def test_no_file_at_all_is_refused(login, business_manager, import_url):
    response = login(business_manager).post(import_url, {})
    assert "govuk-error" in response.content.decode()
    assert not KpiValue.objects.exists()
