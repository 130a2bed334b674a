"""Every case-review page: the case review group and the business manager get it; the
scrutineers (independent chair, partner leads) read by pseudonym and case number, never the
identifying details; everyone else gets 404 (the records do not exist for them) and
nothing is written on their POSTs."""

import datetime as dt

import pytest
from django.urls import resolve, reverse

from reviews.models import (
    IdentifyingDetails,
    PracticeReview,
    Recommendation,
    RestrictedAccessLog,
    SeriousIncident,
)
from subgroups.models import Action
from tests.factories import make_person
from tests.reviews.builders import (
    date_data,
    make_legacy_review,
    make_national_review,
    make_practice_review,
    make_recommendation,
)


@pytest.fixture
def world(partnership, incident, details):
    practice = make_practice_review(incident=incident, decision_on=dt.date(2026, 4, 20))
    milestone = practice.milestones.create(title="Learning event", due_on=dt.date(2026, 6, 1))
    legacy = make_legacy_review(partnership=partnership)
    national = make_national_review(partnership=partnership)
    recommendation = make_recommendation(review=practice)
    return {
        "incident": incident,
        "practice": practice,
        "legacy": legacy,
        "national": national,
        "recommendation": recommendation,
        "milestone": milestone,
    }


def review_urls(slug, w):
    i, p, r = w["incident"].pk, w["practice"].pk, w["recommendation"].pk
    names = [
        ("review_list", []),
        ("deadlines", []),
        ("incident_create", []),
        ("incident_detail", [i]),
        ("incident_edit", [i]),
        ("incident_notify", [i]),
        ("identifying_details", [i]),
        ("identifying_details_edit", [i]),
        ("rapid_review_send", [i]),
        ("rapid_review_response", [i]),
        ("practice_review_commission", [i]),
        ("practice_review_detail", [p]),
        ("practice_review_edit", [p]),
        ("milestone_create", [p]),
        ("milestone_edit", [p, w["milestone"].pk]),
        ("practice_review_move", [p, "hold"]),
        ("practice_review_move", [p, "start"]),
        ("practice_review_move", [p, "publish"]),
        ("legacy_review_create", []),
        ("legacy_review_detail", [w["legacy"].pk]),
        ("legacy_review_edit", [w["legacy"].pk]),
        ("national_review_create", []),
        ("national_review_detail", [w["national"].pk]),
        ("national_review_edit", [w["national"].pk]),
        ("briefing_create", []),
        ("recommendation_create", ["practice-review", p]),
        ("recommendation_detail", [r]),
        ("recommendation_edit", [r]),
        ("recommendation_status", [r]),
        ("recommendation_action_create", [r]),
    ]
    return [reverse(f"reviews:{name}", args=[slug, *args]) for name, args in names]


ALLOWED = ["business_manager", "case_review_member", "case_review_chair"]
SCRUTINEERS = ["independent_chair", "partner_lead"]
REFUSED = ["chair", "scrutiny_member", "outsider"]
READ_PAGES = {
    "review_list",
    "deadlines",
    "incident_detail",
    "practice_review_detail",
    "legacy_review_detail",
    "national_review_detail",
    "recommendation_detail",
}


