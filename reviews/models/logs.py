"""Append-only logs: who saw restricted case-review records, which reminders went out."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnership.models import Partnership


class RestrictedAccessLog(models.Model):
    """One row per view, edit or export of a restricted case-review record."""

    # Not checked for a child's identifying details (reviews.shared_text):
    # written by the code, pseudonym and case number only.
    shared_text_exempt = "__all__"

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EDIT = "edit", "Edited"
        EXPORT = "export", "Exported"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="restricted_access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(max_length=150, help_text="Kept if the account is deleted.")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=100)
    record_id = models.PositiveIntegerField(null=True, blank=True)
    record_label = models.CharField(max_length=300, help_text="Pseudonym and case number only.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="access_log_record")]

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display().lower()} {self.record_label}"


class ReminderSent(models.Model):
    """Makes ``send_reminders`` idempotent: one reminder per key per day."""

    key = models.CharField(max_length=200)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "sent_on"], name="one_reminder_per_key_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.key} on {self.sent_on}"
