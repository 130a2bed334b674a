import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.models import Role
from subgroups.models import Action, ActionUpdate
from subgroups.views.actions import PAGE_SIZE
from tests.factories import make_action, make_item, make_meeting, make_member, make_person
from tests.subgroups.conftest import aware, date_data, person_of

TODAY = dt.date.today()


@pytest.fixture
def owner(partnership, subgroup):
    return make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)


@pytest.fixture
def action(partnership, subgroup, owner):
    return make_action(
        partnership=partnership,
        owner=person_of(owner),
        subgroup=subgroup,
        due_on=TODAY + dt.timedelta(days=30),
        description="Audit referrals",
    )


def _update_url(action):
    return reverse("subgroups:action_update", args=[action.partnership.slug, action.pk])


def test_owner_updates_the_status_with_a_dated_note(login, action, owner):
    response = login(owner).post(
        _update_url(action),
        {
            "status": "in_progress",
            "note": "Started the audit.",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    update = ActionUpdate.objects.get()
    assert (update.date, update.note, update.author) == (TODAY, "Started the audit.", owner)


def test_owner_is_not_offered_the_due_date_and_cannot_change_it(login, action, owner):
    c = login(owner)
    assert "due_on" not in c.get(_update_url(action)).context["form"].fields
    c.post(
        _update_url(action),
        {
            "status": "in_progress",
            "note": "Need longer",
            "version": action.version,
            **date_data("due_on", dt.date(2030, 1, 1)),
        },
    )
    action.refresh_from_db()
    assert action.due_on == TODAY + dt.timedelta(days=30)
    assert action.status == Action.Status.IN_PROGRESS


def test_chair_can_change_the_due_date(login, action, chair):
    new_due = TODAY + dt.timedelta(days=90)
    login(chair).post(
        _update_url(action),
        {
            "status": "open",
            "note": "Extended at the meeting.",
            "version": action.version,
            **date_data("due_on", new_due),
        },
    )
    action.refresh_from_db()
    assert action.due_on == new_due


def test_an_update_without_a_note_is_refused(login, action, owner):
    response = login(owner).post(
        _update_url(action), {"status": "completed", "note": "", "version": action.version}
    )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert not ActionUpdate.objects.exists()


def test_an_update_from_an_old_version_is_refused(login, action, owner):
    Action.objects.filter(pk=action.pk).update(version=5)
    response = login(owner).post(
        _update_url(action), {"status": "completed", "note": "Done", "version": 1}
    )
    assert "Someone else updated this action" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_a_member_who_does_not_own_the_action_cannot_update_it(
    login, partnership, subgroup, action
):
    other = make_member(partnership=partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=subgroup)
    c = login(other)
    assert c.get(_update_url(action)).status_code == 403
    assert (
        c.post(
            _update_url(action), {"status": "completed", "note": "Done", "version": action.version}
        ).status_code
        == 403
    )
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert not ActionUpdate.objects.exists()


def test_chair_of_another_subgroup_cannot_edit_or_update_the_action(login, action, other_chair):
    c = login(other_chair)
    edit = reverse("subgroups:action_edit", args=[action.partnership.slug, action.pk])
    # The action came from no meeting: other sub-groups' chairs may read it, not change it.
    assert (
        c.post(
            edit,
            {"description": "Hijacked", "owner": action.owner_id, **date_data("due_on", TODAY)},
        ).status_code
        == 403
    )
    assert (
        c.post(_update_url(action), {"status": "completed", "note": "x", "version": 1}).status_code
        == 403
    )
    action.refresh_from_db()
    assert action.description == "Audit referrals"


def test_owner_cannot_use_the_edit_page(login, action, owner):
    edit = reverse("subgroups:action_edit", args=[action.partnership.slug, action.pk])
    assert login(owner).get(edit).status_code == 403


def test_business_manager_edits_the_action(login, action, business_manager):
    edit = reverse("subgroups:action_edit", args=[action.partnership.slug, action.pk])
    login(business_manager).post(
        edit,
        {
            "description": "Audit referrals from schools",
            "owner": action.owner_id,
            **date_data("due_on", dt.date(2027, 3, 1)),
            "version": action.version,
        },
    )
    action.refresh_from_db()
    assert (action.description, action.due_on) == (
        "Audit referrals from schools",
        dt.date(2027, 3, 1),
    )


@pytest.mark.parametrize(
    "name",
    [
        "action_register",
        "action_detail",
        "action_update",
        "action_edit",
        "subgroup_action_register",
    ],
)
def test_action_pages_send_anonymous_users_to_sign_in_and_outsiders_away(
    client, login, action, outsider, name
):
    slug = action.partnership.slug
    args = {"action_register": [slug], "subgroup_action_register": [slug, action.subgroup.slug]}
    url = reverse(f"subgroups:{name}", args=args.get(name, [slug, action.pk]))
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert login(outsider).get(url).status_code == 404


def test_a_walsall_user_never_sees_a_worcestershire_action(
    login, action, outsider, other_partnership
):
    own_register = reverse("subgroups:action_register", args=[other_partnership.slug])
    page = login(outsider).get(own_register + "?status=all").content.decode()
    assert "Audit referrals" not in page
    sneaky = reverse("subgroups:action_detail", args=[other_partnership.slug, action.pk])
    assert login(outsider).get(sneaky).status_code == 404


def test_scrutiny_members_do_not_see_actions_from_restricted_or_draft_minutes(
    login, partnership, subgroup, scrutiny_member
):
    owner = make_person(partnership=partnership)
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    secret = make_item(meeting=meeting, title="s", confidentiality="restricted")
    hidden = make_action(
        partnership=partnership,
        owner=owner,
        subgroup=subgroup,
        item=secret,
        description="Hidden restricted action",
    )
    c = login(scrutiny_member)
    page = c.get(reverse("subgroups:action_register", args=[partnership.slug]) + "?status=all")
    assert "Hidden restricted action" not in page.content.decode()
    detail = reverse("subgroups:action_detail", args=[partnership.slug, hidden.pk])
    assert c.get(detail).status_code == 404


def _register(c, partnership, query=""):
    return c.get(reverse("subgroups:action_register", args=[partnership.slug]) + query)


def test_register_shows_overdue_actions_prominently_and_filters_them(
    login, partnership, subgroup, business_manager
):
    owner = make_person(partnership=partnership)
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=subgroup,
        due_on=TODAY - dt.timedelta(days=3),
        description="Late one",
    )
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=subgroup,
        due_on=TODAY + dt.timedelta(days=3),
        description="On time",
    )
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=subgroup,
        due_on=TODAY - dt.timedelta(days=3),
        status="completed",
        completed_on=TODAY,
        description="Finished",
    )
    c = login(business_manager)
    page = _register(c, partnership).content.decode()
    assert "1 action is overdue" in page
    assert "Late one" in page and "On time" in page and "Finished" not in page
    overdue = _register(c, partnership, "?status=current&overdue=1").content.decode()
    assert "Late one" in overdue and "On time" not in overdue
    done = _register(c, partnership, "?status=completed").content.decode()
    assert "Finished" in done and "Late one" not in done
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=subgroup,
        status="in_progress",
        description="Under way",
    )
    assert "Under way" in _register(c, partnership).content.decode()
    not_started = _register(c, partnership, "?status=open").content.decode()
    assert "Late one" in not_started and "Under way" not in not_started


