"""Writes about sign-ins that span several models: invitations, leaving, recovery.

Each records who did it in the account's history (django-simple-history's change reason
and user) and raises ``ValidationError`` for what cannot be done; views turn those into
messages next to the fields.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Invitation
from notifications.email import absolute_url, send_email
from partnership.models import Partnership, Person, Role
from partnership.otp import backup_codes_left  # noqa: F401 - the pages ask here

User = get_user_model()

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "Backup codes"


def _record(user, reason: str, by=None) -> None:
    """Save the account with ``reason`` as the history row's reason and ``by`` as who."""
    user._change_reason = reason
    if by is not None:
        user._history_user = by
    user.save()


def account_for_email(email: str, *, name: str = ""):
    """The account signing in with ``email``, made (without a password) if there is none."""
    email = email.strip()
    found = User.objects.with_email(email)
    if found is not None:
        return found
    first, _, last = name.strip().partition(" ")
    user = User(username=email.lower()[:150], email=email.lower(), first_name=first[:150])
    user.last_name = last[:150]
    user.set_unusable_password()
    user._change_reason = "Account made for an invitation"
    user.save()
    return user


@transaction.atomic
def invite(*, person: Person, email: str, by) -> Invitation:
    """Give ``person`` a sign-in: link them to the account of ``email`` (one account per
    address, across partnerships) and email them a link to set it up."""
    email = email.strip()
    if person.user_id and person.invitations.open().exists():
        raise ValidationError(
            {"email": f"{person} has already been invited. Resend the invitation instead."}
        )
    if (
        person.user_id
        and person.user.has_usable_password()
        and person.user.email.lower() == email.lower()
    ):
        raise ValidationError({"email": f"{person} already has a sign-in with this address."})
    clash = (
        Person.objects.filter(partnership=person.partnership, user__email__iexact=email)
        .exclude(pk=person.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {"email": f"This email address is already the sign-in of {clash.name} here."}
        )
    user = account_for_email(email, name=person.name)
    person.user = user
    if not person.email:
        person.email = email
    person.save()
    invitation = Invitation(
        partnership=person.partnership, person=person, user=user, email=email, invited_by=by
    )
    token = invitation.new_link()
    invitation.save()
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def resend(invitation: Invitation, *, by) -> Invitation:
    if not invitation.is_open:
        raise ValidationError("This invitation has been accepted or revoked; it cannot be resent.")
    token = invitation.new_link()
    invitation.invited_by = by
    invitation._history_user = by
    invitation.save()
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def revoke(invitation: Invitation, *, by) -> None:
    invitation._history_user = by
    invitation.revoke()


def _send_invitation(invitation: Invitation, token: str) -> None:
    partnership = invitation.partnership
    send_email(
        to=invitation.email,
        kind="invitation",
        subject=f"Your sign-in for {partnership.name}",
        template="accounts/invitation",
        context={
            "person": invitation.person,
            "partnership": partnership,
            "link": absolute_url(reverse("accounts:invitation_accept", args=[token])),
            "expires_at": invitation.expires_at,
            "has_password": invitation.user.has_usable_password(),
        },
        partnership=partnership,
        user=invitation.user,
    )


@transaction.atomic
def accept(invitation: Invitation, *, password: str | None) -> None:
    """Accept the invitation; ``password`` is set unless the account already has one."""
    invitation.accept()
    user = invitation.user
    if password:
        user.set_password(password)
    user.is_active = True
    _record(user, f"Invitation to {invitation.partnership.short_name} accepted", by=user)


def managed_by(user, manager) -> bool:
    """Whether ``manager`` is business manager of every partnership ``user`` has a role in."""
    theirs = set(Person.objects.filter(user=user).values_list("partnership_id", flat=True))
    managed = set(
        Role.objects.current()
        .filter(person__user=manager, kind=Role.Kind.BUSINESS_MANAGER)
        .values_list("person__partnership_id", flat=True)
    )
    return bool(theirs) and theirs <= managed


def _name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


@transaction.atomic
def set_active(user, *, active: bool, by, partnership: Partnership) -> None:
    """Deactivate (``active=False``) or reactivate the account's sign-in everywhere.

    Deactivating refuses it and ends every session at once; reactivating brings none of
    them back (``User.save``). An account that also holds roles in a partnership ``by``
    does not manage is left alone: one business manager cannot shut someone out of
    another partnership.
    """
    if user.is_active == active:
        raise ValidationError(f"This sign-in is already {'active' if active else 'deactivated'}.")
    if not active and user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own sign-in.")
    if not managed_by(user, by):
        raise ValidationError(
            "This sign-in is also used in another partnership. Ask the host of the service "
            "to change it, or end this person's roles here."
        )
    user.is_active = active
    verb = "reactivated" if active else "deactivated"
    _record(user, f"Sign-in {verb} by {_name(by)} ({partnership.short_name})", by=by)


def deactivate(user, *, by, partnership: Partnership) -> None:
    set_active(user, active=False, by=by, partnership=partnership)


def reactivate(user, *, by, partnership: Partnership) -> None:
    set_active(user, active=True, by=by, partnership=partnership)


@transaction.atomic
def reset_authenticator(user, *, by, partnership: Partnership) -> None:
    """Remove the account's authenticator app and backup codes; it enrols again at its next
    sign-in. Its sessions end, so none carries on with the removed device."""
    if (
        not TOTPDevice.objects.filter(user=user).exists()
        and not StaticDevice.objects.filter(user=user).exists()
    ):
        raise ValidationError("This person has no authenticator app set up.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.end_sessions()
    _record(
        user,
        f"Authenticator reset by {_name(by)} ({partnership.short_name})",
        by=by,
    )


@transaction.atomic
def issue_backup_codes(user) -> list[str]:
    """Ten new single-use backup codes (the old ones stop working). Shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    user._change_reason = "Authenticator app enrolled; 10 backup codes issued"
    user._history_user = user
    user.save()
    return codes


def initials(name: str) -> str:
    letters = "".join(word[0] for word in name.split() if word[:1].isalpha())
    return letters.upper()[:20] or name[:20]


@transaction.atomic
def start_partnership(
    *,
    name: str,
    slug: str,
    year_starts_month: int,
    business_manager_email: str,
    business_manager_name: str = "",
    short_name: str = "",
    area: str = "",
    by=None,
) -> tuple[Partnership, Invitation]:
    """A new, empty partnership and an invitation to its first business manager."""
    import datetime as dt

    if Partnership.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "A partnership already has this web address."})
    partnership = Partnership(
        name=name.strip(),
        slug=slug,
        short_name=short_name.strip() or initials(name),
        area=area.strip() or name.replace("Safeguarding Children Partnership", "").strip(),
        reporting_year_start_month=year_starts_month,
    )
    partnership.full_clean()
    partnership.save()
    email = business_manager_email.strip()
    person = Person.objects.create(
        partnership=partnership,
        name=business_manager_name.strip() or email.split("@")[0],
        email=email,
        job_title="Business manager",
    )
    Role.objects.create(person=person, kind=Role.Kind.BUSINESS_MANAGER, valid_from=dt.date.today())
    return partnership, invite(person=person, email=email, by=by)
