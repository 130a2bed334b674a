"""The statutory yearly report: its period, structure, narrative, review, sign-off and publication.

A Report is a partnership and a period; everything else in it is assembled from the
records (see ``reports.assembly``). The business manager writes the narrative parts
(foreword, executive summary, conclusion, custom sections); the independent chair comments
section by section and approves or asks for changes; each statutory partner signs off,
through its lead or delegated safeguarding partner as the edition in force on the period
end allows (``Partnership.signing_kinds``); the business manager publishes, which freezes
the rendered output with a hash.

Moves: draft → submitted → (changes requested → submitted …) → approved → signed off →
published. Narrative can be edited only while the report is a draft or has changes
requested.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from notifications.registry import notify
from partnership.editions import Edition, edition_on
from partnership.models import Organisation, Partnership, Person, Role, VersionedModel

#: Days after publication by which the report goes to the Panel and What Works Centre / DfE.
DISTRIBUTION_DAYS = 7


def add_months(day: dt.date, months: int) -> dt.date:
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def months_between(start: dt.date, end: dt.date) -> int:
    """Calendar months needed to cover ``start``..``end`` inclusive (1 Apr–31 Mar is 12)."""
    months = 1
    while add_months(start, months) - dt.timedelta(days=1) < end:
        months += 1
    return months


#: The dashboard warns this many days before 12 months since the last publication pass.
REPORT_DUE_WARNING_DAYS = 60


def next_report_due(partnership: Partnership) -> tuple[dt.date, dt.date] | None:
    """(the last publication's day, the day 12 months after it), or None if none yet."""
    last = (
        PublishedReport.objects.for_partnership(partnership)
        .order_by("-published_on")
        .values_list("published_on", flat=True)
        .first()
    )
    return (last, add_months(last, 12)) if last else None


class ReportQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> ReportQuerySet:
        return self.filter(partnership=partnership)

    def published(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.PUBLISHED)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved by the independent chair"
        SIGNED_OFF = "signed_off", "Signed off by the partners"
        PUBLISHED = "published", "Published"

    MOVES = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.CHANGES_REQUESTED, Status.APPROVED},
        Status.CHANGES_REQUESTED: {Status.SUBMITTED},
        Status.APPROVED: {Status.SIGNED_OFF, Status.CHANGES_REQUESTED},
        Status.SIGNED_OFF: {Status.PUBLISHED},
        Status.PUBLISHED: set(),
    }
    EDITABLE = {Status.DRAFT, Status.CHANGES_REQUESTED}
    #: States in which the report is the approved version, frozen.
    FROZEN = {Status.APPROVED, Status.SIGNED_OFF, Status.PUBLISHED}

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    edition = models.PositiveSmallIntegerField(
        "version",
        default=1,
        help_text="1 for the first published version; a new version is made from an updated draft.",
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The published version this draft will replace.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    last_assembled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-edition"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="report_period_ordered"
            ),
            models.UniqueConstraint(
                fields=["partnership", "period_start", "period_end", "edition"],
                name="report_edition_unique",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" (version {self.edition})" if self.edition > 1 else ""
        return f"{self.title}{suffix}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.partnership.slug, self.pk])

    # --- the period ----------------------------------------------------------------
    @property
    def months(self) -> int:
        return months_between(self.period_start, self.period_end)

    @property
    def is_transitional(self) -> bool:
        """Longer than 12 months: allowed for a transitional report, but worth a warning."""
        return self.months > 12

    def period_warning(self) -> str:
        if not self.is_transitional:
            return ""
        return (
            f"This report covers {self.months} months. The law asks for a report at least once "
            "in every 12-month period; a longer period is acceptable only for a transitional "
            "report (for example the first report after the board became a partnership)."
        )

    @property
    def working_together(self) -> Edition:
        """The edition of Working Together in force on the last day of the period."""
        return edition_on(self.period_end)

    def cadence_warnings(self) -> list[str]:
        """A gap after, or an overlap with, the report before this one: allowed, but said."""
        previous = (
            Report.objects.for_partnership(self.partnership)
            .filter(period_start__lt=self.period_start)
            .exclude(pk=self.pk)
            .order_by("-period_end", "-edition")
            .first()
        )
        if previous is None:
            return []
        before = (
            f"the previous report ({_day(previous.period_start)} to {_day(previous.period_end)})"
        )
        next_day = previous.period_end + dt.timedelta(days=1)
        if self.period_start > next_day:
            days = (self.period_start - next_day).days
            return [
                f"This period leaves a gap of {days} day{'s' if days != 1 else ''} after "
                f"{before}: {_day(next_day)} to {_day(self.period_start - dt.timedelta(days=1))} "
                "would be in no report."
            ]
        if self.period_start < next_day:
            return [
                f"This period overlaps {before}: {_day(self.period_start)} to "
                f"{_day(min(previous.period_end, self.period_end))} would be reported twice."
            ]
        return []

    # --- state -----------------------------------------------------------------------
    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def check_editable(self) -> None:
        if self.status == self.Status.PUBLISHED:
            raise ValidationError(
                "This report is published and cannot change. Make a new version to correct it."
            )
        if not self.is_editable:
            raise ValidationError(
                f"This report is {self.get_status_display().lower()}: it can be edited only as a "
                "draft or when changes have been requested."
            )

    def _move(self, target: str) -> None:
        if target not in self.MOVES[self.status]:
            raise ValidationError(
                f"A report that is {self.get_status_display().lower()} cannot be moved to "
                f"{self.Status(target).label.lower()}."
            )
        self.status = target

    def _record(
        self, kind: str, *, by, note: str = "", section_key: str = "", on: dt.date | None = None
    ) -> ReportEvent:
        return ReportEvent.objects.create(
            report=self, kind=kind, by=by, note=note, section_key=section_key, on=on
        )

    def submit(self, *, by) -> None:
        """The business manager sends the draft to the independent chair."""
        self._move(self.Status.SUBMITTED)
        self.save(update_fields=["status"])
        self._record(ReportEvent.Kind.SUBMITTED, by=by)
        notify("report_submitted", self, actor=by)

    def request_changes(self, *, by, note: str) -> None:
        """The independent chair sends it back; the reason is required."""
        if not note.strip():
            raise ValidationError({"note": "Say what needs to change."})
        self._move(self.Status.CHANGES_REQUESTED)
        self.save(update_fields=["status"])
        # Sign-offs given to an earlier text no longer stand.
        self.signoffs.all().delete()
        self._record(ReportEvent.Kind.CHANGES_REQUESTED, by=by, note=note)
        notify("report_changes_requested", self, actor=by)

    def approve(self, *, by, note: str = "", despite_comments: bool = False) -> ReportVersion:
        """The independent chair approves the submitted report: what they approve is frozen
        as a version, which the leads sign and the business manager publishes.

        Refused while a comment is unresolved, unless the chair says to approve anyway.
        """
        open_comments = self.comments.filter(resolved=False).count()
        if (
            self.Status.APPROVED in self.MOVES[self.status]
            and open_comments
            and not despite_comments
        ):
            raise ValidationError(
                {
                    "despite_comments": f"{open_comments} comment"
                    f"{' is' if open_comments == 1 else 's are'} not resolved. Resolve "
                    "them, or say that you approve the report anyway."
                }
            )
        self._move(self.Status.APPROVED)
        self.save(update_fields=["status"])
        self._record(ReportEvent.Kind.APPROVED, by=by, note=note)
        version = self._freeze(by=by)
        notify("report_approved", self, actor=by)
        return version

    def reapprove(self, *, by, note: str = "") -> ReportVersion:
        """The independent chair approves the report again after its records changed.

        The earlier version stays as it was approved; the leads sign the new one afresh.
        """
        from reports.approval import changes_since_approval

        if self.status not in (self.Status.APPROVED, self.Status.SIGNED_OFF):
            raise ValidationError(
                "Only an approved report is approved again "
                f"(this one is {self.get_status_display().lower()})."
            )
        changes = changes_since_approval(self)
        if not changes:
            raise ValidationError(
                "The records have not changed since approval: there is nothing to approve again."
            )
        self.status = self.Status.APPROVED
        self.save(update_fields=["status"])
        # Sign-offs given to the earlier version do not stand for the new one.
        self.signoffs.all().delete()
        self._record(ReportEvent.Kind.REAPPROVED, by=by, note=note or "; ".join(changes.lines()))
        version = self._freeze(by=by)
        notify("report_approved", self, actor=by)
        return version

    def _freeze(self, *, by) -> ReportVersion:
        # Assembly reads these models, so it is imported here rather than at the top.
        from reports.assembly import assemble
        from reports.document import checksum, document_data

        data = document_data(assemble(self))
        number = (self.versions.aggregate(n=models.Max("number"))["n"] or 0) + 1
        return ReportVersion.objects.create(
            report=self,
            number=number,
            document=data,
            sha256=checksum(data),
            approved_by=by if getattr(by, "pk", None) else None,
        )

    def current_version(self) -> ReportVersion | None:
        """The version the independent chair approved last (None before approval)."""
        if self.status not in self.FROZEN:
            return None
        return self.versions.order_by("-number").first()

    def sign_off(
        self,
        *,
        person: Person,
        organisation: Organisation,
        by,
        capacity: str | None = None,
        on: dt.date | None = None,
        version: ReportVersion | None = None,
    ) -> SignOff:
        """A partner's lead or delegated safeguarding partner signs for it (``capacity``: the
        role they sign in; by default the one ``person`` holds for ``organisation``); the
        third partner's signature completes it. Who may sign follows
        ``Partnership.signing_kinds`` for the period end.

        ``on`` is the day they signed (today unless entered; never in the future). ``version``
        is the approved version they read: refused if the chair has approved another since.
        """
        on = on or timezone.localdate()
        if on > timezone.localdate():
            raise ValidationError({"signed_on": "The day of signing cannot be in the future."})
        current = self.current_version()
        if version is not None and (current is None or version.pk != current.pk):
            raise ValidationError(
                "The independent chair has approved a newer version since you opened the "
                "report. Read it and sign again."
            )
        if self.status != self.Status.APPROVED:
            raise ValidationError(
                "Partners sign off only after the independent chair has approved the report "
                f"(it is {self.get_status_display().lower()})."
            )
        if (
            not organisation.is_statutory_partner
            or organisation.partnership_id != self.partnership_id
        ):
            raise ValidationError("Only a statutory partner of this partnership signs off.")
        if self.signoffs.filter(organisation=organisation).exists():
            raise ValidationError(f"{organisation} has already signed off this report.")
        capacity = self.signing_capacity(person=person, organisation=organisation, asked=capacity)
        signoff = SignOff.objects.create(
            report=self,
            organisation=organisation,
            person=person,
            capacity=capacity,
            version=current,
            signed_on=on,
        )
        self._record(ReportEvent.Kind.SIGNED, by=by, note=str(organisation), on=on)
        notify("report_signed", self, actor=by, organisation=organisation)
        signed_kinds = set(self.signoffs.values_list("organisation__kind", flat=True))
        if signed_kinds >= set(STATUTORY_KINDS):
            self._move(self.Status.SIGNED_OFF)
            self.save(update_fields=["status"])
            self._record(ReportEvent.Kind.SIGNED_OFF, by=by)
        return signoff

    def signing_capacity(
        self, *, person: Person, organisation: Organisation, asked: str | None = None
    ) -> str:
        """The role ``person`` signs in for ``organisation``, or ValidationError when the
        edition (or the partnership's own rule) does not let them sign."""
        held = set(
            Role.objects.current()
            .filter(person=person, organisation=organisation, kind__in=Role.PARTNER_KINDS)
            .values_list("kind", flat=True)
        )
        if asked:
            held &= {asked}
        allowed = self.partnership.signing_kinds(self.period_end)
        for kind in (Role.Kind.LEAD_PARTNER, Role.Kind.DELEGATED_PARTNER):
            if kind in held and kind in allowed:
                return kind
        if Role.Kind.DELEGATED_PARTNER in held:
            raise ValidationError(self.partnership.sign_off_refusal(self.period_end))
        raise ValidationError(
            f"{person} is not a lead or delegated safeguarding partner for {organisation}."
        )

    def mark_published(self, *, by, on: dt.date | None = None) -> None:
        """Only ``reports.services.publish`` calls this, after the checks and the freeze."""
        self._move(self.Status.PUBLISHED)
        self.save(update_fields=["status"])
        self._record(ReportEvent.Kind.PUBLISHED, by=by, on=on)


STATUTORY_KINDS = (
    Organisation.Kind.LOCAL_AUTHORITY,
    Organisation.Kind.HEALTH,
    Organisation.Kind.POLICE,
)


class ReportSectionConfig(models.Model):
    """One section of a partnership's report structure: which, called what, where, shown or not.

    Built-in sections are assembled from records (``key`` names the builder, see
    ``reports.assembly.BUILDERS``); ``subgroup:<slug>`` places one sub-group's section;
    custom sections (``custom:<slug>``) carry Markdown written for each report.
    """

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "key": "a key the code uses",
    }

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="report_sections"
    )
    key = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    hidden = models.BooleanField(default=False)
    is_appendix = models.BooleanField(default=False)
    guidance = models.TextField(
        blank=True, help_text="For a custom section: what the writer should cover."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="report_section_key_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_custom(self) -> bool:
        return self.key.startswith("custom:")


class ReportNarrative(VersionedModel):
    """Text written in the product for one report: foreword, summary, conclusion, custom sections.

    Markdown; rendered with ``markdown`` and sanitised with ``nh3`` (see ``reports.text``).
    """

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "key": "a key the code uses",
        "signed_as": "the name of a member of staff, councillor or official, not about a child",
    }

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    key = models.CharField(max_length=80)
    body = models.TextField(
        blank=True, help_text="Markdown: blank line between paragraphs, - for a list."
    )
    signed_as = models.CharField(
        max_length=200,
        blank=True,
        help_text="For the foreword: the name and role it is signed with.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_narrative_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.key}"

    def save(self, *args, **kwargs):
        # Whatever the route (the report's page, the admin, a script), the text of a report
        # under review, approved, signed off or published does not change.
        self.report.check_editable()
        super().save(*args, **kwargs)


class ReportEvent(models.Model):
    """One row per step in the report's life: who did what, when, with what note."""

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "section_key": "a key the code uses",
    }

    class Kind(models.TextChoices):
        CREATED = "created", "Draft opened"
        ASSEMBLED = "assembled", "Assembled from the records"
        SUBMITTED = "submitted", "Submitted for review"
        COMMENTED = "commented", "Commented"
        REPLIED = "replied", "Answered a comment"
        RESOLVED = "resolved", "Resolved a comment"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        REAPPROVED = "reapproved", "Approved again after the records changed"
        SIGNED = "signed", "Signed off by a partner"
        SIGNED_OFF = "signed_off", "Signed off by all three partners"
        PUBLISHED = "published", "Published"
        NEW_VERSION = "new_version", "New version made"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        "partnership.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the step happened, when entered (sign-off, publication).",
    )
    note = models.TextField(blank=True)
    section_key = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d %B %Y})"


