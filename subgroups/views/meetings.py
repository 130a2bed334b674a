"""Meetings and their minutes: schedule, attendance, items, decisions, actions, lifecycle.

Only the chair of the meeting's sub-group or the business manager writes; every write is
refused once the minutes are confirmed. Readers see items at the confidentiality levels
``Access.confidentiality_levels`` allows; other items show only that something was withheld.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from notifications.registry import notify
from partnership.access import Access, get_access
from partnership.models import Organisation, Person, Role
from partnership.page_cache import cached_page
from partnership.views import form_page
from subgroups.forms import (
    ActionForm,
    AgendaItemForm,
    CirculateMinutesForm,
    ConfirmMinutesForm,
    DecisionForm,
    MeetingForm,
    attendance_formset,
)
from subgroups.models import AgendaItem, Decision, Meeting, SubGroup


@dataclass(frozen=True)
class ItemView:
    """An agenda item as one reader sees it: withheld items carry no title or text."""

    order: int
    item: AgendaItem | None

    @property
    def withheld(self) -> bool:
        return self.item is None


def _meeting(access: Access, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_partnership(access.partnership).select_related(
            "subgroup", "confirmed_at_meeting"
        ),
        pk=pk,
    )


def _editable_meeting(request, slug: str, pk: int) -> tuple[Access, Meeting]:
    """The meeting for a write: 404 outside the partnership, 403 unless chair or BM."""
    access = get_access(request, slug)
    meeting = _meeting(access, pk)
    access.require(access.can_edit_subgroup(meeting.subgroup_id))
    return access, meeting


def _refuse_locked(request, meeting: Meeting, *, before_held: bool = False):
    """A redirect with the reason when the minutes are locked (or, for a decision or an
    action, when the meeting is still to come), else None."""
    try:
        meeting.check_editable()
        if before_held:
            meeting.check_held()
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(meeting)
    return None


def _readable_minutes(access: Access, meeting: Meeting) -> bool:
    if meeting.status == Meeting.Status.CANCELLED:
        return False
    return meeting.is_locked or access.can_read_drafts(meeting.subgroup_id)


@require_GET  # its forms post to their own URLs; a POST here is a mistake, not a no-op
@cached_page()
def meeting_detail(request, slug, pk):
    access = get_access(request, slug)
    meeting = _meeting(access, pk)
    readable = _readable_minutes(access, meeting)
    levels = access.confidentiality_levels(meeting.subgroup_id)
    items, attendance = [], []
    if readable:
        items = [
            ItemView(item.order, item if item.confidentiality in levels else None)
            for item in meeting.items.with_outcomes()
        ]
        day = timezone.localtime(meeting.starts_at).date()
        attendance = list(meeting.attendance.for_minutes(day))
    can_edit = access.can_edit_subgroup(meeting.subgroup_id)
    confirm_form = None
    if can_edit and meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED:
        confirm_form = ConfirmMinutesForm(meeting=meeting)
    taken_place = meeting.has_taken_place()
    circulate_form = (
        CirculateMinutesForm()
        if meeting.minutes_status == Meeting.MinutesStatus.DRAFT and taken_place
        else None
    )
    return render(
        request,
        "subgroups/meeting_detail.html",
        {
            "access": access,
            "partnership": access.partnership,
            "meeting": meeting,
            "subgroup": meeting.subgroup,
            "readable": readable,
            "items": items,
            "attendance": attendance,
            "can_edit": can_edit and not meeting.is_locked,
            "can_manage": can_edit,
            "confirm_form": confirm_form,
            "circulate_form": circulate_form,
            "taken_place": taken_place,
            "later_meetings": confirm_form is not None
            and confirm_form.fields["at_meeting"].queryset.exists(),
        },
    )


def meeting_create(request, slug, subgroup):
    access = get_access(request, slug)
    sg = get_object_or_404(SubGroup.objects.for_partnership(access.partnership), slug=subgroup)
    access.require(access.can_edit_subgroup(sg.pk))
    form = MeetingForm(request.POST or None, initial={"start_time": "10:00", "end_time": "12:00"})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save(commit=False)
            meeting.subgroup = sg
            meeting.save()
            notify("meeting_scheduled", meeting, actor=request.user)
        messages.success(request, "Meeting scheduled.")
        return redirect(meeting)
    return form_page(
        request,
        access,
        form,
        title="Schedule a meeting",
        caption=sg.name,
        back_url=sg.get_absolute_url(),
    )


def meeting_edit(request, slug, pk):
    access, meeting = _editable_meeting(request, slug, pk)
    if refused := _refuse_locked(request, meeting):
        return refused
    before = (meeting.starts_at, meeting.ends_at, meeting.location, meeting.is_virtual)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if (saved.starts_at, saved.ends_at, saved.location, saved.is_virtual) != before:
                notify("meeting_moved", saved, actor=request.user)
        messages.success(request, "Meeting details saved.")
        return redirect(meeting)
    return form_page(
        request,
        access,
        form,
        title="Change the meeting details",
        caption=str(meeting),
        back_url=meeting.get_absolute_url(),
    )


def _attendance_choices(meeting: Meeting) -> dict:
    partnership_id = meeting.subgroup.partnership_id
    people = Person.objects.filter(partnership_id=partnership_id)
    # Not those that had left by the day of the meeting, unless its attendance names them.
    organisations = Organisation.objects.filter(partnership_id=partnership_id).filter(
        Q(left_on__isnull=True)
        | Q(left_on__gte=timezone.localtime(meeting.starts_at).date())
        | Q(pk__in=meeting.attendance.values("organisation_id"))
    )
    person_options = [("", "Choose a person")] + [(p.pk, str(p)) for p in people]
    org_options = [("", "Choose an organisation")] + [(o.pk, o.name) for o in organisations]
    return {
        "person": (people, person_options),
        "organisation": (organisations, org_options),
        "substitute_for": (people, [("", "Nobody")] + person_options[1:]),
    }


def attendance_edit(request, slug, pk):
    """One page for the whole meeting: a row per member, plus rows for anyone else."""
    access, meeting = _editable_meeting(request, slug, pk)
    if refused := _refuse_locked(request, meeting):
        return refused
    existing = meeting.attendance.select_related("person")
    recorded = {row.person_id for row in existing}
    day = timezone.localtime(meeting.starts_at).date()
    members = (
        Role.objects.on(day)
        .filter(subgroup=meeting.subgroup, kind__in=Role.SUBGROUP_KINDS)
        .select_related("person")
        .order_by("person__name")
    )
    initial, listed = [], set()
    for role in members:
        if role.person_id in recorded or role.person_id in listed:
            continue
        listed.add(role.person_id)
        initial.append(
            {
                "person": role.person_id,
                "organisation": role.organisation_id or role.person.organisation_id,
            }
        )
    formset = attendance_formset(extra=len(initial) + 3)(
        request.POST or None,
        queryset=existing,
        initial=initial,
        form_kwargs={"choices": _attendance_choices(meeting)},
        prefix="attendance",
    )
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                rows = formset.save(commit=False)
                for row in formset.deleted_objects:
                    row.delete()
                for row in rows:
                    row.meeting = meeting
                    if not row.status:
                        raise ValidationError("Choose present, apologies, substitute or absent.")
                    row.save()
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, "Attendance saved.")
            return redirect(meeting)
    return render(
        request,
        "subgroups/attendance_form.html",
        {
            "access": access,
            "partnership": access.partnership,
            "meeting": meeting,
            "formset": formset,
            "errors": _formset_errors(formset),
        },
    )


def _formset_errors(formset) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary."""
    if not formset.is_bound:
        return []
    pairs = [("", e) for e in formset.non_form_errors()]
    for form in formset.forms:
        for name, errors in form.errors.items():
            anchor = form[name].id_for_label if name in form.fields else ""
            person = form.cleaned_data.get("person") if hasattr(form, "cleaned_data") else None
            prefix = f"{person}: " if person else ""
            pairs += [(anchor, prefix + e) for e in errors]
    return pairs


