"""Who is signed in: the account by its email address, and the authenticator from the cache.

The account is read from the database on every request (one query by primary key), never
from a cache: a deactivated account must be signed out at once in every worker, even when
it was deactivated with ``QuerySet.update`` (no signal) or while the shared cache was
unreachable (a copy kept there could not be dropped). Its sessions end too, wherever they
are kept, because ``User.sign_in_token`` is part of their hash (``partnership.models``).

The authenticator device a session passed the second factor with is kept in the shared
cache (``CACHE_URL``, so ``CACHE_IS_SHARED``) for ``SIGNED_IN_SECONDS`` and dropped whenever
its row is saved or deleted; removing a person's devices (``accounts.services``) also ends
their sessions, so a stale copy of a device can never sign anyone in. Without a shared cache
it is read from the database on every request, as django-otp does by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_otp.middleware import OTPMiddleware

SIGNED_IN_SECONDS = 300


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
    """Django's model backend, signing in with the email address.

    Accounts made before email was the sign-in name (the first superuser) still sign in
    with their username. A person whose partnership requires single sign-on cannot sign in
    with a password (``Partnership.requires_sso``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username:
            found = get_user_model().objects.with_email(username)
            if found is not None:
                username = found.get_username()
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and requires_sso(user):
            if request is not None:
                request.sso_required = True
            return None
        return user


def requires_sso(user) -> bool:
    from partnership.models import Role

    return (
        Role.objects.current()
        .filter(person__user=user, person__partnership__requires_sso=True)
        .exists()
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


def _device_changed(sender, instance, **kwargs) -> None:
    _forget(_device_key(instance.persistent_id))


def connect() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for signal in (post_save, post_delete):
        for model in (TOTPDevice, StaticDevice):
            signal.connect(
                _device_changed, sender=model, dispatch_uid=f"signed-in:{model.__name__}"
            )