class ReportVersion(models.Model):
    """What the independent chair approved: the assembled document, frozen, with its checksum.

    Written once; never updated. The leads sign a version, and publishing renders it.
    """

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {"sha256": "a checksum the code computes"}

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    document = models.JSONField(help_text="The assembled document (reports.document_data).")
    sha256 = models.CharField("checksum (SHA-256)", max_length=64)
    approved_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        "partnership.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"Approved version {self.number} ({self.short_sha})"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("An approved version never changes.")
        super().save(*args, **kwargs)

    @property
    def short_sha(self) -> str:
        return self.sha256[:12]


class SectionComment(models.Model):
    """The independent chair's comment on one section of a submitted report.

    Anchored to the section's key, which does not change when sections move or are
    renamed; ``section_title`` is the title when the comment was made, kept in case the
    section leaves the report. Answered with replies; resolved by the chair.
    """

    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "section_key": "a key the code uses",
        "section_title": "copied from the section's title",
    }

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    section_key = models.CharField(max_length=80)
    section_title = models.CharField(max_length=200)
    author = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="report_comments")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        Person, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved=False) | Q(resolved_at__isnull=False),
                name="resolved_comment_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_title}: {self.text[:60]}"

    def resolve(self, *, by: Person | None) -> None:
        if self.resolved:
            raise ValidationError("This comment is already resolved.")
        self.resolved = True
        self.resolved_by = by
        self.resolved_at = timezone.now()
        self.save()