@pytest.mark.parametrize("role", ALLOWED)
def test_case_review_group_and_business_manager_reach_every_review_page(
    request, login, partnership, world, role
):
    client = login(request.getfixturevalue(role))
    for url in review_urls(partnership.slug, world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_gets_404_for_every_review_page(request, login, partnership, world, role):
    client = login(request.getfixturevalue(role))
    for url in review_urls(partnership.slug, world):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", SCRUTINEERS)
def test_scrutineers_read_by_pseudonym_and_are_refused_the_rest(
    request, login, partnership, world, role
):
    client = login(request.getfixturevalue(role))
    read = 0
    for url in review_urls(partnership.slug, world):
        name = resolve(url).url_name
        response = client.get(url)
        if name in READ_PAGES:
            assert response.status_code == 200, url
            body = response.content.decode()
            assert "Child K" in body or name != "incident_detail"
            for detail in ("Tallulah", "Quennell", "Brambleford", "Larkspur", "Morwenna"):
                assert detail not in body, (url, detail)
            assert (
                reverse(
                    "reviews:identifying_details", args=[partnership.slug, world["incident"].pk]
                )
                not in body
            )
            assert "/edit/" not in body, url
            read += 1
        else:
            assert response.status_code == 403, url
    assert read == len(READ_PAGES)
    logged = RestrictedAccessLog.objects.filter(username=request.getfixturevalue(role).username)
    assert logged.filter(action=RestrictedAccessLog.Action.VIEW).count() >= len(READ_PAGES)
    assert not logged.filter(record_type="reviews.IdentifyingDetails").exists()


@pytest.mark.parametrize("role", SCRUTINEERS)
def test_scrutineers_posts_write_nothing(request, login, partnership, world, role):
    client = login(request.getfixturevalue(role))
    count = IdentifyingDetails.objects.count(), Recommendation.objects.count()
    for url in review_urls(partnership.slug, world):
        if resolve(url).url_name not in READ_PAGES:
            assert client.post(url, {"text": "x", "child_name": "Zed"}).status_code == 403
    assert (IdentifyingDetails.objects.count(), Recommendation.objects.count()) == count
    assert IdentifyingDetails.objects.get().child_name == "Tallulah Quennell"


@pytest.mark.parametrize("role", REFUSED)
def test_refused_posts_write_nothing(request, login, partnership, world, role):
    client = login(request.getfixturevalue(role))
    before = {
        m: m.objects.count()
        for m in (
            SeriousIncident,
            IdentifyingDetails,
            PracticeReview,
            Recommendation,
            Action,
            RestrictedAccessLog,
        )
    }
    data = {
        "case_number": "X-1",
        "pseudonym": "Zed",
        "harm": "died",
        "child_name": "Someone Else",
        "text": "Recommend",
        "description": "Do it",
        "reason": "Because",
        "status": "in_progress",
        **date_data("aware_on", dt.date(2026, 5, 1)),
        **date_data("held_on", dt.date(2026, 5, 1)),
        **date_data("notified_on", dt.date(2026, 5, 1)),
    }
    for url in review_urls(partnership.slug, world):
        assert client.post(url, data).status_code == 404, url
    after = {m: m.objects.count() for m in before}
    assert after == before
    world["incident"].refresh_from_db()
    assert world["incident"].status == SeriousIncident.Status.RECORDED
    assert IdentifyingDetails.objects.get().child_name == "Tallulah Quennell"


def test_anonymous_user_is_sent_to_sign_in_for_review_pages(client, partnership, world):
    for url in review_urls(partnership.slug, world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_case_review_group_of_another_partnership_gets_404(
    login, partnership, other_partnership, world
):
    from partnership.models import Role
    from tests.factories import make_member, make_subgroup

    group = make_subgroup(partnership=other_partnership, handles_case_reviews=True)
    member = make_member(
        partnership=other_partnership, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=group
    )
    client = login(member)
    for url in review_urls(partnership.slug, world):
        assert client.get(url).status_code == 404, url
    # Their own partnership's list works, and shows none of this partnership's cases.
    page = client.get(reverse("reviews:review_list", args=[other_partnership.slug]))
    assert page.status_code == 200
    assert "Child K" not in page.content.decode()


def test_a_former_case_review_member_loses_access(login, partnership, case_review_member, world):
    from partnership.models import Role

    Role.objects.filter(person__user=case_review_member).update(valid_to=dt.date(2020, 1, 1))
    make_person(partnership=partnership)
    assert (
        login(case_review_member)
        .get(reverse("reviews:review_list", args=[partnership.slug]))
        .status_code
        == 404
    )


def test_case_reviews_link_is_only_in_the_menu_of_those_who_may_see_them(
    login, client, partnership, world, business_manager, chair
):
    url = f"/p/{partnership.slug}/"
    list_url = reverse("reviews:review_list", args=[partnership.slug])
    assert list_url in login(business_manager).get(url).content.decode()
    client.logout()
    assert list_url not in login(chair).get(url).content.decode()
