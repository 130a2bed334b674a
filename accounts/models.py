"""Invitations: how a person of a partnership is given a sign-in.

The business manager invites a person by email. The email holds a single-use link that
expires (``INVITATION_DAYS``, 7 by default); following it, the person sets a password and,
where their roles need one, enrols an authenticator app. Only a hash of the link's secret
is stored, so the outbox or a backup cannot be used to accept an invitation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import Partnership, Person


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> InvitationQuerySet:
        return self.filter(partnership=partnership)

    def open(self) -> InvitationQuerySet:
        """Neither accepted nor revoked (pending, or expired and waiting to be resent)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def by_token(self, token: str) -> Invitation | None:
        if not token or len(token) > 100:
            return None
        return (
            self.select_related("user", "person", "partnership")
            .filter(token_hash=token_hash(token))
            .first()
        )


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked_not_both",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("sent_at")),
                name="invitation_expires_after_sending",
            ),
            # Resending reuses the open invitation: a person has at most one.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.email} ({self.get_status_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.EXPIRED}

    def new_link(self) -> str:
        """A fresh secret for the link (the previous one stops working) and a new expiry.
        Returns the secret; the caller saves."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + dt.timedelta(days=settings.INVITATION_DAYS)
        return token

    def accept(self) -> None:
        if self.status != self.Status.PENDING:
            raise ValidationError(self.refusal())
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])

    def revoke(self) -> None:
        if not self.is_open:
            raise ValidationError("Only a pending or expired invitation can be revoked.")
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def refusal(self) -> str:
        """Why the link no longer works, for the person who followed it."""
        return {
            self.Status.ACCEPTED: "This invitation link has already been used. "
            "Sign in with your email address and password, or reset your password.",
            self.Status.EXPIRED: "This invitation link has expired. "
            "Ask your business manager to send a new one.",
            self.Status.REVOKED: "This invitation has been withdrawn. "
            "Ask your business manager if you need a sign-in.",
        }.get(self.status, "")