class CommentReply(models.Model):
    """An answer to a comment: the business manager's (what was done) or the chair's."""

    comment = models.ForeignKey(SectionComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "comment replies"

    def __str__(self) -> str:
        return self.text[:60]


class SignOff(models.Model):
    """A statutory partner's sign-off, by its lead or delegated safeguarding partner
    (``capacity``): WT2018 took either, WT2023 the three leads."""

    class Capacity(models.TextChoices):
        LEAD_PARTNER = Role.Kind.LEAD_PARTNER.value, Role.Kind.LEAD_PARTNER.label
        DELEGATED_PARTNER = Role.Kind.DELEGATED_PARTNER.value, Role.Kind.DELEGATED_PARTNER.label

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="signoffs")
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="report_signoffs")
    capacity = models.CharField(
        max_length=20, choices=Capacity.choices, default=Capacity.DELEGATED_PARTNER
    )
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="signoffs",
        help_text="The approved version signed.",
    )
    signed_on = models.DateField(
        default=timezone.localdate,
        help_text="The day the lead signed (entered; never in the future).",
    )
    #: When the sign-off was entered (the history says by whom).
    signed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_on", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation"], name="one_signoff_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.person}"


class PublishedReportQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> PublishedReportQuerySet:
        return self.filter(partnership=partnership)


