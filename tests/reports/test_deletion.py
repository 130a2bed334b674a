"""A draft report opened by mistake can be deleted; an approved, signed or published one
never (what was approved, signed and published is kept)."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.models import Report


def make_report(partnership, **extra):
    return Report.objects.create(
        partnership=partnership,
        title="Annual report 2024 to 2025",
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
        **extra,
    )


def delete_url(report):
    return reverse("reports:report_delete", args=[report.partnership.slug, report.pk])


def test_a_draft_report_is_deleted_after_confirmation_and_the_history_keeps_who(
    login, business_manager, partnership
):
    report = make_report(partnership)
    client = login(business_manager)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert delete_url(report) in detail
    page = client.get(delete_url(report)).content.decode()
    assert "Are you sure you want to delete this report?" in page
    assert "Annual report 2024 to 2025" in page
    response = client.post(delete_url(report))
    assert response["Location"] == reverse("reports:report_list", args=[partnership.slug])
    assert not Report.objects.filter(pk=report.pk).exists()
    assert Report.history.get(id=report.pk, history_type="-").history_user == business_manager


@pytest.mark.parametrize(
    "status, says",
    [
        (Report.Status.PUBLISHED, "It is published"),
        (Report.Status.SIGNED_OFF, "what they approved and signed is kept"),
        (Report.Status.APPROVED, "the approved version is kept"),
        (Report.Status.SUBMITTED, "Only a draft"),
    ],
)
def test_a_report_past_the_draft_is_never_deleted(
    status, says, login, business_manager, partnership
):
    report = make_report(partnership, status=status)
    client = login(business_manager)
    assert delete_url(report) not in client.get(report.get_absolute_url()).content.decode()
    response = client.post(delete_url(report))
    assert response.status_code == 400
    body = response.content.decode()
    assert "You cannot delete this report" in body
    assert says in body
    assert Report.objects.filter(pk=report.pk).exists()


def test_only_the_business_manager_deletes_a_draft(login, chair, partnership, outsider):
    report = make_report(partnership)
    assert login(chair).post(delete_url(report)).status_code == 403
    assert login(outsider).post(delete_url(report)).status_code == 404
    assert Report.objects.filter(pk=report.pk).exists()
