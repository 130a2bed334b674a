"""Background work for notifications: small functions that take ids and can run twice."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from notifications import email
from notifications.models import Message


@task()
def deliver_message(message_id: int) -> None:
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, status=Message.Status.QUEUED)
            .first()
        )
        if message is None:  # already sent, or gone with its partnership
            return
        message.attempts += 1
        message.save(update_fields=["attempts"])
        email.deliver(message)
