"""Forms for the evidence records. Each is a GOV.UK form; choices are limited to the
partnership (and sub-group) the page belongs to."""

from __future__ import annotations

from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from evidence.models import (
    ActivityEntry,
    BudgetPeriod,
    Contribution,
    CostCentre,
    Course,
    CourseEvaluation,
    EvidenceSettings,
    ExpenditureLine,
    FeedbackExercise,
    Heading,
    Indicator,
    Inspection,
    KpiValue,
    MultiAgencyAudit,
    OpeningBalance,
    Priority,
    SchoolAudit,
    SchoolAuditCount,
    Section11Cycle,
    Section11Return,
    SessionAttendance,
    TrainingSession,
)
from partnership.forms import GovukFormMixin, RecordsField, date_field
from partnership.models import Organisation, Partnership
from subgroups.models import Action, Meeting, SubGroup


class EvidenceForm(GovukFormMixin, forms.ModelForm):
    """A model form whose parent (set on the instance by the view) takes part in validation.

    ``parent_fields`` are model fields not shown on the form but fixed by the page (the
    indicator of a value, the period of a budget line), so unique constraints that
    include them are checked before saving rather than failing in the database.
    """

    parent_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # GOV.UK asks for text inputs with an inputmode rather than type="number".
            if isinstance(field.widget, forms.NumberInput):
                mode = "decimal" if isinstance(field, forms.DecimalField) else "numeric"
                field.widget = forms.TextInput(
                    attrs={"inputmode": mode, "class": "govuk-input--width-10"}
                )

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        for name in self.parent_fields:
            exclusions.discard(name)
        return exclusions


def _orgs(partnership: Partnership, keep=()):
    """Organisations to choose from: not those that have left, unless already chosen."""
    return Organisation.objects.for_partnership(partnership).choosable(keep).order_by("name")


# --- activity ----------------------------------------------------------------------------


