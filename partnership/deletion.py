"""Deleting a record made by mistake: one confirmation page, one set of refusals.

Every "Delete" of the product goes through ``confirm_delete``. A GET shows what will be
deleted (and what goes with it); a POST deletes it inside a transaction, and the history
keeps a deletion row naming who did it. Where other records depend on the record (a
PROTECT or RESTRICT foreign key, a link from another record's many-to-many field, or a
kind of record the caller says must not go with it), the page refuses and says what
depends on it, counted by kind, and offers "retire" instead: the record stays in the
history and past reports, and is left out of new ones.

Dependants are found by Django's own deletion collector (``NestedObjects``, as the admin
does), so a new foreign key to a record is taken into account without a list to update.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

#: Names that read better than a model's verbose names in "3 …": (one, many).
LABELS = {
    "subgroups.Attendance": ("attendance record", "attendance records"),
    "subgroups.ActionUpdate": ("progress update", "progress updates"),
    "subgroups.AgendaItem": ("agenda item", "agenda items"),
    "reports.SignOff": ("sign-off", "sign-offs"),
    "reports.ReportVersion": ("approved version", "approved versions"),
    "reports.PublishedReport": ("published report", "published reports"),
    "reports.SectionComment": ("comment", "comments"),
    "papers.Interest": (
        "entry in the register of interests",
        "entries in the register of interests",
    ),
    "papers.Declaration": ("declaration of interest", "declarations of interest"),
    "evidence.SessionAttendance": ("training attendance record", "training attendance records"),
    "evidence.Section11Return": ("section 11 return", "section 11 returns"),
}


def label(model: type[models.Model], count: int) -> str:
    """ "1 sign-off", "3 attendance records": a count of records of one kind."""
    one, many = LABELS.get(
        model._meta.label, (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
    )
    return f"{count} {one if count == 1 else many}"


Blocking = tuple[type[models.Model] | str, ...]


@dataclass(frozen=True)
class Retire:
    """An alternative to deleting: a link to a form, or a button that retires at once."""

    text: str
    url: str
    post: bool = False
    hint: str = ""


@dataclass
class Plan:
    """What deleting a record would do: the records that stop it, the rule that forbids it,
    and the records that would go with it."""

    obj: models.Model
    dependants: list[str] = field(default_factory=list)
    also_deleted: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def allowed(self) -> bool:
        return not self.dependants and not self.reason


def plan_deletion(
    obj: models.Model,
    *,
    blocking: Blocking = (),
    reason: str = "",
    extra_dependants: list[str] | tuple[str, ...] = (),
) -> Plan:
    """What depends on ``obj``. ``blocking``: kinds of record (models or "app.Model"
    labels) that would be deleted with it but must not be (a person's roles, an action's
    progress updates); ``extra_dependants``: what depends on it outside any foreign key."""
    blocking_labels = {b if isinstance(b, str) else b._meta.label for b in blocking}
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    stopping: Counter = Counter()
    going: Counter = Counter()
    for protected in collector.protected:
        stopping[type(protected)] += 1
    collected = {model: {o.pk for o in objs} for model, objs in collector.model_objs.items()}
    for model, objs in collector.model_objs.items():
        if model._meta.auto_created:
            # A link row of a many-to-many field: a record elsewhere that names this one
            # (an action a case-review recommendation is implemented by) depends on it,
            # unless that record is itself being deleted.
            owner_model, owner_attname = _link_owner(model)
            for row in objs:
                if getattr(row, owner_attname) not in collected.get(owner_model, ()):
                    stopping[owner_model] += 1
            continue
        rows = [o for o in objs if not (model is type(obj) and o.pk == obj.pk)]
        if not rows:
            continue
        if model._meta.label in blocking_labels:
            stopping[model] += len(rows)
        else:
            going[model] += len(rows)
    return Plan(
        obj=obj,
        dependants=[label(m, n) for m, n in sorted(stopping.items(), key=_by_name)]
        + list(extra_dependants),
        also_deleted=[label(m, n) for m, n in sorted(going.items(), key=_by_name)],
        reason=reason,
    )


def _by_name(pair) -> str:
    return str(pair[0]._meta.verbose_name)


def _link_owner(through: type[models.Model]) -> tuple[type[models.Model], str]:
    """The model whose many-to-many field made this link table, and the column naming it."""
    for model in through._meta.apps.get_models():
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through is through:
                return model, through._meta.get_field(m2m.m2m_field_name()).attname
    raise LookupError(through)  # pragma: no cover - every auto-created model has an owner


def confirm_delete(
    request: HttpRequest,
    access,
    obj: models.Model,
    *,
    noun: str,
    back_url: str,
    done_url: str,
    blocking: Blocking = (),
    reason: str = "",
    extra_dependants: list[str] | tuple[str, ...] = (),
    retire: list[Retire] | tuple[Retire, ...] = (),
    caption: str = "",
    name: str = "",
) -> HttpResponse:
    """The confirmation page (GET) and the deletion (POST) of one record.

    The caller has fetched ``obj`` through the access rules (404 outside the partnership,
    403 without the right); ``reason`` is a rule that forbids deleting it at all (a
    published report), ``retire`` what may be done instead.
    """
    name = name or str(obj)

    def planned() -> Plan:
        return plan_deletion(
            obj, blocking=blocking, reason=reason, extra_dependants=extra_dependants
        )

    plan = planned()
    if request.method == "POST" and plan.allowed:
        try:
            with transaction.atomic():
                obj._history_user = request.user  # the history's deletion row names them
                obj.delete()
        except (models.ProtectedError, models.RestrictedError):
            # Something came to depend on it since the page was shown: say what.
            plan = planned()
        except ValidationError as error:
            plan.reason = " ".join(error.messages)
        else:
            messages.success(request, f"{noun[:1].upper()}{noun[1:]} ‘{name}’ deleted.")
            return redirect(done_url)
    return render(
        request,
        "partnership/confirm_delete.html",
        {
            "access": access,
            "partnership": access.partnership,
            "plan": plan,
            "noun": noun,
            "name": name,
            "caption": caption,
            "back_url": back_url,
            "retire": retire,
        },
        status=400 if request.method == "POST" else 200,
    )
