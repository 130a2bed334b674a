from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.utils.html import format_html

from notifications.models import Preference
from notifications.registry import grouped
from partnership.forms import GovukFormMixin


class PreferencesForm(GovukFormMixin, forms.Form):
    """One choice per kind of message; kinds that cannot be turned off offer no "off"."""

    submit_label = "Save my choices"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
        layout = []
        for group, kinds in grouped().items():
            layout.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', group)))
            for spec in kinds:
                choices = [
                    c
                    for c in Preference.Delivery.choices
                    if spec.can_turn_off or c[0] != Preference.Delivery.OFF
                ]
                self.fields[spec.key] = forms.ChoiceField(
                    label=spec.label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    initial=chosen.get(spec.key, Preference.Delivery.IMMEDIATE),
                    help_text=""
                    if spec.can_turn_off
                    else "A deadline or a request for your decision: it cannot be turned off.",
                    error_messages={
                        "required": f"Choose when to hear that: {spec.label.lower()}.",
                        "invalid_choice": f"Choose one of the options for: {spec.label.lower()}.",
                    },
                )
                layout.append(Field.radios(spec.key, legend_size=Size.SMALL, inline=True))
        self.helper.layout = Layout(*layout)

    def save(self) -> None:
        for kind, delivery in self.cleaned_data.items():
            Preference.objects.update_or_create(
                user=self.user, kind=kind, defaults={"delivery": delivery}
            )
