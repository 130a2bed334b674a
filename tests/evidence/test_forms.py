"""Every evidence form: the right role saves; bad input shows an error and saves nothing;
the wrong role gets 403, another partnership 404, and nothing is written either way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from evidence.models import (
    BudgetPeriod,
    Contribution,
    CostCentre,
    Course,
    CourseEvaluation,
    EvidenceSettings,
    ExpenditureLine,
    FeedbackExercise,
    Indicator,
    Inspection,
    KpiValue,
    MultiAgencyAudit,
    OpeningBalance,
    Priority,
    SchoolAudit,
    SchoolAuditCount,
    Section11Cycle,
    Section11Return,
    SessionAttendance,
    TrainingSession,
)
from partnership.models import Organisation
from tests.evidence.builders import (
    dated,
    make_audit,
    make_budget,
    make_course,
    make_indicator,
    make_priority,
    make_s11_cycle,
    make_school_audit,
    make_session,
    make_value,
)
from tests.factories import make_organisation

d = dt.date


@dataclass
class Ctx:
    partnership: Any
    subgroup: Any
    org: Organisation
    objs: dict = field(default_factory=dict)

    def url(self, name: str, *args) -> str:
        return reverse(f"evidence:{name}", args=[self.partnership.slug, *args])


@dataclass
class Case:
    name: str
    url: Callable[[Ctx], str]
    valid: Callable[[Ctx], dict]
    invalid: Callable[[Ctx], dict]
    state: Callable[[Ctx], Any]  # a snapshot of what the form writes
    setup: Callable[[Ctx], None] = lambda c: None
    allowed: str = "qa_chair"
    denied: str = "other_chair"
    error: str = ""
    page: Callable[[Ctx], str] | None = None  # where the form is shown, if not at ``url``

    def __str__(self) -> str:
        return self.name


def rows(model, *fields):
    return lambda c: sorted(map(str, model.objects.values_list(*(fields or ("pk",)))))


def _audit(c):
    c.objs["audit"] = make_audit(partnership=c.partnership)


def _cycle(c):
    c.objs["cycle"] = make_s11_cycle(partnership=c.partnership)


def _return(c):
    _cycle(c)
    c.objs["return"] = Section11Return.objects.create(cycle=c.objs["cycle"], organisation=c.org)


def _school(c):
    c.objs["school"] = make_school_audit(partnership=c.partnership)


def _indicator(c):
    c.objs["indicator"] = make_indicator(partnership=c.partnership)


def _value(c):
    _indicator(c)
    c.objs["value"] = make_value(
        indicator=c.objs["indicator"], start=d(2020, 1, 1), end=d(2020, 3, 31), value=10
    )


def _course(c):
    c.objs["course"] = make_course(partnership=c.partnership)


def _session(c):
    _course(c)
    c.objs["session"] = make_session(course=c.objs["course"])


def _budget(c):
    c.objs["period"] = make_budget(partnership=c.partnership)
    c.objs["centre"] = CostCentre.objects.get(partnership=c.partnership)


CASES = [
    Case(
        "add multi-agency audit",
        lambda c: c.url("audit_add"),
        lambda c: {
            "theme": "Police contacts",
            **dated("started_on", d(2019, 10, 7)),
            "agencies": [c.org.pk],
        },
        lambda c: {"theme": "", **dated("started_on", d(2019, 10, 7))},
        rows(MultiAgencyAudit, "theme"),
        error="Enter the theme",
    ),
    Case(
        "change multi-agency audit",
        lambda c: c.url("audit_edit", c.objs["audit"].pk),
        lambda c: {"theme": "Renamed", **dated("started_on", d(2020, 1, 6))},
        lambda c: {
            "theme": "Renamed",
            "started_on_0": "31",
            "started_on_1": "2",
            "started_on_2": "2020",
        },
        rows(MultiAgencyAudit, "theme", "started_on"),
        setup=_audit,
    ),
    Case(
        "change audit status",
        lambda c: c.url("audit_status", c.objs["audit"].pk),
        lambda c: {"status-status": "in_progress", **dated("status-on", d(2020, 2, 1))},
        lambda c: {"status-status": "completed", **dated("status-on", d(2020, 2, 1))},
        rows(MultiAgencyAudit, "status", "completed_on"),
        setup=_audit,
        error="cannot be moved to completed",
        page=lambda c: c.url("audit_detail", c.objs["audit"].pk),
    ),
    Case(
        "add section 11 cycle",
        lambda c: c.url("s11_add"),
        lambda c: {
            "title": "S11 2020",
            **dated("launched_on", d(2020, 9, 14)),
            **dated("due_on", d(2020, 12, 18)),
        },
        lambda c: {
            "title": "S11 2020",
            **dated("launched_on", d(2020, 9, 14)),
            **dated("due_on", d(2020, 1, 1)),
        },
        rows(Section11Cycle, "title"),
        error="Returns are due on or after the launch date",
    ),
    Case(
        "record a section 11 return",
        lambda c: c.url("s11_detail", c.objs["cycle"].pk),
        lambda c: {
            "organisation": c.org.pk,
            "status": "returned",
            **dated("returned_on", d(2020, 11, 27)),
        },
        lambda c: {"organisation": c.org.pk, "status": "returned"},
        rows(Section11Return, "organisation", "status"),
        setup=_cycle,
        error="Enter the date the agency returned its audit",
    ),
    Case(
        "change a section 11 return",
        lambda c: c.url("s11_return_edit", c.objs["return"].pk),
        lambda c: {"organisation": c.org.pk, "status": "in_progress"},
        lambda c: {
            "organisation": c.org.pk,
            "status": "requested",
            **dated("returned_on", d(2020, 11, 27)),
        },
        rows(Section11Return, "status", "returned_on"),
        setup=_return,
        error="Only a returned audit has a return date",
    ),
    Case(
        "add a school audit",
        lambda c: c.url("school_audit_add"),
        lambda c: {
            "title": "S175",
            **dated("reported_on", d(2020, 7, 9)),
            "schools_asked": "236",
            "returns_received": "236",
        },
        lambda c: {
            "title": "S175",
            **dated("reported_on", d(2020, 7, 9)),
            "schools_asked": "200",
            "returns_received": "236",
        },
        rows(SchoolAudit, "title"),
        error="Returns cannot be more than the schools asked",
    ),
    Case(
        "change a school audit",
        lambda c: c.url("school_audit_edit", c.objs["school"].pk),
        lambda c: {
            "title": "Renamed",
            **dated("reported_on", d(2020, 7, 9)),
            "schools_asked": "236",
            "returns_received": "230",
        },
        lambda c: {
            "title": "Renamed",
            **dated("reported_on", d(2020, 7, 9)),
            "schools_asked": "many",
            "returns_received": "230",
        },
        rows(SchoolAudit, "title", "returns_received"),
        setup=_school,
        error="Schools and colleges asked must be a whole number",
    ),
    Case(
        "add a school audit headline count",
        lambda c: c.url("school_audit_detail", c.objs["school"].pk),
        lambda c: {"label": "Promoting an early help offer", "count": "191"},
        lambda c: {"label": "", "count": "-1"},
        rows(SchoolAuditCount, "label", "count"),
        setup=_school,
    ),
    Case(
        "add a feedback exercise",
        lambda c: c.url("feedback_add"),
        lambda c: {
            "title": "Family survey",
            "method": "online_survey",
            **dated("started_on", d(2020, 8, 1)),
            "respondents": "12",
        },
        lambda c: {
            "title": "Family survey",
            "method": "carrier_pigeon",
            **dated("started_on", d(2020, 8, 1)),
        },
        rows(FeedbackExercise, "title"),
        error="Choose the method from the list",
    ),
    Case(
        "add an indicator",
        lambda c: c.url("indicator_add"),
        lambda c: {"name": "Contacts", "unit": "count", "direction": "neither", "order": "0"},
        lambda c: {"name": "Contacts", "unit": "count", "direction": "", "order": "0"},
        rows(Indicator, "name"),
    ),
    Case(
        "change an indicator",
        lambda c: c.url("indicator_edit", c.objs["indicator"].pk),
        lambda c: {"name": "Renamed", "unit": "count", "direction": "higher", "order": "1"},
        lambda c: {"name": "", "unit": "count", "direction": "higher", "order": "1"},
        rows(Indicator, "name", "direction"),
        setup=_indicator,
    ),
    Case(
        "add a KPI value",
        lambda c: c.url("indicator_detail", c.objs["indicator"].pk),
        lambda c: {
            **dated("period_start", d(2020, 1, 1)),
            **dated("period_end", d(2020, 9, 30)),
            "value": "682",
        },
        lambda c: {
            **dated("period_start", d(2020, 9, 30)),
            **dated("period_end", d(2020, 1, 1)),
            "value": "682",
        },
        rows(KpiValue, "value"),
        setup=_indicator,
        error="The period must end on or after its start",
    ),
    Case(
        "change a KPI value",
        lambda c: c.url("value_edit", c.objs["value"].pk),
        lambda c: {
            **dated("period_start", d(2020, 1, 1)),
            **dated("period_end", d(2020, 3, 31)),
            "value": "3",
        },
        lambda c: {
            **dated("period_start", d(2020, 1, 1)),
            **dated("period_end", d(2020, 3, 31)),
            "value": "three",
        },
        rows(KpiValue, "value", "suppressed_in_publication"),
        setup=_value,
        error="Value must be a number",
    ),
    Case(
        "add a course",
        lambda c: c.url("course_add"),
        lambda c: {"title": "Signs of Safety", "delivery_mode": "virtual", "status": "running"},
        lambda c: {"title": "Signs of Safety", "delivery_mode": "by post", "status": "running"},
        rows(Course, "title"),
    ),
    Case(
        "add a training session",
        lambda c: c.url("session_add", c.objs["course"].pk),
        lambda c: {**dated("date", d(2020, 7, 14)), "delivery_mode": "virtual"},
        lambda c: {"date_0": "", "date_1": "", "date_2": "", "delivery_mode": "virtual"},
        rows(TrainingSession, "date"),
        setup=_course,
        error="Enter the date",
    ),
    Case(
        "record session attendance",
        lambda c: c.url("session_detail", c.objs["session"].pk),
        lambda c: {"organisation": c.org.pk, "count": "14"},
        lambda c: {"organisation": c.org.pk, "count": "-3"},
        rows(SessionAttendance, "organisation", "count"),
        setup=_session,
    ),
    Case(
        "add a course evaluation",
        lambda c: c.url("evaluation_add", c.objs["course"].pk),
        lambda c: {
            **dated("collected_on", d(2020, 9, 30)),
            "satisfaction_percent": "93",
            "what_changed": "Better referrals.",
        },
        lambda c: {**dated("collected_on", d(2020, 9, 30)), "satisfaction_percent": "150"},
        rows(CourseEvaluation, "satisfaction_percent"),
        setup=_course,
        error="Enter a percentage from 0 to 100",
    ),
    Case(
        "add an inspection",
        lambda c: c.url("inspection_add"),
        lambda c: {
            "organisation": c.org.pk,
            "inspectorate": "cqc",
            "title": "Inspection",
            **dated("published_on", d(2020, 1, 1)),
            "overall_rating": "good",
            "safeguarding_rating": "good",
            "key_findings": "Safeguarding is a priority.",
        },
        lambda c: {
            "organisation": c.org.pk,
            "inspectorate": "cqc",
            "title": "Inspection",
            **dated("published_on", d(2020, 1, 1)),
            "overall_rating": "good",
            "key_findings": "",
        },
        rows(Inspection, "title"),
        allowed="business_manager",
        denied="qa_chair",
    ),
    Case(
        "add a priority",
        lambda c: c.url("priority_add"),
        lambda c: {"name": "Neglect", **dated("starts_on", d(2019, 10, 1))},
        lambda c: {
            "name": "Neglect",
            **dated("starts_on", d(2019, 10, 1)),
            **dated("ends_on", d(2019, 1, 1)),
        },
        rows(Priority, "name"),
        allowed="business_manager",
        denied="qa_chair",
        error="The end must be on or after the start",
    ),
    Case(
        "add a budget period",
        lambda c: c.url("budget_add"),
        lambda c: {
            "title": "2019 to 2020",
            **dated("starts_on", d(2019, 10, 1)),
            **dated("ends_on", d(2020, 9, 30)),
        },
        lambda c: {
            "title": "2019 to 2020",
            **dated("starts_on", d(2019, 10, 1)),
            **dated("ends_on", d(2019, 10, 1)),
        },
        rows(BudgetPeriod, "title"),
        allowed="business_manager",
        denied="qa_chair",
        error="The period must end after it starts",
    ),
    Case(
        "add a cost centre",
        lambda c: c.url("cost_centre_add"),
        lambda c: {"code": "CF0154", "name": "Training Delivery", "order": "1"},
        lambda c: {"code": "CF0153", "name": "Duplicate code", "order": "1"},
        rows(CostCentre, "code"),
        setup=_budget,
        allowed="business_manager",
        denied="qa_chair",
        error="already exists",
    ),
    Case(
        "set an opening balance",
        lambda c: c.url("budget_line_add", c.objs["period"].pk, "opening"),
        lambda c: {"cost_centre": c.objs["centre"].pk, "amount": "47982"},
        lambda c: {"cost_centre": c.objs["centre"].pk, "amount": "lots"},
        rows(OpeningBalance, "amount"),
        setup=_budget,
        allowed="business_manager",
        denied="qa_chair",
    ),
    Case(
        "add a partner contribution",
        lambda c: c.url("budget_line_add", c.objs["period"].pk, "contribution"),
        lambda c: {"organisation": c.org.pk, "cost_centre": c.objs["centre"].pk, "amount": "82442"},
        lambda c: {
            "organisation": c.org.pk,
            "cost_centre": c.objs["centre"].pk,
            "amount": "-82442",
        },
        rows(Contribution, "amount"),
        setup=_budget,
        allowed="business_manager",
        denied="qa_chair",
        error="Enter the amount paid in as a positive number",
    ),
    Case(
        "add an expenditure line (a credit may be negative)",
        lambda c: c.url("budget_line_add", c.objs["period"].pk, "expenditure"),
        lambda c: {
            "name": "Training expenditure",
            "cost_centre": c.objs["centre"].pk,
            "amount": "-316",
            "order": "0",
        },
        lambda c: {"name": "", "cost_centre": c.objs["centre"].pk, "amount": "10", "order": "0"},
        rows(ExpenditureLine, "amount"),
        setup=_budget,
        allowed="business_manager",
        denied="qa_chair",
    ),
    Case(
        "choose the quality assurance group",
        lambda c: c.url("settings"),
        lambda c: {"qa_subgroup": ""},
        lambda c: {"qa_subgroup": "999999"},
        lambda c: sorted(EvidenceSettings.objects.values_list("partnership", "qa_subgroup")),
        allowed="business_manager",
        denied="qa_chair",
        error="Choose the quality assurance group from the list",
    ),
]


@pytest.fixture
def ctx(partnership, subgroup):
    return Ctx(
        partnership=partnership,
        subgroup=subgroup,
        org=make_organisation(partnership=partnership, name="West Mercia Police"),
    )


@pytest.fixture(params=CASES, ids=str)
def case(request, ctx, qa_chair):
    case = request.param
    case.setup(ctx)
    return case


def test_the_right_role_saves_the_form(case, ctx, request, login):
    client = login(request.getfixturevalue(case.allowed))
    before = case.state(ctx)
    assert client.get((case.page or case.url)(ctx)).status_code == 200
    response = client.post(case.url(ctx), case.valid(ctx))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert case.state(ctx) != before


def test_bad_input_shows_an_error_and_saves_nothing(case, ctx, request, login):
    client = login(request.getfixturevalue(case.allowed))
    before = case.state(ctx)
    response = client.post(case.url(ctx), case.invalid(ctx))
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "govuk-error-summary" in body or "govuk-error-message" in body
    assert case.error in body
    assert case.state(ctx) == before


def test_the_wrong_role_is_refused_and_nothing_is_written(case, ctx, request, login):
    client = login(request.getfixturevalue(case.denied))
    before = case.state(ctx)
    assert client.post(case.url(ctx), case.valid(ctx)).status_code == 403
    assert case.state(ctx) == before


def test_a_scrutiny_panel_member_is_refused(case, ctx, login, scrutiny_member):
    before = case.state(ctx)
    client = login(scrutiny_member)
    assert client.get((case.page or case.url)(ctx)).status_code == 403
    assert client.post(case.url(ctx), case.valid(ctx)).status_code == 403
    assert case.state(ctx) == before


def test_another_partnership_gets_404_and_nothing_is_written(case, ctx, login, outsider):
    before = case.state(ctx)
    assert login(outsider).post(case.url(ctx), case.valid(ctx)).status_code == 404
    assert case.state(ctx) == before


def test_anonymous_visitors_are_sent_to_sign_in(case, ctx, client):
    before = case.state(ctx)
    response = client.post(case.url(ctx), case.valid(ctx))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert case.state(ctx) == before


def test_without_a_quality_assurance_group_only_the_business_manager_edits_qa_records(
    login, partnership, chair, business_manager
):
    url = reverse("evidence:audit_add", args=[partnership.slug])
    data = {"theme": "Police contacts", **dated("started_on", d(2019, 10, 7))}
    assert login(chair).post(url, data).status_code == 403
    assert login(business_manager).post(url, data).status_code == 302
    assert MultiAgencyAudit.objects.count() == 1


def test_completing_an_audit_records_its_date(login, qa_chair, partnership):
    audit = make_audit(partnership=partnership, status=MultiAgencyAudit.Status.IN_PROGRESS)
    login(qa_chair).post(
        reverse("evidence:audit_status", args=[partnership.slug, audit.pk]),
        {"status-status": "completed", **dated("status-on", d(2020, 3, 9))},
    )
    audit.refresh_from_db()
    assert (audit.status, audit.completed_on) == ("completed", d(2020, 3, 9))


def test_a_kpi_value_for_a_period_already_recorded_is_refused(login, qa_chair, partnership):
    indicator = make_indicator(partnership=partnership)
    make_value(indicator=indicator, start=d(2020, 1, 1), end=d(2020, 9, 30), value=682)
    response = login(qa_chair).post(
        reverse("evidence:indicator_detail", args=[partnership.slug, indicator.pk]),
        {
            **dated("period_start", d(2020, 1, 1)),
            **dated("period_end", d(2020, 9, 30)),
            "value": "700",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert list(KpiValue.objects.values_list("value", flat=True)) == [Decimal("682.00")]


def test_choices_from_another_partnership_are_refused(
    login, qa_chair, partnership, other_partnership
):
    foreign = make_organisation(partnership=other_partnership, name="Elsewhere Police")
    response = login(qa_chair).post(
        reverse("evidence:audit_add", args=[partnership.slug]),
        {
            "theme": "Police contacts",
            **dated("started_on", d(2019, 10, 7)),
            "agencies": [foreign.pk],
        },
    )
    assert response.status_code == 200
    assert "Choose the agencies taking part from the list" in response.content.decode()
    assert not MultiAgencyAudit.objects.exists()


def test_records_of_another_partnership_are_not_found(
    login, qa_chair, partnership, other_partnership
):
    foreign = make_audit(partnership=other_partnership, theme="Not yours")
    response = login(qa_chair).post(
        reverse("evidence:audit_edit", args=[partnership.slug, foreign.pk]),
        {"theme": "Taken over", **dated("started_on", d(2020, 1, 6))},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.theme == "Not yours"


def test_an_unknown_kind_of_budget_line_is_not_found(login, business_manager, partnership):
    period = make_budget(partnership=partnership)
    url = reverse("evidence:budget_line_add", args=[partnership.slug, period.pk, "refund"])
    assert login(business_manager).get(url).status_code == 404


def test_priority_for_a_period_is_unique(login, business_manager, partnership):
    make_priority(partnership=partnership, name="Neglect", starts_on=d(2019, 10, 1))
    response = login(business_manager).post(
        reverse("evidence:priority_add", args=[partnership.slug]),
        {"name": "Neglect", **dated("starts_on", d(2019, 10, 1))},
    )
    assert response.status_code == 200
    assert Priority.objects.count() == 1
