import pytest
from django.db import transaction

from notifications.email import absolute_url, send_email
from notifications.models import Message
from partnership.settings import email_settings


def test_email_url_chooses_the_mail_server():
    tls = email_settings("smtp+tls://clerk%40council:s%3Acret@mail.example.org:587")
    assert tls["EMAIL_HOST"] == "mail.example.org"
    assert tls["EMAIL_PORT"] == 587
    assert tls["EMAIL_HOST_USER"] == "clerk@council"
    assert tls["EMAIL_HOST_PASSWORD"] == "s:cret"
    assert tls["EMAIL_USE_TLS"] and not tls["EMAIL_USE_SSL"]
    assert email_settings("smtp+ssl://mail.example.org")["EMAIL_PORT"] == 465
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_an_unknown_email_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        email_settings("smtps://mail.example.org")


def test_links_are_absolute_from_site_url(settings):
    settings.SITE_URL = "https://governance.example.org/"
    assert absolute_url("/p/testshire/") == "https://governance.example.org/p/testshire/"


@pytest.mark.django_db(transaction=True)
def test_a_committed_email_reaches_the_mail_server_through_the_worker(
    mail_server, run_tasks, settings
):
    settings.SITE_URL = "https://governance.example.org"
    with transaction.atomic():
        send_email(
            to="chair@example.org",
            kind="test",
            subject="Minutes circulated",
            template="base",
            context={},
        )
    run_tasks()
    [received] = mail_server.inbox.messages
    assert received["To"] == "chair@example.org"
    assert received["Subject"] == "Minutes circulated"
    assert {part.get_content_type() for part in received.walk()} >= {"text/plain", "text/html"}
    assert Message.objects.get().status == Message.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(mail_server, run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email(to="chair@example.org", kind="test", subject="S", template="base")
        raise RuntimeError("the change failed")
    run_tasks()
    assert mail_server.inbox.messages == []
    assert not Message.objects.exists()
