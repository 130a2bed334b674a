"""Deleting and retiring the partnership's set-up records: organisations, people, roles.

The business manager only (``partnership.access``); the confirmation page and its
refusals are ``partnership.deletion``'s.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from partnership.access import get_access
from partnership.deletion import Retire, confirm_delete
from partnership.forms import OrganisationLeftForm
from partnership.models import Organisation, Person, Role
from partnership.views import form_page


def _manager(request, slug):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    return access


def organisation_delete(request, slug, pk):
    access = _manager(request, slug)
    organisation = get_object_or_404(
        Organisation.objects.for_partnership(access.partnership), pk=pk
    )
    back = reverse("partnership:organisation_list", args=[slug])
    retire = []
    if organisation.is_statutory_partner:
        # The law names one of each: a partner is renamed (CCG to ICB), it never leaves.
        retire.append(
            Retire(
                "Add a dated name",
                reverse("partnership:organisation_name_add", args=[slug, pk]),
                hint="A statutory partner stays in the partnership; a new body (an integrated "
                "care board for a clinical commissioning group) is a dated name.",
            )
        )
    elif not organisation.has_left():
        retire.append(
            Retire(
                "Record that it left the partnership",
                reverse("partnership:organisation_retire", args=[slug, pk]),
            )
        )
    return confirm_delete(
        request,
        access,
        organisation,
        noun="organisation",
        back_url=back,
        done_url=back,
        retire=retire,
    )


def organisation_retire(request, slug, pk):
    """An organisation that has left: kept in the history and past reports, no longer
    offered for new records."""
    access = _manager(request, slug)
    organisation = get_object_or_404(
        Organisation.objects.for_partnership(access.partnership), pk=pk
    )
    back = reverse("partnership:organisation_list", args=[slug])
    if organisation.is_statutory_partner:
        messages.error(
            request,
            f"{organisation} is a statutory partner: it stays in the partnership. "
            "Add a dated name when the body changes.",
        )
        return redirect(back)
    if request.method == "POST" and "rejoin" in request.POST and organisation.left_on:
        with transaction.atomic():
            organisation.rejoin()
        messages.success(request, f"{organisation} is in the partnership again.")
        return redirect(back)
    form = OrganisationLeftForm(
        request.POST or None,
        initial={"left_on": organisation.left_on} if organisation.left_on else None,
        has_left=organisation.left_on is not None,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation.leave(form.cleaned_data["left_on"])
        messages.success(
            request, f"{organisation} left the partnership on {organisation.left_on:%-d %B %Y}."
        )
        return redirect(back)
    intro = (
        "It stays in the history and in reports of the time it took part, and is no "
        "longer offered for new records."
    )
    if organisation.left_on:
        intro += (
            " If the day was recorded by mistake, or the organisation has come back, say it "
            "is in the partnership again: it is offered for new records once more."
        )
    return form_page(
        request,
        access,
        form,
        title="Change the day it left the partnership"
        if organisation.left_on
        else "Record that it left the partnership",
        caption=organisation.name,
        intro=intro,
        back_url=back,
        status=400 if form.errors else 200,
    )


def person_delete(request, slug, pk):
    access = _manager(request, slug)
    person = get_object_or_404(
        Person.objects.select_related("user"), partnership=access.partnership, pk=pk
    )
    back = reverse("partnership:person_list", args=[slug])
    extra = ["1 sign-in account"] if person.user_id else []
    retire = [
        Retire(
            f"End their role: {role.get_kind_display()}"
            + (f", {role.subgroup.name}" if role.subgroup_id else ""),
            reverse("partnership:role_edit", args=[slug, role.pk]) + f"?next={back}",
        )
        for role in Role.objects.current().filter(person=person).select_related("subgroup")
    ]
    if person.user_id and person.user.is_active:
        retire.append(
            Retire(
                "Deactivate their sign-in",
                reverse("accounts:person_sign_in", args=[slug, pk]),
            )
        )
    return confirm_delete(
        request,
        access,
        person,
        noun="person",
        back_url=back,
        done_url=back,
        blocking=("partnership.Role", "papers.Interest"),
        extra_dependants=extra,
        retire=retire,
    )


def role_delete(request, slug, pk):
    """A role entered by mistake. Nothing depends on a role; one that was held and has
    ended is given its end date (``role_edit``), not deleted."""
    access = _manager(request, slug)
    role = get_object_or_404(
        Role.objects.select_related("person", "subgroup"),
        person__partnership=access.partnership,
        pk=pk,
    )
    back = reverse("partnership:person_list", args=[slug])
    return confirm_delete(
        request,
        access,
        role,
        noun="role",
        back_url=back,
        done_url=back,
        caption=role.person.name,
    )
