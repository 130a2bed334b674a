"""The admin across partnerships: for every model and inline, every foreign-key and
many-to-many field (dropdowns and raw-id fields alike) refuses another partnership's
record, for a business manager (not among the choices) and for a superuser (a record must
link records of its own partnership). Lists show only the manager's partnership."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import ManyToManyRawIdWidget
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory

from partnership.admin import PartnershipScopedMixin, partnership_of
from partnership.models import Person, User
from partnership.scoping import for_partnership, partnership_path
from tests.trust import matrix as m


def admins():
    """Every scoped ModelAdmin and inline: (label, admin instance, model)."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, PartnershipScopedMixin):
            continue
        found.append((f"{model._meta.label}", model_admin, model))
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            found.append((f"{model._meta.label} inline {inline.model._meta.label}", inline, model))
    return found


ADMINS = admins()


def request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def form_class(model_admin, parent_model, request, instance):
    if isinstance(model_admin, admin.options.InlineModelAdmin):
        parent = getattr(instance, model_admin.fk_name or "", None) if instance else None
        return model_admin.get_formset(request, parent).form
    return model_admin.get_form(request, instance)


def relation_fields(form):
    for name, field in form.base_fields.items():
        if isinstance(field, (ModelChoiceField, ModelMultipleChoiceField)):
            yield name, field


def foreign_value(field, other):
    model = field.queryset.model
    if model is User:
        record = (
            User.objects.filter(people__partnership=other)
            .exclude(people__partnership__slug="worcestershire")
            .first()
        )
    elif partnership_path(model) is None:
        return None
    else:
        record = for_partnership(model, other).order_by("pk").first()
    return record


@pytest.mark.parametrize("label", [label for label, *_ in ADMINS])
def test_every_relation_field_refuses_another_partnerships_record(label, demo, db):
    _, model_admin, parent_model = next(a for a in ADMINS if a[0] == label)
    home, other = demo["home"], demo["other"]
    manager = User.objects.get(username=m.ROLE_USERS[m.BM])
    root = User.objects.get(username="root")
    model = model_admin.model
    instance = for_partnership(model, home).order_by("pk").first()
    checked, wrong = 0, []
    for user in (manager, root):
        request = request_as(user)
        form_cls = form_class(model_admin, parent_model, request, instance)
        for name, field in relation_fields(form_cls):
            foreign = foreign_value(field, other)
            if foreign is None:
                continue
            checked += 1
            if user is manager:
                # Not offered, and refused when posted (raw-id fields post ids).
                if field.queryset.filter(pk=foreign.pk).exists():
                    wrong.append(f"{name}: {foreign!r} of {other} is among the choices")
                value = [foreign.pk] if isinstance(field, ModelMultipleChoiceField) else foreign.pk
                try:
                    field.clean(value)
                except Exception as error:  # noqa: BLE001 - any refusal, checked below
                    if "this partnership" not in " ".join(getattr(error, "messages", [])):
                        wrong.append(f"{name}: refused without a clear message: {error}")
                else:
                    wrong.append(f"{name}: {foreign!r} of {other} was accepted")
            elif (
                instance is not None and partnership_of(instance) == home.pk and foreign is not None
            ):
                if isinstance(foreign, User):
                    continue  # an account may hold roles in several partnerships
                value = [foreign.pk] if isinstance(field, ModelMultipleChoiceField) else foreign.pk
                if isinstance(field.widget, ManyToManyRawIdWidget):
                    value = str(foreign.pk)  # the raw-id box: ids separated by commas
                form = form_cls(data={name: value}, instance=instance)
                form.is_valid()
                messages = " ".join(form.errors.get(name, []))
                if "another partnership" not in messages and "this partnership" not in messages:
                    wrong.append(f"{name} (superuser): {foreign!r} of {other} accepted")
    assert not wrong, "\n".join(wrong)
    if not checked:
        pytest.skip(f"{label}: no relation field with a record in the other partnership")


def test_the_person_form_offers_only_this_partnerships_sign_ins(demo, db):
    manager = User.objects.get(username=m.ROLE_USERS[m.BM])
    form = admin.site._registry[Person].get_form(request_as(manager))
    offered = set(form.base_fields["user"].queryset.values_list("username", flat=True))
    assert "bm.worcs" in offered
    assert "bm.walsall" not in offered


def test_list_filters_name_only_this_partnership(demo, as_role):
    page = as_role(m.BM).get("/admin/partnership/organisation/").content.decode()
    assert demo["home"].name in page
    assert demo["other"].name not in page
