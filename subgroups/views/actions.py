"""Action registers (partnership and sub-group), one action's page, and status updates.

The owner updates the status with a dated note; only the sub-group's chair or the
business manager may change the due date or the action itself.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from notifications.registry import notify
from partnership.access import Access, get_access
from partnership.page_cache import cached_page
from partnership.paging import CountedPaginator
from partnership.views import form_page
from subgroups.forms import ActionForm, ActionUpdateForm
from subgroups.listing import action_rows
from subgroups.models import Action, SubGroup

PAGE_SIZE = 25
# The query parameters the registers read (every other one is dropped before they run).
REGISTER_QUERY = ("status", "subgroup", "overdue", "page")


def _can_manage(access: Access, action: Action) -> bool:
    if action.subgroup_id is None:
        return access.is_business_manager
    return access.can_edit_subgroup(action.subgroup_id)


def _register(request, access: Access, subgroup: SubGroup | None):
    today = dt.date.today()
    actions = Action.objects.visible_to(access).for_table().order_by("due_on", "pk")
    if subgroup is not None:
        actions = actions.filter(subgroup=subgroup)
    # "current" is every open status (not started or in progress); the default view.
    status = request.GET.get("status", "current")
    if status == "current":
        actions = actions.open()
    elif status in Action.Status.values:
        actions = actions.filter(status=status)
    else:
        status = "all"
    chosen_subgroup = request.GET.get("subgroup", "")
    if subgroup is None and chosen_subgroup:
        actions = actions.filter(subgroup__slug=chosen_subgroup)
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        actions = actions.overdue(today)
    scope = Action.objects.visible_to(access)
    if subgroup is not None:
        scope = scope.filter(subgroup=subgroup)
    page = CountedPaginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = action_rows(page.object_list, access.partnership.slug)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "subgroups/action_register.html",
        {
            "access": access,
            "partnership": access.partnership,
            "subgroup": subgroup,
            "page": page,
            "overdue_count": scope.overdue(today).count(),
            "status": status,
            "statuses": [("current", "Open (not started or in progress)")]
            + list(Action.Status.choices)
            + [("all", "All")],
            "subgroups": SubGroup.objects.for_partnership(access.partnership).only("name", "slug")
            if subgroup is None
            else [],
            "chosen_subgroup": chosen_subgroup,
            "overdue_only": overdue_only,
            "query": query.urlencode(),
            "today": today,
        },
    )


@cached_page(query=REGISTER_QUERY)
def action_register(request, slug):
    access = get_access(request, slug)
    return _register(request, access, None)


@cached_page(query=REGISTER_QUERY)
def subgroup_action_register(request, slug, subgroup):
    access = get_access(request, slug)
    sg = get_object_or_404(SubGroup.objects.for_partnership(access.partnership), slug=subgroup)
    return _register(request, access, sg)


def _visible_action(access: Access, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(access).select_related(
            "subgroup", "owner", "organisation", "item__meeting__subgroup"
        ),
        pk=pk,
    )


def action_detail(request, slug, pk):
    access = get_access(request, slug)
    action = _visible_action(access, pk)
    return render(
        request,
        "subgroups/action_detail.html",
        {
            "access": access,
            "partnership": access.partnership,
            "action": action,
            "updates": action.updates.select_related("author"),
            "can_update": access.owns_action(action) or _can_manage(access, action),
            "can_manage": _can_manage(access, action),
        },
    )


def action_update(request, slug, pk):
    """A dated status note by the owner, or by the chair or business manager."""
    access = get_access(request, slug)
    action = _visible_action(access, pk)
    manages = _can_manage(access, action)
    access.require(access.owns_action(action) or manages)
    form = ActionUpdateForm(request.POST or None, action=action, can_change_due_date=manages)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new_due = form.cleaned_data.get("due_on")
                if manages and new_due and new_due != action.due_on:
                    action.due_on = new_due
                    action.clean()
                action.move_to(
                    form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    on=form.cleaned_data["on"] or dt.date.today(),
                    by=request.user,
                )
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Action updated.")
            return redirect(action)
    return form_page(
        request,
        access,
        form,
        title="Update the action",
        caption=action.description,
        back_url=action.get_absolute_url(),
    )


def action_edit(request, slug, pk):
    """Change what the action is, who owns it and when it is due: chair or BM only."""
    access = get_access(request, slug)
    action = _visible_action(access, pk)
    access.require(_can_manage(access, action))
    owner_before = action.owner_id
    form = ActionForm(request.POST or None, instance=action, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.organisation = saved.organisation or saved.owner.organisation
            form.save()
            if saved.owner_id != owner_before:
                notify("action_assigned", saved, actor=request.user)
        messages.success(request, "Action saved.")
        return redirect(action)
    return form_page(
        request,
        access,
        form,
        title="Change the action",
        caption=action.subgroup.name if action.subgroup else "",
        back_url=action.get_absolute_url(),
    )


__all__ = [
    "action_detail",
    "action_edit",
    "action_register",
    "action_update",
    "subgroup_action_register",
]
