"""Admin for committee submissions and feed tokens, scoped to the staff user's partnerships.

The search index is derived data (rebuild it with ``manage.py rebuild_search_index``),
so it is read-only here and shows no record text.
"""

from django.contrib import admin

from partnership.admin import PartnershipScopedAdmin, PartnershipScopedMixin
from scrutiny.models import (
    CommitteeAction,
    CommitteeQuestion,
    CommitteeSubmission,
    CoverReport,
    CoverReportFormat,
    FeedToken,
    SearchEntry,
)


class CommitteeQuestionInline(PartnershipScopedMixin, admin.TabularInline):
    model = CommitteeQuestion
    partnership_path = "submission__partnership"
    extra = 0


class CommitteeActionInline(PartnershipScopedMixin, admin.TabularInline):
    model = CommitteeAction
    partnership_path = "submission__partnership"
    extra = 0


@admin.register(CommitteeSubmission)
class CommitteeSubmissionAdmin(PartnershipScopedAdmin):
    list_display = ["committee", "meeting_date", "report_title", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["committee", "report_title", "presenter"]
    inlines = [CommitteeQuestionInline, CommitteeActionInline]


@admin.register(CoverReport)
class CoverReportAdmin(PartnershipScopedAdmin):
    partnership_path = "submission__partnership"
    list_display = ["title", "submission", "updated_at"]
    readonly_fields = ["version"]


@admin.register(FeedToken)
class FeedTokenAdmin(PartnershipScopedAdmin):
    list_display = [
        "user",
        "kind",
        "subgroup",
        "partnership",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["kind", "partnership"]
    readonly_fields = ["token_hash", "created_at", "last_used_at"]
    list_select_related = ["user", "subgroup", "partnership"]

    def has_add_permission(self, request, *args):
        return False  # addresses are made by their users, who are shown the secret once


@admin.register(SearchEntry)
class SearchEntryAdmin(PartnershipScopedAdmin):
    list_display = [
        "record_type",
        "object_id",
        "partnership",
        "subgroup",
        "date",
        "confidentiality",
        "minutes_status",
    ]
    list_filter = ["record_type", "partnership", "confidentiality"]
    fields = [
        "record_type",
        "object_id",
        "partnership",
        "subgroup",
        "date",
        "confidentiality",
        "minutes_status",
        "url",
        "indexed_at",
    ]
    readonly_fields = fields
    list_select_related = ["partnership", "subgroup"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CoverReportFormat)
class CoverReportFormatAdmin(PartnershipScopedAdmin):
    """A council's cover-report headings: a record each partnership keeps for its councils."""

    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
