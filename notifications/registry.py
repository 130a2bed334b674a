"""Every kind of message the product sends, in one place.

Other apps call ``notify(kind, obj, actor=...)`` inside the write that causes it. Each
``Kind`` says who receives it (``recipients``), what it shows to each of them
(``compose``, given what that recipient may read), and whether it can be turned off.
``notify`` then writes one outbox row per recipient, straight away or for their daily
digest as they prefer, and the worker delivers them once the write commits.

What a message may show: links, titles and dates. Never minutes text, notes, a restricted
item's title, a case's identifying details (case reviews by pseudonym and case number
only), or the content of a draft report. An action's description is shown only to a
recipient who may read the action on its page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.email import absolute_url, send_email
from notifications.models import Message, Preference
from partnership.access import Access, access_for_person
from partnership.models import Partnership, Person, Role


@dataclass(frozen=True)
class Recipient:
    person: Person
    email: str
    access: Access


@dataclass
class Composed:
    """What one recipient is told: a subject, short lines, a link, perhaps a list."""

    subject: str
    lines: list[str]
    link: str
    link_text: str = "Open it"
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, absolute link)
    attachments: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    group: str
    recipients: Callable  # (obj, context) -> Iterable[Person]
    compose: Callable  # (obj, Recipient, context) -> Composed
    can_turn_off: bool = True
    # Whether the person who caused it receives it too (a record they need, not news).
    tells_actor: bool = False
    template: str = "notice"


KINDS: dict[str, Kind] = {}


def kind(
    key: str,
    *,
    label: str,
    group: str,
    recipients: Callable,
    can_turn_off: bool = True,
    tells_actor: bool = False,
) -> Callable:
    """Register the decorated compose function as the message kind ``key``."""

    def register(compose: Callable) -> Callable:
        KINDS[key] = Kind(
            key=key,
            label=label,
            group=group,
            recipients=recipients,
            compose=compose,
            can_turn_off=can_turn_off,
            tells_actor=tells_actor,
        )
        return compose

    return register


# --- sending ---------------------------------------------------------------------------
def notify(
    kind_key: str,
    obj,
    *,
    actor=None,
    partnership: Partnership | None = None,
    on: dt.date | None = None,
    once_key: str = "",
    **context,
) -> list[Message]:
    """Write the messages of one kind about ``obj``: one per recipient (not to ``actor``,
    who caused it, unless the kind ``tells_actor``), each showing only what that
    recipient may read.

    With ``once_key`` a recipient who already had this key gets nothing again (reminders
    run on a schedule that may repeat a day)."""
    spec = KINDS[kind_key]
    day = on or timezone.localdate()
    context = {**context, "on": day}
    sent: list[Message] = []
    seen: set[str] = set()
    recipients = list(spec.recipients(obj, context))
    chosen = dict(
        Preference.objects.filter(
            kind=kind_key, user_id__in=[p.user_id for p in recipients if p.user_id]
        ).values_list("user_id", "delivery")
    )
    for person in recipients:
        if not spec.tells_actor and person.user_id and person.user_id == getattr(actor, "pk", None):
            continue
        address = person.email or (person.user.email if person.user_id else "")
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        # Someone with no current role (an action owner from an agency, a guest at a
        # meeting) may read nothing beyond what the message itself says.
        access = access_for_person(person, day) or Access(person.partnership, person.user)
        delivery = delivery_for(spec, chosen.get(person.user_id))
        if delivery == Preference.Delivery.OFF:
            continue
        composed = spec.compose(obj, Recipient(person, address, access), context)
        message = send_email(
            to=address,
            kind=kind_key,
            subject=composed.subject,
            template=spec.template,
            context={
                "name": person.name,
                "lines": composed.lines,
                "link_text": composed.link_text,
                "items": composed.items,
                "partnership": person.partnership,
            },
            partnership=partnership or person.partnership,
            user=person.user,
            attachments=composed.attachments,
            link=composed.link,
            once_key=f"{once_key}:{person.pk}" if once_key else "",
            digest=delivery == Preference.Delivery.DIGEST,
        )
        if message is not None:
            sent.append(message)
    return sent


def delivery_for(spec: Kind, chosen: str | None) -> str:
    """A person's choice for a kind (None: no choice made); a kind that cannot be turned
    off is never off."""
    if chosen is None or (chosen == Preference.Delivery.OFF and not spec.can_turn_off):
        return Preference.Delivery.IMMEDIATE
    return chosen


# --- who: people by role ---------------------------------------------------------------
def people(partnership: Partnership, roles: Q, on: dt.date) -> list[Person]:
    """People of the partnership holding a current role that matches ``roles``."""
    ids = (
        Role.objects.current(on)
        .filter(person__partnership=partnership)
        .filter(roles)
        .values_list("person_id", flat=True)
    )
    return list(
        Person.objects.filter(pk__in=ids).select_related("user", "partnership").order_by("pk")
    )


def business_managers(partnership: Partnership, on: dt.date) -> list[Person]:
    return people(partnership, Q(kind=Role.Kind.BUSINESS_MANAGER), on)


def subgroup_people(subgroup, on: dt.date, *, chairs_only: bool = False) -> list[Person]:
    kinds = [Role.Kind.SUBGROUP_CHAIR] if chairs_only else list(Role.SUBGROUP_KINDS)
    return people(subgroup.partnership, Q(kind__in=kinds, subgroup=subgroup), on)


def case_review_group(partnership: Partnership, on: dt.date) -> list[Person]:
    return people(
        partnership,
        Q(kind=Role.Kind.BUSINESS_MANAGER)
        | Q(kind__in=Role.SUBGROUP_KINDS, subgroup__handles_case_reviews=True),
        on,
    )


def attendees_and_members(meeting, on: dt.date) -> list[Person]:
    attendees = Person.objects.filter(attendance__meeting=meeting).select_related(
        "user", "partnership"
    )
    found = {p.pk: p for p in subgroup_people(meeting.subgroup, on)}
    for person in attendees:
        found.setdefault(person.pk, person)
    return list(found.values())


# --- what: the pieces every message uses -----------------------------------------------
def day_text(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def meeting_text(meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return f"{meeting.subgroup.name} meeting on {day_text(start.date())}"


def meeting_when(meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    where = "online" if meeting.is_virtual else (meeting.location or "place to be confirmed")
    return f"{day_text(start.date())}, {start:%H:%M} to {end:%H:%M}, {where}"


def may_read_action(action, access: Access) -> bool:
    from subgroups.models import Action

    return Action.objects.visible_to(access).filter(pk=action.pk).exists()


def action_text(action, access: Access, readable: bool | None = None) -> str:
    """The action's description for a recipient who may read the action, else a reference."""
    if may_read_action(action, access) if readable is None else readable:
        return f"“{_short(action.description)}”"
    return f"action {action.pk}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def calendar_invitation(meeting, *, cancelled: bool = False) -> dict:
    """An .ics event for the meeting whose URL links back to it; the same UID every time,
    so calendars move or cancel the event they already hold."""
    import icalendar

    from notifications.email import absolute_url as link

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Safeguarding partnership governance//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{link('/').split('/')[2]}")
    event.add("summary", meeting_text(meeting))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.version)
    event.add("url", link(meeting.get_absolute_url()))
    event.add("description", f"Details and papers: {link(meeting.get_absolute_url())}")
    if meeting.is_virtual:
        event.add("location", "Online")
    elif meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return {
        "filename": "meeting.ics",
        "content": calendar.to_ical().decode("utf-8"),
        "mimetype": "text/calendar",
    }


