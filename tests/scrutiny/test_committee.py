"""Committee submissions: recording them, questions and actions, and the cover report."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from partnership.models import Organisation
from scrutiny.cover import budget_paragraph
from scrutiny.models import (
    COUNCIL_FORMAT,
    COVER_PRESETS,
    CommitteeAction,
    CommitteeQuestion,
    CommitteeSubmission,
    CoverReport,
    CoverReportFormat,
)
from tests.factories import date_boxes, make_organisation

SECTION_HEADINGS = [
    "1. Aim",
    "2. Recommendations",
    "3. Report detail – know",
    "4. Financial information",
    "5. Reducing inequalities",
    "6. Decide",
    "7. Respond",
    "8. Review",
    "Background papers",
    "Author",
]


@pytest.fixture
def submission(partnership):
    return CommitteeSubmission.objects.create(
        partnership=partnership,
        report_title="Annual Report 2019-20",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
        council="Testshire County Council",
        committee="Children's Overview and Scrutiny",
        meeting_date=dt.date(2021, 1, 28),
        presenter="Pat Chair",
        presenter_role="Independent Chair",
        resolution="RESOLVED: the report be noted.",
        cover_format=CoverReportFormat.objects.get_or_create(
            partnership=partnership,
            name=COUNCIL_FORMAT,
            defaults={"sections": COVER_PRESETS[COUNCIL_FORMAT]},
        )[0],
    )


def url(name, partnership, *args):
    return reverse(f"scrutiny:{name}", args=[partnership.slug, *args])


FORM = {
    "report_title": "Annual Report 2020-21",
    **date_boxes("period_start", dt.date(2020, 4, 1)),
    **date_boxes("period_end", dt.date(2021, 3, 31)),
    "council": "Testshire County Council",
    "committee": "Health and Wellbeing Board",
    **date_boxes("meeting_date", dt.date(2021, 11, 4)),
    "agenda_item": "5",
    "wards": "All",
    "portfolios": "",
    "presenter": "Pat Chair",
    "presenter_role": "",
    "resolution": "",
}


def test_business_manager_records_a_submission(client, login, business_manager, partnership):
    login(business_manager)
    response = client.post(url("submission_create", partnership), FORM)
    submission = CommitteeSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == submission.get_absolute_url()
    assert submission.partnership == partnership
    assert submission.committee == "Health and Wellbeing Board"


def test_choosing_the_report_fills_its_title_and_period(
    client, login, business_manager, partnership
):
    from reports.models import Report

    report = Report.objects.create(
        partnership=partnership,
        title="Annual Report 2019-20",
        period_start=dt.date(2019, 10, 1),
        period_end=dt.date(2020, 9, 30),
    )
    login(business_manager)
    data = {
        **FORM,
        "report": report.pk,
        "report_title": "",
        **date_boxes("period_start", None),
        **date_boxes("period_end", None),
    }
    client.post(url("submission_create", partnership), data)
    submission = CommitteeSubmission.objects.get()
    assert submission.report == report
    assert submission.report_title == "Annual Report 2019-20"
    assert submission.period_start == dt.date(2019, 10, 1)


def test_a_report_of_another_partnership_cannot_be_chosen(
    client, login, business_manager, partnership, other_partnership
):
    from reports.models import Report

    theirs = Report.objects.create(
        partnership=other_partnership,
        title="Theirs",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
    )
    login(business_manager)
    response = client.post(url("submission_create", partnership), {**FORM, "report": theirs.pk})
    assert response.status_code == 200
    assert not CommitteeSubmission.objects.exists()


def test_bad_period_and_missing_fields_are_shown_next_to_the_fields(
    client, login, business_manager, partnership
):
    login(business_manager)
    data = {
        **FORM,
        **date_boxes("period_end", dt.date(2019, 1, 1)),
        "committee": "",
        "meeting_date_0": "30",
        "meeting_date_1": "2",
        "meeting_date_2": "2021",
    }
    response = client.post(url("submission_create", partnership), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The end of the period must be after its start" in body
    assert "Enter the committee" in body
    assert "Meeting date must be a real date" in body
    assert "day is out of range" not in body
    assert not CommitteeSubmission.objects.exists()


def test_councillor_reads_submissions_but_cannot_record_them(
    client, login, scrutiny_member, partnership, submission
):
    login(scrutiny_member)
    assert client.get(url("submission_list", partnership)).status_code == 200
    detail = client.get(submission.get_absolute_url())
    assert detail.status_code == 200
    assert "RESOLVED: the report be noted." in detail.content.decode()
    assert "Add a question" not in detail.content.decode()
    assert client.get(url("submission_create", partnership)).status_code == 403
    assert client.post(url("submission_create", partnership), FORM).status_code == 403
    assert (
        client.post(
            url("submission_edit", partnership, submission.pk), {**FORM, "committee": "Changed"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            url("question_create", partnership, submission.pk), {"asked_by": "X", "question": "Y"}
        ).status_code
        == 403
    )
    assert client.get(url("cover_report_edit", partnership, submission.pk)).status_code == 403
    assert CommitteeSubmission.objects.count() == 1
    assert not CommitteeQuestion.objects.exists()
    assert not CoverReport.objects.exists()
    submission.refresh_from_db()
    assert submission.committee == "Children's Overview and Scrutiny"


def test_other_partnerships_cannot_see_submissions(
    client, login, outsider, partnership, submission
):
    login(outsider)
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert client.get(url("cover_report_docx", partnership, submission.pk)).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, partnership, submission):
    assert client.get(submission.get_absolute_url()).status_code == 302
    assert client.get(url("cover_report_pdf", partnership, submission.pk)).status_code == 302


def test_questions_are_added_numbered_changed_and_removed(
    client, login, business_manager, partnership, submission
):
    login(business_manager)
    for n in range(2):
        client.post(
            url("question_create", partnership, submission.pk),
            {
                "asked_by": f"Cllr {n}",
                "question": f"Question {n}?",
                "answered_by": "Pat Chair",
                "answer": "An answer.",
            },
        )
    first, second = CommitteeQuestion.objects.order_by("order")
    assert (first.order, second.order) == (1, 2)
    client.post(
        url("question_edit", partnership, submission.pk, second.pk),
        {"asked_by": "Cllr 1", "question": "Changed?", "answered_by": "", "answer": ""},
    )
    second.refresh_from_db()
    assert second.question == "Changed?"
    client.post(url("question_delete", partnership, submission.pk, first.pk))
    assert list(CommitteeQuestion.objects.values_list("question", flat=True)) == ["Changed?"]


def test_a_question_needs_its_text(client, login, business_manager, partnership, submission):
    login(business_manager)
    response = client.post(
        url("question_create", partnership, submission.pk), {"asked_by": "Cllr A", "question": ""}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not CommitteeQuestion.objects.exists()


def test_actions_arising_are_added_and_removed(
    client, login, business_manager, partnership, submission
):
    login(business_manager)
    client.post(
        url("action_create", partnership, submission.pk),
        {
            "description": "Bring the exploitation figures",
            "owner": "BM",
            **date_boxes("due_on", dt.date(2021, 3, 31)),
        },
    )
    action = CommitteeAction.objects.get()
    assert action.due_on == dt.date(2021, 3, 31)
    bad = client.post(url("action_create", partnership, submission.pk), {"description": ""})
    assert bad.status_code == 400
    client.post(url("action_delete", partnership, submission.pk, action.pk))
    assert not CommitteeAction.objects.exists()


def test_cover_report_is_drafted_from_the_records_then_edited(
    client, login, business_manager, partnership, submission
):
    login(business_manager)
    response = client.get(url("cover_report_edit", partnership, submission.pk))
    assert response.status_code == 200
    cover = CoverReport.objects.get()
    assert "April 2019 to March 2020" in cover.report_detail
    assert partnership.name in cover.title
    data = {
        name: getattr(cover, name)
        for name in [
            "title",
            "aim",
            "recommendations",
            "report_detail",
            "financial_information",
            "reducing_inequalities",
            "decide",
            "respond",
            "review",
            "background_papers",
            "author_name",
            "author_title",
            "author_email",
        ]
    }
    data.update(version=cover.version, aim="Our own aim.")
    response = client.post(url("cover_report_edit", partnership, submission.pk), data)
    assert response.status_code == 302
    cover.refresh_from_db()
    assert cover.aim == "Our own aim."
    assert cover.version == 2
    stale = client.post(
        url("cover_report_edit", partnership, submission.pk),
        {**data, "version": 1, "aim": "Older edit."},
    )
    assert "Someone else saved this record" in stale.content.decode()
    cover.refresh_from_db()
    assert cover.aim == "Our own aim."


def test_cover_report_docx_has_the_council_format_headings(
    client, login, business_manager, partnership, submission
):
    login(business_manager)
    response = client.get(url("cover_report_docx", partnership, submission.pk))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in SECTION_HEADINGS:
        assert heading in headings
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "Children's Overview and Scrutiny" in cells


def test_cover_report_pdf_has_the_sections_and_the_edited_text(
    client, login, business_manager, scrutiny_member, partnership, submission
):
    from scrutiny.cover import prefill

    cover = prefill(submission, author_name="Helen Author")
    cover.aim = "A distinctive aim sentence."
    cover.save()
    login(scrutiny_member)
    response = client.get(url("cover_report_pdf", partnership, submission.pk))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for heading in SECTION_HEADINGS:
        assert heading.split(". ")[-1] in text
    assert "A distinctive aim sentence." in text
    assert "Helen Author" in text
    assert "Presented by Pat Chair" in text


def test_financial_information_comes_from_the_budget_records(partnership, submission):
    from evidence.models import BudgetPeriod, Contribution, CostCentre, ExpenditureLine

    period = BudgetPeriod.objects.create(
        partnership=partnership,
        title="2019 to 2020",
        starts_on=dt.date(2019, 4, 1),
        ends_on=dt.date(2020, 3, 31),
    )
    centre = CostCentre.objects.create(partnership=partnership, code="CF1", name="Board")
    for name, kind, amount in [
        ("Council", Organisation.Kind.LOCAL_AUTHORITY, "82442"),
        ("CCG", Organisation.Kind.HEALTH, "68704"),
        ("Police", Organisation.Kind.POLICE, "20611"),
    ]:
        org = make_organisation(partnership=partnership, kind=kind, name=name)
        Contribution.objects.create(
            period=period, organisation=org, cost_centre=centre, amount=Decimal(amount)
        )
    ExpenditureLine.objects.create(
        period=period, name="Salaries", cost_centre=centre, amount=Decimal("135162")
    )
    text = budget_paragraph(submission)
    assert "£171,757" in text
    assert "£135,162" in text
    assert "surplus of £36,595" in text or "surplus of £36,594" in text


def test_cover_report_takes_the_published_reports_summary_but_never_a_drafts(
    partnership, submission
):
    from reports.models import Report, ReportNarrative
    from scrutiny.cover import prefill

    report = Report.objects.create(
        partnership=partnership,
        title="Annual Report 2019-20",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
    )
    ReportNarrative.objects.create(
        report=report, key="executive_summary", body="## Summary\n\n- Partners **met** monthly."
    )
    submission.report = report
    submission.save()
    assert "Partners met monthly." not in prefill(submission).report_detail
    report.status = Report.Status.PUBLISHED
    report.save()
    detail = prefill(submission).report_detail
    assert "Partners met monthly." in detail
    assert "**" not in detail


def _report(partnership, **extra):
    from reports.models import Report

    return Report.objects.create(
        partnership=partnership,
        title="Annual Report 2020-21",
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        **extra,
    )


def test_attaching_a_submission_to_an_unpublished_draft_warns(
    client, login, business_manager, partnership
):
    report = _report(partnership)
    login(business_manager)
    response = client.post(url("submission_create", partnership), {**FORM, "report": report.pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "is not published yet (it is draft)" in page
    assert CommitteeSubmission.objects.get().report == report


def test_attaching_a_published_report_gives_no_warning(
    client, login, business_manager, partnership
):
    report = _report(partnership, status="published")
    login(business_manager)
    response = client.post(
        url("submission_create", partnership), {**FORM, "report": report.pk}, follow=True
    )
    assert "is not published yet" not in response.content.decode()


def test_the_report_page_shows_which_committees_considered_it(
    client, login, business_manager, partnership, submission
):
    report = _report(partnership)
    submission.report = report
    submission.save()
    login(business_manager)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Considered by committees" in page
    assert (
        "Children&#x27;s Overview and Scrutiny</strong>, Testshire County Council, 28 January 2021"
        in page
    )
    assert "RESOLVED: the report be noted." in page


def test_the_submission_form_offers_the_councils_formats_and_the_plain_one(
    client, login, business_manager, partnership
):
    login(business_manager)
    page = client.get(url("submission_create", partnership)).content.decode()
    assert "Plain format" in page and COUNCIL_FORMAT in page
    assert {f.name for f in CoverReportFormat.objects.for_partnership(partnership)} == set(
        COVER_PRESETS
    )


def test_a_plain_format_cover_report_has_only_the_plain_headings(
    client, login, business_manager, partnership, submission
):
    submission.cover_format = None
    submission.save()
    login(business_manager)
    form = client.get(url("cover_report_edit", partnership, submission.pk)).context["form"]
    assert [form.fields[n].label for n in ("aim", "recommendations", "report_detail")] == [
        "1. Purpose of the report",
        "2. Recommendations",
        "3. The report",
    ]
    assert "decide" not in form.fields and "review" not in form.fields
    document = Document(
        io.BytesIO(client.get(url("cover_report_docx", partnership, submission.pk)).content)
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "4. Financial implications" in headings
    assert not any("Decide" in h for h in headings)


def test_a_councils_own_format_is_a_record_chosen_for_its_committee(
    client, login, business_manager, partnership, submission
):
    own = CoverReportFormat.objects.create(
        partnership=partnership,
        name="Bayside Borough Council",
        sections=[["recommendations", "Recommendation"], ["report_detail", "Background"]],
    )
    own.full_clean()
    submission.cover_format = own
    submission.save()
    login(business_manager)
    document = Document(
        io.BytesIO(client.get(url("cover_report_docx", partnership, submission.pk)).content)
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Recommendation" in headings and "2. Background" in headings
    assert not any("Aim" in h for h in headings)
    bad = CoverReportFormat(partnership=partnership, name="Bad", sections=[["nonsense", "X"]])
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_an_action_due_before_the_committee_meeting_that_raised_it_is_refused(
    client, login, business_manager, partnership, submission
):
    login(business_manager)
    response = client.post(
        url("action_create", partnership, submission.pk),
        {
            "description": "Bring the figures",
            "owner": "BM",
            **date_boxes("due_on", dt.date(2021, 1, 27)),  # the meeting was on 28 January 2021
        },
    )
    assert response.status_code == 400
    assert response.context["action_form"].errors["due_on"] == [
        "The due date cannot be before the committee meeting that raised the action "
        "(28 January 2021)"
    ]
    assert not CommitteeAction.objects.exists()


def test_committee_dates_are_the_govuk_date_input_and_year_1_is_refused(
    client, login, business_manager, partnership
):
    login(business_manager)
    page = client.get(url("submission_create", partnership)).content.decode()
    assert 'type="date"' not in page
    assert 'name="meeting_date_0"' in page and 'name="meeting_date_2"' in page
    data = {**FORM, "meeting_date_0": "1", "meeting_date_1": "1", "meeting_date_2": "0001"}
    response = client.post(url("submission_create", partnership), data)
    assert response.context["form"].errors["meeting_date"] == [
        "Meeting date must be on or after 1 January 2000"
    ]
    assert not CommitteeSubmission.objects.exists()
