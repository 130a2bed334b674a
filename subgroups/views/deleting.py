"""Deleting a meeting, an agenda item, a decision or an action entered by mistake.

The sub-group's chair and the business manager (``Access.can_edit_subgroup``), as for
editing; never once the minutes are confirmed (they are locked). The confirmation page and
its refusals are ``partnership.deletion``'s.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from partnership.access import get_access
from partnership.deletion import Retire, confirm_delete
from subgroups.models import Decision, Meeting
from subgroups.views.actions import _can_manage, _visible_action
from subgroups.views.meetings import _editable_meeting, editable_item

#: Progress recorded on an action is its owner's account of the work: it is not deleted
#: along with a mistaken record (the action is withdrawn instead).
KEEP = ("subgroups.ActionUpdate",)


def _locked(meeting: Meeting) -> str:
    if not meeting.is_locked:
        return ""
    return "The minutes are confirmed and locked: they are kept as they were confirmed."


def meeting_delete(request, slug, pk):
    access, meeting = _editable_meeting(request, slug, pk)
    retire = []
    if meeting.status == Meeting.Status.SCHEDULED and not meeting.is_locked:
        retire.append(
            Retire(
                "Cancel the meeting",
                reverse("subgroups:meeting_cancel", args=[slug, pk]),
                post=True,
                hint="Its members are told it is called off; it stays in the record.",
            )
        )
    return confirm_delete(
        request,
        access,
        meeting,
        noun="meeting",
        caption=meeting.subgroup.name,
        back_url=meeting.get_absolute_url(),
        done_url=reverse("subgroups:subgroup_detail", args=[slug, meeting.subgroup.slug]),
        reason=_locked(meeting),
        blocking=KEEP,
        retire=retire,
    )


def item_delete(request, slug, item_pk):
    access, item = editable_item(request, slug, item_pk)
    meeting = item.meeting
    return confirm_delete(
        request,
        access,
        item,
        noun="agenda item",
        caption=str(meeting),
        back_url=meeting.get_absolute_url(),
        done_url=meeting.get_absolute_url(),
        reason=_locked(meeting),
        blocking=KEEP,
    )


def decision_delete(request, slug, item_pk, pk):
    access, item = editable_item(request, slug, item_pk)
    decision = get_object_or_404(Decision, item=item, pk=pk)
    meeting = item.meeting
    return confirm_delete(
        request,
        access,
        decision,
        noun="decision",
        caption=f"{meeting}, item {item.order}",
        back_url=meeting.get_absolute_url(),
        done_url=meeting.get_absolute_url(),
        reason=_locked(meeting),
    )


def action_delete(request, slug, pk):
    access = get_access(request, slug)
    action = _visible_action(access, pk)
    access.require(_can_manage(access, action))
    meeting = action.item.meeting if action.item_id else None
    reason = ""
    if meeting is not None and meeting.is_locked:
        reason = "It was recorded in confirmed minutes, which are locked."
    retire = []
    if action.is_open:
        retire.append(
            Retire(
                "Withdraw the action",
                reverse("subgroups:action_update", args=[slug, pk]),
                hint="Mark it cancelled with a note saying why: it stays in the register.",
            )
        )
    done = (
        reverse("subgroups:subgroup_action_register", args=[slug, action.subgroup.slug])
        if action.subgroup_id
        else reverse("subgroups:action_register", args=[slug])
    )
    return confirm_delete(
        request,
        access,
        action,
        noun="action",
        caption=action.subgroup.name if action.subgroup_id else "",
        back_url=action.get_absolute_url(),
        done_url=done,
        reason=reason,
        blocking=KEEP,
        retire=retire,
    )