def _ics(context: dict, meeting, *, cancelled: bool = False) -> dict:
    """The meeting's event, built once for all the recipients of one notice."""
    if "ics" not in context:
        context["ics"] = calendar_invitation(meeting, cancelled=cancelled)
    return context["ics"]


def _pick(people_of: Callable) -> Callable:
    return lambda obj, context: people_of(obj, context["on"])


# --- meetings ----------------------------------------------------------------------------
def _meeting_people(meeting, on):
    return subgroup_people(meeting.subgroup, on)


@kind(
    "meeting_scheduled",
    label="A meeting of your sub-group is scheduled",
    group="Meetings",
    recipients=_pick(_meeting_people),
)
def _meeting_scheduled(meeting, recipient, context) -> Composed:
    return Composed(
        subject=f"Meeting scheduled: {meeting_text(meeting)}",
        lines=[f"{meeting.subgroup.name} will meet on {meeting_when(meeting)}."],
        link=absolute_url(meeting.get_absolute_url()),
        link_text="See the meeting",
        attachments=[_ics(context, meeting)],
    )


@kind(
    "meeting_moved",
    label="A meeting of your sub-group moves",
    group="Meetings",
    recipients=_pick(_meeting_people),
)
def _meeting_moved(meeting, recipient, context) -> Composed:
    return Composed(
        subject=f"Meeting moved: {meeting_text(meeting)}",
        lines=[
            f"The {meeting.subgroup.name} meeting has moved. It is now on {meeting_when(meeting)}."
        ],
        link=absolute_url(meeting.get_absolute_url()),
        link_text="See the meeting",
        attachments=[_ics(context, meeting)],
    )


