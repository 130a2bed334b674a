"""Pages of a long list: read with its total in one query, or never counted.

Django's ``Paginator`` counts the list (``SELECT COUNT(*)``) and then reads the page: two
queries, each built by the ORM and planned by the database, on every list page.
``CountedPaginator`` reads the page's rows with the total beside each of them (a window
over the whole list, ``COUNT(*) OVER ()``), so one query answers both. A first page with no
row is an empty list; a later page with no row is past the end: that list is counted the
usual way, and Django gives its last page, as it does for any number out of range.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "_rows_in_list"


def page_number(asked) -> int:
    """The page asked for (``?page=``), or 1 for anything that is not a number from 1."""
    try:
        return max(int(asked), 1)
    except (TypeError, ValueError):
        return 1


class CountedPaginator(Paginator):
    def get_page(self, number) -> Page:
        number = page_number(number)
        start = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(**{TOTAL: Window(Count("*"))})[start : start + self.per_page]
        )
        if rows or number == 1:
            self.count = getattr(rows[0], TOTAL) if rows else 0  # the cached_property, answered
            return self._get_page(rows, number, self)
        return super().get_page(number)


class NextPage:
    """A page of a list that is never counted, for lists that grow year after year: it
    reads one row more than it shows, which says whether a later page exists, so the cost
    of a page stays that of its own rows however long the list grows (with an index in
    the list's order). ``count`` is known only when the whole list fits on the first page.
    A number past the end gives the first page.
    """

    def __init__(self, object_list, per_page: int, number):
        number = page_number(number)
        start = (number - 1) * per_page
        rows = list(object_list[start : start + per_page + 1])
        if not rows and number > 1:
            number, start, rows = 1, 0, list(object_list[: per_page + 1])
        self.number = number
        self.has_next = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.has_previous = number > 1
        self.start_index = start + 1 if self.object_list else 0
        self.end_index = start + len(self.object_list)
        self.count = None if self.has_previous or self.has_next else len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1
