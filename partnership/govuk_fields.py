"""How every form field reads and refuses input, written once for the whole product.

- Dates are the GOV.UK date input (day, month and year boxes), between 1 January 2000 and
  31 December 2099, with the Design System's messages ("Date of the meeting must include a
  month", "... must be a real date").
- Every message names its field, in plain English ("Enter the title", "Choose the
  sub-group", "Title must be 200 characters or fewer"), built from the field's label.
- A length limit is stated beside the field and checked on the server only: no HTML
  ``maxlength``, which would cut pasted text without a word.

``GovukFormMixin`` (``partnership.forms``) applies :func:`prepare_fields` to every form.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core import validators as core
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils import timezone

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
DATE_EXAMPLE = "For example, 27 3 2020"

# Labels that read as a clause ("What needs to be done") or start with their own determiner
# ("Your reply") take no "the"; the rest are nouns ("Title" -> "Enter the title").
_NO_ARTICLE = {
    "a", "an", "the", "your", "their", "its", "this", "these", "those", "any", "each",
    "every", "who", "what", "when", "where", "which", "why", "how", "whether", "if",
}  # fmt: skip
_CLAUSE = {"who", "what", "when", "where", "which", "why", "how", "whether", "if"}
# Labels ending like this are not nouns ("Chairs from", "Launched on"): they are quoted.
_PHRASE_ENDINGS = {"from", "on", "by", "until", "to", "at", "since", "for", "of", "as"}


def _bare(label) -> str:
    """The label without "(optional)"-style asides or a trailing colon or question mark."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", str(label or "").strip())
    return text.rstrip(" :?") or str(label or "").strip()


