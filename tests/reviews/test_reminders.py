"""send_reminders: review deadlines to the case review group and business manager,
actions to their owners."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from partnership.models import Person, Role
from subgroups.models import Action
from tests.factories import make_action, make_member, make_person
from tests.reviews.builders import make_details, make_incident

TODAY = dt.date(2026, 4, 1)


def run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def with_email(user, email):
    user.email = email
    user.save()
    return user


@pytest.fixture
def people(partnership, business_manager, case_review_member, chair):
    with_email(business_manager, "bm@example.org")
    with_email(case_review_member, "cr@example.org")
    with_email(chair, "chair@example.org")


def test_deadlines_due_within_the_window_are_sent_to_the_group_and_business_manager(
    partnership, people
):
    incident = make_incident(partnership=partnership, aware_on=TODAY)  # notification due 10 April
    make_details(incident=incident)
    run("--date", "2026-04-03")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["bm@example.org", "cr@example.org"]
    assert str(incident) in message.body
    assert "Notify the national Panel, due Fri 10 Apr 2026" in message.body
    assert "Quennell" not in message.body and "Tallulah" not in message.body


def test_deadlines_beyond_the_window_wait(partnership, people):
    make_incident(partnership=partnership, aware_on=TODAY)
    run("--date", "2026-04-01", "--days", "2")
    assert mail.outbox == []


def test_overdue_deadlines_are_marked(partnership, people):
    make_incident(partnership=partnership, aware_on=TODAY)
    run("--date", "2026-04-14", "--days", "0")
    assert "(OVERDUE)" in mail.outbox[0].body


def test_reminders_are_sent_once_a_day(partnership, people):
    make_incident(partnership=partnership, aware_on=TODAY)
    run("--date", "2026-04-08")
    run("--date", "2026-04-08")
    assert len(mail.outbox) == 1
    run("--date", "2026-04-09")
    assert len(mail.outbox) == 2


def test_met_deadlines_send_nothing(partnership, people):
    incident = make_incident(partnership=partnership, aware_on=TODAY)
    incident.notify(on=TODAY)
    run("--date", "2026-04-30", "--days", "0")
    # The rapid review (due 24 April) is still overdue; the notification is not mentioned.
    assert "Notify" not in mail.outbox[0].body
    assert "Rapid review sent to the Panel" in mail.outbox[0].body


def test_other_partnerships_people_are_not_emailed(partnership, other_partnership, people):
    other = make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER)
    with_email(other, "other@example.org")
    make_incident(partnership=partnership, aware_on=TODAY)
    run("--date", "2026-04-08")
    assert "other@example.org" not in mail.outbox[0].to


def test_action_owners_are_reminded_a_week_before_and_on_the_day(partnership):
    owner = make_person(partnership=partnership, name="Olive Owner")
    Person.objects.filter(pk=owner.pk).update(email="olive@example.org")
    owner.refresh_from_db()
    action = make_action(
        partnership=partnership,
        owner=owner,
        due_on=dt.date(2026, 5, 8),
        description="Publish the learning briefing",
    )
    run("--date", "2026-05-01")
    assert [m.to for m in mail.outbox] == [["olive@example.org"]]
    assert "due in one week" in mail.outbox[0].subject
    assert "Publish the learning briefing" in mail.outbox[0].body
    run("--date", "2026-05-04")
    assert len(mail.outbox) == 1
    run("--date", "2026-05-08")
    assert "due today" in mail.outbox[1].subject
    action.move_to(Action.Status.COMPLETED, note="Done", on=dt.date(2026, 5, 8), by=None)
    run("--date", "2026-05-08")
    assert len(mail.outbox) == 2


def test_action_owner_email_falls_back_to_their_sign_in(partnership, business_manager):
    with_email(business_manager, "bm@example.org")
    owner = Person.objects.get(user=business_manager)
    make_action(partnership=partnership, owner=owner, due_on=dt.date(2026, 5, 8))
    run("--date", "2026-05-08")
    assert mail.outbox[0].to == ["bm@example.org"]


def test_completed_and_ownerless_email_actions_send_nothing(partnership):
    owner = make_person(partnership=partnership)
    make_action(partnership=partnership, owner=owner, due_on=dt.date(2026, 5, 8))
    assert "Sent 0" in run("--date", "2026-05-08")
    assert mail.outbox == []


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        run("--date", "1 April")
    with pytest.raises(CommandError):
        run("--days", "-1")
