"""The DOCX (python-docx): real Heading styles, tables, PNG charts, for the business unit to
restyle.

Word builds the contents from the headings: the document carries a table-of-contents
field that Word fills in when it is opened (or on "Update field").
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from reports.document import (
    BulletList,
    Chart,
    Facts,
    Markdown,
    Paragraph,
    ReportDocument,
    Table,
)
from reports.renderers.charts import chart_png
from reports.text import markdown_blocks


def _toc_field(paragraph) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "Right-click and choose Update field to show page numbers."
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def _table(doc, block: Table) -> None:
    caption = doc.add_paragraph(block.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, column in zip(header, block.columns, strict=True):
        cell.text = column.label
        for run in cell.paragraphs[0].runs:
            run.bold = True
        if column.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Repeat the header row on each page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for index, row in enumerate([*block.rows, *block.footer]):
        cells = table.add_row().cells
        bold = index in block.group_rows or index >= len(block.rows)
        for i, (cell, value) in enumerate(zip(cells, row, strict=False)):
            cell.text = value
            paragraph = cell.paragraphs[0]
            if block.columns[i].numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if bold or i == 0 and index in block.group_rows:
                for run in paragraph.runs:
                    run.bold = True
    for note in block.notes:
        doc.add_paragraph(note)


def _blocks(doc, blocks, *, draft: bool) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            doc.add_paragraph(block.text)
        elif isinstance(block, Markdown):
            for kind, text in markdown_blocks(block.source):
                if kind == "heading":
                    doc.add_heading(text, level=3)
                elif kind == "bullet":
                    doc.add_paragraph(text, style="List Bullet")
                elif kind == "number":
                    doc.add_paragraph(text, style="List Number")
                else:
                    doc.add_paragraph(text)
        elif isinstance(block, BulletList):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Facts):
            for fact in block.items:
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"{fact.label}: ").bold = True
                paragraph.add_run(fact.value + (f" ({fact.detail})" if fact.detail else ""))
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            doc.add_picture(io.BytesIO(chart_png(block)), width=Inches(6))
            doc.add_paragraph(block.title, style="Caption")
        elif block.kind == "note" and draft:
            note = doc.add_paragraph()
            note.add_run(f"To do: {block.text}").italic = True


def _draft_label(document: ReportDocument) -> str:
    """ " · DRAFT", with the state when it says more than that ("DRAFT: submitted for review")."""
    state = document.status.lower()
    return " · DRAFT" + (f": {state}" if state != "draft" else "")


def render_docx(document: ReportDocument, *, draft: bool = False) -> bytes:
    if not draft:
        document = document.for_publication()
    doc = Document()
    doc.core_properties.title = document.title
    doc.core_properties.author = document.partnership_name
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    doc.add_paragraph(document.partnership_name, style="Subtitle")
    doc.add_paragraph(document.title, style="Title")
    doc.add_paragraph(document.period_label)
    if document.transitional:
        doc.add_paragraph(f"A transitional report covering {document.months} months.")
    doc.add_paragraph(f"Version {document.edition}" + (_draft_label(document) if draft else ""))
    doc.add_heading("Contents", level=1)
    _toc_field(doc.add_paragraph())
    for section in document.sections:
        doc.add_paragraph(section.heading, style="List Paragraph")
    for section in document.sections:
        doc.add_page_break()
        doc.add_heading(section.heading, level=1)
        _blocks(doc, section.blocks, draft=draft)
        for sub in section.subsections:
            doc.add_heading(sub.title, level=2)
            _blocks(doc, sub.blocks, draft=draft)
    if document.signatories:
        doc.add_heading("Signed off by the safeguarding partners", level=1)
        for s in document.signatories:
            doc.add_paragraph(s.line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
