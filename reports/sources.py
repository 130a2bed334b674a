"""Everything the report's builders read, each source loaded once in a fixed number of queries.

The query count of an assembly depends on which sections the partnership shows, never on
how many records there are: lists are loaded whole (with their related rows) and grouped
in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from partnership.models import ArrangementsUpdate, Organisation, Role
from reports.builders.common import SectionSpec
from reports.document import Signatory
from reports.models import Report
from subgroups.models import (
    Action,
    Attendance,
    Confidentiality,
    Decision,
    Meeting,
    SubGroup,
    start_of,
)


@dataclass(frozen=True)
class MeetingsHeld:
    """A sub-group's meetings in the period: how many, and when the first and last began."""

    count: int
    first: dt.datetime
    last: dt.datetime


# ---------------------------------------------------------------------------------------
# Sources: everything the builders read, each loaded once in a fixed number of queries.
# ---------------------------------------------------------------------------------------
class Sources:
    def __init__(self, report: Report):
        self.report = report
        self.partnership = report.partnership
        self.start = report.period_start
        self.end = report.period_end

    @cached_property
    def organisations(self) -> list[Organisation]:
        return list(
            Organisation.objects.for_partnership(self.partnership).prefetch_related(
                "names", "schedule_categories"
            )
        )

    @cached_property
    def members(self) -> list[Organisation]:
        """The organisations still in the partnership when the period began (those that
        left before it are named only where a record of the period mentions them)."""
        return [o for o in self.organisations if o.left_on is None or o.left_on >= self.start]

    @cached_property
    def organisations_by_id(self) -> dict[int, Organisation]:
        return {o.pk: o for o in self.organisations}

    def org_name(self, organisation_id: int | None) -> str:
        org = self.organisations_by_id.get(organisation_id)
        return org.name_on(self.end) if org else ""

    @cached_property
    def roles(self) -> list[Role]:
        """Every role held at some point in the period."""
        return list(
            Role.objects.filter(person__partnership=self.partnership, valid_from__lte=self.end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.start))
            .select_related("person")
            .order_by("valid_from", "pk")
        )

    def roles_on(self, kind: str, day: dt.date) -> list[Role]:
        return [r for r in self.roles if r.kind == kind and r.is_current(day)]

    @cached_property
    def subgroups(self) -> list[SubGroup]:
        return list(
            SubGroup.objects.for_partnership(self.partnership)
            .active_between(self.start, self.end)
            .prefetch_related(
                Prefetch("predecessors", queryset=SubGroup.objects.order_by("order", "name"))
            )
        )

    @cached_property
    def meetings_held(self) -> dict[int, MeetingsHeld]:
        """Sub-group → how many meetings it held in the period (cancelled ones not counted),
        and the first and last: what the report says of them, in one aggregate query."""
        rows = (
            Meeting.objects.for_partnership(self.partnership)
            .held_between(self.start, self.end)
            .exclude(status=Meeting.Status.CANCELLED)
            .values("subgroup_id")
            .annotate(count=Count("pk"), first=Min("starts_at"), last=Max("starts_at"))
            .order_by()
        )
        return {r["subgroup_id"]: MeetingsHeld(r["count"], r["first"], r["last"]) for r in rows}

    def _attendance(self):
        """Attendance at the period's meetings, each row with the agency it counts for:
        the one recorded, else the person's own."""
        return Attendance.objects.filter(
            meeting__in=Meeting.objects.for_partnership(self.partnership)
            .held_between(self.start, self.end)
            .exclude(status=Meeting.Status.CANCELLED)
        ).annotate(agency_id=Coalesce("organisation_id", "person__organisation_id"))

    @cached_property
    def attendance_tally(self) -> tuple[dict[int, dict[int, int]], dict[int, int]]:
        """Agency → sub-group → meetings at which someone was there for the agency (present
        or as a substitute), and agency → apologies sent for it: one aggregate query."""
        attended = Q(status__in=Attendance.ATTENDED)
        rows = (
            self._attendance()
            .filter(
                status__in=[*Attendance.ATTENDED, Attendance.Status.APOLOGIES],
                agency_id__isnull=False,
            )
            .values("agency_id", "meeting__subgroup_id")
            .annotate(
                meetings=Count("meeting_id", distinct=True, filter=attended),
                apologies=Count("pk", filter=Q(status=Attendance.Status.APOLOGIES)),
            )
        )
        meetings: dict[int, dict[int, int]] = defaultdict(dict)
        apologies: dict[int, int] = defaultdict(int)
        for row in rows:
            if row["meetings"]:
                meetings[row["agency_id"]][row["meeting__subgroup_id"]] = row["meetings"]
            if row["apologies"]:
                apologies[row["agency_id"]] += row["apologies"]
        return meetings, dict(apologies)

    @property
    def meetings_attended(self) -> dict[int, dict[int, int]]:
        return self.attendance_tally[0]

    @property
    def apologies(self) -> dict[int, int]:
        return self.attendance_tally[1]

    @cached_property
    def public_decisions(self) -> dict[int, list]:
        """Decisions from public items of confirmed minutes: what a report may quote. Each is
        a row of its sub-group, its meeting's start and its text (``meeting_starts_at``,
        ``text``): all the report reads, so no decision, item or meeting is built."""
        grouped: dict[int, list] = defaultdict(list)
        # The decisions' own copy of their meeting's start, in their own index.
        decisions = (
            Decision.objects.for_partnership(self.partnership)
            .filter(
                meeting_starts_at__gte=start_of(self.start),
                meeting_starts_at__lt=start_of(self.end + dt.timedelta(days=1)),
                item__confidentiality=Confidentiality.PUBLIC,
                item__meeting__minutes_status=Meeting.MinutesStatus.CONFIRMED,
            )
            .order_by("meeting_starts_at", "item__order", "pk")
            .values_list("item__meeting__subgroup_id", "meeting_starts_at", "text", named=True)
        )
        for decision in decisions:
            grouped[decision.item__meeting__subgroup_id].append(decision)
        return grouped

    @cached_property
    def action_counts(self) -> dict[int | None, dict[str, int]]:
        """Actions agreed in the period, completed by its end, and still open at its end: as
        the year stood, not as today (an earlier year's actions are not all open now)."""
        done_by_end = Q(status=Action.Status.COMPLETED, completed_on__lte=self.end)
        rows = (
            Action.objects.for_partnership(self.partnership)
            .filter(created_on__gte=self.start, created_on__lte=self.end)
            .values("subgroup_id")
            .annotate(
                agreed=Count("pk"),
                completed=Count("pk", filter=done_by_end),
                open=Count("pk", filter=~done_by_end & ~Q(status=Action.Status.CANCELLED)),
            )
        )
        return {r["subgroup_id"]: r for r in rows}

    @cached_property
    def arrangements_updates(self) -> list[ArrangementsUpdate]:
        return list(
            ArrangementsUpdate.objects.filter(
                partnership=self.partnership, date__gte=self.start, date__lte=self.end
            )
        )

    @cached_property
    def arrangements_versions(self) -> list:
        """Every published version up to the end of the period, oldest first, with its
        sections and approvals."""
        return list(
            self.partnership.arrangements_documents.filter(published_on__lte=self.end)
            .order_by("published_on", "pk")
            .prefetch_related("sections", "approvals__person")
        )

    @cached_property
    def arrangements_document(self):
        """The version in force at the end of the period: the latest published by then."""
        versions = self.arrangements_versions
        return versions[-1] if versions else None

    @cached_property
    def narratives(self) -> dict:
        if not self.report.pk:
            return {}
        return {n.key: n for n in self.report.narratives.all()}

    @cached_property
    def signatories(self) -> list[Signatory]:
        if not self.report.pk:
            return []
        return [
            Signatory(
                partner=self.org_name(s.organisation_id),
                person=s.person.name,
                signed_on=s.signed_on,
                capacity=s.get_capacity_display(),
            )
            for s in self.report.signoffs.select_related("person").order_by(
                "signed_on", "signed_at"
            )
        ]

    # --- evidence (sub-group activity, priorities, QA, KPIs, training, inspections, budget) ---
    @cached_property
    def _activity_entries(self) -> list:
        """The period's activity entries, and the areas for development of the 12 months
        before it (the last report's), in one query."""
        from evidence.models import ActivityEntry, Heading

        previous_start, _ = self.previous_period
        return list(
            ActivityEntry.objects.for_partnership(self.partnership)
            .between(previous_start, self.end)
            .filter(Q(date__gte=self.start) | Q(heading=Heading.DEVELOPMENT))
            .for_report()
        )

    @cached_property
    def activity(self) -> dict[int, list]:
        """Activity entries dated in the period, by sub-group."""
        grouped: dict[int, list] = defaultdict(list)
        for entry in self._activity_entries:
            if entry.date >= self.start:
                grouped[entry.subgroup_id].append(entry)
        return grouped

    @cached_property
    def previous_period(self) -> tuple[dt.date, dt.date]:
        """The 12 months before this report's period: the last report's areas for development."""
        from reports.models import add_months

        return add_months(self.start, -12), self.start - dt.timedelta(days=1)

    @cached_property
    def previous_development(self) -> list:
        return [e for e in self._activity_entries if e.date < self.start]

    @cached_property
    def priorities(self) -> list:
        from evidence.models import Priority

        return list(
            Priority.objects.for_partnership(self.partnership)
            .between(self.start, self.end)
            .with_evidence_counts(self.start, self.end)
            .order_by("name")
        )

    @cached_property
    def kpi_values(self) -> list:
        """Every KPI value up to the end of the period, with its previous value annotated."""
        from evidence.models import KpiValue

        values = list(
            KpiValue.objects.for_partnership(self.partnership)
            .filter(period_end__lte=self.end)
            .for_report()
        )
        KpiValue.fill_previous(values)
        return values

    @cached_property
    def inspections(self) -> list:
        """Inspections published up to three years before the end of the period."""
        from evidence.models import Inspection

        return list(
            Inspection.objects.for_partnership(self.partnership)
            .filter(
                published_on__lte=self.end, published_on__gte=self.end - dt.timedelta(days=3 * 365)
            )
            .order_by("published_on", "pk")
        )

    @cached_property
    def audits(self) -> list:
        from evidence.models import MultiAgencyAudit

        return list(
            MultiAgencyAudit.objects.for_partnership(self.partnership)
            .between(self.start, self.end)
            .prefetch_related("agencies")
            .order_by("started_on", "pk")
        )

    @cached_property
    def section11_cycles(self) -> list:
        from evidence.models import Section11Cycle

        return list(
            Section11Cycle.objects.for_partnership(self.partnership)
            .between(self.start, self.end)
            .prefetch_related("returns")
            .order_by("launched_on")
        )

    @cached_property
    def school_audits(self) -> list:
        from evidence.models import SchoolAudit

        return list(
            SchoolAudit.objects.for_partnership(self.partnership)
            .between(self.start, self.end)
            .prefetch_related("counts")
            .order_by("reported_on")
        )

    @cached_property
    def feedback(self) -> list:
        from evidence.models import FeedbackExercise

        return list(
            FeedbackExercise.objects.for_partnership(self.partnership)
            .between(self.start, self.end)
            .order_by("started_on", "pk")
        )

    @cached_property
    def courses(self) -> list:
        """The courses the report lists: each with its sessions in the period counted and
        their attendance added up in the query (the report shows only the totals), and its
        evaluations collected in the period."""
        from evidence.models import Course, CourseEvaluation

        in_period = Q(sessions__date__gte=self.start, sessions__date__lte=self.end)
        evaluations = CourseEvaluation.objects.filter(
            collected_on__gte=self.start, collected_on__lte=self.end
        )
        courses = (
            Course.objects.for_partnership(self.partnership)
            .annotate(
                sessions_held=Count("sessions", filter=in_period, distinct=True),
                attended=Coalesce(Sum("sessions__attendance__count", filter=in_period), 0),
            )
            .prefetch_related(
                Prefetch("evaluations", queryset=evaluations, to_attr="period_evaluations")
            )
        )
        # ``Course.objects.between``, decided from what was read: a session or an evaluation
        # in the period, or being developed then.
        return [
            c
            for c in courses.order_by("title")
            if c.sessions_held or c.period_evaluations or c.status == Course.Status.IN_DEVELOPMENT
        ]

    @cached_property
    def qa_subgroup_id(self) -> int | None:
        from evidence.models import EvidenceSettings

        row = EvidenceSettings.objects.filter(partnership=self.partnership).values_list(
            "qa_subgroup_id", flat=True
        )
        return next(iter(row), None)

    @cached_property
    def budget(self):
        """The budget summary of the latest budget period overlapping the report's period.

        Only one period is summarised so the query count stays fixed (five queries).
        """
        from evidence.budget import budget_summary
        from evidence.models import BudgetPeriod

        periods = list(
            BudgetPeriod.objects.for_partnership(self.partnership)
            .between(self.start, self.end)
            .order_by("-ends_on")[:2]
        )
        if not periods:
            return None, 0
        return budget_summary(periods[0]), len(periods)

    # --- case reviews (pseudonyms and case numbers only: never identifying details) ---
    @cached_property
    def rapid_reviews(self) -> list:
        from reviews.models import RapidReview

        return list(
            RapidReview.objects.filter(
                incident__partnership=self.partnership,
                sent_to_panel_on__gte=self.start,
                sent_to_panel_on__lte=self.end,
            )
            .select_related("incident")
            .order_by("sent_to_panel_on", "pk")
        )

    @cached_property
    def incidents_notified(self) -> int:
        from reviews.models import SeriousIncident

        return (
            SeriousIncident.objects.for_partnership(self.partnership)
            .filter(notified_on__gte=self.start, notified_on__lte=self.end)
            .count()
        )

    @cached_property
    def practice_reviews(self) -> list:
        """Practice reviews in progress at the end of the period or published in it."""
        from reviews.models import PracticeReview

        reviews = PracticeReview.objects.for_partnership(self.partnership)
        return list(
            # Both filters are on the reviews' own columns: no row comes twice.
            (reviews.in_progress_on(self.end) | reviews.published_between(self.start, self.end))
            .select_related("rapid_review__incident")
            .prefetch_related("holds")
            .order_by("decision_on", "pk")
        )

    @cached_property
    def legacy_reviews(self) -> list:
        from reviews.models import LegacyReview

        return list(
            LegacyReview.objects.for_partnership(self.partnership)
            .published_between(self.start, self.end)
            .order_by("published_on", "pk")
        )

    @cached_property
    def national_reviews(self) -> list:
        from reviews.models import NationalReviewConsidered

        return list(
            NationalReviewConsidered.objects.for_partnership(self.partnership)
            .considered_between(self.start, self.end)
            .order_by("considered_on", "pk")
        )

    @cached_property
    def briefings(self) -> list:
        from reviews.models import LearningBriefing

        return list(
            LearningBriefing.objects.filter(
                partnership=self.partnership,
                published_on__gte=self.start,
                published_on__lte=self.end,
            ).order_by("published_on", "pk")
        )

    @cached_property
    def recommendations(self) -> list:
        """Recommendations still open at the start of the period or acted on during it."""
        from reviews.models import Recommendation

        # What the table shows of each: its review's name, its own words, and how many of
        # its actions are completed (counted in the query: no action is loaded).
        return list(
            Recommendation.objects.for_partnership(self.partnership)
            .filter(Q(implemented_on__isnull=True) | Q(implemented_on__gte=self.start))
            .select_related(
                "practice_review__rapid_review__incident",
                "legacy_review",
                "national_review",
                "rapid_review__incident",
            )
            .only(
                "number",
                "text",
                "status",
                "progress",
                "impact_evidence",
                "practice_review__rapid_review__incident__pseudonym",
                "rapid_review__incident__pseudonym",
                "legacy_review__kind",
                "legacy_review__pseudonym",
                "national_review__title",
            )
            .annotate(
                actions_total=Count("actions", distinct=True),
                actions_done=Count(
                    "actions",
                    distinct=True,
                    filter=Q(actions__status=Action.Status.COMPLETED),
                ),
            )
            .order_by("pk")
        )

    # --- the other apps' records, when those apps have their models -----------------
    @staticmethod
    def has_model(app_label: str, model_name: str) -> bool:
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return False
        return True


class Context:
    """What a builder gets: the sources, the report and the placement of sub-groups."""

    def __init__(self, report: Report, specs: list[SectionSpec]):
        self.report = report
        self.src = Sources(report)
        self.specs = specs
        self.placed_subgroups = {
            s.key.split(":", 1)[1] for s in specs if s.key.startswith("subgroup:")
        }
