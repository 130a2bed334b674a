"""Reports in the admin: listed with period and state; an action assembles a draft and links
to it."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.models import Report, ReportEvent
from tests.factories import make_partnership
from tests.reports.helpers import make_world


@pytest.fixture
def world(partnership):
    w = make_world(partnership)
    w.bm.is_staff = True
    w.bm.save()
    return w


def test_reports_are_listed_with_their_period_and_state_for_their_partnership_only(login, world):
    other = make_partnership(slug="far-away")
    Report.objects.create(
        partnership=other,
        title="Someone else's report",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
    )
    page = login(world.bm).get(reverse("admin:reports_report_changelist")).content.decode()
    assert "Annual report 2019 to 2020" in page
    assert "Oct. 1, 2019" in page or "1 Oct 2019" in page or "1 October 2019" in page
    assert "Draft" in page
    assert "Someone else" not in page


def test_the_admin_action_assembles_a_draft_and_links_to_its_preview(login, world):
    client = login(world.bm)
    response = client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "assemble_drafts", "_selected_action": [world.report.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Assembled from the records" in page
    assert world.report.get_absolute_url() in page
    world.report.refresh_from_db()
    assert world.report.last_assembled_at is not None
    assert world.report.events.filter(kind=ReportEvent.Kind.ASSEMBLED).exists()


def test_the_admin_action_leaves_a_submitted_report_alone(login, world):
    world.report.submit(by=world.bm)
    response = login(world.bm).post(
        reverse("admin:reports_report_changelist"),
        {"action": "assemble_drafts", "_selected_action": [world.report.pk]},
        follow=True,
    )
    assert "can be edited only" in response.content.decode()
    world.report.refresh_from_db()
    assert world.report.last_assembled_at is None
