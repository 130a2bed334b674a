import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.models import Role
from subgroups.models import Action, AgendaItem, Attendance, Decision, Meeting
from tests.factories import (
    make_action,
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
)
from tests.subgroups.conftest import aware, date_data, person_of


def _urls(partnership, subgroup, meeting, item):
    """Every meeting page, as (method, url, POST data for a valid write)."""
    slug = partnership.slug
    return [
        ("get", reverse("subgroups:meeting_detail", args=[slug, meeting.pk]), None),
        (
            "post",
            reverse("subgroups:meeting_create", args=[slug, subgroup.slug]),
            {
                **date_data("date", dt.date(2020, 3, 4)),
                "start_time": "10:00",
                "end_time": "11:00",
                "location": "Room 1",
            },
        ),
        (
            "post",
            reverse("subgroups:meeting_edit", args=[slug, meeting.pk]),
            {
                **date_data("date", dt.date(2020, 1, 15)),
                "start_time": "10:00",
                "end_time": "11:00",
                "location": "Changed",
                "version": meeting.version,
            },
        ),
        (
            "post",
            reverse("subgroups:attendance_edit", args=[slug, meeting.pk]),
            {"attendance-TOTAL_FORMS": "0", "attendance-INITIAL_FORMS": "0"},
        ),
        (
            "post",
            reverse("subgroups:item_create", args=[slug, meeting.pk]),
            {"order": 9, "title": "New", "confidentiality": "public", "minutes": "Text"},
        ),
        (
            "post",
            reverse("subgroups:item_edit", args=[slug, item.pk]),
            {
                "order": item.order,
                "title": "Changed",
                "confidentiality": "public",
                "minutes": "x",
                "version": item.version,
            },
        ),
        (
            "post",
            reverse("subgroups:decision_create", args=[slug, item.pk]),
            {"text": "RESOLVED: noted"},
        ),
        ("post", reverse("subgroups:action_create", args=[slug, item.pk]), None),
        ("post", reverse("subgroups:minutes_circulate", args=[slug, meeting.pk]), {}),
    ]


def _state():
    return (
        Meeting.objects.count(),
        list(Meeting.objects.values_list("location", "minutes_status", "version")),
        list(AgendaItem.objects.values_list("title", "minutes", "version")),
        Decision.objects.count(),
        Action.objects.count(),
        Attendance.objects.count(),
    )


@pytest.fixture
def item(meeting):
    return make_item(meeting=meeting, title="Dashboard", minutes="Original")


def test_anonymous_users_are_sent_to_sign_in_from_every_meeting_page(
    client, partnership, subgroup, meeting, item
):
    for method, url, data in _urls(partnership, subgroup, meeting, item):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_users_of_another_partnership_get_404_and_write_nothing(
    login, partnership, subgroup, meeting, item, outsider
):
    c = login(outsider)
    before = _state()
    for method, url, data in _urls(partnership, subgroup, meeting, item):
        assert getattr(c, method)(url, data or {}).status_code == 404, url
    assert _state() == before


def test_chair_of_another_subgroup_is_refused_every_write(
    login, partnership, subgroup, meeting, item, other_chair
):
    c = login(other_chair)
    before = _state()
    for _method, url, data in _urls(partnership, subgroup, meeting, item)[1:]:
        assert c.get(url).status_code in (403, 405), url
        assert c.post(url, data or {}).status_code == 403, url
    assert _state() == before


def test_members_and_scrutiny_members_cannot_write(
    login, partnership, subgroup, meeting, item, member, scrutiny_member
):
    before = _state()
    for user in (member, scrutiny_member):
        c = login(user)
        for _method, url, data in _urls(partnership, subgroup, meeting, item)[1:]:
            assert c.post(url, data or {}).status_code == 403, url
    assert _state() == before


