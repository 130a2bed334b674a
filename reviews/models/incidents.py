"""Serious incidents, the identifying details kept apart from them, and rapid reviews."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import Partnership, VersionedModel
from reviews import textcheck
from reviews.deadlines import Deadline, deadline
from reviews.workingdays import add_working_days

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15


class SeriousIncidentQuerySet(models.QuerySet):
    def for_partnership(self, partnership: Partnership) -> SeriousIncidentQuerySet:
        return self.filter(partnership=partnership)

    def aware_between(self, start: dt.date, end: dt.date) -> SeriousIncidentQuerySet:
        return self.filter(aware_on__gte=start, aware_on__lte=end)

    def with_reviews(self) -> SeriousIncidentQuerySet:
        """Everything ``deadlines()`` reads, in a fixed number of queries."""
        return self.select_related(
            "partnership", "rapid_review", "rapid_review__practice_review__partnership"
        ).prefetch_related("rapid_review__practice_review__milestones")


class SeriousIncident(VersionedModel):
    """A serious child safeguarding incident, known everywhere by pseudonym and case number."""

    class Harm(models.TextChoices):
        DIED = "died", "The child died"
        SERIOUSLY_HARMED = "seriously_harmed", "The child was seriously harmed"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Panel not yet notified"
        NOTIFIED = "notified", "Panel notified"

    MOVES = {
        Status.RECORDED: {Status.NOTIFIED},
        Status.NOTIFIED: set(),
    }

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="serious_incidents"
    )
    case_number = models.CharField(max_length=30, help_text="The partnership's own reference.")
    pseudonym = models.CharField(
        max_length=60,
        help_text="The name used for the child in every record, minute and report.",
    )
    aware_on = models.DateField(
        "date the local authority became aware",
        help_text="Day 0 of the statutory clock.",
    )
    harm = models.CharField("what happened", max_length=20, choices=Harm.choices)
    looked_after = models.BooleanField("the child was looked after", default=False)
    summary = models.TextField(
        blank=True,
        help_text="The circumstances in brief. Use the pseudonym only: no names, dates of "
        "birth, addresses or schools.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    notified_on = models.DateField("date the Panel was notified", null=True, blank=True)
    panel_reference = models.CharField("Panel notification reference", max_length=60, blank=True)
    late_notification_reason = models.TextField(
        "reason the notification was late",
        blank=True,
        help_text="Required when the Panel was notified after the 5 working days.",
    )
    history = HistoricalRecords()

    objects = SeriousIncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-aware_on", "case_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "case_number"], name="incident_case_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership", "pseudonym"], name="incident_pseudonym_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="recorded") | Q(notified_on__isnull=False),
                name="notified_incident_has_date",
            ),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=models.F("aware_on")),
                name="incident_notified_after_aware",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.case_number})"

    def get_absolute_url(self) -> str:
        return reverse("reviews:incident_detail", args=[self.partnership.slug, self.pk])

    # --- statutory clock ---------------------------------------------------------------
    def notification_due(self) -> dt.date:
        return add_working_days(self.aware_on, NOTIFICATION_WORKING_DAYS)

    def notification_is_late(self, notified_on: dt.date | None = None) -> bool:
        day = notified_on or self.notified_on
        return day is not None and day > self.notification_due()

    def rapid_review_start(self) -> dt.date | None:
        """Day 0 of the rapid review: the partnership chooses aware date or notification date."""
        if self.partnership.rapid_review_start == Partnership.RapidReviewStart.NOTIFIED:
            return self.notified_on
        return self.aware_on

    def rapid_review_due(self) -> dt.date | None:
        start = self.rapid_review_start()
        return add_working_days(start, RAPID_REVIEW_WORKING_DAYS) if start else None

    def deadlines(self, today: dt.date) -> list[Deadline]:
        """Every statutory deadline of the case, including its rapid and practice reviews."""
        rapid = getattr(self, "rapid_review", None)
        starts_from = (
            "notification" if self.partnership.rapid_review_start == "notified" else "aware date"
        )
        items = [
            deadline(
                "Notify the national Panel",
                rule="5 working days from the date the local authority became aware",
                due_on=self.notification_due(),
                done_on=self.notified_on,
                today=today,
                record=self,
                late_reason=self.late_notification_reason,
            ),
            deadline(
                "Rapid review sent to the Panel",
                rule=f"15 working days from the {starts_from}",
                due_on=self.rapid_review_due(),
                done_on=rapid.sent_to_panel_on if rapid else None,
                today=today,
                record=self,
            ),
        ]
        practice = getattr(rapid, "practice_review", None) if rapid else None
        if practice is not None:
            items.extend(practice.deadlines(today))
        return items

    def stage(self) -> str:
        """Where the case has got to (reads related rows: use ``with_reviews()`` in lists)."""
        rapid = getattr(self, "rapid_review", None)
        practice = getattr(rapid, "practice_review", None) if rapid else None
        if practice is not None:
            return f"Practice review: {practice.get_status_display()}"
        if rapid is not None:
            decided = f"; {rapid.get_decision_display().lower()}" if rapid.decision else ""
            return f"Rapid review: {rapid.get_status_display()}{decided}"
        return self.get_status_display()

    # --- status moves --------------------------------------------------------------------
    def _move(self, target: str) -> None:
        if target not in self.MOVES[self.status]:
            raise ValidationError(
                f"An incident that is “{self.get_status_display().lower()}” cannot be moved to "
                f"“{self.Status(target).label.lower()}”."
            )
        self.status = target

    def notify(self, *, on: dt.date, reference: str = "", late_reason: str = "") -> None:
        """Record the notification to the Panel; a late one needs its reason."""
        if on < self.aware_on:
            raise ValidationError(
                {
                    "notified_on": "The Panel cannot be notified before the local authority "
                    "was aware."
                }
            )
        if self.notification_is_late(on) and not late_reason.strip():
            raise ValidationError(
                {
                    "late_notification_reason": "The notification was due by "
                    f"{self.notification_due():%-d %B %Y}. Enter the reason it was late."
                }
            )
        self._move(self.Status.NOTIFIED)
        self.notified_on = on
        self.panel_reference = reference
        self.late_notification_reason = late_reason
        self.version += 1
        self.save()

    def clean(self) -> None:
        if (
            self.notified_on
            and self.notification_is_late()
            and not self.late_notification_reason.strip()
        ):
            raise ValidationError(
                {"late_notification_reason": "The notification was late. Enter the reason."}
            )


class IdentifyingDetails(models.Model):
    """Who the child is. Only the case review group and the business manager see this."""

    incident = models.OneToOneField(
        SeriousIncident, on_delete=models.CASCADE, related_name="identifying_details"
    )
    child_name = models.CharField("child's full name", max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    school = models.CharField("school or setting", max_length=200, blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=20, blank=True, help_text="10 digits, spaced as you like."
    )
    family_members = models.TextField(
        blank=True, help_text="One person a line: name, then relationship to the child."
    )
    history = HistoricalRecords()

    # The details themselves: read by the case review group and the business manager only.
    shared_text_exempt = "__all__"

    class Meta:
        verbose_name_plural = "identifying details"

    def __str__(self) -> str:
        return f"Identifying details of {self.incident}"

    def kinded_terms(self) -> list[tuple[str, str]]:
        """What to look for in shared text, each with its kind (``reviews.textcheck``)."""
        return textcheck.kinded_terms(
            child_name=self.child_name,
            date_of_birth=self.date_of_birth,
            address=self.address,
            school=self.school,
            nhs_number=self.nhs_number,
            family_member_names=self.family_member_names(),
        )

    def family_member_names(self) -> list[str]:
        """The name part of each family line ("Jane Doe, mother" → "Jane Doe")."""
        names = []
        for line in self.family_members.splitlines():
            name = line.split(",")[0].split("(")[0].split(" - ")[0].strip()
            if name:
                names.append(name)
        return names


class RapidReview(VersionedModel):
    class Decision(models.TextChoices):
        LOCAL_REVIEW = "local_review", "Commission a local child safeguarding practice review"
        NO_REVIEW = "no_review", "No local review"
        NATIONAL_REVIEW = "national_review", "Suggest a national review to the Panel"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SENT = "sent", "Sent to the Panel"
        RESPONDED = "responded", "Panel has responded"

    MOVES = {
        Status.IN_PROGRESS: {Status.SENT},
        Status.SENT: {Status.RESPONDED},
        Status.RESPONDED: set(),
    }
    # Regulation 11 of SI 2018/789: what the partners must consider.
    CRITERIA = [
        "criteria_improvements_needed",
        "criteria_recurrent_themes",
        "criteria_agencies_working_together",
        "criteria_panel_view",
    ]

    incident = models.OneToOneField(
        SeriousIncident, on_delete=models.CASCADE, related_name="rapid_review"
    )
    meeting_on = models.DateField("date of the rapid review meeting", null=True, blank=True)
    agency_contributions = models.TextField(
        "agencies' contributions",
        blank=True,
        help_text="Which agencies took part and what each provided (chronology, findings).",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    criteria_improvements_needed = models.BooleanField(
        "the case highlights improvements needed to safeguard children", default=False
    )
    criteria_recurrent_themes = models.BooleanField(
        "the case highlights recurrent themes in safeguarding", default=False
    )
    criteria_agencies_working_together = models.BooleanField(
        "there are concerns about how organisations worked together", default=False
    )
    criteria_panel_view = models.BooleanField(
        "the Panel has said a local review may be more appropriate", default=False
    )
    rationale = models.TextField(blank=True, help_text="Why the partners decided as they did.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    sent_to_panel_on = models.DateField("date sent to the Panel", null=True, blank=True)
    panel_responded_on = models.DateField("date of the Panel's response", null=True, blank=True)
    panel_response = models.TextField("the Panel's response", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-incident__aware_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_progress")
                | (Q(sent_to_panel_on__isnull=False) & ~Q(decision="")),
                name="sent_rapid_review_has_date_and_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="responded") | Q(panel_responded_on__isnull=False),
                name="panel_response_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Rapid review of {self.incident}"

    def criteria_met(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.CRITERIA
            if getattr(self, name)
        ]

    def _move(self, target: str) -> None:
        if target not in self.MOVES[self.status]:
            raise ValidationError(
                f"A rapid review that is “{self.get_status_display().lower()}” cannot be moved "
                f"to “{self.Status(target).label.lower()}”."
            )
        self.status = target

    def send_to_panel(self, *, on: dt.date) -> None:
        if not self.decision:
            raise ValidationError(
                "Record the decision before sending the rapid review to the Panel."
            )
        if not self.rationale.strip():
            raise ValidationError(
                "Record the rationale before sending the rapid review to the Panel."
            )
        if on < self.incident.aware_on:
            raise ValidationError(
                {"sent_to_panel_on": "The date cannot be before the local authority was aware."}
            )
        self._move(self.Status.SENT)
        self.sent_to_panel_on = on
        self.version += 1
        self.save()

    def record_panel_response(self, *, on: dt.date, response: str) -> None:
        if not response.strip():
            raise ValidationError({"panel_response": "Enter what the Panel said."})
        if self.sent_to_panel_on and on < self.sent_to_panel_on:
            raise ValidationError(
                {"panel_responded_on": "The Panel cannot respond before the review was sent."}
            )
        self._move(self.Status.RESPONDED)
        self.panel_responded_on = on
        self.panel_response = response
        self.version += 1
        self.save()
