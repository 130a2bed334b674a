from __future__ import annotations

from django import forms
from django.utils.text import slugify

from partnership.forms import GovukFormMixin, VersionedModelForm, past_date_field
from reports.models import Report, ReportNarrative, ReportSectionConfig


class ReportForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Open the draft"

    class Meta:
        model = Report
        fields = ["title", "period_start", "period_end"]
        labels = {
            "title": "Title",
            "period_start": "First day of the period",
            "period_end": "Last day of the period",
        }
        help_texts = {
            "period_start": "For example, 1 4 2019",
            "period_end": "For example, 31 3 2020",
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The last day must be after the first day.")
        return cleaned


class NarrativeForm(VersionedModelForm):
    submit_label = "Save"

    class Meta:
        model = ReportNarrative
        fields = ["body", "signed_as"]
        labels = {"body": "Text", "signed_as": "Signed as (optional)"}
        help_texts = {
            "body": "Markdown: leave a blank line between paragraphs; start a line with - for "
            "a bullet point; **bold**. Keep it short and in plain English.",
            "signed_as": "For a foreword: the name and role it is signed with.",
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, show_signed_as: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_signed_as:
            del self.fields["signed_as"]


class CommentForm(GovukFormMixin, forms.Form):
    submit_label = "Add comment"

    section = forms.ChoiceField(label="Section")
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections
        self.section_titles = dict(sections)


class ReplyForm(GovukFormMixin, forms.Form):
    submit_label = "Reply"

    text = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your reply."},
    )


class DecisionForm(GovukFormMixin, forms.Form):
    """The independent chair's decision on a submitted report."""

    submit_label = "Record decision"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the report"), ("changes", "Ask for changes")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note to the business manager",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you ask for changes: say what needs to change.",
    )
    despite_comments = forms.BooleanField(
        label="Approve although some of my comments are not resolved",
        required=False,
        help_text="Approval is refused while a comment is unresolved unless you tick this.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say what needs to change.")
        return cleaned


class SectionConfigForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ReportSectionConfig
        fields = ["title", "order", "hidden", "is_appendix", "guidance"]
        labels = {
            "order": "Position",
            "hidden": "Leave this section out of the report",
            "is_appendix": "Show it as an appendix",
        }
        help_texts = {"order": "Sections are shown from the lowest number to the highest."}
        widgets = {
            "order": forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
        }


class NewSectionForm(GovukFormMixin, forms.Form):
    """Add a section: written text (custom), a built-in section, or one sub-group's own place."""

    submit_label = "Add section"

    source = forms.ChoiceField(label="What the section shows")
    title = forms.CharField(label="Title", max_length=200)
    order = forms.IntegerField(
        label="Position",
        min_value=0,
        max_value=32000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )

    def __init__(self, *args, choices: list[tuple[str, str]], existing: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("custom", "Text written for each report")] + choices
        self.existing = existing

    def clean(self):
        cleaned = super().clean()
        source, title = cleaned.get("source"), cleaned.get("title")
        if source and title:
            key = f"custom:{slugify(title)[:60]}" if source == "custom" else source
            if key in self.existing:
                self.add_error(
                    "title" if source == "custom" else "source",
                    "The report already has this section. Change it in the list instead.",
                )
            cleaned["key"] = key
        return cleaned


class DistributionForm(GovukFormMixin, forms.Form):
    submit_label = "Record as sent"

    sent_on = past_date_field("Date sent")
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)


class SignOffForm(GovukFormMixin, forms.Form):
    """A lead signs the approved version they read, on the day they signed."""

    submit_label = "Sign off"

    signed_on = past_date_field("Date signed")
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(GovukFormMixin, forms.Form):
    submit_label = "Publish the report"

    published_on = past_date_field(
        "Date of publication",
        help_text="Today unless it was published earlier. The Panel and the What Works Centre "
        "are due a copy within 7 days of it.",
    )
