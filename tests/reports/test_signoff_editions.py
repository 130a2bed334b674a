"""Who signs off follows the edition of Working Together in force on the period end: WT2018
took each partner's lead or delegate; WT2023 takes the three lead safeguarding partners."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.editions import Edition, edition_on
from partnership.models import Partnership
from reports import services
from reports.models import Report, SignOff
from tests.reports.helpers import add_lead_partners, date_data, make_world, make_wt2023_report


@pytest.fixture
def world(partnership):
    return make_world(partnership)


@pytest.fixture
def lsps(world):
    return add_lead_partners(world)


def approved(world, report):
    report.submit(by=world.bm)
    report.approve(by=world.chair)
    return report


def sign_url(report):
    return reverse("reports:report_sign_off", args=[report.partnership.slug, report.pk])


def test_working_together_2023_governs_periods_ending_from_15_december_2023():
    assert edition_on(dt.date(2023, 12, 14)) == Edition.WT2018
    assert edition_on(dt.date(2023, 12, 15)) == Edition.WT2023


def test_a_wt2018_report_is_signed_off_by_each_partners_delegated_lead(world):
    report = approved(world, world.report)
    assert report.working_together == Edition.WT2018
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        user = world.leads[key]
        report.sign_off(person=user.people.get(), organisation=org, by=user)
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF
    assert set(report.signoffs.values_list("capacity", flat=True)) == {"delegated_partner"}


def test_under_wt2018_a_lead_may_sign_instead_of_the_delegate_one_signature_each(world, lsps):
    report = approved(world, world.report)
    report.sign_off(person=lsps["la"].people.get(), organisation=world.la, by=lsps["la"])
    with pytest.raises(ValidationError, match="already signed"):
        report.sign_off(
            person=world.leads["la"].people.get(), organisation=world.la, by=world.leads["la"]
        )
    assert report.signoffs.get().capacity == SignOff.Capacity.LEAD_PARTNER


def test_a_wt2023_report_is_signed_off_only_once_all_three_leads_have_signed(world, lsps):
    report = approved(world, make_wt2023_report(world))
    assert report.working_together == Edition.WT2023
    for org, key in ((world.la, "la"), (world.health, "health")):
        report.sign_off(person=lsps[key].people.get(), organisation=org, by=lsps[key])
        report.refresh_from_db()
        assert report.status == Report.Status.APPROVED
    report.sign_off(
        person=lsps["police"].people.get(), organisation=world.police, by=lsps["police"]
    )
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF
    assert set(report.signoffs.values_list("capacity", flat=True)) == {"lead_partner"}


def test_a_delegate_cannot_sign_a_wt2023_report(world, lsps):
    report = approved(world, make_wt2023_report(world))
    with pytest.raises(ValidationError, match="lead safeguarding partner must sign"):
        report.sign_off(
            person=world.leads["la"].people.get(), organisation=world.la, by=world.leads["la"]
        )
    assert not report.signoffs.exists()


def test_a_delegates_attempt_to_sign_a_wt2023_report_is_refused_with_a_clear_message(
    login, world, lsps
):
    report = approved(world, make_wt2023_report(world))
    response = login(world.leads["police"]).post(sign_url(report))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Working Together 2023" in body
    assert "may prepare it, but your lead safeguarding partner must sign" in body
    assert not report.signoffs.exists()
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED


def test_the_three_leads_sign_a_wt2023_report_in_the_browser(login, client, world, lsps):
    report = approved(world, make_wt2023_report(world))
    page = login(world.leads["la"]).get(report.get_absolute_url()).content.decode()
    assert "may prepare it, but your lead safeguarding partner must sign" in page
    assert "You sign version" not in page
    for key in ("la", "health", "police"):
        client.logout()
        page = login(lsps[key]).get(report.get_absolute_url()).content.decode()
        assert "You sign version" in page
        response = login(lsps[key]).post(
            sign_url(report),
            {"version": report.versions.get().pk, **date_data("signed_on", dt.date.today())},
        )
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF


def test_a_partnership_whose_arrangements_delegate_sign_off_lets_the_delegates_sign(world):
    Partnership.objects.filter(pk=world.partnership.pk).update(
        sign_off_rule=Partnership.SignOffRule.LEAD_OR_DELEGATED
    )
    world.partnership.refresh_from_db()
    report = approved(world, make_wt2023_report(world))
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        user = world.leads[key]
        report.sign_off(person=user.people.get(), organisation=org, by=user)
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF


def test_a_partnership_whose_arrangements_keep_sign_off_with_the_leads_refuses_delegates(
    login, world
):
    Partnership.objects.filter(pk=world.partnership.pk).update(
        sign_off_rule=Partnership.SignOffRule.LEAD_ONLY
    )
    report = approved(world, world.report)  # a WT2018 period
    response = login(world.leads["la"]).post(sign_url(report))
    assert response.status_code == 400
    assert "arrangements say the three lead safeguarding partners sign" in (
        response.content.decode()
    )
    assert not report.signoffs.exists()


def test_someone_without_a_partner_role_cannot_sign(login, world):
    report = approved(world, make_wt2023_report(world))
    assert login(world.chair).post(sign_url(report)).status_code == 403
    assert not report.signoffs.exists()


def test_the_published_report_names_who_signed_in_which_capacity_and_when(world, lsps):
    report = approved(world, make_wt2023_report(world))
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        report.sign_off(person=lsps[key].people.get(), organisation=org, by=lsps[key])
    report.refresh_from_db()
    published = services.publish(report, by=world.bm)
    day = report.signoffs.first().signed_at.date()
    assert (
        f"Colin Constable, lead safeguarding partner for Testshire Police, {day:%-d %B %Y}"
        in published.html
    )
    assert "Cara Chief Executive, lead safeguarding partner for Testshire County Council" in (
        published.html
    )


def test_the_wt2023_introduction_names_the_lead_and_delegated_partners(world, lsps):
    from reports.assembly import assemble
    from reports.document import Table

    intro = assemble(make_wt2023_report(world)).section("introduction")
    table = next(b for b in intro.blocks if isinstance(b, Table))
    assert [c.label for c in table.columns][2:] == [
        "Lead safeguarding partner",
        "Delegated safeguarding partner",
    ]
    assert table.rows[2][2].startswith("Colin Constable")
    assert table.rows[2][3].startswith("Pat Police")


def test_distribution_names_the_recipients_of_the_edition_due_within_7_days(login, world, lsps):
    report = approved(world, make_wt2023_report(world))
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        report.sign_off(person=lsps[key].people.get(), organisation=org, by=lsps[key])
    response = login(world.bm).post(
        reverse("reports:report_publish", args=[world.partnership.slug, report.pk]),
        date_data("published_on", dt.date.today()),
        follow=True,
    )
    body = response.content.decode()
    assert "Send it to the Child Safeguarding Practice Review Panel and the Department for " in body
    tasks = list(report.publication.distribution_tasks.all())
    assert [t.recipient_name() for t in tasks] == [
        "Child Safeguarding Practice Review Panel",
        "Department for Education (and What Works for Children's Social Care)",
    ]
    published_on = report.publication.published_at.date()
    assert {t.due_on for t in tasks} == {published_on + dt.timedelta(days=7)}
    old = approved(world, world.report)
    for org, key in ((world.la, "la"), (world.health, "health"), (world.police, "police")):
        old.sign_off(person=world.leads[key].people.get(), organisation=org, by=world.leads[key])
    old.refresh_from_db()
    published = services.publish(old, by=world.bm)
    assert [t.recipient_name() for t in published.distribution_tasks.all()][1] == (
        "What Works Centre for Children's Social Care"
    )