@kind(
    "meeting_cancelled",
    label="A meeting of your sub-group is cancelled",
    group="Meetings",
    recipients=_pick(_meeting_people),
)
def _meeting_cancelled(meeting, recipient, context) -> Composed:
    return Composed(
        subject=f"Meeting cancelled: {meeting_text(meeting)}",
        lines=[f"The {meeting_text(meeting)} is cancelled."],
        link=absolute_url(meeting.get_absolute_url()),
        link_text="See the meeting",
        attachments=[_ics(context, meeting, cancelled=True)],
    )


@kind(
    "minutes_circulated",
    label="Draft minutes are circulated",
    group="Meetings",
    recipients=_pick(attendees_and_members),
)
def _minutes_circulated(meeting, recipient, context) -> Composed:
    return Composed(
        subject=f"Draft minutes circulated: {meeting_text(meeting)}",
        lines=[
            f"The draft minutes of the {meeting_text(meeting)} are ready to read. "
            "They will be confirmed at the group's next meeting."
        ],
        link=absolute_url(meeting.get_absolute_url()),
        link_text="Read the minutes",
    )


@kind(
    "minutes_confirmed",
    label="Minutes are confirmed",
    group="Meetings",
    recipients=_pick(attendees_and_members),
)
def _minutes_confirmed(meeting, recipient, context) -> Composed:
    return Composed(
        subject=f"Minutes confirmed: {meeting_text(meeting)}",
        lines=[
            f"The minutes of the {meeting_text(meeting)} were confirmed on "
            f"{day_text(meeting.confirmed_on)}. They are now locked."
        ],
        link=absolute_url(meeting.get_absolute_url()),
        link_text="See the minutes",
    )


# --- actions -------------------------------------------------------------------------------
def _owner(action, on):
    return [action.owner]


def _action_message(action, recipient, *, subject: str, line: str) -> Composed:
    """To the action's owner. An owner outside the restricted sub-group the action came
    from is told its number and date, where to ask for the rest, and is not sent a link
    to a page that would refuse them."""
    readable = may_read_action(action, recipient.access)
    lines = [
        _sentence(line.format(action=action_text(action, recipient.access, readable))),
        f"Due: {day_text(action.due_on)}.",
    ]
    if readable:
        link, link_text = action.get_absolute_url(), "See the action"
    else:
        group = action.subgroup.name if action.subgroup_id else "the partnership"
        lines.append(
            f"It was agreed under a restricted item of {group}, so its details are shown "
            "only to the group's members. Ask the group's chair or the business manager "
            "for them, and to record your updates."
        )
        link = reverse("partnership:dashboard", args=[action.partnership.slug])
        link_text = "Go to the partnership"
    return Composed(
        subject=f"{action.partnership.short_name}: {subject}",
        lines=lines,
        link=absolute_url(link),
        link_text=link_text,
    )


@kind(
    "action_assigned", label="An action is given to you", group="Actions", recipients=_pick(_owner)
)
def _action_assigned(action, recipient, context) -> Composed:
    return _action_message(
        action,
        recipient,
        subject="an action is yours",
        line="You are the owner of {action}. Record an update on it as it progresses.",
    )


