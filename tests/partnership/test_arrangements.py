"""Published arrangements as versions: sections, a date and the partners' approval; the report
lists what changed between the versions published in its period."""

import datetime as dt

import pytest
from django.urls import reverse

from partnership.arrangements import compare
from partnership.models import ArrangementsApproval, ArrangementsDocument, ArrangementsSection
from reports.assembly import assemble
from reports.document import Table
from tests.reports.helpers import add_lead_partners, make_world, make_wt2023_report


def test_versions_are_compared_section_by_section():
    changes = compare(
        [("Purpose", "Keep children safe."), ("Scrutiny", "An independent chair."), ("Old", "")],
        [
            ("Purpose", "Keep children safe."),
            ("Scrutiny", "An independent scrutineer."),
            ("Education", ""),
        ],
    )
    assert (changes.added, changes.changed, changes.removed) == (
        ["Education"],
        ["Scrutiny"],
        ["Old"],
    )
    assert changes.summary() == "Added: “Education”; changed: “Scrutiny”; removed: “Old”"
    assert not compare([("A", "x")], [("A", " x ")])


@pytest.fixture
def world(partnership):
    return make_world(partnership)


def version(world, label, day, sections):
    document = ArrangementsDocument.objects.create(
        partnership=world.partnership,
        title="Our arrangements",
        version_label=label,
        published_on=day,
    )
    for order, (heading, text) in enumerate(sections):
        ArrangementsSection.objects.create(
            document=document, order=order, heading=heading, text=text
        )
    return document


def test_the_report_lists_the_changes_between_versions_published_in_its_period(world):
    lsps = add_lead_partners(world)
    version(world, "2019", dt.date(2019, 6, 1), [("Purpose", "Safe."), ("Scrutiny", "A chair.")])
    new = version(
        world,
        "2024",
        dt.date(2024, 12, 1),
        [
            ("Purpose", "Safe."),
            ("Scrutiny", "A scrutineer."),
            ("Education", "Schools at the table."),
        ],
    )
    for key in ("la", "police"):
        new.approve(role=lsps[key].people.get().roles.get())
    section = assemble(make_wt2023_report(world)).section("arrangements_updates")
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows == [
        [
            "2024",
            "1 December 2024",
            "Since version 2019: Added: “Education”; changed: “Scrutiny”",
            "Cara Chief Executive, lead safeguarding partner for Testshire County Council; "
            "Colin Constable, lead safeguarding partner for Testshire Police",
        ]
    ]
    assert any(e.requirement == "arrangements" for e in section.evidence)


def test_under_wt2023_only_the_leads_approve_a_version(login, world):
    lsps = add_lead_partners(world)
    document = version(world, "2024", dt.date(2024, 12, 1), [("Purpose", "Safe.")])
    url = reverse("partnership:arrangements_approve", args=[world.partnership.slug, document.pk])
    response = login(world.leads["la"]).post(url, follow=True)
    assert "your lead safeguarding partner must sign" in response.content.decode()
    assert not ArrangementsApproval.objects.exists()
    login(lsps["la"]).post(url)
    approval = ArrangementsApproval.objects.get()
    assert (approval.organisation, approval.capacity) == (world.la, "lead_partner")
    assert login(world.bm).post(url).status_code == 403
    assert ArrangementsApproval.objects.count() == 1


def test_under_wt2018_the_delegate_approves_for_their_partner(login, world):
    document = version(world, "2019", dt.date(2019, 6, 1), [("Purpose", "Safe.")])
    url = reverse("partnership:arrangements_approve", args=[world.partnership.slug, document.pk])
    login(world.leads["health"]).post(url)
    assert ArrangementsApproval.objects.get().organisation == world.health


def test_the_business_manager_adds_a_section_and_a_repeated_heading_is_refused(login, world):
    document = version(world, "2019", dt.date(2019, 6, 1), [("Purpose", "Safe.")])
    url = reverse(
        "partnership:arrangements_section_add", args=[world.partnership.slug, document.pk]
    )
    client = login(world.bm)
    response = client.post(url, {"heading": "Purpose", "text": "Again.", "order": "2"})
    assert response.status_code == 200
    assert "already has a section with this heading" in response.content.decode()
    assert (
        client.post(url, {"heading": "Scrutiny", "text": "A chair.", "order": "2"}).status_code
        == 302
    )
    assert list(document.sections.values_list("heading", flat=True)) == ["Purpose", "Scrutiny"]
    assert (
        "Scrutiny"
        in client.get(
            reverse("partnership:arrangements", args=[world.partnership.slug])
        ).content.decode()
    )
