"""Single sign-on with OpenID Connect (mozilla-django-oidc), for Microsoft Entra ID.

Configured from the environment: ``OIDC_ISSUER``, ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET``.
The provider's endpoints and keys come from its discovery document
(``<issuer>/.well-known/openid-configuration``), read once per process when first needed.

It signs in only an existing, active account whose email address the provider asserts as
verified; it never makes accounts or roles. The ID token must be issued by the issuer, for
this app (its audience). When the provider says the person passed multi-factor
authentication (``mfa`` in the ``amr`` claim), the app does not ask for its own one-time
password; otherwise it does (``partnership.otp``).
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

logger = logging.getLogger(__name__)

MFA_SESSION_KEY = "accounts:sso_mfa"
# RFC 8176 methods that are themselves more than one factor.
MFA_METHODS = {"mfa"}
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_discovered: dict[str, dict] = {}

REFUSALS = {
    "unverified": (
        "Your email address is not verified",
        "Your organisation's account did not confirm that its email address is verified, "
        "so it cannot be used to sign in here. Ask your IT service desk, or sign in with "
        "your password.",
    ),
    "unknown": (
        "You do not have a sign-in here yet",
        "There is no account for the email address of your organisation's account. Ask "
        "your partnership's business manager to give you a sign-in with that address.",
    ),
    "deactivated": (
        "Your sign-in has been deactivated",
        "Your account here has been deactivated. Ask your partnership's business manager "
        "if you should still have access.",
    ),
    "audience": (
        "That sign-in was not meant for this service",
        "Your organisation's sign-in answered for a different application, so it cannot be "
        "used here. Try again; if it happens again, tell the host of this service.",
    ),
    "failed": (
        "Signing in with your organisation's account did not work",
        "Try again, or sign in with your email address and password.",
    ),
}


def configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def discovery(issuer: str | None = None) -> dict:
    issuer = (issuer or settings.OIDC_ISSUER).rstrip("/")
    if issuer not in _discovered:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ImproperlyConfigured(f"The discovery document at {issuer} names another issuer.")
        _discovered[issuer] = document
    return _discovered[issuer]


def get_setting(attr, *args):
    if attr in ENDPOINTS:
        return discovery()[ENDPOINTS[attr]]
    return import_from_settings(attr, *args)


class Refused(SuspiciousOperation):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SSOBackend(OIDCAuthenticationBackend):
    """Signs in the existing account of a verified email address; never makes one."""

    get_settings = staticmethod(get_setting)

    def __init__(self, *args, **kwargs):
        # Configured on use: every sign-in asks every backend, SSO set up or not.
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        # Django's own check: a deactivated account is signed out on its next request.
        return ModelBackend.get_user(self, user_id)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not configured():
            return None
        super().__init__()
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.sso_refusal = refusal.reason
            return None

    def refused(self, reason: str) -> Refused:
        # Noted on the request too: the library catches the error and returns no user.
        self.request.sso_refusal = reason
        return Refused(reason)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_AUDIENCE not in audiences:
            raise self.refused("audience")
        if payload.get("iss", "").rstrip("/") != settings.OIDC_ISSUER.rstrip("/"):
            raise self.refused("audience")
        self.request.sso_mfa = bool(MFA_METHODS & set(payload.get("amr") or []))
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token's claims count too: Entra ID says a verified address there
        # (xms_edov), not at its userinfo endpoint.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        verified = claims.get("email_verified") is True or claims.get("xms_edov") is True
        if not claims.get("email") or not verified:
            raise self.refused("unverified")
        return True

    def filter_users_by_claims(self, claims):
        user = get_user_model().objects.with_email(claims["email"])
        if user is None:
            raise self.refused("unknown")
        if not user.is_active:
            raise self.refused("deactivated")
        return [user]

    def update_user(self, user, claims):
        return user  # the app's own records of the person stay as they are

    def create_user(self, claims):
        raise self.refused("unknown")  # never: OIDC_CREATE_USER is off


def _only_when_configured(view_class):
    class View(view_class):
        def dispatch(self, request, *args, **kwargs):
            if not configured():
                raise Http404("Single sign-on is not set up")
            return super().dispatch(request, *args, **kwargs)

        def __init__(self, *args, **kwargs):
            if configured():
                super().__init__(*args, **kwargs)

    View.__name__ = view_class.__name__
    return View


class CallbackView(_only_when_configured(OIDCAuthenticationCallbackView)):
    def login_failure(self):
        reason = getattr(self.request, "sso_refusal", "failed")
        title, text = REFUSALS.get(reason, REFUSALS["failed"])
        logger.info("single sign-on refused: %s", reason)
        return render(
            self.request,
            "accounts/sso_refused.html",
            {"title": title, "text": text, "reason": reason},
            status=403,
        )

    def login_success(self):
        response = super().login_success()
        if getattr(self.request, "sso_mfa", False):
            self.request.session[MFA_SESSION_KEY] = True
        return response


class StartView(_only_when_configured(OIDCAuthenticationRequestView)):
    get_settings = staticmethod(get_setting)


CallbackView.get_settings = staticmethod(get_setting)
callback = login_not_required(CallbackView.as_view())
start = login_not_required(StartView.as_view())