@kind(
    "action_due_soon",
    label="An action you own is due in 7 days",
    group="Actions",
    recipients=_pick(_owner),
    can_turn_off=False,
)
def _action_due_soon(action, recipient, context) -> Composed:
    return _action_message(
        action,
        recipient,
        subject="an action you own is due in 7 days",
        line="{action} is due in 7 days.",
    )


@kind(
    "action_due_today",
    label="An action you own is due today",
    group="Actions",
    recipients=_pick(_owner),
    can_turn_off=False,
)
def _action_due_today(action, recipient, context) -> Composed:
    return _action_message(
        action, recipient, subject="an action you own is due today", line="{action} is due today."
    )


@kind(
    "action_overdue",
    label="An action you own is overdue (weekly until it is closed)",
    group="Actions",
    recipients=_pick(_owner),
    can_turn_off=False,
)
def _action_overdue(action, recipient, context) -> Composed:
    days = (context["on"] - action.due_on).days
    return _action_message(
        action,
        recipient,
        subject="an action you own is overdue",
        line="{action} is overdue by " + f"{days} day{'s' if days != 1 else ''}. "
        "Record an update, or ask the chair to change the due date.",
    )


def _action_chairs(action, on):
    if action.subgroup_id:
        return subgroup_people(action.subgroup, on, chairs_only=True)
    return business_managers(action.partnership, on)


@kind(
    "action_updated",
    label="The owner updates an action of your sub-group",
    group="Actions",
    recipients=_pick(_action_chairs),
)
def _action_updated(action, recipient, context) -> Composed:
    return Composed(
        subject=f"{action.partnership.short_name}: {action.owner.name} updated an action",
        lines=[
            f"{action.owner.name} updated {action_text(action, recipient.access)}: it is now "
            f"{action.get_status_display().lower()}.",
            f"Due: {day_text(action.due_on)}.",
        ],
        link=absolute_url(action.get_absolute_url()),
        link_text="See the update",
    )


# --- the yearly report ---------------------------------------------------------------------
def _report_people(role_kind: str) -> Callable:
    return lambda report, context: people(report.partnership, Q(kind=role_kind), context["on"])


def _report_message(report, *, subject: str, lines: list[str], link_text: str) -> Composed:
    return Composed(
        subject=f"{report.partnership.short_name}: {subject}",
        lines=lines,
        link=absolute_url(report.get_absolute_url()),
        link_text=link_text,
    )


@kind(
    "report_submitted",
    label="The yearly report is submitted for your review",
    group="The yearly report",
    recipients=_report_people(Role.Kind.INDEPENDENT_CHAIR),
    can_turn_off=False,
)
def _report_submitted(report, recipient, context) -> Composed:
    return _report_message(
        report,
        subject=f"{report} is ready for your review",
        lines=[f"The business manager has submitted {report} for your review."],
        link_text="Review the report",
    )


@kind(
    "report_changes_requested",
    label="The independent chair asks for changes to the report",
    group="The yearly report",
    recipients=_report_people(Role.Kind.BUSINESS_MANAGER),
)
def _report_changes(report, recipient, context) -> Composed:
    return _report_message(
        report,
        subject=f"changes requested to {report}",
        lines=[f"The independent chair has asked for changes to {report}."],
        link_text="See what to change",
    )


@kind(
    "report_approved",
    label="The yearly report awaits your sign-off",
    group="The yearly report",
    # Those who may sign under the edition of Working Together in force on its period end.
    recipients=lambda report, context: people(
        report.partnership,
        Q(kind__in=report.partnership.signing_kinds(report.period_end)),
        context["on"],
    ),
    can_turn_off=False,
)
def _report_approved(report, recipient, context) -> Composed:
    return _report_message(
        report,
        subject=f"please sign off {report}",
        lines=[
            f"The independent chair has approved {report}. "
            "Please read it and sign it off for your organisation."
        ],
        link_text="Read and sign off the report",
    )


@kind(
    "report_signed",
    label="A partner signs off the yearly report",
    group="The yearly report",
    recipients=_report_people(Role.Kind.BUSINESS_MANAGER),
)
def _report_signed(report, recipient, context) -> Composed:
    signed = list(report.signoffs.select_related("organisation").order_by("signed_at", "pk"))
    return _report_message(
        report,
        subject=f"{context['organisation']} signed off {report}",
        lines=[
            f"{context['organisation']} has signed off {report}.",
            f"Signed so far: {', '.join(str(s.organisation) for s in signed)}.",
        ],
        link_text="See the report",
    )


