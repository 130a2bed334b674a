import pytest

from partnership.models import Role
from tests.evidence.builders import make_qa_group
from tests.factories import make_member, make_subgroup


@pytest.fixture
def qa_chair(partnership, subgroup, chair):
    """The chair of the partnership's quality assurance group (the ``subgroup`` fixture)."""
    make_qa_group(partnership=partnership, subgroup=subgroup)
    return chair


@pytest.fixture
def other_subgroup(partnership):
    return make_subgroup(partnership=partnership, name="Exploitation Group", slug="exploitation")


@pytest.fixture
def other_chair(partnership, other_subgroup):
    """Chairs another sub-group: not the QA group."""
    return make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=other_subgroup
    )


@pytest.fixture
def member(partnership, subgroup):
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)


@pytest.fixture
def partner_lead(partnership):
    return make_member(partnership=partnership, kind=Role.Kind.DELEGATED_PARTNER)
