"""How long each kind of record is kept, from which date, and what happens after.

The defaults and their basis are in docs/retention.md; a partnership may lengthen any of
them (``retention.models.RetentionPeriod``), never shorten. Published reports are not in
the schedule: they are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import models

DELETE = "delete"
ANONYMISE = "anonymise"


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    model: str  # app_label.ModelName
    runs_from: str  # the date field the period runs from
    years: int
    disposal: str
    basis: str
    case_record: bool = False  # reviewed by the case review group too
    keep_if: dict | None = None  # records matching this filter are never due

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def due_on(self, start: dt.date | dt.datetime, years: int) -> dt.date:
        day = start.date() if isinstance(start, dt.datetime) else start
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + years, day=28)


SCHEDULE = [
    RecordType(
        "meeting",
        "Meetings, with their minutes, decisions and attendance",
        "subgroups.Meeting",
        "starts_at",
        7,
        ANONYMISE,
        "The partnership's record of how it governed: the meeting year and six more, as "
        "local authority retention guidance keeps committee papers of partnerships. "
        "Anonymised, so attendance and counts stay true for earlier reports.",
    ),
    RecordType(
        "action",
        "Actions and their updates",
        "subgroups.Action",
        "due_on",
        6,
        DELETE,
        "Six years from the due date: the Limitation Act 1980's six years for a claim "
        "about the work done.",
    ),
    RecordType(
        "activity",
        "Sub-group activity entries",
        "evidence.ActivityEntry",
        "date",
        6,
        DELETE,
        "Six years: five yearly reports draw on them, and the Limitation Act 1980's six years.",
    ),
    RecordType(
        "incident",
        "Serious incidents, with their rapid and practice reviews",
        "reviews.SeriousIncident",
        "aware_on",
        25,
        ANONYMISE,
        "Special category data about a child (UK GDPR article 9): kept until any child is "
        "past 25 (a child may bring a claim until 21 under the Limitation Act 1980, "
        "sections 11 and 28, and inquiries ask for more), then the identifying details and "
        "free text go; pseudonym, case number and dates stay for the reports.",
        case_record=True,
    ),
    RecordType(
        "legacy_review",
        "Earlier reviews (serious case reviews, learning reviews)",
        "reviews.LegacyReview",
        "published_on",
        25,
        ANONYMISE,
        "As serious incidents: case records about a child.",
        case_record=True,
    ),
    RecordType(
        "access_log",
        "Views and exports of case-review records",
        "reviews.RestrictedAccessLog",
        "at",
        6,
        DELETE,
        "The audit trail of special category data: six years, the Limitation Act 1980's "
        "period for a claim about its misuse.",
    ),
    RecordType(
        "message",
        "Emails sent (the outbox)",
        "notifications.Message",
        "created_at",
        1,
        DELETE,
        "Copies of notices whose records are kept elsewhere: one year, to answer queries "
        "about delivery (UK GDPR article 5(1)(e), storage limitation).",
    ),
    RecordType(
        "draft_report",
        "Yearly reports never published (drafts, sign-off, comments)",
        "reports.Report",
        "period_end",
        6,
        DELETE,
        "Working drafts: six years. A report with a published edition is kept, with the "
        "published edition itself.",
        keep_if={"publication__isnull": False},
    ),
    RecordType(
        "committee_submission",
        "Reports presented to council committees, with questions and answers",
        "scrutiny.CommitteeSubmission",
        "meeting_date",
        7,
        ANONYMISE,
        "As meetings: the council's own minutes keep the public record.",
    ),
]

BY_KEY = {t.key: t for t in SCHEDULE}
