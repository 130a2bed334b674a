"""Agendas: drafted from the sub-group's standing items, published by the papers
deadline with an email to each member, changes after publication marked with the time,
and the minutes written into the same items."""

import datetime as dt

import pytest

from notifications.models import Message
from papers.models import Agenda, AgendaChange, StandingItem
from partnership.models import Role
from subgroups.models import AgendaItem
from tests.factories import make_member, make_person, make_role, make_subgroup
from tests.papers import files


def _agenda_url(p, meeting):
    return f"/p/{p.slug}/meetings/{meeting.pk}/agenda/"


def test_the_chair_starts_the_agenda_from_the_default_standing_items(
    login, chair, partnership, meeting
):
    response = login(chair).post(f"{_agenda_url(partnership, meeting)}start/")
    assert response.status_code == 302
    assert list(meeting.items.order_by("order").values_list("title", flat=True)) == [
        "Welcome and apologies",
        "Declarations of interest",
        "Minutes and actions of the last meeting",
        "Any other business",
    ]
    # Monday 18 March 2030, five working days before: Monday 11 March.
    assert Agenda.objects.get(meeting=meeting).papers_deadline == dt.date(2030, 3, 11)


def test_the_chair_edits_the_standing_items_and_the_next_agenda_uses_them(
    login, chair, partnership, subgroup, meeting
):
    url = f"/p/{partnership.slug}/subgroups/{subgroup.slug}/standing-items/"
    client = login(chair)
    assert "Declarations of interest (5 min)" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "items": "Welcome (5 min)\nDeclarations of interest\n---\nAny other business (15 min)",
            "papers_deadline_days": "3",
        },
    )
    assert response.status_code == 302
    assert list(StandingItem.objects.values_list("title", "minutes_allowed", "closing")) == [
        ("Welcome", 5, False),
        ("Declarations of interest", 10, False),
        ("Any other business", 15, True),
    ]
    client.post(f"{_agenda_url(partnership, meeting)}start/")
    assert meeting.items.count() == 3
    assert Agenda.objects.get(meeting=meeting).papers_deadline == dt.date(2030, 3, 13)
    # A new item goes before the closing item.
    client.post(
        f"{_agenda_url(partnership, meeting)}items/new/",
        {"title": "Neglect audit", "confidentiality": "partnership", "minutes_allowed": "20"},
    )
    assert list(meeting.items.order_by("order").values_list("title", flat=True)) == [
        "Welcome",
        "Declarations of interest",
        "Neglect audit",
        "Any other business",
    ]