def test_register_filters_by_subgroup(
    login, partnership, subgroup, other_subgroup, business_manager
):
    owner = make_person(partnership=partnership)
    make_action(partnership=partnership, owner=owner, subgroup=subgroup, description="QA work")
    make_action(
        partnership=partnership,
        owner=owner,
        subgroup=other_subgroup,
        description="Exploitation work",
    )
    page = _register(
        login(business_manager), partnership, f"?status=all&subgroup={other_subgroup.slug}"
    ).content.decode()
    assert "Exploitation work" in page and "QA work" not in page


def _actions(partnership, subgroup, n):
    owner = make_person(partnership=partnership)
    meeting = make_meeting(subgroup=subgroup, starts_at=aware(2020, 1, 15))
    item = make_item(meeting=meeting)
    Action.objects.bulk_create(
        Action(
            partnership=partnership,
            subgroup=subgroup,
            item=item,
            owner=owner,
            description=f"Action {i}",
            due_on=TODAY - dt.timedelta(days=i % 5),
        )
        for i in range(n)
    )


@pytest.mark.parametrize("name", ["action_register", "subgroup_action_register"])
def test_register_queries_do_not_grow_with_the_number_of_actions(
    login, partnership, subgroup, business_manager, django_assert_num_queries, name, no_page_cache
):
    c = login(business_manager)
    args = [partnership.slug] if name == "action_register" else [partnership.slug, subgroup.slug]
    url = reverse(f"subgroups:{name}", args=args)
    _actions(partnership, subgroup, 3)
    c.get(url)
    with CaptureQueriesContext(connection) as small:
        c.get(url)
    _actions(partnership, subgroup, PAGE_SIZE * 2)
    with django_assert_num_queries(len(small)):
        response = c.get(url)
    assert len(response.context["page"].object_list) == PAGE_SIZE


def test_action_detail_shows_the_update_log(login, action, owner):
    action.move_to("in_progress", note="Half way there", on=dt.date(2026, 1, 5), by=owner)
    page = login(owner).get(action.get_absolute_url()).content.decode()
    assert "Half way there" in page and "5 January 2026" in page


def test_an_action_completed_earlier_is_recorded_on_the_day_entered(login, action, owner):
    done = TODAY - dt.timedelta(days=400)
    response = login(owner).post(
        _update_url(action),
        {
            "status": "completed",
            "note": "Audit finished.",
            "version": action.version,
            **date_data("on", done),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == done and not action.is_overdue()
    assert ActionUpdate.objects.get().date == done


def test_an_update_dated_in_the_future_is_refused_next_to_the_field(login, action, owner):
    response = login(owner).post(
        _update_url(action),
        {
            "status": "completed",
            "note": "Will finish.",
            "version": action.version,
            **date_data("on", TODAY + dt.timedelta(days=2)),
        },
    )
    assert response.status_code == 200
    assert "Date of this update must be today or in the past" in str(
        response.context["form"].errors["on"]
    )
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and not ActionUpdate.objects.exists()
