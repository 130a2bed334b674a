"""Admin for the evidence records, scoped to the partnerships a staff user manages."""

from django.contrib import admin

from evidence.models import (
    ActivityEntry,
    BudgetPeriod,
    Contribution,
    CostCentre,
    Course,
    CourseEvaluation,
    EvidenceSettings,
    ExpenditureLine,
    FeedbackExercise,
    Indicator,
    Inspection,
    KpiValue,
    MultiAgencyAudit,
    OpeningBalance,
    Priority,
    SchoolAudit,
    SchoolAuditCount,
    Section11Cycle,
    Section11Return,
    SessionAttendance,
    TrainingSession,
)
from partnership.admin import PartnershipScopedAdmin, PartnershipScopedMixin


@admin.register(EvidenceSettings)
class EvidenceSettingsAdmin(PartnershipScopedAdmin):
    list_display = ["partnership", "qa_subgroup"]


@admin.register(Priority)
class PriorityAdmin(PartnershipScopedAdmin):
    list_display = ["name", "partnership", "starts_on", "ends_on"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(ActivityEntry)
class ActivityEntryAdmin(PartnershipScopedAdmin):
    partnership_path = "subgroup__partnership"
    list_display = ["date", "subgroup", "heading", "priority"]
    list_filter = ["heading", "subgroup__partnership"]
    search_fields = ["text"]
    list_select_related = ["subgroup", "priority"]
    raw_id_fields = ["meeting", "audit", "created_by"]


@admin.register(MultiAgencyAudit)
class MultiAgencyAuditAdmin(PartnershipScopedAdmin):
    list_display = ["theme", "partnership", "status", "started_on", "completed_on"]
    list_filter = ["status", "partnership"]
    search_fields = ["theme", "findings"]
    filter_horizontal = ["agencies"]
    raw_id_fields = ["actions"]


class Section11ReturnInline(PartnershipScopedMixin, admin.TabularInline):
    model = Section11Return
    partnership_path = "cycle__partnership"
    extra = 0


@admin.register(Section11Cycle)
class Section11CycleAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "launched_on", "due_on", "closed_on"]
    list_filter = ["partnership"]
    inlines = [Section11ReturnInline]


class SchoolAuditCountInline(PartnershipScopedMixin, admin.TabularInline):
    model = SchoolAuditCount
    partnership_path = "audit__partnership"
    extra = 0


@admin.register(SchoolAudit)
class SchoolAuditAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "reported_on", "schools_asked", "returns_received"]
    list_filter = ["partnership"]
    inlines = [SchoolAuditCountInline]


@admin.register(FeedbackExercise)
class FeedbackExerciseAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "method", "started_on", "ended_on"]
    list_filter = ["method", "partnership"]
    search_fields = ["title", "what_they_said", "what_changed"]


class KpiValueInline(PartnershipScopedMixin, admin.TabularInline):
    model = KpiValue
    partnership_path = "indicator__partnership"
    extra = 0
    readonly_fields = ["suppressed_in_publication"]


@admin.register(Indicator)
class IndicatorAdmin(PartnershipScopedAdmin):
    list_display = ["name", "partnership", "unit", "direction", "order"]
    list_filter = ["partnership"]
    search_fields = ["name"]
    inlines = [KpiValueInline]


class TrainingSessionInline(PartnershipScopedMixin, admin.TabularInline):
    model = TrainingSession
    partnership_path = "course__partnership"
    extra = 0
    show_change_link = True


class CourseEvaluationInline(PartnershipScopedMixin, admin.StackedInline):
    model = CourseEvaluation
    partnership_path = "course__partnership"
    extra = 0


@admin.register(Course)
class CourseAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "delivery_mode", "status"]
    list_filter = ["status", "partnership"]
    inlines = [TrainingSessionInline, CourseEvaluationInline]


class SessionAttendanceInline(PartnershipScopedMixin, admin.TabularInline):
    model = SessionAttendance
    partnership_path = "session__course__partnership"
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(PartnershipScopedAdmin):
    partnership_path = "course__partnership"
    list_display = ["course", "date", "delivery_mode"]
    list_filter = ["delivery_mode", "course__partnership"]
    inlines = [SessionAttendanceInline]


@admin.register(Inspection)
class InspectionAdmin(PartnershipScopedAdmin):
    list_display = [
        "organisation",
        "inspectorate",
        "published_on",
        "overall_rating",
        "safeguarding_rating",
    ]
    list_filter = ["inspectorate", "partnership"]
    list_select_related = ["organisation"]


@admin.register(CostCentre)
class CostCentreAdmin(PartnershipScopedAdmin):
    list_display = ["code", "name", "partnership", "order"]
    list_filter = ["partnership"]


class OpeningBalanceInline(PartnershipScopedMixin, admin.TabularInline):
    model = OpeningBalance
    partnership_path = "period__partnership"
    extra = 0


class ContributionInline(PartnershipScopedMixin, admin.TabularInline):
    model = Contribution
    partnership_path = "period__partnership"
    extra = 0


class ExpenditureLineInline(PartnershipScopedMixin, admin.TabularInline):
    model = ExpenditureLine
    partnership_path = "period__partnership"
    extra = 0


@admin.register(BudgetPeriod)
class BudgetPeriodAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "starts_on", "ends_on"]
    list_filter = ["partnership"]
    inlines = [OpeningBalanceInline, ContributionInline, ExpenditureLineInline]
