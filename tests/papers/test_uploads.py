"""Uploading papers: every allowed type is kept with its row; every bad file is refused
next to the field with nothing stored."""

import io

import pytest
from django.core.files.storage import storages

from papers.models import Paper, PaperVersion
from subgroups.models import AgendaItem
from tests.papers import files


def _url(partnership, item):
    return f"/p/{partnership.slug}/items/{item.pk}/papers/new/"


def _item(agenda, title="Minutes and actions of the last meeting"):
    return AgendaItem.objects.get(meeting=agenda.meeting, title=title)


def _post(client, partnership, item, upload, **fields):
    data = {"title": "Audit report", "confidentiality": item.confidentiality, "file": upload}
    data.update(fields)
    return client.post(_url(partnership, item), data)


@pytest.mark.parametrize(
    "name, make, kind",
    [
        ("Audit report.pdf", lambda: files.pdf_bytes(pages=2), "pdf"),
        ("Audit report.docx", files.docx_bytes, "docx"),
        ("Figures.xlsx", lambda: files.ooxml_bytes("xlsx"), "xlsx"),
        ("Slides.pptx", lambda: files.ooxml_bytes("pptx"), "pptx"),
        ("Chart.png", files.png_bytes, "png"),
        ("Photo.JPG", files.jpeg_bytes, "jpeg"),
    ],
)
def test_each_allowed_type_is_kept_with_its_row(
    login, chair, partnership, agenda, stored_files, name, make, kind
):
    data = make()
    response = _post(login(chair), partnership, _item(agenda), files.upload(name, data))
    assert response.status_code == 302
    version = PaperVersion.objects.get()
    assert version.kind == kind
    assert version.size == len(data)
    assert version.filename == name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[1].lower()
    assert stored_files() == {version.file.name}
    with version.file.open("rb") as f:
        assert f.read() == data
    # The stored name carries nothing of the uploader's.
    assert "Audit" not in version.file.name and "/" in version.file.name


def _bomb():
    return files.zip_bomb_docx()


BAD = [
    ("program.exe", lambda: b"MZ\x90\x00" + b"\0" * 100, "must be a PDF, DOCX, XLSX"),
    ("notes.pdf", lambda: b"just some text pretending", "must be a PDF, DOCX, XLSX"),
    ("empty.pdf", lambda: b"", "empty"),
    ("locked.pdf", files.encrypted_pdf_bytes, "protected by a password"),
    ("broken.pdf", lambda: b"%PDF-1.7\n1 0 obj <</Type /Catalog", "damaged"),
    ("../../etc/passwd.pdf", files.pdf_bytes, "without folders"),
    ("C:\\Users\\x\\report.pdf", files.pdf_bytes, "without folders"),
    ("report\x07.pdf", files.pdf_bytes, "control characters"),
    ("report\u202egpj.pdf", files.pdf_bytes, "control characters"),
    ("bomb.docx", _bomb, "zip bomb"),
    ("chart.pdf", files.png_bytes, "holds a PNG file"),
    ("macro.xlsm", lambda: files.ooxml_bytes("xlsx"), "holds a XLSX file"),
    ("broken.docx", lambda: b"PK\x03\x04" + b"\0" * 200, "damaged"),
    ("no-types.docx", lambda: _zip({"word/document.xml": "<x/>"}), "must be a PDF"),
]


