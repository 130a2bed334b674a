from __future__ import annotations

from django import forms

from partnership.forms import GovukFormMixin, date_field
from retention.models import RetentionPeriod


class DecisionForm(GovukFormMixin, forms.Form):
    """What to do with one record past its date."""

    submit_label = "Confirm"
    action = forms.ChoiceField(
        label="What should happen to this record?",
        choices=[
            ("delete", "Delete it and everything recorded under it"),
            ("anonymise", "Anonymise it: clear identifying details and text, keep the figures"),
            ("hold", "Keep it for now"),
        ],
        widget=forms.RadioSelect,
    )
    hold_reason = forms.CharField(
        label="Why it is kept (for a hold)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hold_until = date_field("Review it again on (for a hold)", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hold":
            if not (cleaned.get("hold_reason") or "").strip():
                self.add_error("hold_reason", "Enter why the record is kept longer.")
            if not cleaned.get("hold_until") and "hold_until" not in self.errors:
                self.add_error("hold_until", "Enter the date to review it again.")
        return cleaned


class PeriodForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save the period"

    class Meta:
        model = RetentionPeriod
        fields = ["years"]
        labels = {"years": "Keep for (years)"}
