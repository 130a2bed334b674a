"""Meeting papers: the agenda as published, the documents behind each item, the packs
bound from them, and the interests people declare.

The agenda's items are the minutes' items (``subgroups.AgendaItem``): the chair drafts
them here, members read them before the meeting, and the minutes are written into the
same rows afterwards, so nothing is typed twice. This app adds what only papers need: the
sub-group's standing items and papers deadline, the agenda's publication, timings, the
documents and their versions, the packs, and declarations of interest.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import Person
from subgroups.models import AgendaItem, Confidentiality, Meeting, SubGroup

# Higher is more confidential; a paper is never below its item.
RANK = {
    Confidentiality.PUBLIC: 0,
    Confidentiality.PARTNERSHIP: 1,
    Confidentiality.RESTRICTED: 2,
}

DEFAULT_STANDING_ITEMS = [
    ("Welcome and apologies", 5, False),
    ("Declarations of interest", 5, False),
    ("Minutes and actions of the last meeting", 10, False),
    ("Any other business", 10, True),
]
DEFAULT_DEADLINE_DAYS = 5


class PapersStorage(Storage):
    """The storage named "papers" in ``STORAGES``, looked up on every call, so a change of
    settings (a test's own folder, a deployment's bucket) applies to the fields too."""

    DELEGATED = (
        "open",
        "save",
        "delete",
        "exists",
        "listdir",
        "size",
        "url",
        "path",
        "get_modified_time",
        "get_created_time",
        "get_accessed_time",
        "generate_filename",
        "get_valid_name",
        "get_available_name",
    )

    def __getattribute__(self, name):
        if name in PapersStorage.DELEGATED:
            return getattr(storages["papers"], name)
        return super().__getattribute__(name)


def papers_storage() -> Storage:
    return PapersStorage()


def _stored_name(prefix: str, filename: str) -> str:
    # The stored name carries nothing of the uploader's: the clean name lives on the row.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    today = dt.date.today()
    return f"{prefix}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def version_path(instance, filename: str) -> str:
    return _stored_name("papers", filename)


def converted_path(instance, filename: str) -> str:
    return _stored_name("converted", filename)


def pack_path(instance, filename: str) -> str:
    return _stored_name("packs", filename)


def level_rank(level: str) -> int:
    return RANK[Confidentiality(level)]


def highest_level(levels) -> str:
    """The most confidential of a set of levels: which pack a reader gets."""
    return max(levels, key=level_rank)


def levels_up_to(level: str) -> set[str]:
    return {c.value for c in Confidentiality if RANK[c] <= level_rank(level)}


class AgendaSettings(models.Model):
    """A sub-group's papers deadline; its standing items are ``StandingItem`` rows."""

    subgroup = models.OneToOneField(
        SubGroup, on_delete=models.CASCADE, related_name="agenda_settings"
    )
    papers_deadline_days = models.PositiveSmallIntegerField(
        default=DEFAULT_DEADLINE_DAYS,
        help_text="Working days before the meeting by which the agenda and papers go out.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "agenda settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(papers_deadline_days__lte=30), name="papers_deadline_within_30_days"
            )
        ]

    def __str__(self) -> str:
        return f"Agenda settings of {self.subgroup}"


