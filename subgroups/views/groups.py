"""Sub-group pages: the list, one group's page, and the business manager's set-up forms."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from partnership.access import get_access
from partnership.models import Role
from partnership.page_cache import cached_page
from partnership.paging import CountedPaginator
from partnership.views import _set_partnership, _setup_form, form_page
from subgroups.forms import ChairForm, MemberForm, SubGroupForm
from subgroups.listing import action_rows, meeting_rows
from subgroups.models import Action, Meeting, SubGroup
from subgroups.services import add_member, rotate_chair

MEETINGS_PER_PAGE = 20
# The group's page shows the open actions most in need of attention; the group's action
# register, a link away, has them all with filters. Ten keeps the page the same length
# once a group has been running a year or two, as its open actions pile up.
OPEN_ACTIONS_SHOWN = 10


def subgroup_list(request, slug):
    access = get_access(request, slug)
    today = dt.date.today()
    subgroups = (
        SubGroup.objects.for_partnership(access.partnership)
        .annotate(meeting_count=Count("meetings"))
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.filter(kind=Role.Kind.SUBGROUP_CHAIR).select_related(
                    "person__organisation"
                ),
            )
        )
    )
    current = [sg for sg in subgroups if not sg.of_predecessor_board and not sg.ended_on]
    former = [sg for sg in subgroups if sg.of_predecessor_board or sg.ended_on]
    for sg in subgroups:
        sg.chair_today = sg.chair_on(today)
    return render(
        request,
        "subgroups/subgroup_list.html",
        {"access": access, "partnership": access.partnership, "current": current, "former": former},
    )


@cached_page(query=("page",))
def subgroup_detail(request, slug, subgroup):
    access = get_access(request, slug)
    sg = get_object_or_404(
        SubGroup.objects.for_partnership(access.partnership).with_lineage_known(), slug=subgroup
    )
    predecessors, successors = sg.lineage()
    today = dt.date.today()
    roles = list(
        Role.objects.filter(subgroup=sg)
        .select_related("person__organisation", "organisation")
        .order_by("-valid_from")
    )
    chairs = [r for r in roles if r.kind == Role.Kind.SUBGROUP_CHAIR]
    # The latest meetings first, a page at a time: years of them stay out of the page.
    meetings = CountedPaginator(
        Meeting.objects.filter(subgroup=sg)
        .only("title", "starts_at", "status", "minutes_status")
        .order_by("-starts_at", "-pk"),
        MEETINGS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    meetings.object_list = meeting_rows(meetings.object_list, slug)
    # The open actions due soonest (overdue first); the action register has the rest.
    open_actions = CountedPaginator(
        Action.objects.visible_to(access).filter(subgroup=sg).open().for_table(),
        OPEN_ACTIONS_SHOWN,
    ).get_page(1)
    return render(
        request,
        "subgroups/subgroup_detail.html",
        {
            "access": access,
            "partnership": access.partnership,
            "subgroup": sg,
            "predecessors": predecessors,
            "successors": successors,
            "chair_now": next((r for r in chairs if r.is_current(today)), None),
            "past_chairs": [r for r in chairs if r.valid_to and r.valid_to < today],
            "members": [
                r for r in roles if r.kind == Role.Kind.SUBGROUP_MEMBER and r.is_current(today)
            ],
            "former_members": [
                r for r in roles if r.kind == Role.Kind.SUBGROUP_MEMBER and not r.is_current(today)
            ],
            "meetings": meetings,
            "actions": action_rows(open_actions.object_list, slug),
            "open_actions": open_actions.paginator.count,
            "can_edit": access.can_edit_subgroup(sg.pk),
            "today": today,
        },
    )


def subgroup_edit(request, slug, subgroup=None):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    sg = (
        get_object_or_404(SubGroup.objects.for_partnership(access.partnership), slug=subgroup)
        if subgroup
        else None
    )
    form = SubGroupForm(request.POST or None, instance=sg, partnership=access.partnership)
    back = sg.get_absolute_url() if sg else reverse("subgroups:subgroup_list", args=[slug])
    if request.method == "POST" and form.is_valid():
        back = reverse("subgroups:subgroup_detail", args=[slug, form.cleaned_data["slug"]])
    return _setup_form(
        request,
        access,
        form,
        title=f"Change {sg}" if sg else "Add a sub-group",
        back_url=back,
        success="Sub-group saved.",
        prepare=_set_partnership(access),
    )


def _subgroup_for_setup(request, slug, subgroup):
    access = get_access(request, slug)
    access.require(access.is_business_manager)
    sg = get_object_or_404(SubGroup.objects.for_partnership(access.partnership), slug=subgroup)
    return access, sg


def subgroup_chair(request, slug, subgroup):
    """Chairs rotate: the current chair's role ends the day before the new one starts."""
    access, sg = _subgroup_for_setup(request, slug, subgroup)
    form = ChairForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            rotate_chair(
                subgroup=sg,
                person=form.cleaned_data["person"],
                valid_from=form.cleaned_data["valid_from"],
            )
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, f"{form.cleaned_data['person']} now chairs {sg}.")
            return redirect(sg)
    return form_page(
        request,
        access,
        form,
        title="Change the chair",
        caption=sg.name,
        back_url=sg.get_absolute_url(),
    )


def subgroup_member_add(request, slug, subgroup):
    access, sg = _subgroup_for_setup(request, slug, subgroup)
    form = MemberForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            add_member(subgroup=sg, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, f"{form.cleaned_data['person']} added to {sg}.")
            return redirect(sg)
    return form_page(
        request, access, form, title="Add a member", caption=sg.name, back_url=sg.get_absolute_url()
    )


__all__ = [
    "subgroup_chair",
    "subgroup_detail",
    "subgroup_edit",
    "subgroup_list",
    "subgroup_member_add",
]