def test_a_bad_standing_items_form_says_why_next_to_the_field(login, chair, partnership, subgroup):
    url = f"/p/{partnership.slug}/subgroups/{subgroup.slug}/standing-items/"
    response = login(chair).post(url, {"items": "", "papers_deadline_days": "99"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Papers deadline must be 30 or less" in page
    assert not StandingItem.objects.exists()


def test_another_subgroups_chair_cannot_touch_the_agenda(login, partnership, meeting):
    other = make_subgroup(partnership=partnership)
    stranger = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=other)
    client = login(stranger)
    assert client.post(f"{_agenda_url(partnership, meeting)}start/").status_code == 403
    url = f"/p/{partnership.slug}/subgroups/{meeting.subgroup.slug}/standing-items/"
    assert client.post(url, {"items": "x", "papers_deadline_days": "1"}).status_code == 403
    assert not Agenda.objects.exists() and not StandingItem.objects.exists()


def test_a_draft_agenda_is_hidden_from_members_until_published(
    login, chair, member, partnership, agenda, client
):
    from django.test import Client

    assert login(member, Client()).get(_agenda_url(partnership, agenda.meeting)).status_code == 404
    assert login(chair).get(_agenda_url(partnership, agenda.meeting)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_publishing_emails_each_member_once_with_links_and_no_title_they_may_not_read(
    login, chair, member, partnership, subgroup, meeting, scrutiny_member, mail_server, run_tasks
):
    from papers import services

    agenda = services.start_agenda(meeting=meeting)
    services.add_item(
        meeting=meeting,
        title="Child J: the family's history",
        presenter=None,
        confidentiality="restricted",
        minutes_allowed=10,
    )
    no_account = make_person(partnership=partnership, name="Pat Offline")
    no_account.email = "pat@example.org"
    no_account.save()
    make_role(person=no_account, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    member.email = "member@example.org"
    member.save()
    chair.email = "chair@example.org"
    chair.save()
    response = login(chair).post(f"{_agenda_url(partnership, meeting)}publish/")
    assert response.status_code == 302
    run_tasks()
    agenda.refresh_from_db()
    assert agenda.is_published and agenda.published_at is not None
    sent = {m["To"]: m for m in mail_server.inbox.messages}
    assert set(sent) == {"member@example.org", "chair@example.org", "pat@example.org"}
    assert set(Message.objects.values_list("kind", flat=True)) == {"agenda_published"}
    member_mail = sent["member@example.org"].get_body(("plain",)).get_content()
    assert "Child J: the family's history" in member_mail
    assert f"/p/{partnership.slug}/meetings/{meeting.pk}/agenda/pack/" in member_mail
    offline = sent["pat@example.org"]
    text = offline.get_body(("plain",)).get_content() + offline.get_body(("html",)).get_content()
    assert "Child J" not in text and "an item you do not have access to" in text
    assert "Child J" not in offline["Subject"]


def test_publishing_twice_or_empty_is_refused_with_a_message(login, chair, partnership, meeting):
    Agenda.objects.create(meeting=meeting, papers_deadline=dt.date(2030, 3, 11))
    client = login(chair)
    response = client.post(f"{_agenda_url(partnership, meeting)}publish/", follow=True)
    assert "Add at least one item" in response.content.decode()
    assert not Agenda.objects.get().is_published


def test_changes_after_publication_are_marked_with_their_time(
    login, chair, partnership, agenda, scrutiny_member
):
    from django.test import Client

    from papers import services

    meeting = agenda.meeting
    item = AgendaItem.objects.get(meeting=meeting, title="Any other business")
    secret = services.add_item(
        meeting=meeting,
        title="Restricted case",
        presenter=None,
        confidentiality="restricted",
        minutes_allowed=5,
    )
    services.publish_agenda(agenda=agenda, by=chair)
    client = login(chair)
    client.post(
        f"/p/{partnership.slug}/items/{item.pk}/papers/new/",
        {
            "title": "Late briefing",
            "confidentiality": "public",
            "file": files.upload("late.pdf", files.pdf_bytes()),
        },
    )
    client.post(
        f"/p/{partnership.slug}/items/{secret.pk}/edit/",
        {
            "order": secret.order,
            "title": "Restricted case, renamed",
            "confidentiality": "restricted",
            "minutes": "",
            "version": secret.version,
        },
    )
    kinds = list(AgendaChange.objects.values_list("kind", "description"))
    assert (AgendaChange.Kind.LATE_PAPER, "Paper added to item 5: Late briefing") in kinds
    assert any(k == AgendaChange.Kind.AMENDED and "renamed" in d for k, d in kinds)
    page = client.get(_agenda_url(partnership, meeting)).content.decode()
    assert "Late paper" in page and "Amended agenda" in page
    councillor = login(scrutiny_member, Client()).get(_agenda_url(partnership, meeting))
    text = councillor.content.decode()
    assert "Late briefing" in text
    assert "renamed" not in text and "a change to an item you do not have access to" in text


def test_the_minutes_are_written_into_the_agendas_items(login, chair, partnership, agenda):
    meeting = agenda.meeting
    page = login(chair).get(f"/p/{partnership.slug}/meetings/{meeting.pk}/").content.decode()
    for title in ("Welcome and apologies", "Declarations of interest", "Any other business"):
        assert title in page
