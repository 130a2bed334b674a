"""Sub-groups and their meetings: attendance, minutes item by item, decisions, actions.

Minutes move draft → circulated → confirmed; once confirmed they are locked.
Actions move through their statuses by verb methods that record a dated update.
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from notifications.registry import notify
from partnership.models import (
    Organisation,
    Partnership,
    Person,
    VersionedModel,
    organisation_name_on,
)
from subgroups.listing import day

LOCKED_MESSAGE = "These minutes are confirmed and locked; they cannot be edited."


def _refuse_if_locked(meeting_id: int | None) -> None:
    """Rows that belong to confirmed minutes are never written again."""
    if (
        meeting_id
        and Meeting.objects.filter(
            pk=meeting_id, minutes_status=Meeting.MinutesStatus.CONFIRMED
        ).exists()
    ):
        raise ValidationError(LOCKED_MESSAGE)


def start_of(day: dt.date) -> dt.datetime:
    """The first moment of a day, in local time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class Tag(NamedTuple):
    """A status as a GOV.UK tag shows it: its words and its colour (``govuk-tag--<colour>``).
    Lists show one per row, so it is worked out in Python, not by a template included per row."""

    text: str
    colour: str


MINUTES_TAGS = {
    "draft": Tag("Draft", "grey"),
    "circulated": Tag("Circulated draft", "yellow"),
    "confirmed": Tag("Confirmed", "green"),
}
ACTION_TAGS = {
    "open": Tag("Not started", "light-blue"),
    "in_progress": Tag("In progress", "blue"),
    "completed": Tag("Completed", "green"),
    "cancelled": Tag("Cancelled", "grey"),
}


class SubGroupQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> SubGroupQuerySet:
        return self.filter(partnership=partnership)

    def active_on(self, day: dt.date) -> SubGroupQuerySet:
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=day)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )

    def active_between(self, start: dt.date, end: dt.date) -> SubGroupQuerySet:
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=end)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=start)
        )

    def with_lineage_known(self) -> SubGroupQuerySet:
        """Each with ``has_lineage``: whether any group took over its work or passed its
        work to it, so that ``lineage()`` makes no query for the many that have none."""
        links = SubGroup.predecessors.through.objects.filter(
            Q(from_subgroup=OuterRef("pk")) | Q(to_subgroup=OuterRef("pk"))
        )
        return self.annotate(has_lineage=Exists(links))


class SubGroup(models.Model):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Every two weeks"
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        AS_NEEDED = "as_needed", "As needed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True)
    slug = models.SlugField()
    terms_of_reference = models.TextField(blank=True, help_text="Purpose and remit.")
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    cadence_note = models.CharField(
        max_length=200, blank=True, help_text="For example: two-weekly during Covid."
    )
    is_executive = models.BooleanField(
        default=False, help_text="The partnership's strategic decision-making group."
    )
    handles_case_reviews = models.BooleanField(
        default=False,
        help_text="Its members form the case review group and see restricted case-review records.",
    )
    of_predecessor_board = models.BooleanField(
        default=False, help_text="A group of the old board, kept for the transition period."
    )
    established_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text="Earlier groups whose work this group absorbed.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists and reports.")
    history = HistoricalRecords(m2m_fields=[predecessors])

    objects = SubGroupQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="subgroup_slug_unique"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=models.F("established_on")),
                name="subgroup_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("subgroups:subgroup_detail", args=[self.partnership.slug, self.slug])

    def lineage(self) -> tuple[list[SubGroup], list[SubGroup]]:
        """The groups whose work this one took over, and those its work passed to, each in
        the groups' order, in one query (each link of ``predecessors`` names both ends), or
        none when read ``with_lineage_known`` and there are none."""
        if not getattr(self, "has_lineage", True):
            return [], []
        shown = ("name", "slug", "order")
        links = (
            SubGroup.predecessors.through.objects.filter(
                Q(from_subgroup=self) | Q(to_subgroup=self)
            )
            .select_related("from_subgroup", "to_subgroup")
            .only(*(f"{end}__{f}" for end in ("from_subgroup", "to_subgroup") for f in shown))
        )
        predecessors = [link.to_subgroup for link in links if link.from_subgroup_id == self.pk]
        successors = [link.from_subgroup for link in links if link.to_subgroup_id == self.pk]
        by_order = attrgetter(*SubGroup._meta.ordering)
        return sorted(predecessors, key=by_order), sorted(successors, key=by_order)

    def chair_on(self, day: dt.date):
        """The chair's Person on a day; reads ``roles.all()`` so a prefetch serves lists."""
        for role in self.roles.all():
            if role.kind == "subgroup_chair" and role.is_current(day):
                return role.person
        return None


class MeetingQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> MeetingQuerySet:
        return self.filter(subgroup__partnership=partnership)

    def held_between(self, start: dt.date, end: dt.date) -> MeetingQuerySet:
        """Meetings on the days from start to end (local days, both included), read through
        the index on the start: its first moment to the first moment after it."""
        return self.filter(
            starts_at__gte=start_of(start), starts_at__lt=start_of(end + dt.timedelta(days=1))
        )

    def confirmed(self) -> MeetingQuerySet:
        return self.filter(minutes_status=Meeting.MinutesStatus.CONFIRMED)

    def later_than(self, meeting: Meeting) -> MeetingQuerySet:
        """Meetings of the same sub-group after this one: where its minutes may be confirmed."""
        return self.filter(subgroup_id=meeting.subgroup_id, starts_at__gt=meeting.starts_at)


class Meeting(VersionedModel):
    # Not checked for a child's identifying details (reviews.shared_text), and why.
    shared_text_exempt = {
        "location": "a venue, often an agency's premises (a school, say)",
    }

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated to attendees"
        CONFIRMED = "confirmed", "Confirmed"

    MINUTES_MOVES = {
        MinutesStatus.DRAFT: {MinutesStatus.CIRCULATED},
        MinutesStatus.CIRCULATED: {MinutesStatus.DRAFT, MinutesStatus.CONFIRMED},
        MinutesStatus.CONFIRMED: set(),
    }

    subgroup = models.ForeignKey(SubGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    is_virtual = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    circulated_on = models.DateField(null=True, blank=True)
    confirmed_on = models.DateField(null=True, blank=True)
    confirmed_at_meeting = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_confirmed_here",
        help_text="The later meeting at which these minutes were agreed.",
    )
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["subgroup", "starts_at"], name="meeting_subgroup_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(minutes_status="confirmed") | Q(confirmed_on__isnull=False),
                name="confirmed_minutes_have_date",
            ),
            models.CheckConstraint(
                condition=~Q(minutes_status="circulated") | Q(circulated_on__isnull=False),
                name="circulated_minutes_have_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.subgroup} — {timezone.localtime(self.starts_at):%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:meeting_detail", args=[self.subgroup.partnership.slug, self.pk])

    @property
    def is_locked(self) -> bool:
        return self.minutes_status == self.MinutesStatus.CONFIRMED

    @property
    def minutes_tag(self) -> Tag:
        return MINUTES_TAGS[self.minutes_status]

    def has_taken_place(self, by: dt.date | None = None) -> bool:
        """The meeting's day (in local time) has come by ``by`` (today): until then its items
        are the agenda, and there are no minutes to circulate."""
        return timezone.localtime(self.starts_at).date() <= (by or timezone.localdate())

    def save(self, *args, **kwargs):
        # The stored row decides: once confirmed, no save may change the minutes again.
        if (
            self.pk
            and type(self)
            .objects.filter(pk=self.pk, minutes_status=self.MinutesStatus.CONFIRMED)
            .exists()
        ):
            raise ValidationError(LOCKED_MESSAGE)
        moved = self.pk and getattr(self, "_stored_starts_at", None) != self.starts_at
        super().save(*args, **kwargs)
        if moved:
            Decision.objects.filter(item__meeting=self).update(meeting_starts_at=self.starts_at)
        self._stored_starts_at = self.starts_at

    @classmethod
    def from_db(cls, db, field_names, values):
        meeting = super().from_db(db, field_names, values)
        meeting._stored_starts_at = meeting.__dict__.get("starts_at")
        return meeting

    def check_editable(self) -> None:
        if self.is_locked:
            raise ValidationError(LOCKED_MESSAGE)

    def check_held(self) -> None:
        """Decisions and actions come out of a meeting: none is recorded before its day."""
        if not self.has_taken_place():
            day = timezone.localtime(self.starts_at).date()
            raise ValidationError(
                f"This meeting is on {day:%-d %B %Y}. Decisions and actions are "
                "recorded once it has taken place."
            )

    def _move_minutes(self, target: str) -> None:
        if target not in self.MINUTES_MOVES[self.minutes_status]:
            raise ValidationError(
                f"Minutes that are {self.get_minutes_status_display().lower()} cannot be "
                f"moved to {self.MinutesStatus(target).label.lower()}."
            )
        self.minutes_status = target

    def circulate(self, *, on: dt.date, by=None) -> None:
        """Send the draft minutes to the attendees and members (they are emailed)."""
        if self.status == self.Status.CANCELLED:
            raise ValidationError("A cancelled meeting has no minutes to circulate.")
        if not self.has_taken_place(by=on):
            raise ValidationError("Minutes can be circulated once the meeting has taken place.")
        if on > timezone.localdate():
            raise ValidationError("The day the minutes were circulated cannot be in the future.")
        self._move_minutes(self.MinutesStatus.CIRCULATED)
        self.status = self.Status.HELD
        self.circulated_on = on
        self.version += 1
        self.save()
        notify("minutes_circulated", self, actor=by, on=on)

    def cancel(self, *, by=None) -> None:
        """Call the meeting off; members are emailed a cancellation for their calendars."""
        if self.status != self.Status.SCHEDULED:
            raise ValidationError("Only a meeting still to take place can be cancelled.")
        if self.minutes_status != self.MinutesStatus.DRAFT:
            raise ValidationError("A meeting with circulated minutes cannot be cancelled.")
        self.status = self.Status.CANCELLED
        self.version += 1
        self.save()
        notify("meeting_cancelled", self, actor=by)

    def return_to_draft(self) -> None:
        self._move_minutes(self.MinutesStatus.DRAFT)
        self.circulated_on = None
        self.version += 1
        self.save()

    def confirm(self, *, at_meeting: Meeting, by=None) -> None:
        """Confirm the minutes at a later meeting of the same sub-group, which locks them."""
        if at_meeting.subgroup_id != self.subgroup_id:
            raise ValidationError("Minutes are confirmed at a meeting of the same sub-group.")
        if at_meeting.starts_at <= self.starts_at:
            raise ValidationError("Minutes are confirmed at a later meeting.")
        self._move_minutes(self.MinutesStatus.CONFIRMED)
        self.confirmed_at_meeting = at_meeting
        self.confirmed_on = timezone.localtime(at_meeting.starts_at).date()
        self.version += 1
        self.save()
        notify("minutes_confirmed", self, actor=by)