def item_edit(request, slug, pk=None, item_pk=None):
    """Add an item to meeting ``pk``, or change item ``item_pk`` (optimistic locking)."""
    access = get_access(request, slug)
    if item_pk:
        item = get_object_or_404(
            AgendaItem.objects.filter(
                meeting__subgroup__partnership=access.partnership
            ).select_related("meeting__subgroup"),
            pk=item_pk,
        )
        meeting = item.meeting
    else:
        item, meeting = None, _meeting(access, pk)
    access.require(access.can_edit_subgroup(meeting.subgroup_id))
    if refused := _refuse_locked(request, meeting):
        return refused
    initial = {}
    if item is None:
        top = meeting.items.aggregate(top=Max("order"))["top"] or 0
        initial = {"order": top + 1}
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.meeting = meeting
                form.save()
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Item {saved.order} saved.")
            return redirect(meeting)
    return form_page(
        request,
        access,
        form,
        title=f"Change item {item.order}" if item else "Add an item",
        caption=str(meeting),
        back_url=meeting.get_absolute_url(),
    )


def editable_item(request, slug: str, item_pk: int) -> tuple[Access, AgendaItem]:
    """The agenda item, for someone who may edit its sub-group's meetings (else 403/404)."""
    access = get_access(request, slug)
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__subgroup__partnership=access.partnership).select_related(
            "meeting__subgroup"
        ),
        pk=item_pk,
    )
    access.require(access.can_edit_subgroup(item.meeting.subgroup_id))
    return access, item


