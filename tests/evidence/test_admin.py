"""The admin shows staff only the evidence of the partnerships they manage."""

from django.urls import reverse

from tests.evidence.builders import make_audit, make_budget


def test_staff_see_only_their_own_partnerships_evidence_in_the_admin(
    login, business_manager, partnership, other_partnership
):
    business_manager.is_staff = True
    business_manager.save()
    make_audit(partnership=partnership, theme="Our audit")
    make_audit(partnership=other_partnership, theme="Their audit")
    make_budget(partnership=other_partnership)
    client = login(business_manager)
    body = client.get(reverse("admin:evidence_multiagencyaudit_changelist")).content.decode()
    assert "Our audit" in body and "Their audit" not in body
    budgets = client.get(reverse("admin:evidence_budgetperiod_changelist")).content.decode()
    assert "2019 to 2020" not in budgets
