"""Deleting a draft report opened by mistake: the business manager only, and never a
report the independent chair has approved, the partners have signed or that is published
(``partnership.deletion`` shows the page and its refusals)."""

from __future__ import annotations

from django.urls import reverse

from partnership.deletion import confirm_delete
from reports.models import Report
from reports.views.common import get_report

#: What the independent chair approved and the partners signed is kept, whatever state
#: the report is in now.
KEEP = ("reports.ReportVersion", "reports.SignOff")


def _refusal(report: Report) -> str:
    if report.status == Report.Status.PUBLISHED:
        return "It is published: a published report is kept as it was published."
    if report.status == Report.Status.SIGNED_OFF:
        return "It is signed off by the partners: what they approved and signed is kept."
    if report.status in Report.FROZEN:
        return "It is approved by the independent chair: the approved version is kept."
    if not report.is_editable:
        return (
            f"It is {report.get_status_display().lower()}. Only a draft, or a report the "
            "independent chair has asked to change, can be deleted."
        )
    return ""


def report_delete(request, slug, pk):
    access, report = get_report(request, slug, pk)
    access.require(access.is_business_manager)
    return confirm_delete(
        request,
        access,
        report,
        noun="report",
        back_url=report.get_absolute_url(),
        done_url=reverse("reports:report_list", args=[slug]),
        reason=_refusal(report),
        blocking=KEEP,
    )
