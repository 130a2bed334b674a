"""A child's identifying details are refused in every text readers beyond the case review
group can see: each field found by walking the models, with a detail of a demo case
planted in it through a model form and through a plain save."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms import modelform_factory
from django.urls import reverse

from partnership.scoping import for_partnership
from reviews import textcheck
from reviews.models import IdentifyingDetails
from reviews.shared_text import (
    SharedTextModelForm,
    check_text,
    matching_records,
    shared_text_fields,
)
from subgroups.models import AgendaItem, Confidentiality
from tests.trust import matrix as m

pytestmark = pytest.mark.django_db

# Details of the demo case "Oscar" (reviews.demo): a name, and an NHS number for fields
# too short to hold a name.
NAME = "Oscar-Demo Fictionalson"
NHS = "9990000101"
SHARED = shared_text_fields()


def _planted(model, name) -> tuple[str, str]:
    max_length = model._meta.get_field(name).max_length
    if max_length is not None and max_length < len(NAME):
        return NHS, textcheck.NHS_NUMBER
    return NAME, textcheck.NAME


def _saveable_record(model, partnership):
    """A demo record of ``model`` that may be saved as it is (not locked, not restricted)."""
    for record in for_partnership(model, partnership)[:25]:
        if getattr(record, "text_is_restricted", lambda: False)():
            continue
        try:
            with transaction.atomic():
                record.save()
        except ValidationError:
            continue  # confirmed minutes are locked
        return type(record)._default_manager.get(pk=record.pk)
    return None


@pytest.mark.parametrize("shared", SHARED, ids=[f"{f.model._meta.label}.{f.name}" for f in SHARED])
def test_a_planted_identifying_detail_is_refused_in_every_shared_text_field(demo, shared):
    home = demo["home"]
    model, name = shared.model, shared.name
    record = _saveable_record(model, home)
    assert record is not None, f"the demo data has no editable {model._meta.label}"
    text, kind = _planted(model, name)
    before = getattr(record, name)

    written = f"Seen: {text}"
    if len(written) > (model._meta.get_field(name).max_length or len(written)):
        written = text
    form = modelform_factory(model, form=SharedTextModelForm, fields=[name])(
        data={name: written},
        instance=model._default_manager.get(pk=record.pk),
    )
    assert not form.is_valid()
    message = " ".join(form.errors[name])
    assert kind in message and "case review" in message
    assert NAME not in message and "Oscar" not in message  # never whose detail it is

    setattr(record, name, text)
    with pytest.raises(ValidationError) as refused:
        record.save()
    assert kind in " ".join(refused.value.message_dict[name])
    assert getattr(model._default_manager.get(pk=record.pk), name) == before


def test_the_fields_the_issue_names_are_all_covered():
    covered = {(f.model._meta.label, f.name) for f in SHARED}
    named = {
        ("subgroups.AgendaItem", "minutes"),
        ("subgroups.Decision", "text"),
        ("subgroups.Action", "description"),
        ("subgroups.ActionUpdate", "note"),
        ("evidence.ActivityEntry", "text"),
        ("evidence.Priority", "description"),
        ("scrutiny.CommitteeQuestion", "question"),
        ("scrutiny.CommitteeQuestion", "answer"),
        ("scrutiny.CoverReport", "report_detail"),
        ("reports.ReportNarrative", "body"),
        ("reviews.Recommendation", "text"),
        ("reviews.SeriousIncident", "summary"),
    }
    assert named <= covered
    assert not any(label == "reviews.IdentifyingDetails" for label, _ in covered)


def test_every_text_field_left_out_says_why():
    from django.apps import apps

    from partnership.scoping import DOMAIN_APPS, partnership_path
    from reviews.shared_text import _is_text

    covered = {(f.model, f.name) for f in SHARED}
    for model in apps.get_models():
        if model._meta.app_label not in DOMAIN_APPS or hasattr(model, "history_id"):
            continue
        if partnership_path(model) is None:
            continue  # accounts and bookkeeping: no partnership's readers see them
        exempt = getattr(model, "shared_text_exempt", {})
        for field in model._meta.concrete_fields:
            if not _is_text(field) or (model, field.name) in covered:
                continue
            assert exempt == "__all__" or field.name in exempt, (
                f"{model._meta.label}.{field.name} is neither checked nor exempted"
            )
            if exempt != "__all__":
                assert exempt[field.name].strip()


def test_a_restricted_minutes_item_may_hold_details(demo):
    item = _saveable_record(AgendaItem, demo["home"])
    item.confidentiality = Confidentiality.RESTRICTED
    item.minutes = f"Discussed {NAME}."
    item.save()
    # Made readable by more people, its text is checked again, unchanged or not.
    item.confidentiality = Confidentiality.PARTNERSHIP
    with pytest.raises(ValidationError, match="a name of a child"):
        item.save()


def test_the_check_for_text_outside_the_models_names_the_field_and_kind(demo):
    with pytest.raises(ValidationError) as refused:
        check_text(demo["home"], f"Paper about {NHS[:3]} {NHS[3:6]} {NHS[6:]} and more", "Paper")
    assert refused.value.messages == [
        "Paper contains an NHS number of a child in a case review. Use the case's pseudonym "
        "and case number instead."
    ]
    check_text(demo["home"], "Paper about Oscar (WSCP-2019-01)", "Paper")
    check_text(demo["other"], f"Paper about {NAME}", "Paper")  # another partnership's case


def test_case_and_spacing_do_not_hide_a_detail(demo):
    for text in ("oscar-demo   FICTIONALSON", "999-000-0101", "zz1  1zz"):
        with pytest.raises(ValidationError):
            check_text(demo["home"], text, "Minutes")


def test_an_existing_record_holding_a_new_cases_details_is_listed(demo, as_role):
    home = demo["home"]
    item = _saveable_record(AgendaItem, home)
    details = IdentifyingDetails.objects.filter(incident__partnership=home).first()
    AgendaItem.objects.filter(pk=item.pk).update(minutes=f"Met {details.school} staff.")
    found = matching_records(home, details.kinded_terms())
    assert [(x.where, x.record_id, x.kinds) for x in found] == [
        ("Agenda item: minutes", item.pk, [textcheck.SCHOOL])
    ]
    page = as_role(m.BM).get(
        reverse("reviews:identifying_details", args=[home.slug, details.incident_id])
    )
    body = page.content.decode()
    assert "Existing records that hold these details" in body
    assert "Agenda item: minutes" in body and f"(number {item.pk})" in body
    # Editing something else in the record is still allowed; its text stays listed.
    item.refresh_from_db()
    item.title = item.title + " (updated)"
    item.save()


def test_loading_a_backup_does_not_refuse_its_records(demo):
    item = _saveable_record(AgendaItem, demo["home"])
    item.minutes = f"Met {NAME}."
    models.signals.pre_save.send(sender=AgendaItem, instance=item, raw=True)
