"""Form pieces shared by every app: GOV.UK layout, optimistic locking, the login form."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F


class GovukFormMixin:
    """Gives a form a crispy helper with one primary button and GOV.UK error summary."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))


class LoginForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"


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

    def _conflict_message(self, current) -> str:
        changed = [
            name
            for name in self._meta.fields or []
            if name in self.fields
            and getattr(current, name, None) != self.cleaned_data.get(name)
        ]
        parts = [
            "Someone else saved this record while you were editing it "
            f"(you started from version {self.cleaned_data.get('version')}, it is now version "
            f"{current.version}). Your changes have not been saved."
        ]
        for name in changed:
            label = self.fields[name].label or name
            parts.append(f"{label} now reads: {getattr(current, name)}")
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
                updated = type(instance).objects.filter(
                    pk=instance.pk, version=started_from
                ).update(version=F("version") + 1)
                if not updated:
                    raise StaleVersionError(
                        "Someone else saved this record a moment ago. Reload to see their changes."
                    )
                instance.version = started_from + 1
            instance.save()
            self.save_m2m()
        return instance
