"""Publishing: refusals, the frozen copy with its hashes, distribution tasks, public pages,
new versions."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.assembly import assemble
from reports.models import DistributionTask, PublishedReport, Report, ReportNarrative
from tests.reports.helpers import add_evidence, add_reviews, date_data, make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def signed_off(world, on=dt.date(2020, 10, 20)):
    report = world.report
    report.submit(by=world.bm)
    report.approve(by=world.chair)
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        report.sign_off(
            person=world.leads[key].people.get(), organisation=org, by=world.leads[key], on=on
        )
    return report


def test_text_with_a_childs_identifying_details_is_refused(world):
    # Written before the case was recorded (saving it afterwards is refused at once).
    ReportNarrative.objects.create(
        report=world.report, key="foreword", body="We remember Zebedee Quartermain and his family."
    )
    add_reviews(world)
    report = signed_off(world)
    with pytest.raises(ValidationError) as refused:
        services.publish(report, by=world.bm)
    message = " ".join(refused.value.messages)
    assert "identifying details" in message and "1. Foreword" in message
    assert not PublishedReport.objects.exists()
    assert Report.objects.get(pk=report.pk).status == Report.Status.SIGNED_OFF


def test_a_figure_under_five_about_families_is_refused(world):
    from evidence.models import FeedbackExercise

    FeedbackExercise.objects.create(
        partnership=world.partnership,
        title="Fathers' survey",
        method="online_survey",
        started_on=dt.date(2020, 2, 1),
        respondents=3,
    )
    report = signed_off(world)
    with pytest.raises(ValidationError, match="Respondents to Fathers' survey"):
        services.publish(report, by=world.bm)
    assert not PublishedReport.objects.exists()


def test_publishing_freezes_the_output_and_later_edits_never_change_it(world, client):
    add_evidence(world)
    report = signed_off(world)
    published = services.publish(report, by=world.bm, on=dt.date(2020, 11, 2))
    html, pdf, digest = published.html, bytes(published.pdf), published.pdf_sha256
    assert digest == hashlib.sha256(pdf).hexdigest()
    assert published.html_sha256 == hashlib.sha256(html.encode()).hexdigest()
    assert "Quality Group" in html and pdf.startswith(b"%PDF")

    # The records change afterwards...
    world.group.name = "Renamed Quality Group"
    world.group.save()
    from evidence.models import ActivityEntry

    ActivityEntry.objects.update(text="Rewritten later")
    # ...the published copy does not.
    again = PublishedReport.objects.get(pk=published.pk)
    assert again.html == html and bytes(again.pdf) == pdf and again.pdf_sha256 == digest
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Renamed Quality Group" not in page and "Quality Group" in page
    assert client.get(published.get_pdf_url()).content == pdf
    with pytest.raises(ValidationError):
        again.save()

    tasks = list(published.distribution_tasks.order_by("recipient"))
    assert [(t.recipient, t.due_on, t.status) for t in tasks] == [
        (DistributionTask.Recipient.PANEL, dt.date(2020, 11, 9), "pending"),
        (DistributionTask.Recipient.WHAT_WORKS, dt.date(2020, 11, 9), "pending"),
    ]

    # A new version is made from the updated draft; the first stays as it was.
    draft = services.new_version(Report.objects.get(pk=report.pk), by=world.bm)
    assert draft.edition == 2 and draft.status == Report.Status.DRAFT
    assert "Renamed Quality Group" in " ".join(t for _w, t in assemble(draft).texts())
    with pytest.raises(ValidationError, match="already in progress"):
        services.new_version(Report.objects.get(pk=report.pk), by=world.bm)


def test_the_public_can_read_published_reports_without_signing_in_but_not_drafts(world, client):
    published = PublishedReport.objects.create(
        report=world.report,
        partnership=world.partnership,
        title="Published title",
        period_start=world.report.period_start,
        period_end=world.report.period_end,
        edition=1,
        html="<p>Frozen body</p>",
        pdf=b"%PDF-frozen",
        html_sha256="a" * 64,
        pdf_sha256="b" * 64,
    )
    listing = client.get(reverse("reports:published_list", args=[world.partnership.slug]))
    assert listing.status_code == 200 and "Published title" in listing.content.decode()
    page = client.get(published.get_absolute_url())
    assert page.status_code == 200 and "Frozen body" in page.content.decode()
    assert client.get(published.get_pdf_url()).content == b"%PDF-frozen"
    draft_page = client.get(
        reverse("reports:report_detail", args=[world.partnership.slug, world.report.pk])
    )
    assert draft_page.status_code == 302  # to sign in
    wrong = reverse("reports:published_html", args=["elsewhere", published.pk])
    assert client.get(wrong).status_code == 404


def test_the_business_manager_records_a_distribution_as_sent(login, world):
    published = PublishedReport.objects.create(
        report=world.report,
        partnership=world.partnership,
        title="T",
        period_start=world.report.period_start,
        period_end=world.report.period_end,
        edition=1,
        html="",
        pdf=b"",
        html_sha256="",
        pdf_sha256="",
        published_on=dt.date(2020, 11, 2),
    )
    Report.objects.filter(pk=world.report.pk).update(status=Report.Status.PUBLISHED)
    task = DistributionTask.objects.create(
        published=published, recipient="panel", due_on=dt.date(2020, 11, 9)
    )
    url = reverse(
        "reports:distribution_sent", args=[world.partnership.slug, world.report.pk, task.pk]
    )
    sent = date_data("sent_on", dt.date(2020, 11, 5))
    assert login(world.chair).post(url, sent).status_code == 403
    assert login(world.bm).post(url, sent).status_code == 302
    task.refresh_from_db()
    assert task.status == "sent" and task.sent_on == dt.date(2020, 11, 5)


def test_the_draft_page_warns_before_publishing(login, world):
    ReportNarrative.objects.create(
        report=world.report, key="conclusion", body="Thinking of Zebedee Quartermain."
    )
    add_reviews(world)
    page = (
        login(world.chair)
        .get(reverse("reports:report_detail", args=[world.partnership.slug, world.report.pk]))
        .content.decode()
    )
    assert "Publishing will be refused until these are fixed" in page
    assert "identifying details of a case under review (in: 14. Conclusion)" in page