class PublishedReport(models.Model):
    """The frozen output of a published report. Written once; never updated.

    ``html`` is the rendered document (body content, charts embedded); ``pdf`` the PDF
    bytes. The SHA-256 hashes let anyone check a copy against what was published.
    """

    # Not checked for a child's identifying details (reviews.shared_text):
    # the frozen output, checked when it was published.
    shared_text_exempt = "__all__"

    # RESTRICT: a published report's draft cannot be deleted on its own; deleting the
    # whole partnership still removes both.
    report = models.OneToOneField(Report, on_delete=models.RESTRICT, related_name="publication")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="published_reports"
    )
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    edition = models.PositiveSmallIntegerField("version")
    html = models.TextField()
    pdf = models.BinaryField()
    html_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The approved and signed version that was published.",
    )
    published_on = models.DateField(
        default=timezone.localdate,
        help_text="The day of publication (entered; never in the future).",
    )
    #: When the publication was entered.
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        "partnership.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["html", "pdf"])

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start", "period_end", "edition"],
                name="published_report_edition_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.edition}, published {self.published_on:%d %B %Y})"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_update", False):
            raise ValidationError("A published report never changes.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:published_html", args=[self.partnership.slug, self.pk])

    def get_pdf_url(self) -> str:
        return reverse("reports:published_pdf", args=[self.partnership.slug, self.pk])


