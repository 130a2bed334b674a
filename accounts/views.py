"""Sign-in pages: invitations, the person's sign-in, password reset, backup codes, new
partnerships. Who may do what is asked of ``partnership.access`` every time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import (
    AcceptWithoutPasswordForm,
    InviteForm,
    NewPartnershipForm,
    NewPasswordForm,
    ResetRequestForm,
)
from accounts.models import Invitation
from partnership.access import get_access
from partnership.forms import errors_to_form
from partnership.models import Person

BACKUP_CODES_SESSION_KEY = "accounts:new_backup_codes"
SIGN_IN_BACKEND = "partnership.auth.CachedModelBackend"


# --- accepting an invitation (public: the link is the credential) -----------------------


@login_not_required
def invitation_accept(request, token):
    invitation = Invitation.objects.by_token(token)
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        reason = (
            invitation.refusal()
            if invitation
            else "This invitation link is not valid. It may have been replaced by a newer "
            "invitation: use the link in the most recent email, or ask your business manager."
        )
        return render(
            request,
            "accounts/invitation_refused.html",
            {"reason": reason},
            status=410 if invitation else 404,
        )
    user = invitation.user
    if not user.is_active:
        return render(
            request,
            "accounts/invitation_refused.html",
            {"reason": "This sign-in has been deactivated. Ask your business manager."},
            status=410,
        )
    has_password = user.has_usable_password()
    data = request.POST if request.method == "POST" else None
    if has_password:
        form = AcceptWithoutPasswordForm(data)
    else:
        form = NewPasswordForm(user, data)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.accept(
                invitation, password=None if has_password else form.cleaned_data["new_password1"]
            )
        if has_password:
            # Accepting proves the email, not the password: they still sign in.
            messages.success(
                request, f"You now have a role in {invitation.partnership.name}. Sign in to see it."
            )
            return redirect("login")
        login(request, user, backend=SIGN_IN_BACKEND)
        messages.success(request, "Your password is set. You are signed in.")
        return redirect(invitation.partnership.get_absolute_url())
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation, "has_password": has_password},
        status=400 if request.method == "POST" else 200,
    )


# --- the business manager's pages -------------------------------------------------------


def _person(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    person = get_object_or_404(
        Person.objects.select_related("user", "organisation"), partnership=access.partnership, pk=pk
    )
    return access, person


def person_sign_in(request, slug, pk):
    """A person's page: their sign-in, its invitations and its history."""
    access, person = _person(request, slug, pk)
    user = person.user
    history = []
    has_authenticator = False
    if user is not None:
        history = list(
            user.history.exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .select_related("history_user")
            .order_by("-history_date")[:30]
        )
        has_authenticator = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(
        request,
        "accounts/person_sign_in.html",
        {
            "access": access,
            "partnership": access.partnership,
            "person": person,
            "account": user,
            "invitations": person.invitations.select_related("invited_by"),
            "open_invitation": person.invitations.open().first(),
            "history": history,
            "has_authenticator": has_authenticator,
            "codes_left": services.backup_codes_left(user) if user else 0,
            "form": InviteForm(initial={"email": person.email}),
        },
    )


