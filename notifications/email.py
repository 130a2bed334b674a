"""Email: one message for each recipient, rendered from templates, delivered by the worker.

Other apps call ``send_email`` inside the write that causes the message. The message is
stored in the same transaction, and its delivery is queued once that transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import Message


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
) -> Message:
    """Store one email to ``to`` and queue its delivery when the current transaction commits.

    ``template`` names ``templates/emails/<template>.txt`` and ``.html``; both are rendered
    with ``context`` plus ``site_url`` and ``subject``. Links in the context must already be
    absolute (``absolute_url``).
    """
    context = {**(context or {}), "subject": subject, "site_url": settings.SITE_URL}
    message = Message.objects.create(
        kind=kind,
        partnership=partnership,
        user=user,
        to=to,
        subject=subject,
        text_body=render_to_string(f"emails/{template}.txt", context).strip() + "\n",
        html_body=render_to_string(f"emails/{template}.html", context),
        attachments=list(attachments),
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from notifications.tasks import deliver_message

    deliver_message.enqueue(message_id)


def deliver(message: Message) -> None:
    """Hand one stored message to the mail server (``EMAIL_URL``) and mark it sent."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    email.send()
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at"])