def _lower_first(text: str) -> str:
    # "NSPCC submission date" and "Section 11 audit" keep their capitals.
    if len(text) > 1 and (text[1].isupper() or text[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def _is_phrase(text: str) -> bool:
    words = text.split()
    return not words or words[-1].lower() in _PHRASE_ENDINGS or len(words) > 8


def field_subject(label) -> str:
    """The field's name at the start of a sentence: "Title", "‘Chairs from’"."""
    text = _bare(label)
    first = text.split(" ", 1)[0].lower()
    if _is_phrase(text) or first in _CLAUSE:
        return f"‘{text}’"
    return text[:1].upper() + text[1:]


def field_object(label) -> str:
    """The field's name after a verb: "the title", "your reply", "what needs to be done"."""
    text = _bare(label)
    first = text.split(" ", 1)[0].lower()
    if _is_phrase(text):
        return f"‘{text}’"
    if first in _NO_ARTICLE:
        return _lower_first(text)
    return f"the {_lower_first(text)}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class DateBoundField(forms.BoundField):
    """A GOV.UK date input in a form, with ``boxes`` for drawing it by hand
    (``includes/date_input.html``) where crispy-forms' drawing, two dozen templates a
    field, would cost more than the rest of a page built on every visit (the search)."""

    @property
    def boxes(self) -> list[dict]:
        """Each box's id, name, value and whether it is at fault, with the label and classes
        the field's own widgets carry (so both drawings say "Day", "Month", "Year" alike)."""
        value = self.value()
        if not isinstance(value, (list, tuple)):
            value = self.field.widget.decompress(value)
        values = [*(value or []), None, None, None][:3]
        return [
            {
                "id": f"{self.auto_id}_{index}",
                "name": f"{self.html_name}_{index}",
                "label": widget.attrs.get("label", ""),
                "classes": widget.attrs.get("class", "govuk-input govuk-date-input__input"),
                "value": "" if values[index] is None else values[index],
                "error": bool(getattr(self.field.fields[index].widget, "errors", None)),
            }
            for index, widget in enumerate(self.field.widget.widgets)
        ]


class GovukDateField(DateInputField):
    """The GOV.UK date input, refusing impossible and implausible dates with the Design
    System's messages, each naming the field (the library's own messages are raw Python:
    "day is out of range for month")."""

    not_in_future = False

    def __init__(self, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        for box in self.widget.widgets:
            box.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    @property
    def first_error_box(self) -> int:
        """The box the error summary links to: the first one at fault (the day if all)."""
        for index, box in enumerate(self.fields):
            if getattr(box.widget, "errors", None):
                return index
        return 0

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def _refuse(self, message: str, code: str, boxes=(0, 1, 2)):
        for index in boxes:
            self.fields[index].widget.errors = [message]
        raise ValidationError(message, code=code)

    def clean(self, value):
        for box in self.fields:
            box.widget.errors = []
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        if value is not None and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value) if isinstance(value, dt.date) else [value]
        parts = [("" if v is None else str(v).strip()) for v in [*(value or []), "", "", ""][:3]]
        name = field_subject(self.label or "Date")
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [i for i, part in enumerate(parts) if not part]
        if missing:
            units = [("day", "month", "year")[i] for i in missing]
            self._refuse(f"{name} must include a {_join(units)}", "incomplete", missing)
        wrong = [i for i, part in enumerate(parts) if not (part.isascii() and part.isdigit())]
        if wrong:
            self._refuse(f"{name} must be a real date, for example 27 3 2020", "invalid", wrong)
        if len(parts[2]) < 4:
            self._refuse(f"{name} must include the year in full, for example 2020", "year", [2])
        try:
            day = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError):
            self._refuse(f"{name} must be a real date, for example 27 3 2020", "invalid")
        if day < EARLIEST_DATE:
            self._refuse(f"{name} must be on or after {long_date(EARLIEST_DATE)}", "too_early")
        if day > LATEST_DATE:
            self._refuse(f"{name} must be on or before {long_date(LATEST_DATE)}", "too_late")
        if self.not_in_future and day > timezone.localdate():
            self._refuse(f"{name} must be today or in the past", "future")
        self.validate(day)
        self.run_validators(day)
        return day

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (OverflowError, ValueError) as error:
            raise ValidationError("Enter a real date, for example 27 3 2020") from error


def date_field(
    label: str, *, required: bool = True, help_text: str = "", require_all_fields: bool = False
) -> GovukDateField:
    """A GOV.UK date input (day, month and year boxes)."""
    return GovukDateField(
        label=label,
        required=required,
        require_all_fields=require_all_fields,
        help_text=help_text or DATE_EXAMPLE,
    )


def past_date_field(label: str, *, help_text: str = "", required: bool = True) -> GovukDateField:
    """A GOV.UK date input for the day something happened: today unless entered, and never
    in the future (circulation, completion, sign-off, publication, distribution). Left out
    where not required, the form's user means today."""
    field = date_field(
        label, help_text=help_text or "Today unless it happened earlier.", required=required
    )
    field.initial = timezone.localdate
    field.not_in_future = True
    return field


def as_govuk_date(field: forms.DateField) -> GovukDateField:
    """The GOV.UK date input in place of a one-box date field, keeping what it says."""
    new = date_field(
        str(field.label or ""), required=field.required, help_text=str(field.help_text or "")
    )
    new.initial, new.disabled, new.show_hidden_initial = (
        field.initial,
        field.disabled,
        field.show_hidden_initial,
    )
    new.validators = [*new.validators, *field.validators]
    if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
        new.error_messages["required"] = field.error_messages["required"]
    return new


# --- Plain-English messages ---------------------------------------------------------------


def _django_defaults(field: forms.Field) -> dict:
    """The error messages Django itself gives this kind of field (not the project's)."""
    messages = {}
    for cls in reversed(type(field).__mro__):
        if cls.__module__.startswith("django."):
            messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _is_choice(field: forms.Field) -> bool:
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or isinstance(
        field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)
    )


def required_message(field: forms.Field, label) -> str:
    if isinstance(field, forms.BooleanField):
        return f"Tick the box ‘{_bare(label)}’ to go on"
    if isinstance(field, forms.FileField):
        return f"Choose {field_object(label)} to upload"
    if _is_choice(field):
        return f"Choose {field_object(label)}"
    if isinstance(field, GovukDateField) and _is_phrase(_bare(label)):
        return f"Enter a date for {field_object(label)}"
    return f"Enter {field_object(label)}"


