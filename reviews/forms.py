"""Forms for case-review records. Record edits go through VersionedModelForm; status moves
use small plain forms whose data the views hand to the model's verb methods."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from partnership.forms import GovukFormMixin, VersionedModelForm, date_field
from partnership.models import Person
from reviews.models import (
    IdentifyingDetails,
    LearningBriefing,
    LegacyReview,
    Milestone,
    NationalReviewConsidered,
    PracticeReview,
    RapidReview,
    Recommendation,
    SeriousIncident,
)
from reviews.shared_text import check_text
from subgroups.models import SubGroup


class RadioChoicesMixin:
    """GOV.UK radios have no "---------" option: required radios drop it, optional ones name it."""

    blank_radio_label = "Not yet decided"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                choices = [c for c in field.choices if c[0] != ""]
                field.choices = (
                    choices if field.required else [("", self.blank_radio_label), *choices]
                )


class PseudonymOnlyMixin:
    """Refuses identifying details of any case in the listed free-text fields."""

    pseudonym_only_fields: tuple[str, ...] = ()

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name in self.pseudonym_only_fields:
            if name in self.errors:
                continue
            try:
                check_text(self.partnership, cleaned.get(name) or "", self.fields[name].label)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class IncidentForm(PseudonymOnlyMixin, RadioChoicesMixin, VersionedModelForm):
    pseudonym_only_fields = ("summary", "pseudonym")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.notified_on:
            # Recorded with the notification itself (a status move), not as a free edit.
            del self.fields["panel_reference"]
            del self.fields["late_notification_reason"]

    class Meta:
        model = SeriousIncident
        fields = [
            "case_number",
            "pseudonym",
            "aware_on",
            "harm",
            "looked_after",
            "summary",
            "panel_reference",
            "late_notification_reason",
        ]
        widgets = {"harm": forms.RadioSelect}


class NotifyForm(GovukFormMixin, forms.Form):
    submit_label = "Record the notification"
    notified_on = date_field("Date the Panel was notified")
    panel_reference = forms.CharField(label="Panel notification reference", required=False)
    late_notification_reason = forms.CharField(
        label="Reason the notification was late",
        required=False,
        widget=forms.Textarea,
        help_text="Required when the Panel was notified after the 5 working days.",
    )


class IdentifyingDetailsForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save identifying details"

    class Meta:
        model = IdentifyingDetails
        fields = [
            "child_name",
            "date_of_birth",
            "address",
            "school",
            "nhs_number",
            "family_members",
        ]


class RapidReviewForm(PseudonymOnlyMixin, RadioChoicesMixin, VersionedModelForm):
    pseudonym_only_fields = ("agency_contributions", "rationale")

    class Meta:
        model = RapidReview
        fields = [
            "meeting_on",
            "agency_contributions",
            "decision",
            *RapidReview.CRITERIA,
            "rationale",
        ]
        widgets = {"decision": forms.RadioSelect}


class SendToPanelForm(GovukFormMixin, forms.Form):
    submit_label = "Record as sent"
    sent_to_panel_on = date_field("Date the rapid review was sent to the Panel")


class PanelResponseForm(GovukFormMixin, forms.Form):
    submit_label = "Record the response"
    panel_responded_on = date_field("Date of the Panel's response")
    panel_response = forms.CharField(label="What the Panel said", widget=forms.Textarea)


class CommissionForm(PseudonymOnlyMixin, GovukFormMixin, forms.Form):
    submit_label = "Commission the review"
    pseudonym_only_fields = ("terms_of_reference",)
    decision_on = date_field(
        "Date of the decision to commission", help_text="The 6-month target counts from this date."
    )
    reviewer = forms.CharField(label="Independent reviewer", required=False)
    terms_of_reference = forms.CharField(widget=forms.Textarea, required=False)


class PracticeReviewForm(PseudonymOnlyMixin, VersionedModelForm):
    pseudonym_only_fields = ("terms_of_reference", "delay_reason")

    class Meta:
        model = PracticeReview
        fields = [
            "reviewer",
            "terms_of_reference",
            "terms_agreed_on",
            "planned_publication_on",
            "delay_reason",
        ]


class HoldForm(GovukFormMixin, forms.Form):
    submit_label = "Put the review on hold"
    held_on = date_field("Date the review was paused")
    reason = forms.CharField(label="Reason for the pause", widget=forms.Textarea)


class ResumeForm(GovukFormMixin, forms.Form):
    submit_label = "Resume the review"
    resumed_on = date_field("Date the review resumed")
    resumption_reason = forms.CharField(label="How and why it resumed", widget=forms.Textarea)


class StartForm(GovukFormMixin, forms.Form):
    submit_label = "Mark the review as in progress"


class FinalReportForm(GovukFormMixin, forms.Form):
    submit_label = "Record the final report as sent"
    final_report_sent_on = date_field(
        "Date the final report went to the Panel and Secretary of State"
    )
    planned_publication_on = date_field(
        "Planned publication date",
        required=False,
        help_text="At least 7 working days after the report was sent.",
    )


class PublishForm(GovukFormMixin, forms.Form):
    submit_label = "Record as published"
    published_on = date_field("Date of publication")
    publication_url = forms.URLField(label="Link to the published report", required=False)


class NspccForm(GovukFormMixin, forms.Form):
    submit_label = "Record the submission"
    nspcc_submitted_on = date_field("Date submitted to the NSPCC national case review repository")


class MilestoneForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "completed_on"]


class LegacyReviewForm(PseudonymOnlyMixin, RadioChoicesMixin, VersionedModelForm):
    pseudonym_only_fields = ("learning", "pseudonym")

    class Meta:
        model = LegacyReview
        fields = [
            "kind",
            "pseudonym",
            "case_number",
            "commissioned_by",
            "published_on",
            "publication_url",
            "learning",
        ]
        widgets = {"kind": forms.RadioSelect}


class NationalReviewForm(VersionedModelForm):
    class Meta:
        model = NationalReviewConsidered
        fields = ["title", "published_on", "url", "considered_on", "implications"]


class BriefingForm(PseudonymOnlyMixin, GovukFormMixin, forms.ModelForm):
    pseudonym_only_fields = ("title", "summary")

    class Meta:
        model = LearningBriefing
        fields = ["title", "published_on", "url", "summary", "legacy_review", "practice_review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legacy_review"].queryset = LegacyReview.objects.for_partnership(
            self.partnership
        )
        self.fields["practice_review"].queryset = PracticeReview.objects.for_partnership(
            self.partnership
        ).with_incident()


class RecommendationForm(PseudonymOnlyMixin, VersionedModelForm):
    pseudonym_only_fields = ("text", "progress", "impact_evidence")

    class Meta:
        model = Recommendation
        fields = ["number", "text", "progress", "impact_evidence"]


class RecommendationStatusForm(GovukFormMixin, forms.Form):
    submit_label = "Change the status"
    status = forms.ChoiceField(choices=Recommendation.Status.choices, widget=forms.RadioSelect)


class RecommendationActionForm(PseudonymOnlyMixin, GovukFormMixin, forms.Form):
    submit_label = "Add the action"
    pseudonym_only_fields = ("description",)
    description = forms.CharField(
        widget=forms.Textarea,
        help_text="Shown in the partnership's action register: use the pseudonym only.",
        error_messages={"required": "Enter what is to be done"},
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), error_messages={"required": "Choose who owns the action"}
    )
    subgroup = forms.ModelChoiceField(
        label="Sub-group that oversees it", queryset=SubGroup.objects.none(), required=False
    )
    due_on = date_field("Due date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(partnership=self.partnership)
        self.fields["subgroup"].queryset = SubGroup.objects.for_partnership(
            self.partnership
        ).filter(ended_on__isnull=True)
