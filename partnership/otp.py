"""Second factor: time-based one-time passwords for people who can see restricted data.

Who must use one: anyone who holds a current business manager role, or a role in a
sub-group that handles case reviews (the case review group), in any partnership; and
staff or superusers, because the admin shows every record. They see nothing but the
sign-in, one-time-password and public pages until they have entered a code in this
session. The first time, they enrol an authenticator app by scanning a QR code.

Demo users with those roles get a device with the fixed, published key
``DEMO_OTP_KEY_BASE32`` so that the demo and browser tests can sign in;
``python manage.py demo_otp_code <username>`` prints the current code.
"""

from __future__ import annotations

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.forms import GovukFormMixin
from partnership.models import Role

# RFC 6238's own test secret ("12345678901234567890"): public on purpose, demo only.
DEMO_OTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_OTP_KEY_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
DEVICE_NAME = "Authenticator app"
DEMO_PARTNERSHIP_SLUGS = ["worcestershire", "walsall"]

ENROLLED_SESSION_KEY = "accounts:enrolled"
SSO_MFA_SESSION_KEY = "accounts:sso_mfa"  # set by accounts.sso
BACKUP_CODE_LENGTH = 8

# URL names reachable before the second factor (besides views marked login_not_required).
OTP_EXEMPT_URL_NAMES = {"login", "logout", "otp_setup", "otp_verify"}


def needs_otp(user) -> bool:
    """Whether this account must pass a one-time password before seeing anything."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        Role.objects.current()
        .filter(person__user=user)
        .filter(Q(kind=Role.Kind.BUSINESS_MANAGER) | Q(subgroup__handles_case_reviews=True))
        .exists()
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device (for the demo)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def mark_verified(request, device: TOTPDevice) -> None:
    """Record in the session that this user passed the second factor with ``device``."""
    otp_login(request, device)


class OTPRequiredMiddleware:
    """Sends signed-in users who need a second factor to enrol or enter a code.

    Runs after AuthenticationMiddleware, OTPMiddleware and LoginRequiredMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # public pages and the sign-in page
        match = request.resolver_match
        if match is not None and match.url_name in OTP_EXEMPT_URL_NAMES and not match.namespace:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or not needs_otp(user):
            return None
        if request.session.get(SSO_MFA_SESSION_KEY):
            return None  # the organisation's sign-in asserted multi-factor authentication
        target = "otp_verify" if confirmed_device(user) else "otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class TokenForm(GovukFormMixin, forms.Form):
    submit_label = "Continue"
    accepts_backup_codes = False

    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "").replace("-", "").strip().lower()
        if self.accepts_backup_codes and len(token) == BACKUP_CODE_LENGTH and token.isalnum():
            return token
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(
                "Enter the 6-digit code from your authenticator app, or an 8-character backup code."
                if self.accepts_backup_codes
                else "Enter the 6-digit code from your authenticator app."
            )
        return token


class VerifyForm(TokenForm):
    accepts_backup_codes = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].label = "Code from your authenticator app, or a backup code"
        self.fields["token"].help_text = (
            "The 6-digit code, for example 123456. Lost your phone? Enter one of the "
            "backup codes you were given when you set up the app."
        )
        self.fields["token"].widget.attrs.pop("inputmode", None)
        self.fields["token"].widget.attrs["class"] = "govuk-input--width-10"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), then enter a code.

    Only while the account has no confirmed device: otherwise someone who knew the
    password could add their own app, so they are sent to enter a code instead.
    """
    if confirmed_device(request.user):
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by(
        "pk"
    ).first() or TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            mark_verified(request, device)
            messages.success(request, "Your authenticator app is set up.")
            # Ten backup codes are made and shown once on the next page.
            request.session[ENROLLED_SESSION_KEY] = True
            return redirect(
                f"{reverse('accounts:backup_codes')}?{urlencode({'next': _next_url(request)})}"
            )
        form.add_error(
            "token", "That code is not right. Check the app shows this service and try again."
        )
    key = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "otp/setup.html",
        {
            "form": form,
            "qr_code": _qr_data_uri(device.config_url),
            "key": _grouped(key),
            "next": _next_url(request),
        },
    )


def otp_verify(request):
    """Enter the current code from the enrolled authenticator app."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next_url(request)})}")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        allowed, _details = device.verify_is_allowed()
        if len(token) == BACKUP_CODE_LENGTH:
            if _verify_backup_code(request, token):
                messages.warning(
                    request,
                    "You signed in with a backup code; it cannot be used again. "
                    f"You have {backup_codes_left(request.user)} left.",
                )
                return redirect(_next_url(request))
            form.add_error("token", "That backup code is not right, or it has been used.")
        elif not allowed:
            form.add_error(
                "token", "Too many wrong codes. Wait a minute, then enter the newest code."
            )
        elif verify_token(request.user, device.persistent_id, token):
            device.refresh_from_db()
            mark_verified(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("token", "That code is not right. Enter the newest code from the app.")
    return render(request, "otp/verify.html", {"form": form, "next": _next_url(request)})


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def _verify_backup_code(request, token: str) -> bool:
    """A single-use backup code (django-otp's static device): used up when it matches."""
    for device in StaticDevice.objects.filter(user=request.user, confirmed=True):
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            mark_verified(request, device)
            user = request.user
            user._change_reason = f"Signed in with a backup code ({backup_codes_left(user)} left)"
            user._history_user = user
            user.save()
            return True
    return False


def give_demo_devices() -> list[str]:
    """A confirmed device with the published demo key for every demo user who needs one."""
    from partnership.models import User

    usernames = []
    demo_users = User.objects.filter(people__partnership__slug__in=DEMO_PARTNERSHIP_SLUGS)
    for user in demo_users.distinct().order_by("username"):
        if needs_otp(user):
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(
                user=user, name="Demo authenticator", key=DEMO_OTP_KEY_HEX, confirmed=True
            )
            usernames.append(user.username)
    return usernames


DEMO_OTP_TEXT = (
    "One-time passwords: business managers and case review group members enter a code "
    f"after the password. Demo authenticator key: {DEMO_OTP_KEY_BASE32} "
    "(or run: python manage.py demo_otp_code <username>)."
)

__all__ = [
    "DEMO_OTP_KEY_BASE32",
    "DEMO_OTP_TEXT",
    "DEVICE_ID_SESSION_KEY",
    "OTPRequiredMiddleware",
    "current_code",
    "give_demo_devices",
    "mark_verified",
    "needs_otp",
    "otp_setup",
    "otp_verify",
]
