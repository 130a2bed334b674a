"""The register of interests (kept by the person and the business manager) and the
declarations made at meetings, which appear in the minutes, the pack and the PDF."""

import datetime as dt
import io

from django.test import Client
from pypdf import PdfReader

from papers.models import Declaration, Interest
from papers.tasks import build_packs
from partnership.models import Person, Role
from subgroups.models import AgendaItem, Meeting
from tests.factories import make_member


def _person(user):
    return Person.objects.get(user=user)


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_person_keeps_their_own_register(login, member, partnership):
    person = _person(member)
    client = login(member)
    url = f"/p/{partnership.slug}/people/{person.pk}/interests/"
    response = client.post(
        f"{url}new/",
        {"kind": "employment", "description": "Trustee, Testshire Youth Trust"}
        | _date("declared_on", dt.date(2029, 5, 1)),
    )
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.person, interest.declared_on, interest.recorded_by) == (
        person,
        dt.date(2029, 5, 1),
        member,
    )
    assert "Trustee, Testshire Youth Trust" in client.get(url).content.decode()


def test_the_business_manager_keeps_anyones_register(login, business_manager, member, partnership):
    person = _person(member)
    response = login(business_manager).post(
        f"/p/{partnership.slug}/people/{person.pk}/interests/new/",
        {"kind": "financial", "description": "Shares in a care provider"}
        | _date("declared_on", dt.date(2029, 1, 1)),
    )
    assert response.status_code == 302
    assert Interest.objects.get().person == person


def test_nobody_else_reads_or_writes_a_register(login, member, chair, partnership, outsider):
    person = _person(member)
    url = f"/p/{partnership.slug}/people/{person.pk}/interests/"
    assert login(chair).get(url).status_code == 403
    assert login(chair).post(f"{url}new/", {"kind": "other"}).status_code == 403
    assert login(outsider, Client()).get(url).status_code == 404
    assert not Interest.objects.exists()


def test_an_interest_cannot_end_before_it_was_declared(login, member, partnership):
    person = _person(member)
    response = login(member).post(
        f"/p/{partnership.slug}/people/{person.pk}/interests/new/",
        {"kind": "other", "description": "x"}
        | _date("declared_on", dt.date(2029, 5, 1))
        | _date("ended_on", dt.date(2029, 4, 1)),
    )
    assert "on or after the date declared" in response.content.decode()
    assert not Interest.objects.exists()


def test_a_declaration_appears_in_the_minutes_the_pack_and_the_pdf(
    login, chair, member, partnership, agenda
):
    item = AgendaItem.objects.get(meeting=agenda.meeting, title="Declarations of interest")
    person = _person(member)
    client = login(chair)
    response = client.post(
        f"/p/{partnership.slug}/items/{item.pk}/declarations/new/",
        {"person": person.pk, "interest": "Works for the audited agency", "left_room": "on"},
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.left_room and declaration.person == person
    expected = "Works for the audited agency (left the room for this item)"
    meeting = agenda.meeting
    assert expected in client.get(f"/p/{partnership.slug}/meetings/{meeting.pk}/").content.decode()
    build_packs.call(agenda.pk)
    pack = agenda.packs.get(level="public")
    with pack.file.open("rb") as f:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "Works for the audited agency" in " ".join(text.split())
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status=Meeting.MinutesStatus.CONFIRMED, confirmed_on=dt.date(2030, 4, 1)
    )
    councillor = make_member(partnership=partnership, kind=Role.Kind.SCRUTINY_MEMBER)
    response = login(councillor, Client()).get(
        f"/p/{partnership.slug}/meetings/{meeting.pk}/minutes.pdf"
    )
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Works for the audited agency" in " ".join(text.split())


def test_no_declaration_is_added_to_confirmed_minutes(login, chair, member, partnership, agenda):
    item = AgendaItem.objects.get(meeting=agenda.meeting, title="Declarations of interest")
    Meeting.objects.filter(pk=agenda.meeting.pk).update(
        minutes_status=Meeting.MinutesStatus.CONFIRMED, confirmed_on=dt.date(2030, 4, 1)
    )
    login(chair).post(
        f"/p/{partnership.slug}/items/{item.pk}/declarations/new/",
        {"person": _person(member).pk, "interest": "Late"},
    )
    assert not Declaration.objects.exists()
