"""Every text that readers beyond the case review group can see, found by walking the
models, and the check that refuses a case's identifying details in any of them.

A ``CharField`` or ``TextField`` of a model in the domain apps is *shared text* unless

- it has choices, is a slug, email or web address, or is not editable (worked out by the
  code, not written by a person);
- its model lists it in ``shared_text_exempt`` (a dict of field name to the reason), or
  sets ``shared_text_exempt = "__all__"`` (records only the case review group reads, and
  copies of text that was checked where it was written);
- the record itself says its text is restricted: ``text_is_restricted()`` returning True
  (a restricted minutes item).

So a new text field, in any app including ones added later (``EXTRA_APPS``), is checked
from the day it is added, unless someone marks it with a reason.

A text is refused when it holds any identifying detail of a case of the partnership whose
details are still held (``reviews.IdentifyingDetails``; a case anonymised under the
retention schedule has none). The refusal names the field and the kind of detail (a
name, a school...), never whose it is. The check runs in every model form (through
``partnership.forms.GovukFormMixin`` and the admin's ``SharedTextModelForm``) and again
when any covered record is saved (``refuse_on_save``), so no path skips it; a save
checks only the fields it changes, so a record written before a case was added can still
be edited until the business manager sees it listed by ``matching_records``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from partnership.models import Partnership
from partnership.scoping import DOMAIN_APPS, for_partnership, partnership_path
from reviews import textcheck

# Apps built after this check: their text is covered as soon as they are installed.
EXTRA_APPS = ["papers"]
NOT_TEXT = (models.SlugField, models.EmailField, models.URLField)


@dataclass(frozen=True)
class SharedField:
    model: type[models.Model]
    name: str

    @property
    def label(self) -> str:
        field = self.model._meta.get_field(self.name)
        return str(field.verbose_name).capitalize()

    @property
    def where(self) -> str:
        return f"{str(self.model._meta.verbose_name).capitalize()}: {self.label.lower()}"


def _is_text(field) -> bool:
    return (
        isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, NOT_TEXT)
        and not field.choices
        and field.editable
        and not field.primary_key
    )


def _exempt(model) -> set[str] | str:
    exempt = getattr(model, "shared_text_exempt", {})
    return exempt if exempt == "__all__" else set(exempt)


@functools.cache
def shared_text_fields() -> tuple[SharedField, ...]:
    """Every shared text field of every model, found by walking the models."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in [*DOMAIN_APPS, *EXTRA_APPS]:
            continue
        if hasattr(model, "instance_type") and hasattr(model, "history_id"):
            continue  # simple_history's copies: the record itself is checked
        exempt = _exempt(model)
        if exempt == "__all__" or partnership_path(model) is None:
            continue
        for field in model._meta.get_fields():
            if field.concrete and _is_text(field) and field.name not in exempt:
                found.append(SharedField(model, field.name))
    return tuple(found)


def fields_of(model: type[models.Model]) -> list[str]:
    concrete = model._meta.concrete_model
    return [f.name for f in shared_text_fields() if f.model is concrete]


def is_restricted(instance: models.Model) -> bool:
    restricted = getattr(instance, "text_is_restricted", None)
    return bool(restricted()) if callable(restricted) else False


# --- what to look for -----------------------------------------------------------------
def case_terms(partnership_id: int) -> list[tuple[str, str]]:
    """(kind, term) for every case of the partnership whose identifying details are held."""
    from reviews.models import IdentifyingDetails

    pairs: list[tuple[str, str]] = []
    for details in IdentifyingDetails.objects.filter(incident__partnership_id=partnership_id):
        pairs += details.kinded_terms()
    return pairs


def refusal(label: str, kinds: Iterable[str]) -> str:
    kinds = list(kinds)
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return (
        f"{label} contains {listed} of a child in a case review. Use the case's pseudonym "
        "and case number instead."
    )


