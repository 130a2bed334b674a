"""The audit trail of one record: who changed what and when, old value → new value.

``/p/<slug>/history/<app_label>/<model>/<pk>/``, for example
``/p/worcestershire/history/subgroups/agendaitem/12/``. Only the business manager and
the independent chair see it, only for models on the allow-list below, and only for a
record of the partnership in the URL. Case-review records follow the case-review rule
(404 for anyone outside the case review group and the business manager, and every view
is logged); minutes of agenda items are withheld from anyone who may not read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from partnership.access import Access, get_access
from partnership.scoping import for_partnership

WITHHELD = "Withheld: you may not read this"
NOT_RECORDED = "(not recorded)"

# Models with a history page. Case-review models are marked so the case-review rule applies.
HISTORY_PAGES: dict[str, str] = {
    "partnership.partnership": "",
    "partnership.organisation": "",
    "partnership.person": "",
    "partnership.role": "",
    "partnership.arrangementsdocument": "",
    "partnership.arrangementsupdate": "",
    "partnership.arrangementssection": "",
    "partnership.arrangementsapproval": "",
    "partnership.agencycategory": "",
    "partnership.organisationname": "",
    "scrutiny.feedtoken": "",
    "subgroups.subgroup": "",
    "subgroups.meeting": "",
    "subgroups.attendance": "",
    "subgroups.agendaitem": "minutes",
    "subgroups.decision": "minutes",
    "subgroups.action": "minutes",
    "reviews.seriousincident": "case_review",
    "reviews.identifyingdetails": "case_review",
    "reviews.rapidreview": "case_review",
    "reviews.practicereview": "case_review",
    "reviews.milestone": "case_review",
    "reviews.reviewhold": "case_review",
    "reviews.recommendation": "case_review",
    "reviews.legacyreview": "case_review",
    "reviews.nationalreviewconsidered": "case_review",
    "reviews.learningbriefing": "case_review",
    "reports.report": "",
    "reports.reportsectionconfig": "",
    "reports.reportnarrative": "",
    "reports.sectioncomment": "",
    "reports.commentreply": "",
    "reports.signoff": "",
    "reports.publishedreport": "",
    "reports.distributiontask": "",
    "evidence.evidencesettings": "",
    "evidence.priority": "",
    "evidence.activityentry": "",
    "evidence.budgetperiod": "",
    "evidence.costcentre": "",
    "evidence.openingbalance": "",
    "evidence.contribution": "",
    "evidence.expenditureline": "",
    "evidence.inspection": "",
    "evidence.indicator": "",
    "evidence.kpivalue": "",
    "evidence.multiagencyaudit": "",
    "evidence.section11cycle": "",
    "evidence.section11return": "",
    "evidence.schoolaudit": "",
    "evidence.schoolauditcount": "",
    "evidence.feedbackexercise": "",
    "evidence.course": "",
    "evidence.trainingsession": "",
    "evidence.sessionattendance": "",
    "evidence.courseevaluation": "",
    "scrutiny.committeesubmission": "",
    "scrutiny.committeequestion": "",
    "scrutiny.committeeaction": "",
    "scrutiny.coverreport": "",
    "papers.agendasettings": "",
    "papers.itemplan": "",
    "papers.agenda": "",
    "papers.paper": "",
    "papers.interest": "",
    "papers.declaration": "",
    "scrutiny.coverreportformat": "",
}

# Fields that change on every save and say nothing to a reader.
NOISE = {"id", "version"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_url(instance: models.Model, partnership) -> str:
    """Link to a record's history page, for record pages that want one."""
    return reverse(
        "partnership:record_history",
        args=[partnership.slug, instance._meta.app_label, instance._meta.model_name, instance.pk],
    )


MINUTES_FIELDS = {
    "agendaitem": {"minutes", "title"},
    "decision": {"text"},
    "action": {"description"},
}


def _withheld_fields(policy: str, access: Access, instance, rows) -> set[str]:
    """Fields withheld in every version: minutes-derived text the user may not read now,
    or may not have been able to read in any earlier version."""
    if policy != "minutes":
        return set()
    model_name = instance._meta.model_name
    item = instance if model_name == "agendaitem" else getattr(instance, "item", None)
    if item is None:
        return set()
    levels = access.confidentiality_levels(item.meeting.subgroup_id)
    readable = item.confidentiality in levels
    if model_name == "agendaitem":
        readable = readable and all(row.confidentiality in levels for row in rows)
    return set() if readable else MINUTES_FIELDS[model_name]


