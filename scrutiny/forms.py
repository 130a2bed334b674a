from __future__ import annotations

from django import forms

from partnership.forms import GovukFormMixin, PlainFieldsMixin, VersionedModelForm, date_field
from scrutiny.models import (
    COVER_PARTS,
    CommitteeAction,
    CommitteeQuestion,
    CommitteeSubmission,
    CoverReport,
    CoverReportFormat,
    RecordType,
)


class SearchForm(PlainFieldsMixin, forms.Form):
    """Read from the query string, so every search has an address that can be shared."""

    q = forms.CharField(label="Search for", max_length=200, required=False)
    subgroup = forms.ChoiceField(label="Sub-group", required=False)
    type = forms.ChoiceField(
        label="Type of record",
        required=False,
        choices=[("", "All types"), *RecordType.choices],
    )
    date_from = date_field("From", required=False, help_text="For example, 1 1 2020")
    date_to = date_field("To", required=False, help_text="For example, 31 12 2020")

    def __init__(self, *args, subgroups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subgroups_by_slug = {sg.slug: sg for sg in subgroups}
        self.fields["subgroup"].choices = [("", "All sub-groups")] + [
            (sg.slug, sg.name) for sg in subgroups
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned


class CommitteeSubmissionForm(GovukFormMixin, forms.ModelForm):
    """Choosing the report fills in its title and period when those are left blank."""

    class Meta:
        model = CommitteeSubmission
        fields = [
            "report",
            "report_title",
            "period_start",
            "period_end",
            "council",
            "committee",
            "meeting_date",
            "agenda_item",
            "wards",
            "portfolios",
            "presenter",
            "presenter_role",
            "resolution",
            "cover_format",
        ]
        widgets = {"resolution": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        from reports.models import Report

        self.fields["report"].queryset = Report.objects.for_partnership(partnership)
        self.fields["report"].empty_label = "Not kept here"
        CoverReportFormat.presets_for(partnership)
        self.fields["cover_format"].queryset = CoverReportFormat.objects.for_partnership(
            partnership
        )
        self.fields["cover_format"].empty_label = "Plain format"
        for name in ["report_title", "period_start", "period_end"]:
            self.fields[name].required = False
            self.fields[name].help_text += " Leave blank to take it from the chosen report."

    def clean(self):
        cleaned = super().clean()
        report = cleaned.get("report")
        for name, source in [
            ("report_title", "title"),
            ("period_start", "period_start"),
            ("period_end", "period_end"),
        ]:
            if not cleaned.get(name) and name not in self.errors:
                if report is not None:
                    cleaned[name] = getattr(report, source)
                    setattr(self.instance, name, cleaned[name])
                else:
                    self.add_error(name, "Enter this, or choose the report it comes from")
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be after its start")
        return cleaned


class CommitteeQuestionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeQuestion
        fields = ["asked_by", "question", "answered_by", "answer"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 4}),
        }


class CommitteeActionForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Add action"

    class Meta:
        model = CommitteeAction
        fields = ["description", "owner", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, submission: CommitteeSubmission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if submission is not None:  # the model's checks see the meeting that raised it
            self.instance.submission = submission


class CoverReportForm(VersionedModelForm):
    class Meta:
        model = CoverReport
        fields = [
            "title",
            "aim",
            "recommendations",
            "report_detail",
            "financial_information",
            "reducing_inequalities",
            "decide",
            "respond",
            "review",
            "background_papers",
            "author_name",
            "author_title",
            "author_email",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in [
                "aim",
                "recommendations",
                "report_detail",
                "financial_information",
                "reducing_inequalities",
                "decide",
                "respond",
                "review",
                "background_papers",
            ]
        }
        help_texts = {"report_detail": "Start each paragraph on a new line."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the parts the council's format has, under the council's own headings.
        sections = self.instance.sections()
        shown = {part for part, _heading in sections}
        for part, _label in COVER_PARTS:
            if part not in shown:
                del self.fields[part]
        for n, (part, heading) in enumerate(sections, start=1):
            self.fields[part].label = f"{n}. {heading}"
        self.order_fields(["title", *(part for part, _h in sections)])
