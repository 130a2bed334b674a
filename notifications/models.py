"""The outbox: one row for each email to one recipient, written in the change that causes it.

The row is the source of truth for what was sent. A delivery task is queued for it when the
change commits (``notifications.email.send_email``), so a rolled-back change sends nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q

from partnership.models import Partnership


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # Chosen by the recipient's preferences: sent later in their daily digest.
        FOR_DIGEST = "for_digest", "Waiting for the daily digest"
        IN_DIGEST = "in_digest", "Sent in a daily digest"

    kind = models.CharField(max_length=60)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    # [{"filename": ..., "content": <text>, "mimetype": ...}]: calendar invitations.
    attachments = models.JSONField(default=list, blank=True)
    # The page the message is about (absolute): the "My notifications" list and digests.
    link = models.URLField(max_length=500, blank=True)
    # Set when a message must go once only (a reminder for one day): one per address.
    once_key = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="message_status_created"),
            models.Index(fields=["user", "created_at"], name="message_user_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["to", "once_key"], condition=~Q(once_key=""), name="message_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}: {self.subject}"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a copy sent again after a worker died
        mid-send is recognised by mail programs as the same message."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<message-{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{host}>"


class Preference(models.Model):
    """How one person wants one kind of message: at once, in a daily digest, or not at all.

    Without a row the kind's default applies. Kinds that cannot be turned off (deadlines,
    sign-off requests) ignore "off" (``notifications.registry``)."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "Straight away"
        DIGEST = "digest", "In a daily digest"
        OFF = "off", "Not at all"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class ScheduledTask(models.Model):
    """One recurring task of ``settings.SCHEDULED_TASKS`` and where its chain of runs is.

    ``result_id`` is the queued run that carries the chain on; a run whose id is not this
    one is a stale or duplicate copy and does nothing. ``last_run_at`` is the last
    occurrence enqueued, so a worker that was down catches up every missed occurrence
    once (``notifications.schedule``).
    """

    name = models.CharField(max_length=100, unique=True)
    task_path = models.CharField(max_length=200)
    every = models.CharField(max_length=20)
    at = models.CharField(max_length=5)
    last_run_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    result_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.every} at {self.at}"
