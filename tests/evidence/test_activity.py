"""Sub-group activity: chairs log entries quickly under the report's headings; priorities
with activity but no impact evidence are flagged."""

import datetime as dt

from django.urls import reverse

from evidence.models import ActivityEntry, Heading, Priority
from tests.evidence.builders import dated, make_audit, make_entry, make_priority
from tests.factories import make_meeting

d = dt.date


def page(partnership, subgroup):
    return reverse("evidence:subgroup_activity", args=[partnership.slug, subgroup.slug])


def entry_data(**extra):
    return {
        "heading": Heading.PROGRESS,
        **dated("date", d(2020, 3, 19)),
        "text": "Launched the referral portal.",
        **extra,
    }


def test_a_chair_adds_an_entry_and_the_heading_and_date_stay_for_the_next(
    login, chair, partnership, subgroup
):
    client = login(chair)
    response = client.post(page(partnership, subgroup), entry_data())
    assert response.status_code == 302
    assert response["Location"].endswith("?heading=progress&date=2020-03-19#add-entry")
    entry = ActivityEntry.objects.get()
    assert (entry.subgroup, entry.heading, entry.date, entry.created_by) == (
        subgroup,
        "progress",
        d(2020, 3, 19),
        chair,
    )
    body = client.get(response["Location"]).content.decode()
    assert "Entry added under “Progress and achievements”" in body
    assert (
        'value="progress" checked' in body
        or 'checked value="progress"' in body
        or ('value="progress"' in body and "checked" in body)
    )
    assert 'name="date_0" value="19"' in body
    assert 'name="date_1" value="3"' in body
    assert 'name="date_2" value="2020"' in body


def test_an_entry_can_link_a_priority_meeting_audit_and_review(login, chair, partnership, subgroup):
    priority = make_priority(partnership=partnership)
    meeting = make_meeting(subgroup=subgroup)
    audit = make_audit(partnership=partnership)
    login(chair).post(
        page(partnership, subgroup),
        entry_data(
            heading=Heading.IMPACT,
            priority=priority.pk,
            meeting=meeting.pk,
            audit=audit.pk,
            related_review="Hetty",
        ),
    )
    entry = ActivityEntry.objects.get()
    assert (entry.priority, entry.meeting, entry.audit, entry.related_review) == (
        priority,
        meeting,
        audit,
        "Hetty",
    )


def test_an_entry_without_text_shows_an_error_and_saves_nothing(
    login, chair, partnership, subgroup
):
    response = login(chair).post(page(partnership, subgroup), entry_data(text=""))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ActivityEntry.objects.exists()


def test_an_entry_with_an_impossible_date_saves_nothing(login, chair, partnership, subgroup):
    data = entry_data()
    data.update({"date_0": "31", "date_1": "2"})
    response = login(chair).post(page(partnership, subgroup), data)
    assert response.status_code == 200
    assert not ActivityEntry.objects.exists()


def test_a_meeting_of_another_subgroup_cannot_be_linked(
    login, chair, partnership, subgroup, other_subgroup
):
    foreign = make_meeting(subgroup=other_subgroup)
    response = login(chair).post(page(partnership, subgroup), entry_data(meeting=foreign.pk))
    assert "Choose the meeting where it was discussed from the list" in response.content.decode()
    assert not ActivityEntry.objects.exists()


def test_the_chair_of_another_subgroup_reads_but_cannot_add(
    login, other_chair, partnership, subgroup
):
    client = login(other_chair)
    response = client.get(page(partnership, subgroup))
    assert response.status_code == 200
    assert "Add an entry" not in response.content.decode()
    assert client.post(page(partnership, subgroup), entry_data()).status_code == 403
    assert not ActivityEntry.objects.exists()


def test_a_member_reads_but_cannot_add(login, member, partnership, subgroup):
    assert login(member).post(page(partnership, subgroup), entry_data()).status_code == 403
    assert not ActivityEntry.objects.exists()


def test_the_business_manager_adds_to_any_subgroup(
    login, business_manager, partnership, other_subgroup
):
    response = login(business_manager).post(page(partnership, other_subgroup), entry_data())
    assert response.status_code == 302
    assert ActivityEntry.objects.get().subgroup == other_subgroup


def test_scrutiny_panel_members_do_not_see_working_evidence(
    login, scrutiny_member, partnership, subgroup
):
    make_entry(subgroup=subgroup, text="Draft work")
    client = login(scrutiny_member)
    assert client.get(page(partnership, subgroup)).status_code == 403
    assert client.get(reverse("evidence:home", args=[partnership.slug])).status_code == 403
    assert client.post(page(partnership, subgroup), entry_data()).status_code == 403
    assert ActivityEntry.objects.count() == 1


def test_another_partnership_gets_404(login, outsider, partnership, subgroup):
    assert login(outsider).post(page(partnership, subgroup), entry_data()).status_code == 404
    assert not ActivityEntry.objects.exists()


