"""The yearly report from draft to publication, and a member of the public reading it.

The business manager opens and submits the draft; the independent chair asks for a
change, then approves the resubmitted draft; each of the three statutory partner leads
signs it off; the business manager publishes it and opens the PDF; someone without an
account finds it among the published reports and reads it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from partnership.models import Organisation, Role
from reports.models import PublishedReport, Report
from tests.browser.conftest import click_and_wait
from tests.factories import (
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_organisation,
    make_subgroup,
)


@pytest.fixture
def partnership_people(testshire):
    partnership = testshire
    people = {
        "bm": make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER, username="bm"),
        "chair": make_member(
            partnership=partnership, kind=Role.Kind.INDEPENDENT_CHAIR, username="chair"
        ),
    }
    for kind, name, category in [
        (Organisation.Kind.LOCAL_AUTHORITY, "Testshire County Council", "local_authority"),
        (Organisation.Kind.HEALTH, "NHS Testshire Integrated Care Board", "health"),
        (Organisation.Kind.POLICE, "Testshire Police", "police_justice"),
    ]:
        organisation = make_organisation(
            partnership=partnership, kind=kind, name=name, category=category
        )
        people[kind] = make_member(
            partnership=partnership,
            kind=Role.Kind.DELEGATED_PARTNER,
            organisation=organisation,
            username=f"lead-{kind}",
        )
    group = make_subgroup(partnership=partnership, name="Exploitation Group", slug="exploitation")
    meeting = make_meeting(subgroup=group)
    item = make_item(
        meeting=meeting,
        title="County lines",
        minutes="The group reviewed the exploitation dashboard.",
        confidentiality="public",
    )
    make_decision(item=item, text="RESOLVED: the dashboard be shared with schools.")
    return partnership, people


def test_the_report_goes_from_draft_to_published_and_the_public_reads_it(
    page, sign_in, check_page, partnership_people
):
    partnership, people = partnership_people

    # The business manager opens the draft for the year and submits it.
    sign_in(page, people["bm"])
    page.goto("/p/testshire/reports/")
    check_page(page, context="report list")
    page.goto("/p/testshire/reports/new/")
    check_page(page, context="new report form")
    page.get_by_label("Title").fill("Testshire annual report 2019 to 2020")
    for legend, day in (
        ("First day of the period", "1 4 2019"),
        ("Last day of the period", "31 3 2020"),
    ):
        dates = page.get_by_role("group", name=legend)
        for box, value in zip(("Day", "Month", "Year"), day.split(), strict=True):
            dates.get_by_label(box, exact=True).fill(value)
    click_and_wait(page, page.get_by_role("button", name="Open the draft"))
    report = Report.objects.get(partnership=partnership)
    check_page(page, context="draft report")
    click_and_wait(page, page.get_by_role("button", name="Submit for review"))
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED

    # The independent chair asks for a change.
    sign_in(page, people["chair"])
    page.goto(report.get_absolute_url())
    check_page(page, context="submitted report, chair's view")
    page.get_by_label("Ask for changes").check()
    page.get_by_label("Note to the business manager").fill(
        "Say what the exploitation group changed for children, not only what it did."
    )
    click_and_wait(page, page.get_by_role("button", name="Record decision"))
    report.refresh_from_db()
    assert report.status == Report.Status.CHANGES_REQUESTED

    # The business manager resubmits; the chair approves.
    sign_in(page, people["bm"])
    page.goto(report.get_absolute_url())
    assert page.get_by_text("asked for changes").count() >= 1
    click_and_wait(page, page.get_by_role("button", name="Submit for review"))
    sign_in(page, people["chair"])
    page.goto(report.get_absolute_url())
    page.get_by_label("Approve the report").check()
    click_and_wait(page, page.get_by_role("button", name="Record decision"))
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED

    # Each partner's delegated safeguarding partner signs it off (a WT2018 period).
    for kind in (
        Organisation.Kind.LOCAL_AUTHORITY,
        Organisation.Kind.HEALTH,
        Organisation.Kind.POLICE,
    ):
        sign_in(page, people[kind])
        page.goto(report.get_absolute_url())
        check_page(page, context=f"approved report, {kind} lead's view")
        assert page.get_by_text("Checksum (SHA-256)").count() == 1
        click_and_wait(page, page.get_by_role("button", name="Sign off", exact=True))
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF

    # The business manager publishes it and opens the PDF.
    sign_in(page, people["bm"])
    page.goto(report.get_absolute_url())
    click_and_wait(page, page.get_by_role("button", name="Publish the report"))
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    published = PublishedReport.objects.get(partnership=partnership)
    check_page(page, context="published report, business manager's view")
    pdf = page.request.get(published.get_pdf_url())
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # A member of the public finds and reads it without signing in.
    page.context.clear_cookies()
    page.goto("/published/")
    check_page(page, context="public list of partnerships")
    click_and_wait(
        page, page.get_by_role("link", name="Testshire Safeguarding Children Partnership")
    )
    check_page(page, context="public partnership page")
    click_and_wait(
        page, page.get_by_role("link", name="Testshire annual report 2019 to 2020", exact=True)
    )
    check_page(page, context="published report, public view")
    assert page.url.endswith(published.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "Testshire annual report 2019 to 2020" in main and "Exploitation Group" in main
    public_pdf = page.request.get(published.get_pdf_url())
    assert public_pdf.ok and public_pdf.body().startswith(b"%PDF")

    # Every page's footer links to the accessibility statement.
    click_and_wait(page, page.get_by_role("link", name="Accessibility statement"))
    assert page.url.endswith("/accessibility/")
    check_page(page, context="accessibility statement")


def test_the_report_forms_error_summaries_link_to_their_fields(
    page, sign_in, check_page, check_error_summary_links, partnership_people
):
    partnership, people = partnership_people
    sign_in(page, people["bm"])
    page.goto("/p/testshire/reports/new/")
    click_and_wait(page, page.get_by_role("button", name="Open the draft"))
    check_page(page, context="new report form with errors")
    assert set(check_error_summary_links(page, expect_at_least=3)) >= {
        "id_title",
        "id_period_start_0",
        "id_period_end_0",
    }
    assert not Report.objects.exists()

    report = Report.objects.create(
        partnership=partnership,
        title="Testshire annual report",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
        status=Report.Status.SUBMITTED,
    )
    sign_in(page, people["chair"])
    page.goto(report.get_absolute_url())
    click_and_wait(page, page.get_by_role("button", name="Record decision"))
    check_page(page, context="chair's decision with errors")
    check_error_summary_links(page)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
