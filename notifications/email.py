"""Email: one message for each recipient, rendered from templates, delivered by the worker.

Other apps call ``send_email`` (or ``notifications.registry.notify``) inside the write that
causes the message. The message is stored in the same transaction, and its delivery is
queued once that transaction commits.

Delivery (``notifications.tasks.deliver_messages``, a batch of a transaction's messages
over one connection) marks each row "sending", hands the message to the mail server as
the last step that can fail, and then marks it sent. A worker killed in
between leaves the row "sending"; ``recover_stalled_messages`` (on the schedule) queues it
again, with the same Message-ID, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from notifications.models import Message

# Waits before the 2nd, 3rd, 4th and 5th attempts; after the 5th the message has failed.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Messages written in one transaction are delivered in tasks of this many, each over one
# connection to the mail server: a meeting notice to 1,000 people is 40 tasks, not 1,000.
BATCH = 25
# Emails whose link is itself a way in (accepting an invitation, resetting a password):
# once the mail server has the message, the outbox keeps it without the link, so a copy of
# the database (a backup, an export, the admin) holds no way into anyone's account.
SECRET_LINK_KINDS = frozenset({"invitation", "password_reset"})
LINK_REMOVED = "[the link was removed from this copy once the email was sent]"


def absolute_url(path: str) -> str:
    """``path`` as a full address on this site, from ``SITE_URL``."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def send_email(
    *,
    to: str,
    kind: str,
    subject: str,
    template: str,
    context: dict | None = None,
    partnership=None,
    user=None,
    attachments: Iterable[dict] = (),
    link: str = "",
    once_key: str = "",
    digest: bool = False,
) -> Message | None:
    """Store one email to ``to`` and queue its delivery when the current transaction commits.

    ``template`` names ``templates/emails/<template>.txt`` and ``.html``; both are rendered
    with ``context`` plus ``site_url``, ``subject`` and ``link``. Links in the context must
    already be absolute (``absolute_url``). With ``once_key`` a second message with the same
    key to the same address is not stored (None is returned). With ``digest`` the message
    waits for the recipient's daily digest instead of going at once.
    """
    context = {"link": link, **(context or {}), "subject": subject, "site_url": settings.SITE_URL}
    link = context["link"]
    message = Message(
        kind=kind,
        partnership=partnership,
        user=user,
        to=to,
        subject=subject,
        text_body=render_to_string(f"emails/{template}.txt", context).strip() + "\n",
        html_body=render_to_string(f"emails/{template}.html", context),
        attachments=list(attachments),
        link=link,
        once_key=once_key,
        status=Message.Status.FOR_DIGEST if digest else Message.Status.QUEUED,
    )
    if once_key:
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            return None  # already sent for this key
    else:
        message.save()
    if not digest:
        _queue_delivery(message.pk)
    return message


