"""Cached read pages: served again without being built, never stale, never to anyone else."""

from __future__ import annotations

import datetime as dt
import pickle
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import page_cache
from partnership.models import Person, RecordsVersion, Role
from reviews.models import RestrictedAccessLog
from subgroups.models import Meeting
from tests.factories import make_action, make_item, make_meeting, make_member, make_person
from tests.subgroups.conftest import aware


@pytest.fixture
def cached_queries(settings) -> int:
    """The queries of a cached page, signed in with a one-time password: the partnership's
    token, and unless the cache is shared (``CACHE_URL``), the session, the user and their
    authenticator device."""
    return 1 if settings.CACHE_IS_SHARED else 4


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def get(client: Client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def without_csrf(content: bytes) -> str:
    return CSRF.sub("", content.decode())


def a_report(partnership, *, by):
    from reports.services import open_report

    return open_report(
        partnership=partnership,
        title="Annual report",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
        by=by,
    )


@pytest.fixture
def meeting(subgroup):
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    make_item(meeting=meeting, title="Neglect strategy", minutes="The strategy was agreed.")
    return meeting


def test_a_second_visit_is_served_without_building_the_page(login, chair, meeting, cached_queries):
    client = login(chair)
    first, built = get(client, meeting.get_absolute_url())
    second, served = get(client, meeting.get_absolute_url())
    assert "Neglect strategy" in second.content.decode()
    assert without_csrf(second.content) == without_csrf(first.content)
    assert served == cached_queries < built


def test_a_cached_page_costs_the_same_queries_however_big_the_page(
    login, chair, subgroup, cached_queries
):
    small = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    large = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 15))
    make_item(meeting=small)
    for n in range(12):
        make_item(meeting=large, title=f"Item {n}")
    client = login(chair)
    counts = []
    for meeting in (small, large):
        get(client, meeting.get_absolute_url())
        counts.append(get(client, meeting.get_absolute_url())[1])
    assert counts == [cached_queries, cached_queries]


def test_a_change_made_through_the_pages_shows_at_once(login, chair, meeting):
    client = login(chair)
    assert "Neglect strategy" in client.get(meeting.get_absolute_url()).content.decode()
    item = meeting.items.get()
    response = client.post(
        reverse("subgroups:item_edit", args=[meeting.subgroup.partnership.slug, item.pk]),
        {
            "order": "1",
            "title": "Exploitation strategy",
            "minutes": "Agreed.",
            "confidentiality": "partnership",
            "version": str(item.version),
        },
    )
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Exploitation strategy" in page and "Neglect strategy" not in page


def test_a_record_saved_or_deleted_anywhere_shows_at_once(login, business_manager, partnership):
    client = login(business_manager)
    url = reverse("subgroups:action_register", args=[partnership.slug])
    owner = make_person(partnership=partnership)
    assert "Write the neglect strategy" not in client.get(url).content.decode()
    action = make_action(
        partnership=partnership, owner=owner, description="Write the neglect strategy"
    )
    assert "Write the neglect strategy" in client.get(url).content.decode()
    action.delete()
    assert "Write the neglect strategy" not in client.get(url).content.decode()


def test_a_page_cached_for_one_reader_is_never_served_to_another(
    login, business_manager, scrutiny_member, partnership, subgroup
):
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    make_item(
        meeting=meeting,
        title="Case discussion",
        minutes="Child K's placement",
        confidentiality="restricted",
    )
    # Confirmed (and so open to the councillor) before anyone asks for the page.
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status=Meeting.MinutesStatus.CONFIRMED, confirmed_on=dt.date(2020, 2, 15)
    )
    url = meeting.get_absolute_url()
    manager = login(business_manager, Client())
    councillor = login(scrutiny_member, Client())
    for _ in range(2):  # built, then cached, for the business manager
        assert "Child K" in manager.get(url).content.decode()
    page = councillor.get(url).content.decode()
    assert "Child K" not in page and "Case discussion" not in page
    assert "An item was withheld" in page


