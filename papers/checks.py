"""What an uploaded paper is, found from its content, and whether it may be kept.

Plain Python (pypdf and Pillow aside, no Django): each check raises ``Refused`` with a
sentence the upload form shows next to the file field.

- The type comes from the bytes: PDF, PNG and JPEG by their signatures; DOCX, XLSX and
  PPTX are zips whose ``[Content_Types].xml`` names the main part.
- A zip is refused before anything is unpacked when its members declare more than the
  allowed unpacked size in total, or shrink more than the allowed ratio (a zip bomb).
- A PDF must open without a password and have at least one page.
- A file name must be a plain name: no folders, no control characters.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

ALLOWED = "PDF, DOCX, XLSX, PPTX, PNG or JPEG"

OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg"},
}
MAX_ZIP_MEMBERS = 5000
MAX_NAME = 150


class Refused(ValueError):
    """The upload cannot be kept; the message says why, in the user's terms."""


@dataclass(frozen=True)
class Checked:
    kind: str  # one of EXTENSIONS
    page_count: int | None = None


def clean_name(name: str) -> str:
    """A file name fit to serve: refuses folders and control characters, tidies the rest."""
    if not name or not name.strip():
        raise Refused("The selected file has no name.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise Refused("The file name must not contain control characters. Rename the file.")
    if "/" in name or "\\" in name or name.strip() in (".", "..") or ":" in name:
        raise Refused("The file name must be a plain name, without folders. Rename the file.")
    name = unicodedata.normalize("NFC", name).strip().strip(".")
    name = re.sub(r'[<>"|?*;#%&{}$!`=+\[\]]', "", name)
    name = re.sub(r"\s+", " ", name)
    if "." not in name:
        raise Refused(f"The file name must end with its type, for example .pdf ({ALLOWED}).")
    stem, extension = name.rsplit(".", 1)
    stem = stem.strip(" .-") or "paper"
    extension = extension.lower()
    return f"{stem[: MAX_NAME - len(extension) - 1]}.{extension}"


def check_upload(
    stream: BinaryIO,
    *,
    name: str,
    size: int,
    max_bytes: int,
    max_unpacked_bytes: int,
    max_ratio: int,
) -> Checked:
    """The kind of file ``stream`` holds, or ``Refused``. ``name`` is the cleaned name."""
    if size == 0:
        raise Refused("The selected file is empty.")
    if size > max_bytes:
        raise Refused(f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB.")
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        checked = Checked("pdf", _pdf_pages(stream))
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        checked = Checked(_image(stream, "PNG"))
    elif head.startswith(b"\xff\xd8\xff"):
        checked = Checked(_image(stream, "JPEG"))
    elif head.startswith(b"PK\x03\x04"):
        checked = Checked(_ooxml(stream, max_unpacked_bytes, max_ratio))
    else:
        raise Refused(f"The selected file must be a {ALLOWED} file.")
    extension = name.rsplit(".", 1)[-1].lower()
    if extension not in EXTENSIONS[checked.kind]:
        raise Refused(
            f"The file's name says .{extension} but it holds a {checked.kind.upper()} file. "
            "Rename it or choose the right file."
        )
    stream.seek(0)
    return checked


def _pdf_pages(stream: BinaryIO) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise Refused(
                "The selected PDF is protected by a password. Save it without one and try again."
            )
        pages = len(reader.pages)
        # Reading the first page's contents finds most broken files before members do.
        if pages:
            reader.pages[0].get_contents()
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        raise Refused("The selected PDF is damaged and cannot be read.") from e
    except Exception as e:  # pypdf raises many kinds on broken input; none may reach the user
        raise Refused("The selected PDF is damaged and cannot be read.") from e
    if pages == 0:
        raise Refused("The selected PDF has no pages.")
    return pages


def _image(stream: BinaryIO, expected: str) -> str:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            if image.format != expected:
                raise Refused(f"The selected file must be a {ALLOWED} file.")
            image.verify()
    except Refused:
        raise
    except Exception as e:
        raise Refused(f"The selected {expected} image is damaged and cannot be read.") from e
    return "png" if expected == "PNG" else "jpeg"


def _ooxml(stream: BinaryIO, max_unpacked: int, max_ratio: int) -> str:
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise Refused("The selected file is damaged and cannot be read.") from e
    if len(members) > MAX_ZIP_MEMBERS:
        raise Refused("The selected file holds too many parts to be a document.")
    declared = sum(m.file_size for m in members)
    if declared > max_unpacked:
        raise Refused(
            "The selected file would unpack to more than "
            f"{max_unpacked // (1024 * 1024)} MB. It may be a zip bomb: it cannot be accepted."
        )
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > max_ratio * max(m.compress_size, 1):
            raise Refused(
                "The selected file is compressed far more than any document would be. "
                "It may be a zip bomb: it cannot be accepted."
            )
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        raise Refused(f"The selected file must be a {ALLOWED} file.") from None
    if info.file_size > 1024 * 1024:
        raise Refused("The selected file is damaged and cannot be read.")
    try:
        types = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise Refused("The selected file is damaged and cannot be read.") from e
    if b"<!DOCTYPE" in types or b"<!ENTITY" in types:
        raise Refused("The selected file is damaged and cannot be read.")
    found = [kind for kind, main in OOXML_MAIN.items() if main.encode() in types]
    if len(found) != 1:
        # Macro-enabled files name a different main part and are refused here too.
        raise Refused(f"The selected file must be a {ALLOWED} file.")
    return found[0]
