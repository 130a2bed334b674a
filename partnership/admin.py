"""Django admin. Staff see only the partnerships in which they are business manager;
superusers see everything. Every app's ModelAdmin builds on PartnershipScopedAdmin.

What the scoping covers, for every model and inline built on it: the lists, the list
filters, every foreign-key and many-to-many choice (dropdowns, raw-id fields and
autocompletes alike) and, for everyone, superusers included, that the records one form
links all belong to one partnership.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
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
        return _scoped_choices(field, db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped_choices(field, db_field, request)

    def get_list_filter(self, request):
        """Filters by a related record list only the records in the user's lists (a plain
        related filter would name every partnership's records)."""
        return [_related_only(self.model, entry) for entry in super().get_list_filter(request)]

    def get_form(self, request, obj=None, **kwargs):
        return one_partnership_form(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = one_partnership_form(formset.form)
        return formset

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


FOREIGN_CHOICE = "Choose a record of this partnership: that one is not one of them."


def _scoped_choices(field, db_field, request):
    """Limit a relation's choices to the partnerships the staff user manages."""
    if field is None or not hasattr(field, "queryset"):
        return field
    field.error_messages = {
        **field.error_messages,
        "invalid_choice": FOREIGN_CHOICE,
        "invalid_pk_value": FOREIGN_CHOICE,
    }
    if request.user.is_superuser:
        return field
    from partnership.scoping import partnership_path

    ids = managed_partnership_ids(request.user)
    model = db_field.related_model
    if model is get_user_model():
        # Sign-ins: those of people in the managed partnerships, never the whole instance.
        field.queryset = field.queryset.filter(people__partnership__in=ids).distinct()
        return field
    path = partnership_path(model)
    if path in ("pk", "id"):
        field.queryset = field.queryset.filter(pk__in=ids)
    elif path:
        field.queryset = field.queryset.filter(**{f"{path}__in": ids})
    return field


def _related_only(model, entry):
    if not isinstance(entry, str):
        return entry
    try:
        last = get_fields_from_path(model, entry)[-1]
    except (FieldDoesNotExist, admin.utils.NotRelationField):
        return entry
    if getattr(last, "is_relation", False):
        return (entry, admin.RelatedOnlyFieldListFilter)
    return entry


def partnership_of(record) -> int | None:
    """The id of the partnership a record belongs to (None if it belongs to none)."""
    from partnership.scoping import partnership_path

    path = partnership_path(type(record))
    if path is None or record.pk is None:
        return None
    if path in ("pk", "id"):
        return record.pk
    return type(record)._default_manager.filter(pk=record.pk).values_list(path, flat=True).first()


def one_partnership_form(form_class):
    """The admin's form for a model, refusing links to records of another partnership.

    The partnership the record belongs to is that of the record as saved, else the one its
    form names (its partnership field, or the record of an inline's parent); every other
    record the form links must belong to it."""

    class OnePartnershipForm(form_class):
        def clean(self):
            cleaned = super().clean()
            home = partnership_of(self.instance) if self.instance.pk else None
            linked = {}
            for name, value in cleaned.items():
                values = value if isinstance(value, (list, tuple, models.QuerySet)) else [value]
                for item in values:
                    if isinstance(item, models.Model) and not isinstance(item, get_user_model()):
                        owner = partnership_of(item)
                        if owner is not None:
                            linked.setdefault(name, set()).add(owner)
            if home is None:
                named = linked.get("partnership") or next(iter(linked.values()), None)
                home = min(named) if named else None
            for name, owners in linked.items():
                if owners - {home} and name in self.fields:
                    self.add_error(
                        name,
                        ValidationError(
                            "Choose a record of the same partnership as this one: "
                            "that one belongs to another partnership.",
                            code="other_partnership",
                        ),
                    )
            return cleaned

    OnePartnershipForm.__name__ = form_class.__name__
    return OnePartnershipForm


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
