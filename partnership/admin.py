"""Django admin. Staff see only the partnerships in which they are business manager;
superusers see everything. Every app's ModelAdmin builds on PartnershipScopedAdmin."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.http import Http404

from partnership.models import (
    AgencyCategory,
    ArrangementsDocument,
    ArrangementsSection,
    ArrangementsUpdate,
    Organisation,
    OrganisationName,
    Partnership,
    Person,
    Role,
    User,
)
from reviews.shared_text import SharedTextModelForm


def managed_partnership_ids(user) -> set[int]:
    return set(
        Role.objects.current()
        .filter(person__user=user, kind=Role.Kind.BUSINESS_MANAGER)
        .values_list("person__partnership_id", flat=True)
    )


class PartnershipScopedMixin:
    """Limits an admin (or inline) to the partnerships the staff user manages.

    ``partnership_path`` is the lookup from the model to its Partnership,
    e.g. ``"subgroup__partnership"``; ``"pk"`` for Partnership itself.
    """

    partnership_path = "partnership"
    # Refuses a case's identifying details in shared text, as every page's form does.
    form = SharedTextModelForm

    def _scope(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        lookup = "pk__in" if self.partnership_path == "pk" else f"{self.partnership_path}__in"
        return queryset.filter(**{lookup: managed_partnership_ids(request.user)})

    def get_queryset(self, request):
        return self._scope(request, super().get_queryset(request))

    def _in_scope_or_404(self, request, object_id) -> None:
        """Another partnership's record is 404 on every page of it, before any permission
        check could answer 403 (read-only admins refuse changes before looking)."""
        if object_id is None or request.user.is_superuser:
            return
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such record")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's admin redirects with "perhaps it was deleted?"; another partnership's
        # record must look exactly like one that never existed: 404.
        raise Http404("No such record")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            ids = managed_partnership_ids(request.user)
            model = db_field.related_model
            if model is Partnership:
                field.queryset = field.queryset.filter(pk__in=ids)
            elif hasattr(model, "partnership"):
                field.queryset = field.queryset.filter(partnership__in=ids)
        return field

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and bool(managed_partnership_ids(request.user))
        )

    def _allowed(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and bool(managed_partnership_ids(request.user))
        )

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class PartnershipScopedAdmin(PartnershipScopedMixin, admin.ModelAdmin):
    pass


class OrganisationNameInline(PartnershipScopedMixin, admin.TabularInline):
    model = OrganisationName
    partnership_path = "organisation__partnership"
    extra = 0


class AgencyCategoryInline(PartnershipScopedMixin, admin.TabularInline):
    model = AgencyCategory
    partnership_path = "organisation__partnership"
    extra = 0


class RoleInline(PartnershipScopedMixin, admin.TabularInline):
    model = Role
    partnership_path = "person__partnership"
    extra = 0
    autocomplete_fields = ["subgroup"]


@admin.register(Partnership)
class PartnershipAdmin(PartnershipScopedAdmin):
    partnership_path = "pk"
    list_display = ["name", "short_name", "area", "transition_date", "reporting_year_start_month"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        # Deleting a partnership deletes every record it holds: superusers only.
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(PartnershipScopedAdmin):
    list_display = ["name", "partnership", "kind", "category"]
    list_filter = ["kind", "category", ("partnership", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    inlines = [OrganisationNameInline, AgencyCategoryInline]


@admin.register(Person)
class PersonAdmin(PartnershipScopedAdmin):
    list_display = ["name", "partnership", "organisation", "job_title", "user"]
    list_filter = [("partnership", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "job_title", "email"]
    list_select_related = ["partnership", "organisation", "user"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(PartnershipScopedAdmin):
    partnership_path = "person__partnership"
    list_display = ["person", "kind", "subgroup", "organisation", "valid_from", "valid_to"]
    list_filter = ["kind", ("person__partnership", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__name", "title"]
    list_select_related = ["person", "subgroup", "organisation"]


class ArrangementsSectionInline(PartnershipScopedMixin, admin.StackedInline):
    model = ArrangementsSection
    partnership_path = "document__partnership"
    extra = 0


@admin.register(ArrangementsDocument)
class ArrangementsDocumentAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "version_label", "published_on"]
    list_filter = [("partnership", admin.RelatedOnlyFieldListFilter)]
    # Approvals are given by the partners on the arrangements page, not typed in here.
    inlines = [ArrangementsSectionInline]


@admin.register(ArrangementsUpdate)
class ArrangementsUpdateAdmin(PartnershipScopedAdmin):
    list_display = ["title", "partnership", "date"]
    list_filter = [("partnership", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description"]


admin.site.register(User, UserAdmin)
admin.site.site_header = "Safeguarding partnership governance: administration"
