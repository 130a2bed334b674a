"""send_reminders: the day's reminders once, delivered by the worker to a real SMTP server.
Review deadlines to the case review group and business manager (one message each), actions
to their owners (a week before, on the day, then weekly while overdue); absolute links."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnership.models import Person, Role
from subgroups.models import Action
from tests.factories import make_action, make_member, make_person
from tests.reviews.builders import make_details, make_incident

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 4, 1)
SITE = "https://governance.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


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


def test_deadlines_go_to_each_of_the_group_and_business_manager_in_a_message_of_their_own(
    partnership, people, mail_server, run_tasks
):
    incident = make_incident(partnership=partnership, aware_on=TODAY)  # notification due 10 April
    make_details(incident=incident)
    assert "Queued 2" in run("--date", "2026-04-03")
    run_tasks()
    received = mail_server.inbox.messages
    assert sorted(str(m["To"]) for m in received) == ["bm@example.org", "cr@example.org"]
    assert [rcpts for _, rcpts in mail_server.inbox.envelopes] in (
        [["bm@example.org"], ["cr@example.org"]],
        [["cr@example.org"], ["bm@example.org"]],
    )
    body = received[0].get_body(("plain",)).get_content()
    assert f"{incident}: Notify the national Panel, due Fri 10 Apr 2026" in body
    assert f"{SITE}/p/{partnership.slug}/reviews/deadlines/" in body
    assert "Quennell" not in body and "Tallulah" not in body


def test_deadlines_beyond_the_window_wait(partnership, people):
    make_incident(partnership=partnership, aware_on=TODAY)
    assert "Queued 0" in run("--date", "2026-04-01", "--days", "2")


def test_missed_deadlines_are_marked(partnership, people, mail_server, run_tasks):
    make_incident(partnership=partnership, aware_on=TODAY)
    run("--date", "2026-04-14", "--days", "0")
    run_tasks()
    assert "(missed)" in mail_server.inbox.messages[0].get_body(("plain",)).get_content()


def test_reminders_are_sent_once_a_day(partnership, people):
    make_incident(partnership=partnership, aware_on=TODAY)
    assert "Queued 2" in run("--date", "2026-04-08")
    assert "Queued 0" in run("--date", "2026-04-08")
    assert "Queued 2" in run("--date", "2026-04-09")


def test_other_partnerships_people_are_not_emailed(partnership, other_partnership, people):
    from notifications.models import Message

    other = make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER)
    with_email(other, "other@example.org")
    make_incident(partnership=partnership, aware_on=TODAY)
    run("--date", "2026-04-08")
    assert not Message.objects.filter(to="other@example.org").exists()


def test_action_owners_are_reminded_before_on_the_day_and_weekly_while_overdue(
    partnership, mail_server, run_tasks
):
    owner = make_person(partnership=partnership, name="Olive Owner")
    Person.objects.filter(pk=owner.pk).update(email="olive@example.org")
    owner.refresh_from_db()
    action = make_action(
        partnership=partnership,
        owner=owner,
        due_on=dt.date(2026, 5, 8),
        description="Publish the learning briefing",
    )
    sent = {}
    for day in range(1, 31):
        date = dt.date(2026, 5, day)
        run("--date", date.isoformat())
        run("--date", date.isoformat())  # a second run the same day sends nothing more
        run_tasks()
        for message in mail_server.inbox.messages[len(sum(sent.values(), [])) :]:
            sent.setdefault(date.day, []).append(str(message["Subject"]))
    assert sent == {
        1: [f"{partnership.short_name}: an action you own is due in 7 days"],
        8: [f"{partnership.short_name}: an action you own is due today"],
        9: [f"{partnership.short_name}: an action you own is overdue"],
        16: [f"{partnership.short_name}: an action you own is overdue"],
        23: [f"{partnership.short_name}: an action you own is overdue"],
        30: [f"{partnership.short_name}: an action you own is overdue"],
    }
    body = mail_server.inbox.messages[0].get_body(("plain",)).get_content()
    assert f"{SITE}/p/{partnership.slug}/actions/{action.pk}/" in body
    action.move_to(Action.Status.COMPLETED, note="Done", on=dt.date(2026, 6, 1), by=None)
    assert "Queued 0" in run("--date", "2026-06-06")


def test_action_owner_email_falls_back_to_their_sign_in(partnership, business_manager):
    from notifications.models import Message

    with_email(business_manager, "bm@example.org")
    owner = Person.objects.get(user=business_manager)
    make_action(partnership=partnership, owner=owner, due_on=dt.date(2026, 5, 8))
    run("--date", "2026-05-08")
    assert Message.objects.get().to == "bm@example.org"


def test_completed_and_ownerless_email_actions_send_nothing(partnership):
    owner = make_person(partnership=partnership)
    make_action(partnership=partnership, owner=owner, due_on=dt.date(2026, 5, 8))
    assert "Queued 0" in run("--date", "2026-05-08")


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        run("--date", "1 April")
    with pytest.raises(CommandError):
        run("--days", "-1")
