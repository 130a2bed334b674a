"""The demo shows every figure seed 004 gives about Worcestershire, computed where a total."""

import datetime as dt
from decimal import Decimal

from evidence import demo as evidence_demo
from evidence.budget import budget_summary, whole_pounds
from evidence.models import (
    ActivityEntry,
    BudgetPeriod,
    Course,
    EvidenceSettings,
    Heading,
    Inspection,
    KpiValue,
    MultiAgencyAudit,
    Priority,
    SchoolAudit,
)
from partnership import demo as partnership_demo
from subgroups import demo as subgroups_demo


def test_demo_evidence_carries_the_seed_figures(db):
    partnership_demo.load()
    subgroups_demo.load()
    evidence_demo.load()
    worcs = "worcestershire"

    # Budget appendix, computed.
    s = budget_summary(BudgetPeriod.objects.get(partnership__slug=worcs))
    assert [whole_pounds(r.total) for r in s.contributions] == [82442, 68704, 20611]
    assert [
        whole_pounds(x)
        for x in (
            s.income_total,
            s.expenditure_total,
            s.net_total,
            s.opening_total,
            s.closing_total,
        )
    ] == [171757, 135162, 36594, 171446, 208040]
    assert [whole_pounds(c.expenditure) for c in s.centres] == [135093, 18, 0, 51]

    # 682 concerns about under-ones, +36% on the same period the year before.
    worcs_p = _p(worcs)
    latest = (
        KpiValue.objects.for_partnership(worcs_p)
        .with_previous()
        .get(
            indicator__name__startswith="Concerns about children under one",
            period_start=dt.date(2020, 1, 1),
        )
    )
    assert latest.value == 682 and latest.comparison().change_percent_whole == 36

    # Section 175: 100% return, 191 and 134.
    audit = SchoolAudit.objects.get(partnership=worcs_p)
    assert audit.return_rate == Decimal("100.0")
    assert sorted(audit.counts.values_list("count", flat=True)) == [134, 191]

    # Over 60% of school referrals met the threshold before March 2020.
    schools = KpiValue.objects.filter(
        indicator__partnership=worcs_p,
        indicator__name__startswith="Referrals from schools",
        period_end__lte=dt.date(2020, 3, 31),
    )
    assert schools and all(v.value > 60 for v in schools)

    # Every sub-group of the partnership has entries, and every heading is used.
    entries = ActivityEntry.objects.for_partnership(worcs_p)
    for slug in ("executive", "get-safe", "qapp", "cspr", "head-teachers", "meg", "ifpg", "scr"):
        assert entries.filter(subgroup__slug=slug).exists(), slug
    assert set(entries.values_list("heading", flat=True)) == set(Heading.values)
    assert "682 concerns" in entries.get(subgroup__slug="executive", text__contains="682").text

    # The audits the report names, one on hold for Covid-19.
    themes = set(MultiAgencyAudit.objects.for_partnership(worcs_p).values_list("theme", flat=True))
    assert {
        "Family Front Door strategy discussions",
        "Police contacts to the Family Front Door",
        "Education referrals and thresholds",
    } <= themes
    assert MultiAgencyAudit.objects.get(partnership=worcs_p, status="on_hold")

    # Three courses delivered online after Covid, a fourth in development.
    courses = Course.objects.for_partnership(worcs_p)
    assert (
        courses.filter(delivery_mode="virtual", sessions__date__gte=dt.date(2020, 4, 1))
        .distinct()
        .count()
        >= 3
    )
    assert courses.get(status="in_development").title == "Multi-agency meetings"

    # The four inspections.
    ratings = {
        (i.inspectorate, i.overall_rating, i.safeguarding_rating)
        for i in Inspection.objects.for_partnership(worcs_p)
    }
    assert ratings == {
        ("ofsted", "not_graded", ""),
        ("cqc", "good", "good"),
        ("cqc", "requires_improvement", "requires_improvement"),
        ("hmicfrs", "requires_improvement", "requires_improvement"),
    }

    # QA group settings, and Walsall's neglect priority flagged for lack of impact evidence.
    assert EvidenceSettings.objects.get(partnership=worcs_p).qa_subgroup.slug == "qapp"
    flagged = Priority.objects.filter(partnership__slug="walsall").lacking_impact()
    assert "Neglect" in set(flagged.values_list("name", flat=True))


def _p(slug):
    from partnership.models import Partnership

    return Partnership.objects.get(slug=slug)