def test_losing_a_role_closes_the_cached_pages_at_once(login, chair, partnership, meeting):
    client = login(chair)
    url = meeting.get_absolute_url()
    assert client.get(url).status_code == 200
    role = Role.objects.get(person__user=chair)
    role.valid_to = dt.date.today() - dt.timedelta(days=1)
    role.save()
    assert client.get(url).status_code == 404


def test_a_cached_page_carries_a_working_csrf_token_for_its_reader(chair, meeting):
    from tests.factories import verify_otp

    client = Client(enforce_csrf_checks=True)
    client.force_login(chair, backend="partnership.auth.CachedModelBackend")
    verify_otp(client, chair)
    url = meeting.get_absolute_url()
    client.get(url)
    page = client.get(url).content.decode()  # the cached copy
    tokens = CSRF.findall(page)
    assert tokens and all(tokens)
    response = client.post(
        reverse(
            "subgroups:minutes_circulate", args=[meeting.subgroup.partnership.slug, meeting.pk]
        ),
        {"csrfmiddlewaretoken": tokens[0]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED


def test_the_stored_copy_holds_no_csrf_token(login, chair, meeting):
    pages = page_cache.page_cache()
    pages.clear()
    login(chair).get(meeting.get_absolute_url())
    # This process's memory stands in for Redis: read what it stored.
    (copy,) = [pickle.loads(value) for value in pages._cache.values()]
    assert b'name="csrfmiddlewaretoken" value=""' in copy["content"]


def test_a_message_is_shown_once_and_its_page_is_not_kept(login, chair, meeting):
    client = login(chair)
    url = meeting.get_absolute_url()
    client.get(url)  # a copy without the message is cached
    client.post(
        reverse("subgroups:minutes_circulate", args=[meeting.subgroup.partnership.slug, meeting.pk])
    )
    assert "circulated" in client.get(url).content.decode().lower()
    page = client.get(url).content.decode()
    assert 'class="govuk-notification-banner govuk-notification-banner--success"' not in page


def test_every_view_of_the_deadlines_page_is_logged_cached_or_not(login, partnership):
    from partnership.models import Role as R

    manager = make_member(partnership=partnership, kind=R.Kind.BUSINESS_MANAGER)
    client = login(manager)
    url = reverse("reviews:deadlines", args=[partnership.slug])
    counts = [get(client, url)[1] for _ in range(3)]
    assert counts[1] == counts[2] < counts[0]
    assert RestrictedAccessLog.objects.filter(user=manager, record_type="list").count() == 3


def test_a_refusal_is_worked_out_each_time(login, chair, partnership, cached_queries):
    report = a_report(partnership, by=chair)
    client = login(chair)
    url = reverse("reports:report_detail", args=[partnership.slug, report.pk])
    assert client.get(url).status_code == 403
    response, count = get(client, url)
    assert response.status_code == 403 and count > cached_queries


def test_no_role_no_page_even_when_someone_else_has_it_cached(
    login, business_manager, partnership, outsider
):
    url = reverse("partnership:dashboard", args=[partnership.slug])
    manager = login(business_manager, Client())
    manager.get(url)
    manager.get(url)
    assert login(outsider, Client()).get(url).status_code == 404


def test_the_next_day_the_page_is_built_again(login, chair, meeting, monkeypatch, cached_queries):
    client = login(chair)
    url = meeting.get_absolute_url()
    get(client, url)
    assert get(client, url)[1] == cached_queries

    class Tomorrow:
        class date:
            @staticmethod
            def today():
                return dt.date.today() + dt.timedelta(days=1)

    monkeypatch.setattr(page_cache, "dt", Tomorrow)
    assert get(client, url)[1] > cached_queries


def test_page_caching_can_be_turned_off(login, chair, meeting, settings, cached_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client = login(chair)
    url = meeting.get_absolute_url()
    assert get(client, url)[1] == get(client, url)[1] > cached_queries


def test_a_partnership_without_a_token_gets_one_on_its_first_page(
    login, business_manager, partnership, cached_queries
):
    RecordsVersion.objects.filter(partnership=partnership).delete()
    client = login(business_manager)
    url = reverse("partnership:dashboard", args=[partnership.slug])
    assert client.get(url).status_code == 200
    assert RecordsVersion.objects.filter(partnership=partnership).exists()
    client.get(url)  # built and kept under the new token
    assert get(client, url)[1] == cached_queries


def test_the_public_report_page_is_cached_for_visitors_who_are_not_signed_in(
    partnership, business_manager, client
):
    from reports.models import PublishedReport

    report = a_report(partnership, by=business_manager)
    published = PublishedReport.objects.create(
        report=report,
        partnership=partnership,
        title="Annual report 2019 to 2020",
        period_start=report.period_start,
        period_end=report.period_end,
        edition=1,
        html="<p>Frozen body</p>",
        pdf=b"%PDF-frozen",
        html_sha256="a" * 64,
        pdf_sha256="b" * 64,
    )
    url = published.get_absolute_url()
    first, built = get(client, url)
    second, served = get(client, url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert served == 1 < built  # the partnership's token; no session for a visitor


def test_people_changes_show_at_once_on_the_sub_group_page(
    login, business_manager, partnership, subgroup
):
    client = login(business_manager)
    url = reverse("subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug])
    assert "Priya Ahmed" not in client.get(url).content.decode()
    person = make_person(partnership=partnership, name="Priya Ahmed")
    Role.objects.create(
        person=person,
        kind=Role.Kind.SUBGROUP_MEMBER,
        subgroup=subgroup,
        valid_from=dt.date(2020, 1, 1),
    )
    assert "Priya Ahmed" in client.get(url).content.decode()
    Person.objects.filter(pk=person.pk).get().delete()
    assert "Priya Ahmed" not in client.get(url).content.decode()


def test_a_page_whose_view_adds_a_message_is_not_kept(login, chair, partnership, rf):
    from django.contrib import messages
    from django.http import HttpResponse

    built = []

    @page_cache.cached_page()
    def view(request, slug):
        built.append(1)
        messages.info(request, "Only for this request")
        return HttpResponse("<p>page</p>", content_type="text/html")

    client = login(chair)
    for _ in range(2):
        request = rf.get(f"/p/{partnership.slug}/")
        request.user = chair
        request.session = client.session
        request._messages = messages.storage.default_storage(request)
        assert view(request, partnership.slug).status_code == 200
    assert len(built) == 2


def test_query_parameters_the_view_does_not_read_store_no_other_copy(
    login, partnership, subgroup, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    user = make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR)
    client = login(user)
    pages = page_cache.page_cache()
    pages.clear()
    assert client.get("/p/testshire/").status_code == 200
    for n in range(30):
        response = client.get(f"/p/testshire/?junk={n}&utm_source=x{n}")
        assert response.status_code == 200
    assert len(pages._cache) == 1  # one copy of the dashboard, however many addresses


def test_the_parameters_a_view_reads_still_choose_the_page(login, partnership, subgroup, settings):
    settings.PAGE_CACHE_SECONDS = 600
    user = make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR)
    client = login(user)
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    item = make_item(meeting=meeting, title="Neglect")
    make_action(
        partnership=partnership,
        owner=make_person(partnership=partnership),
        item=item,
        subgroup=subgroup,
        description="Refresh the neglect toolkit",
    )
    everything = client.get("/p/testshire/actions/?status=all&junk=1")
    done_only = client.get("/p/testshire/actions/?junk=2&status=completed")
    assert b"Refresh the neglect toolkit" in everything.content
    assert b"Refresh the neglect toolkit" not in done_only.content
    # Links on the page carry only what the view reads.
    assert b"junk" not in everything.content


def test_a_form_entered_in_several_boxes_keeps_each_box():
    from django import forms

    class Dated(forms.Form):
        q = forms.CharField()
        on = forms.DateField(widget=forms.SplitDateTimeWidget())

    assert page_cache.form_parameters(Dated) == ("q", "on_0", "on_1")