def test_entries_are_grouped_under_their_headings(login, partner_lead, partnership, subgroup):
    make_entry(subgroup=subgroup, heading=Heading.VOICE, text="Young people designed a leaflet.")
    make_entry(subgroup=subgroup, heading=Heading.NEXT_STEPS, text="Extend the surveys.")
    body = login(partner_lead).get(page(partnership, subgroup)).content.decode()
    voice = body.index("Voice of the child and family")
    assert (
        voice < body.index("Young people designed a leaflet.") < body.index("Areas for development")
    )
    assert body.index("Next steps") < body.index("Extend the surveys.")


def test_a_reporting_year_filter_shows_only_that_years_entries(login, chair, partnership, subgroup):
    make_entry(subgroup=subgroup, date=d(2019, 5, 1), text="Work in 2019")
    make_entry(subgroup=subgroup, date=d(2020, 5, 1), text="Work in 2020")
    body = login(chair).get(page(partnership, subgroup) + "?year=2020").content.decode()
    assert "Work in 2020" in body and "Work in 2019" not in body


def test_progress_without_impact_evidence_prompts_for_it(login, chair, partnership, subgroup):
    make_entry(subgroup=subgroup, heading=Heading.PROGRESS)
    body = login(chair).get(page(partnership, subgroup)).content.decode()
    assert "no evidence of impact" in body
    assert "?heading=impact#add-entry" in body
    make_entry(subgroup=subgroup, heading=Heading.IMPACT)
    body = login(chair).get(page(partnership, subgroup)).content.decode()
    assert "no evidence of impact" not in body


def test_a_chair_changes_and_deletes_their_entries(login, chair, partnership, subgroup):
    entry = make_entry(subgroup=subgroup)
    client = login(chair)
    edit = reverse("evidence:entry_edit", args=[partnership.slug, entry.pk])
    assert client.post(edit, entry_data(text="Corrected")).status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Corrected"
    delete = reverse("evidence:entry_delete", args=[partnership.slug, entry.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not ActivityEntry.objects.exists()


def test_another_chair_cannot_change_or_delete_an_entry(login, other_chair, partnership, subgroup):
    entry = make_entry(subgroup=subgroup, text="Original")
    client = login(other_chair)
    edit = reverse("evidence:entry_edit", args=[partnership.slug, entry.pk])
    delete = reverse("evidence:entry_delete", args=[partnership.slug, entry.pk])
    assert client.post(edit, entry_data(text="Changed")).status_code == 403
    assert client.post(delete).status_code == 403
    entry.refresh_from_db()
    assert entry.text == "Original"


def test_a_priority_with_activity_but_no_impact_is_flagged_on_its_list_and_page(
    login, partner_lead, partnership, subgroup
):
    neglect = make_priority(partnership=partnership, name="Neglect")
    make_entry(subgroup=subgroup, priority=neglect, heading=Heading.PROGRESS)
    exploitation = make_priority(partnership=partnership, name="Exploitation")
    make_entry(subgroup=subgroup, priority=exploitation, heading=Heading.PROGRESS)
    make_entry(subgroup=subgroup, priority=exploitation, heading=Heading.IMPACT)
    make_priority(partnership=partnership, name="Babies")
    assert list(Priority.objects.for_partnership(partnership).lacking_impact()) == [neglect]

    client = login(partner_lead)
    listing = client.get(reverse("evidence:priority_list", args=[partnership.slug]))
    body = listing.content.decode()
    assert body.count("No impact evidence") == 1
    assert "Impact evidenced" in body and "No activity yet" in body
    detail = client.get(reverse("evidence:priority_detail", args=[partnership.slug, neglect.pk]))
    assert "no evidence of its impact yet" in detail.content.decode()


def test_lacking_impact_can_be_judged_within_a_period(partnership, subgroup):
    neglect = make_priority(partnership=partnership)
    make_entry(subgroup=subgroup, priority=neglect, heading=Heading.IMPACT, date=d(2019, 6, 1))
    make_entry(subgroup=subgroup, priority=neglect, heading=Heading.PROGRESS, date=d(2020, 6, 1))
    assert not Priority.objects.lacking_impact().exists()
    assert list(Priority.objects.lacking_impact(d(2019, 10, 1), d(2020, 9, 30))) == [neglect]


def test_report_filters_select_a_partnerships_entries_in_a_period(
    partnership, subgroup, other_partnership
):
    from tests.factories import make_subgroup

    inside = make_entry(subgroup=subgroup, date=d(2020, 9, 30))
    make_entry(subgroup=subgroup, date=d(2020, 10, 1))
    make_entry(subgroup=make_subgroup(partnership=other_partnership), date=d(2020, 1, 1))
    found = ActivityEntry.objects.for_partnership(partnership).between(
        d(2019, 10, 1), d(2020, 9, 30)
    )
    assert list(found.for_report()) == [inside]
