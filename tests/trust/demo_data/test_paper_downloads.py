"""Paper downloads at every level, as every kind of user: the permission matrix holds the
restricted paper; these hold the public and the partnership-only ones too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.trust import matrix as m
from tests.trust.demo_data.helpers import outcome, request


@pytest.mark.parametrize("level", ["public", "partnership", "restricted"])
def test_a_paper_downloads_for_exactly_who_may_read_it(level, demo, as_role):
    version = m.paper_version(demo["home"], level)
    url = f"/p/{demo['home'].slug}/papers/versions/{version.pk}/"
    rule = m.PAPER_DOWNLOAD_RULES[level]
    wrong = []
    for role in m.ROLES:
        with CaptureQueriesContext(connection) as queries:
            response, writes = request(as_role(role), "GET", url)
        logged = [
            q
            for q in queries.captured_queries
            if "INSERT INTO" in q["sql"] and "reviews_restrictedaccesslog" in q["sql"]
        ]
        got, expected = outcome(response), rule.expected(role)
        if got != expected:
            wrong.append(f"{level} as {role}: expected {expected}, got {got}")
        if expected == m.OK:
            body = b"".join(response.streaming_content)
            assert body.startswith(b"%PDF-")
            assert bool(logged) == (level == "restricted"), role
        elif writes:
            wrong.append(f"{level} as {role} was refused but wrote {writes[:2]}")
    assert not wrong, "\n".join(wrong)


def test_each_reader_gets_the_pack_of_their_level(demo, as_role):
    from io import BytesIO

    from pypdf import PdfReader

    meeting = m.papers_meeting(demo["home"])
    url = f"/p/{demo['home'].slug}/meetings/{meeting.pk}/agenda/pack/"
    seen = {}
    for role in (m.SCRUTINY, m.OTHER_CHAIR, m.MEMBER):
        response, _ = request(as_role(role), "GET", url)
        assert response.status_code == 200, role
        text = " ".join(
            p.extract_text() for p in PdfReader(BytesIO(b"".join(response.streaming_content))).pages
        )
        seen[role] = text
    assert "The public paper" in seen[m.SCRUTINY]
    assert "The partnership paper" not in seen[m.SCRUTINY]
    assert "The partnership paper" in seen[m.OTHER_CHAIR]
    assert "The restricted paper" not in seen[m.OTHER_CHAIR]
    assert "The restricted paper" in seen[m.MEMBER]
