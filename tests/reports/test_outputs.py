"""The three outputs: accessible HTML, PDF (its text holds every section), DOCX (real headings,
the budget table), and the build_report command."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports.assembly import assemble
from reports.renderers import render_docx, render_html, render_pdf
from tests.reports.helpers import add_evidence, add_meetings, make_world


@pytest.fixture
def world(partnership):
    w = make_world(partnership)
    add_meetings(w, 2)
    add_evidence(w, n=2)
    return w


def test_html_has_one_contents_list_headings_in_order_and_captioned_tables(world):
    document = assemble(world.report).for_publication()
    html = render_html(document, published=True)
    headings = re.findall(r"<h([23])[^>]*>", html)
    assert headings[0] == "2"  # the contents, under the page's h1
    assert html.count('id="report-contents"') == 1
    for section in document.sections:
        assert f'href="#{section.anchor}"' in html
        assert f'id="{section.anchor}"' in html
    assert html.count("<table") == html.count("<caption")
    assert 'scope="col"' in html
    assert "To do" not in html  # editors' notes never reach published output
    assert 'src="data:image/svg+xml;base64,' in html and 'alt="Contacts to the front door:' in html


def test_pdf_text_contains_every_section_heading_and_page_numbers(world):
    document = assemble(world.report).for_publication()
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for section in document.sections:
        assert section.heading in flat, section.heading
    assert "Contents" in flat
    assert f"Page 2 of {len(reader.pages)}" in flat
    assert "£201" in flat  # the budget table


def test_docx_has_heading_styles_and_the_budget_table(world):
    document = assemble(world.report).for_publication()
    docx = Document(io.BytesIO(render_docx(document)))
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", *[s.heading for s in document.sections]]
    assert any(
        p.style.name == "Heading 2" and p.text == "Evidence of impact" for p in docx.paragraphs
    )
    budget = next(
        t
        for t in docx.tables
        if t.rows[0].cells[-1].text == "Total"
        and "Total income" in [r.cells[0].text for r in t.rows]
    )
    rows = {r.cells[0].text: r.cells[-1].text for r in budget.rows}
    assert rows["Total income"] == "£201" and rows["Net position"] == "£100"
    assert len(docx.inline_shapes) >= 1  # the PNG charts


def test_the_business_manager_downloads_the_draft_as_docx(login, world):
    response = login(world.bm).get(
        reverse("reports:report_download", args=[world.partnership.slug, world.report.pk, "docx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Document(io.BytesIO(response.content)).paragraphs


def test_a_scrutiny_member_cannot_download_the_draft(login, world, scrutiny_member):
    response = login(scrutiny_member).get(
        reverse("reports:report_download", args=[world.partnership.slug, world.report.pk, "docx"])
    )
    assert response.status_code == 403


def test_build_report_writes_html_and_docx(world, tmp_path):
    html_file, docx_file = tmp_path / "report.html", tmp_path / "report.docx"
    slug = world.partnership.slug
    call_command(
        "build_report",
        slug,
        "2019-10-01",
        "2020-09-30",
        "--format",
        "html",
        "--output",
        str(html_file),
    )
    call_command(
        "build_report",
        slug,
        "2019-10-01",
        "2020-09-30",
        "--format",
        "docx",
        "--output",
        str(docx_file),
    )
    html = html_file.read_text()
    assert "<h1>Annual report 2019 to 2020</h1>" in html and "8. Quality Group" in html
    assert Document(str(docx_file)).paragraphs[1].text == "Annual report 2019 to 2020"


def test_build_report_assembles_a_period_without_a_saved_report(world, tmp_path):
    out = tmp_path / "r.html"
    call_command(
        "build_report",
        world.partnership.slug,
        "2019-04-01",
        "2020-09-30",
        "--format",
        "html",
        "--output",
        str(out),
    )
    assert "A transitional report covering 18 months" in out.read_text()


def test_build_report_refuses_an_unknown_partnership(db, tmp_path):
    with pytest.raises(CommandError, match="No partnership"):
        call_command(
            "build_report", "nowhere", "2019-04-01", "2020-03-31", "--output", str(tmp_path / "x")
        )


def _structure_kinds(node, found, depth=0):
    node = node.get_object()
    kind = node.get("/S")
    if kind is not None:
        found.add(str(kind))
    kids = node.get("/K")
    if kids is None or depth > 40:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _structure_kinds(kid, found, depth + 1)


def test_the_pdf_is_tagged_with_its_language_title_and_a_structure_tree(world, tmp_path):
    pdf = render_pdf(assemble(world.report))
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == world.report.title
    kinds: set[str] = set()
    _structure_kinds(root["/StructTreeRoot"], kinds)
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/L", "/LI"} <= kinds, kinds
    # Poppler's own reading of the file, where it is installed.
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        out = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
        assert re.search(r"^Tagged:\s+yes$", out.stdout, re.M), out.stdout
