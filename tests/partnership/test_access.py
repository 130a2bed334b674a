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
