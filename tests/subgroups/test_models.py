import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnership.access import access_for
from partnership.models import Organisation, OrganisationName, Person, Role, organisation_name_on
from subgroups.models import Action, ActionUpdate, Attendance, Decision, Meeting
from subgroups.services import rotate_chair
from tests.factories import (
    make_action,
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_organisation,
    make_person,
    make_role,
)
from tests.subgroups.conftest import aware, person_of


def test_meeting_must_end_after_it_starts(subgroup):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            subgroup=subgroup, starts_at=aware(2020, 1, 1, 12), ends_at=aware(2020, 1, 1, 11)
        )


def test_a_person_has_one_attendance_row_per_meeting(meeting, partnership):
    person = make_person(partnership=partnership)
    make_attendance(meeting=meeting, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=person, status="apologies")


def test_only_a_substitute_names_whom_they_stood_in_for(meeting, partnership):
    person, member = make_person(partnership=partnership), make_person(partnership=partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=meeting, person=person, status="present", substitute_for=member
        )


def test_confirmed_minutes_must_have_a_confirmation_date(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(minutes_status="confirmed", confirmed_on=None)


def test_minutes_move_from_draft_to_circulated_to_confirmed_at_a_later_meeting(subgroup, meeting):
    later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
    meeting.circulate(on=dt.date(2020, 1, 20))
    meeting.confirm(at_meeting=later)
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CONFIRMED
    assert meeting.confirmed_on == dt.date(2020, 2, 12)
    assert meeting.confirmed_at_meeting == later
    assert meeting.circulated_on == dt.date(2020, 1, 20)


def test_draft_minutes_cannot_be_confirmed_without_being_circulated(subgroup, meeting):
    later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
    with pytest.raises(ValidationError):
        meeting.confirm(at_meeting=later)
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT


def test_minutes_cannot_be_confirmed_at_an_earlier_meeting(subgroup, meeting):
    earlier = make_meeting(subgroup=subgroup, starts_at=aware(2019, 12, 11))
    meeting.circulate(on=dt.date(2020, 1, 20))
    with pytest.raises(ValidationError, match="later meeting"):
        meeting.confirm(at_meeting=earlier)


def test_minutes_cannot_be_confirmed_at_another_subgroups_meeting(meeting, other_subgroup):
    elsewhere = make_meeting(subgroup=other_subgroup, starts_at=aware(2020, 2, 12))
    meeting.circulate(on=dt.date(2020, 1, 20))
    with pytest.raises(ValidationError, match="same sub-group"):
        meeting.confirm(at_meeting=elsewhere)


def test_minutes_cannot_be_circulated_before_the_meeting(meeting):
    with pytest.raises(ValidationError, match="taken place"):
        meeting.circulate(on=dt.date(2020, 1, 14))


def _confirmed(subgroup, meeting):
    later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
    meeting.circulate(on=dt.date(2020, 1, 20))
    meeting.confirm(at_meeting=later)
    return meeting


def test_confirmed_minutes_refuse_every_edit(subgroup, meeting, partnership):
    item = make_item(meeting=meeting, title="Dashboard", minutes="Original")
    decision = make_decision(item=item)
    person = make_person(partnership=partnership)
    _confirmed(subgroup, meeting)

    item.refresh_from_db()
    item.minutes = "Changed afterwards"
    with pytest.raises(ValidationError, match="locked"):
        item.save()
    with pytest.raises(ValidationError):
        make_item(meeting=meeting, title="Late addition")
    with pytest.raises(ValidationError):
        Decision.objects.create(item=item, text="RESOLVED: something else")
    decision.text = "RESOLVED: rewritten"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        make_attendance(meeting=meeting, person=person)
    meeting.refresh_from_db()
    meeting.location = "Elsewhere"
    with pytest.raises(ValidationError):
        meeting.save()
    with pytest.raises(ValidationError):
        meeting.return_to_draft()
    item.refresh_from_db()
    assert item.minutes == "Original"
    assert Decision.objects.get(pk=decision.pk).text == "RESOLVED: the report be noted."


def test_action_move_records_a_dated_note_and_completion_date(partnership, subgroup, chair):
    action = make_action(partnership=partnership, owner=person_of(chair), subgroup=subgroup)
    action.move_to(Action.Status.COMPLETED, note="Done", on=dt.date(2020, 3, 2), by=chair)
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETED
    assert action.completed_on == dt.date(2020, 3, 2)
    update = ActionUpdate.objects.get(action=action)
    assert (update.status_from, update.status_to, update.note) == ("open", "completed", "Done")


def test_action_refuses_a_move_that_is_not_allowed(partnership, chair):
    action = make_action(partnership=partnership, owner=person_of(chair), status="cancelled")
    with pytest.raises(ValidationError):
        action.move_to(Action.Status.COMPLETED, note="Done", on=dt.date(2020, 3, 2), by=chair)
    assert not ActionUpdate.objects.exists()


def test_action_update_needs_a_note(partnership, chair):
    action = make_action(partnership=partnership, owner=person_of(chair))
    with pytest.raises(ValidationError):
        action.move_to(Action.Status.IN_PROGRESS, note="  ", on=dt.date(2020, 3, 2), by=chair)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_overdue_means_open_and_past_its_due_date(partnership, chair):
    owner = person_of(chair)
    late = make_action(partnership=partnership, owner=owner, due_on=dt.date(2020, 1, 1))
    make_action(
        partnership=partnership,
        owner=owner,
        due_on=dt.date(2020, 1, 1),
        status="completed",
        completed_on=dt.date(2020, 1, 2),
    )
    make_action(partnership=partnership, owner=owner, due_on=dt.date(2020, 6, 1))
    assert list(Action.objects.overdue(dt.date(2020, 3, 1))) == [late]


def test_rotating_the_chair_ends_the_previous_chairs_role(partnership, subgroup, chair):
    new = make_person(partnership=partnership)
    rotate_chair(subgroup=subgroup, person=new, valid_from=dt.date(2021, 9, 1))
    old_role = Role.objects.get(person=person_of(chair), subgroup=subgroup)
    assert old_role.valid_to == dt.date(2021, 8, 31)
    subgroup = type(subgroup).objects.prefetch_related("roles__person").get(pk=subgroup.pk)
    assert subgroup.chair_on(dt.date(2020, 1, 1)) == person_of(chair)
    assert subgroup.chair_on(dt.date(2022, 1, 1)) == new


def test_the_health_partner_is_the_ccg_before_july_2022_and_the_icb_after(partnership):
    health = make_organisation(
        partnership=partnership,
        kind=Organisation.Kind.HEALTH,
        name="NHS Testshire Integrated Care Board",
    )
    OrganisationName.objects.create(
        organisation=health,
        name="NHS Testshire CCG",
        valid_from=dt.date(2019, 4, 1),
        valid_to=dt.date(2022, 6, 30),
    )
    OrganisationName.objects.create(
        organisation=health,
        name="NHS Testshire Integrated Care Board",
        valid_from=dt.date(2022, 7, 1),
    )
    assert health.name_on(dt.date(2022, 6, 30)) == "NHS Testshire CCG"
    assert health.name_on(dt.date(2022, 7, 1)) == "NHS Testshire Integrated Care Board"

    # The same answer as a column of a query (organisation_name_on) over people, day by
    # day: the organisation's own name where no dated name covers the day, none without one.
    people = [
        make_person(partnership=partnership, organisation=health),
        make_person(
            partnership=partnership,
            organisation=make_organisation(partnership=partnership, name="Testshire Police"),
        ),
        make_person(partnership=partnership, organisation=None),
    ]
    for day in [dt.date(2019, 3, 31), dt.date(2022, 6, 30), dt.date(2022, 7, 1)]:
        names = dict(
            Person.objects.filter(pk__in=[p.pk for p in people])
            .annotate(then=organisation_name_on(day))
            .values_list("pk", "then")
        )
        assert names == {
            people[0].pk: health.name_on(day),
            people[1].pk: "Testshire Police",
            people[2].pk: None,
        }


class TestWhichActionsAUserSees:
    @pytest.fixture
    def actions(self, partnership, subgroup, meeting):
        owner = make_person(partnership=partnership)
        made = {}
        for level in ("public", "partnership", "restricted"):
            item = make_item(meeting=meeting, title=level, confidentiality=level)
            made[level] = make_action(
                partnership=partnership,
                owner=owner,
                subgroup=subgroup,
                item=item,
                description=level,
            )
        return made

    def _visible(self, user, partnership):
        access = access_for(user, partnership)
        return set(Action.objects.visible_to(access).values_list("description", flat=True))

    def test_members_see_all_of_their_own_subgroups_actions(self, actions, member, partnership):
        assert self._visible(member, partnership) == {"public", "partnership", "restricted"}

    def test_others_see_nothing_from_draft_minutes(self, actions, other_chair, partnership):
        assert self._visible(other_chair, partnership) == set()

    def test_others_see_confirmed_non_restricted_items(
        self, actions, other_chair, scrutiny_member, partnership, subgroup, meeting
    ):
        _confirmed(subgroup, meeting)
        assert self._visible(other_chair, partnership) == {"public", "partnership"}
        assert self._visible(scrutiny_member, partnership) == {"public"}

    def test_another_partnerships_actions_are_never_visible(
        self, actions, other_partnership, outsider
    ):
        access = access_for(outsider, other_partnership)
        assert not Action.objects.visible_to(access).exists()


def test_a_former_chair_no_longer_edits_the_subgroup(partnership, subgroup):
    user = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    make_role(
        person=person_of(user),
        kind=Role.Kind.SUBGROUP_CHAIR,
        subgroup=subgroup,
        valid_from=dt.date(2019, 1, 1),
        valid_to=dt.date(2020, 1, 1),
    )
    assert not access_for(user, partnership).can_edit_subgroup(subgroup.pk)


def test_a_decision_carries_its_meetings_start_through_a_reschedule(subgroup):
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    decision = make_decision(item=make_item(meeting=meeting))
    assert decision.meeting_starts_at == aware(2020, 1, 15)
    assert decision.partnership_id == subgroup.partnership_id

    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.starts_at, meeting.ends_at = aware(2020, 2, 3), aware(2020, 2, 3, 12)
    meeting.save()
    decision.refresh_from_db()
    assert decision.meeting_starts_at == aware(2020, 2, 3)

    Decision.objects.update(meeting_starts_at=None, partnership=None)  # as a write without save()
    assert Decision.objects.fill_from_meetings() == 1
    decision.refresh_from_db()
    assert decision.meeting_starts_at == aware(2020, 2, 3)
    assert decision.partnership_id == subgroup.partnership_id


def test_meetings_held_between_two_days_are_those_on_those_local_days(subgroup):
    """In summer the first local moment of a day is 23:00 UTC the day before."""
    made = {
        when: make_meeting(subgroup=subgroup, starts_at=aware(*when), hours=0.25)
        for when in [
            (2021, 5, 31, 23, 30),  # the evening before the period
            (2021, 6, 1, 0, 0),  # its first moment
            (2021, 6, 30, 23, 30),  # the last evening
            (2021, 7, 1, 0, 0),  # the first moment after it
        ]
    }
    found = set(Meeting.objects.held_between(dt.date(2021, 6, 1), dt.date(2021, 6, 30)))
    assert found == {made[(2021, 6, 1, 0, 0)], made[(2021, 6, 30, 23, 30)]}
