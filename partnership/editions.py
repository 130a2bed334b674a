"""Which edition of Working Together to Safeguard Children governs a date.

Working Together 2023 came into force on 15 December 2023. A yearly report, and the
arrangements and budget it accounts for, follow the edition in force on the last day of
the report's period: a report for April 2023 to March 2024 is read against WT2023.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Edition(StrEnum):
    WT2018 = "wt2018"
    WT2023 = "wt2023"

    @property
    def label(self) -> str:
        return {
            Edition.WT2018: "Working Together to Safeguard Children 2018",
            Edition.WT2023: "Working Together to Safeguard Children 2023",
        }[self]

    @property
    def short_label(self) -> str:
        return {Edition.WT2018: "Working Together 2018", Edition.WT2023: "Working Together 2023"}[
            self
        ]


WT2023_IN_FORCE = dt.date(2023, 12, 15)


def edition_on(day: dt.date) -> Edition:
    return Edition.WT2023 if day >= WT2023_IN_FORCE else Edition.WT2018