#: WT2018 sends the report to the Panel and the What Works Centre for Children's Social
#: Care; WT2023 to the Panel and the Department for Education.
RECIPIENT_NAMES = {
    Edition.WT2018: {
        "panel": "Child Safeguarding Practice Review Panel",
        "what_works": "What Works Centre for Children's Social Care",
    },
    Edition.WT2023: {
        "panel": "Child Safeguarding Practice Review Panel",
        "what_works": "Department for Education (and What Works for Children's Social Care)",
    },
}


def recipients_text(period_end: dt.date) -> str:
    names = RECIPIENT_NAMES[edition_on(period_end)]
    return f"the {names['panel']} and the {names['what_works']}"


class DistributionTask(models.Model):
    """Sending the published report where the law says, within 7 days of publication."""

    class Recipient(models.TextChoices):
        PANEL = "panel", "Child Safeguarding Practice Review Panel"
        WHAT_WORKS = "what_works", "What Works Centre for Children's Social Care / DfE"

    class Status(models.TextChoices):
        PENDING = "pending", "To send"
        SENT = "sent", "Sent"

    MOVES = {Status.PENDING: {Status.SENT}, Status.SENT: set()}

    published = models.ForeignKey(
        PublishedReport, on_delete=models.CASCADE, related_name="distribution_tasks"
    )
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["published", "recipient"], name="one_distribution_per_recipient"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_on__isnull=False),
                name="sent_distribution_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name()} by {self.due_on:%d %B %Y}"

    def recipient_name(self) -> str:
        """Who receives it, as the edition in force on the report's period end names them."""
        return RECIPIENT_NAMES[edition_on(self.published.period_end)][self.recipient]

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.status == self.Status.PENDING and self.due_on < (on or dt.date.today())

    def mark_sent(self, *, on: dt.date, note: str = "") -> None:
        if self.Status.SENT not in self.MOVES[self.status]:
            raise ValidationError("This has already been sent.")
        if on > timezone.localdate():
            raise ValidationError({"sent_on": "The day it was sent cannot be in the future."})
        if on < self.published.published_on:
            raise ValidationError(
                {"sent_on": "The day it was sent cannot be before the report was published."}
            )
        self.status = self.Status.SENT
        self.sent_on = on
        self.note = note
        self.save()
