"""Every form class in the product, walked: one date input (the GOV.UK three boxes), no
message that fails to name its field, and no length limit the browser enforces silently.

A new form is found here without being listed. If it needs a constructor argument this
file does not know, its tests fail and say which: add it to the ``world``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.utils import timezone

from partnership.forms import GovukDateField
from partnership.models import ArrangementsDocument
from tests.factories import (
    make_action,
    make_item,
    make_meeting,
    make_partnership,
    make_person,
    make_subgroup,
    make_user,
)

MODULES = [
    "accounts.forms",
    "evidence.forms",
    "notifications.forms",
    "papers.forms",
    "partnership.forms",
    "partnership.otp",
    "reports.forms",
    "retention.forms",
    "reviews.forms",
    "scrutiny.forms",
    "subgroups.forms",
]

# Django's own wording, which names no field, and the date library's raw Python.
GENERIC = [
    "This field is required.",
    "Enter a valid date.",
    "Enter a whole number.",
    "Enter a number.",
    "Enter a valid value.",
    "Select a valid choice",
    "Enter a valid email address.",
    "Enter a valid URL.",
    "Ensure this value",
    "Ensure that there are",
    "Enter the day, month and year",
    "out of range",
]


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
                and not (issubclass(value, forms.BaseModelForm) and value._meta.model is None)
            ):
                found.append(value)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _parameters(form_class) -> set[str]:
    names = set()
    for cls in form_class.__mro__:
        init = cls.__dict__.get("__init__")
        if init is None or cls in (forms.BaseForm, forms.BaseModelForm):
            continue
        for p in inspect.signature(init).parameters.values():
            if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self":
                names.add(p.name)
    return names


@pytest.fixture
def world(db):
    from partnership.access import Access
    from scrutiny.models import CommitteeSubmission

    partnership = make_partnership()
    subgroup = make_subgroup(partnership=partnership)
    meeting = make_meeting(subgroup=subgroup)
    item = make_item(meeting=meeting)
    user = make_user()
    owner = make_person(partnership=partnership, user=user)
    action = make_action(partnership=partnership, owner=owner, item=item)
    submission = CommitteeSubmission.objects.create(
        partnership=partnership,
        report_title="Annual report",
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2021, 3, 31),
        council="A council",
        committee="A committee",
        meeting_date=dt.date(2021, 11, 4),
        presenter="A presenter",
    )
    document = ArrangementsDocument.objects.create(
        partnership=partnership,
        title="Arrangements",
        version_label="1",
        published_on=timezone.localdate(),
    )
    return {
        "partnership": partnership,
        "subgroup": subgroup,
        "meeting": meeting,
        "item": item,
        "action": action,
        "user": user,
        "access": Access(partnership=partnership, user=user),
        "document": document,
        "submission": submission,
        "sections": [("intro", "Introduction")],
        "choices": [("intro", "Introduction")],
        "existing": set(),
        "subgroups": [subgroup],
        "raw_names": (),
        "show_signed_as": True,
        "can_change_due_date": True,
        "has_left": True,  # the form with both of its buttons
        "request": None,
    }


def _instance(form_class, world):
    from scrutiny.forms import CoverReportForm
    from scrutiny.models import CoverReport

    if form_class is CoverReportForm:
        return {"instance": CoverReport(submission=world["submission"])}
    return {}


def build(form_class, world, data=None):
    wanted = _parameters(form_class) - {"data", "files", "args", "kwargs", "instance"}
    unknown = wanted - set(world)
    assert not unknown, f"{form_class.__qualname__} needs {unknown}: add them to the world"
    kwargs = {name: world[name] for name in wanted}
    if form_class.__qualname__ == "AttendanceForm":
        kwargs["choices"] = None  # a formset's rows share choices worked out once
    return form_class(data=data, **kwargs, **_instance(form_class, world))


def test_the_walk_finds_the_forms_of_every_app():
    names = {c.__qualname__ for c in form_classes()}
    assert {"ReportForm", "CommitteeSubmissionForm", "MeetingForm", "ActionForm"} <= names
    assert {"SearchForm", "IncidentForm", "CommitteeActionForm", "InviteForm"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda c: c.__qualname__)
def test_every_date_is_the_govuk_date_input(form_class, world):
    form = build(form_class, world)
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField) or "date" in type(field.widget).__name__.lower():
            assert isinstance(field, GovukDateField), f"{name} is {type(field).__name__}"
        html = str(form[name])
        assert 'type="date"' not in html
        assert "maxlength" not in html, f"{name} cuts pasted text at its limit without a word"


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda c: c.__qualname__)
def test_no_message_fails_to_name_its_field(form_class, world):
    form = build(form_class, world)
    for name, field in form.fields.items():
        messages = [str(m) for m in field.error_messages.values()]
        messages += [str(getattr(v, "message", "")) for v in field.validators]
        messages += [str(m) for v in field.validators for m in getattr(v, "messages", {}).values()]
        for message in messages:
            assert not any(generic in message for generic in GENERIC), (name, message)
    empty = build(form_class, world, data={})
    try:
        empty.is_valid()
    except (ValueError, KeyError, AttributeError):
        return  # its view gives it more before validating (the record it belongs to)
    for errors in empty.errors.values():
        for message in errors:
            assert not any(generic in message for generic in GENERIC), message


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda c: c.__qualname__)
def test_every_length_limit_is_stated_beside_its_field(form_class, world):
    form = build(form_class, world)
    for name, field in form.fields.items():
        if (
            isinstance(field, forms.CharField)
            and field.max_length
            and not field.widget.is_hidden
            and not isinstance(field, forms.EmailField)
            and not isinstance(field.widget, forms.PasswordInput)
        ):
            assert f"up to {field.max_length} characters" in str(field.help_text), name
