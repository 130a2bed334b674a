"""Sign-in: one-time passwords for restricted roles, lockout, idle timeout, password rules."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role
from partnership.otp import DEMO_OTP_KEY_HEX, current_code, needs_otp
from partnership.sessions import TOUCHED
from tests.factories import PASSWORD, make_member, make_otp_device, make_subgroup


def sign_in(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


@pytest.fixture
def case_review_member(partnership):
    group = make_subgroup(partnership=partnership, slug="cspr", handles_case_reviews=True)
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=group)


# --- who needs a second factor -----------------------------------------------------------


def test_business_manager_and_case_review_group_need_a_one_time_password(
    business_manager, case_review_member, chair, scrutiny_member
):
    assert needs_otp(business_manager)
    assert needs_otp(case_review_member)
    assert not needs_otp(chair)
    assert not needs_otp(scrutiny_member)


def test_staff_need_a_one_time_password_because_the_admin_shows_everything(db):
    from tests.factories import make_user

    assert needs_otp(make_user(is_staff=True))
    assert needs_otp(make_user(is_superuser=True))


def test_business_manager_without_app_is_sent_to_set_one_up(client, partnership, business_manager):
    response = sign_in(client, business_manager)
    assert response.status_code == 302
    response = client.get(f"/p/{partnership.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/setup/?next=")


def test_setup_page_shows_a_qr_code_and_the_key_without_inline_script(client, business_manager):
    sign_in(client, business_manager)
    response = client.get("/accounts/otp/setup/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=business_manager)
    assert not device.confirmed
    import base64

    key = base64.b32encode(device.bin_key).decode()
    assert key[:4] in page
    assert "<script>" not in page and "style=" not in page


def test_setting_up_with_the_right_code_confirms_the_app_and_opens_the_partnership(
    client, partnership, business_manager
):
    sign_in(client, business_manager)
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=business_manager)
    response = client.post(
        "/accounts/otp/setup/", {"token": current_code(device), "next": f"/p/{partnership.slug}/"}
    )
    assert response.status_code == 302
    # The ten backup codes are shown next, once, then the page asked for.
    assert response["Location"] == "/accounts/backup-codes/?next=%2Fp%2Ftestshire%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(f"/p/{partnership.slug}/").status_code == 200


def test_setting_up_with_a_wrong_code_is_refused_with_a_message(
    client, partnership, business_manager
):
    sign_in(client, business_manager)
    client.get("/accounts/otp/setup/")
    response = client.post("/accounts/otp/setup/", {"token": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=business_manager).confirmed
    assert client.get(f"/p/{partnership.slug}/").status_code == 302


def test_a_code_that_is_not_six_digits_gets_a_clear_error(client, business_manager):
    sign_in(client, business_manager)
    response = client.post("/accounts/otp/setup/", {"token": "<script>alert(1)</script>"})
    page = response.content.decode()
    assert "Enter the 6-digit code" in page
    assert "<script>alert(1)" not in page


def test_enrolled_user_cannot_add_another_app_before_entering_a_code(client, business_manager):
    make_otp_device(user=business_manager)
    sign_in(client, business_manager)
    response = client.get("/accounts/otp/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/verify/")
    assert TOTPDevice.objects.filter(user=business_manager).count() == 1


def test_enrolled_business_manager_enters_the_code_and_reaches_the_page_asked_for(
    client, partnership, business_manager
):
    device = make_otp_device(user=business_manager)
    sign_in(client, business_manager)
    response = client.get(f"/p/{partnership.slug}/people/")
    assert response["Location"] == "/accounts/otp/verify/?next=%2Fp%2Ftestshire%2Fpeople%2F"
    response = client.post(
        "/accounts/otp/verify/",
        {"token": current_code(device), "next": f"/p/{partnership.slug}/people/"},
    )
    assert response["Location"] == f"/p/{partnership.slug}/people/"
    assert client.get(f"/p/{partnership.slug}/people/").status_code == 200


def test_wrong_code_keeps_the_business_manager_out(client, partnership, business_manager):
    device = make_otp_device(user=business_manager)
    sign_in(client, business_manager)
    wrong = f"{(int(current_code(device)) + 500000) % 1000000:06d}"
    response = client.post("/accounts/otp/verify/", {"token": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(f"/p/{partnership.slug}/").status_code == 302


def test_a_next_address_on_another_site_is_ignored(client, business_manager):
    device = make_otp_device(user=business_manager)
    sign_in(client, business_manager)
    response = client.post(
        "/accounts/otp/verify/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_unverified_business_manager_cannot_post_either(client, partnership, business_manager):
    make_otp_device(user=business_manager)
    sign_in(client, business_manager)
    response = client.post(f"/p/{partnership.slug}/people/", {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/verify/")


def test_case_review_group_member_must_enter_a_code(client, partnership, case_review_member):
    sign_in(client, case_review_member)
    response = client.get(f"/p/{partnership.slug}/")
    assert response["Location"].startswith("/accounts/otp/setup/")


def test_chair_and_scrutiny_member_are_not_asked_for_a_code(
    client, partnership, chair, scrutiny_member
):
    for user in (chair, scrutiny_member):
        client.logout()
        sign_in(client, user)
        assert client.get(f"/p/{partnership.slug}/").status_code == 200


def test_sign_in_and_health_pages_need_no_code(client, business_manager):
    sign_in(client, business_manager)
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/otp/verify/").status_code == 302  # to setup: no app yet
    assert client.get("/accounts/otp/setup/").status_code == 200


def test_signing_out_forgets_the_code(client, partnership, business_manager):
    device = make_otp_device(user=business_manager)
    sign_in(client, business_manager)
    client.post("/accounts/otp/verify/", {"token": current_code(device)})
    assert client.get(f"/p/{partnership.slug}/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, business_manager)
    assert client.get(f"/p/{partnership.slug}/").status_code == 302


def test_demo_otp_code_prints_the_current_code_of_the_demo_key(business_manager, capsys):
    device = make_otp_device(user=business_manager, key=DEMO_OTP_KEY_HEX)
    call_command("demo_otp_code", business_manager.username)
    assert capsys.readouterr().out.strip() == current_code(device)


# --- lockout -----------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, partnership, chair):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, chair, password="wrong-password-123")
        assert response.status_code in (200, 429)
    response = sign_in(client, chair)
    assert response.status_code == 429
    assert "Sign-in is locked for now" in response.content.decode()
    assert client.get(f"/p/{partnership.slug}/").status_code == 302


def test_a_few_wrong_passwords_then_the_right_one_signs_in(client, partnership, chair):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, chair, password="wrong-password-123").status_code == 200
    assert sign_in(client, chair).status_code == 302
    assert client.get(f"/p/{partnership.slug}/").status_code == 200


def test_wrong_password_shows_an_error_not_which_part_was_wrong(client, chair):
    page = sign_in(client, chair, password="nope-nope-nope").content.decode()
    assert "Enter a correct email address and password" in page


# --- idle timeout ------------------------------------------------------------------------


def test_sessions_end_after_thirty_idle_minutes(client, partnership, chair):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "partnership.sessions.IdleTimeoutMiddleware" in settings.MIDDLEWARE
    sign_in(client, chair)
    assert client.get(f"/p/{partnership.slug}/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/p/{partnership.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _last_touched(client, seconds_ago: int) -> None:
    session = client.session
    session[TOUCHED] = int(time.time()) - seconds_ago
    session.save()


def test_a_request_pushes_the_idle_deadline_back(client, partnership, chair):
    sign_in(client, chair)
    _last_touched(client, seconds_ago=61)
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    client.get(f"/p/{partnership.slug}/")
    assert Session.objects.get().expire_date > soon + dt.timedelta(minutes=20)


def test_the_session_is_written_at_most_once_a_minute(client, partnership, chair):
    sign_in(client, chair)
    _last_touched(client, seconds_ago=10)
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/p/{partnership.slug}/").status_code == 200
    assert not [
        q
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert Session.objects.get().expire_date == soon


# --- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["short-pw", "password1234", "123456789012", "testshire-chair"]
)
def test_weak_passwords_are_refused(db, password):
    from partnership.models import User

    user = User(username="testshire-chair", email="chair@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted(db):
    validate_password("harbour-lantern-tuesday-47")
