"""Finding a child's identifying details in free text (plain Python, no Django).

Used before anything leaves the case review group: minutes, actions, the yearly report,
exports. Matching is case-insensitive and on whole words, so "Ann" does not match
"Annual"; dates of birth are looked for in the ways people write dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

MIN_PART_LENGTH = 3  # shorter name parts ("Jo", "Li") match too much ordinary text


def date_forms(day: dt.date) -> list[str]:
    """The ways a date of birth is likely to be written."""
    d, m, y = day.day, day.month, day.year
    month, mon = day.strftime("%B"), day.strftime("%b")
    suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = {
        f"{d} {month} {y}",
        f"{d:02d} {month} {y}",
        f"{d}{suffix} {month} {y}",
        f"{d} {mon} {y}",
        f"{d:02d} {mon} {y}",
        f"{d}{suffix} {mon} {y}",
        f"{month} {d}, {y}",
        f"{month} {d} {y}",
        f"{month} {d}{suffix}, {y}",
        f"{d}/{m}/{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d:02d}/{m:02d}/{y % 100:02d}",
        f"{d}/{m}/{y % 100:02d}",
        f"{d}.{m}.{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}-{m}-{y}",
        f"{d:02d}-{m:02d}-{y}",
        day.isoformat(),
    }
    return sorted(forms)


def name_terms(name: str) -> list[str]:
    """A full name and each part of it long enough to identify (first name, surname)."""
    name = " ".join(name.split())
    if not name:
        return []
    parts = [p.strip(".,'") for p in re.split(r"[\s]+", name)]
    return [name] + [p for p in parts if len(p) >= MIN_PART_LENGTH]


def address_terms(address: str) -> list[str]:
    """The whole address and each line or comma-separated part (street, postcode)."""
    pieces = [p.strip() for p in re.split(r"[\n,]+", address) if p.strip()]
    whole = ", ".join(pieces)
    return ([whole] if whole else []) + [p for p in pieces if len(p) >= 4]


def identifying_terms(
    *,
    child_name: str = "",
    date_of_birth: dt.date | None = None,
    address: str = "",
    school: str = "",
    family_member_names: Iterable[str] = (),
) -> list[str]:
    terms: list[str] = []
    terms += name_terms(child_name)
    if date_of_birth:
        terms += date_forms(date_of_birth)
    terms += address_terms(address)
    if school.strip():
        terms.append(" ".join(school.split()))
    for member in family_member_names:
        terms += name_terms(member)
    return list(dict.fromkeys(t for t in terms if t))


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The terms found in ``text``, as they are written there, longest first, no repeats."""
    found: dict[str, None] = {}
    for term in sorted(set(terms), key=len, reverse=True):
        for match in _pattern(term).finditer(text):
            found.setdefault(match.group(0), None)
    return list(found)
