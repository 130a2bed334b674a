"""Writes that touch several rows at once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from partnership.models import Organisation, Person, Role
from subgroups.models import SubGroup


@transaction.atomic
def rotate_chair(*, subgroup: SubGroup, person: Person, valid_from: dt.date) -> Role:
    """Make ``person`` the chair from a date: the current chair's role ends the day before.

    Earlier chairs keep their rows, so "who chaired when" stays answerable.
    """
    if person.partnership_id != subgroup.partnership_id:
        raise ValidationError({"person": "Choose a person in this partnership."})
    chairs = Role.objects.select_for_update().filter(
        subgroup=subgroup, kind=Role.Kind.SUBGROUP_CHAIR
    )
    if chairs.filter(valid_from__gte=valid_from).exists():
        raise ValidationError(
            {
                "valid_from": "A chair's term already starts on or after this date. "
                "Choose a later date, or correct that role on the people page."
            }
        )
    # Saved one by one (not .update()) so that the role history records the change.
    for role in chairs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)):
        role.valid_to = valid_from - dt.timedelta(days=1)
        role.save()
    return Role.objects.create(
        person=person,
        kind=Role.Kind.SUBGROUP_CHAIR,
        subgroup=subgroup,
        organisation=person.organisation,
        valid_from=valid_from,
    )


def add_member(
    *, subgroup: SubGroup, person: Person, organisation: Organisation | None, valid_from: dt.date
) -> Role:
    if person.partnership_id != subgroup.partnership_id:
        raise ValidationError({"person": "Choose a person in this partnership."})
    if (
        Role.objects.current(valid_from)
        .filter(subgroup=subgroup, person=person, kind=Role.Kind.SUBGROUP_MEMBER)
        .exists()
    ):
        raise ValidationError({"person": f"{person} is already a member on that date."})
    return Role.objects.create(
        person=person,
        kind=Role.Kind.SUBGROUP_MEMBER,
        subgroup=subgroup,
        organisation=organisation or person.organisation,
        valid_from=valid_from,
    )
