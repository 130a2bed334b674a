"""A chair builds an agenda from the standing items, attaches three papers (one of them
restricted) and publishes it; a member and a councillor each download the agenda pack,
and the councillor's leaves the restricted paper out."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from partnership.models import Role
from tests.browser.conftest import click_and_wait
from tests.factories import make_meeting, make_member
from tests.papers import files


@pytest.fixture
def people(testshire, qa_group):
    return {
        "chair": make_member(
            partnership=testshire, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=qa_group
        ),
        "member": make_member(
            partnership=testshire, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=qa_group
        ),
        "councillor": make_member(partnership=testshire, kind=Role.Kind.SCRUTINY_MEMBER),
    }


def _attach(pg, item_title: str, title: str, level_label: str, name: str, data: bytes):
    item = pg.locator(".app-minutes-item", has=pg.get_by_role("heading", name=item_title))
    click_and_wait(pg, item.get_by_role("link", name="Add a paper"))
    pg.get_by_label("Title").fill(title)
    pg.get_by_label(level_label).check()
    pg.get_by_label("File").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": data}
    )
    click_and_wait(pg, pg.get_by_role("button", name="Upload the paper"))


def _download_pack(pg) -> PdfReader:
    with pg.expect_download() as info:
        pg.get_by_role("link", name="Download the agenda pack").click()
    return PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _bookmarks(reader: PdfReader) -> list[str]:
    out = []

    def walk(entries, depth):
        for e in entries:
            if isinstance(e, list):
                walk(e, depth + 1)
            else:
                out.append("  " * depth + e.title)

    walk(reader.outline, 0)
    return out


def test_chair_publishes_papers_and_each_reader_gets_the_pack_they_may_read(
    page, browser, live_server, http_cookies, sign_in, check_page, qa_group, people, run_tasks
):
    from tests.browser.conftest import new_page

    start = timezone.make_aware(dt.datetime(2031, 5, 19, 10, 0))
    meeting = make_meeting(subgroup=qa_group, starts_at=start)
    sign_in(page, people["chair"])
    page.goto(f"/p/testshire/meetings/{meeting.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Agenda, papers and agenda pack"))
    click_and_wait(
        page, page.get_by_role("button", name="Start the agenda from the standing items")
    )
    check_page(page, context="draft agenda")

    click_and_wait(page, page.get_by_role("link", name="Add an item"))
    page.get_by_label("Title").fill("Neglect audit findings")
    page.get_by_label("Time allowed, in minutes").fill("20")
    page.get_by_label("Public").check()
    click_and_wait(page, page.get_by_role("button", name="Add the item"))
    click_and_wait(page, page.get_by_role("link", name="Add an item"))
    page.get_by_label("Title").fill("Case review: Child M")
    page.get_by_label("Restricted").check()
    click_and_wait(page, page.get_by_role("button", name="Add the item"))

    _attach(
        page,
        "4. Neglect audit findings",
        "Audit report",
        "Public",
        "audit.pdf",
        files.pdf_bytes(pages=3, text="Audit findings in full"),
    )
    _attach(
        page,
        "4. Neglect audit findings",
        "Audit appendix",
        "Public",
        "appendix.pdf",
        files.pdf_bytes(pages=1, text="Appendix tables"),
    )
    # A wrong file first: the message sits next to the field.
    item = page.locator(".app-minutes-item", has=page.get_by_role("heading", name="5. Case"))
    click_and_wait(page, item.get_by_role("link", name="Add a paper"))
    page.get_by_label("Title").fill("Case chronology")
    page.get_by_label("Restricted").check()
    page.get_by_label("File").set_input_files(
        {"name": "chronology.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}
    )
    click_and_wait(page, page.get_by_role("button", name="Upload the paper"))
    assert "must be a PDF, DOCX, XLSX" in page.locator(".govuk-error-message").inner_text()
    check_page(page, context="paper upload with an error")
    page.get_by_label("Restricted").check()
    page.get_by_label("File").set_input_files(
        {
            "name": "chronology.pdf",
            "mimeType": "application/pdf",
            "buffer": files.pdf_bytes(pages=2, text="Chronology of Child M"),
        }
    )
    click_and_wait(page, page.get_by_role("button", name="Upload the paper"))
    click_and_wait(page, page.get_by_role("button", name="Publish the agenda"))
    assert (
        "Agenda published"
        in page.locator(".govuk-notification-banner, .app-messages, body").first.inner_text()
    )
    run_tasks()  # the worker binds the packs

    member_page = new_page(browser, live_server.url)
    sign_in(member_page, people["member"])
    member_page.goto(f"/p/testshire/meetings/{meeting.pk}/agenda/")
    check_page(member_page, context="published agenda")
    member_pack = _download_pack(member_page)
    councillor_page = new_page(browser, live_server.url)
    sign_in(councillor_page, people["councillor"])
    councillor_page.goto(f"/p/testshire/meetings/{meeting.pk}/agenda/")
    assert "Case review: Child M" not in councillor_page.content()
    councillor_pack = _download_pack(councillor_page)

    member_text, councillor_text = _text(member_pack), _text(councillor_pack)
    assert "Chronology of Child M" in member_text
    assert "Chronology of Child M" not in councillor_text and "Child M" not in councillor_text
    assert "Audit findings in full" in councillor_text
    assert "Item withheld" in councillor_text
    # Cover, agenda, then 3 + 1 pages of public papers; the member has 2 more.
    assert len(councillor_pack.pages) == 2 + 4
    assert len(member_pack.pages) == 2 + 4 + 2
    assert _bookmarks(councillor_pack) == [
        "Cover and agenda",
        "1. Welcome and apologies",
        "2. Declarations of interest",
        "3. Minutes and actions of the last meeting",
        "4. Neglect audit findings",
        "  Audit report",
        "  Audit appendix",
        "6. Any other business",
    ]
    assert "5. Case review: Child M" in _bookmarks(member_pack)
    assert "  Case chronology" in _bookmarks(member_pack)
    for pg in (member_page, councillor_page):
        pg.context.close()