class AttendanceQuerySet(models.QuerySet):
    def for_minutes(self, day: dt.date) -> AttendanceQuerySet:
        """Attendance as the minutes list it, names as columns of each row: the person, whom
        they stood in for, and the organisation they represented (else their own) by its
        name on the meeting's day."""
        return self.annotate(
            person_name=F("person__name"),
            substitute_name=F("substitute_for__name"),
            organisation_then=Coalesce(
                organisation_name_on(day),
                organisation_name_on(day, "person__organisation"),
                Value(""),
            ),
        ).only("meeting_id", "status")


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Substitute"
        ABSENT = "absent", "Absent"

    # Someone was there for the agency.
    ATTENDED = [Status.PRESENT, Status.SUBSTITUTE]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
        help_text="The organisation they represented at this meeting.",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
            models.CheckConstraint(
                condition=Q(status="substitute") | Q(substitute_for__isnull=True),
                name="only_substitutes_name_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"

    def save(self, *args, **kwargs):
        _refuse_if_locked(self.meeting_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked(self.meeting_id)
        return super().delete(*args, **kwargs)


class Confidentiality(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTNERSHIP = "partnership", "Partnership only"
    RESTRICTED = "restricted", "Restricted"


class AgendaItemQuerySet(models.QuerySet):
    def readable_by(self, access, subgroup_id: int) -> AgendaItemQuerySet:
        """Items whose text this user may read in one sub-group's meetings."""
        return self.filter(confidentiality__in=access.confidentiality_levels(subgroup_id))

    def with_outcomes(self) -> list[AgendaItem]:
        """One meeting's items in order, each with ``has_decisions``, ``has_actions`` and
        ``has_declarations`` and, where it has any, those records (``item.decisions.all``
        and so on, each ordered within its item: the models' own orderings would join every
        row to its meeting to sort by its start). The names the minutes show are columns
        (``presenter_name``, ``owner_name``, ``organisation_name``, ``person_name``).

        One query for the items and one for each kind of record some item has: most items
        record a decision, fewer an action, and declarations of interest are rare."""
        from papers.models import Declaration

        items = list(
            self.annotate(
                presenter_name=F("presenter__name"),
                has_decisions=Exists(Decision.objects.filter(item=OuterRef("pk"))),
                has_actions=Exists(Action.objects.filter(item=OuterRef("pk"))),
                has_declarations=Exists(Declaration.objects.filter(item=OuterRef("pk"))),
            ).order_by("order")
        )
        outcomes = {
            "decisions": Decision.objects.only("item_id", "text").order_by("pk"),
            "actions": Action.objects.annotate(
                owner_name=F("owner__name"), organisation_name=F("organisation__name")
            )
            .only("item_id", "description", "status", "due_on", "completed_on")
            .order_by("due_on", "pk"),
            "declarations": Declaration.objects.annotate(person_name=F("person__name"))
            .only("item_id", "interest", "left_room")
            .order_by("person__name", "pk"),
        }
        for name, queryset in outcomes.items():
            having = [item for item in items if getattr(item, f"has_{name}")]
            if having:
                prefetch_related_objects(having, Prefetch(name, queryset=queryset))
        return items


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    presenter = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="items_presented"
    )
    minutes = models.TextField(blank=True)
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.PARTNERSHIP
    )
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def text_is_restricted(self) -> bool:
        """A restricted item is read only by its sub-group and the read-everything roles,
        so its text is not checked for a child's identifying details (reviews.shared_text)."""
        return self.confidentiality == Confidentiality.RESTRICTED

    def save(self, *args, **kwargs):
        _refuse_if_locked(self.meeting_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked(self.meeting_id)
        return super().delete(*args, **kwargs)


class DecisionQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> DecisionQuerySet:
        return self.filter(partnership=partnership)

    def fill_from_meetings(self) -> int:
        """Copy into each decision its meeting's start and partnership (as ``save()`` does):
        after writes without ``save()``."""
        item = AgendaItem.objects.filter(pk=models.OuterRef("item_id"))
        return self.update(
            meeting_starts_at=models.Subquery(item.values("meeting__starts_at")[:1]),
            partnership_id=models.Subquery(item.values("meeting__subgroup__partnership_id")[:1]),
        )


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(
        help_text='What was resolved, for example "RESOLVED: the report be noted".'
    )
    # The item's meeting's partnership and start, copied here (by save(), Meeting.save() and
    # fill_from_meetings()) so that the decision register reads one page of this index, in
    # its order, instead of joining every agenda item of the partnership.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, editable=False, related_name="+"
    )
    meeting_starts_at = models.DateTimeField(null=True, editable=False)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "pk"]
        indexes = [
            models.Index(
                fields=["partnership", "-meeting_starts_at"], name="decision_partnership_start"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        meeting_id, starts_at, partnership_id = (
            AgendaItem.objects.filter(pk=self.item_id)
            .values_list("meeting_id", "meeting__starts_at", "meeting__subgroup__partnership_id")
            .first()
        ) or (None, None, None)
        _refuse_if_locked(meeting_id)
        self.meeting_starts_at = starts_at
        self.partnership_id = partnership_id
        super().save(*args, **kwargs)


def looked_up(model: type[models.Model], key: str, column: str) -> Subquery:
    """A column of the row that ``key`` points to, as a subquery. In a list that is sorted
    and cut to a page, the database looks it up for the page's rows only, after the sort;
    a join would first match every row of the list (hashing whole tables to do it)."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(column)[:1])


class ActionQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> ActionQuerySet:
        return self.filter(partnership=partnership)

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, on: dt.date | None = None) -> ActionQuerySet:
        return self.open().filter(due_on__lt=on or dt.date.today())

    def due_between(self, start: dt.date, end: dt.date) -> ActionQuerySet:
        return self.open().filter(due_on__gte=start, due_on__lte=end)

    def for_table(self) -> ActionQuerySet:
        """With what a table of actions shows (``subgroups/includes/action_table.html``) and
        no more, each name a column of the action's own row rather than a record of its own:
        the minutes of the item and the owner's details stay in the database."""
        return self.annotate(
            owner_name=looked_up(Person, "owner_id", "name"),
            organisation_name=looked_up(Organisation, "organisation_id", "name"),
            subgroup_name=looked_up(SubGroup, "subgroup_id", "name"),
            subgroup_short_name=looked_up(SubGroup, "subgroup_id", "short_name"),
            meeting_starts_at=looked_up(AgendaItem, "item_id", "meeting__starts_at"),
        ).only("description", "status", "due_on", "completed_on", "item_id", "subgroup_id")

    def visible_to(self, access) -> ActionQuerySet:
        """The actions a user may see: the same rules as the minutes they come from.

        Read-everything roles see all. Members see all of their own sub-groups' actions.
        Others see actions from minutes they could read: confirmed minutes, items of a
        level they may read (public only for scrutiny members); actions raised outside a
        meeting are partnership-level (hidden from scrutiny-only users).
        """
        qs = self.filter(partnership=access.partnership)
        if access.reads_everything:
            return qs
        if access.is_scrutiny_only:
            levels = [Confidentiality.PUBLIC]
        else:
            levels = [Confidentiality.PUBLIC, Confidentiality.PARTNERSHIP]
        from_readable_minutes = Q(
            item__meeting__minutes_status=Meeting.MinutesStatus.CONFIRMED,
            item__confidentiality__in=levels,
        )
        visible = from_readable_minutes | Q(subgroup_id__in=access.member_of)
        if not access.is_scrutiny_only:
            visible |= Q(item__isnull=True) & ~Q(subgroup__handles_case_reviews=True)
        return qs.filter(visible)


class Action(VersionedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    OPEN_STATUSES = [Status.OPEN, Status.IN_PROGRESS]
    MOVES = {
        Status.OPEN: {Status.IN_PROGRESS, Status.COMPLETED, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.OPEN, Status.COMPLETED, Status.CANCELLED},
        Status.COMPLETED: {Status.IN_PROGRESS},
        Status.CANCELLED: {Status.OPEN},
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    subgroup = models.ForeignKey(
        SubGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions_owned")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_on = models.DateField(default=dt.date.today)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"], name="action_register"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="completed_action_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="completed") | Q(completed_on__isnull=True),
                name="only_completed_action_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("subgroups:action_detail", args=[self.partnership.slug, self.pk])

    def clean(self) -> None:
        super().clean()
        if self.item_id and self.due_on:
            held_on = timezone.localtime(self.item.meeting.starts_at).date()
            if self.due_on < held_on:
                raise ValidationError(
                    {
                        "due_on": "The due date cannot be before the meeting that raised the "
                        f"action ({held_on.day} {held_on:%B %Y})"
                    }
                )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.is_open and self.due_on < (on or dt.date.today())

    @property
    def status_tag(self) -> Tag:
        if self.status == self.Status.COMPLETED and self.completed_on:
            return Tag(f"Completed {day(self.completed_on)}", "green")
        return ACTION_TAGS[self.status]

    def move_to(self, status: str, *, note: str, on: dt.date, by) -> ActionUpdate:
        """Change the status with a dated note; the due date is not the owner's to change."""
        if status != self.status and status not in self.MOVES[self.status]:
            raise ValidationError(
                {
                    "status": f"An action that is {self.get_status_display().lower()} cannot be "
                    f"moved to {self.Status(status).label.lower()}."
                }
            )
        if not note.strip():
            raise ValidationError({"note": "Enter a note saying what has happened."})
        if on > timezone.localdate():
            raise ValidationError({"on": "The date of the update cannot be in the future."})
        previous = self.status
        self.status = status
        self.completed_on = on if status == self.Status.COMPLETED else None
        self.version += 1
        self.save()
        update = ActionUpdate.objects.create(
            action=self, date=on, note=note, status_from=previous, status_to=status, author=by
        )
        if by is not None and by.pk == self.owner.user_id:
            notify("action_updated", self, actor=by, on=on)  # the chair hears of it
        return update


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    note = models.TextField()
    status_from = models.CharField(max_length=20, choices=Action.Status.choices)
    status_to = models.CharField(max_length=20, choices=Action.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.note[:60]}"
