"""Real files of every allowed type (and hostile ones), made in memory for the tests."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.pdf import html_to_pdf

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


def pdf_bytes(*, pages: int = 1, text: str = "A paper") -> bytes:
    body = "".join(
        f'<section style="page-break-after: always"><h1>{text}</h1><p>Page {n} of the paper.</p>'
        "</section>"
        for n in range(1, pages + 1)
    )
    return html_to_pdf(f"<html><body>{body}</body></html>")


def docx_bytes(text: str = "A Word paper") -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(text, level=1)
    document.add_paragraph(f"{text}: the body of the report.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ooxml_bytes(kind: str, *, text: str = "Cells", extra: dict | None = None) -> bytes:
    """A minimal office zip: enough for the type check and for text extraction."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{MAIN_PART[kind]}" '
            f'ContentType="{CONTENT_TYPES[kind]}"/></Types>',
        )
        z.writestr(MAIN_PART[kind], "<root/>")
        if kind == "xlsx":
            z.writestr("xl/sharedStrings.xml", f"<sst><si><t>{text}</t></si></sst>")
        if kind == "pptx":
            z.writestr("ppt/slides/slide1.xml", f"<p:sld><a:p><a:t>{text}</a:t></a:p></p:sld>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(megabytes: int = 60) -> bytes:
    """A DOCX-shaped zip whose one member unpacks from kilobytes to ``megabytes`` of zeros."""
    return ooxml_bytes("docx", extra={"word/media/filler.bin": b"\0" * (megabytes * 1024 * 1024)})


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)