def _distribution_items(published) -> list[tuple[str, str]]:
    link = absolute_url(published.report.get_absolute_url())
    return [
        (f"{task.get_recipient_display()}: by {day_text(task.due_on)}", link)
        for task in published.distribution_tasks.all()
        if task.status == task.Status.PENDING
    ]


@kind(
    "report_published",
    label="The yearly report is published",
    group="The yearly report",
    recipients=lambda published, context: business_managers(published.partnership, context["on"]),
    tells_actor=True,  # the list of what to send, and by when
)
def _report_published(published, recipient, context) -> Composed:
    return Composed(
        subject=f"{published.partnership.short_name}: {published.title} is published",
        lines=[f"{published.title} is published. The law asks that it is sent on within 7 days:"],
        link=absolute_url(published.report.get_absolute_url()),
        link_text="Record the sending",
        items=_distribution_items(published),
    )


@kind(
    "distribution_overdue",
    label="Sending the published report is overdue",
    group="The yearly report",
    recipients=lambda published, context: business_managers(published.partnership, context["on"]),
    can_turn_off=False,
)
def _distribution_overdue(published, recipient, context) -> Composed:
    return Composed(
        subject=f"{published.partnership.short_name}: sending {published.title} is overdue",
        lines=[f"{published.title} has not yet been sent to:"],
        link=absolute_url(published.report.get_absolute_url()),
        link_text="Record the sending",
        items=_distribution_items(published),
    )


@kind(
    "report_cadence",
    label="No yearly report published within 12 months",
    group="The yearly report",
    recipients=lambda partnership, context: business_managers(partnership, context["on"]),
    can_turn_off=False,
)
def _report_cadence(partnership, recipient, context) -> Composed:
    due = context["due_on"]
    when = "is due" if due <= context["on"] else f"is due by {day_text(due)}"
    return Composed(
        subject=f"{partnership.short_name}: the next yearly report {when}",
        lines=[
            f"The last yearly report was published on {day_text(context['last_on'])}. The law "
            f"asks for a report at least once in every 12 months: the next {when}."
        ],
        link=absolute_url(reverse("reports:report_list", args=[partnership.slug])),
        link_text="See the reports",
    )


# --- case reviews ---------------------------------------------------------------------------
@kind(
    "review_deadlines",
    label="Case review deadlines approaching or missed",
    group="Case reviews",
    recipients=lambda partnership, context: case_review_group(partnership, context["on"]),
    can_turn_off=False,
)
def _review_deadlines(partnership, recipient, context) -> Composed:
    deadlines = context["deadlines"]
    overdue = [d for d in deadlines if d.state == "overdue"]
    # str(record) is the pseudonym and case number; the identifying details live apart.
    items = [
        (
            f"{d.record}: {d.label}, due {d.due_on:%a %-d %b %Y}"
            + (" (missed)" if d.state == "overdue" else ""),
            absolute_url(d.record.get_absolute_url()),
        )
        for d in deadlines
    ]
    return Composed(
        subject=f"{partnership.short_name}: {len(deadlines)} case review deadline"
        f"{'s' if len(deadlines) != 1 else ''} due or missed",
        lines=[
            f"As on {day_text(context['on'])}: {len(deadlines)} due within {context['days']} "
            f"days or missed ({len(overdue)} missed)."
        ],
        link=absolute_url(reverse("reviews:deadlines", args=[partnership.slug])),
        link_text="See the deadlines",
        items=items,
    )


def grouped() -> dict[str, list[Kind]]:
    """The kinds by group, in the order they were registered (the preferences page)."""
    groups: dict[str, list[Kind]] = {}
    for spec in KINDS.values():
        groups.setdefault(spec.group, []).append(spec)
    return groups


def labels() -> dict[str, str]:
    return {key: spec.label for key, spec in KINDS.items()} | {"digest": "Daily digest"}


def recipients_of(kind_key: str, obj, on: dt.date | None = None) -> Iterable[Person]:
    return KINDS[kind_key].recipients(obj, {"on": on or timezone.localdate()})
