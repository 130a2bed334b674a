"""The partnership's menu links, reversed once per process rather than on every page.

Every page of a partnership shows its menu: eleven ``{% url %}`` tags, each a URL reversal,
on every request. The links differ from one partnership to the next only by the slug, so
each is reversed once, with a marker where the slug goes, and the slug is put in its place.
"""

from __future__ import annotations

import functools

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

MARKER = "partnership-slug-marker"  # a slug no partnership has, replaced in each link

MENU = {
    "dashboard": "partnership:dashboard",
    "subgroups": "subgroups:subgroup_list",
    "actions": "subgroups:action_register",
    "decisions": "scrutiny:decision_register",
    "calendar": "scrutiny:calendar",
    "committees": "scrutiny:submission_list",
    "search": "scrutiny:search",
    "reports": "reports:report_list",
    "evidence": "evidence:home",
    "reviews": "reviews:review_list",
    "retention": "retention:queue",
}


@functools.cache
def _menu(prefix: str) -> dict[str, tuple[str, str]]:
    return {key: tuple(reverse(name, args=[MARKER]).split(MARKER, 1)) for key, name in MENU.items()}


@register.simple_tag
def partnership_menu(slug: str) -> dict[str, str]:
    """``{% partnership_menu partnership.slug as menu %}``: ``menu.dashboard`` is
    ``{% url 'partnership:dashboard' partnership.slug %}``, and so on for ``MENU``."""
    return {key: f"{head}{slug}{tail}" for key, (head, tail) in _menu(get_script_prefix()).items()}
