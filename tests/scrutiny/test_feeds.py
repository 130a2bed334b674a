"""Calendar (iCal) and updates (Atom) feeds opened by a secret address."""

import datetime as dt
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.test import override_settings
from django.urls import reverse

from partnership.models import Role
from scrutiny.models import FeedToken
from scrutiny.views.feeds import NEW_FEED_SESSION_KEY
from tests.factories import make_item, make_meeting, make_subgroup
from tests.scrutiny.helpers import at, confirm, make_published_report

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://governance.example.org"


@pytest.fixture
def meetings(partnership, subgroup):
    held = make_meeting(
        subgroup=subgroup,
        starts_at=at(dt.date(2020, 6, 11)),
        location="County Hall",
        title="Summer meeting",
    )
    make_item(meeting=held, title="Open item", confidentiality="public", minutes="Open words.")
    make_item(
        meeting=held,
        title="Badger case discussion",
        confidentiality="restricted",
        minutes="Badger family details.",
    )
    confirm(held)
    online = make_meeting(subgroup=subgroup, starts_at=at(dt.date(2020, 9, 1)), is_virtual=True)
    return held, online


def issue(client, partnership, **data):
    response = client.post(reverse("scrutiny:feed_create", args=[partnership.slug]), data)
    assert response.status_code == 302
    return client.session[NEW_FEED_SESSION_KEY]["url"]


def path_of(url: str) -> str:
    return url.split(SITE, 1)[1]


@override_settings(SITE_URL=SITE)
def test_councillor_subscribes_to_a_subgroup_calendar(
    client, login, scrutiny_member, partnership, subgroup, meetings
):
    held, online = meetings
    login(scrutiny_member)
    url = issue(client, partnership, kind="calendar", subgroup=subgroup.slug)
    page = client.get(reverse("scrutiny:feeds", args=[partnership.slug])).content.decode()
    assert url in page  # shown once, right after it is made
    again = client.get(reverse("scrutiny:feeds", args=[partnership.slug])).content.decode()
    assert url not in again
    client.logout()

    response = client.get(path_of(url))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert len(events) == 3  # the two meetings and the confirming one
    first = events[0]
    assert str(first["summary"]) == f"{subgroup.name}: Summer meeting"
    assert str(first["location"]) == "County Hall"
    meeting_url = SITE + reverse("subgroups:meeting_detail", args=[partnership.slug, held.pk])
    assert str(first["url"]) == meeting_url
    assert first.decoded("dtstart") == held.starts_at
    online_event = next(e for e in events if str(e["url"]).endswith(f"/{online.pk}/"))
    assert str(online_event["location"]) == "Online"
    text = response.content.decode()
    assert "Badger" not in text and "Open words" not in text  # never minutes


@override_settings(SITE_URL=SITE)
def test_updates_feed_lists_confirmed_minutes_and_reports_without_withheld_items(
    client, login, scrutiny_member, partnership, meetings
):
    held, _ = meetings
    published = make_published_report(partnership=partnership)
    login(scrutiny_member)
    url = issue(client, partnership, kind="updates")
    client.logout()
    response = client.get(path_of(url))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert any(t.startswith("Minutes confirmed:") for t in titles)
    assert f"Report published: {published.title}" in titles
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert SITE + reverse("subgroups:meeting_detail", args=[partnership.slug, held.pk]) in links
    assert SITE + published.get_absolute_url() in links
    body = response.content.decode()
    assert "Open item" in body
    assert "Badger" not in body


@override_settings(SITE_URL=SITE)
def test_updates_feed_shows_restricted_item_titles_to_the_groups_own_members(
    client, login, chair, partnership, meetings
):
    login(chair)
    url = issue(client, partnership, kind="updates")
    client.logout()
    assert "Badger case discussion" in client.get(path_of(url)).content.decode()


@override_settings(SITE_URL=SITE)
def test_revoked_address_stops_working(client, login, scrutiny_member, partnership, subgroup):
    login(scrutiny_member)
    url = issue(client, partnership, kind="calendar", subgroup=subgroup.slug)
    token = FeedToken.objects.get()
    response = client.post(reverse("scrutiny:feed_revoke", args=[partnership.slug, token.pk]))
    assert response.status_code == 302
    assert client.get(path_of(url)).status_code == 404


@override_settings(SITE_URL=SITE)
def test_address_stops_working_when_the_role_ends(
    client, login, scrutiny_member, partnership, subgroup
):
    login(scrutiny_member)
    url = issue(client, partnership, kind="calendar", subgroup=subgroup.slug)
    Role.objects.filter(person__user=scrutiny_member).update(valid_to=dt.date(2020, 1, 1))
    assert client.get(path_of(url)).status_code == 404


def test_unknown_address_is_not_found(client, db):
    url = reverse("scrutiny:calendar_feed", args=["not-a-real-token"])
    assert client.get(url).status_code == 404
    url = reverse("scrutiny:updates_feed", args=["not-a-real-token"])
    assert client.get(url).status_code == 404


def test_a_calendar_token_does_not_open_the_updates_feed(
    client, login, scrutiny_member, partnership, subgroup
):
    login(scrutiny_member)
    url = issue(client, partnership, kind="calendar", subgroup=subgroup.slug)
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(reverse("scrutiny:updates_feed", args=[secret])).status_code == 404


def test_only_a_hash_of_the_secret_is_stored(client, login, scrutiny_member, partnership, subgroup):
    login(scrutiny_member)
    url = issue(client, partnership, kind="calendar", subgroup=subgroup.slug)
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    token = FeedToken.objects.get()
    assert token.token_hash != secret
    assert token.token_hash == FeedToken.hash(secret)


def test_someone_elses_address_cannot_be_revoked(
    client, login, scrutiny_member, chair, partnership, subgroup
):
    token, _ = FeedToken.issue(user=chair, partnership=partnership, kind="updates")
    login(scrutiny_member)
    response = client.post(reverse("scrutiny:feed_revoke", args=[partnership.slug, token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_calendar_for_another_partnerships_subgroup_is_refused(
    client, login, scrutiny_member, partnership, other_partnership
):
    elsewhere = make_subgroup(partnership=other_partnership, slug="theirs")
    login(scrutiny_member)
    response = client.post(
        reverse("scrutiny:feed_create", args=[partnership.slug]),
        {"kind": "calendar", "subgroup": elsewhere.slug},
    )
    assert response.status_code == 404
    assert not FeedToken.objects.exists()


def test_unknown_feed_kind_is_refused(client, login, scrutiny_member, partnership):
    login(scrutiny_member)
    response = client.post(
        reverse("scrutiny:feed_create", args=[partnership.slug]), {"kind": "everything"}
    )
    assert response.status_code == 404
    assert not FeedToken.objects.exists()


def test_feeds_page_needs_sign_in_and_membership(client, login, outsider, partnership):
    url = reverse("scrutiny:feeds", args=[partnership.slug])
    assert client.get(url).status_code == 302
    login(outsider)
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("scrutiny:feed_create", args=[partnership.slug]), {"kind": "updates"}
    )
    assert response.status_code == 404
    assert not FeedToken.objects.exists()
