"""Deleting a meeting, an agenda item, a decision or an action entered by mistake: by the
sub-group's chair or the business manager, never from confirmed minutes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Person, Role
from subgroups.models import Action, AgendaItem, Decision, Meeting
from tests.factories import (
    make_action,
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_subgroup,
)


@pytest.fixture
def meeting(subgroup):
    return make_meeting(subgroup=subgroup)


@pytest.fixture
def owner(partnership):
    return make_person(partnership=partnership, name="Olive Owner")


def confirm(meeting):
    later = make_meeting(
        subgroup=meeting.subgroup, starts_at=meeting.starts_at + dt.timedelta(days=30)
    )
    meeting.circulate(on=timezone.localtime(meeting.starts_at).date())
    meeting.confirm(at_meeting=later)
    return later


def url(name, partnership, **kwargs):
    return reverse(f"subgroups:{name}", kwargs={"slug": partnership.slug, **kwargs})


def test_a_chair_deletes_a_meeting_entered_by_mistake_with_its_items(
    login, chair, partnership, subgroup, meeting, owner
):
    item = make_item(meeting=meeting, title="Wrongly entered")
    make_decision(item=item)
    make_action(partnership=partnership, owner=owner, subgroup=subgroup, item=item)
    make_attendance(meeting=meeting, person=owner)
    client = login(chair)
    delete = url("meeting_delete", partnership, pk=meeting.pk)
    body = client.get(delete).content.decode()
    assert "Are you sure you want to delete this meeting?" in body
    for line in ("1 action", "1 agenda item", "1 attendance record", "1 decision"):
        assert line in body
    response = client.post(delete)
    assert response["Location"] == reverse(
        "subgroups:subgroup_detail", args=[partnership.slug, subgroup.slug]
    )
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    # Every record that went is in the history, with who deleted it.
    assert Meeting.history.get(id=meeting.pk, history_type="-").history_user == chair
    assert AgendaItem.history.get(id=item.pk, history_type="-").history_user == chair


def test_a_meeting_with_confirmed_minutes_is_not_deleted(
    login, business_manager, partnership, meeting
):
    confirm(meeting)
    response = login(business_manager).post(url("meeting_delete", partnership, pk=meeting.pk))
    assert response.status_code == 400
    assert "confirmed and locked" in response.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_at_which_other_minutes_were_confirmed_is_not_deleted(
    login, business_manager, partnership, meeting
):
    later = confirm(meeting)
    response = login(business_manager).post(url("meeting_delete", partnership, pk=later.pk))
    body = response.content.decode()
    assert "You cannot delete this meeting" in body
    assert "1 meeting" in body
    assert "Cancel the meeting" in body  # a scheduled meeting may be called off instead
    assert Meeting.objects.filter(pk=later.pk).exists()


def test_the_chair_of_another_sub_group_cannot_delete_a_meeting(login, partnership, meeting):
    other = make_subgroup(partnership=partnership)
    other_chair = make_member(
        partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=other
    )
    response = login(other_chair).post(url("meeting_delete", partnership, pk=meeting.pk))
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_an_item_and_a_decision_are_deleted_but_not_from_confirmed_minutes(
    login, chair, partnership, meeting
):
    item = make_item(meeting=meeting)
    decision = make_decision(item=item)
    client = login(chair)
    kwargs = {"item_pk": item.pk, "pk": decision.pk}
    assert client.post(url("decision_delete", partnership, **kwargs)).status_code == 302
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert client.post(url("item_delete", partnership, item_pk=item.pk)).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()

    kept = make_item(meeting=meeting)
    kept_decision = make_decision(item=kept)
    confirm(meeting)
    for response in (
        client.post(url("item_delete", partnership, item_pk=kept.pk)),
        client.post(url("decision_delete", partnership, item_pk=kept.pk, pk=kept_decision.pk)),
    ):
        assert response.status_code == 400
        assert "confirmed and locked" in response.content.decode()
    assert AgendaItem.objects.filter(pk=kept.pk).exists()
    assert Decision.objects.filter(pk=kept_decision.pk).exists()


def test_an_action_is_deleted_by_its_sub_groups_chair(
    login, chair, partnership, subgroup, meeting, owner
):
    action = make_action(
        partnership=partnership, owner=owner, subgroup=subgroup, item=make_item(meeting=meeting)
    )
    client = login(chair)
    page = client.get(reverse("subgroups:action_detail", args=[partnership.slug, action.pk]))
    assert url("action_delete", partnership, pk=action.pk) in page.content.decode()
    response = client.post(url("action_delete", partnership, pk=action.pk))
    assert response["Location"] == reverse(
        "subgroups:subgroup_action_register", args=[partnership.slug, subgroup.slug]
    )
    assert Action.history.get(id=action.pk, history_type="-").history_user == chair


def test_an_action_with_progress_recorded_is_withdrawn_not_deleted(
    login, chair, partnership, subgroup, owner
):
    action = make_action(partnership=partnership, owner=owner, subgroup=subgroup)
    action.move_to(Action.Status.IN_PROGRESS, note="Started", on=dt.date(2020, 2, 1), by=None)
    body = login(chair).post(url("action_delete", partnership, pk=action.pk)).content.decode()
    assert "You cannot delete this action" in body
    assert "1 progress update" in body
    assert "Withdraw the action" in body
    assert reverse("subgroups:action_update", args=[partnership.slug, action.pk]) in body
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_action_a_case_review_recommendation_names_is_not_deleted(
    login, business_manager, partnership, subgroup, owner
):
    from tests.reviews.builders import make_legacy_review, make_recommendation

    action = make_action(partnership=partnership, owner=owner, subgroup=subgroup)
    recommendation = make_recommendation(review=make_legacy_review(partnership=partnership))
    recommendation.actions.add(action)
    body = (
        login(business_manager)
        .post(url("action_delete", partnership, pk=action.pk))
        .content.decode()
    )
    assert "1 recommendation" in body
    assert recommendation.actions.filter(pk=action.pk).exists()


def test_an_action_from_confirmed_minutes_is_not_deleted(
    login, chair, partnership, subgroup, meeting, owner
):
    action = make_action(
        partnership=partnership, owner=owner, subgroup=subgroup, item=make_item(meeting=meeting)
    )
    confirm(meeting)
    response = login(chair).post(url("action_delete", partnership, pk=action.pk))
    assert response.status_code == 400
    assert "recorded in confirmed minutes" in response.content.decode()
    assert Action.objects.filter(pk=action.pk).exists()


def test_the_owner_of_an_action_cannot_delete_it(login, partnership, subgroup):
    member = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    action = make_action(
        partnership=partnership, owner=Person.objects.get(user=member), subgroup=subgroup
    )
    response = login(member).post(url("action_delete", partnership, pk=action.pk))
    assert response.status_code == 403
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_organisation_that_left_before_a_meeting_is_not_offered_for_its_attendance(
    login, chair, partnership, meeting
):
    from tests.factories import make_organisation

    make_organisation(partnership=partnership, name="Still Here Trust")
    gone = make_organisation(partnership=partnership, name="Gone Before Trust")
    gone.left_on = dt.date(2019, 12, 31)  # the meeting is on 15 January 2020
    gone.save()
    page = login(chair).get(url("attendance_edit", partnership, pk=meeting.pk))
    body = page.content.decode()
    assert "Still Here Trust" in body
    assert "Gone Before Trust" not in body
