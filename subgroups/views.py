from django.shortcuts import get_object_or_404, render

from partnership.access import get_access
from subgroups.models import Action, Meeting, SubGroup


def subgroup_list(request, slug):
    access = get_access(request, slug)
    subgroups = SubGroup.objects.for_partnership(access.partnership)
    return render(request, "subgroups/subgroup_list.html", {"access": access, "partnership": access.partnership, "subgroups": subgroups})


def subgroup_detail(request, slug, subgroup):
    access = get_access(request, slug)
    sg = get_object_or_404(SubGroup, partnership=access.partnership, slug=subgroup)
    return render(request, "subgroups/subgroup_detail.html", {"access": access, "partnership": access.partnership, "subgroup": sg})


def meeting_detail(request, slug, pk):
    access = get_access(request, slug)
    meeting = get_object_or_404(Meeting.objects.for_partnership(access.partnership), pk=pk)
    return render(request, "subgroups/meeting_detail.html", {"access": access, "partnership": access.partnership, "meeting": meeting})


def action_register(request, slug):
    access = get_access(request, slug)
    actions = Action.objects.for_partnership(access.partnership).select_related("owner", "subgroup")
    return render(request, "subgroups/action_register.html", {"access": access, "partnership": access.partnership, "actions": actions})


def action_detail(request, slug, pk):
    access = get_access(request, slug)
    action = get_object_or_404(Action.objects.for_partnership(access.partnership), pk=pk)
    return render(request, "subgroups/action_detail.html", {"access": access, "partnership": access.partnership, "action": action})