class ActivityEntryForm(EvidenceForm):
    submit_label = "Add entry"
    date = date_field("Date", help_text="When it happened or was reported. For example, 27 3 2020")

    class Meta:
        model = ActivityEntry
        fields = ["heading", "date", "text", "priority", "meeting", "audit", "related_review"]
        widgets = {"heading": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "heading": "Heading",
            "text": "What happened",
            "priority": "Priority it contributes to (optional)",
            "meeting": "Meeting where it was discussed (optional)",
            "audit": "Audit it comes from (optional)",
            "related_review": "Case review it relates to (optional)",
        }
        error_messages = {
            "heading": {"required": "Select the heading this entry goes under"},
            "text": {"required": "Enter what happened"},
        }
        help_texts = {
            "text": "Keep it short. Under evidence of impact, say what changed for children "
            "and families and how you know.",
        }

    def __init__(self, *args, subgroup: SubGroup, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = subgroup.partnership
        self.fields["heading"].choices = Heading.choices
        self.fields["priority"].queryset = Priority.objects.for_partnership(partnership)
        self.fields["meeting"].queryset = Meeting.objects.filter(subgroup=subgroup).order_by(
            "-starts_at"
        )
        self.fields["audit"].queryset = MultiAgencyAudit.objects.for_partnership(partnership)
        self.fields["priority"].empty_label = "None"
        self.fields["meeting"].empty_label = "None"
        self.fields["audit"].empty_label = "None"


class ActivityEntryEditForm(ActivityEntryForm):
    submit_label = "Save entry"


class PriorityForm(EvidenceForm):
    parent_fields = ("partnership",)
    starts_on = date_field("Priority from")
    ends_on = date_field("Priority until", required=False, help_text="Leave blank while current.")

    class Meta:
        model = Priority
        fields = ["name", "description", "starts_on", "ends_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("ends_on")
            and cleaned.get("starts_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", "The end must be on or after the start.")
        return cleaned


# --- quality assurance -------------------------------------------------------------------


class AuditForm(EvidenceForm):
    started_on = date_field(
        "Start date", help_text="When it started or will start. For example, 27 3 2020"
    )

    class Meta:
        model = MultiAgencyAudit
        fields = ["theme", "agencies", "started_on", "findings", "actions"]
        widgets = {
            "agencies": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
            "findings": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"agencies": RecordsField, "actions": RecordsField}
        labels = {"agencies": "Agencies taking part", "actions": "Actions arising (optional)"}
        help_texts = {"actions": "Open actions from minutes you can read."}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _orgs(
            access.partnership, keep=self.instance.agencies.all() if self.instance.pk else ()
        )
        # Only actions this user may read (restricted minutes and case-review groups stay
        # hidden), open ones plus any already linked.
        visible = Action.objects.visible_to(access)
        linked = self.instance.actions.all() if self.instance.pk else Action.objects.none()
        self.fields["actions"].queryset = visible.filter(
            Q(pk__in=visible.open().values("pk")) | Q(pk__in=linked.values("pk"))
        ).order_by("due_on", "pk")

    def clean(self):
        cleaned = super().clean()
        done = self.instance.completed_on
        if done and cleaned.get("started_on") and cleaned["started_on"] > done:
            self.add_error("started_on", "The start must be on or before the completion date.")
        return cleaned


class AuditStatusForm(GovukFormMixin, forms.Form):
    submit_label = "Change status"
    status = forms.ChoiceField(choices=MultiAgencyAudit.Status.choices, widget=forms.RadioSelect)
    on = date_field("Date of the change")
    note = forms.CharField(
        required=False,
        max_length=300,
        label="Reason (optional)",
        help_text="For example: paused while partners respond to Covid-19.",
    )


class Section11CycleForm(EvidenceForm):
    launched_on = date_field("Launched on")
    due_on = date_field("Returns due by")
    closed_on = date_field("Closed on", required=False, help_text="Leave blank while open.")

    class Meta:
        model = Section11Cycle
        fields = ["title", "description", "launched_on", "due_on", "closed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("due_on")
            and cleaned.get("launched_on")
            and cleaned["due_on"] < cleaned["launched_on"]
        ):
            self.add_error("due_on", "Returns are due on or after the launch date.")
        return cleaned


class Section11ReturnForm(EvidenceForm):
    parent_fields = ("cycle",)
    returned_on = date_field("Returned on", required=False)

    class Meta:
        model = Section11Return
        fields = ["organisation", "status", "returned_on", "note"]
        widgets = {"status": forms.RadioSelect}
        labels = {"organisation": "Agency"}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(
            partnership, keep=[self.instance.organisation_id]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Section11Return.Status.RETURNED and not cleaned.get(
            "returned_on"
        ):
            self.add_error("returned_on", "Enter the date the agency returned its audit.")
        if cleaned.get("status") != Section11Return.Status.RETURNED and cleaned.get("returned_on"):
            self.add_error("returned_on", "Only a returned audit has a return date.")
        return cleaned


class SchoolAuditForm(EvidenceForm):
    reported_on = date_field("Results reported on")

    class Meta:
        model = SchoolAudit
        fields = ["title", "reported_on", "schools_asked", "returns_received", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "schools_asked": "Schools and colleges asked",
            "returns_received": "Returns received",
        }

    def clean(self):
        cleaned = super().clean()
        asked, got = cleaned.get("schools_asked"), cleaned.get("returns_received")
        if asked is not None and got is not None and got > asked:
            self.add_error("returns_received", "Returns cannot be more than the schools asked.")
        return cleaned


class SchoolAuditCountForm(EvidenceForm):
    parent_fields = ("audit",)
    submit_label = "Add headline count"

    class Meta:
        model = SchoolAuditCount
        fields = ["label", "count"]
        labels = {"label": "What was counted", "count": "Number of schools"}
        help_texts = {"label": "For example: promoting an early help offer."}


class FeedbackExerciseForm(EvidenceForm):
    started_on = date_field("Started on")
    ended_on = date_field("Ended on", required=False, help_text="Leave blank while running.")

    class Meta:
        model = FeedbackExercise
        fields = [
            "title",
            "method",
            "who",
            "started_on",
            "ended_on",
            "respondents",
            "what_they_said",
            "what_changed",
        ]
        widgets = {
            "what_they_said": forms.Textarea(attrs={"rows": 4}),
            "what_changed": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("ended_on")
            and cleaned.get("started_on")
            and cleaned["ended_on"] < cleaned["started_on"]
        ):
            self.add_error("ended_on", "The end must be on or after the start.")
        return cleaned


# --- KPIs --------------------------------------------------------------------------------


class IndicatorForm(EvidenceForm):
    parent_fields = ("partnership",)

    class Meta:
        model = Indicator
        fields = ["name", "description", "unit", "direction", "source", "order"]
        widgets = {"direction": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}


class KpiValueForm(EvidenceForm):
    parent_fields = ("indicator",)
    submit_label = "Save value"
    period_start = date_field("Period start")
    period_end = date_field("Period end")

    class Meta:
        model = KpiValue
        fields = ["period_start", "period_end", "value", "note"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after its start.")
        return cleaned


MAX_IMPORT_BYTES = 1024 * 1024


class KpiImportForm(GovukFormMixin, forms.Form):
    submit_label = "Import values"
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: indicator, period_start, period_end, value, note. Dates as "
        "2020-09-30. At most 1 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The selected file must be a CSV file.")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The selected file must be smaller than 1 MB.")
        return upload


# --- training ----------------------------------------------------------------------------


class CourseForm(EvidenceForm):
    parent_fields = ("partnership",)

    class Meta:
        model = Course
        fields = ["title", "description", "delivered_by", "delivery_mode", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "delivery_mode": forms.RadioSelect,
            "status": forms.RadioSelect,
        }


class TrainingSessionForm(EvidenceForm):
    submit_label = "Add session"
    date = date_field("Date")

    class Meta:
        model = TrainingSession
        fields = ["date", "delivery_mode", "places"]
        widgets = {"delivery_mode": forms.RadioSelect}
        labels = {"places": "Places offered (optional)"}


class SessionAttendanceForm(EvidenceForm):
    parent_fields = ("session",)
    submit_label = "Add attendance"

    class Meta:
        model = SessionAttendance
        fields = ["organisation", "count"]
        labels = {"organisation": "Agency", "count": "Number attending"}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(
            partnership, keep=[self.instance.organisation_id]
        )


class CourseEvaluationForm(EvidenceForm):
    submit_label = "Add evaluation"
    collected_on = date_field("Collected on")

    class Meta:
        model = CourseEvaluation
        fields = ["collected_on", "respondents", "satisfaction_percent", "comments", "what_changed"]
        labels = {"satisfaction_percent": "Satisfied (%)"}
        widgets = {
            "comments": forms.Textarea(attrs={"rows": 3}),
            "what_changed": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_satisfaction_percent(self):
        value = self.cleaned_data.get("satisfaction_percent")
        if value is not None and value > 100:
            raise ValidationError("Enter a percentage from 0 to 100.")
        return value


# --- inspections -------------------------------------------------------------------------


class InspectionForm(EvidenceForm):
    published_on = date_field("Report published on")
    url = forms.URLField(required=False, assume_scheme="https", label="Link to the report")

    class Meta:
        model = Inspection
        fields = [
            "organisation",
            "inspectorate",
            "title",
            "published_on",
            "overall_rating",
            "safeguarding_rating",
            "key_findings",
            "url",
        ]
        widgets = {"key_findings": forms.Textarea(attrs={"rows": 5})}
        labels = {"organisation": "Agency inspected"}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(
            partnership, keep=[self.instance.organisation_id]
        )


# --- budget ------------------------------------------------------------------------------


class BudgetPeriodForm(EvidenceForm):
    parent_fields = ("partnership",)
    starts_on = date_field("Starts on")
    ends_on = date_field("Ends on")

    class Meta:
        model = BudgetPeriod
        fields = ["title", "starts_on", "ends_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("ends_on")
            and cleaned.get("starts_on")
            and cleaned["ends_on"] <= cleaned["starts_on"]
        ):
            self.add_error("ends_on", "The period must end after it starts.")
        return cleaned


class CostCentreForm(EvidenceForm):
    parent_fields = ("partnership",)
    submit_label = "Add cost centre"

    class Meta:
        model = CostCentre
        fields = ["code", "name", "order"]


class _BudgetLineForm(EvidenceForm):
    parent_fields = ("period",)
    #: The second button's name: a cost centre is added first and what was typed here kept.
    ADD_COST_CENTRE = "add_cost_centre"

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # After the main button, so that Enter in a box still saves the line.
        self.helper.add_input(
            Submit(
                self.ADD_COST_CENTRE,
                "Add a cost centre first",
                css_class="govuk-button--secondary",
            )
        )
        self.fields["cost_centre"].queryset = CostCentre.objects.for_partnership(
            partnership
        ).choosable(keep=[self.instance.cost_centre_id])
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = _orgs(
                partnership, keep=[self.instance.organisation_id]
            )


class OpeningBalanceForm(_BudgetLineForm):
    submit_label = "Save opening balance"

    class Meta:
        model = OpeningBalance
        fields = ["cost_centre", "amount"]
        labels = {"amount": "Balance held (£)"}


class ContributionForm(_BudgetLineForm):
    submit_label = "Add contribution"

    class Meta:
        model = Contribution
        fields = ["organisation", "cost_centre", "amount"]
        labels = {"organisation": "Partner", "amount": "Amount paid in (£)"}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise ValidationError("Enter the amount paid in as a positive number.")
        return amount


class ExpenditureLineForm(_BudgetLineForm):
    submit_label = "Add expenditure"

    class Meta:
        model = ExpenditureLine
        fields = ["name", "cost_centre", "amount", "order"]
        labels = {"name": "Line", "amount": "Amount spent (£)"}
        help_texts = {"amount": "A refund or credit is a negative amount, for example -316."}


class EvidenceSettingsForm(EvidenceForm):
    class Meta:
        model = EvidenceSettings
        fields = ["qa_subgroup"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qa_subgroup"].queryset = SubGroup.objects.for_partnership(partnership).filter(
            ended_on__isnull=True
        )
        self.fields["qa_subgroup"].empty_label = "None (the business manager only)"
