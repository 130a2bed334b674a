"""The demo partnerships follow the demo contract other parts of the product rely on."""

import datetime as dt

import pytest

from partnership import demo
from partnership.access import access_for
from partnership.models import Organisation, Partnership, User
from subgroups import demo as subgroups_demo
from subgroups.models import Action, AgendaItem, Meeting, SubGroup


@pytest.fixture
def loaded(db):
    demo.load()
    subgroups_demo.load()


def test_demo_has_the_contracted_partnerships_subgroups_and_users(loaded):
    assert demo.exists()
    worcs = Partnership.objects.get(slug="worcestershire")
    assert set(SubGroup.objects.filter(partnership=worcs).values_list("slug", flat=True)) >= {
        "executive",
        "get-safe",
        "qapp",
        "cspr",
        "head-teachers",
        "meg",
        "ifpg",
        "scr",
    }
    assert set(
        SubGroup.objects.filter(partnership__slug="walsall").values_list("slug", flat=True)
    ) == {"executive", "practice-review", "performance-qa"}
    for username in demo.usernames():
        user = User.objects.get(username=username)
        assert user.check_password(demo.PASSWORD)
        slug = "walsall" if username.endswith("walsall") else "worcestershire"
        assert access_for(user, Partnership.objects.get(slug=slug)) is not None, username


def test_demo_roles_match_their_usernames(loaded):
    worcs = Partnership.objects.get(slug="worcestershire")
    qapp = SubGroup.objects.get(partnership=worcs, slug="qapp")
    cspr = SubGroup.objects.get(partnership=worcs, slug="cspr")
    get = lambda name: access_for(User.objects.get(username=name), worcs)  # noqa: E731
    assert get("bm.worcs").is_business_manager
    assert get("chair.qapp.worcs").can_edit_subgroup(qapp.pk)
    assert not get("chair.qapp.worcs").can_edit_subgroup(cspr.pk)
    assert get("member.cspr.worcs").can_see_case_reviews
    assert get("scrutiny.worcs").is_scrutiny_only
    assert get("lead.health.worcs").is_partner_lead
    assert Action.objects.filter(owner__user__username="member.qapp.worcs").open().exists()


def test_the_health_partner_is_named_by_date(loaded):
    health = Organisation.objects.prefetch_related("names").get(
        partnership__slug="worcestershire", kind=Organisation.Kind.HEALTH
    )
    assert "Clinical Commissioning Group" in health.name_on(dt.date(2020, 1, 1))
    assert "Integrated Care Board" in health.name_on(dt.date(2022, 7, 1))


def test_demo_meetings_follow_the_report(loaded):
    executive = Meeting.objects.filter(
        subgroup__partnership__slug="worcestershire", subgroup__slug="executive"
    ).order_by("starts_at")
    assert executive.first().starts_at.date() == dt.date(2019, 5, 24)
    covid = executive.filter(starts_at__date__range=(dt.date(2020, 4, 1), dt.date(2020, 9, 30)))
    assert covid.count() >= 12  # every two weeks
    board = Meeting.objects.get(subgroup__slug="wscb")
    assert board.starts_at.date() == dt.date(2019, 6, 12)
    assert not Meeting.objects.filter(
        subgroup__slug="head-teachers", starts_at__date__lt=dt.date(2020, 4, 1)
    ).exists()
    qapp = SubGroup.objects.get(partnership__slug="worcestershire", slug="qapp")
    assert set(qapp.predecessors.values_list("slug", flat=True)) == {"meg", "ifpg"}


def test_demo_has_every_state_the_pages_need(loaded):
    today = dt.date.today()
    worcs = Action.objects.filter(partnership__slug="worcestershire")
    assert set(worcs.values_list("status", flat=True)) == set(Action.Status.values)
    assert worcs.overdue(today).exists()
    assert worcs.open().filter(due_on__gte=today).exists()
    assert set(AgendaItem.objects.values_list("confidentiality", flat=True)) == {
        "public",
        "partnership",
        "restricted",
    }
    assert set(Meeting.objects.values_list("minutes_status", flat=True)) == {
        "draft",
        "circulated",
        "confirmed",
    }


def test_logins_text_names_every_user_and_the_password(loaded):
    text = demo.logins_text()
    assert demo.PASSWORD in text
    for username in demo.usernames():
        assert username in text


def test_delete_removes_the_demo(loaded):
    demo.delete()
    assert not demo.exists()
    assert not User.objects.filter(username__in=demo.usernames()).exists()


def test_demo_minutes_discuss_covid_only_while_the_restrictions_lasted(loaded):
    """Topics of their time: no Covid-19 item at a 2019 meeting or a 2026 one, no launch
    after it happened; every meeting held still has a topic beside its opening item."""
    items = AgendaItem.objects.select_related("meeting")
    covid = [
        i for i in items if "covid" in f"{i.title} {i.minutes}".lower() or "lockdown" in i.minutes
    ]
    assert covid  # the demo still tells the story of 2020
    for item in covid:
        day = item.meeting.starts_at.date()
        assert subgroups_demo.COVID["not_before"] <= day <= subgroups_demo.COVID["until"] or (
            item.title in {"Safeguarding babies", "Practice review in progress"}
            and day <= dt.date(2021, 12, 31)
        ), (item.title, day)
    for item in items.filter(title="Safeguarding website"):
        assert item.meeting.starts_at.date() <= dt.date(2019, 5, 20)
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held and all(m.items.filter(order__gte=2).exists() for m in held)


def test_a_topic_out_of_its_time_gives_way_to_the_next_in_the_rotation():
    t = subgroups_demo.Topic
    always, later, old = t("Always", ""), t("Covid", "", **subgroups_demo.COVID), t("Old", "")
    group = subgroups_demo.Group(
        "g", "G", "G", "", "monthly", [], [], [], topics=[later, always, old]
    )
    assert subgroups_demo._topics_for(group, 0, dt.date(2019, 6, 1)) == [always, old]
    assert subgroups_demo._topics_for(group, 0, dt.date(2020, 6, 1)) == [later, always]


def test_a_scheduled_demo_meeting_has_its_agenda_and_no_minutes_yet(loaded):
    scheduled = Meeting.objects.filter(status=Meeting.Status.SCHEDULED)
    assert scheduled.count() >= 8  # one for each active group of both partnerships
    for meeting in scheduled:
        items = list(meeting.items.order_by("order"))
        assert len(items) >= 2, meeting
        assert items[0].title == "Welcome, apologies and minutes of the last meeting"
        assert all(item.presenter_id for item in items)
        assert not any(item.minutes for item in items)
    assert not AgendaItem.objects.filter(meeting__in=scheduled, decisions__isnull=False).exists()
    assert not Action.objects.filter(item__meeting__in=scheduled).exists()
