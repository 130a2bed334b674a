"""The report's wording: no "the the", no doubled names, one plain draft label."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from reports.assembly import assemble
from reports.checklist import checklist
from reports.models import ReportSectionConfig
from reports.renderers import render_docx
from reports.renderers.pdf import render_pdf_html
from reports.services import ensure_sections
from reports.text import with_the, without_lead
from scrutiny.cover import prefill
from scrutiny.models import CommitteeSubmission
from tests.reports.helpers import add_evidence, make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def test_a_title_is_led_by_the_only_once():
    assert with_the("Foreword") == "the foreword"
    assert with_the("The impact of covid-19") == "the impact of covid-19"
    assert with_the("The impact of covid-19", capital=True) == "The impact of covid-19"
    assert with_the("GET SAFE group") == "the GET SAFE group"
    assert without_lead("Quality Group: Plans improved", "Quality Group") == "Plans improved"
    assert without_lead("Training: Levels of need", "Quality Group") == "Training: Levels of need"


def test_a_section_titled_the_something_reads_once_in_every_message(login, world):
    ensure_sections(world.partnership)
    ReportSectionConfig.objects.create(
        partnership=world.partnership, key="custom:covid", title="The impact of covid-19", order=5
    )
    notes = assemble(world.report).section("custom:covid").notes
    assert notes == [
        "The impact of covid-19 has not been written yet. Write it on the report page."
    ]
    client = login(world.bm)
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "Write the impact of covid-19</a>" in page and "the the" not in page.lower()
    edit = reverse(
        "reports:narrative_edit", args=[world.partnership.slug, world.report.pk, "custom:covid"]
    )
    saved = client.post(edit, {"body": "Services moved online.", "version": 0}, follow=True)
    assert "The impact of covid-19 has been saved." in saved.content.decode()


def test_the_draft_label_on_the_pdf_and_docx_says_draft_once(world):
    document = assemble(world.report)
    html = render_pdf_html(document, draft=True)
    assert "Version 1 · DRAFT</p>" in html and "(Draft)" not in html
    docx = Document(io.BytesIO(render_docx(document, draft=True)))
    lines = [p.text for p in docx.paragraphs]
    assert "Version 1 · DRAFT" in lines and not any("draft: draft" in t for t in lines)
    world.report.submit(by=world.bm)
    submitted = assemble(world.report)
    assert "Version 1 · DRAFT: submitted for review</p>" in render_pdf_html(submitted, draft=True)


def test_checklist_lines_do_not_name_the_subgroup_twice(world):
    add_evidence(world)
    places = [p for item in checklist(assemble(world.report)) for p in item.places]
    quality = [p for p in places if p.section.endswith("Quality Group")]
    assert quality and not any(p.description.startswith("Quality Group:") for p in quality)


def test_the_cover_report_title_names_the_partnership_once(partnership):
    def cover_title(report_title):
        submission = CommitteeSubmission.objects.create(
            partnership=partnership,
            report_title=report_title,
            period_start=dt.date(2019, 4, 1),
            period_end=dt.date(2020, 3, 31),
            council="Testshire County Council",
            committee="Children's Scrutiny",
            meeting_date=dt.date(2021, 1, 28),
        )
        return prefill(submission).title

    named = f"{partnership.name} Annual Report 2019-20"
    assert cover_title(named) == named
    assert cover_title("Annual Report 2019-20") == named
