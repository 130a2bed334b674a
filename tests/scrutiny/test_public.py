"""Published reports for the public, without signing in."""

from django.urls import reverse

from tests.scrutiny.helpers import make_published_report


def test_public_list_shows_only_partnerships_with_published_reports(
    client, partnership, other_partnership
):
    make_published_report(partnership=partnership)
    response = client.get(reverse("scrutiny:public_index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert partnership.name in body
    assert other_partnership.name not in body


def test_public_partnership_page_links_to_the_report_html_and_pdf(client, partnership):
    published = make_published_report(partnership=partnership)
    response = client.get(reverse("scrutiny:public_partnership", args=[partnership.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert published.get_absolute_url() in body
    assert published.get_pdf_url() in body
    html = client.get(published.get_absolute_url())
    assert html.status_code == 200
    assert "The partnership worked on neglect." in html.content.decode()
    assert client.get(published.get_pdf_url()).status_code == 200


def test_partnership_without_reports_says_so(client, partnership):
    response = client.get(reverse("scrutiny:public_partnership", args=[partnership.slug]))
    assert "has not published a report here yet" in response.content.decode()


def test_unknown_partnership_is_not_found(client, db):
    response = client.get(reverse("scrutiny:public_partnership", args=["nowhere"]))
    assert response.status_code == 404


def test_public_pages_show_no_draft_reports(client, partnership):
    import datetime as dt

    from reports.models import Report

    Report.objects.create(
        partnership=partnership,
        title="Draft report in progress",
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
    )
    body = client.get(reverse("scrutiny:public_partnership", args=[partnership.slug])).content
    assert b"Draft report in progress" not in body
