"""The agenda pack: built by the worker for each level of access, with a cover, the
agenda with page numbers, each readable paper in order, bookmarks and a running footer."""

import io
import shutil

import pytest
from pypdf import PdfReader

from papers import checks, services
from papers.models import AgendaPack, Paper
from papers.tasks import build_packs
from subgroups.models import AgendaItem
from tests.papers import files


def _add(item, title, level, name, data, by=None):
    from tests.trust.demo_data.completing import checks_for

    upload = files.upload(name, data)
    checked = (
        checks_for(data)
        if name.endswith(".pdf")
        else checks.check_upload(
            io.BytesIO(data),
            name=name,
            size=len(data),
            max_bytes=10**8,
            max_unpacked_bytes=10**8,
            max_ratio=200,
        )
    )
    return services.add_paper(
        item=item,
        title=title,
        confidentiality=level,
        upload=upload,
        checked=checked,
        filename=name,
        by=by,
    )


def _pack(agenda, level):
    pack = AgendaPack.objects.get(agenda=agenda, level=level)
    with pack.file.open("rb") as f:
        return pack, PdfReader(io.BytesIO(f.read()))


def _text(reader):
    return " ".join(page.extract_text() for page in reader.pages)


def _outline(reader):
    titles = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                titles.append(("  " * depth) + entry.title)

    walk(reader.outline, 0)
    return titles


@pytest.fixture
def papers_agenda(agenda):
    meeting = agenda.meeting
    audit = services.add_item(
        meeting=meeting,
        title="Neglect audit",
        presenter=None,
        confidentiality="public",
        minutes_allowed=20,
    )
    case = services.add_item(
        meeting=meeting,
        title="Case review update",
        presenter=None,
        confidentiality="restricted",
        minutes_allowed=15,
    )
    _add(
        audit, "Audit findings", "public", "findings.pdf", files.pdf_bytes(pages=3, text="Findings")
    )
    _add(audit, "Audit chart", "partnership", "chart.png", files.png_bytes())
    _add(case, "Case summary", "restricted", "case.pdf", files.pdf_bytes(pages=2, text="Casework"))
    return agenda


def test_each_level_gets_its_own_pack_with_only_what_it_may_read(papers_agenda):
    build_packs.call(papers_agenda.pk)
    public, reader = _pack(papers_agenda, "public")
    text = _text(reader)
    # Cover and agenda (front pages), then the three pages of the public paper.
    front = public.page_count - 3
    assert front >= 1
    assert "Findings" in text and "Casework" not in text
    assert "Audit chart" not in text and "1 paper withheld" in text
    assert "Item withheld" in text and "Case review update" not in text
    assert f"Page 1 of {public.page_count}" in reader.pages[0].extract_text()
    assert f"Page {public.page_count} of {public.page_count}" in reader.pages[-1].extract_text()
    assert _outline(reader) == [
        "Cover and agenda",
        "1. Welcome and apologies",
        "2. Declarations of interest",
        "3. Minutes and actions of the last meeting",
        "4. Neglect audit",
        "  Audit findings",
        "6. Any other business",
    ]
    restricted, reader = _pack(papers_agenda, "restricted")
    assert restricted.page_count == public.page_count + 1 + 2
    text = _text(reader)
    assert "Casework" in text and "withheld" not in text
    assert "5. Case review update" in _outline(reader)
    # The agenda gives the page each paper starts on.
    starts = {
        n: reader.get_destination_page_number(e)
        for n, e in ((e.title, e) for e in _flat(reader.outline))
    }
    assert starts["Audit findings"] + 1 == front + 1
    assert starts["Case summary"] == starts["Audit chart"] + 1


def _flat(entries):
    for e in entries:
        if isinstance(e, list):
            yield from _flat(e)
        else:
            yield e


def test_a_changed_paper_rebuilds_the_packs_and_an_unchanged_one_does_not(papers_agenda):
    build_packs.call(papers_agenda.pk)
    before = {p.level: (p.pk, p.file.name) for p in AgendaPack.objects.all()}
    build_packs.call(papers_agenda.pk)
    assert {p.level: (p.pk, p.file.name) for p in AgendaPack.objects.all()} == before
    paper = Paper.objects.get(title="Case summary")
    services.replace_paper(
        paper=paper,
        upload=files.upload("case2.pdf", files.pdf_bytes(pages=4, text="Newer")),
        checked=checks.Checked("pdf", 4),
        filename="case2.pdf",
        by=None,
    )
    build_packs.call(papers_agenda.pk)
    after = {p.level: p.file.name for p in AgendaPack.objects.all()}
    assert after["public"] == before["public"][1]
    assert after["restricted"] != before["restricted"][1]
    _, reader = _pack(papers_agenda, "restricted")
    assert "Newer" in _text(reader) and "Casework" not in _text(reader)


def test_a_stale_pack_is_never_served(login, partnership, chair, papers_agenda, scrutiny_member):
    services.publish_agenda(agenda=papers_agenda, by=chair)
    build_packs.call(papers_agenda.pk)
    url = f"/p/{partnership.slug}/meetings/{papers_agenda.meeting.pk}/agenda/pack/"
    client = login(scrutiny_member)
    assert b"Findings" in _pdf_text_of(client.get(url))
    # The item becomes restricted: the public pack built before must not go out again.
    item = AgendaItem.objects.get(title="Neglect audit")
    item.confidentiality = "restricted"
    item.save()
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "being prepared" in response.content.decode()
    build_packs.call(papers_agenda.pk)
    assert b"Findings" not in _pdf_text_of(client.get(url))


def _pdf_text_of(response) -> bytes:
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return _text(reader).encode()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_office_files_are_converted_by_libreoffice(agenda):
    item = AgendaItem.objects.get(meeting=agenda.meeting, title="Any other business")
    _add(item, "Word report", "public", "report.docx", files.docx_bytes("Converted words"))
    build_packs.call(agenda.pk)
    _, reader = _pack(agenda, "public")
    assert "Converted words" in _text(reader)
    assert "  Word report" in _outline(reader)


def test_without_libreoffice_the_pack_links_the_paper_and_says_why(agenda, settings):
    settings.PAPERS_SOFFICE = "no-such-office-suite"
    item = AgendaItem.objects.get(meeting=agenda.meeting, title="Any other business")
    version = _add(item, "Word report", "public", "report.docx", files.docx_bytes()).versions.get()
    build_packs.call(agenda.pk)
    _, reader = _pack(agenda, "public")
    text = _text(reader)
    assert "LibreOffice is not installed" in text
    assert f"/papers/versions/{version.pk}/" in text.replace("\n", "")
