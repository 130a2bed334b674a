"""Pieces every section builder uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.text import slugify

from reports.document import Section


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    is_appendix: bool = False
    hidden: bool = False


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural_form or word + 's')}"


#: Counts about children and families under this are published as "fewer than 5".
SMALL_COUNT = 5


def published_count(n: int, word: str = "", plural_form: str | None = None) -> str:
    """A count as published: "fewer than 5" (with the plural word) under 5, so no child can be
    identified; otherwise the number, as ``plural`` writes it when a word is given."""
    if 0 <= n < SMALL_COUNT:
        noun = f" {plural_form or word + 's'}" if word else ""
        return f"fewer than {SMALL_COUNT}{noun}"
    return plural(n, word, plural_form) if word else f"{n:,}"


def anchor_for(key: str) -> str:
    return slugify(key.replace(":", "-").replace("_", "-")) or "section"


def new_section(spec: SectionSpec, **kwargs) -> Section:
    anchor = anchor_for(spec.key)
    return Section(
        key=spec.key, title=spec.title, anchor=anchor, is_appendix=spec.is_appendix, **kwargs
    )
