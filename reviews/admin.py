"""Admin for case reviews. List pages show pseudonym and case number only; identifying
details have no list columns or search, and every admin view of them is logged."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership.admin import PartnershipScopedAdmin, PartnershipScopedMixin
from reviews.models import (
    IdentifyingDetails,
    LearningBriefing,
    LegacyReview,
    Milestone,
    NationalReviewConsidered,
    PracticeReview,
    RapidReview,
    Recommendation,
    RestrictedAccessLog,
    ReviewHold,
    SeriousIncident,
)
from reviews.services import log_restricted_access


class ScopedHistoryAdmin(PartnershipScopedMixin, SimpleHistoryAdmin):
    """History on every review record, but the history pages must not list identifying
    details either, so identifying details use the plain scoped admin.

    simple-history's history pages fall back to the history rows when the record is not in
    the admin's queryset (to show deleted records); for staff limited to a partnership that
    would show another partnership's case reviews, so the record must be in their scope
    (the history list is checked by PartnershipScopedMixin).
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(SeriousIncident)
class SeriousIncidentAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "partnership", "aware_on", "status"]
    list_filter = ["status", "partnership"]
    search_fields = ["pseudonym", "case_number"]
    list_select_related = ["partnership"]
    readonly_fields = ["version"]


@admin.register(IdentifyingDetails)
class IdentifyingDetailsAdmin(PartnershipScopedAdmin):
    partnership_path = "incident__partnership"
    list_display = ["__str__"]  # pseudonym and case number only
    list_select_related = ["incident"]
    search_fields: list[str] = []  # searching would confirm a name belongs to a case
    list_filter: list[str] = []
    raw_id_fields = ["incident"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        details = self.get_object(request, object_id)
        if details is not None and request.method == "GET":
            log_restricted_access(request.user, details, RestrictedAccessLog.Action.VIEW)
        return response

    def history_view(self, request, object_id, extra_context=None):
        details = self.get_object(request, object_id)
        if details is not None:
            log_restricted_access(request.user, details, RestrictedAccessLog.Action.VIEW)
        return super().history_view(request, object_id, extra_context)


@admin.register(RapidReview)
class RapidReviewAdmin(ScopedHistoryAdmin):
    partnership_path = "incident__partnership"
    list_display = ["__str__", "status", "decision", "sent_to_panel_on"]
    list_filter = ["status", "decision"]
    list_select_related = ["incident"]
    search_fields = ["incident__pseudonym", "incident__case_number"]
    readonly_fields = ["version"]


class MilestoneInline(PartnershipScopedMixin, admin.TabularInline):
    model = Milestone
    partnership_path = "practice_review__partnership"
    extra = 0


class ReviewHoldInline(PartnershipScopedMixin, admin.TabularInline):
    model = ReviewHold
    partnership_path = "practice_review__partnership"
    extra = 0


@admin.register(PracticeReview)
class PracticeReviewAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "partnership", "status", "decision_on", "published_on"]
    list_filter = ["status", "partnership"]
    list_select_related = ["partnership", "rapid_review__incident"]
    search_fields = ["rapid_review__incident__pseudonym", "rapid_review__incident__case_number"]
    inlines = [MilestoneInline, ReviewHoldInline]
    raw_id_fields = ["rapid_review"]
    readonly_fields = ["version"]


@admin.register(LegacyReview)
class LegacyReviewAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "partnership", "kind", "published_on"]
    list_filter = ["kind", "partnership"]
    search_fields = ["pseudonym", "case_number"]
    readonly_fields = ["version"]


@admin.register(NationalReviewConsidered)
class NationalReviewAdmin(ScopedHistoryAdmin):
    list_display = ["title", "partnership", "considered_on"]
    list_filter = ["partnership"]
    search_fields = ["title"]
    readonly_fields = ["version"]


@admin.register(LearningBriefing)
class LearningBriefingAdmin(ScopedHistoryAdmin):
    list_display = ["title", "partnership", "published_on"]
    list_filter = ["partnership"]
    raw_id_fields = ["legacy_review", "practice_review"]


@admin.register(Recommendation)
class RecommendationAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "partnership", "status"]
    list_filter = ["status", "partnership"]
    list_select_related = [
        "partnership",
        "practice_review__rapid_review__incident",
        "legacy_review",
        "national_review",
        "rapid_review__incident",
    ]
    raw_id_fields = [
        "practice_review",
        "legacy_review",
        "national_review",
        "rapid_review",
        "actions",
    ]
    readonly_fields = ["version"]


@admin.register(RestrictedAccessLog)
class RestrictedAccessLogAdmin(PartnershipScopedAdmin):
    """Read-only: a log nobody may edit or delete from the admin."""

    list_display = ["at", "username", "action", "record_label", "partnership"]
    list_filter = ["action", "partnership"]
    search_fields = ["username", "record_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
