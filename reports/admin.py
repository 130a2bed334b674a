"""Reports in the Django admin: listed with period and state; an action assembles or refreshes
a draft and links to its preview. Published copies are read-only."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from partnership.admin import PartnershipScopedAdmin, PartnershipScopedMixin
from reports import services
from reports.models import (
    DistributionTask,
    PublishedReport,
    Report,
    ReportEvent,
    ReportNarrative,
    ReportSectionConfig,
)


class FrozenOnceSubmitted:
    """Read-only in the admin once the report has left the business manager's hands: what
    the chair reviews, approves, the leads sign and the public reads never changes."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and not _editable(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and not _editable(obj):
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not _editable(obj):
            return False
        return super().has_delete_permission(request, obj)


def _editable(obj) -> bool:
    report = obj if isinstance(obj, Report) else obj.report
    return report.is_editable


class NarrativeInline(FrozenOnceSubmitted, PartnershipScopedMixin, admin.StackedInline):
    model = ReportNarrative
    partnership_path = "report__partnership"
    extra = 0
    fields = ["key", "body", "signed_as"]


class EventInline(PartnershipScopedMixin, admin.TabularInline):
    model = ReportEvent
    partnership_path = "report__partnership"
    extra = 0
    fields = ["at", "kind", "by", "note", "section_key"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(FrozenOnceSubmitted, PartnershipScopedAdmin):
    list_display = [
        "title",
        "partnership",
        "period_start",
        "period_end",
        "edition",
        "status",
        "last_assembled_at",
        "preview_link",
    ]
    list_filter = ["status", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["title"]
    readonly_fields = ["status", "edition", "replaces", "last_assembled_at", "created_at"]
    inlines = [NarrativeInline, EventInline]
    actions = ["assemble_drafts"]

    @admin.display(description="Preview")
    def preview_link(self, obj):
        return format_html('<a href="{}">Preview</a>', obj.get_absolute_url())

    @admin.action(description="Assemble or refresh the selected drafts from the records")
    def assemble_drafts(self, request, queryset):
        done, refused = [], []
        for report in queryset.select_related("partnership"):
            try:
                document = services.refresh(report, by=request.user)
            except ValidationError as error:
                refused.append(f"{report}: {' '.join(error.messages)}")
                continue
            done.append(
                (report.get_absolute_url(), f"{report} ({len(document.sections)} sections)")
            )
        if done:
            self.message_user(
                request,
                format_html(
                    "Assembled from the records: {}",
                    format_html_join(", ", '<a href="{}">{}</a>', done),
                ),
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def get_readonly_fields(self, request, obj=None):
        # A published report's draft keeps its period and title: the frozen copy names them.
        if obj and obj.status == Report.Status.PUBLISHED:
            return [*self.readonly_fields, "partnership", "title", "period_start", "period_end"]
        return self.readonly_fields


@admin.register(ReportSectionConfig)
class ReportSectionConfigAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "key", "order", "hidden", "is_appendix"]
    list_editable = ["order", "hidden"]
    list_filter = ["partnership", "hidden"]
    list_select_related = ["partnership"]


class DistributionInline(PartnershipScopedMixin, admin.TabularInline):
    model = DistributionTask
    partnership_path = "published__partnership"
    extra = 0
    fields = ["recipient", "due_on", "status", "sent_on", "note"]
    readonly_fields = ["recipient", "due_on"]


@admin.register(PublishedReport)
class PublishedReportAdmin(PartnershipScopedAdmin):
    list_display = [
        "title",
        "partnership",
        "period_start",
        "period_end",
        "edition",
        "published_on",
        "public_link",
    ]
    list_filter = ["partnership"]
    list_select_related = ["partnership"]
    fields = [
        "title",
        "partnership",
        "period_start",
        "period_end",
        "edition",
        "version",
        "published_on",
        "published_at",
        "published_by",
        "html_sha256",
        "pdf_sha256",
    ]
    readonly_fields = fields
    inlines = [DistributionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("html", "pdf")

    @admin.display(description="Public page")
    def public_link(self, obj):
        return format_html('<a href="{}">Published report</a>', obj.get_absolute_url())

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The published copy itself never changes; only its distribution rows are edited here.
        if not change:
            super().save_model(request, obj, form, change)