def check_text(partnership: Partnership | int, text: str, field_label: str) -> None:
    """Raise ValidationError (naming the field and the kind of detail) when ``text`` holds
    any identifying detail of one of the partnership's cases. For text that is not a model
    field, such as a paper's extracted text."""
    if not text or not text.strip():
        return
    pk = partnership if isinstance(partnership, int) else partnership.pk
    kinds = textcheck.find_kinds(text, case_terms(pk))
    if kinds:
        raise ValidationError(refusal(field_label, kinds), code="identifying_details")


# --- records --------------------------------------------------------------------------
def partnership_id_of(instance: models.Model) -> int | None:
    """The record's partnership, following the model's foreign keys (no query when the
    related rows are already loaded)."""
    path = partnership_path(type(instance))
    if path is None:
        return None
    if path in ("pk", "id"):
        return instance.pk
    *steps, last = path.split("__")
    current = instance
    for step in steps:
        current = getattr(current, step, None)
        if current is None:
            return None
    return getattr(current, f"{last}_id", None)


def errors_for(instance: models.Model, only: Iterable[str] | None = None) -> dict[str, str]:
    """Field name → refusal for each shared text field of ``instance`` (limited to
    ``only``) that is new or changed since it was saved and holds identifying details."""
    names = fields_of(type(instance))
    if only is not None:
        names = [n for n in names if n in set(only)]
    if not names or is_restricted(instance):
        return {}
    partnership_id = partnership_id_of(instance)
    if partnership_id is None:
        return {}
    terms = case_terms(partnership_id)
    if not terms:
        return {}
    saved = None
    if instance.pk is not None and not instance._state.adding:
        saved = type(instance)._default_manager.filter(pk=instance.pk).first()
    errors = {}
    for name in names:
        text = getattr(instance, name) or ""
        unchanged = saved is not None and not is_restricted(saved) and getattr(saved, name) == text
        if unchanged:
            continue
        kinds = textcheck.find_kinds(text, terms)
        if kinds:
            label = str(instance._meta.get_field(name).verbose_name).capitalize()
            errors[name] = refusal(label, kinds)
    return errors


def refuse_on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """``pre_save`` for every model with shared text: the last line, behind the forms."""
    if raw:
        return  # loading a backup: the records are as they were
    errors = errors_for(instance, only=update_fields)
    if errors:
        raise ValidationError(errors)


def connect_signals() -> None:
    from django.db.models.signals import pre_save

    for model in {f.model for f in shared_text_fields()}:
        pre_save.connect(refuse_on_save, sender=model, dispatch_uid=f"shared-text-{model}")


# --- forms ----------------------------------------------------------------------------
def add_form_errors(form: forms.ModelForm) -> None:
    """Each shared text field of a model form holding identifying details gets its error
    (called once the form has built its instance, in ``_post_clean``)."""
    names = [n for n in form.fields if n not in form.errors]
    for name, message in errors_for(form.instance, only=names).items():
        form.add_error(name, message)


class SharedTextModelForm(forms.ModelForm):
    """The admin's base form."""

    def _post_clean(self):
        super()._post_clean()
        add_form_errors(self)


# --- when a case is added -------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    where: str
    record: str
    record_id: int
    kinds: list[str]


def matching_records(partnership: Partnership, pairs: list[tuple[str, str]]) -> list[Match]:
    """Existing shared text of the partnership that holds any of ``pairs`` (a case's
    terms): what the business manager must edit when a new case is added."""
    if not pairs:
        return []
    by_model: dict[type[models.Model], list[str]] = {}
    for shared in shared_text_fields():
        by_model.setdefault(shared.model, []).append(shared.name)
    matches = []
    for model, names in by_model.items():
        for record in for_partnership(model, partnership).iterator():
            if is_restricted(record):
                continue
            for name in names:
                kinds = textcheck.find_kinds(getattr(record, name) or "", pairs)
                if kinds:
                    matches.append(
                        Match(
                            where=SharedField(model, name).where,
                            record=str(record)[:200],
                            record_id=record.pk,
                            kinds=kinds,
                        )
                    )
    return matches