class _Pending:
    """The messages written so far in the current transaction, queued when it commits."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.callback = self.flush

    def flush(self) -> None:
        connection = transaction.get_connection()
        if getattr(connection, "_outbox_pending", None) is self:
            connection._outbox_pending = None
        for start in range(0, len(self.ids), BATCH):
            enqueue_delivery(self.ids[start : start + BATCH])


def _queue_delivery(message_id: int) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue_delivery([message_id])
        return
    pending = getattr(connection, "_outbox_pending", None)
    # A new transaction, or the one holding the callback was rolled back: start again.
    if pending is None or not any(c[1] is pending.callback for c in connection.run_on_commit):
        pending = _Pending()
        connection._outbox_pending = pending
        transaction.on_commit(pending.callback)
    pending.ids.append(message_id)


def enqueue_delivery(message_ids: list[int], *, run_after: dt.datetime | None = None) -> None:
    from notifications.tasks import deliver_messages

    task = deliver_messages.using(run_after=run_after) if run_after else deliver_messages
    task.enqueue(list(message_ids))


def claim(message_ids: list[int]) -> list[Message]:
    """Mark the queued messages among ``message_ids`` "sending" for this worker. Those not
    queued (sent, held by another worker, failed, gone with their partnership) or queued
    for a later retry are left alone."""
    now = timezone.now()
    with transaction.atomic():
        found = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk__in=message_ids, status=Message.Status.QUEUED)
            .exclude(next_attempt_at__gt=now)
            .order_by("pk")
        )
        Message.objects.filter(pk__in=[m.pk for m in found]).update(
            status=Message.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
    for message in found:
        message.status, message.attempts, message.claimed_at = (
            Message.Status.SENDING,
            message.attempts + 1,
            now,
        )
    return found


def deliver_all(messages: list[Message]) -> None:
    """Deliver claimed messages over one connection to the mail server."""
    connection = get_connection()
    try:
        for message in messages:
            deliver(message, connection=connection)
    finally:
        connection.close()


def deliver(message: Message, *, connection=None) -> None:
    """Hand one claimed message to the mail server (``EMAIL_URL``), then mark it sent.

    A refusal is recorded: the message is queued again after a wait (``RETRY_DELAYS``), and
    after the last attempt it has failed (the business manager sees it)."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message.message_id},
        connection=connection,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        _record_failure(message, error)
        if connection is not None:
            connection.close()  # the next message opens a fresh one
        return
    # The hand-off was the last step that could fail; only a killed worker stops here.
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error="", **_without_link(message)
    )


def _without_link(message: Message) -> dict:
    """The stored copy's fields without a secret link (``SECRET_LINK_KINDS``), else none."""
    if message.kind not in SECRET_LINK_KINDS or not message.link:
        return {}
    plain, escaped = message.link, escape(message.link)
    return {
        "link": "",
        "text_body": message.text_body.replace(plain, LINK_REMOVED),
        "html_body": message.html_body.replace(escaped, LINK_REMOVED).replace(plain, LINK_REMOVED),
    }


def _record_failure(message: Message, error: Exception) -> None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        permanent = all(code >= 500 for code, _ in error.recipients.values())
    else:
        permanent = isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
    update = {"last_error": describe(error)[:2000]}
    if permanent or message.attempts >= MAX_ATTEMPTS:
        update["status"] = Message.Status.FAILED
        Message.objects.filter(pk=message.pk).update(**update)
        return
    retry_at = timezone.now() + RETRY_DELAYS[message.attempts - 1]
    update.update(status=Message.Status.QUEUED, next_attempt_at=retry_at)
    Message.objects.filter(pk=message.pk).update(**update)
    enqueue_delivery([message.pk], run_after=retry_at)


def describe(error: Exception) -> str:
    """The mail server's answer as the business manager will read it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [
            f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for code, reply in error.recipients.values()
        ]
        return "The mail server refused the address: " + "; ".join(answers)
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"The mail server answered {error.smtp_code} {text}"
    return f"Could not reach the mail server: {type(error).__name__}: {error}"


def retry(message: Message) -> None:
    """Queue a failed message once more (the business manager's "try again")."""
    updated = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.QUEUED, attempts=0, next_attempt_at=None
    )
    if updated:
        transaction.on_commit(lambda: enqueue_delivery([message.pk]))


def recover_stalled(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Queue again every message left "sending" by a worker that died, and every queued
    message whose delivery task was lost. Returns how many."""
    now = now or timezone.now()
    cutoff = now - older_than
    with transaction.atomic():
        stalled = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=Message.Status.SENDING, claimed_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        Message.objects.filter(pk__in=stalled).update(
            status=Message.Status.QUEUED, next_attempt_at=None
        )
    waiting = list(
        Message.objects.filter(status=Message.Status.QUEUED, created_at__lt=cutoff)
        .exclude(next_attempt_at__gt=cutoff)
        .exclude(pk__in=stalled)
        .values_list("pk", flat=True)
    )
    # A second delivery task for a message is harmless: only one can claim it.
    again = [*stalled, *waiting]
    for start in range(0, len(again), BATCH):
        enqueue_delivery(again[start : start + BATCH])
    return len(stalled) + len(waiting)
