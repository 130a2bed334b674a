"""Calendar (iCal) and updates (Atom) feeds, opened by a secret address instead of a sign-in.

Calendar apps cannot sign in, so each subscription gets its own token in the address.
A feed shows only what the token's user may read today: if their role ends, or the
token is revoked, the address stops working. Calendar events carry only the meeting's
title, time, place and a link back; never minutes.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from partnership.access import access_for, get_access
from scrutiny.models import FeedToken
from scrutiny.published import published_reports
from scrutiny.visibility import readable_items
from subgroups.models import Meeting, SubGroup

NEW_FEED_SESSION_KEY = "scrutiny_new_feed_address"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def feeds(request, slug):
    """The user's feed addresses for this partnership: make new ones, revoke old ones."""
    access = get_access(request, slug)
    partnership = access.partnership
    subgroups = list(SubGroup.objects.for_partnership(partnership).only("name", "slug"))
    tokens = (
        FeedToken.objects.live()
        .filter(user=request.user, partnership=partnership)
        .select_related("subgroup")
    )
    new_address = request.session.pop(NEW_FEED_SESSION_KEY, None)
    return render(
        request,
        "scrutiny/feeds.html",
        {
            "access": access,
            "partnership": partnership,
            "subgroups": subgroups,
            "tokens": tokens,
            "new_address": new_address,
        },
    )


@require_POST
def feed_create(request, slug):
    access = get_access(request, slug)
    partnership = access.partnership
    kind = request.POST.get("kind")
    subgroup = None
    if kind == FeedToken.Kind.CALENDAR:
        subgroup = get_object_or_404(
            SubGroup, partnership=partnership, slug=request.POST.get("subgroup", "")
        )
        label = f"the {subgroup.name} meetings calendar"
    elif kind == FeedToken.Kind.UPDATES:
        label = "the confirmed minutes and published reports feed"
    else:
        raise Http404("No such feed")
    token, secret = FeedToken.issue(
        user=request.user, partnership=partnership, kind=kind, subgroup=subgroup
    )
    address = absolute(token.feed_path(secret))
    request.session[NEW_FEED_SESSION_KEY] = {
        "label": label,
        "url": address,
        "webcal": "webcal://" + address.split("://", 1)[1] if subgroup else "",
    }
    return redirect("scrutiny:feeds", partnership.slug)


@require_POST
def feed_revoke(request, slug, pk):
    access = get_access(request, slug)
    token = get_object_or_404(
        FeedToken.objects.live(), pk=pk, user=request.user, partnership=access.partnership
    )
    token.revoke()
    messages.success(request, "That feed address no longer works.")
    return redirect("scrutiny:feeds", access.partnership.slug)


def _token_access(secret: str, kind: str):
    token = (
        FeedToken.objects.live()
        .filter(token_hash=FeedToken.hash(secret), kind=kind)
        .select_related("user", "partnership", "subgroup")
        .first()
    )
    if token is None or not token.user.is_active:
        raise Http404("No such feed")
    access = access_for(token.user, token.partnership)
    if access is None:
        raise Http404("No such feed")
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token, access


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
def calendar_feed(request, token):
    row, access = _token_access(token, FeedToken.Kind.CALENDAR)
    subgroup = row.subgroup
    partnership = access.partnership
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Safeguarding partnership governance//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{subgroup.name} ({partnership.short_name})")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    stamp = timezone.now()
    for meeting in subgroup.meetings.order_by("starts_at", "pk"):
        url = absolute(reverse("subgroups:meeting_detail", args=[partnership.slug, meeting.pk]))
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add(
            "summary", f"{subgroup.name}: {meeting.title}" if meeting.title else subgroup.name
        )
        event.add("location", "Online" if meeting.is_virtual else meeting.location)
        event.add("url", url)
        event.add("description", f"Meeting page: {url}")
        event.add(
            "status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
        )
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{partnership.slug}-{subgroup.slug}.ics"'
    return _private(response)


def _midday(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@login_not_required
def updates_feed(request, token):
    """Newly confirmed minutes (with the titles of the items the user may read) and reports."""
    row, access = _token_access(token, FeedToken.Kind.UPDATES)
    partnership = access.partnership
    feed = Atom1Feed(
        title=f"{partnership.name}: confirmed minutes and published reports",
        link=absolute(reverse("partnership:dashboard", args=[partnership.slug])),
        description="Minutes as they are confirmed, and reports as they are published.",
        language="en-gb",
        feed_url=absolute(request.path),
    )
    meetings = list(
        Meeting.objects.for_partnership(partnership)
        .confirmed()
        .select_related("subgroup")
        .order_by("-confirmed_on", "-pk")[:30]
    )
    titles: dict[int, list[str]] = {}
    for item in readable_items(access).filter(meeting__in=meetings).order_by("order"):
        titles.setdefault(item.meeting_id, []).append(item.title)
    entries = []
    for meeting in meetings:
        when = timezone.localtime(meeting.starts_at)
        link = absolute(reverse("subgroups:meeting_detail", args=[partnership.slug, meeting.pk]))
        listed = titles.get(meeting.pk, [])
        description = (
            "Items you can read: " + "; ".join(listed) + "."
            if listed
            else "The minutes are confirmed."
        )
        entries.append(
            {
                "title": f"Minutes confirmed: {meeting.subgroup.name}, {when.day} {when:%B %Y}",
                "link": link,
                "description": description,
                "unique_id": link,
                "updateddate": _midday(meeting.confirmed_on),
                "pubdate": _midday(meeting.confirmed_on),
            }
        )
    for published in published_reports(partnership)[:20]:
        link = absolute(published.get_absolute_url())
        entries.append(
            {
                "title": f"Report published: {published.title}",
                "link": link,
                "description": f"{published.title}, covering {published.period_start:%B %Y} "
                f"to {published.period_end:%B %Y}. PDF: {absolute(published.get_pdf_url())}",
                "unique_id": link,
                "updateddate": published.published_at,
                "pubdate": published.published_at,
            }
        )
    entries.sort(key=lambda e: e["updateddate"], reverse=True)
    for entry in entries:
        feed.add_item(**entry)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return _private(response)
