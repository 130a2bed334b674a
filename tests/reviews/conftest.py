import pytest

from partnership.models import Role
from tests.factories import make_member, make_subgroup
from tests.reviews.builders import make_details, make_incident


@pytest.fixture
def case_review_group(partnership):
    return make_subgroup(
        partnership=partnership,
        name="Practice Review Group",
        slug="cspr",
        handles_case_reviews=True,
    )


@pytest.fixture
def case_review_member(partnership, case_review_group):
    return make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=case_review_group
    )


@pytest.fixture
def case_review_chair(partnership, case_review_group):
    return make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=case_review_group
    )


@pytest.fixture
def independent_chair(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR)


@pytest.fixture
def partner_lead(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.DELEGATED_PARTNER)


@pytest.fixture
def incident(partnership):
    return make_incident(partnership=partnership, pseudonym="Child K", case_number="WS-2026-01")


@pytest.fixture
def details(incident):
    return make_details(incident=incident)
