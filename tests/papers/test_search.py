"""Search finds the words inside papers, with the agenda's own rules: nothing before
publication, and councillors only public papers."""

import pytest
from django.test import Client

from papers import services
from papers.models import PaperVersion
from papers.tasks import extract_text
from scrutiny.models import SearchEntry
from subgroups.models import AgendaItem
from tests.papers import files


def _search(client, partnership, q):
    return client.get(f"/p/{partnership.slug}/search/", {"q": q}).content.decode()


def _upload(client, partnership, item, name, data, level):
    response = client.post(
        f"/p/{partnership.slug}/items/{item.pk}/papers/new/",
        {"title": f"Paper {name}", "confidentiality": level, "file": files.upload(name, data)},
    )
    assert response.status_code == 302


@pytest.fixture
def papers(login, chair, partnership, agenda):
    client = login(chair)
    public = AgendaItem.objects.get(meeting=agenda.meeting, title="Any other business")
    _upload(
        client, partnership, public, "open.pdf", files.pdf_bytes(text="Zebracrossing"), "public"
    )
    _upload(
        client, partnership, public, "secret.docx", files.docx_bytes("Quokkaburrow"), "restricted"
    )
    _upload(
        client,
        partnership,
        public,
        "sheet.xlsx",
        files.ooxml_bytes("xlsx", text="Wombatcount"),
        "public",
    )
    for version in PaperVersion.objects.all():
        extract_text.call(version.pk)
    return agenda


def test_words_inside_papers_are_found_by_those_who_may_read_them(
    login, member, scrutiny_member, partnership, chair, papers
):
    councillor = login(scrutiny_member, Client())
    assert "Paper open.pdf" not in _search(councillor, partnership, "Zebracrossing")
    services.publish_agenda(agenda=papers, by=chair)
    found = _search(councillor, partnership, "Zebracrossing")
    assert "Paper open.pdf" in found
    assert "Paper sheet.xlsx" in _search(councillor, partnership, "Wombatcount")
    assert "Paper secret.docx" not in _search(councillor, partnership, "Quokkaburrow")
    assert "Paper secret.docx" in _search(login(member, Client()), partnership, "Quokkaburrow")


def test_text_is_read_once_per_version(papers):
    version = PaperVersion.objects.get(filename="open.pdf")
    assert "Zebracrossing" in version.text
    first = version.text_extracted_at
    PaperVersion.objects.filter(pk=version.pk).update(text="changed by hand")
    extract_text.call(version.pk)
    version.refresh_from_db()
    assert version.text_extracted_at == first and version.text == "changed by hand"


def test_a_cancelled_meetings_papers_leave_the_index(papers, chair):
    services.publish_agenda(agenda=papers, by=chair)
    assert SearchEntry.objects.filter(record_type="paper").count() == 3
    meeting = papers.meeting
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    assert not SearchEntry.objects.filter(record_type="paper").exists()
