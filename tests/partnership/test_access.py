import pytest

from partnership.models import Role
from tests.factories import make_member


def test_anonymous_user_is_sent_to_sign_in(client, partnership):
    response = client.get(f"/p/{partnership.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_user_of_another_partnership_gets_404(login, partnership, outsider):
    response = login(outsider).get(f"/p/{partnership.slug}/")
    assert response.status_code == 404


def test_business_manager_sees_dashboard_with_partnership_name(
    login, partnership, business_manager
):
    response = login(business_manager).get(f"/p/{partnership.slug}/")
    assert response.status_code == 200
    assert partnership.name in response.content.decode()


def test_expired_role_no_longer_gives_access(login, partnership):
    import datetime as dt

    user = make_member(partnership=partnership, kind=Role.Kind.BUSINESS_MANAGER)
    Role.objects.filter(person__user=user).update(valid_to=dt.date(2020, 1, 1))
    assert login(user).get(f"/p/{partnership.slug}/").status_code == 404


@pytest.mark.parametrize("kind", [Role.Kind.BUSINESS_MANAGER, Role.Kind.SCRUTINY_MEMBER])
def test_home_redirects_to_the_only_partnership(login, partnership, kind):
    user = make_member(partnership=partnership, kind=kind)
    response = login(user).get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/p/{partnership.slug}/"


@pytest.mark.django_db
def test_access_and_its_partnership_are_read_in_one_query(partnership, subgroup, chair, outsider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnership.access import access_by_slug, access_for
    from partnership.versions import token_for

    token = token_for(partnership)
    with CaptureQueriesContext(connection) as queries:
        access = access_by_slug(chair, partnership.slug)
        assert access.partnership == partnership
        assert access.partnership.name == partnership.name
        assert token_for(access.partnership) == token  # read with it
    assert len(queries) == 1
    assert access == access_for(chair, partnership)
    assert access.chaired == {subgroup.pk}
    # No role there, and no such partnership, are the same answer.
    assert access_by_slug(outsider, partnership.slug) is None
    assert access_by_slug(chair, "no-such-partnership") is None


@pytest.mark.django_db
def test_the_menu_links_are_the_reversed_urls(partnership):
    from django.urls import reverse

    from partnership.templatetags.navigation import MENU, partnership_menu

    menu = partnership_menu(partnership.slug)
    assert menu == {key: reverse(name, args=[partnership.slug]) for key, name in MENU.items()}
