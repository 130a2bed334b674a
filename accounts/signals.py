"""Signing in writes only the time of the sign-in, not a history row of the account."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone


def note_sign_in(sender, user, **kwargs) -> None:
    user.last_login = timezone.now()
    get_user_model()._base_manager.filter(pk=user.pk).update(last_login=user.last_login)


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(note_sign_in, dispatch_uid="accounts:note_sign_in")