def _display(model_field, value, names: dict) -> str:
    if value is None or value == "":
        return "(empty)"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field is not None and (model_field.many_to_one or model_field.one_to_one):
        return names.get((model_field.related_model, value), f"record {value}")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%d %B %Y %H:%M")
    if hasattr(value, "isoformat"):
        return value.strftime("%d %B %Y")
    return str(value)


def _related_names(model, rows) -> dict:
    """str() of every record the rows point to, one query per related model."""
    from partnership.scoping import DOMAIN_APPS

    wanted: dict = {}
    for f in model._meta.concrete_fields:
        if (f.many_to_one or f.one_to_one) and f.name not in NOISE:
            ids = {getattr(r, f.attname) for r in rows} - {None}
            if ids:
                wanted.setdefault(f.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        if related._meta.app_label == "reviews" and related.__name__ == "IdentifyingDetails":
            continue
        if related._meta.app_label not in DOMAIN_APPS and related._meta.model_name != "user":
            continue
        for obj in related._default_manager.filter(pk__in=ids):
            if hasattr(obj, "username"):
                names[(related, obj.pk)] = obj.get_full_name() or obj.username
            else:
                names[(related, obj.pk)] = str(obj)
    return names


def _entries(access: Access, policy: str, instance) -> list[Entry]:
    model = type(instance)
    rows = list(
        instance.history.order_by("history_date", "history_id").select_related("history_user")
    )
    names = _related_names(model, rows)
    fields = {f.name: f for f in model._meta.concrete_fields}
    # A history may leave fields out (a published report keeps no copy of its document).
    kept = {f.name for f in instance.history.model._meta.concrete_fields}
    shown = [n for n in fields if n not in NOISE and n in kept]
    entries = []
    previous = None
    hidden = _withheld_fields(policy, access, instance, rows)
    for row in rows:
        user = row.history_user
        who = (user.get_full_name() or user.username) if user else "System or data import"
        entry = Entry(
            when=row.history_date,
            who=who,
            kind={"+": "Created", "~": "Changed", "-": "Deleted"}[row.history_type],
            reason=row.history_change_reason or "",
        )
        if previous is None:
            changed = [(n, None, getattr(row, fields[n].attname)) for n in shown]
            changed = [c for c in changed if c[2] not in (None, "")]
        else:
            delta = row.diff_against(previous, included_fields=shown)
            changed = [(c.field, c.old, c.new) for c in delta.changes]
        # Records loaded in bulk have no creation row: their first row has no "before".
        unknown_before = previous is None and row.history_type != "+"
        for name, old, new in changed:
            f = fields.get(name)
            label = str(f.verbose_name).capitalize() if f is not None else name
            if name in hidden:
                entry.changes.append(Change(label, WITHHELD, WITHHELD))
            else:
                before = NOT_RECORDED if unknown_before else _display(f, old, names)
                entry.changes.append(Change(label, before, _display(f, new, names)))
        entries.append(entry)
        previous = row
    entries.reverse()
    return entries


def record_history(request, slug, app_label, model, pk):
    access = get_access(request, slug)
    key = f"{app_label}.{model}".lower()
    if key not in HISTORY_PAGES:
        raise Http404("No history page for this kind of record")
    policy = HISTORY_PAGES[key]
    try:
        model_class = apps.get_model(app_label, model)
    except LookupError:
        raise Http404("No such kind of record") from None
    if policy == "case_review" and not access.can_see_case_reviews:
        raise Http404("No such record")
    access.require(access.is_business_manager or access.is_independent_chair)
    instance = for_partnership(model_class, access.partnership).filter(pk=pk).first()
    if instance is None:
        raise Http404("No such record")
    if policy == "case_review":
        from reviews.services import log_restricted_access

        log_restricted_access(request.user, instance, partnership=access.partnership)
    return render(
        request,
        "history/record_history.html",
        {
            "access": access,
            "partnership": access.partnership,
            "record": instance,
            "record_kind": model_class._meta.verbose_name,
            "record_url": instance.get_absolute_url()
            if hasattr(instance, "get_absolute_url")
            else "",
            "entries": _entries(access, policy, instance),
        },
    )
