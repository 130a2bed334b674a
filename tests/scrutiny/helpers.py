"""Builders used only by the scrutiny tests."""

import datetime as dt
import hashlib

from django.utils import timezone

from reports.models import PublishedReport, Report
from subgroups.models import Meeting
from tests.factories import make_meeting


def at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def confirm(meeting: Meeting) -> Meeting:
    """Circulate and confirm a meeting's minutes at a meeting four weeks later."""
    later = make_meeting(
        subgroup=meeting.subgroup, starts_at=meeting.starts_at + dt.timedelta(days=28)
    )
    meeting.circulate(on=meeting.starts_at.date())
    meeting.confirm(at_meeting=later)
    return meeting


def make_published_report(
    *,
    partnership,
    title="Annual Report 2019-20",
    html="<p>The partnership worked on neglect.</p>",
    start=dt.date(2019, 4, 1),
    end=dt.date(2020, 3, 31),
) -> PublishedReport:
    report = Report.objects.create(
        partnership=partnership,
        title=title,
        period_start=start,
        period_end=end,
        status=Report.Status.PUBLISHED,
    )
    pdf = b"%PDF-1.4 test"
    return PublishedReport.objects.create(
        report=report,
        partnership=partnership,
        title=title,
        period_start=start,
        period_end=end,
        edition=1,
        html=html,
        pdf=pdf,
        html_sha256=hashlib.sha256(html.encode()).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
