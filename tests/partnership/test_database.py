"""How the app talks to PostgreSQL: parameters bound by the server, repeated queries prepared."""

import pytest
from django.db import connection

from partnership.models import Partnership

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite prepares in-process"
)


def _prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
@pytest.mark.django_db
def test_a_query_run_again_and_again_is_planned_once_per_connection():
    """A page's small queries take longer to plan than to run: run a second time on one
    connection, a query is prepared, its parameters sent apart from its text. A query run
    only once is not (nothing would reuse it)."""

    # A query no other test runs, so that this connection has not prepared it before.
    def run(slug):
        list(Partnership.objects.filter(slug=slug, area__startswith="prepared-test"))

    run("a")
    assert _prepared('"partnership_partnership"."area"::text LIKE') == []
    for slug in ["b", "c"]:
        run(slug)
    (statement,) = _prepared('"partnership_partnership"."area"::text LIKE')
    assert "'c'" not in statement  # the value is a parameter, not part of the text
