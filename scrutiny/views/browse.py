"""Read-only pages for browsing: the meeting calendar, the decisions register, minutes as PDF."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt

from django.db.models import Count, F
from django.db.models.functions import ExtractMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from partnership.access import get_access
from partnership.page_cache import cached_page
from partnership.paging import NextPage
from scrutiny.pdf import html_to_pdf
from scrutiny.visibility import can_read_minutes, item_is_readable, readable_decisions
from subgroups.listing import links, long_day
from subgroups.models import MINUTES_TAGS, Attendance, Meeting, SubGroup

CONFIRMED = Meeting.MinutesStatus.CONFIRMED


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404("No such month")
    return dt.date(year, month, 1), dt.date(year, month, calendar_module.monthrange(year, month)[1])


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def meeting_calendar(request, slug, year: int | None = None, month: int | None = None):
    """Meetings month by month; every role sees the dates, places and minutes status."""
    access = get_access(request, slug)
    partnership = access.partnership
    if year is None or month is None:
        today = timezone.localdate()
        year, month = today.year, today.month
    start, end = _month_bounds(year, month)
    subgroups = list(SubGroup.objects.for_partnership(partnership).only("name", "slug"))
    chosen = next((sg for sg in subgroups if sg.slug == request.GET.get("subgroup")), None)
    meetings = (
        Meeting.objects.for_partnership(partnership)
        .held_between(start, end)
        .select_related("subgroup")
        .order_by("starts_at", "pk")
    )
    year_meetings = Meeting.objects.for_partnership(partnership).filter(
        starts_at__date__gte=dt.date(year, 1, 1), starts_at__date__lte=dt.date(year, 12, 31)
    )
    if chosen:
        meetings = meetings.filter(subgroup=chosen)
        year_meetings = year_meetings.filter(subgroup=chosen)
    counts = dict(
        year_meetings.annotate(m=ExtractMonth("starts_at"))
        .values("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    months = [
        {"month": m, "name": calendar_module.month_name[m], "count": counts.get(m, 0)}
        for m in range(1, 13)
    ]
    rows = [{"meeting": m, "minutes_readable": can_read_minutes(access, m)} for m in meetings]
    latest = None
    if not rows:
        # Point an empty month at the last month before it that had meetings.
        others = Meeting.objects.for_partnership(partnership)
        if chosen:
            others = others.filter(subgroup=chosen)
        before = others.filter(starts_at__date__lt=start).order_by("-starts_at").first()
        latest = timezone.localtime(before.starts_at).date() if before else None
    return render(
        request,
        "scrutiny/meeting_calendar.html",
        {
            "access": access,
            "partnership": partnership,
            "month_start": start,
            "previous": _shift_month(start, -1),
            "next": _shift_month(start, 1),
            "rows": rows,
            "months": months,
            "year": year,
            "subgroups": subgroups,
            "chosen": chosen,
            "latest": latest,
        },
    )


DECISIONS_PER_PAGE = 50
# What a row of the register shows, each a column of the decision's own row (the minutes'
# text stays out of the query, and no item, meeting or sub-group record is built).
REGISTER_COLUMNS = {
    "item_order": F("item__order"),
    "item_title": F("item__title"),
    "meeting_id": F("item__meeting_id"),
    "minutes_status": F("item__meeting__minutes_status"),
    "subgroup_name": F("item__meeting__subgroup__name"),
}


@cached_page(query=("subgroup", "page"))
def decision_register(request, slug):
    """Every decision the user may read, newest meeting first."""
    access = get_access(request, slug)
    partnership = access.partnership
    subgroups = list(SubGroup.objects.for_partnership(partnership).only("name", "slug"))
    chosen = next((sg for sg in subgroups if sg.slug == request.GET.get("subgroup")), None)
    decisions = (
        readable_decisions(access)
        .exclude(item__meeting__status=Meeting.Status.CANCELLED)
        .annotate(**REGISTER_COLUMNS)
        .only("text", "item_id", "meeting_starts_at")
    )
    if chosen:
        decisions = decisions.filter(item__meeting__subgroup=chosen)
    # The decisions' own index (partnership, meeting start) gives this order a page at a
    # time; the register grows every year, so it is never counted (``NextPage``).
    decisions = decisions.order_by("-meeting_starts_at", "item__order", "pk")
    page = NextPage(decisions, DECISIONS_PER_PAGE, request.GET.get("page"))
    meeting_url = links("subgroups:meeting_detail", slug)
    for d in page.object_list:
        d.url = f"{meeting_url(d.meeting_id)}#item-{d.item_id}"
        d.meeting_day = long_day(d.meeting_starts_at)
        # Named as the meeting pages name it; confirmed minutes need no tag in a register.
        d.minutes_tag = MINUTES_TAGS[d.minutes_status] if d.minutes_status != CONFIRMED else None
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "scrutiny/decision_register.html",
        {
            "access": access,
            "partnership": partnership,
            "page": page,
            "subgroups": subgroups,
            "chosen": chosen,
            "query_string": params.urlencode(),
        },
    )


def minutes_context(access, meeting: Meeting) -> dict:
    """Attendance and the items this user may read; the others only say they were withheld."""
    day = timezone.localtime(meeting.starts_at).date()
    attendance = list(meeting.attendance.for_minutes(day))
    groups = []
    for status, label in [
        (Attendance.Status.PRESENT, "Present"),
        (Attendance.Status.SUBSTITUTE, "Substitutes"),
        (Attendance.Status.APOLOGIES, "Apologies"),
    ]:
        people = [
            {
                "name": a.person_name,
                "organisation": a.organisation_then,
                "substitute_for": a.substitute_name or "",
            }
            for a in attendance
            if a.status == status
        ]
        groups.append({"label": label, "people": people})
    items = []
    for item in meeting.items.with_outcomes():
        readable = item_is_readable(access, item, meeting)
        items.append({"item": item if readable else None, "order": item.order})
    return {"meeting": meeting, "day": day, "attendance": groups, "items": items}


def minutes_pdf(request, slug, pk):
    """The confirmed minutes as a PDF: attendance and the items the reader may read."""
    access = get_access(request, slug)
    meeting = get_object_or_404(
        Meeting.objects.for_partnership(access.partnership).select_related(
            "subgroup__partnership", "confirmed_at_meeting"
        ),
        pk=pk,
    )
    if meeting.minutes_status != CONFIRMED or meeting.status == Meeting.Status.CANCELLED:
        raise Http404("These minutes are not confirmed yet.")
    html = render_to_string(
        "scrutiny/minutes_pdf.html",
        {"partnership": access.partnership, **minutes_context(access, meeting)},
        request=request,
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    day = timezone.localtime(meeting.starts_at).date()
    name = f"minutes-{meeting.subgroup.slug}-{day:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
