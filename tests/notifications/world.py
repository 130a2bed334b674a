"""One partnership with a person in every role, each with an email address, and records
holding text that no email may carry: a restricted item, its minutes, an action raised
under it, a case's identifying details."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

from django.utils import timezone

from partnership.models import Organisation, Partnership, Role
from subgroups.models import Attendance
from tests.factories import (
    make_action,
    make_attendance,
    make_item,
    make_meeting,
    make_organisation,
    make_person,
    make_role,
    make_subgroup,
    make_user,
)
from tests.reviews.builders import make_details, make_incident

SITE = "https://governance.example.org"

# Text that must never leave in an email.
RESTRICTED_TITLE = "Allegation against a named officer"
RESTRICTED_MINUTES = "The officer was suspended pending investigation"
PARTNERSHIP_MINUTES = "Partners discussed the audit of chronologies at length"
RESTRICTED_ACTION = "Refer the officer to the designated officer"
CHILD_NAME = "Tallulah Quennell"
SECRETS = [
    RESTRICTED_TITLE,
    RESTRICTED_MINUTES,
    PARTNERSHIP_MINUTES,
    CHILD_NAME,
    "Quennell",
    "Larkspur Row",
    "Brambleford",
]


@dataclass
class World:
    partnership: Partnership
    group: object
    other_group: object
    cases_group: object
    users: dict  # role name -> User
    la: Organisation
    health: Organisation
    police: Organisation
    meeting: object
    next_meeting: object
    restricted_action: object
    incident: object


def person_user(p, name, kind, *, subgroup=None, organisation=None, username=None):
    user = make_user(username=username or name, email=f"{name}@example.org")
    person = make_person(partnership=p, user=user, name=name.replace(".", " ").title())
    make_role(person=person, kind=kind, subgroup=subgroup, organisation=organisation)
    return user


def make_world(partnership: Partnership) -> World:
    p = partnership
    la = make_organisation(partnership=p, kind=Organisation.Kind.LOCAL_AUTHORITY, name="Council")
    health = make_organisation(partnership=p, kind=Organisation.Kind.HEALTH, name="ICB")
    police = make_organisation(partnership=p, kind=Organisation.Kind.POLICE, name="Police")
    group = make_subgroup(partnership=p, name="Quality Group", slug="quality")
    other = make_subgroup(partnership=p, name="Exploitation Group", slug="exploitation")
    cases = make_subgroup(
        partnership=p, name="Practice Review Group", slug="cspr", handles_case_reviews=True
    )
    K = Role.Kind
    users = {
        "business_manager": person_user(p, "bea.manager", K.BUSINESS_MANAGER),
        "independent_chair": person_user(p, "ian.chair", K.INDEPENDENT_CHAIR),
        "lead_la": person_user(p, "lara.council", K.LEAD_PARTNER, organisation=la),
        "lead_health": person_user(p, "hana.health", K.LEAD_PARTNER, organisation=health),
        "lead_police": person_user(p, "pat.police", K.LEAD_PARTNER, organisation=police),
        "chair": person_user(p, "quinn.chair", K.SUBGROUP_CHAIR, subgroup=group),
        "member": person_user(p, "mo.member", K.SUBGROUP_MEMBER, subgroup=group),
        "other_chair": person_user(p, "olly.other", K.SUBGROUP_CHAIR, subgroup=other),
        "case_review": person_user(p, "cara.review", K.SUBGROUP_MEMBER, subgroup=cases),
        "scrutiny": person_user(p, "cllr.scrutiny", K.SCRUTINY_MEMBER),
    }
    start = timezone.make_aware(dt.datetime(2026, 11, 10, 10, 0))
    meeting = make_meeting(subgroup=group, starts_at=start)
    next_meeting = make_meeting(subgroup=group, starts_at=start + dt.timedelta(days=40))
    make_item(meeting=meeting, title="Audit of chronologies", minutes=PARTNERSHIP_MINUTES)
    restricted = make_item(
        meeting=meeting,
        title=RESTRICTED_TITLE,
        minutes=RESTRICTED_MINUTES,
        confidentiality="restricted",
    )
    for role in ("chair", "member"):
        make_attendance(meeting=meeting, person=users[role].people.get())
    # The other group's chair attended as a guest, and a scrutiny member sent apologies.
    make_attendance(meeting=meeting, person=users["other_chair"].people.get())
    make_attendance(
        meeting=meeting,
        person=users["scrutiny"].people.get(),
        status=Attendance.Status.APOLOGIES,
    )
    restricted_action = make_action(
        partnership=p,
        owner=users["member"].people.get(),
        subgroup=group,
        item=restricted,
        description=RESTRICTED_ACTION,
        due_on=dt.date(2026, 12, 20),
    )
    incident = make_incident(
        partnership=p, pseudonym="Child K", case_number="TS-2026-01", aware_on=dt.date(2026, 12, 1)
    )
    make_details(incident=incident)
    return World(
        p, group, other, cases, users, la, health, police, meeting, next_meeting,
        restricted_action, incident,
    )  # fmt: skip


LINK = re.compile(r"https?://[^\s\"'<>]+")


def links(message: EmailMessage) -> set[str]:
    found: set[str] = set()
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found |= set(LINK.findall(part.get_content()))
    return found


def everything_in(message: EmailMessage) -> str:
    texts = [str(message["Subject"])]
    for part in message.walk():
        if not part.is_multipart():
            content = part.get_content()
            texts.append(content.decode() if isinstance(content, bytes) else content)
    return "\n".join(texts)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_private_and_linked(message: EmailMessage, user, client_for) -> None:
    """No secret in any part; every link absolute on this site and opening for the reader."""
    text = everything_in(message)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} in {message['Subject']!r} to {message['To']}"
    found = links(message)
    assert found, message["Subject"]
    client = client_for(user)
    for url in found:
        assert url.startswith(SITE + "/"), url
        response = client.get(path_of(url))
        assert response.status_code == 200, (url, user.username, response.status_code)
