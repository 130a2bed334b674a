"""The statutory rules around the report: the 12-month cadence (gaps and overlaps warned
about, the dashboard's reminder), small case-review counts suppressed, and the public
accessibility statement."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership import versions
from reports import services
from reports.assembly import assemble
from reports.models import PublishedReport, Report, add_months
from tests.reports.helpers import add_reviews, make_world


@pytest.fixture
def world(partnership):
    return make_world(partnership)  # its report covers 1 October 2019 to 30 September 2020


def new_report(login, world, start, end):
    report = services.open_report(
        partnership=world.partnership,
        title="Next report",
        period_start=start,
        period_end=end,
        by=world.bm,
    )
    return login(world.bm).get(report.get_absolute_url())


def test_a_period_leaving_a_gap_after_the_previous_report_is_opened_with_a_warning(login, world):
    page = new_report(login, world, dt.date(2020, 11, 1), dt.date(2021, 10, 31)).content.decode()
    assert Report.objects.filter(title="Next report").exists()
    assert "leaves a gap of 31 days after the previous report" in page
    assert "1 October 2020 to 31 October 2020 would be in no report" in page


def test_an_overlapping_period_is_opened_with_a_warning(login, world):
    page = new_report(login, world, dt.date(2020, 4, 1), dt.date(2021, 3, 31)).content.decode()
    assert Report.objects.filter(title="Next report").exists()
    assert "overlaps the previous report (1 October 2019 to 30 September 2020)" in page
    assert "1 April 2020 to 30 September 2020 would be reported twice" in page


def test_a_period_that_follows_on_says_nothing_about_cadence(login, world):
    page = new_report(login, world, dt.date(2020, 10, 1), dt.date(2021, 9, 30)).content.decode()
    assert "gap" not in page and "overlaps" not in page


def _published(world, on):
    return PublishedReport.objects.create(
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
        published_on=on,
    )


def test_the_dashboard_warns_as_twelve_months_since_publication_draw_near(login, world):
    dashboard = reverse("partnership:dashboard", args=[world.partnership.slug])
    today = timezone.localdate()
    published = _published(world, add_months(today, -11))
    page = login(world.bm).get(dashboard).content.decode()
    due = add_months(published.published_on, 12)
    assert f"The next is due by {due.day} {due:%B %Y}" in page


def test_the_dashboard_says_nothing_soon_after_publication_and_warns_when_overdue(
    login, world, client
):
    dashboard = reverse("partnership:dashboard", args=[world.partnership.slug])
    published = _published(world, timezone.localdate() - dt.timedelta(days=30))
    assert 'id="report-due"' not in login(world.bm).get(dashboard).content.decode()
    PublishedReport.objects.filter(pk=published.pk).update(
        published_on=timezone.localdate() - dt.timedelta(days=400)
    )
    versions.bump(world.partnership)  # an update() sends no signal to move the page cache
    client.logout()
    assert "more than 12 months have passed" in login(world.bm).get(dashboard).content.decode()


def test_small_case_review_counts_are_published_as_fewer_than_five(world):
    add_reviews(world, n=2)
    document = assemble(world.report)
    facts = {
        f.label: f.value
        for b in document.section("case_reviews").blocks
        if b.kind == "facts"
        for f in b.items
    }
    assert facts["Rapid reviews completed"] == "fewer than 5"
    assert facts["Serious incidents notified to the national Panel"] == "fewer than 5"
    published = " ".join(t for _w, t in document.for_publication().texts())
    assert "completed fewer than 5 rapid reviews" in published
    assert "completed 2 rapid reviews" not in published
    # The business manager still sees the real counts in the draft, in an editor's note.
    notes = document.section("case_reviews").notes
    assert any("Rapid reviews completed: 2" in n for n in notes)


def test_five_or_more_case_reviews_are_published_as_counted(world):
    add_reviews(world, n=5)
    facts = {
        f.label: f.value
        for b in assemble(world.report).section("case_reviews").blocks
        if b.kind == "facts"
        for f in b.items
    }
    assert facts["Rapid reviews completed"] == "5"


def test_the_accessibility_statement_is_public_and_linked_from_every_page(client, world):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Accessibility statement</h1>' in page
    assert "Public Sector Bodies (Websites and Mobile Applications)" in page
    link = 'href="/accessibility/">Accessibility statement</a>'
    assert link in client.get(reverse("login")).content.decode()
    public = reverse("reports:published_list", args=[world.partnership.slug])
    assert link in client.get(public).content.decode()
