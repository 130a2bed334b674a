"""Form pieces shared by every app: GOV.UK layout, optimistic locking, the login form."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import F

from partnership.govuk_fields import (  # noqa: F401 (the shared date input, imported from here)
    GovukDateField,
    date_field,
    past_date_field,
    prepare_fields,
)
from partnership.models import (
    AgencyCategory,
    ArrangementsDocument,
    ArrangementsSection,
    ArrangementsUpdate,
    Organisation,
    OrganisationName,
    Person,
    Role,
)


class PlainFieldsMixin:
    """Every date is the GOV.UK date input, every message names its field in plain English
    and every length limit is stated beside its field (``partnership.govuk_fields``).

    Applied when the form is built and again before it validates, so that fields a form
    adds or relabels in its own ``__init__`` are covered too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_fields(self)

    def full_clean(self):
        prepare_fields(self)
        super().full_clean()


class GovukFormMixin(PlainFieldsMixin):
    """Gives a form a crispy helper with one primary button and GOV.UK error summary.

    Model forms also refuse a case's identifying details in any text readers beyond the
    case review group can see (``reviews.shared_text``), field by field.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))

    def _post_clean(self):
        super()._post_clean()
        if isinstance(self, forms.ModelForm):
            from reviews.shared_text import add_form_errors

            add_form_errors(self)


class LoginForm(GovukFormMixin, AuthenticationForm):
    """Signing in with the email address (the field keeps Django's name, ``username``, which
    django-axes counts failures by)."""

    submit_label = "Sign in"
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct email address and password. "
        "The password is case-sensitive.",
        "sso_required": "Your partnership signs in with your organisation's account. "
        "Choose “Sign in with your organisation's account” instead.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.label = "Email address"
        field.widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        field.widget.input_type = "email"
        field.error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def get_invalid_login_error(self):
        if getattr(self.request, "sso_required", False):
            return ValidationError(self.error_messages["sso_required"], code="sso_required")
        return super().get_invalid_login_error()


def errors_to_form(form, error: ValidationError) -> None:
    """Show a domain ``ValidationError`` on the form: beside its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StaleVersionError(ValidationError):
    pass


class VersionedModelForm(GovukFormMixin, forms.ModelForm):
    """A model form for a VersionedModel that refuses saves based on an old version.

    The version the editor started from travels in a hidden field. If someone else saved
    in between, the save is refused and the error says which fields they changed and what
    they now hold, so the first writer's text survives and the second can merge by hand.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _changed_since(self, current, started_from) -> list[str]:
        """Fields someone else changed since the version this editor started from.

        Compares with that version's history row; without one, with what was submitted.
        """
        names = []
        for name in self._meta.fields or []:
            if name not in self.fields:
                continue
            try:
                model_field = current._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.concrete and not model_field.many_to_many:
                names.append((name, model_field.attname))
        history = getattr(type(current), "history", None)
        base = None
        if history is not None and started_from is not None:
            base = current.history.filter(version=started_from).order_by("-history_date").first()
        if base is None:
            return [
                name
                for name, _ in names
                if getattr(current, name, None) != self.cleaned_data.get(name)
            ]
        return [
            name
            for name, attname in names
            if getattr(base, attname, None) != getattr(current, attname, None)
        ]

    def _conflict_message(self, current) -> str:
        changed = self._changed_since(current, self.cleaned_data.get("version"))
        parts = [
            "Someone else saved this record while you were editing it "
            f"(you started from version {self.cleaned_data.get('version')}, it is now version "
            f"{current.version}). Your changes have not been saved."
        ]
        for name in changed:
            label = self.fields[name].label or name
            display = getattr(current, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(current, name)
            parts.append(f"{label} now reads: {value if value not in (None, '') else '(empty)'}")
        return " ".join(parts)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            started_from = cleaned.get("version")
            current = type(self.instance).objects.get(pk=self.instance.pk)
            if started_from is None or started_from != current.version:
                raise StaleVersionError(self._conflict_message(current))
        return cleaned

    def save(self, commit: bool = True):
        instance = super().save(commit=False)
        if not commit:
            return instance
        with transaction.atomic():
            if instance.pk:
                started_from = self.cleaned_data.get("version")
                updated = (
                    type(instance)
                    .objects.filter(pk=instance.pk, version=started_from)
                    .update(version=F("version") + 1)
                )
                if not updated:
                    raise StaleVersionError(
                        "Someone else saved this record a moment ago. Reload to see their changes."
                    )
                instance.version = started_from + 1
            instance.save()
            self.save_m2m()
        return instance


# --- Business-manager setup forms ---------------------------------------------------------
# Each takes the partnership so that choices and uniqueness checks stay inside it.


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records by id, refusing ids no database column can hold with the usual
    "not a valid value" message (SQLite raises on them instead of finding nothing)."""

    LARGEST_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            digits = text.removeprefix("-")
            if (
                digits.isascii()
                and digits.isdigit()
                and (len(digits) > 19 or int(digits) > self.LARGEST_ID)
            ):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)


class PartnershipModelForm(GovukFormMixin, forms.ModelForm):
    """A model form whose instance belongs to ``partnership``.

    A new instance gets the partnership before validation, so that the model's own checks
    (an organisation of this partnership) see it."""

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        if not self.instance.pk and hasattr(type(self.instance), "partnership"):
            self.instance.partnership = partnership


