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
    """The whole address and each line or comma-separated part with a number in it (the
    house and street, the postcode): a town or county alone names thousands of people."""
    pieces = [p.strip() for p in re.split(r"[\n,]+", address) if p.strip()]
    whole = ", ".join(pieces)
    return ([whole] if whole else []) + [
        p for p in pieces if len(p) >= 4 and any(c.isdigit() for c in p)
    ]


# The kinds of identifying detail, as a refusal names them (never whose they are).
NAME = "a name"
DATE_OF_BIRTH = "a date of birth"
ADDRESS = "an address"
SCHOOL = "a school"
NHS_NUMBER = "an NHS number"
KINDS = [NAME, DATE_OF_BIRTH, ADDRESS, SCHOOL, NHS_NUMBER]

NHS_PREFIX = "nhs:"  # marks a term matched digit by digit, whatever the spacing


def nhs_number_terms(nhs_number: str) -> list[str]:
    digits = re.sub(r"\D", "", nhs_number)
    return [NHS_PREFIX + digits] if len(digits) >= 8 else []


def kinded_terms(
    *,
    child_name: str = "",
    date_of_birth: dt.date | None = None,
    address: str = "",
    school: str = "",
    nhs_number: str = "",
    family_member_names: Iterable[str] = (),
) -> list[tuple[str, str]]:
    """Every term to look for, each with the kind of detail it is."""
    pairs: list[tuple[str, str]] = [(NAME, t) for t in name_terms(child_name)]
    if date_of_birth:
        pairs += [(DATE_OF_BIRTH, t) for t in date_forms(date_of_birth)]
    pairs += [(ADDRESS, t) for t in address_terms(address)]
    if school.strip():
        pairs.append((SCHOOL, " ".join(school.split())))
    pairs += [(NHS_NUMBER, t) for t in nhs_number_terms(nhs_number)]
    for member in family_member_names:
        pairs += [(NAME, t) for t in name_terms(member)]
    return list(dict.fromkeys((kind, term) for kind, term in pairs if term))


def identifying_terms(**details) -> list[str]:
    return list(dict.fromkeys(term for _kind, term in kinded_terms(**details)))


def _pattern(term: str) -> re.Pattern[str]:
    if term.startswith(NHS_PREFIX):
        digits = term.removeprefix(NHS_PREFIX)
        return re.compile(r"(?<!\d)" + r"[\s-]*".join(digits) + r"(?!\d)")
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def find_kinds(text: str, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The kinds of detail ``text`` contains, in the order of ``KINDS``."""
    found = {kind for kind, term in pairs if _pattern(term).search(text)}
    return [kind for kind in KINDS if kind in found]


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The terms found in ``text``, as they are written there, longest first, no repeats."""
    found: dict[str, None] = {}
    for term in sorted(set(terms), key=len, reverse=True):
        for match in _pattern(term).finditer(text):
            found.setdefault(match.group(0), None)
    return list(found)
