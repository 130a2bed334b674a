"""Who is signed in, read from the shared cache rather than the database on every request.

Every signed-in page needs the user, and for those who must use one, the authenticator
device they passed the second factor with: two queries a request before the page does
anything. With a shared cache (``CACHE_URL``, so ``CACHE_IS_SHARED``) both are kept there
for ``SIGNED_IN_SECONDS`` and dropped whenever their row is saved or deleted, so a
deactivated account, a changed password (which ends the other sessions) or a removed
device takes effect at once in every worker. The copy is dropped again after the change
commits, so a request that read the old row while the change was being made cannot keep
it for long; at worst it lives ``SIGNED_IN_SECONDS``.

Without a shared cache one worker could not tell the others of a change, so both are read
from the database on every request, as Django and django-otp do by themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_otp.middleware import OTPMiddleware

SIGNED_IN_SECONDS = 300


def _user_key(user_id) -> str:
    return f"signed-in:user:{user_id}"


def _device_key(persistent_id: str) -> str:
    return f"signed-in:device:{persistent_id}"


def _remembered(key: str, load):
    if not settings.CACHE_IS_SHARED:
        return load()
    found = cache.get(key)
    if found is None:
        found = load()
        if found is not None:
            cache.set(key, found, SIGNED_IN_SECONDS)
    return found


class CachedModelBackend(ModelBackend):
    """Django's model backend, reading the signed-in user through the shared cache."""

    def get_user(self, user_id):
        return _remembered(
            _user_key(user_id), lambda: super(CachedModelBackend, self).get_user(user_id)
        )


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, reading the session's verified device through the cache.

    The middleware still checks that the device belongs to the user and is confirmed.
    """

    def _device_from_persistent_id(self, persistent_id: str):
        return _remembered(
            _device_key(persistent_id),
            lambda: super(CachedOTPMiddleware, self)._device_from_persistent_id(persistent_id),
        )


def _forget(key: str) -> None:
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _user_changed(sender, instance, **kwargs) -> None:
    _forget(_user_key(instance.pk))


def _device_changed(sender, instance, **kwargs) -> None:
    _forget(_device_key(instance.persistent_id))


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for signal in (post_save, post_delete):
        signal.connect(_user_changed, sender=get_user_model(), dispatch_uid="signed-in:user")
        signal.connect(_device_changed, sender=TOTPDevice, dispatch_uid="signed-in:device")
