"""Searching the index, with the reader's permissions applied before anything else.

``search(access, criteria)`` returns a queryset of SearchEntry rows the user may read,
ranked, with ``title_html`` and ``snippet_html`` ready for a page once ``highlight``
has been called on a page of them. PostgreSQL uses its full-text search (websearch
syntax, English stemming, ts_rank, ts_headline); other databases get a simpler search
with the same interface (every word must appear; ranked by how often the words occur).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BigIntegerField,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Length, Lower, Replace

from partnership.access import Access
from scrutiny.models import SearchEntry
from scrutiny.search.highlight import (
    START_SEL,
    STOP_SEL,
    headline_to_html,
    mark_all,
    parse_query,
    snippet,
)
from scrutiny.visibility import entry_filter


@dataclass(frozen=True)
class Criteria:
    q: str
    subgroup_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    record_type: str | None = None


def visible_entries(access: Access) -> QuerySet:
    """Every index row this user may read: the one place search applies permissions.

    The partnership id is cast to the column's type (bigint): psycopg sends a small int as
    a smallint, and the GIN index over (partnership, search vector) only matches the
    column's own type, so without the cast PostgreSQL would find the words' matches in
    every partnership first (about 15 times slower at national size)."""
    partnership_id = Cast(Value(access.partnership.pk), BigIntegerField())
    return SearchEntry.objects.filter(partnership_id=partnership_id).filter(entry_filter(access))


def _filtered(access: Access, criteria: Criteria) -> QuerySet:
    # No sub-group is read with a result: a result names its place in ``context``, and a
    # join here made PostgreSQL hash every sub-group of every partnership on each search.
    entries = visible_entries(access)
    if criteria.subgroup_id:
        entries = entries.filter(subgroup_id=criteria.subgroup_id)
    if criteria.date_from:
        entries = entries.filter(date__gte=criteria.date_from)
    if criteria.date_to:
        entries = entries.filter(date__lte=criteria.date_to)
    if criteria.record_type:
        entries = entries.filter(record_type=criteria.record_type)
    return entries.defer("body", "search_vector")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search(access: Access, criteria: Criteria) -> QuerySet:
    if not criteria.q.strip():
        return SearchEntry.objects.none()
    entries = _filtered(access, criteria)
    if uses_full_text():
        return _postgres(entries, criteria.q)
    return _fallback(entries, criteria.q)


def _postgres(entries: QuerySet, q: str) -> QuerySet:
    query = SearchQuery(q, search_type="websearch", config="english")
    marks = {"start_sel": START_SEL, "stop_sel": STOP_SEL, "config": "english"}
    return (
        entries.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            title_headline=SearchHeadline("title", query, highlight_all=True, **marks),
            body_headline=SearchHeadline(
                "body",
                query,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "-date", "pk")
    )


def _occurrences(field: str, term: str):
    """How many times a term occurs in a column (case-insensitively), as SQL."""
    lowered = Lower(field)
    removed = Length(lowered) - Length(Replace(lowered, Value(term), Value("")))
    return Cast(removed, IntegerField()) / Value(len(term))


def _fallback(entries: QuerySet, q: str) -> QuerySet:
    parsed = parse_query(q)
    if not parsed:
        return SearchEntry.objects.none()
    rank = Value(0)
    for term in parsed.terms:
        entries = entries.filter(
            Q(title__icontains=term) | Q(body__icontains=term) | Q(context__icontains=term)
        )
        rank = rank + 3 * _occurrences("title", term) + _occurrences("body", term)
    for term in parsed.excluded:
        entries = entries.exclude(
            Q(title__icontains=term) | Q(body__icontains=term) | Q(context__icontains=term)
        )
    return (
        entries.defer(None)
        .defer("search_vector")
        .annotate(rank=Cast(rank, FloatField()))
        .order_by("-rank", "-date", "pk")
    )


def highlight(entries, q: str) -> list:
    """Set ``title_html`` and ``snippet_html`` on a page of results (safe HTML)."""
    terms = parse_query(q).terms
    for entry in entries:
        if hasattr(entry, "body_headline"):
            entry.title_html = headline_to_html(entry.title_headline)
            entry.snippet_html = headline_to_html(entry.body_headline)
        else:
            entry.title_html = mark_all(entry.title, terms)
            entry.snippet_html = snippet(entry.body, terms)
    return list(entries)
