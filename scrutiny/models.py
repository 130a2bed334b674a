"""Scrutiny and public access: the search index, feed tokens and committee submissions.

The search index is a table of its own (``SearchEntry``): one row per minute item,
decision, action or published report, carrying the fields that decide who may read it
(sub-group, confidentiality, minutes status). Signals keep it in step with the records
(see ``scrutiny.signals``), so a search never joins across other apps' tables and the
permission filter is a plain WHERE clause on indexed columns.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import Partnership, VersionedModel


class RecordType(models.TextChoices):
    ITEM = "item", "Minute item"
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"
    REPORT = "report", "Published report"
    PAPER = "paper", "Meeting paper"


class SearchEntry(models.Model):
    """A searchable copy of one record, with the facts its readers are decided by."""

    # Not checked for a child's identifying details (reviews.shared_text):
    # copies of records checked when they were written.
    shared_text_exempt = "__all__"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="search_entries"
    )
    record_type = models.CharField(max_length=10, choices=RecordType.choices)
    object_id = models.PositiveBigIntegerField()
    subgroup = models.ForeignKey(
        "subgroups.SubGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entries",
    )
    date = models.DateField()
    # Copied from the agenda item (or "public" for a published report).
    confidentiality = models.CharField(max_length=20)
    # Copied from the meeting; "confirmed" for published reports and free-standing actions.
    minutes_status = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    context = models.CharField(
        max_length=300, blank=True, help_text="Where the record comes from, e.g. the meeting."
    )
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "object_id"], name="search_entry_one_per_record"
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "date"], name="search_entry_partnership_date"),
            # Created on PostgreSQL only (see the migrations); SQLite has no GIN. Every
            # search is within one partnership, so the partnership leads (btree_gin).
            GinIndex(fields=["partnership", "search_vector"], name="search_entry_partner_vector"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.title}"


class FeedTokenQuerySet(models.QuerySet):
    def live(self) -> FeedTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class FeedToken(models.Model):
    """A secret in a feed address, so that a calendar or feed reader can fetch it.

    Only a hash is stored; the address is shown once, when it is made. Each feed a
    person subscribes to has its own token, so one can be revoked without the others.
    The feed shows what the token's user may read today, so a role that ends ends the feed.
    """

    class Kind(models.TextChoices):
        CALENDAR = "calendar", "Meetings calendar (iCal)"
        UPDATES = "updates", "Confirmed minutes and published reports (Atom)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subgroup = models.ForeignKey(
        "subgroups.SubGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_tokens",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Who made or revoked a feed address, and when; each fetch is not a change.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="calendar", subgroup__isnull=False)
                | Q(kind="updates", subgroup__isnull=True),
                name="feed_token_calendar_names_subgroup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(
        cls, *, user, partnership: Partnership, kind: str, subgroup=None
    ) -> tuple[FeedToken, str]:
        """A new token row and the secret itself (which is not stored)."""
        secret = secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user,
            partnership=partnership,
            kind=kind,
            subgroup=subgroup,
            token_hash=cls.hash(secret),
        )
        return row, secret

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def feed_path(self, secret: str) -> str:
        if self.kind == self.Kind.CALENDAR:
            return reverse("scrutiny:calendar_feed", args=[secret])
        return reverse("scrutiny:updates_feed", args=[secret])


#: The parts of a cover report a format's headings can hold (the CoverReport's text fields).
COVER_PARTS = [
    ("aim", "The aim of the report"),
    ("recommendations", "What the committee is asked to do"),
    ("report_detail", "What the report says"),
    ("financial_information", "The money"),
    ("reducing_inequalities", "Reducing inequalities"),
    ("decide", "What was decided"),
    ("respond", "How the partnership responds"),
    ("review", "How progress is reviewed"),
]

#: Formats every partnership starts with: the county council committee format in the
#: seed cover report (Aim … Review), and a plain one for councils without a house format.
COVER_PRESETS = {
    "Council committee format (Aim, Recommendations, Know, Decide, Respond, Review)": [
        ["aim", "Aim"],
        ["recommendations", "Recommendations"],
        ["report_detail", "Report detail – know"],
        ["financial_information", "Financial information"],
        ["reducing_inequalities", "Reducing inequalities"],
        ["decide", "Decide"],
        ["respond", "Respond"],
        ["review", "Review"],
    ],
    "Plain format": [
        ["aim", "Purpose of the report"],
        ["recommendations", "Recommendations"],
        ["report_detail", "The report"],
        ["financial_information", "Financial implications"],
    ],
}
PLAIN_FORMAT = "Plain format"
COUNCIL_FORMAT = next(iter(COVER_PRESETS))


class CoverReportFormatQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> CoverReportFormatQuerySet:
        return self.filter(partnership=partnership)


class CoverReportFormat(models.Model):
    """A council's cover-report format: its numbered headings, in its order.

    ``sections`` is a list of ``[part, heading]``: which part of the cover report (see
    ``COVER_PARTS``) goes under which of the council's headings. Chosen for each committee
    submission; without one, the plain format.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="cover_report_formats"
    )
    name = models.CharField(max_length=200, help_text="For example, the council's name.")
    sections = models.JSONField(help_text='A list of [part, heading], e.g. [["aim", "Aim"]].')
    history = HistoricalRecords()

    objects = CoverReportFormatQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="cover_report_format_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        parts = dict(COVER_PARTS)
        rows = self.sections if isinstance(self.sections, list) else []
        well_formed = all(
            isinstance(row, list) and len(row) == 2 and row[0] in parts and str(row[1]).strip()
            for row in rows
        )
        if not rows or not well_formed:
            raise ValidationError(
                {
                    "sections": "Give each heading as [part, heading], the part one of: "
                    + ", ".join(parts)
                    + "."
                }
            )

    @classmethod
    def presets_for(cls, partnership: Partnership) -> list[CoverReportFormat]:
        """The partnership's formats, with the two presets made the first time."""
        for name, sections in COVER_PRESETS.items():
            cls.objects.get_or_create(
                partnership=partnership, name=name, defaults={"sections": sections}
            )
        return list(cls.objects.for_partnership(partnership))


class CommitteeSubmissionQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> CommitteeSubmissionQuerySet:
        return self.filter(partnership=partnership)


class CommitteeSubmission(models.Model):
    """One presentation of the yearly report to a council committee."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "presenter": "the name of a member of staff, councillor or official, not about a child",
    }

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="committee_submissions"
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_submissions",
        help_text="The yearly report presented, if it is kept here.",
    )
    report_title = models.CharField(max_length=200, help_text="For example: Annual Report 2019-20.")
    period_start = models.DateField(help_text="First day the report covers.")
    period_end = models.DateField(help_text="Last day the report covers.")
    council = models.CharField(
        max_length=200,
        help_text="The council whose committee considers the report, as it names itself.",
    )
    committee = models.CharField(
        max_length=200, help_text="The committee's name, as the council writes it."
    )
    meeting_date = models.DateField()
    agenda_item = models.CharField(max_length=20, blank=True, help_text="Agenda item number.")
    wards = models.CharField(max_length=200, blank=True, default="All")
    portfolios = models.CharField(max_length=200, blank=True)
    presenter = models.CharField(max_length=200, help_text="Who presented the report.")
    presenter_role = models.CharField(max_length=200, blank=True)
    resolution = models.TextField(
        blank=True, help_text='What the committee resolved, e.g. "RESOLVED: the report be noted".'
    )
    cover_format = models.ForeignKey(
        CoverReportFormat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name="cover report format",
        help_text="The council's format for the cover report. Blank: the plain format.",
    )
    history = HistoricalRecords()

    objects = CommitteeSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="committee_submission_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_title} to {self.committee}, {self.meeting_date:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("scrutiny:submission_detail", args=[self.partnership.slug, self.pk])


class CommitteeQuestion(models.Model):
    """A question a committee member asked, and the answer given."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "asked_by": "the name of a member of staff, councillor or official, not about a child",
        "answered_by": "the name of a member of staff, councillor or official, not about a child",
    }

    submission = models.ForeignKey(
        CommitteeSubmission, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField()
    asked_by = models.CharField(max_length=200, help_text="For example: Councillor A. Member.")
    question = models.TextField()
    answered_by = models.CharField(max_length=200, blank=True)
    answer = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "order"], name="committee_question_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.question[:60]}"


class CommitteeAction(models.Model):
    """Something the committee asked the partnership to do."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "owner": "the name of a member of staff, councillor or official, not about a child",
    }

    submission = models.ForeignKey(
        CommitteeSubmission, on_delete=models.CASCADE, related_name="actions_arising"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        super().clean()
        held_on = self.submission.meeting_date if self.submission_id else None
        if self.due_on and held_on and self.due_on < held_on:
            raise ValidationError(
                {
                    "due_on": "The due date cannot be before the committee meeting that raised "
                    f"the action ({held_on.day} {held_on:%B %Y})"
                }
            )


class CoverReport(VersionedModel):
    """The committee cover report in the council's format, filled from the report and edited."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "author_name": "the name of a member of staff, councillor or official, not about a child",
    }

    submission = models.OneToOneField(
        CommitteeSubmission, on_delete=models.CASCADE, related_name="cover_report"
    )
    title = models.CharField(max_length=200)
    aim = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    report_detail = models.TextField("Report detail – know", blank=True)
    financial_information = models.TextField(blank=True)
    reducing_inequalities = models.TextField(blank=True)
    decide = models.TextField(blank=True)
    respond = models.TextField(blank=True)
    review = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_title = models.CharField(max_length=200, blank=True)
    author_email = models.EmailField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title

    def sections(self) -> list[tuple[str, str]]:
        """(part, heading) in the order of the submission's format (the plain one if none)."""
        chosen = self.submission.cover_format
        rows = chosen.sections if chosen is not None else COVER_PRESETS[PLAIN_FORMAT]
        return [(part, heading) for part, heading in rows]

    def numbered_sections(self) -> list[tuple[int, str, str]]:
        return [
            (n, heading, getattr(self, field))
            for n, (field, heading) in enumerate(self.sections(), start=1)
        ]