class StandingItem(models.Model):
    subgroup = models.ForeignKey(SubGroup, on_delete=models.CASCADE, related_name="standing_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    minutes_allowed = models.PositiveSmallIntegerField(default=10)
    closing = models.BooleanField(
        default=False, help_text="Comes after the meeting's own items (any other business)."
    )

    class Meta:
        ordering = ["subgroup", "closing", "order"]
        constraints = [
            models.UniqueConstraint(fields=["subgroup", "order"], name="standing_item_order_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ItemPlan(models.Model):
    """What the agenda says about an item beyond its title: timing and where it came from."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="plan")
    minutes_allowed = models.PositiveSmallIntegerField(null=True, blank=True)
    standing = models.BooleanField(default=False)
    closing = models.BooleanField(default=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Plan for {self.item}"


class AgendaQuerySet(models.QuerySet):
    def published(self) -> AgendaQuerySet:
        return self.filter(status=Agenda.Status.PUBLISHED)


class Agenda(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="agenda")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    papers_deadline = models.DateField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = AgendaQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_agenda_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"Agenda of {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def publish(self, *, by, at: dt.datetime | None = None) -> None:
        if self.is_published:
            raise ValidationError("This agenda has already been published.")
        if self.meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError("A cancelled meeting's agenda cannot be published.")
        if not self.meeting.items.exists():
            raise ValidationError("Add at least one item before publishing the agenda.")
        self.status = self.Status.PUBLISHED
        self.published_at = at or timezone.now()
        self.published_by = by
        self.save()

    def is_late(self, at: dt.datetime) -> bool:
        return timezone.localtime(at).date() > self.papers_deadline


class AgendaChange(models.Model):
    """A change made after publication: shown on the agenda and in the pack, with its time."""

    class Kind(models.TextChoices):
        LATE_PAPER = "late_paper", "Late paper"
        AMENDED = "amended", "Amended agenda"

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The level of what the description names: readers below it see only the kind and time.
    confidentiality = models.CharField(max_length=20, choices=Confidentiality.choices)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class PaperQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> PaperQuerySet:
        return self.filter(item__meeting__subgroup__partnership=partnership)

    def at_levels(self, levels) -> PaperQuerySet:
        return self.filter(confidentiality__in=levels, item__confidentiality__in=levels)


class Paper(models.Model):
    """A supporting document of an agenda item; its file lives in its versions."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.PARTNERSHIP
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Raised, never lowered, to its item's level: the database row always holds at least it.
        item_level = AgendaItem.objects.filter(pk=self.item_id).values_list(
            "confidentiality", flat=True
        )
        for level in item_level:
            if level_rank(self.confidentiality) < level_rank(level):
                self.confidentiality = level
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.item_id and level_rank(self.confidentiality) < level_rank(
            self.item.confidentiality
        ):
            raise ValidationError(
                {
                    "confidentiality": "A paper cannot be less confidential than its item "
                    f"({self.item.get_confidentiality_display().lower()})."
                }
            )


class PaperVersion(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel spreadsheet"
        PPTX = "pptx", "PowerPoint presentation"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(storage=papers_storage, upload_to=version_path, max_length=200)
    filename = models.CharField(max_length=160, help_text="The cleaned name it is served under.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Filled once by the worker: the searchable text and, for office files, a PDF copy.
    text = models.TextField(blank=True)
    text_extracted_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(
        storage=papers_storage, upload_to=converted_path, max_length=200, blank=True
    )
    conversion_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="paper_version_unique"),
            models.CheckConstraint(condition=Q(size__gt=0), name="paper_version_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} (version {self.number})"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


CONTENT_TYPES = {
    PaperVersion.Kind.PDF: "application/pdf",
    PaperVersion.Kind.DOCX: "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document",
    PaperVersion.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PaperVersion.Kind.PPTX: "application/vnd.openxmlformats-officedocument."
    "presentationml.presentation",
    PaperVersion.Kind.PNG: "image/png",
    PaperVersion.Kind.JPEG: "image/jpeg",
}


class AgendaPack(models.Model):
    """The bound pack for readers of one level of access; rebuilt when its inputs change."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="packs")
    level = models.CharField(max_length=20, choices=Confidentiality.choices)
    file = models.FileField(storage=papers_storage, upload_to=pack_path, max_length=200)
    source_key = models.CharField(
        max_length=64, help_text="A hash of everything it was built from."
    )
    page_count = models.PositiveIntegerField()
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agenda", "level"], name="one_pack_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.agenda} ({self.get_level_display().lower()})"


class Interest(models.Model):
    """One entry in a person's register of interests, dated."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Employment or office"
        FINANCIAL = "financial", "Financial interest"
        MEMBERSHIP = "membership", "Membership of a body"
        PERSONAL = "personal", "Family or personal relationship"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300)
    declared_on = models.DateField(default=dt.date.today)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-declared_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("declared_on")),
                name="interest_ends_after_declared",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.description[:60]}"


class Declaration(models.Model):
    """An interest declared at a meeting on one item, and whether they left the room."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.CharField(max_length=300)
    left_room = models.BooleanField(default=False, verbose_name="Left the room for this item")
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "person__name", "pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.interest[:60]}"