def _validator_message(validator, field: forms.Field, label) -> str | None:
    """A plain message for one of Django's validators still carrying Django's own."""
    subject = field_subject(label)
    kind = type(validator)
    own = getattr(validator, "message", None) != getattr(kind, "message", object())
    if own and not getattr(validator, "plain", False):
        if validator not in (core.validate_slug, core.validate_unicode_slug):
            return None  # the project gave it a message already
    limit = getattr(validator, "limit_value", None)
    if callable(limit):
        limit = None
    if isinstance(validator, core.MaxLengthValidator):
        return f"{subject} must be {limit} characters or fewer"
    if isinstance(validator, core.MinLengthValidator):
        return f"{subject} must be at least {limit} characters"
    if isinstance(validator, core.MaxValueValidator) and limit is not None:
        return f"{subject} must be {limit} or less"
    if isinstance(validator, core.MinValueValidator) and limit is not None:
        return f"{subject} must be {limit} or more"
    if isinstance(validator, core.StepValueValidator):
        return f"{subject} must be a multiple of {limit}"
    if isinstance(validator, core.EmailValidator):
        return f"Enter {field_object(label)} in the right form, like name@example.org"
    if isinstance(validator, core.URLValidator):
        return f"Enter {field_object(label)} as a full web address, like https://www.example.org"
    if validator in (core.validate_slug, core.validate_unicode_slug):
        return f"{subject} must use only lower-case letters, numbers and hyphens"
    return None


def plain_messages(field: forms.Field, label) -> None:
    """Replace Django's generic messages on ``field`` with ones that name it."""
    defaults = _django_defaults(field)
    subject, obj = field_subject(label), field_object(label)
    plain = {
        "required": required_message(field, label),
        "invalid_choice": f"Choose {obj} from the list",
        "invalid_pk_value": f"Choose {obj} from the list",
        "invalid_list": f"Choose {obj} from the list",
        "max_length": f"{subject} must be %(max)d characters or fewer",
        "empty": f"The file chosen for {obj} is empty",
        "contradiction": f"Either choose a file for {obj} or tick to clear it, not both",
        "missing": f"Choose {obj} to upload",
        "invalid_image": f"The file chosen for {obj} must be an image",
    }
    if isinstance(field, (forms.DecimalField, forms.FloatField)):  # before: both are integers
        plain["invalid"] = f"{subject} must be a number"
    elif isinstance(field, forms.IntegerField):
        plain["invalid"] = f"{subject} must be a whole number"
    elif isinstance(field, forms.FileField):
        plain["invalid"] = f"Choose a file for {obj}"
    elif isinstance(field, forms.EmailField):
        plain["invalid"] = f"Enter {obj} in the right form, like name@example.org"
    elif isinstance(field, forms.URLField):
        plain["invalid"] = f"Enter {obj} as a full web address, like https://www.example.org"
    elif isinstance(field, GovukDateField):
        plain["invalid"] = f"{subject} must be a real date, for example 27 3 2020"
    elif "invalid" in defaults:
        plain["invalid"] = f"Enter {obj} in the form shown"
    if isinstance(field, GovukDateField):
        defaults["required"] = defaults["incomplete"] = "Enter the day, month and year"
        plain["incomplete"] = f"{subject} must include a day, month and year"
    owned = field.__dict__.setdefault("plain_keys", set())  # set here before: relabelled
    for key, message in plain.items():
        current = field.error_messages.get(key)
        if (
            message
            and key in field.error_messages
            and (key in owned or current == defaults.get(key))
        ):
            field.error_messages[key] = message
            owned.add(key)
    validators = []
    for validator in field.validators:
        if isinstance(validator, core.DecimalValidator):
            validator = copy.copy(validator)
            validator.messages = {
                "invalid": plain.get("invalid") or f"{subject} must be a number",
                "max_digits": f"{subject} must have no more than %(max)s digits",
                "max_decimal_places": f"{subject} must have no more than %(max)s decimal places",
                "max_whole_digits": f"{subject} must have no more than %(max)s digits before "
                "the decimal point",
            }
        message = _validator_message(validator, field, label)
        if message:
            validator = copy.copy(validator)
            validator.message = message
            validator.plain = True
        validators.append(validator)
    field.validators = validators


def state_limit(field: forms.Field) -> None:
    """Say a text field's length limit beside it, and keep the browser from enforcing it."""
    if not isinstance(field, forms.CharField) or not field.max_length:
        return
    field.widget.attrs.pop("maxlength", None)
    hidden = field.widget.is_hidden or isinstance(field.widget, forms.PasswordInput)
    hint = f"You can enter up to {field.max_length} characters."
    help_text = str(field.help_text or "").strip()
    if hidden or isinstance(field, forms.EmailField) or hint in help_text:
        return
    field.help_text = f"{help_text} {hint}" if help_text else hint


def prepare_fields(form: forms.BaseForm) -> None:
    """One date input, plain messages naming their field, and stated limits, on ``form``."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DateField):
            field = form.fields[name] = as_govuk_date(field)
        if field.label is None:
            field.label = pretty_name(name)
        state_limit(field)
        plain_messages(field, field.label)
