"""What the independent chair approves is a version: frozen, signed as it is, approved again
when the records change; nothing changes a signed-off or published report; dates are entered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evidence.models import ActivityEntry
from reports import services
from reports.approval import approved_document, changes_since_approval
from reports.assembly import assemble
from reports.document import checksum, document_data, document_from_data
from reports.models import DistributionTask, Report, ReportEvent, ReportNarrative, SignOff
from tests.reports.helpers import add_evidence, add_reviews, date_data, make_world

SIGNED = dt.date(2020, 10, 20)


@pytest.fixture
def world(partnership):
    w = make_world(partnership)
    add_evidence(w)
    return w


def url(world, name, *extra):
    return reverse(f"reports:{name}", args=[world.partnership.slug, world.report.pk, *extra])


def approved(world):
    world.report.submit(by=world.bm)
    world.report.approve(by=world.chair)
    return world.report


def sign_all(world, on=SIGNED):
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        world.report.sign_off(
            person=world.leads[key].people.get(), organisation=org, by=world.leads[key], on=on
        )


def late_entry(world, text="A late entry about the neglect toolkit."):
    return ActivityEntry.objects.create(
        subgroup=world.group, date=dt.date(2020, 6, 1), heading="progress", text=text
    )


def texts(document):
    return " ".join(t for _where, t in document.texts())


# --- the frozen document ------------------------------------------------------------
def test_a_document_survives_freezing_unchanged(world):
    add_reviews(world)
    document = assemble(world.report)
    data = document_data(document)
    again = document_from_data(data)
    assert again == document
    assert checksum(document_data(again)) == checksum(data)


def test_an_activity_entry_added_after_approval_is_not_in_the_approved_report(login, world):
    report = approved(world)
    version = report.versions.get()
    late_entry(world)
    assert "A late entry" in texts(assemble(report))  # the records have it...
    assert "A late entry" not in texts(approved_document(report))  # ...the approval does not
    page = login(world.leads["la"]).get(report.get_absolute_url()).content.decode()
    assert "Records changed since approval" in page
    assert "Changed: The sub-groups" in page or "Changed: Quality Group" in page
    assert "A late entry" not in page
    assert version.sha256 in page
    report.versions.get().refresh_from_db()
    assert report.versions.get().sha256 == version.sha256 == checksum(version.document)


def test_the_chair_approves_again_and_the_leads_sign_the_new_version_afresh(login, world):
    report = approved(world)
    world.report.sign_off(
        person=world.leads["la"].people.get(),
        organisation=world.la,
        by=world.leads["la"],
        on=SIGNED,
    )
    late_entry(world)
    assert changes_since_approval(report)
    assert login(world.leads["la"]).post(url(world, "report_reapprove")).status_code == 403
    response = login(world.chair).post(url(world, "report_reapprove"))
    assert response.status_code == 302
    report.refresh_from_db()
    first, second = report.versions.order_by("number")
    assert second.number == 2 and second.sha256 != first.sha256
    assert "A late entry" in texts(approved_document(report))
    assert "A late entry" not in texts(document_from_data(first.document))
    assert not report.signoffs.exists() and report.status == Report.Status.APPROVED
    assert report.events.filter(kind=ReportEvent.Kind.REAPPROVED).exists()
    assert not changes_since_approval(report)


def test_approving_again_without_a_change_is_refused(world):
    report = approved(world)
    with pytest.raises(ValidationError, match="not changed since approval"):
        report.reapprove(by=world.chair)
    assert report.versions.count() == 1


def test_a_lead_who_read_an_earlier_version_cannot_sign_the_new_one(login, world):
    report = approved(world)
    first = report.versions.get()
    late_entry(world)
    report.reapprove(by=world.chair)
    response = login(world.leads["la"]).post(
        url(world, "report_sign_off"), {"version": first.pk, **date_data("signed_on", SIGNED)}
    )
    assert response.status_code == 400
    assert "approved a newer version" in response.content.decode()
    assert not SignOff.objects.exists()


def test_each_sign_off_shows_the_checksum_of_the_version_signed(login, world):
    report = approved(world)
    version = report.versions.get()
    response = login(world.leads["health"]).post(
        url(world, "report_sign_off"), {"version": version.pk, **date_data("signed_on", SIGNED)}
    )
    assert response.status_code == 302
    signoff = SignOff.objects.get()
    assert signoff.version == version and signoff.signed_on == SIGNED
    page = login(world.chair).get(report.get_absolute_url()).content.decode()
    assert f'on 20 October 2020: version 1, checksum <span class="app-hash">{version.sha256}' in (
        page
    )


def test_publishing_publishes_the_signed_version_not_the_records_now(world):
    report = approved(world)
    sign_all(world)
    late_entry(world)
    report.refresh_from_db()
    published = services.publish(report, by=world.bm, on=dt.date(2020, 11, 2))
    assert "A late entry" not in published.html
    assert published.version == report.versions.get()
    assert published.published_on == dt.date(2020, 11, 2)
    assert (
        "Lara Council, delegated safeguarding partner for Testshire County Council, 20 October 2020"
        in published.html
    )


def test_an_approved_version_never_changes(world):
    version = approved(world).versions.get()
    version.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        version.save()


# --- nothing changes a signed-off or published report --------------------------------
@pytest.fixture
def staff_bm(world):
    world.bm.is_staff = True
    world.bm.save()
    return world.bm


def test_the_admin_cannot_change_a_published_reports_narrative(login, world, staff_bm):
    ReportNarrative.objects.create(report=world.report, key="foreword", body="As signed.")
    approved(world)
    sign_all(world)
    world.report.refresh_from_db()
    services.publish(world.report, by=world.bm, on=dt.date(2020, 11, 2))
    narrative = ReportNarrative.objects.get()
    client = login(staff_bm)
    change = reverse("admin:reports_report_change", args=[world.report.pk])
    page = client.get(change).content.decode()
    assert 'name="narratives-0-body"' not in page  # shown read-only
    response = client.post(
        change,
        {
            "title": "Changed",
            "narratives-TOTAL_FORMS": "1",
            "narratives-INITIAL_FORMS": "1",
            "narratives-0-id": narrative.pk,
            "narratives-0-report": world.report.pk,
            "narratives-0-key": "foreword",
            "narratives-0-body": "Rewritten after publication.",
        },
    )
    assert response.status_code == 403
    narrative.refresh_from_db()
    assert narrative.body == "As signed."
    assert Report.objects.get(pk=world.report.pk).title == "Annual report 2019 to 2020"


def test_no_route_changes_the_text_of_an_approved_report(world):
    narrative = ReportNarrative.objects.create(report=world.report, key="foreword", body="As read.")
    approved(world)
    narrative = ReportNarrative.objects.get(pk=narrative.pk)
    narrative.body = "Changed behind the chair's back."
    with pytest.raises(ValidationError, match="approved"):
        narrative.save()
    assert ReportNarrative.objects.get(pk=narrative.pk).body == "As read."


def test_the_published_reports_history_page_opens(login, world):
    approved(world)
    sign_all(world)
    world.report.refresh_from_db()
    published = services.publish(world.report, by=world.bm, on=dt.date(2020, 11, 2))
    response = login(world.bm).get(
        reverse(
            "partnership:record_history",
            args=[world.partnership.slug, "reports", "publishedreport", published.pk],
        )
    )
    assert response.status_code == 200
    assert "2 November 2020" in response.content.decode()


# --- dates are entered --------------------------------------------------------------
def test_a_sign_off_dated_in_the_future_is_refused_next_to_the_field(login, world):
    report = approved(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(world.leads["la"]).post(
        url(world, "report_sign_off"),
        {"version": report.versions.get().pk, **date_data("signed_on", tomorrow)},
    )
    assert response.status_code == 400
    assert "Date signed must be today or in the past" in response.content.decode()
    assert not SignOff.objects.exists()
    with pytest.raises(ValidationError):
        report.sign_off(
            person=world.leads["la"].people.get(),
            organisation=world.la,
            by=world.leads["la"],
            on=tomorrow,
        )


def test_the_business_manager_publishes_with_a_back_dated_day_and_distribution_follows(
    login, world
):
    approved(world)
    sign_all(world)
    client = login(world.bm)
    response = client.post(url(world, "report_publish"), date_data("published_on", SIGNED))
    assert response.status_code == 302
    published = Report.objects.get(pk=world.report.pk).publication
    assert published.published_on == SIGNED
    assert {t.due_on for t in published.distribution_tasks.all()} == {dt.date(2020, 10, 27)}
    event = world.report.events.get(kind=ReportEvent.Kind.PUBLISHED)
    assert event.on == SIGNED and event.by == world.bm and event.at.date() == timezone.now().date()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "published 20 October 2020" in page

    task = published.distribution_tasks.get(recipient=DistributionTask.Recipient.PANEL)
    sent = url(world, "distribution_sent", task.pk)
    before = client.post(sent, date_data("sent_on", dt.date(2020, 10, 1)))
    assert before.status_code == 400
    assert "before the report was published" in before.content.decode()
    assert client.post(sent, date_data("sent_on", dt.date(2020, 10, 23))).status_code == 302
    task.refresh_from_db()
    assert task.sent_on == dt.date(2020, 10, 23) and not task.is_overdue()


def test_publication_before_the_last_sign_off_or_in_the_future_is_refused(login, world):
    approved(world)
    sign_all(world)
    client = login(world.bm)
    early = client.post(
        url(world, "report_publish"), date_data("published_on", dt.date(2020, 10, 1))
    )
    assert early.status_code == 400
    assert "before the last sign-off" in early.content.decode()
    later = timezone.localdate() + dt.timedelta(days=3)
    future = client.post(url(world, "report_publish"), date_data("published_on", later))
    assert future.status_code == 400
    assert "Date of publication must be today or in the past" in future.content.decode()
    assert Report.objects.get(pk=world.report.pk).status == Report.Status.SIGNED_OFF


def test_an_earlier_years_actions_are_counted_as_they_stood_at_its_end(world):
    from tests.factories import make_action

    owner = world.leads["la"].people.get()
    common = {"partnership": world.partnership, "owner": owner, "subgroup": world.group}
    make_action(
        **common,
        created_on=dt.date(2020, 1, 10),
        status="completed",
        completed_on=dt.date(2020, 5, 1),
    )
    make_action(
        **common,
        created_on=dt.date(2020, 1, 10),
        status="completed",
        completed_on=dt.date(2021, 2, 1),
    )  # done, but after the year
    make_action(**common, created_on=dt.date(2020, 2, 10))  # still not done today
    facts = {
        f.label: f
        for b in assemble(world.report).section("subgroup:quality").blocks
        if b.kind == "facts"
        for f in b.items
    }
    agreed = facts["Actions agreed in the period"]
    assert agreed.value == "3"
    assert agreed.detail == "1 completed and 2 still open on 30 September 2020"