def person_invite(request, slug, pk):
    access, person = _person(request, slug, pk)
    form = InviteForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(person=person, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("accounts:person_sign_in", slug, person.pk)
    from partnership.views import form_page

    return form_page(
        request,
        access,
        form,
        title="Give a sign-in",
        caption=person.name,
        intro="They will get an email with a link to set a password. The link works once "
        "and expires after 7 days.",
        back_url=reverse("accounts:person_sign_in", args=[slug, person.pk]),
        status=400 if request.method == "POST" else 200,
    )


def _invitation(request, slug, pk):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    return access, get_object_or_404(
        Invitation.objects.select_related("person", "user"), partnership=access.partnership, pk=pk
    )


def _act(request, slug, person, action, success: str):
    try:
        action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect("accounts:person_sign_in", slug, person.pk)


@require_POST
def invitation_resend(request, slug, pk):
    _access, invitation = _invitation(request, slug, pk)
    return _act(
        request,
        slug,
        invitation.person,
        lambda: services.resend(invitation, by=request.user),
        f"Invitation sent again to {invitation.email}. The earlier link no longer works.",
    )


@require_POST
def invitation_revoke(request, slug, pk):
    _access, invitation = _invitation(request, slug, pk)
    return _act(
        request,
        slug,
        invitation.person,
        lambda: services.revoke(invitation, by=request.user),
        f"Invitation to {invitation.email} revoked. Its link no longer works.",
    )


def _account_action(request, slug, pk, service, success: str):
    access, person = _person(request, slug, pk)
    if person.user is None:
        messages.error(request, f"{person} has no sign-in.")
        return redirect("accounts:person_sign_in", slug, person.pk)
    return _act(
        request,
        slug,
        person,
        lambda: service(person.user, by=request.user, partnership=access.partnership),
        success.format(person=person),
    )


@require_POST
def person_deactivate(request, slug, pk):
    return _account_action(
        request,
        slug,
        pk,
        services.deactivate,
        "{person}'s sign-in is deactivated. They have been signed out everywhere.",
    )


@require_POST
def person_reactivate(request, slug, pk):
    return _account_action(
        request,
        slug,
        pk,
        services.reactivate,
        "{person}'s sign-in is active again. They sign in afresh.",
    )


@require_POST
def person_reset_authenticator(request, slug, pk):
    return _account_action(
        request,
        slug,
        pk,
        services.reset_authenticator,
        "{person}'s authenticator app is removed. They set up a new one at their next sign-in.",
    )


def invitation_list(request, slug):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    invitations = list(
        Invitation.objects.for_partnership(access.partnership).select_related(
            "person", "invited_by"
        )
    )
    groups = {status: [] for status in Invitation.Status}
    for invitation in invitations:
        groups[invitation.status].append(invitation)
    return render(
        request,
        "accounts/invitation_list.html",
        {
            "access": access,
            "partnership": access.partnership,
            "groups": [(Invitation.Status(s).label, items) for s, items in groups.items()],
        },
    )


def setup_guide(request, slug):
    """What an empty partnership still needs, in the order it is best done."""
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    from reports.models import ReportSectionConfig
    from subgroups.models import SubGroup

    partnership = access.partnership
    organisations = partnership.organisations.all()
    statutory = organisations.exclude(kind="relevant_agency").count()
    people = Person.objects.filter(partnership=partnership)
    invited = Invitation.objects.for_partnership(partnership).count()
    steps = [
        (
            "Add the three statutory partners",
            "The local authority, the health body (integrated care board) and the police.",
            reverse("partnership:organisation_create", args=[slug]),
            statutory >= 3,
            f"{statutory} of 3 added",
        ),
        (
            "Add the relevant agencies",
            "Schools, NHS trusts, probation, voluntary bodies and the others that take part.",
            reverse("partnership:organisation_list", args=[slug]),
            organisations.filter(kind="relevant_agency").exists(),
            f"{organisations.count() - statutory} added",
        ),
        (
            "Add people and give them sign-ins",
            "The independent chair, the partner leads, the chairs and members of sub-groups.",
            reverse("partnership:person_list", args=[slug]),
            people.count() > 1,
            f"{people.count()} people, {invited} invited",
        ),
        (
            "Set up the sub-groups",
            "Their purpose, chair and members.",
            reverse("subgroups:subgroup_list", args=[slug]),
            SubGroup.objects.for_partnership(partnership).exists(),
            f"{SubGroup.objects.for_partnership(partnership).count()} sub-groups",
        ),
        (
            "Check the structure of the yearly report",
            "Rename, reorder or leave out sections to suit the partnership.",
            reverse("reports:section_list", args=[slug]),
            ReportSectionConfig.objects.filter(partnership=partnership).exists(),
            "",
        ),
    ]
    return render(
        request,
        "accounts/setup_guide.html",
        {
            "access": access,
            "partnership": partnership,
            "steps": steps,
            "done": sum(1 for s in steps if s[3]),
        },
    )


# --- signed-in pages for everyone -------------------------------------------------------


def backup_codes(request):
    """The ten backup codes, shown once, straight after enrolling the authenticator app.

    A POST (after the second factor) replaces the codes with ten new ones."""
    from partnership.otp import _next_url

    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    remade = request.method == "POST"
    if remade:
        codes = services.issue_backup_codes(request.user)
    elif codes is None and request.session.pop("accounts:enrolled", False):
        codes = services.issue_backup_codes(request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {
            "codes": codes,
            "remade": remade,
            "left": services.backup_codes_left(request.user),
            "next": _next_url(request),
        },
    )


# --- the host: superusers ---------------------------------------------------------------


def partnership_new(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = NewPartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership, invitation = form.save(by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                f"{partnership.name} is created. An invitation to set up their sign-in has "
                f"been sent to {invitation.email}.",
            )
            return redirect("accounts:partnership_new")
    return render(
        request,
        "accounts/partnership_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- password reset: Django's views and tokens -----------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    # They sign in afterwards through the form, where django-axes counts failures.
    post_reset_login = False


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
