"""Small keyword-only builders for test records. Each fills in what a test does not care about."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from partnership.models import Organisation, Partnership, Person, Role, User
from subgroups.models import Action, AgendaItem, Attendance, Decision, Meeting, SubGroup

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def _n() -> int:
    return next(_seq)


def make_partnership(*, name: str | None = None, slug: str | None = None, **extra) -> Partnership:
    n = _n()
    return Partnership.objects.create(
        name=name or f"Test Safeguarding Children Partnership {n}",
        short_name=extra.pop("short_name", f"TSCP{n}"),
        slug=slug or f"test-{n}",
        area=extra.pop("area", "Testshire"),
        **extra,
    )


def make_organisation(
    *,
    partnership: Partnership,
    kind: str = Organisation.Kind.RELEVANT_AGENCY,
    name: str | None = None,
    category: str = Organisation.Category.OTHER,
) -> Organisation:
    return Organisation.objects.create(
        partnership=partnership, kind=kind, name=name or f"Agency {_n()}", category=category
    )


def make_user(*, username: str | None = None, **extra) -> User:
    username = username or f"user{_n()}"
    extra.setdefault("email", f"{username}@example.org")
    return User.objects.create_user(username=username, password=PASSWORD, **extra)


def make_person(
    *,
    partnership: Partnership,
    user: User | None = None,
    name: str | None = None,
    organisation: Organisation | None = None,
) -> Person:
    return Person.objects.create(
        partnership=partnership, user=user, name=name or f"Person {_n()}", organisation=organisation
    )


def make_subgroup(*, partnership: Partnership, name: str | None = None, **extra) -> SubGroup:
    n = _n()
    return SubGroup.objects.create(
        partnership=partnership,
        name=name or f"Sub-group {n}",
        slug=extra.pop("slug", f"sg-{n}"),
        **extra,
    )


def make_role(
    *,
    person: Person,
    kind: str,
    subgroup: SubGroup | None = None,
    organisation: Organisation | None = None,
    valid_from: dt.date = dt.date(2019, 1, 1),
    valid_to: dt.date | None = None,
) -> Role:
    return Role.objects.create(
        person=person,
        kind=kind,
        subgroup=subgroup,
        organisation=organisation,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def make_member(
    *,
    partnership: Partnership,
    kind: str,
    subgroup: SubGroup | None = None,
    organisation: Organisation | None = None,
    username: str | None = None,
) -> User:
    """A user with one current role in a partnership."""
    user = make_user(username=username)
    if kind in Role.PARTNER_KINDS and organisation is None:
        organisation = make_organisation(
            partnership=partnership,
            kind=Organisation.Kind.POLICE,
            category=Organisation.Category.POLICE_JUSTICE,
        )
    person = make_person(
        partnership=partnership,
        user=user,
        name=f"{kind} {user.username}",
        organisation=organisation,
    )
    make_role(person=person, kind=kind, subgroup=subgroup, organisation=organisation)
    return user


def make_meeting(
    *, subgroup: SubGroup, starts_at: dt.datetime | None = None, hours: float = 2, **extra
) -> Meeting:
    start = starts_at or timezone.make_aware(dt.datetime(2020, 1, 15, 10, 0))
    return Meeting.objects.create(
        subgroup=subgroup, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **extra
    )


def make_item(
    *,
    meeting: Meeting,
    order: int | None = None,
    title: str = "Item",
    minutes: str = "",
    confidentiality: str = "partnership",
) -> AgendaItem:
    if order is None:
        order = meeting.items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting, order=order, title=title, minutes=minutes, confidentiality=confidentiality
    )


def make_decision(*, item: AgendaItem, text: str = "RESOLVED: the report be noted.") -> Decision:
    return Decision.objects.create(item=item, text=text)


def make_action(
    *,
    partnership: Partnership,
    owner: Person,
    due_on: dt.date = dt.date(2020, 3, 1),
    subgroup: SubGroup | None = None,
    item: AgendaItem | None = None,
    description: str = "Do the thing",
    **extra,
) -> Action:
    return Action.objects.create(
        partnership=partnership,
        owner=owner,
        due_on=due_on,
        subgroup=subgroup,
        item=item,
        description=description,
        **extra,
    )


def make_attendance(
    *, meeting: Meeting, person: Person, status: str = Attendance.Status.PRESENT, **extra
) -> Attendance:
    return Attendance.objects.create(meeting=meeting, person=person, status=status, **extra)


def make_otp_device(*, user: User, key: str | None = None):
    """A confirmed authenticator-app device (TOTP) for a user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    extra = {"key": key} if key else {}
    return TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True, **extra)


def verify_otp(client, user: User):
    """Mark a signed-in test client's session as having passed the one-time password, and
    as just used (as the sign-in request would have), so a test's first request does not
    also save the session (partnership.sessions)."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partnership.sessions import TOUCHED

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or make_otp_device(
        user=user
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[TOUCHED] = int(time.time())
    session.save()
    return device


def date_boxes(name: str, day: dt.date | None) -> dict[str, str]:
    """The POST keys of a GOV.UK date input's day, month and year boxes (the widget's
    subwidgets are named ``<name>_0``, ``_1`` and ``_2``); ``None`` leaves them empty."""
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
