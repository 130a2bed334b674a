"""On a phone's width the partnership menu folds behind a "Menu" button, so the page's
own content comes first; the button opens it from the keyboard, and on a wide screen the
menu is shown whole with no button."""

from __future__ import annotations

from partnership.models import Role
from tests.browser.conftest import tab_to
from tests.factories import make_member


def test_the_menu_folds_on_a_small_screen_and_opens_from_the_keyboard(
    page, sign_in, check_page, testshire, qa_group
):
    member = make_member(
        partnership=testshire, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=qa_group, username="m"
    )
    sign_in(page, member)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(testshire.get_absolute_url())
    toggle = page.get_by_role("button", name="Menu")
    search = page.locator(".govuk-service-navigation__list").get_by_role("link", name="Search")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not search.is_visible()
    check_page(page, context="dashboard, small screen, menu folded")

    tab_to(page, "button.govuk-service-navigation__toggle")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert search.is_visible()
    check_page(page, context="dashboard, small screen, menu open")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert search.is_visible()
