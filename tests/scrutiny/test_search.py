"""Search: the index follows the records, ranking, filters, highlighting and permissions.

These run on SQLite (the fallback) and on PostgreSQL (full-text search) alike.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from partnership.access import access_for
from partnership.models import Role
from scrutiny.models import RecordType, SearchEntry
from scrutiny.search.index import rebuild
from scrutiny.search.query import Criteria, highlight, search
from tests.factories import (
    date_boxes,
    make_action,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_subgroup,
)
from tests.scrutiny.helpers import at, confirm, make_published_report


@pytest.fixture
def minutes(partnership, subgroup):
    """A confirmed meeting with a public, a partnership-only and a restricted item."""
    meeting = make_meeting(subgroup=subgroup, starts_at=at(dt.date(2020, 1, 15)))
    public = make_item(
        meeting=meeting,
        title="Neglect strategy",
        confidentiality="public",
        minutes="The group agreed the neglect strategy and its toolkit for schools.",
    )
    partnership_only = make_item(
        meeting=meeting,
        title="Audit findings",
        confidentiality="partnership",
        minutes="The thematic audit of exploitation cases found gaps.",
    )
    restricted = make_item(
        meeting=meeting,
        title="Rapid review update",
        confidentiality="restricted",
        minutes="Zebrafinch household: siblings moved to kinship care.",
    )
    make_decision(item=public, text="RESOLVED: the neglect strategy be adopted.")
    make_decision(item=restricted, text="RESOLVED: refer the Zebrafinch case to the panel.")
    confirm(meeting)
    return {
        "meeting": meeting,
        "public": public,
        "partnership": partnership_only,
        "restricted": restricted,
    }


def run(user, partnership, q, **criteria):
    access = access_for(user, partnership)
    return list(search(access, Criteria(q=q, **criteria)))


def titles(results):
    return [r.title for r in results]


def test_saving_records_fills_the_index(minutes):
    types = sorted(SearchEntry.objects.values_list("record_type", flat=True))
    assert types.count(RecordType.ITEM) == 3
    assert types.count(RecordType.DECISION) == 2


def test_index_follows_minutes_status_and_deletion(partnership, subgroup):
    meeting = make_meeting(subgroup=subgroup)
    item = make_item(meeting=meeting, title="Training", confidentiality="public")
    dropped = make_item(meeting=meeting, title="Dropped", confidentiality="public")
    assert SearchEntry.objects.get(record_type="item", object_id=item.pk).minutes_status == "draft"
    dropped_pk = dropped.pk
    dropped.delete()
    assert not SearchEntry.objects.filter(record_type="item", object_id=dropped_pk).exists()
    confirm(meeting)
    assert (
        SearchEntry.objects.get(record_type="item", object_id=item.pk).minutes_status == "confirmed"
    )


def test_changing_an_items_confidentiality_passes_to_its_decisions(partnership, subgroup):
    meeting = make_meeting(subgroup=subgroup)
    item = make_item(meeting=meeting, title="Plan", confidentiality="public")
    decision = make_decision(item=item)
    item.confidentiality = "restricted"
    item.save()
    entry = SearchEntry.objects.get(record_type="decision", object_id=decision.pk)
    assert entry.confidentiality == "restricted"


def test_councillor_finds_a_public_confirmed_minute(minutes, scrutiny_member, partnership):
    results = run(scrutiny_member, partnership, "toolkit")
    assert titles(results) == ["Neglect strategy"]


@pytest.mark.parametrize("word", ["Zebrafinch", "kinship", "siblings", "Rapid", "panel"])
def test_councillor_never_finds_a_restricted_item_by_any_word_in_it(
    minutes, scrutiny_member, partnership, word
):
    assert run(scrutiny_member, partnership, word) == []


def test_councillor_does_not_find_partnership_only_items(minutes, scrutiny_member, partnership):
    assert run(scrutiny_member, partnership, "exploitation") == []


def test_member_of_another_subgroup_finds_partnership_items_but_not_restricted(
    minutes, partnership
):
    other = make_subgroup(partnership=partnership, name="Other group")
    user = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=other)
    assert titles(run(user, partnership, "exploitation")) == ["Audit findings"]
    assert run(user, partnership, "Zebrafinch") == []


def test_subgroup_member_and_business_manager_find_restricted_items(
    minutes, partnership, chair, business_manager
):
    assert "Rapid review update" in titles(run(chair, partnership, "Zebrafinch"))
    assert "Rapid review update" in titles(run(business_manager, partnership, "Zebrafinch"))


def test_draft_minutes_are_found_only_by_those_who_read_drafts(
    partnership, subgroup, chair, scrutiny_member
):
    meeting = make_meeting(subgroup=subgroup)
    make_item(
        meeting=meeting,
        title="Draft words",
        confidentiality="public",
        minutes="Quokka observations.",
    )
    other = make_subgroup(partnership=partnership)
    outsider_member = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=other
    )
    assert titles(run(chair, partnership, "quokka")) == ["Draft words"]
    assert run(scrutiny_member, partnership, "quokka") == []
    assert run(outsider_member, partnership, "quokka") == []


def test_other_partnerships_records_are_never_found(minutes, outsider, other_partnership):
    assert run(outsider, other_partnership, "toolkit") == []


def test_actions_inherit_their_items_visibility(minutes, partnership, scrutiny_member):
    owner = make_person(partnership=partnership)
    make_action(
        partnership=partnership,
        owner=owner,
        item=minutes["restricted"],
        description="Write to the Zebrafinch family's school",
    )
    make_action(
        partnership=partnership,
        owner=owner,
        item=minutes["public"],
        description="Publish the toolkit on the website",
    )
    make_action(partnership=partnership, owner=owner, description="Toolkit launch event")
    assert titles(run(scrutiny_member, partnership, "toolkit", record_type="action")) == [
        "Publish the toolkit on the website"
    ]
    assert run(scrutiny_member, partnership, "Zebrafinch") == []


def test_results_rank_more_matches_first(partnership, subgroup, business_manager):
    meeting = make_meeting(subgroup=subgroup)
    make_item(meeting=meeting, title="Other business", minutes="Training was mentioned once.")
    make_item(
        meeting=meeting,
        title="Training",
        minutes="Training plan. Training evaluation. Training attendance figures.",
    )
    assert titles(run(business_manager, partnership, "training"))[0] == "Training"


def test_filters_by_subgroup_date_and_type(minutes, partnership, business_manager):
    other = make_subgroup(partnership=partnership, name="Exec")
    later = make_meeting(subgroup=other, starts_at=at(dt.date(2021, 6, 1)))
    make_item(meeting=later, title="Neglect review", minutes="Neglect again.")
    assert len(run(business_manager, partnership, "neglect")) == 3  # two items, one decision
    assert titles(run(business_manager, partnership, "neglect", subgroup_id=other.pk)) == [
        "Neglect review"
    ]
    assert titles(run(business_manager, partnership, "neglect", date_from=dt.date(2021, 1, 1))) == [
        "Neglect review"
    ]
    assert len(run(business_manager, partnership, "neglect", date_to=dt.date(2020, 12, 31))) == 2
    assert [
        r.record_type for r in run(business_manager, partnership, "neglect", record_type="decision")
    ] == ["decision"]


def test_highlighting_marks_words_and_escapes_record_text(partnership, subgroup, business_manager):
    meeting = make_meeting(subgroup=subgroup)
    make_item(
        meeting=meeting,
        title="Safety <b>plans</b>",
        minutes="A <script>alert(1)</script> note about safety planning & safety.",
    )
    results = highlight(
        search(access_for(business_manager, partnership), Criteria(q="safety")), "safety"
    )
    entry = results[0]
    assert '<mark class="app-highlight">' in entry.title_html
    for html in (entry.title_html, entry.snippet_html):
        # Only the highlight tags are markup; record text is escaped (or, on PostgreSQL,
        # its tags are dropped by the headline parser).
        bare = html.replace('<mark class="app-highlight">', "").replace("</mark>", "")
        assert "<" not in bare
    assert '<mark class="app-highlight">safety</mark>' in entry.snippet_html.lower()


def test_blank_query_finds_nothing(minutes, business_manager, partnership):
    assert run(business_manager, partnership, "   ") == []


def test_rebuild_recreates_the_index(minutes, partnership):
    SearchEntry.objects.all().delete()
    assert rebuild(partnership) == 5
    assert rebuild() == 5


# --- the page --------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_sign_in(client, partnership):
    response = client.get(reverse("scrutiny:search", args=[partnership.slug]), {"q": "x"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_outsider_gets_404(client, login, outsider, partnership):
    login(outsider)
    response = client.get(reverse("scrutiny:search", args=[partnership.slug]), {"q": "x"})
    assert response.status_code == 404


def test_search_page_shows_results_with_highlights(
    client, login, minutes, scrutiny_member, partnership
):
    login(scrutiny_member)
    response = client.get(reverse("scrutiny:search", args=[partnership.slug]), {"q": "toolkit"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 result for ‘toolkit’" in body
    assert '<mark class="app-highlight">' in body
    assert "Zebrafinch" not in body


def test_search_page_never_shows_restricted_words_or_counts(
    client, login, minutes, scrutiny_member, partnership
):
    login(scrutiny_member)
    response = client.get(reverse("scrutiny:search", args=[partnership.slug]), {"q": "Zebrafinch"})
    body = response.content.decode()
    assert "No results for ‘Zebrafinch’" in body
    assert "kinship" not in body
    assert "result for" not in body


def test_bad_dates_give_a_clear_message_not_an_error(client, login, business_manager, partnership):
    login(business_manager)
    url = reverse("scrutiny:search", args=[partnership.slug])
    response = client.get(
        url, {"q": "x", "date_from_0": "31", "date_from_1": "2", "date_from_2": "2020"}
    )
    assert response.status_code == 200
    assert "‘From’ must be a real date" in response.content.decode()
    response = client.get(
        url,
        {
            "q": "x",
            **date_boxes("date_from", dt.date(2021, 1, 1)),
            **date_boxes("date_to", dt.date(2020, 1, 1)),
        },
    )
    assert "must be the same as or after" in response.content.decode()


def test_results_are_paginated_with_stable_addresses(
    client, login, partnership, subgroup, business_manager
):
    meeting = make_meeting(subgroup=subgroup)
    for n in range(25):
        make_item(meeting=meeting, order=n + 1, title=f"Wombat item {n}", minutes="wombat")
    login(business_manager)
    url = reverse("scrutiny:search", args=[partnership.slug])
    first = client.get(url, {"q": "wombat", "type": "item"}).content.decode()
    assert "25 results" in first
    assert "q=wombat&amp;type=item&amp;page=2" in first
    second = client.get(url, {"q": "wombat", "type": "item", "page": "2"}).content.decode()
    assert second.count("</mark> item") == 5
    assert client.get(url, {"q": "wombat", "page": "999"}).status_code == 200
    assert client.get(url, {"q": "wombat", "page": "x"}).status_code == 200


def test_unknown_subgroup_or_type_is_a_form_error_not_a_crash(
    client, login, business_manager, partnership
):
    login(business_manager)
    url = reverse("scrutiny:search", args=[partnership.slug])
    response = client.get(url, {"q": "x", "subgroup": "nope", "type": "secret"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_search_query_count_does_not_grow_with_results(
    client, login, partnership, subgroup, business_manager, django_assert_max_num_queries
):
    meeting = make_meeting(subgroup=subgroup)
    for n in range(3):
        make_item(meeting=meeting, title=f"Koala {n}", minutes="koala")
    login(business_manager)
    url = reverse("scrutiny:search", args=[partnership.slug])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url, {"q": "koala"})
    for n in range(3, 15):
        make_item(meeting=meeting, title=f"Koala {n}", minutes="koala")
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"q": "koala"})
    assert len(small) == len(large)


def test_published_reports_are_indexed_and_found_by_anyone_in_the_partnership(
    partnership, scrutiny_member
):
    published = make_published_report(
        partnership=partnership, html="<h2>Voice of the child</h2><p>Platypus &amp; co.</p>"
    )
    entry = SearchEntry.objects.get(record_type="report", object_id=published.pk)
    assert "Platypus & co." in entry.body
    assert entry.url == published.get_absolute_url()
    results = run(scrutiny_member, partnership, "platypus", record_type="report")
    assert titles(results) == ["Annual Report 2019-20"]


def test_free_standing_actions_of_a_case_review_group_stay_with_that_group(partnership):
    cspr = make_subgroup(partnership=partnership, name="CSPR", handles_case_reviews=True)
    owner = make_person(partnership=partnership)
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=cspr,
        description="Chase the pangolin chronology",
    )
    other = make_subgroup(partnership=partnership)
    outsider_member = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=other
    )
    cspr_member = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=cspr
    )
    assert run(outsider_member, partnership, "pangolin") == []
    assert titles(run(cspr_member, partnership, "pangolin")) == ["Chase the pangolin chronology"]


def test_search_results_agree_with_the_action_register_rule(minutes, partnership, scrutiny_member):
    from subgroups.models import Action

    owner = make_person(partnership=partnership)
    for item in minutes.values():
        if hasattr(item, "confidentiality"):
            make_action(
                partnership=partnership,
                owner=owner,
                item=item,
                description=f"Follow up {item.title}",
            )
    access = access_for(scrutiny_member, partnership)
    visible = set(Action.objects.visible_to(access).values_list("pk", flat=True))
    found = {r.object_id for r in run(scrutiny_member, partnership, "follow", record_type="action")}
    assert found == visible


def test_items_of_a_cancelled_meeting_are_not_indexed(partnership, subgroup, business_manager):
    from subgroups.models import Meeting

    meeting = make_meeting(subgroup=subgroup)
    make_item(meeting=meeting, title="Cancelled business", minutes="Capybara.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    assert run(business_manager, partnership, "capybara") == []


def test_the_search_dates_are_the_govuk_date_input(client, login, business_manager, partnership):
    login(business_manager)
    url = reverse("scrutiny:search", args=[partnership.slug])
    page = client.get(url).content.decode()
    assert 'type="date"' not in page and "maxlength" not in page
    assert 'name="date_from_0"' in page and 'name="date_to_2"' in page
    assert "You can enter up to 200 characters" in page
    response = client.get(url, {"q": "x", "date_from_0": "1", "date_from_2": "2020"})
    body = response.content.decode()
    assert "‘From’ must include a month" in body
    assert 'href="#id_date_from_1"' in body
    # The boxes keep what was typed, and only the missing month is marked as wrong.
    boxes = {
        m["id"]: m
        for m in re.finditer(
            r'<input class="(?P<cls>[^"]*)" id="(?P<id>id_date_from_\d)"[^>]*value="(?P<v>[^"]*)"',
            body,
        )
    }
    assert [boxes[f"id_date_from_{i}"]["v"] for i in range(3)] == ["1", "", "2020"]
    marked = [i for i in range(3) if "govuk-input--error" in boxes[f"id_date_from_{i}"]["cls"]]
    assert marked == [1]
    assert 'aria-describedby="id_date_from-hint id_date_from-error"' in body
    assert '<p id="id_date_from-error" class="govuk-error-message">' in body


def test_search_reads_no_other_table_than_the_index(partnership, minutes, business_manager):
    """A result says where it comes from in its own columns: the search joins nothing (a
    join with the sub-groups made PostgreSQL hash all of them, every partnership's, each
    time), and a sub-group filter is a column of the index too."""
    access = access_for(business_manager, partnership)
    subgroup_id = minutes["meeting"].subgroup_id
    for criteria in (Criteria(q="neglect"), Criteria(q="neglect", subgroup_id=subgroup_id)):
        found = search(access, criteria)
        assert "JOIN" not in str(found.query).upper()
        assert set(titles(found)) == {"Neglect strategy", "Decision on Neglect strategy"}