class OrganisationForm(PartnershipModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "category"]
        labels = {"kind": "Role in the partnership"}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(partnership=self.partnership, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("An organisation with this name is already in the partnership.")
        return name

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if kind != Organisation.Kind.RELEVANT_AGENCY:
            clash = Organisation.objects.filter(partnership=self.partnership, kind=kind)
            if clash.exclude(pk=self.instance.pk).exists():
                raise ValidationError(
                    "The partnership already has this statutory partner. There is one of each."
                )
        return kind


def check_dates_ordered(form, cleaned: dict) -> None:
    """An effective-dated row ends on or after it starts (the error sits on the end date)."""
    start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
    if start and end and end < start:
        form.add_error("valid_to", "The end date must be on or after the start date.")


class OrganisationNameForm(GovukFormMixin, forms.ModelForm):
    """A dated name, for example the CCG's name until 30 June 2022."""

    valid_from = date_field("Name used from")
    valid_to = date_field(
        "Name used until", required=False, help_text="Leave blank if it is the current name."
    )

    class Meta:
        model = OrganisationName
        fields = ["name", "valid_from", "valid_to"]

    def clean(self):
        cleaned = super().clean()
        check_dates_ordered(self, cleaned)
        return cleaned


class AgencyCategoryForm(GovukFormMixin, forms.ModelForm):
    """A relevant agency's heading in the Schedule to SI 2018/789, from a date."""

    valid_from = date_field("In this category from")
    valid_to = date_field(
        "In this category until", required=False, help_text="Leave blank if it still is."
    )

    class Meta:
        model = AgencyCategory
        fields = ["category", "valid_from", "valid_to"]
        labels = {"category": "Category in the Schedule to SI 2018/789"}

    def clean(self):
        cleaned = super().clean()
        check_dates_ordered(self, cleaned)
        return cleaned


class ArrangementsSectionForm(GovukFormMixin, forms.ModelForm):
    """One section of a published version of the arrangements, as the version words it."""

    class Meta:
        model = ArrangementsSection
        fields = ["heading", "text", "order"]
        labels = {"order": "Position (lower numbers first)"}

    def __init__(self, *args, document, **kwargs):
        self.document = document
        super().__init__(*args, **kwargs)

    def clean_heading(self):
        heading = self.cleaned_data["heading"].strip()
        if self.document.sections.filter(heading=heading).exists():
            raise ValidationError("This version already has a section with this heading.")
        return heading


class PersonForm(PartnershipModelForm):
    invite = forms.BooleanField(
        label="Give them a sign-in: email them an invitation to set a password",
        required=False,
    )

    class Meta:
        model = Person
        fields = ["name", "job_title", "organisation", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_partnership(
            self.partnership
        ).choosable(keep=[self.instance.organisation_id])
        if self.instance.user_id:
            del self.fields["invite"]  # they have one; their sign-in page manages it

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("invite") and not cleaned.get("email"):
            self.add_error("email", "Enter their email address to give them a sign-in")
        return cleaned


class RoleForm(PartnershipModelForm):
    """A role held from one date to another. Ending a role is setting its end date."""

    valid_from = date_field("Holds the role from")
    valid_to = date_field("Until", required=False, help_text="Leave blank if still held.")

    class Meta:
        model = Role
        fields = ["person", "kind", "subgroup", "organisation", "title", "valid_from", "valid_to"]
        labels = {"kind": "Role", "subgroup": "Sub-group (for chairs and members)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from subgroups.models import SubGroup

        self.fields["person"].queryset = Person.objects.filter(partnership=self.partnership)
        self.fields["subgroup"].queryset = SubGroup.objects.for_partnership(self.partnership)
        self.fields["organisation"].queryset = Organisation.objects.for_partnership(
            self.partnership
        ).choosable(keep=[self.instance.organisation_id])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in Role.SUBGROUP_KINDS and not cleaned.get("subgroup"):
            self.add_error("subgroup", "Choose the sub-group for this role.")
        if kind in Role.PARTNER_KINDS:
            org = cleaned.get("organisation")
            if not org or not org.is_statutory_partner:
                self.add_error("organisation", "Choose the statutory partner they act for.")
        check_dates_ordered(self, cleaned)
        return cleaned


class ArrangementsDocumentForm(PartnershipModelForm):
    published_on = date_field("Published on")

    class Meta:
        model = ArrangementsDocument
        fields = ["title", "version_label", "published_on", "url"]
        labels = {"version_label": "Version", "url": "Web address (optional)"}

    def clean_version_label(self):
        label = self.cleaned_data["version_label"].strip()
        clash = ArrangementsDocument.objects.filter(
            partnership=self.partnership, version_label=label
        )
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("There is already a published version with this label.")
        return label


class ArrangementsUpdateForm(PartnershipModelForm):
    date = date_field("Date of the change")

    class Meta:
        model = ArrangementsUpdate
        fields = ["date", "title", "description", "implementation"]
        labels = {"description": "What changed and why"}


class OrganisationLeftForm(GovukFormMixin, forms.Form):
    """Retiring an organisation: the day it left the partnership."""

    submit_label = "Record that it left"
    left_on = past_date_field("Left the partnership on")

    def __init__(self, *args, has_left: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_left:
            self.helper.inputs[0].value = "Change the day it left"
            # Its own button: a day recorded by mistake, or an organisation come back.
            self.helper.add_input(
                Submit(
                    "rejoin", "It is in the partnership again", css_class="govuk-button--secondary"
                )
            )
