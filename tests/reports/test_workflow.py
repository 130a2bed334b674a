"""The report's life: draft → submitted → changes requested/approved → signed off → published."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Report, ReportEvent, ReportNarrative, SignOff
from tests.factories import date_boxes
from tests.reports.helpers import date_data, make_world

TODAY = date_data("published_on", dt.date.today())


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def url(world, name, *extra):
    return reverse(f"reports:{name}", args=[world.partnership.slug, world.report.pk, *extra])


def refresh(report):
    report.refresh_from_db()
    return report


def sign_all(world):
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        person = world.leads[key].people.get()
        world.report.sign_off(person=person, organisation=org, by=world.leads[key])


def to_approved(world):
    world.report.submit(by=world.bm)
    world.report.approve(by=world.chair)


# --- the model's moves ---------------------------------------------------------------
def test_a_new_report_is_a_draft_and_can_be_edited(world):
    assert world.report.status == Report.Status.DRAFT
    world.report.check_editable()


def test_submitting_moves_a_draft_to_submitted_and_records_who(world):
    world.report.submit(by=world.bm)
    assert refresh(world.report).status == Report.Status.SUBMITTED
    assert world.report.events.get(kind=ReportEvent.Kind.SUBMITTED).by == world.bm


def test_a_submitted_report_cannot_be_edited(world):
    world.report.submit(by=world.bm)
    with pytest.raises(ValidationError, match="can be edited only"):
        world.report.check_editable()


def test_a_draft_cannot_be_approved_before_it_is_submitted(world):
    with pytest.raises(ValidationError, match="draft cannot be moved to approved"):
        world.report.approve(by=world.chair)
    assert refresh(world.report).status == Report.Status.DRAFT


def test_asking_for_changes_needs_a_note(world):
    world.report.submit(by=world.bm)
    with pytest.raises(ValidationError):
        world.report.request_changes(by=world.chair, note="  ")
    assert refresh(world.report).status == Report.Status.SUBMITTED


def test_changes_requested_reopens_the_report_for_editing_and_it_can_be_resubmitted(world):
    world.report.submit(by=world.bm)
    world.report.request_changes(by=world.chair, note="Say more about impact.")
    world.report.check_editable()
    world.report.submit(by=world.bm)
    assert refresh(world.report).status == Report.Status.SUBMITTED


def test_partners_cannot_sign_before_the_chair_approves(world):
    world.report.submit(by=world.bm)
    with pytest.raises(ValidationError, match="after the independent chair has approved"):
        world.report.sign_off(
            person=world.leads["la"].people.get(), organisation=world.la, by=world.leads["la"]
        )
    assert not SignOff.objects.exists()


def test_the_report_is_signed_off_only_when_all_three_partners_have_signed(world):
    to_approved(world)
    world.report.sign_off(
        person=world.leads["la"].people.get(), organisation=world.la, by=world.leads["la"]
    )
    world.report.sign_off(
        person=world.leads["health"].people.get(),
        organisation=world.health,
        by=world.leads["health"],
    )
    assert refresh(world.report).status == Report.Status.APPROVED
    world.report.sign_off(
        person=world.leads["police"].people.get(),
        organisation=world.police,
        by=world.leads["police"],
    )
    assert refresh(world.report).status == Report.Status.SIGNED_OFF


def test_a_partner_cannot_sign_twice(world):
    to_approved(world)
    lead = world.leads["la"]
    world.report.sign_off(person=lead.people.get(), organisation=world.la, by=lead)
    with pytest.raises(ValidationError, match="already signed"):
        world.report.sign_off(person=lead.people.get(), organisation=world.la, by=lead)


def test_a_relevant_agency_cannot_sign_off(world):
    to_approved(world)
    with pytest.raises(ValidationError, match="statutory partner"):
        world.report.sign_off(
            person=world.leads["la"].people.get(), organisation=world.agency, by=world.bm
        )


def test_asking_for_changes_after_approval_withdraws_the_signatures(world):
    to_approved(world)
    world.report.sign_off(
        person=world.leads["la"].people.get(), organisation=world.la, by=world.leads["la"]
    )
    world.report.request_changes(by=world.chair, note="A late correction.")
    assert not world.report.signoffs.exists()


def test_a_period_over_twelve_months_is_allowed_with_a_warning(partnership):
    import datetime as dt

    report = Report.objects.create(
        partnership=partnership,
        title="First report",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 9, 30),
    )
    assert report.months == 18
    assert report.is_transitional
    assert "18 months" in report.period_warning()


def test_a_twelve_month_period_is_not_transitional(world):
    assert world.report.months == 12
    assert not world.report.is_transitional
    assert world.report.period_warning() == ""


# --- the pages: roles, order, and the new state ---------------------------------------
def test_anonymous_users_are_sent_to_sign_in(client, world):
    response = client.get(url(world, "report_detail"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_someone_from_another_partnership_gets_404(login, world, outsider):
    assert login(outsider).get(url(world, "report_detail")).status_code == 404


def test_a_subgroup_chair_cannot_read_the_draft(login, world, chair):
    assert login(chair).get(url(world, "report_detail")).status_code == 403


def test_the_business_manager_opens_a_report_and_is_warned_about_a_long_period(login, world):
    client = login(world.bm)
    response = client.post(
        reverse("reports:report_create", args=[world.partnership.slug]),
        {
            "title": "Transitional report",
            **date_boxes("period_start", dt.date(2019, 4, 1)),
            **date_boxes("period_end", dt.date(2020, 9, 30)),
        },
        follow=True,
    )
    report = Report.objects.get(title="Transitional report")
    assert report.status == Report.Status.DRAFT
    assert "covers 18 months" in response.content.decode()


def test_opening_a_report_with_the_end_before_the_start_shows_an_error(login, world):
    response = login(world.bm).post(
        reverse("reports:report_create", args=[world.partnership.slug]),
        {
            "title": "Backwards",
            **date_boxes("period_start", dt.date(2020, 4, 1)),
            **date_boxes("period_end", dt.date(2019, 4, 1)),
        },
    )
    assert response.status_code == 200
    assert "The last day must be after the first day" in response.content.decode()
    assert not Report.objects.filter(title="Backwards").exists()


def test_the_chair_cannot_open_a_report(login, world):
    response = login(world.chair).post(
        reverse("reports:report_create", args=[world.partnership.slug]),
        {
            "title": "Nope",
            **date_boxes("period_start", dt.date(2019, 4, 1)),
            **date_boxes("period_end", dt.date(2020, 3, 31)),
        },
    )
    assert response.status_code == 403
    assert not Report.objects.filter(title="Nope").exists()


def test_the_business_manager_writes_the_foreword_in_markdown(login, world):
    client = login(world.bm)
    response = client.post(
        url(world, "narrative_edit", "foreword"),
        {
            "body": "A **strong** year.\n\n<script>alert(1)</script>",
            "signed_as": "Ian Chair",
            "version": "",
        },
    )
    assert response.status_code == 302
    narrative = ReportNarrative.objects.get(report=world.report, key="foreword")
    page = client.get(url(world, "report_detail")).content.decode()
    assert "<strong>strong</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert narrative.version == 1


def test_an_edit_from_an_old_version_of_the_text_is_refused(login, world):
    client = login(world.bm)
    ReportNarrative.objects.create(report=world.report, key="conclusion", body="First", version=2)
    response = client.post(
        url(world, "narrative_edit", "conclusion"), {"body": "Second", "version": "1"}
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert ReportNarrative.objects.get(report=world.report, key="conclusion").body == "First"


def test_the_text_cannot_be_edited_once_the_report_is_submitted(login, world):
    world.report.submit(by=world.bm)
    response = login(world.bm).post(
        url(world, "narrative_edit", "foreword"), {"body": "Late"}, follow=True
    )
    assert "can be edited only" in response.content.decode()
    assert not ReportNarrative.objects.filter(report=world.report).exists()


def test_only_the_business_manager_submits(login, world):
    assert login(world.chair).post(url(world, "report_submit")).status_code == 403
    assert refresh(world.report).status == Report.Status.DRAFT


def test_the_business_manager_submits_the_draft(login, world):
    response = login(world.bm).post(url(world, "report_submit"))
    assert response.status_code == 302
    assert refresh(world.report).status == Report.Status.SUBMITTED


def test_submitting_twice_shows_why_it_cannot_move(login, world):
    client = login(world.bm)
    client.post(url(world, "report_submit"))
    response = client.post(url(world, "report_submit"))
    assert response.status_code == 400
    assert "submitted for review cannot be moved to submitted" in response.content.decode()


def test_the_chair_comments_on_a_section_and_asks_for_changes(login, world):
    world.report.submit(by=world.bm)
    client = login(world.chair)
    client.post(url(world, "comment_add"), {"section": "introduction", "text": "Name the leads."})
    comment = world.report.comments.get()
    assert comment.section_key == "introduction" and comment.section_title == "Introduction"
    response = client.post(
        url(world, "report_decide"), {"decision": "changes", "note": "See comments."}
    )
    assert response.status_code == 302
    assert refresh(world.report).status == Report.Status.CHANGES_REQUESTED


def test_asking_for_changes_without_saying_what_is_refused_next_to_the_field(login, world):
    world.report.submit(by=world.bm)
    response = login(world.chair).post(
        url(world, "report_decide"), {"decision": "changes", "note": ""}
    )
    assert response.status_code == 400
    assert "Say what needs to change" in response.content.decode()
    assert refresh(world.report).status == Report.Status.SUBMITTED


def test_a_partner_lead_cannot_approve(login, world):
    world.report.submit(by=world.bm)
    response = login(world.leads["la"]).post(url(world, "report_decide"), {"decision": "approve"})
    assert response.status_code == 403
    assert refresh(world.report).status == Report.Status.SUBMITTED


def test_the_chair_approves_and_each_lead_signs_off_in_the_browser(login, world, client):
    world.report.submit(by=world.bm)
    assert (
        login(world.chair).post(url(world, "report_decide"), {"decision": "approve"}).status_code
        == 302
    )
    version = world.report.versions.get()
    for key in ("la", "health", "police"):
        client.logout()
        response = login(world.leads[key]).post(
            url(world, "report_sign_off"),
            {"version": version.pk, **date_data("signed_on", dt.date(2020, 10, 12))},
        )
        assert response.status_code == 302
    assert refresh(world.report).status == Report.Status.SIGNED_OFF
    assert world.report.signoffs.count() == 3
    assert {(s.signed_on, s.version) for s in world.report.signoffs.all()} == {
        (dt.date(2020, 10, 12), version)
    }


def test_the_business_manager_cannot_sign_for_a_partner(login, world):
    to_approved(world)
    assert login(world.bm).post(url(world, "report_sign_off")).status_code == 403
    assert not world.report.signoffs.exists()


def test_publishing_before_sign_off_is_refused_with_a_message(login, world):
    world.report.submit(by=world.bm)
    response = login(world.bm).post(url(world, "report_publish"), TODAY)
    assert response.status_code == 400
    assert "signed off by all three" in response.content.decode()
    assert refresh(world.report).status == Report.Status.SUBMITTED


def test_only_the_business_manager_publishes(login, world):
    to_approved(world)
    sign_all(world)
    assert login(world.leads["la"]).post(url(world, "report_publish"), TODAY).status_code == 403
    assert refresh(world.report).status == Report.Status.SIGNED_OFF


def test_the_text_cannot_be_edited_after_publication(login, world):
    to_approved(world)
    sign_all(world)
    client = login(world.bm)
    assert client.post(url(world, "report_publish"), TODAY).status_code == 302
    response = client.post(
        url(world, "narrative_edit", "foreword"), {"body": "Changed"}, follow=True
    )
    assert "published and cannot change" in response.content.decode()
    assert not ReportNarrative.objects.filter(report=world.report).exists()
