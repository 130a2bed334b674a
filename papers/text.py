"""The words in a paper, for search: read once per version by ``papers.tasks.extract_text``.

Office files are zips of XML; only the parts that hold the text are read, each capped,
so a file that slipped past the upload checks still cannot make the worker unpack much.
"""

from __future__ import annotations

import html
import re
import zipfile

from papers.models import PaperVersion

PART_CAP = 20 * 1024 * 1024
TEXT_CAP = 2_000_000
TAG = re.compile(rb"<[^>]+>")
PARTS = {
    PaperVersion.Kind.DOCX: re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$"),
    PaperVersion.Kind.XLSX: re.compile(r"^xl/sharedStrings\.xml$"),
    PaperVersion.Kind.PPTX: re.compile(r"^ppt/slides/slide\d+\.xml$"),
}
# Paragraph and cell ends become spaces, so words either side stay apart.
BREAKS = re.compile(rb"</(w:p|a:p|si|w:tc)>")


def extract(version: PaperVersion) -> str:
    try:
        if version.kind == PaperVersion.Kind.PDF:
            return _pdf(version)[:TEXT_CAP]
        if version.kind in PARTS:
            return _ooxml(version)[:TEXT_CAP]
    except Exception:
        # A file pypdf or zipfile cannot read has no searchable words; it is still a paper.
        return ""
    return ""


def _pdf(version: PaperVersion) -> str:
    from pypdf import PdfReader

    with version.file.open("rb") as f:
        reader = PdfReader(f, strict=False)
        parts = []
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            if sum(len(p) for p in parts) > TEXT_CAP:
                break
    return _tidy(" ".join(parts))


def _ooxml(version: PaperVersion) -> str:
    wanted = PARTS[version.kind]
    out = []
    with version.file.open("rb") as f, zipfile.ZipFile(f) as archive:
        names = sorted(
            (i for i in archive.infolist() if wanted.match(i.filename)),
            key=lambda i: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", i.filename)],
        )
        for info in names:
            with archive.open(info) as part:
                data = part.read(PART_CAP)
            data = BREAKS.sub(b" ", data)
            out.append(html.unescape(TAG.sub(b"", data).decode("utf-8", errors="replace")))
    return _tidy(" ".join(out))


def _tidy(text: str) -> str:
    return " ".join(text.split())
