"""A draft's document and files are kept until the records change, and shared by its readers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import kept
from reports.assembly import assemble
from reports.models import ReportNarrative
from tests.reports.helpers import make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def queries(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured)


def test_the_document_is_assembled_once_until_a_record_changes(world):
    first, built = queries(lambda: kept.document(world.report))
    again, served = queries(lambda: kept.document(world.report))
    assert served == 1 < built  # the partnership's records token
    assert again == first == assemble(world.report)

    ReportNarrative.objects.create(report=world.report, key="foreword", body="A year of change.")
    changed = kept.document(world.report)
    assert "A year of change." in " ".join(text for _where, text in changed.texts())


def test_a_draft_pdf_downloaded_by_one_reader_serves_the_next(login, world):
    url = reverse("reports:report_download", args=[world.partnership.slug, world.report.pk, "pdf"])
    manager = login(world.bm, Client())
    first = manager.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    lead = login(world.leads["police"], Client())
    with CaptureQueriesContext(connection) as captured:
        second = lead.get(url)
    assert second.content == first.content
    assert not any("reports_reportnarrative" in q["sql"] for q in captured.captured_queries)


def test_a_changed_record_gives_a_new_docx(login, world):
    url = reverse("reports:report_download", args=[world.partnership.slug, world.report.pk, "docx"])
    client = login(world.bm)
    before = client.get(url).content
    world.group.name = "Renamed Quality Group"
    world.group.save()
    after = client.get(url).content
    assert after != before


def test_nothing_is_kept_when_caching_is_off(world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _doc, first = queries(lambda: kept.document(world.report))
    _doc, second = queries(lambda: kept.document(world.report))
    assert first == second > 1
