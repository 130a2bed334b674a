"""Forms for agendas, papers and interests. A file is checked from its content in
``clean_file``; the form keeps what the check found for the service to store."""

from __future__ import annotations

import html
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from papers import checks
from papers.models import Interest, level_rank
from partnership.forms import GovukFormMixin, date_field
from partnership.models import Person
from subgroups.models import AgendaItem, Confidentiality

NUMBER = forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"})
CONFIDENTIALITY_HELP = (
    "Public: anyone with access, including scrutiny councillors. Partnership only: people "
    "in the partnership. Restricted: this sub-group and the partnership's leads only."
)
STANDING_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\((?P<minutes>\d{1,3})\s*min(?:utes)?\))?$")


class StandingItemsForm(GovukFormMixin, forms.Form):
    submit_label = "Save standing items"
    items = forms.CharField(
        label="Standing items",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One item a line, in order, with its time in brackets, for example "
        "“Welcome and apologies (5 min)”. Put a line “---” before the items that come after "
        "the meeting's own business, such as any other business.",
    )
    papers_deadline_days = forms.IntegerField(
        label="Papers deadline (working days before the meeting)",
        min_value=0,
        max_value=30,
        widget=NUMBER,
    )

    def clean_items(self) -> list[tuple[str, int, bool]]:
        parsed, closing = [], False
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            if line == "---":
                closing = True
                continue
            match = STANDING_LINE.match(line)
            title = match["title"].strip() if match else line
            if len(title) > 200:
                raise ValidationError(f"Line {number} is longer than 200 characters.")
            parsed.append((title, int(match["minutes"]) if match["minutes"] else 10, closing))
        if len(parsed) > 30:
            raise ValidationError("Enter no more than 30 standing items.")
        return parsed

    @staticmethod
    def as_text(items: list[tuple[str, int, bool]]) -> str:
        lines, closing = [], False
        for title, minutes, is_closing in items:
            if is_closing and not closing:
                lines.append("---")
                closing = True
            lines.append(f"{title} ({minutes} min)")
        return "\n".join(lines)


class AgendaItemAddForm(GovukFormMixin, forms.Form):
    submit_label = "Add the item"
    title = forms.CharField(max_length=200)
    presenter = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    minutes_allowed = forms.IntegerField(
        label="Time allowed, in minutes", min_value=1, max_value=480, required=False, widget=NUMBER
    )
    confidentiality = forms.ChoiceField(
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        initial=Confidentiality.PARTNERSHIP,
        help_text=CONFIDENTIALITY_HELP,
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Person.objects.filter(partnership=partnership)


class TimingForm(GovukFormMixin, forms.Form):
    submit_label = "Save the time"
    minutes_allowed = forms.IntegerField(
        label="Time allowed, in minutes", min_value=1, max_value=480, required=False, widget=NUMBER
    )


class UploadForm(GovukFormMixin, forms.Form):
    """The file field and its checks; ``checked`` and ``filename`` are set when valid."""

    submit_label = "Upload"
    file = forms.FileField(
        label="File",
        help_text=f"PDF, DOCX, XLSX, PPTX, PNG or JPEG, up to {settings.PAPERS_MAX_UPLOAD_MB} MB.",
    )

    def __init__(self, *args, raw_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_names = list(raw_names)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            for raw in self.raw_names:
                # As sent, before Django tidied it (see papers.uploads).
                checks.clean_name(html.unescape(raw))
            self.filename = checks.clean_name(upload.name)
            self.checked = checks.check_upload(
                upload,
                name=self.filename,
                size=upload.size,
                max_bytes=settings.PAPERS_MAX_UPLOAD_MB * 1024 * 1024,
                max_unpacked_bytes=settings.PAPERS_MAX_UNPACKED_MB * 1024 * 1024,
                max_ratio=settings.PAPERS_MAX_ZIP_RATIO,
            )
        except checks.Refused as e:
            raise ValidationError(str(e)) from None
        return upload


class PaperForm(UploadForm):
    submit_label = "Upload the paper"
    title = forms.CharField(max_length=200)
    confidentiality = forms.ChoiceField(
        choices=Confidentiality.choices, widget=forms.RadioSelect, help_text=CONFIDENTIALITY_HELP
    )
    field_order = ["title", "confidentiality", "file"]

    def __init__(self, *args, item: AgendaItem, **kwargs):
        self.item = item
        kwargs.setdefault("initial", {})["confidentiality"] = item.confidentiality
        super().__init__(*args, **kwargs)

    def clean_confidentiality(self):
        level = self.cleaned_data["confidentiality"]
        if level_rank(level) < level_rank(self.item.confidentiality):
            raise ValidationError(
                "A paper cannot be less confidential than its item "
                f"({self.item.get_confidentiality_display().lower()})."
            )
        return level


class InterestForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save the interest"
    declared_on = date_field("Declared on")
    ended_on = date_field("Ended on", required=False, help_text="Leave blank while it holds.")

    class Meta:
        model = Interest
        fields = ["kind", "description", "declared_on", "ended_on"]
        labels = {"kind": "Kind of interest", "description": "The interest"}
        widgets = {"kind": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        start, end = data.get("declared_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The end date must be on or after the date declared.")
        return data


class DeclarationForm(GovukFormMixin, forms.Form):
    submit_label = "Record the declaration"
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Who declared it")
    interest = forms.CharField(max_length=300, label="The interest")
    left_room = forms.BooleanField(label="They left the room for this item", required=False)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(partnership=partnership)
