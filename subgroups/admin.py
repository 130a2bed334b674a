"""Admin for sub-groups, meetings (→ items → decisions and actions) and actions.

Everything is scoped to the partnerships the staff user manages. Confirmed minutes are
locked here too: a confirmed meeting, its items and their rows are shown read-only.
Foreign keys to models without a partnership field (items, meetings, users) are read-only
so that no select list shows another partnership's records.
"""

import datetime as dt

from django.contrib import admin

from partnership.admin import (
    PartnershipScopedAdmin,
    PartnershipScopedMixin,
    managed_partnership_ids,
)
from partnership.models import Role
from subgroups.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    SubGroup,
)


def _locked(obj) -> bool:
    """Whether a meeting, or the meeting of an item, has confirmed minutes."""
    if isinstance(obj, Meeting):
        return obj.is_locked
    if isinstance(obj, AgendaItem):
        return obj.meeting.is_locked
    if isinstance(obj, Decision | Action) and obj.item_id:
        return obj.item.meeting.is_locked
    return False


class LockedWhenConfirmedMixin:
    """A record of confirmed minutes is shown read-only and cannot be deleted."""

    def has_change_permission(self, request, obj=None):
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)


class LockedWithParentMixin(LockedWhenConfirmedMixin):
    """An inline that cannot be changed once its parent's minutes are confirmed."""

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)


class SubGroupRoleInline(PartnershipScopedMixin, admin.TabularInline):
    model = Role
    partnership_path = "person__partnership"
    fields = ["person", "kind", "organisation", "title", "valid_from", "valid_to"]
    extra = 0
    verbose_name = "chair or member"
    verbose_name_plural = "chairs and members (effective-dated)"


@admin.register(SubGroup)
class SubGroupAdmin(PartnershipScopedAdmin):
    list_display = [
        "name",
        "partnership",
        "cadence",
        "is_executive",
        "handles_case_reviews",
        "established_on",
        "ended_on",
    ]
    list_filter = [
        ("partnership", admin.RelatedOnlyFieldListFilter),
        "cadence",
        "is_executive",
        "handles_case_reviews",
        "of_predecessor_board",
    ]
    search_fields = ["name", "short_name", "terms_of_reference"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["predecessors"]
    inlines = [SubGroupRoleInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "predecessors" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(
                partnership__in=managed_partnership_ids(request.user)
            )
        return field


class AttendanceInline(LockedWithParentMixin, PartnershipScopedMixin, admin.TabularInline):
    model = Attendance
    partnership_path = "meeting__subgroup__partnership"
    fields = ["person", "organisation", "status", "substitute_for"]
    extra = 0


class AgendaItemInline(LockedWithParentMixin, PartnershipScopedMixin, admin.StackedInline):
    model = AgendaItem
    partnership_path = "meeting__subgroup__partnership"
    fields = ["order", "title", "presenter", "confidentiality", "minutes"]
    extra = 0
    show_change_link = True  # decisions and actions are edited on the item's own page


@admin.register(Meeting)
class MeetingAdmin(LockedWhenConfirmedMixin, PartnershipScopedAdmin):
    partnership_path = "subgroup__partnership"
    list_display = ["__str__", "subgroup", "starts_at", "status", "minutes_status", "confirmed_on"]
    list_filter = [
        "minutes_status",
        "status",
        ("subgroup__partnership", admin.RelatedOnlyFieldListFilter),
        ("subgroup", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "subgroup__name", "items__title"]
    date_hierarchy = "starts_at"
    list_select_related = ["subgroup"]
    readonly_fields = [
        "minutes_status",
        "circulated_on",
        "confirmed_on",
        "confirmed_at_meeting",
        "version",
    ]
    inlines = [AttendanceInline, AgendaItemInline]


class DecisionInline(LockedWithParentMixin, PartnershipScopedMixin, admin.TabularInline):
    model = Decision
    partnership_path = "item__meeting__subgroup__partnership"
    extra = 0


class ActionInline(LockedWithParentMixin, PartnershipScopedMixin, admin.TabularInline):
    model = Action
    partnership_path = "partnership"
    fields = ["description", "owner", "organisation", "due_on", "status", "completed_on"]
    extra = 0
    show_change_link = True


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedWhenConfirmedMixin, PartnershipScopedAdmin):
    partnership_path = "meeting__subgroup__partnership"
    list_display = ["__str__", "meeting", "confidentiality"]
    list_filter = [
        "confidentiality",
        ("meeting__subgroup__partnership", admin.RelatedOnlyFieldListFilter),
        ("meeting__subgroup", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "minutes"]
    list_select_related = ["meeting__subgroup"]
    readonly_fields = ["meeting", "version"]
    inlines = [DecisionInline, ActionInline]

    def has_add_permission(self, request, *args):
        return False  # items are added from their meeting

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        item = form.instance
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, Action) and not instance.pk:
                instance.partnership_id = item.meeting.subgroup.partnership_id
                instance.subgroup_id = item.meeting.subgroup_id
            instance.save()
        formset.save_m2m()


class ActionUpdateInline(PartnershipScopedMixin, admin.TabularInline):
    model = ActionUpdate
    partnership_path = "action__partnership"
    fields = ["date", "status_from", "status_to", "note", "author"]
    readonly_fields = ["author"]
    extra = 0


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(dt.date.today())
        return queryset


@admin.register(Action)
class ActionAdmin(PartnershipScopedAdmin):
    list_display = [
        "description",
        "subgroup",
        "owner",
        "organisation",
        "due_on",
        "status",
        "is_overdue",
    ]
    list_filter = [
        "status",
        OverdueFilter,
        ("partnership", admin.RelatedOnlyFieldListFilter),
        ("subgroup", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["description", "owner__name", "organisation__name"]
    list_select_related = ["subgroup", "owner", "organisation"]
    date_hierarchy = "due_on"
    readonly_fields = ["item", "version", "created_on"]
    inlines = [ActionUpdateInline]

    @admin.display(boolean=True, description="Overdue")
    def is_overdue(self, obj):
        return obj.is_overdue()

    def has_delete_permission(self, request, obj=None):
        # An action stays open to updates, but one recorded in confirmed minutes stays.
        return not _locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Decision)
class DecisionAdmin(LockedWhenConfirmedMixin, PartnershipScopedAdmin):
    partnership_path = "item__meeting__subgroup__partnership"
    list_display = ["__str__", "item"]
    search_fields = ["text"]
    list_select_related = ["item__meeting__subgroup"]
    readonly_fields = ["item"]

    def has_add_permission(self, request, *args):
        return False