def test_chair_schedules_a_meeting(login, partnership, subgroup, chair):
    url = reverse("subgroups:meeting_create", args=[partnership.slug, subgroup.slug])
    response = login(chair).post(
        url,
        {
            **date_data("date", dt.date(2020, 3, 4)),
            "start_time": "09:30",
            "end_time": "11:00",
            "location": "County Hall",
            "title": "",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.subgroup == subgroup
    assert meeting.starts_at == aware(2020, 3, 4, 9, 30)
    assert meeting.ends_at == aware(2020, 3, 4, 11, 0)


def test_business_manager_schedules_a_meeting_for_any_subgroup(
    login, partnership, other_subgroup, business_manager
):
    url = reverse("subgroups:meeting_create", args=[partnership.slug, other_subgroup.slug])
    login(business_manager).post(
        url,
        {
            **date_data("date", dt.date(2020, 3, 4)),
            "start_time": "09:30",
            "end_time": "11:00",
            "location": "County Hall",
        },
    )
    assert Meeting.objects.get().subgroup == other_subgroup


@pytest.mark.parametrize(
    "data, field",
    [
        ({"start_time": "11:00", "end_time": "10:00"}, "end_time"),
        ({"start_time": "25:99", "end_time": "10:00"}, "start_time"),
        ({"start_time": "", "end_time": "10:00"}, "start_time"),
    ],
)
def test_bad_meeting_times_give_field_errors_and_save_nothing(
    login, partnership, subgroup, chair, data, field
):
    url = reverse("subgroups:meeting_create", args=[partnership.slug, subgroup.slug])
    response = login(chair).post(url, {**date_data("date", dt.date(2020, 3, 4)), **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_bad_date_gives_a_field_error(login, partnership, subgroup, chair):
    url = reverse("subgroups:meeting_create", args=[partnership.slug, subgroup.slug])
    response = login(chair).post(
        url,
        {
            "date_0": "31",
            "date_1": "2",
            "date_2": "2020",
            "start_time": "10:00",
            "end_time": "11:00",
        },
    )
    assert "date" in response.context["form"].errors
    assert not Meeting.objects.exists()


def _attendance_post(meeting, rows, initial=()):
    data = {
        "attendance-TOTAL_FORMS": str(len(rows)),
        "attendance-INITIAL_FORMS": str(len(initial)),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"attendance-{i}-{key}"] = "" if value is None else str(value)
    return data


def test_chair_records_attendance_for_the_whole_meeting_on_one_page(
    login, partnership, subgroup, meeting, chair, member
):
    guest = make_person(partnership=partnership, name="Stand In")
    url = reverse("subgroups:attendance_edit", args=[partnership.slug, meeting.pk])
    c = login(chair)
    page = c.get(url)
    # One row per member not yet recorded, plus empty rows for substitutes and guests.
    initial_people = {f.initial.get("person") for f in page.context["formset"].forms}
    assert {person_of(chair).pk, person_of(member).pk} <= initial_people
    response = c.post(
        url,
        _attendance_post(
            meeting,
            [
                {"person": person_of(chair).pk, "status": "present"},
                {"person": person_of(member).pk, "status": "apologies"},
                {
                    "person": guest.pk,
                    "status": "substitute",
                    "substitute_for": person_of(member).pk,
                },
            ],
        ),
    )
    assert response.status_code == 302
    rows = {a.person.name: a for a in Attendance.objects.select_related("person")}
    assert rows["Stand In"].substitute_for == person_of(member)
    assert rows[person_of(member).name].status == Attendance.Status.APOLOGIES


def test_recording_a_person_twice_is_refused_and_nothing_is_saved(
    login, partnership, meeting, chair
):
    url = reverse("subgroups:attendance_edit", args=[partnership.slug, meeting.pk])
    response = login(chair).post(
        url,
        _attendance_post(
            meeting,
            [
                {"person": person_of(chair).pk, "status": "present"},
                {"person": person_of(chair).pk, "status": "apologies"},
            ],
        ),
    )
    assert response.status_code == 200
    assert "recorded twice" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_substitute_must_name_whom_they_stood_in_for(login, partnership, meeting, chair):
    url = reverse("subgroups:attendance_edit", args=[partnership.slug, meeting.pk])
    response = login(chair).post(
        url,
        _attendance_post(
            meeting,
            [
                {"person": person_of(chair).pk, "status": "substitute"},
            ],
        ),
    )
    assert "Choose the member they substituted for" in response.content.decode()
    assert not Attendance.objects.exists()


def test_chair_adds_an_item_with_minutes_and_confidentiality(login, partnership, meeting, chair):
    url = reverse("subgroups:item_create", args=[partnership.slug, meeting.pk])
    c = login(chair)
    assert c.get(url).context["form"].initial["order"] == 1
    c.post(
        url,
        {
            "order": 1,
            "title": "Rapid review",
            "confidentiality": "restricted",
            "minutes": "Discussed.",
        },
    )
    item = AgendaItem.objects.get()
    assert (item.meeting, item.confidentiality) == (meeting, "restricted")
    assert item.minutes == "Discussed."


def test_an_item_number_cannot_be_used_twice(login, partnership, meeting, item, chair):
    url = reverse("subgroups:item_create", args=[partnership.slug, meeting.pk])
    response = login(chair).post(
        url, {"order": item.order, "title": "Clash", "confidentiality": "public"}
    )
    assert "order" in response.context["form"].errors
    assert AgendaItem.objects.count() == 1


def test_editing_an_item_from_an_old_version_is_refused(login, partnership, item, chair):
    url = reverse("subgroups:item_edit", args=[partnership.slug, item.pk])
    AgendaItem.objects.filter(pk=item.pk).update(minutes="Someone else's text", version=2)
    response = login(chair).post(
        url,
        {
            "order": item.order,
            "title": item.title,
            "confidentiality": "partnership",
            "minutes": "Mine",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert AgendaItem.objects.get().minutes == "Someone else's text"


def test_chair_records_a_decision_and_an_action(login, partnership, subgroup, item, chair, member):
    c = login(chair)
    c.post(
        reverse("subgroups:decision_create", args=[partnership.slug, item.pk]),
        {"text": "RESOLVED: the report be noted."},
    )
    c.post(
        reverse("subgroups:action_create", args=[partnership.slug, item.pk]),
        {
            "description": "Write to schools",
            "owner": person_of(member).pk,
            **date_data("due_on", dt.date(2020, 5, 1)),
        },
    )
    assert Decision.objects.get().item == item
    action = Action.objects.get()
    assert (action.item, action.subgroup, action.partnership) == (item, subgroup, partnership)
    assert action.owner == person_of(member)
    assert action.due_on == dt.date(2020, 5, 1)


def test_an_action_owner_must_be_in_the_partnership(
    login, partnership, other_partnership, item, chair
):
    stranger = make_person(partnership=other_partnership)
    response = login(chair).post(
        reverse("subgroups:action_create", args=[partnership.slug, item.pk]),
        {"description": "x", "owner": stranger.pk, **date_data("due_on", dt.date(2020, 5, 1))},
    )
    assert "owner" in response.context["form"].errors
    assert not Action.objects.exists()


def test_minutes_lifecycle_through_the_pages(login, partnership, subgroup, meeting, item, chair):
    later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
    c = login(chair)
    slug = partnership.slug
    c.post(reverse("subgroups:minutes_circulate", args=[slug, meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED
    page = c.get(reverse("subgroups:meeting_detail", args=[slug, meeting.pk]))
    assert page.context["confirm_form"] is not None
    c.post(reverse("subgroups:minutes_confirm", args=[slug, meeting.pk]), {"at_meeting": later.pk})
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CONFIRMED
    assert meeting.confirmed_at_meeting == later


def test_confirmed_minutes_refuse_edits_with_a_message(
    login, partnership, subgroup, meeting, item, chair
):
    later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
    meeting.circulate(on=dt.date(2020, 1, 20))
    meeting.confirm(at_meeting=later)
    c = login(chair)
    before = _state()
    for _method, url, data in _urls(partnership, subgroup, meeting, item)[2:8]:
        response = c.post(url, data or {}, follow=True)
        assert "confirmed and locked" in response.content.decode(), url
    assert _state() == before


def test_confirming_at_another_subgroups_meeting_is_refused(
    login, partnership, meeting, other_subgroup, chair
):
    elsewhere = make_meeting(subgroup=other_subgroup, starts_at=aware(2020, 2, 12))
    meeting.circulate(on=dt.date(2020, 1, 20))
    login(chair).post(
        reverse("subgroups:minutes_confirm", args=[partnership.slug, meeting.pk]),
        {"at_meeting": elsewhere.pk},
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED


class TestWhatReadersSee:
    @pytest.fixture
    def confirmed(self, subgroup, meeting):
        make_item(
            meeting=meeting,
            order=1,
            title="Open item",
            minutes="Open text",
            confidentiality="public",
        )
        make_item(
            meeting=meeting,
            order=2,
            title="Partners item",
            minutes="Partners text",
            confidentiality="partnership",
        )
        secret = make_item(
            meeting=meeting,
            order=3,
            title="Secret item",
            minutes="Secret text",
            confidentiality="restricted",
        )
        make_decision(item=secret, text="RESOLVED: secret decision")
        later = make_meeting(subgroup=subgroup, starts_at=aware(2020, 2, 12))
        meeting.circulate(on=dt.date(2020, 1, 20))
        meeting.confirm(at_meeting=later)
        return meeting

    def _page(self, login, user, partnership, meeting):
        url = reverse("subgroups:meeting_detail", args=[partnership.slug, meeting.pk])
        return login(user).get(url).content.decode()

    def test_scrutiny_members_see_only_public_items(
        self, login, partnership, confirmed, scrutiny_member
    ):
        page = self._page(login, scrutiny_member, partnership, confirmed)
        assert "Open text" in page
        assert "Partners item" not in page and "Secret item" not in page
        assert "secret decision" not in page
        assert page.count("An item was withheld") == 2

    def test_members_of_other_subgroups_do_not_see_restricted_items(
        self, login, partnership, confirmed, other_chair
    ):
        page = self._page(login, other_chair, partnership, confirmed)
        assert "Partners text" in page
        assert "Secret" not in page
        assert page.count("An item was withheld") == 1

    def test_members_of_the_subgroup_see_every_item(self, login, partnership, confirmed, member):
        page = self._page(login, member, partnership, confirmed)
        assert "Secret text" in page and "secret decision" in page

    def test_draft_minutes_are_hidden_from_other_subgroups_and_scrutiny(
        self, login, partnership, meeting, other_chair, scrutiny_member, member
    ):
        make_item(meeting=meeting, title="Draft item", confidentiality="public")
        for user in (other_chair, scrutiny_member):
            page = self._page(login, user, partnership, meeting)
            assert "Draft item" not in page
            assert "have not been confirmed yet" in page
        assert "Draft item" in self._page(login, member, partnership, meeting)


def test_a_walsall_user_never_sees_a_worcestershire_meeting(login, meeting, item, outsider):
    url = reverse("subgroups:meeting_detail", args=[meeting.subgroup.partnership.slug, meeting.pk])
    assert login(outsider).get(url).status_code == 404
    own = reverse(
        "subgroups:meeting_detail", args=[outsider.people.get().partnership.slug, meeting.pk]
    )
    assert login(outsider).get(own).status_code == 404


def _meeting_with(subgroup, partnership, n: int) -> Meeting:
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 5, 6))
    owner = make_person(partnership=partnership)
    for i in range(n):
        item = make_item(
            meeting=meeting,
            title=f"Item {i}",
            confidentiality="restricted" if i % 3 == 0 else "public",
        )
        make_decision(item=item)
        make_action(partnership=partnership, owner=owner, subgroup=subgroup, item=item)
        make_attendance(
            meeting=meeting, person=make_person(partnership=partnership), status="present"
        )
    return meeting


def test_meeting_page_queries_do_not_grow_with_items(
    login, partnership, subgroup, chair, django_assert_num_queries, no_page_cache
):
    small, large = _meeting_with(subgroup, partnership, 1), _meeting_with(subgroup, partnership, 8)
    c = login(chair)
    url = "subgroups:meeting_detail"
    c.get(reverse(url, args=[partnership.slug, small.pk]))  # warm the session
    with CaptureQueriesContext(connection) as small_queries:
        c.get(reverse(url, args=[partnership.slug, small.pk]))
    with django_assert_num_queries(len(small_queries)):
        c.get(reverse(url, args=[partnership.slug, large.pk]))


def test_roles_are_read_from_the_current_date(login, partnership, subgroup):
    former = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_CHAIR, subgroup=subgroup)
    Role.objects.filter(person__user=former).update(valid_to=dt.date(2020, 1, 1))
    url = reverse("subgroups:meeting_create", args=[partnership.slug, subgroup.slug])
    assert login(former).get(url).status_code == 404


def test_decision_left_as_the_bare_resolved_prompt_is_refused(login, partnership, subgroup, chair):
    from subgroups.models import Decision
    from tests.factories import make_item, make_meeting

    item = make_item(meeting=make_meeting(subgroup=subgroup))
    from django.urls import reverse

    url = reverse(
        "subgroups:decision_create", kwargs={"slug": partnership.slug, "item_pk": item.pk}
    )
    response = login(chair).post(url, {"text": "RESOLVED: "})
    assert "Enter what was resolved" in response.content.decode()
    assert not Decision.objects.exists()


def test_minutes_circulated_earlier_keep_the_day_entered_and_not_a_future_one(
    login, partnership, meeting, item, chair
):
    c = login(chair)
    circulate = reverse("subgroups:minutes_circulate", args=[partnership.slug, meeting.pk])
    future = dt.date.today() + dt.timedelta(days=5)
    response = c.post(circulate, date_data("circulated_on", future), follow=True)
    assert "Date circulated must be today or in the past" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    day = timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=6)
    c.post(circulate, date_data("circulated_on", day))
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED
    assert meeting.circulated_on == day


def test_attendance_names_each_organisation_as_it_was_called_on_the_meetings_day(
    login, partnership, subgroup, chair
):
    """The CCG before July 2022, the ICB after; the person's own organisation when the
    attendance names none; whom a substitute stood in for."""
    from partnership.models import OrganisationName
    from tests.factories import make_organisation

    health = make_organisation(partnership=partnership, name="NHS Testshire ICB")
    OrganisationName.objects.create(
        organisation=health,
        name="NHS Testshire CCG",
        valid_from=dt.date(2013, 4, 1),
        valid_to=dt.date(2022, 6, 30),
    )
    police = make_organisation(partnership=partnership, name="Testshire Police")
    nurse = make_person(partnership=partnership, name="Nia Nurse")
    officer = make_person(partnership=partnership, name="Omar Officer", organisation=police)
    away = make_person(partnership=partnership, name="Ann Away")
    pages = {}
    for day in (dt.date(2022, 6, 30), dt.date(2022, 7, 1)):
        meeting = make_meeting(subgroup=subgroup, starts_at=aware(day.year, day.month, day.day))
        make_attendance(meeting=meeting, person=nurse, organisation=health)
        make_attendance(
            meeting=meeting,
            person=officer,
            status=Attendance.Status.SUBSTITUTE,
            substitute_for=away,
        )
        response = login(chair).get(meeting.get_absolute_url())
        pages[day] = response.content.decode()
    before, after = pages[dt.date(2022, 6, 30)], pages[dt.date(2022, 7, 1)]
    assert "NHS Testshire CCG" in before and "NHS Testshire ICB" not in before
    assert "NHS Testshire ICB" in after and "NHS Testshire CCG" not in after
    assert "Testshire Police" in after and "Substitute for Ann Away" in after


def test_the_minutes_read_only_the_kinds_of_record_their_items_have(
    login, partnership, subgroup, chair, no_page_cache
):
    """Declarations of interest are rare: a meeting without any makes no query for them,
    and one with them shows each, with its person and whether they left the room."""
    from papers.models import Declaration

    plain, declared = (
        _meeting_with(subgroup, partnership, 2),
        _meeting_with(subgroup, partnership, 2),
    )
    item = declared.items.order_by("order").first()
    Declaration.objects.create(
        item=item,
        person=make_person(partnership=partnership, name="Dana Declarer"),
        interest="Trustee of a charity bidding for the contract",
        left_room=True,
    )
    c = login(chair)
    counts = {}
    for meeting in (plain, declared):
        c.get(meeting.get_absolute_url())  # warm the session
        with CaptureQueriesContext(connection) as queries:
            page = c.get(meeting.get_absolute_url()).content.decode()
        counts[meeting] = len(queries)
        if meeting == declared:
            assert (
                "Dana Declarer, Trustee of a charity bidding for the contract "
                "(left the room for this item)" in page
            )
        else:
            assert "Declarations of interest" not in page
    assert counts[declared] == counts[plain] + 1


def test_a_meeting_still_to_come_shows_its_agenda_and_no_way_to_circulate_minutes(
    login, partnership, subgroup, chair
):
    """Until the meeting's day its items are the agenda: no 'no minutes yet' under each, and
    no circulating; on the day, the minutes' heading and the button are there."""
    url = lambda m: reverse("subgroups:meeting_detail", args=[partnership.slug, m.pk])  # noqa: E731
    today = timezone.localdate()
    week = today + dt.timedelta(days=7)
    coming = make_meeting(subgroup=subgroup, starts_at=aware(week.year, week.month, week.day))
    make_item(meeting=coming, title="Neglect strategy", minutes="")
    page = login(chair).get(url(coming)).content.decode()
    assert '<h2 class="govuk-heading-m">Agenda</h2>' in page
    assert "1. Neglect strategy" in page
    assert "No minutes written yet." not in page
    assert "Circulate the draft minutes" not in page
    assert 'name="circulated_on_0"' not in page
    assert "Cancel the meeting" in page

    held = make_meeting(subgroup=subgroup, starts_at=aware(today.year, today.month, today.day, 0))
    make_item(meeting=held, title="Neglect strategy", minutes="")
    page = login(chair).get(url(held)).content.decode()
    assert '<h2 class="govuk-heading-m">Minutes</h2>' in page
    assert "No minutes written yet." in page
    assert "Circulate the draft minutes" in page
    assert 'name="circulated_on_0"' in page


def test_no_decision_or_action_is_recorded_before_the_meeting_has_taken_place(
    login, partnership, subgroup, chair, member
):
    """An agenda item of a meeting still to come offers neither link, and both pages refuse,
    by GET and by POST, with the meeting's day in the message; on its day both work."""
    today = timezone.localdate()
    week = today + dt.timedelta(days=7)
    coming = make_meeting(subgroup=subgroup, starts_at=aware(week.year, week.month, week.day))
    item = make_item(meeting=coming, title="Neglect strategy", minutes="")
    decision_url = reverse("subgroups:decision_create", args=[partnership.slug, item.pk])
    action_url = reverse("subgroups:action_create", args=[partnership.slug, item.pk])
    action_data = {
        "description": "Write to schools",
        "owner": person_of(member).pk,
        **date_data("due_on", week + dt.timedelta(days=30)),
    }
    c = login(chair)
    page = c.get(coming.get_absolute_url()).content.decode()
    assert "Change item 1" in page
    assert decision_url not in page and action_url not in page

    refusal = (
        f"This meeting is on {week.day} {week:%B %Y}. Decisions and actions are recorded "
        "once it has taken place."
    )
    for url, data in (
        (decision_url, {"text": "RESOLVED: the strategy be adopted."}),
        (action_url, action_data),
    ):
        for response in (c.get(url, follow=True), c.post(url, data, follow=True)):
            assert response.redirect_chain[-1][0] == coming.get_absolute_url()
            assert refusal in response.content.decode()
    assert not Decision.objects.exists()
    assert not Action.objects.exists()

    coming.starts_at = aware(today.year, today.month, today.day, 0)
    coming.save()
    page = c.get(coming.get_absolute_url()).content.decode()
    assert decision_url in page and action_url in page
    c.post(decision_url, {"text": "RESOLVED: the strategy be adopted."})
    c.post(action_url, {**action_data})
    assert Decision.objects.get().item == item
    assert Action.objects.get().created_on == today
