"""Delivery: a refusing mail server is tried again with longer waits, then the failure is
shown to the business manager, who can try again; choices of immediate, digest or off."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications import digests
from notifications.email import RETRY_DELAYS, send_email
from notifications.models import Message, Preference
from notifications.registry import notify
from tests.notifications.world import SITE, make_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(partnership, settings):
    settings.SITE_URL = SITE
    return make_world(partnership)


def test_a_refused_email_is_retried_with_backoff_then_shown_to_the_business_manager(
    world, mail_server, run_tasks, login
):
    mail_server.inbox.refuse["flaky@example.org"] = "451 4.3.0 Try again later"
    send_email(to="flaky@example.org", kind="test", subject="Hello", template="base",
               partnership=world.partnership)  # fmt: skip
    start = timezone.now()
    run_tasks()
    message = Message.objects.get()
    assert (message.status, message.attempts) == (Message.Status.QUEUED, 1)
    assert "451" in message.last_error
    run_tasks()  # nothing is due yet: no new attempt
    assert Message.objects.get().attempts == 1
    waited = dt.timedelta(0)
    for delay in RETRY_DELAYS:
        waited += delay
        with time_machine.travel(start + waited + dt.timedelta(seconds=5), tick=False):
            run_tasks()
    message = Message.objects.get()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 5)
    assert mail_server.inbox.messages == []

    url = reverse("notifications:failures", args=[world.partnership.slug])
    assert login(world.users["chair"]).get(url).status_code == 403
    bm = login(world.users["business_manager"])
    page = bm.get(url).content.decode()
    assert "flaky@example.org" in page and "451 4.3.0 Try again later" in page

    del mail_server.inbox.refuse["flaky@example.org"]
    bm.post(reverse("notifications:failure_retry", args=[world.partnership.slug, message.pk]))
    run_tasks()
    assert Message.objects.get().status == Message.Status.SENT
    assert len(mail_server.inbox.messages) == 1


def test_a_permanent_refusal_fails_at_once(world, mail_server, run_tasks):
    mail_server.inbox.refuse["gone@example.org"] = "550 5.1.1 No such user"
    send_email(to="gone@example.org", kind="test", subject="Hello", template="base")
    run_tasks()
    message = Message.objects.get()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 1)


def test_another_partnerships_business_manager_cannot_retry(
    world, other_partnership, mail_server, login
):
    from partnership.models import Role
    from tests.factories import make_member

    message = Message.objects.create(
        kind="test", partnership=world.partnership, to="x@example.org", subject="S",
        text_body="-", status=Message.Status.FAILED,
    )  # fmt: skip
    outsider = login(make_member(partnership=other_partnership, kind=Role.Kind.BUSINESS_MANAGER))
    url = reverse("notifications:failure_retry", args=[world.partnership.slug, message.pk])
    assert outsider.post(url).status_code == 404
    url = reverse("notifications:failure_retry", args=[other_partnership.slug, message.pk])
    assert outsider.post(url).status_code == 404
    assert Message.objects.get().status == Message.Status.FAILED


def test_preferences_choose_digest_or_off_but_deadlines_cannot_be_turned_off(
    world, login, mail_server, run_tasks
):
    member = world.users["member"]
    client = login(member)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    choices = {k: "immediate" for k in client.get(url).context["form"].fields}
    refused = client.post(url, {**choices, "action_due_today": "off"})
    assert refused.status_code == 400
    assert "Choose one of the options" in refused.content.decode()
    assert not Preference.objects.exists()  # nothing half-saved
    response = client.post(
        url, {**choices, "minutes_circulated": "digest", "minutes_confirmed": "off"}
    )
    assert response.status_code == 302

    meeting = world.meeting
    meeting.circulate(on=dt.date(2026, 11, 20))
    meeting.confirm(at_meeting=world.next_meeting)
    action = world.restricted_action
    notify("action_due_today", action, on=action.due_on)
    run_tasks()
    to_member = [str(m["Subject"]) for m in mail_server.inbox.to(member.email)]
    assert to_member == ["Testshire: an action you own is due today".replace(
        "Testshire", world.partnership.short_name)]  # fmt: skip
    held = Message.objects.get(to=member.email, kind="minutes_circulated")
    assert held.status == Message.Status.FOR_DIGEST
    assert not Message.objects.filter(to=member.email, kind="minutes_confirmed").exists()

    assert digests.send_all() >= 1
    run_tasks()
    [digest] = [m for m in mail_server.inbox.to(member.email) if "digest" in str(m["Subject"])]
    body = digest.get_body(("plain",)).get_content()
    assert "Draft minutes circulated" in body and SITE + meeting.get_absolute_url() in body
    assert Message.objects.get(pk=held.pk).status == Message.Status.IN_DIGEST
    assert digests.send_all() == 0  # each message in one digest only

    page = client.get(reverse("notifications:mine")).content.decode()
    assert "Draft minutes circulated" in page and "Sent in a daily digest" in page


def test_my_notifications_shows_only_my_own(world, login):
    notify("action_assigned", world.restricted_action)
    page = login(world.users["chair"]).get(reverse("notifications:mine")).content.decode()
    assert "an action is yours" not in page
    page = login(world.users["member"]).get(reverse("notifications:mine")).content.decode()
    assert "an action is yours" in page
    assert (
        login(world.users["member"]).get(reverse("notifications:mine") + "?page=x").status_code
        == 200
    )
