"""What a user may read of meetings, minute items, decisions and actions.

These turn the rules of ``partnership.access`` into query filters, so that lists,
search, feeds and PDFs all withhold exactly what the pages withhold:

- the read-everything roles read every item of every meeting;
- a sub-group's own members read its draft minutes and all of its items;
- everyone else reads confirmed minutes only, and only the confidentiality levels
  ``Access.confidentiality_levels`` allows outside one's own groups (public and
  partnership items; public items only for a scrutiny panel member);
- an action raised outside a meeting counts as a partnership-level record, so a
  scrutiny panel member never sees it; one raised by a case-review group is restricted
  to that group (``ActionQuerySet.visible_to`` holds the same rule).
"""

from __future__ import annotations

from django.db.models import Q

from partnership.access import Access
from subgroups.models import Action, AgendaItem, Decision, Meeting

CONFIRMED = Meeting.MinutesStatus.CONFIRMED


def levels_outside_own_groups(access: Access) -> set[str]:
    """Confidentiality levels the user reads in sub-groups they do not belong to."""
    # No sub-group has id 0, so this asks for the rule that applies to non-members.
    return access.confidentiality_levels(0)


def item_filter(access: Access, prefix: str = "") -> Q:
    """A filter on AgendaItem (or, with a prefix such as ``item__``, on a related model)."""
    if access.reads_everything:
        return Q()
    confirmed_and_open = Q(
        **{
            f"{prefix}meeting__minutes_status": CONFIRMED,
            f"{prefix}confidentiality__in": levels_outside_own_groups(access),
        }
    )
    if access.member_of:
        return confirmed_and_open | Q(**{f"{prefix}meeting__subgroup_id__in": access.member_of})
    return confirmed_and_open


def readable_items(access: Access):
    return AgendaItem.objects.filter(meeting__subgroup__partnership=access.partnership).filter(
        item_filter(access)
    )


def readable_decisions(access: Access):
    return Decision.objects.for_partnership(access.partnership).filter(
        item_filter(access, "item__")
    )


def readable_actions(access: Access):
    """The sub-groups app's own rule (``ActionQuerySet.visible_to``), so lists agree."""
    return Action.objects.visible_to(access)


def can_read_minutes(access: Access, meeting: Meeting) -> bool:
    """Whether the user may read this meeting's minutes at all (items are filtered further)."""
    return meeting.minutes_status == CONFIRMED or access.can_read_drafts(meeting.subgroup_id)


def item_is_readable(access: Access, item: AgendaItem, meeting: Meeting) -> bool:
    if access.reads_everything or access.is_in_subgroup(meeting.subgroup_id):
        return True
    return meeting.minutes_status == CONFIRMED and item.confidentiality in (
        levels_outside_own_groups(access)
    )


def entry_filter(access: Access) -> Q:
    """The same rule over ``scrutiny.SearchEntry`` rows (denormalised columns)."""
    if access.reads_everything:
        return Q()
    rule = Q(minutes_status=CONFIRMED, confidentiality__in=levels_outside_own_groups(access))
    if access.member_of:
        rule |= Q(subgroup_id__in=access.member_of)
    return rule
