"""Demo partnerships: Worcestershire (from its 2019-20 annual report) and Walsall.

The facts (organisations, groups, dates) follow the published reports; every person's
name is invented. ``subgroups.demo`` adds the sub-groups, chairs and meetings. Records
are found by slug and username, never by id, so other apps' demo loaders can build on them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError

from partnership.models import (
    SCHEDULE_FOR_SECTOR,
    SCHEDULE_IN_FORCE,
    AgencyCategory,
    ArrangementsApproval,
    ArrangementsDocument,
    ArrangementsSection,
    ArrangementsUpdate,
    Organisation,
    OrganisationName,
    Partnership,
    Person,
    Role,
    ScheduleCategory,
    User,
)

PASSWORD = "safeguarding-demo"
SLUGS = ["worcestershire", "walsall"]

Kind = Organisation.Kind
Cat = Organisation.Category
R = Role.Kind

# username -> what the sign-in list says about them.
LOGINS = {
    "worcestershire": [
        ("bm.worcs", "business manager"),
        ("chair.worcs", "independent chair and scrutineer; chairs the Executive Group"),
        ("lead.la.worcs", "delegated safeguarding partner, local authority; partnership chair"),
        ("lead.health.worcs", "delegated safeguarding partner, health"),
        ("lead.police.worcs", "delegated safeguarding partner, police"),
        ("lsp.la.worcs", "lead safeguarding partner, local authority (chief executive)"),
        ("lsp.health.worcs", "lead safeguarding partner, health (ICB chief executive)"),
        ("lsp.police.worcs", "lead safeguarding partner, police (chief constable)"),
        ("chair.getsafe.worcs", "chair, GET SAFE Partnership Group"),
        ("chair.qapp.worcs", "chair, Quality Assurance Practice and Procedures Group"),
        ("chair.cspr.worcs", "chair, Child Safeguarding Practice Review Group (case reviews)"),
        ("member.cspr.worcs", "member, Child Safeguarding Practice Review Group (case reviews)"),
        ("chair.headteachers.worcs", "chair, Head Teachers Safeguarding Group"),
        ("member.qapp.worcs", "member, QAPP Group; owns some actions"),
        ("scrutiny.worcs", "councillor, scrutiny panel (read-only)"),
    ],
    "walsall": [
        ("bm.walsall", "business manager"),
        ("chair.walsall", "independent chair; chairs the Executive"),
        ("chair.practice.walsall", "chair, Practice Review Subgroup (case reviews)"),
        ("member.perf.walsall", "member, Performance and Quality Assurance Subgroup"),
        ("scrutiny.walsall", "councillor, Overview and Scrutiny Committee (read-only)"),
    ],
}

WORCS_ORGS = [
    # (name, kind, category, dated names [(name, from, to)])
    ("Worcestershire County Council", Kind.LOCAL_AUTHORITY, Cat.LOCAL_AUTHORITY, []),
    (
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        Kind.HEALTH,
        Cat.HEALTH,
        [
            (
                "NHS Herefordshire and Worcestershire Clinical Commissioning Group",
                dt.date(2019, 4, 1),
                dt.date(2022, 6, 30),
            ),
            (
                "NHS Herefordshire and Worcestershire Integrated Care Board",
                dt.date(2022, 7, 1),
                None,
            ),
        ],
    ),
    ("West Mercia Police", Kind.POLICE, Cat.POLICE_JUSTICE, []),
    ("Worcestershire Children First", Kind.RELEVANT_AGENCY, Cat.LOCAL_AUTHORITY, []),
    (
        "Herefordshire and Worcestershire Health and Care NHS Trust",
        Kind.RELEVANT_AGENCY,
        Cat.HEALTH,
        [],
    ),
    ("Worcestershire Acute Hospitals NHS Trust", Kind.RELEVANT_AGENCY, Cat.HEALTH, []),
    ("Worcestershire schools and colleges", Kind.RELEVANT_AGENCY, Cat.EDUCATION, []),
    ("Early years settings in Worcestershire", Kind.RELEVANT_AGENCY, Cat.EDUCATION, []),
    ("National Probation Service (West Mercia)", Kind.RELEVANT_AGENCY, Cat.POLICE_JUSTICE, []),
    ("Young Solutions Worcestershire", Kind.RELEVANT_AGENCY, Cat.VOLUNTARY, []),
]

WALSALL_ORGS = [
    ("Walsall Council", Kind.LOCAL_AUTHORITY, Cat.LOCAL_AUTHORITY, []),
    (
        "NHS Black Country Integrated Care Board",
        Kind.HEALTH,
        Cat.HEALTH,
        [
            ("NHS Walsall Clinical Commissioning Group", dt.date(2019, 4, 1), dt.date(2021, 3, 31)),
            (
                "NHS Black Country and West Birmingham Clinical Commissioning Group",
                dt.date(2021, 4, 1),
                dt.date(2022, 6, 30),
            ),
            ("NHS Black Country Integrated Care Board", dt.date(2022, 7, 1), None),
        ],
    ),
    ("West Midlands Police", Kind.POLICE, Cat.POLICE_JUSTICE, []),
    ("Walsall Healthcare NHS Trust", Kind.RELEVANT_AGENCY, Cat.HEALTH, []),
    ("Walsall schools", Kind.RELEVANT_AGENCY, Cat.EDUCATION, []),
    ("NSPCC", Kind.RELEVANT_AGENCY, Cat.VOLUNTARY, []),
]

# (name, job title, organisation, username or None)
WORCS_PEOPLE = [
    ("Helen Marsh", "Partnership Business Manager", "Worcestershire County Council", "bm.worcs"),
    ("Graham Whitfield", "Independent Chair and Scrutineer", None, "chair.worcs"),
    (
        "Priya Sandhu",
        "Director of Social Care and Safeguarding",
        "Worcestershire Children First",
        "lead.la.worcs",
    ),
    (
        "Ruth Okafor",
        "Head of Quality and Safeguarding; Designated Nurse",
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        "lead.health.worcs",
    ),
    (
        "Mark Penrose",
        "Superintendent, South Worcestershire Local Policing Commander",
        "West Mercia Police",
        "lead.police.worcs",
    ),
    ("Daniel Hartley", "Chief Executive", "Worcestershire County Council", "lsp.la.worcs"),
    (
        "Sarah Quinlan",
        "Chief Executive",
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        "lsp.health.worcs",
    ),
    ("Tom Akers", "Chief Constable", "West Mercia Police", "lsp.police.worcs"),
    (
        "Claire Beckett",
        "Detective Chief Inspector, Vulnerability",
        "West Mercia Police",
        "chair.getsafe.worcs",
    ),
    (
        "Tom Hadley",
        "Principal Social Worker; Group Manager, Safeguarding Quality Assurance",
        "Worcestershire Children First",
        "chair.qapp.worcs",
    ),
    (
        "Anita Desai",
        "Designated Nurse for Safeguarding Children",
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        "chair.cspr.worcs",
    ),
    (
        "Jon Fairclough",
        "Detective Inspector, Public Protection",
        "West Mercia Police",
        "member.cspr.worcs",
    ),
    (
        "Sarah Lindqvist",
        "Headteacher",
        "Worcestershire schools and colleges",
        "chair.headteachers.worcs",
    ),
    (
        "Gemma Wright",
        "Named Nurse for Safeguarding Children",
        "Worcestershire Acute Hospitals NHS Trust",
        "member.qapp.worcs",
    ),
    (
        "Cllr Peter Elwood",
        "County Councillor, Children and Families Overview and Scrutiny Panel",
        "Worcestershire County Council",
        "scrutiny.worcs",
    ),
    # People without a sign-in: members, substitutes, the old board's chairs.
    (
        "Lucy Brennan",
        "Safeguarding Lead",
        "Herefordshire and Worcestershire Health and Care NHS Trust",
        None,
    ),
    ("David Osei", "Head of Service, Family Front Door", "Worcestershire Children First", None),
    ("Kate Morrow", "Partnership Officer", "Worcestershire County Council", None),
    ("Imran Khalid", "Detective Sergeant, Exploitation Team", "West Mercia Police", None),
    ("Fiona Grant", "Designated Safeguarding Lead", "Worcestershire schools and colleges", None),
    (
        "Owen Tranter",
        "Head of Service, Probation",
        "National Probation Service (West Mercia)",
        None,
    ),
    ("Bethany Cole", "Youth Work Manager", "Young Solutions Worcestershire", None),
    (
        "Margaret Ashby",
        "Early Years Safeguarding Adviser",
        "Early years settings in Worcestershire",
        None,
    ),
    (
        "Richard Vale",
        "Named Doctor for Safeguarding",
        "Herefordshire and Worcestershire Health and Care NHS Trust",
        None,
    ),
    ("Alan Pryce", "Independent Chair (Board)", None, None),
]

WALSALL_PEOPLE = [
    ("Naomi Clarke", "Partnership Business Manager", "Walsall Council", "bm.walsall"),
    ("Elaine Robb", "Independent Chair", None, "chair.walsall"),
    (
        "Kwame Mensah",
        "Designated Nurse for Safeguarding Children",
        "NHS Black Country Integrated Care Board",
        "chair.practice.walsall",
    ),
    (
        "Joanne Birch",
        "Performance Manager, Children's Services",
        "Walsall Council",
        "member.perf.walsall",
    ),
    (
        "Cllr Harjit Dhillon",
        "Member, Overview and Scrutiny Committee",
        "Walsall Council",
        "scrutiny.walsall",
    ),
    ("Colin Forde", "Director of Children's Services", "Walsall Council", None),
    ("Sunita Rao", "Chief Nurse", "NHS Black Country Integrated Care Board", None),
    ("Paul Whitmore", "Detective Superintendent, Public Protection", "West Midlands Police", None),
    ("Lisa Drummond", "Named Nurse", "Walsall Healthcare NHS Trust", None),
    ("Martin Ebdon", "Head of Safeguarding in Education", "Walsall schools", None),
    ("Rachel Hume", "Local Campaigns Manager", "NSPCC", None),
]


def exists() -> bool:
    return Partnership.objects.filter(slug__in=SLUGS).exists()


def usernames() -> list[str]:
    return [username for logins in LOGINS.values() for username, _ in logins]


def delete() -> None:
    """Remove the demo partnerships (everything in them cascades) and the demo users."""
    for partnership in Partnership.objects.filter(slug__in=SLUGS):
        _delete_partnership(partnership)
    User.objects.filter(username__in=usernames()).delete()


def _delete_partnership(partnership: Partnership) -> None:
    # Rows that PROTECT others go first (confirmation links between meetings, attendance
    # and actions protect people; roles and people protect organisations); the rest cascades.
    from subgroups.models import Action, Attendance, Meeting

    meetings = Meeting.objects.filter(subgroup__partnership=partnership)
    meetings.update(confirmed_at_meeting=None)
    Action.objects.filter(partnership=partnership).delete()
    Attendance.objects.filter(meeting__in=meetings).delete()
    meetings.delete()
    ArrangementsApproval.objects.filter(document__partnership=partnership).delete()
    Role.objects.filter(person__partnership=partnership).delete()
    Person.objects.filter(partnership=partnership).delete()
    # Other apps' rows may PROTECT organisations or people: remove those first, round by
    # round, so that a reset never needs to know every app's models.
    for _ in range(20):
        try:
            with transaction.atomic():
                partnership.delete()
            return
        except ProtectedError as error:
            for obj in error.protected_objects:
                try:
                    with transaction.atomic():
                        type(obj)._base_manager.filter(pk=obj.pk).delete()
                except ProtectedError:
                    pass  # its own protectors go in this round; it goes in a later one
    partnership.delete()


DEMO_EMAIL_DOMAIN = "demo.example.org"


def demo_email(username: str) -> str:
    """Demo accounts sign in with an email address, as every account does."""
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


def logins_text() -> str:
    lines = ["", f"Demo sign-ins (password for every one: {PASSWORD})"]
    for slug, logins in LOGINS.items():
        lines.append(f"  {slug}:")
        width = max(len(u) for u, _ in logins)
        for username, role in logins:
            lines.append(
                f"    {demo_email(username).ljust(width + len(DEMO_EMAIL_DOMAIN) + 1)}  {role}"
            )
    from partnership.otp import DEMO_OTP_TEXT

    lines.append(DEMO_OTP_TEXT)
    lines.append("")
    return "\n".join(lines)


def _organisations(partnership: Partnership, rows) -> dict[str, Organisation]:
    orgs = Organisation.objects.bulk_create(
        Organisation(partnership=partnership, name=name, kind=kind, category=category)
        for name, kind, category, _ in rows
    )
    by_name = {o.name: o for o in orgs}
    OrganisationName.objects.bulk_create(
        OrganisationName(organisation=by_name[name], name=dated, valid_from=start, valid_to=end)
        for name, _, _, names in rows
        for dated, start, end in names
    )
    AgencyCategory.objects.bulk_create(
        AgencyCategory(
            organisation=org,
            category=SCHEDULE_FOR_SECTOR.get(org.category, ScheduleCategory.MISCELLANEOUS),
            valid_from=SCHEDULE_IN_FORCE,
        )
        for org in orgs
        if not org.is_statutory_partner
    )
    return by_name


def _people(partnership: Partnership, rows, orgs) -> dict[str, Person]:
    password = make_password(PASSWORD)
    wanted = [u for *_, u in rows if u]
    existing = {u.username: u for u in User.objects.filter(username__in=wanted)}
    new_users = User.objects.bulk_create(
        User(
            username=u,
            email=demo_email(u),
            password=password,
            first_name=name.split()[-2] if name.startswith("Cllr") else name.split()[0],
            last_name=name.split()[-1],
        )
        for name, _, _, u in rows
        if u and u not in existing
    )
    users = existing | {u.username: u for u in new_users}
    people = Person.objects.bulk_create(
        Person(
            partnership=partnership,
            name=name,
            job_title=title,
            organisation=orgs.get(org) if org else None,
            user=users.get(u) if u else None,
            email=f"{name.lower().replace('cllr ', '').replace(' ', '.')}@example.org",
        )
        for name, title, org, u in rows
    )
    return {p.name: p for p in people}


def _roles(rows) -> None:
    Role.objects.bulk_create(
        Role(
            person=person, kind=kind, organisation=org, title=title, valid_from=start, valid_to=end
        )
        for person, kind, org, title, start, end in rows
    )


def load() -> None:
    _load_worcestershire()
    _load_walsall()


def _load_worcestershire() -> None:
    p = Partnership.objects.create(
        name="Worcestershire Safeguarding Children Partnership",
        short_name="WSCP",
        slug="worcestershire",
        area="Worcestershire: Bromsgrove, Malvern Hills, Redditch, Worcester, Wychavon and "
        "Wyre Forest",
        predecessor_board="Worcestershire Safeguarding Children Board (WSCB)",
        transition_date=dt.date(2019, 9, 30),
        reporting_year_start_month=10,
        website="https://www.safeguardingworcestershire.org.uk/",
    )
    orgs = _organisations(p, WORCS_ORGS)
    people = _people(p, WORCS_PEOPLE, orgs)
    la = orgs["Worcestershire County Council"]
    health = orgs["NHS Herefordshire and Worcestershire Integrated Care Board"]
    police = orgs["West Mercia Police"]
    _roles(
        [
            (
                people["Helen Marsh"],
                R.BUSINESS_MANAGER,
                None,
                "Business Manager",
                dt.date(2019, 4, 1),
                None,
            ),
            (
                people["Alan Pryce"],
                R.INDEPENDENT_CHAIR,
                None,
                "Independent Chair of the WSCB",
                dt.date(2016, 4, 1),
                dt.date(2019, 9, 30),
            ),
            (
                people["Graham Whitfield"],
                R.INDEPENDENT_CHAIR,
                None,
                "Independent Chair, WSCP",
                dt.date(2019, 5, 24),
                None,
            ),
            (
                people["Priya Sandhu"],
                R.DELEGATED_PARTNER,
                la,
                "Delegated safeguarding partner for the local authority",
                dt.date(2019, 5, 24),
                None,
            ),
            (
                people["Ruth Okafor"],
                R.DELEGATED_PARTNER,
                health,
                "Delegated safeguarding partner for health",
                dt.date(2019, 5, 24),
                None,
            ),
            (
                people["Mark Penrose"],
                R.DELEGATED_PARTNER,
                police,
                "Delegated safeguarding partner for the police",
                dt.date(2019, 5, 24),
                None,
            ),
            # Working Together 2023 names the lead safeguarding partners; the partners chose
            # one of the delegates to chair the partnership from April 2024.
            (
                people["Daniel Hartley"],
                R.LEAD_PARTNER,
                la,
                "Lead safeguarding partner for the local authority",
                dt.date(2023, 12, 15),
                None,
            ),
            (
                people["Sarah Quinlan"],
                R.LEAD_PARTNER,
                health,
                "Lead safeguarding partner for health",
                dt.date(2023, 12, 15),
                None,
            ),
            (
                people["Tom Akers"],
                R.LEAD_PARTNER,
                police,
                "Lead safeguarding partner for the police",
                dt.date(2023, 12, 15),
                None,
            ),
            (
                people["Priya Sandhu"],
                R.PARTNERSHIP_CHAIR,
                None,
                "Partnership chair",
                dt.date(2024, 4, 1),
                None,
            ),
            (
                people["Cllr Peter Elwood"],
                R.SCRUTINY_MEMBER,
                la,
                "Children and Families Overview and Scrutiny Panel",
                dt.date(2019, 5, 1),
                None,
            ),
        ]
    )
    first = ArrangementsDocument.objects.create(
        partnership=p,
        title="Worcestershire Safeguarding Children Partnership Plan",
        version_label="1.0",
        published_on=dt.date(2019, 6, 28),
        url="https://www.safeguardingworcestershire.org.uk/wp-content/uploads/2020/05/"
        "Worcestershire-Safeguarding-Children-Partnership-Plan-FINAL.pdf",
    )
    second = ArrangementsDocument.objects.create(
        partnership=p,
        title="Worcestershire Safeguarding Children Partnership Plan",
        version_label="1.1",
        published_on=dt.date(2020, 5, 15),
        url="https://www.safeguardingworcestershire.org.uk/wp-content/uploads/2020/05/"
        "Worcestershire-Safeguarding-Children-Partnership-Plan-FINAL.pdf",
    )
    _worcs_2024_arrangements(p, [first, second])
    ArrangementsUpdate.objects.create(
        partnership=p,
        date=dt.date(2020, 4, 1),
        title="Head Teachers Safeguarding Group becomes a sub-group",
        description="The head teachers' education safeguarding steering group joins the "
        "arrangements as a sub-group of the partnership, giving schools and early years "
        "settings a direct part in its work. This is the only change since the arrangements "
        "were first published.",
        implementation="In place from April 2020.",
    )


WORCS_2019_SECTIONS = [
    ("Our partnership", "The council, the CCG and West Mercia Police lead the arrangements."),
    ("Independent scrutiny", "An independent chair chairs the Executive and scrutinises."),
    ("Sub-groups", "GET SAFE, QAPP and the CSPR group report to the Executive."),
]

WORCS_2024_SECTIONS = [
    (
        "Our partnership",
        "The three lead safeguarding partners set the direction; their delegates run the "
        "arrangements day to day.",
    ),
    (
        "Independent scrutiny",
        "An independent scrutineer reviews the arrangements; a delegate chairs the partnership.",
    ),
    ("Sub-groups", "GET SAFE, QAPP and the CSPR group report to the Executive."),
    (
        "Education and childcare",
        "Schools, colleges and early years settings take part through the Head Teachers "
        "Safeguarding Group and the section 175/157 audit.",
    ),
]


def _worcs_2024_arrangements(p: Partnership, earlier: list[ArrangementsDocument]) -> None:
    """The arrangements refreshed under Working Together 2023 and approved by the three LSPs."""
    ArrangementsSection.objects.bulk_create(
        ArrangementsSection(document=document, order=i, heading=heading, text=text)
        for document in earlier
        for i, (heading, text) in enumerate(WORCS_2019_SECTIONS)
    )
    refreshed = ArrangementsDocument.objects.create(
        partnership=p,
        title="Worcestershire Multi-Agency Safeguarding Arrangements",
        version_label="2.0",
        published_on=dt.date(2024, 12, 6),
    )
    ArrangementsSection.objects.bulk_create(
        ArrangementsSection(document=refreshed, order=i, heading=heading, text=text)
        for i, (heading, text) in enumerate(WORCS_2024_SECTIONS)
    )
    for role in Role.objects.filter(person__partnership=p, kind=R.LEAD_PARTNER):
        refreshed.approve(role=role)


def _load_walsall() -> None:
    p = Partnership.objects.create(
        name="Walsall Safeguarding Partnership",
        short_name="WSP",
        slug="walsall",
        area="Walsall",
        predecessor_board="Walsall Safeguarding Children Board",
        transition_date=dt.date(2019, 9, 29),
        reporting_year_start_month=4,
        website="https://go.walsall.gov.uk/walsall-safeguarding-partnership/",
    )
    orgs = _organisations(p, WALSALL_ORGS)
    people = _people(p, WALSALL_PEOPLE, orgs)
    _roles(
        [
            (
                people["Naomi Clarke"],
                R.BUSINESS_MANAGER,
                None,
                "Business Manager",
                dt.date(2019, 4, 1),
                None,
            ),
            (
                people["Elaine Robb"],
                R.INDEPENDENT_CHAIR,
                None,
                "Independent Chair",
                dt.date(2019, 9, 29),
                None,
            ),
            (
                people["Colin Forde"],
                R.DELEGATED_PARTNER,
                orgs["Walsall Council"],
                "Lead for the local authority",
                dt.date(2019, 9, 29),
                None,
            ),
            (
                people["Sunita Rao"],
                R.DELEGATED_PARTNER,
                orgs["NHS Black Country Integrated Care Board"],
                "Lead for health",
                dt.date(2019, 9, 29),
                None,
            ),
            (
                people["Paul Whitmore"],
                R.DELEGATED_PARTNER,
                orgs["West Midlands Police"],
                "Lead for the police",
                dt.date(2019, 9, 29),
                None,
            ),
            (
                people["Cllr Harjit Dhillon"],
                R.SCRUTINY_MEMBER,
                orgs["Walsall Council"],
                "Overview and Scrutiny Committee",
                dt.date(2020, 5, 1),
                None,
            ),
        ]
    )
    ArrangementsDocument.objects.create(
        partnership=p,
        title="Walsall Safeguarding Partnership arrangements",
        version_label="2019",
        published_on=dt.date(2019, 6, 27),
    )