def decision_edit(request, slug, item_pk, pk=None):
    access, item = editable_item(request, slug, item_pk)
    meeting = item.meeting
    if refused := _refuse_locked(request, meeting, before_held=True):
        return refused
    decision = get_object_or_404(Decision, item=item, pk=pk) if pk else None
    form = DecisionForm(
        request.POST or None,
        instance=decision,
        initial={"text": "RESOLVED: "} if decision is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.item = item
                saved.save()
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Decision saved.")
            return redirect(meeting)
    return form_page(
        request,
        access,
        form,
        title="Change a decision" if decision else "Record a decision",
        caption=f"Item {item.order}: {item.title}",
        back_url=meeting.get_absolute_url(),
    )


def action_create(request, slug, item_pk):
    access, item = editable_item(request, slug, item_pk)
    meeting = item.meeting
    if refused := _refuse_locked(request, meeting, before_held=True):
        return refused
    form = ActionForm(request.POST or None, partnership=access.partnership, item=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            action = form.save(commit=False)
            action.partnership = access.partnership
            action.subgroup = meeting.subgroup
            action.item = item
            action.organisation = action.organisation or action.owner.organisation
            action.created_on = timezone.localtime(meeting.starts_at).date()
            action.save()
            notify("action_assigned", action, actor=request.user)
        messages.success(request, "Action recorded.")
        return redirect(meeting)
    return form_page(
        request,
        access,
        form,
        title="Record an action",
        caption=f"Item {item.order}: {item.title}",
        back_url=meeting.get_absolute_url(),
    )


def _lifecycle(request, slug, pk, step) -> object:
    access, meeting = _editable_meeting(request, slug, pk)
    try:
        with transaction.atomic():
            message = step(meeting)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, message)
    return redirect(meeting)


@require_POST
def minutes_circulate(request, slug, pk):
    form = CirculateMinutesForm(request.POST)
    # The day circulated defaults to today when the form gives none (the button alone).
    entered = any(k.startswith("circulated_on") for k in request.POST)
    if entered and not form.is_valid():
        access, meeting = _editable_meeting(request, slug, pk)
        messages.error(request, " ".join(form.errors["circulated_on"]))
        return redirect(meeting)
    on = form.cleaned_data["circulated_on"] if entered else timezone.localdate()

    def step(meeting):
        meeting.circulate(on=on, by=request.user)
        return f"Draft minutes circulated to attendees on {on.day} {on:%B %Y}."

    return _lifecycle(request, slug, pk, step)


@require_POST
def meeting_cancel(request, slug, pk):
    def step(meeting):
        meeting.cancel(by=request.user)
        return "Meeting cancelled. Its members have been emailed."

    return _lifecycle(request, slug, pk, step)


@require_POST
def minutes_return_to_draft(request, slug, pk):
    def step(meeting):
        meeting.return_to_draft()
        return "Minutes returned to draft."

    return _lifecycle(request, slug, pk, step)


@require_POST
def minutes_confirm(request, slug, pk):
    access, meeting = _editable_meeting(request, slug, pk)
    form = ConfirmMinutesForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, "Choose a later meeting of this sub-group to confirm them at.")
        return redirect(meeting)

    def step(meeting):
        meeting.confirm(at_meeting=form.cleaned_data["at_meeting"], by=request.user)
        return "Minutes confirmed. They are now locked."

    return _lifecycle(request, slug, pk, step)


__all__ = [
    "action_create",
    "attendance_edit",
    "decision_edit",
    "item_edit",
    "meeting_cancel",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "minutes_circulate",
    "minutes_confirm",
    "minutes_return_to_draft",
]
