"""Forms for sub-groups, meetings, minutes, decisions and actions.

Every form is built for one partnership: its choices never list another partnership's
people, organisations or sub-groups.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership.forms import (
    GovukFormMixin,
    PartnershipModelForm,
    PlainFieldsMixin,
    RecordsField,
    VersionedModelForm,
    date_field,
    past_date_field,
)
from partnership.models import Organisation, Person
from subgroups.models import (
    Action,
    AgendaItem,
    Attendance,
    Confidentiality,
    Decision,
    Meeting,
    SubGroup,
)

# GOV.UK styles number inputs as short text inputs; crispy-forms-gds leaves them plain.
NUMBER = forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"})
TIME_HELP = "Use the 24-hour clock, for example 09:30 or 14:00"


class SubGroupForm(PartnershipModelForm):
    established_on = date_field("Established on", required=False)
    ended_on = date_field("Ended on", required=False, help_text="Leave blank while it meets.")

    class Meta:
        model = SubGroup
        fields = [
            "name",
            "short_name",
            "slug",
            "terms_of_reference",
            "cadence",
            "cadence_note",
            "is_executive",
            "handles_case_reviews",
            "of_predecessor_board",
            "established_on",
            "ended_on",
            "predecessors",
            "order",
        ]
        labels = {
            "slug": "Short web address name",
            "is_executive": "This is the executive group",
            "handles_case_reviews": "This group handles case reviews",
            "of_predecessor_board": "This was a group of the old board",
            "predecessors": "Earlier groups whose work it took over",
        }
        help_texts = {"slug": "Lower-case letters, numbers and hyphens, for example qapp."}
        widgets = {"predecessors": forms.CheckboxSelectMultiple, "order": NUMBER}
        field_classes = {"predecessors": RecordsField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = SubGroup.objects.for_partnership(self.partnership)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["predecessors"].queryset = others

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        clash = SubGroup.objects.for_partnership(self.partnership).filter(slug=slug)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another sub-group already uses this name in its web address.")
        return slug

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("established_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The end date must be on or after the date it was set up.")
        return cleaned


class PersonChoiceMixin:
    """Limits person and organisation choices to the partnership."""

    def limit_choices(self, partnership) -> None:
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is Person:
                field.queryset = Person.objects.filter(partnership=partnership)
            elif model is Organisation:
                keep = [getattr(getattr(self, "instance", None), "organisation_id", None)]
                field.queryset = Organisation.objects.for_partnership(partnership).choosable(keep)


class ChairForm(PersonChoiceMixin, GovukFormMixin, forms.Form):
    submit_label = "Change the chair"
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="New chair")
    valid_from = date_field("Chairs from")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(partnership)


class MemberForm(PersonChoiceMixin, GovukFormMixin, forms.Form):
    submit_label = "Add member"
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Organisation they represent",
        help_text="Leave blank to use the person's own organisation.",
    )
    valid_from = date_field("Member from")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(partnership)


def parse_time(value: str, field: str) -> dt.time:
    try:
        return dt.datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError:
        raise ValidationError({field: f"Enter a time like 09:30. {TIME_HELP}."}) from None


class MeetingForm(VersionedModelForm):
    """Date and times are entered separately and stored as aware datetimes."""

    submit_label = "Save meeting"
    date = date_field("Date of the meeting")
    start_time = forms.CharField(label="Starts at", help_text=TIME_HELP)
    end_time = forms.CharField(label="Ends at", help_text=TIME_HELP)

    class Meta:
        model = Meeting
        fields = ["title", "location", "is_virtual"]
        labels = {"title": "Title (optional)", "is_virtual": "Held online"}
        help_texts = {"location": "A room, or the online meeting service."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", start.date())
            self.initial.setdefault("start_time", start.strftime("%H:%M"))
            self.initial.setdefault(
                "end_time", timezone.localtime(self.instance.ends_at).strftime("%H:%M")
            )
        self.order_fields(["date", "start_time", "end_time", "title", "location", "is_virtual"])

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        errors = {}
        times = {}
        for name in ("start_time", "end_time"):
            if cleaned.get(name):
                try:
                    times[name] = parse_time(cleaned[name], name)
                except ValidationError as e:
                    errors.update(e.message_dict)
        for field, messages in errors.items():
            self.add_error(field, messages)
        if day and len(times) == 2:
            starts = timezone.make_aware(dt.datetime.combine(day, times["start_time"]))
            ends = timezone.make_aware(dt.datetime.combine(day, times["end_time"]))
            if ends <= starts:
                self.add_error("end_time", "The meeting must end after it starts.")
            else:
                self.instance.starts_at, self.instance.ends_at = starts, ends
        return cleaned


class AttendanceForm(PlainFieldsMixin, forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["person", "organisation", "status", "substitute_for"]
        labels = {"substitute_for": "Substituting for"}

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices:
            # Choices are worked out once for the whole formset, not once per row.
            for name, (queryset, options) in choices.items():
                self.fields[name].queryset = queryset
                self.fields[name].choices = options
        self.fields["status"].choices = [("", "Not recorded"), *Attendance.Status.choices]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "govuk-checkboxes__input" if name == "DELETE" else "govuk-select govuk-!-width-full"
            )

    def clean(self):
        cleaned = super().clean()
        status, whom = cleaned.get("status"), cleaned.get("substitute_for")
        if status == Attendance.Status.SUBSTITUTE and not whom:
            self.add_error("substitute_for", "Choose the member they substituted for.")
        if status != Attendance.Status.SUBSTITUTE and whom:
            self.add_error("substitute_for", "Only a substitute names whom they stood in for.")
        if whom and whom == cleaned.get("person"):
            self.add_error("substitute_for", "A person cannot substitute for themselves.")
        return cleaned


class BaseAttendanceFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error("person", f"{person} is recorded twice. Keep one row for them.")
            seen.add(person.pk)


def attendance_formset(*, extra: int):
    """A formset class per request: ``extra`` rows are the members not yet recorded."""
    return forms.modelformset_factory(
        Attendance,
        form=AttendanceForm,
        formset=BaseAttendanceFormSet,
        can_delete=True,
        extra=extra,
    )


class AgendaItemForm(VersionedModelForm):
    submit_label = "Save item"

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "confidentiality", "minutes"]
        labels = {"order": "Item number", "minutes": "Minutes"}
        help_texts = {
            "confidentiality": "Public: anyone with access, including scrutiny councillors, "
            "once confirmed. Partnership only: people in the partnership. Restricted: this "
            "sub-group and the partnership's leads only.",
        }
        widgets = {
            "order": NUMBER,
            "confidentiality": forms.RadioSelect,
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Person.objects.filter(
            partnership_id=meeting.subgroup.partnership_id
        )
        self.fields["confidentiality"].choices = Confidentiality.choices

    def clean_order(self):
        order = self.cleaned_data["order"]
        clash = AgendaItem.objects.filter(meeting=self.meeting, order=order)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"Item {order} already exists. Choose another number.")
        return order


class DecisionForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save decision"

    class Meta:
        model = Decision
        fields = ["text"]
        labels = {"text": "Decision"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self) -> str:
        # The form starts with "RESOLVED: " typed in; saving it unchanged records nothing.
        text = self.cleaned_data["text"].strip()
        if text.rstrip(":").strip().upper() == "RESOLVED":
            raise forms.ValidationError("Enter what was resolved after “RESOLVED:”.")
        return text


class ActionForm(PersonChoiceMixin, VersionedModelForm):
    """Raising or changing an action: only a chair or the business manager uses this."""

    submit_label = "Save action"
    due_on = date_field("Due date")

    class Meta:
        model = Action
        fields = ["description", "owner", "organisation", "due_on"]
        labels = {"description": "What needs to be done", "organisation": "Owner's organisation"}
        help_texts = {"organisation": "Leave blank to use the owner's own organisation."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, item: AgendaItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(partnership)
        if item is not None:  # a new action: the model's checks see the meeting it comes from
            self.instance.item = item


class ActionUpdateForm(GovukFormMixin, forms.Form):
    """An owner's dated update. The due date appears only for the chair or business manager."""

    submit_label = "Save update"
    status = forms.ChoiceField(widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What has happened",
        error_messages={"required": "Enter a note saying what has happened."},
    )
    on = past_date_field(
        "Date of this update",
        help_text="The day it happened (for a completed action, the day it was completed). "
        "Today unless earlier.",
        required=False,
    )
    due_on = date_field("Due date")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action: Action, can_change_due_date: bool, **kwargs):
        self.action = action
        kwargs.setdefault(
            "initial", {"status": action.status, "due_on": action.due_on, "version": action.version}
        )
        super().__init__(*args, **kwargs)
        allowed = {action.status} | set(Action.MOVES[Action.Status(action.status)])
        self.fields["status"].choices = [
            (value, label) for value, label in Action.Status.choices if value in allowed
        ]
        if not can_change_due_date:
            del self.fields["due_on"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") != self.action.version:
            raise ValidationError(
                "Someone else updated this action while you were writing. "
                "Your update has not been saved: reload to see theirs."
            )
        return cleaned


class ConfirmMinutesForm(GovukFormMixin, forms.Form):
    submit_label = "Confirm and lock the minutes"
    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Meeting at which the minutes were agreed",
        empty_label=None,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = (
            Meeting.objects.later_than(meeting)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
        )


class CirculateMinutesForm(GovukFormMixin, forms.Form):
    submit_label = "Circulate the draft minutes"

    circulated_on = past_date_field("Date circulated")
