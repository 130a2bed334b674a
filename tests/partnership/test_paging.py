"""Pages of long lists: one query for a page and its total, or a page that is never counted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.paging import CountedPaginator, NextPage
from subgroups.models import Meeting
from tests.factories import make_meeting
from tests.scrutiny.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(subgroup):
    """Seven meetings, 1 to 7 March 2020: newest first, as lists show them."""
    for day in range(1, 8):
        make_meeting(subgroup=subgroup, starts_at=at(dt.date(2020, 3, day)))
    return Meeting.objects.filter(subgroup=subgroup).order_by("-starts_at", "-pk")


def days(rows) -> list[int]:
    return [m.starts_at.day for m in rows]


def test_a_page_and_the_total_come_in_one_query(meetings):
    with CaptureQueriesContext(connection) as queries:
        page = CountedPaginator(meetings, 3).get_page("2")
        assert days(page.object_list) == [4, 3, 2]
        assert (page.paginator.count, page.paginator.num_pages) == (7, 3)
        assert page.has_previous() and page.has_next()
        assert (page.start_index(), page.end_index()) == (4, 6)
    assert len(queries) == 1


def test_an_empty_list_is_one_query_and_page_one(subgroup):
    with CaptureQueriesContext(connection) as queries:
        page = CountedPaginator(Meeting.objects.filter(subgroup=subgroup), 3).get_page(None)
        assert (list(page.object_list), page.paginator.count, page.number) == ([], 0, 1)
    assert len(queries) == 1


@pytest.mark.parametrize("asked", ["99", "0", "-1", "two", None])
def test_a_number_out_of_range_or_not_a_number_gives_a_page_django_would(meetings, asked):
    page = CountedPaginator(meetings, 3).get_page(asked)
    expected = 3 if asked == "99" else 1
    assert page.number == expected
    assert page.paginator.count == 7
    assert days(page.object_list) == {1: [7, 6, 5], 3: [1]}[expected]


def test_a_page_that_is_never_counted_reads_one_row_more_than_it_shows(meetings):
    with CaptureQueriesContext(connection) as queries:
        page = NextPage(meetings, 3, "2")
    assert len(queries) == 1
    assert "COUNT" not in queries[0]["sql"].upper()
    assert days(page.object_list) == [4, 3, 2]
    assert page.has_previous and page.has_next and page.has_other_pages()
    assert (page.previous_page_number(), page.next_page_number()) == (1, 3)
    assert (page.start_index, page.end_index) == (4, 6)
    assert page.count is None  # not known without counting


def test_the_last_uncounted_page_has_no_next_page(meetings):
    page = NextPage(meetings, 3, 3)
    assert days(page.object_list) == [1]
    assert page.has_previous and not page.has_next


def test_a_list_on_one_uncounted_page_knows_its_count(meetings):
    page = NextPage(meetings, 10, 1)
    assert page.count == 7 and not page.has_other_pages()


@pytest.mark.parametrize("asked", ["99", "0", "two", None])
def test_an_uncounted_page_out_of_range_or_not_a_number_is_the_first(meetings, asked):
    page = NextPage(meetings, 3, asked)
    assert page.number == 1
    assert days(page.object_list) == [7, 6, 5]
