import datetime as dt

import pytest
from django.utils import timezone

from partnership.models import Person, Role
from tests.factories import date_boxes, make_meeting, make_member, make_subgroup


def person_of(user) -> Person:
    return Person.objects.get(user=user)


def aware(y, m, d, h=10, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


date_data = date_boxes


@pytest.fixture
def meeting(subgroup):
    return make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))


@pytest.fixture
def other_subgroup(partnership):
    return make_subgroup(partnership=partnership, name="GET SAFE", slug="get-safe")


@pytest.fixture
def other_chair(partnership, other_subgroup):
    """The chair of a different sub-group in the same partnership."""
    return make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=other_subgroup
    )


@pytest.fixture
def member(partnership, subgroup):
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