def _multipart(fields: dict, filename: str, data: bytes, *, cut: bool = False):
    boundary = "----paperboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
    )
    body = b"".join(parts) + (
        data[: len(data) // 2] if cut else data + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _zip(members):
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as z:
        for n, d in members.items():
            z.writestr(n, d)
    return out.getvalue()


@pytest.mark.parametrize("name, make, message", BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_refused_next_to_the_field_and_nothing_is_stored(
    login, chair, partnership, agenda, stored_files, name, make, message
):
    # Sent as a browser or a crafted client would, name and all (the test client's own
    # encoder would drop the folders before the server saw them).
    item = _item(agenda)
    body, content_type = _multipart(
        {"title": "Audit report", "confidentiality": item.confidentiality}, name, make()
    )
    response = login(chair).generic(
        "POST", _url(partnership, item), body, content_type=content_type
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'id="id_file-error"' in page or "govuk-error-message" in page
    assert "govuk-error-summary" in page
    assert not Paper.objects.exists() and not PaperVersion.objects.exists()
    assert stored_files() == set()


def test_a_file_over_the_size_limit_is_refused(
    login, chair, partnership, agenda, stored_files, settings
):
    settings.PAPERS_MAX_UPLOAD_MB = 1
    big = files.pdf_bytes() + b"\n%" + b"x" * (1024 * 1024)
    response = _post(login(chair), partnership, _item(agenda), files.upload("big.pdf", big))
    assert response.status_code == 400
    assert "smaller than 1 MB" in response.content.decode()
    assert not PaperVersion.objects.exists() and stored_files() == set()


def test_a_zip_declaring_more_than_the_unpacked_limit_is_refused(
    login, chair, partnership, agenda, stored_files, settings
):
    settings.PAPERS_MAX_UNPACKED_MB = 1
    data = files.ooxml_bytes("docx", extra={"word/media/a.bin": b"\0" * (2 * 1024 * 1024)})
    response = _post(login(chair), partnership, _item(agenda), files.upload("a.docx", data))
    assert response.status_code == 400
    assert "would unpack to more than 1 MB" in response.content.decode()
    assert stored_files() == set()


def test_no_file_at_all_is_refused(login, chair, partnership, agenda):
    response = login(chair).post(
        _url(partnership, _item(agenda)), {"title": "x", "confidentiality": "public"}
    )
    assert response.status_code == 400
    assert "govuk-error-message" in response.content.decode()


def test_names_are_tidied(login, chair, partnership, agenda):
    upload = files.upload('  Report   <final> "v2"?.PDF ', files.pdf_bytes())
    _post(login(chair), partnership, _item(agenda), upload)
    assert PaperVersion.objects.get().filename == "Report final v2.pdf"


def test_a_paper_is_never_less_confidential_than_its_item(login, chair, partnership, agenda):
    item = _item(agenda)
    item.confidentiality = "restricted"
    item.save()
    response = _post(
        login(chair),
        partnership,
        item,
        files.upload("a.pdf", files.pdf_bytes()),
        confidentiality="public",
    )
    assert response.status_code == 400
    assert "cannot be less confidential than its item" in response.content.decode()
    assert not Paper.objects.exists()


def test_raising_an_items_level_raises_its_papers(login, chair, partnership, agenda):
    item = _item(agenda)
    _post(login(chair), partnership, item, files.upload("a.pdf", files.pdf_bytes()))
    assert Paper.objects.get().confidentiality == "public"
    item.confidentiality = "restricted"
    item.save()
    assert Paper.objects.get().confidentiality == "restricted"


def test_a_new_version_keeps_the_earlier_one(login, chair, partnership, agenda, stored_files):
    client = login(chair)
    _post(client, partnership, _item(agenda), files.upload("v1.pdf", files.pdf_bytes(text="One")))
    paper = Paper.objects.get()
    response = client.post(
        f"/p/{partnership.slug}/papers/{paper.pk}/new-version/",
        {"file": files.upload("v2.pdf", files.pdf_bytes(text="Two"))},
    )
    assert response.status_code == 302
    first, second = paper.versions.order_by("number")
    assert (first.number, first.filename, second.number, second.filename) == (
        1,
        "v1.pdf",
        2,
        "v2.pdf",
    )
    assert stored_files() == {first.file.name, second.file.name}
    page = client.get(f"/p/{partnership.slug}/meetings/{agenda.meeting.pk}/agenda/").content
    assert b"Version 1: v1.pdf" in page


def test_an_upload_cut_off_in_the_middle_stores_nothing(
    login, chair, partnership, agenda, stored_files
):
    client = login(chair)
    item = _item(agenda)
    # The connection drops half way through the file: no closing boundary.
    body, content_type = _multipart(
        {"title": "Cut", "confidentiality": "public"}, "cut.pdf", files.pdf_bytes(), cut=True
    )
    response = client.generic("POST", _url(partnership, item), body, content_type=content_type)
    assert response.status_code in (400, 403)
    assert not PaperVersion.objects.exists() and not Paper.objects.exists()
    assert stored_files() == set()


def test_a_storage_that_cannot_write_leaves_no_row(
    login, chair, partnership, agenda, stored_files, tmp_path, settings
):
    # A file where the storage expects a folder: every write fails, as a full disk would.
    (tmp_path / "not-a-folder").write_text("")
    folder = tmp_path / "not-a-folder" / "papers"
    settings.STORAGES = {
        **settings.STORAGES,
        "papers": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    client = login(chair)
    client.raise_request_exception = False
    response = _post(client, partnership, _item(agenda), files.upload("a.pdf", files.pdf_bytes()))
    assert response.status_code == 500
    assert not PaperVersion.objects.exists() and not Paper.objects.exists()


def test_files_no_row_names_are_swept_once_an_hour_old(
    login, chair, partnership, agenda, stored_files
):
    import os
    import time

    from django.core.files.base import ContentFile

    from papers.tasks import remove_orphan_files

    _post(login(chair), partnership, _item(agenda), files.upload("a.pdf", files.pdf_bytes()))
    storage = storages["papers"]
    old = storage.save("papers/2020/01/orphan.pdf", ContentFile(b"%PDF-"))
    fresh = storage.save("papers/2020/01/uploading.pdf", ContentFile(b"%PDF-"))
    two_hours_ago = time.time() - 7200
    os.utime(storage.path(old), (two_hours_ago, two_hours_ago))
    os.utime(storage.path(PaperVersion.objects.get().file.name), (two_hours_ago, two_hours_ago))
    assert remove_orphan_files.call() == 1
    assert stored_files() == {PaperVersion.objects.get().file.name, fresh}
