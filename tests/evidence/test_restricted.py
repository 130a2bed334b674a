"""Restricted material never reaches the evidence pages of someone who may not read it."""

import datetime as dt

from django.urls import reverse

from evidence.models import MultiAgencyAudit
from tests.evidence.builders import dated, make_audit
from tests.factories import make_action, make_item, make_meeting, make_person, make_subgroup

SECRET = "Restricted step about the family in case WSCP-2020-01"


def _restricted_action(partnership):
    cspr = make_subgroup(
        partnership=partnership, name="Case review group", slug="cspr", handles_case_reviews=True
    )
    item = make_item(meeting=make_meeting(subgroup=cspr), confidentiality="restricted")
    return make_action(
        partnership=partnership,
        owner=make_person(partnership=partnership),
        subgroup=cspr,
        item=item,
        description=SECRET,
        due_on=dt.date(2030, 1, 1),
    )


def test_actions_from_restricted_case_review_minutes_are_not_offered_to_link(
    login, qa_chair, partnership
):
    action = _restricted_action(partnership)
    client = login(qa_chair)
    url = reverse("evidence:audit_add", args=[partnership.slug])
    assert SECRET not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "theme": "Police contacts",
            **dated("started_on", dt.date(2019, 10, 7)),
            "actions": [action.pk],
        },
    )
    assert "Choose the actions arising from the list" in response.content.decode()
    assert not MultiAgencyAudit.objects.exists()


def test_a_linked_restricted_action_is_shown_only_to_those_who_may_read_it(
    login, qa_chair, business_manager, partnership
):
    action = _restricted_action(partnership)
    audit = make_audit(partnership=partnership)
    audit.actions.add(action)
    url = reverse("evidence:audit_detail", args=[partnership.slug, audit.pk])
    assert SECRET not in login(qa_chair).get(url).content.decode()
    # Nor on the error page after a refused status change.
    status = reverse("evidence:audit_status", args=[partnership.slug, audit.pk])
    refused = login(qa_chair).post(
        status, {"status-status": "completed", **dated("status-on", dt.date(2020, 1, 1))}
    )
    assert refused.status_code == 400 and SECRET not in refused.content.decode()
    assert SECRET[:40] in login(business_manager).get(url).content.decode()
