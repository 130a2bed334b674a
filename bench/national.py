"""A national-scale dataset for the benchmark: many partnerships, years of records.

The default matches England: 150 partnerships × 5 reporting years, each year with 6
sub-groups meeting 10 times with 10 agenda items each (45,000 meetings, 450,000 items),
plus attendance, decisions, actions with updates, and whatever the other apps keep
(case reviews, evidence, reports, the search index) when their models exist.

Everything is written with ``bulk_create`` in batches, one transaction per partnership,
so a run takes minutes, not hours. ``bulk_create`` skips ``save()`` and signals: no
history rows are written, which is fine for a benchmark. Records are generated from a
seeded random generator, so two runs with the same options build the same data.

Partnership slugs are ``national-001`` …; ``delete_national`` removes them. Every
national user has an unusable password (sign-in is by session only, for measurements).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from partnership.models import Organisation, Partnership, Person, Role, User
from subgroups.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Confidentiality,
    Decision,
    Meeting,
    SubGroup,
)

SLUG_PREFIX = "national-"
BATCH = 2000

AREAS = [
    "Northshire",
    "Southmoor",
    "Eastvale",
    "Westbridge",
    "Highfield",
    "Lowford",
    "Kingsmere",
    "Ashdown",
    "Brackenridge",
    "Calderholm",
    "Deepdale",
    "Elmstead",
    "Fernleigh",
    "Greystone",
    "Hartwell",
    "Ironbridge",
    "Juniper Vale",
    "Kestrel Downs",
    "Larkhill",
    "Millbrook",
    "Netherby",
    "Oakham Vale",
    "Pennick",
    "Queensmead",
    "Ravensworth",
    "Silverdale",
    "Thornbury",
    "Upperton",
    "Valewood",
    "Whitmore",
]
SUBGROUPS = [
    ("executive", "Executive Group", True, False),
    ("exploitation", "Exploitation and Missing Group", False, False),
    ("quality-assurance", "Quality Assurance and Performance Group", False, False),
    ("practice-review", "Child Safeguarding Practice Review Group", False, True),
    ("learning", "Learning and Development Group", False, False),
    ("education", "Education Safeguarding Group", False, False),
]
AGENCIES = [
    ("Acute Hospitals NHS Trust", Organisation.Category.HEALTH),
    ("Community Health NHS Trust", Organisation.Category.HEALTH),
    ("Probation Service", Organisation.Category.POLICE_JUSTICE),
    ("Youth Justice Service", Organisation.Category.POLICE_JUSTICE),
    ("Schools Forum", Organisation.Category.EDUCATION),
    ("Further Education Colleges", Organisation.Category.EDUCATION),
    ("Council for Voluntary Services", Organisation.Category.VOLUNTARY),
]
ITEM_TITLES = [
    "Minutes and actions of the last meeting",
    "Performance report",
    "Multi-agency audit findings",
    "Neglect strategy update",
    "Child exploitation dashboard",
    "Rapid review learning",
    "Training evaluation",
    "Section 11 audit returns",
    "Voice of the child feedback",
    "Early help offer",
    "Domestic abuse pathway",
    "Missing children report",
    "Budget monitoring",
    "Policy and procedure updates",
    "Risk register",
    "Any other business",
]
TOPICS = [
    "neglect",
    "child sexual exploitation",
    "criminal exploitation",
    "county lines",
    "domestic abuse",
    "early help",
    "missing from home",
    "online safety",
    "self-harm",
    "mental health",
    "school exclusions",
    "elective home education",
    "private fostering",
    "safe sleep",
    "bruising in non-mobile babies",
    "contextual safeguarding",
    "transition to adult services",
    "child protection conferences",
    "strategy discussions",
    "the front door",
    "MASH referrals",
]
VERBS = [
    "discussed",
    "reviewed",
    "noted",
    "challenged",
    "agreed",
    "considered",
    "welcomed",
    "questioned",
    "endorsed",
    "scrutinised",
]
FINDINGS = [
    "Referral rates rose by {n}% on the previous quarter.",
    "Audit found {n} cases where the plan was not shared with the school.",
    "Attendance at conferences by health colleagues reached {n}%.",
    "{n} practitioners completed the multi-agency course this quarter.",
    "The timeliness of initial assessments improved to {n}%.",
    "Feedback from {n} young people was gathered through the participation group.",
    "There were {n} notifications of missing episodes this month.",
]
FIRST = [
    "Alex",
    "Sam",
    "Jo",
    "Chris",
    "Priya",
    "Amir",
    "Helen",
    "Grace",
    "Tom",
    "Ruth",
    "Imran",
    "Kate",
    "Owen",
    "Nadia",
    "Peter",
    "Leah",
    "Dev",
    "Fiona",
    "Gareth",
    "Zara",
]
LAST = [
    "Ashby",
    "Brennan",
    "Cole",
    "Dhillon",
    "Evans",
    "Frost",
    "Gill",
    "Hale",
    "Iqbal",
    "Jones",
    "Khan",
    "Lowe",
    "Marsh",
    "Noble",
    "Okafor",
    "Price",
    "Quinn",
    "Reid",
    "Shaw",
    "Turner",
]


def batched(objects: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(objects), size):
        yield objects[start : start + size]


def bulk(model, objects: list) -> list:
    created: list = []
    for chunk in batched(objects):
        created.extend(model.objects.bulk_create(chunk, batch_size=BATCH))
    return created


def has_model(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


class Generator:
    """Builds one partnership at a time; the other apps' records are added by extension hooks."""

    def __init__(self, *, years: int, seed: int, last_year_start: dt.date, quiet: bool) -> None:
        self.years = years
        self.seed = seed
        self.last_year_start = last_year_start
        self.quiet = quiet
        self.counts: dict[str, int] = {}
        self.password = make_password(None)  # unusable: national users cannot sign in
        # Each extension takes (generator, context) and adds its app's records.
        self.extensions: list[Callable[[Generator, dict], None]] = []
        self.elapsed = 0.0

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def text(self, rng: random.Random, sentences: int = 3) -> str:
        parts = []
        for _ in range(sentences):
            if rng.random() < 0.4:
                parts.append(rng.choice(FINDINGS).format(n=rng.randint(3, 95)))
            else:
                parts.append(
                    f"The group {rng.choice(VERBS)} the report on {rng.choice(TOPICS)} and "
                    f"{rng.choice(VERBS)} the response to {rng.choice(TOPICS)}."
                )
        return " ".join(parts)

    # --- one partnership ----------------------------------------------------------------
    def build(self, index: int) -> Partnership:
        rng = random.Random(self.seed * 100_003 + index)
        area = f"{AREAS[index % len(AREAS)]} {index // len(AREAS) + 1}"
        slug = f"{SLUG_PREFIX}{index + 1:03d}"
        start_month = 4 if index % 5 else 10
        first_year = self.last_year_start.year - self.years + 1
        partnership = Partnership.objects.create(
            name=f"{area} Safeguarding Children Partnership",
            short_name=f"N{index + 1:03d}",
            slug=slug,
            area=area,
            predecessor_board=f"{area} Local Safeguarding Children Board",
            transition_date=dt.date(2019, 9, 29),
            reporting_year_start_month=start_month,
        )
        self.count("partnerships", 1)

        organisations = bulk(
            Organisation,
            [
                Organisation(
                    partnership=partnership,
                    name=f"{area} Council",
                    kind=Organisation.Kind.LOCAL_AUTHORITY,
                    category=Organisation.Category.LOCAL_AUTHORITY,
                ),
                Organisation(
                    partnership=partnership,
                    name=f"NHS {area} Integrated Care Board",
                    kind=Organisation.Kind.HEALTH,
                    category=Organisation.Category.HEALTH,
                ),
                Organisation(
                    partnership=partnership,
                    name=f"{area} Police",
                    kind=Organisation.Kind.POLICE,
                    category=Organisation.Category.POLICE_JUSTICE,
                ),
            ]
            + [
                Organisation(
                    partnership=partnership,
                    name=f"{area} {name}",
                    kind=Organisation.Kind.RELEVANT_AGENCY,
                    category=category,
                )
                for name, category in AGENCIES
            ],
        )
        self.count("organisations", len(organisations))
        statutory = organisations[:3]

        subgroups = bulk(
            SubGroup,
            [
                SubGroup(
                    partnership=partnership,
                    slug=sg_slug,
                    name=name,
                    order=n,
                    is_executive=is_exec,
                    handles_case_reviews=reviews,
                    cadence=SubGroup.Cadence.MONTHLY,
                    terms_of_reference=f"The {name.lower()} of the {area} partnership.",
                )
                for n, (sg_slug, name, is_exec, reviews) in enumerate(SUBGROUPS)
            ],
        )
        self.count("subgroups", len(subgroups))

        # People: the business unit, the chair, three leads, a scrutiny member, and five
        # members per sub-group (the first chairs it).
        users = bulk(
            User,
            [
                User(username=f"{slug}.{who}", password=self.password, first_name=who)
                for who in ["bm", "chair", "lead-la", "lead-health", "lead-police", "scrutiny"]
                + [f"{sg.slug}.{m}" for sg in subgroups for m in range(5)]
            ],
        )
        self.count("users", len(users))
        people = bulk(
            Person,
            [
                Person(
                    partnership=partnership,
                    user=user,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    organisation=organisations[n % len(organisations)],
                    job_title="Member",
                )
                for n, user in enumerate(users)
            ],
        )
        self.count("people", len(people))
        since = dt.date(2019, 9, 29)
        roles = [
            Role(person=people[0], kind=Role.Kind.BUSINESS_MANAGER, valid_from=since),
            Role(person=people[1], kind=Role.Kind.INDEPENDENT_CHAIR, valid_from=since),
            Role(
                person=people[2],
                kind=Role.Kind.DELEGATED_PARTNER,
                organisation=statutory[0],
                valid_from=since,
            ),
            Role(
                person=people[3],
                kind=Role.Kind.DELEGATED_PARTNER,
                organisation=statutory[1],
                valid_from=since,
            ),
            Role(
                person=people[4],
                kind=Role.Kind.DELEGATED_PARTNER,
                organisation=statutory[2],
                valid_from=since,
            ),
            Role(person=people[5], kind=Role.Kind.SCRUTINY_MEMBER, valid_from=since),
        ]
        members: dict[int, list[Person]] = {}
        for n, sg in enumerate(subgroups):
            group = people[6 + n * 5 : 11 + n * 5]
            members[sg.pk] = group
            for m, person in enumerate(group):
                roles.append(
                    Role(
                        person=person,
                        subgroup=sg,
                        valid_from=since,
                        organisation=person.organisation,
                        kind=Role.Kind.SUBGROUP_CHAIR if m == 0 else Role.Kind.SUBGROUP_MEMBER,
                    )
                )
        self.count("roles", len(bulk(Role, roles)))

        context = {
            "rng": rng,
            "partnership": partnership,
            "organisations": organisations,
            "subgroups": subgroups,
            "people": people,
            "members": members,
            "years": [
                (
                    dt.date(first_year + y, start_month, 1),
                    dt.date(first_year + y + 1, start_month, 1) - dt.timedelta(days=1),
                )
                for y in range(self.years)
            ],
        }
        self.build_meetings(context)
        for extension in self.extensions:
            extension(self, context)
        return partnership

    def build_meetings(self, ctx: dict) -> None:
        rng: random.Random = ctx["rng"]
        partnership = ctx["partnership"]
        today = timezone.localdate()
        meetings: list[Meeting] = []
        for sg in ctx["subgroups"]:
            for year_start, _year_end in ctx["years"]:
                for m in range(10):
                    day = year_start + dt.timedelta(days=int(m * 36.5) + rng.randint(0, 6))
                    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
                    past = day < today - dt.timedelta(days=45)
                    meetings.append(
                        Meeting(
                            subgroup=sg,
                            starts_at=starts,
                            ends_at=starts + dt.timedelta(hours=2),
                            location="Council House, Committee Room 2" if m % 3 else "",
                            is_virtual=m % 3 == 0,
                            status=Meeting.Status.HELD if day < today else Meeting.Status.SCHEDULED,
                            minutes_status=Meeting.MinutesStatus.CONFIRMED
                            if past
                            else Meeting.MinutesStatus.DRAFT,
                            circulated_on=day + dt.timedelta(days=7) if past else None,
                            confirmed_on=day + dt.timedelta(days=36) if past else None,
                        )
                    )
        meetings = bulk(Meeting, meetings)
        self.count("meetings", len(meetings))

        # Minutes are confirmed at the sub-group's next meeting.
        by_group: dict[int, list[Meeting]] = {}
        for meeting in meetings:
            by_group.setdefault(meeting.subgroup_id, []).append(meeting)
        confirmed = []
        for group in by_group.values():
            group.sort(key=lambda m: m.starts_at)
            for earlier, later in zip(group, group[1:], strict=False):
                if earlier.minutes_status == Meeting.MinutesStatus.CONFIRMED:
                    earlier.confirmed_at_meeting = later
                    earlier.confirmed_on = timezone.localtime(later.starts_at).date()
                    confirmed.append(earlier)
            if group[-1].minutes_status == Meeting.MinutesStatus.CONFIRMED:
                # The last meeting has no later one to confirm it: leave it circulated.
                group[-1].minutes_status = Meeting.MinutesStatus.CIRCULATED
                group[-1].confirmed_on = None
                confirmed.append(group[-1])
        for chunk in batched(confirmed):
            Meeting.objects.bulk_update(
                chunk, ["confirmed_at_meeting", "confirmed_on", "minutes_status"]
            )

        items: list[AgendaItem] = []
        attendance: list[Attendance] = []
        levels = (
            [Confidentiality.PUBLIC] * 6
            + [Confidentiality.PARTNERSHIP] * 3
            + [Confidentiality.RESTRICTED]
        )
        for meeting in meetings:
            group = ctx["members"][meeting.subgroup_id]
            for order in range(1, 11):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=ITEM_TITLES[(order - 1 + rng.randint(0, 5)) % len(ITEM_TITLES)],
                        presenter=group[order % len(group)],
                        minutes=self.text(rng, rng.randint(2, 4)),
                        confidentiality=rng.choice(levels),
                    )
                )
            for n, person in enumerate(group):
                status = (
                    Attendance.Status.PRESENT
                    if (n + meeting.pk) % 6
                    else Attendance.Status.APOLOGIES
                )
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        organisation_id=person.organisation_id,
                        status=status,
                    )
                )
        items = bulk(AgendaItem, items)
        self.count("agenda items", len(items))
        self.count("attendance", len(bulk(Attendance, attendance)))

        decisions: list[Decision] = []
        actions: list[Action] = []
        meeting_by_id = {m.pk: m for m in meetings}
        for item in items:
            if item.order in (2, 5):
                decisions.append(
                    Decision(
                        item=item,
                        text=f"RESOLVED: the {item.title.lower()} be noted and "
                        f"the group {rng.choice(VERBS)} the next steps.",
                        meeting_starts_at=meeting_by_id[item.meeting_id].starts_at,
                        partnership=partnership,
                    )
                )
            if item.order in (3, 7):
                meeting = meeting_by_id[item.meeting_id]
                held = timezone.localtime(meeting.starts_at).date()
                due = held + dt.timedelta(days=rng.randint(20, 120))
                owner = ctx["members"][meeting.subgroup_id][rng.randint(0, 4)]
                done = due < today and rng.random() < 0.8
                actions.append(
                    Action(
                        partnership=partnership,
                        subgroup_id=meeting.subgroup_id,
                        item=item,
                        description=f"Report back on {rng.choice(TOPICS)} to the next meeting.",
                        owner=owner,
                        organisation_id=owner.organisation_id,
                        due_on=due,
                        status=Action.Status.COMPLETED
                        if done
                        else (
                            Action.Status.IN_PROGRESS if rng.random() < 0.5 else Action.Status.OPEN
                        ),
                        completed_on=due - dt.timedelta(days=rng.randint(0, 15)) if done else None,
                        created_on=held,
                    )
                )
        decisions = bulk(Decision, decisions)
        self.count("decisions", len(decisions))
        ctx["decisions"] = decisions
        actions = bulk(Action, actions)
        self.count("actions", len(actions))
        updates = [
            ActionUpdate(
                action=action,
                date=action.completed_on,
                note="Completed and reported back.",
                status_from=Action.Status.IN_PROGRESS,
                status_to=Action.Status.COMPLETED,
            )
            for action in actions
            if action.status == Action.Status.COMPLETED
        ]
        self.count("action updates", len(bulk(ActionUpdate, updates)))
        ctx["meetings"] = meetings
        ctx["items"] = items
        ctx["actions"] = actions


def delete_national() -> int:
    """Delete every generated partnership and everything in it.

    Some foreign keys protect what they point at (an attendance row protects its person),
    so the dependants named by each ProtectedError are deleted first, model by model.
    """
    slugs = list(
        Partnership.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    for slug in slugs:
        with transaction.atomic():
            Meeting.objects.filter(subgroup__partnership__slug=slug).update(
                confirmed_at_meeting=None
            )
            _force_delete(Partnership.objects.filter(slug=slug))
            User.objects.filter(username__startswith=f"{slug}.").delete()
    return len(slugs)


def _force_delete(queryset, depth: int = 0) -> None:
    from django.db.models import ProtectedError, RestrictedError

    for _ in range(20):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            if depth > 6:
                raise
            blockers = getattr(error, "protected_objects", None) or error.restricted_objects
            by_model: dict = {}
            for obj in blockers:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                _force_delete(model._base_manager.filter(pk__in=pks), depth + 1)
    queryset.delete()


def generate(*, partnerships: int, years: int, seed: int = 2019, progress=None) -> Generator:
    """Build ``partnerships`` generated partnerships, one transaction each."""
    today = timezone.localdate()
    generator = Generator(
        years=years,
        seed=seed,
        last_year_start=dt.date(today.year - 1, 4, 1),
        quiet=progress is None,
    )
    generator.extensions.extend(available_extensions())
    if has_model("scrutiny.SearchEntry"):
        start_search_index()
        finishers = [*FINISHERS, finish_search_index]
    else:
        finishers = list(FINISHERS)
    started = time.monotonic()
    for index in range(partnerships):
        with transaction.atomic():
            generator.build(index)
        if progress and (index + 1) % 10 == 0:
            progress(
                f"  {index + 1}/{partnerships} partnerships ({time.monotonic() - started:.0f} s)"
            )
    for finish in finishers:
        finish(generator)
    generator.elapsed = time.monotonic() - started
    return generator


# --- the other apps' records ------------------------------------------------------------
# Each extension adds one app's records to a partnership being built (when that app's
# models exist); each finisher runs once at the end.
FINISHERS: list[Callable[[Generator], None]] = []


def available_extensions() -> list[Callable[[Generator, dict], None]]:
    found = []
    if has_model("reviews.SeriousIncident"):
        found.append(build_reviews)
    if has_model("evidence.ActivityEntry"):
        found.append(build_evidence)
    if has_model("reports.Report"):
        found.append(build_reports)
    if has_model("scrutiny.SearchEntry"):
        found.append(build_search_index)
    return found


def build_reviews(gen: Generator, ctx: dict) -> None:
    """Four serious incidents a year, each with a rapid review; one in four goes to a CSPR."""
    from reviews.models import Milestone, PracticeReview, RapidReview, Recommendation
    from reviews.models import SeriousIncident as Incident

    rng: random.Random = ctx["rng"]
    partnership = ctx["partnership"]
    today = timezone.localdate()
    incidents, rapid_reviews = [], []
    for y, (year_start, _year_end) in enumerate(ctx["years"]):
        for n in range(4):
            aware = year_start + dt.timedelta(days=20 + n * 85 + rng.randint(0, 20))
            if aware >= today:
                continue
            notified = aware + dt.timedelta(days=rng.randint(2, 8))
            incidents.append(
                Incident(
                    partnership=partnership,
                    case_number=f"{partnership.short_name}-{year_start.year}-{n + 1:02d}",
                    pseudonym=f"Child {chr(65 + y)}{n + 1}",
                    aware_on=aware,
                    harm=Incident.Harm.SERIOUSLY_HARMED if n % 3 else Incident.Harm.DIED,
                    summary=f"Serious harm; agencies involved in {rng.choice(TOPICS)}.",
                    status=Incident.Status.NOTIFIED,
                    notified_on=notified,
                    late_notification_reason=""
                    if notified - aware < dt.timedelta(days=7)
                    else "Notification delayed while the facts were established.",
                )
            )
    incidents = bulk(Incident, incidents)
    for n, incident in enumerate(incidents):
        recent = today - incident.aware_on < dt.timedelta(days=40)
        sent_on = incident.aware_on + dt.timedelta(days=rng.randint(14, 21))
        rapid_reviews.append(
            RapidReview(
                incident=incident,
                meeting_on=incident.aware_on + dt.timedelta(days=10),
                agency_contributions="Chronologies from health, police and children's services.",
                decision=""
                if recent
                else (
                    RapidReview.Decision.LOCAL_REVIEW
                    if n % 4 == 0
                    else RapidReview.Decision.NO_REVIEW
                ),
                criteria_improvements_needed=n % 4 == 0,
                rationale="" if recent else "The partners weighed the criteria in regulation 11.",
                status=RapidReview.Status.IN_PROGRESS if recent else RapidReview.Status.SENT,
                sent_to_panel_on=None if recent else sent_on,
            )
        )
    rapid_reviews = bulk(RapidReview, rapid_reviews)
    practice = []
    for rapid in rapid_reviews:
        if rapid.decision != RapidReview.Decision.LOCAL_REVIEW:
            continue
        decided = rapid.sent_to_panel_on
        done = today - decided > dt.timedelta(days=240)
        practice.append(
            PracticeReview(
                partnership=partnership,
                rapid_review=rapid,
                decision_on=decided,
                reviewer="Independent reviewer",
                terms_of_reference="Multi-agency practice before the incident.",
                terms_agreed_on=decided + dt.timedelta(days=20),
                status=PracticeReview.Status.PUBLISHED
                if done
                else PracticeReview.Status.IN_PROGRESS,
                planned_publication_on=decided + dt.timedelta(days=180),
                final_report_sent_on=decided + dt.timedelta(days=170) if done else None,
                published_on=decided + dt.timedelta(days=185) if done else None,
            )
        )
    practice = bulk(PracticeReview, practice)
    bulk(
        Milestone,
        [
            Milestone(
                practice_review=review,
                title=title,
                due_on=review.decision_on + dt.timedelta(days=days),
                completed_on=review.decision_on + dt.timedelta(days=days)
                if review.published_on
                else None,
            )
            for review in practice
            for title, days in [("Practitioner learning event", 60), ("Draft report", 140)]
        ],
    )
    recommendations = bulk(
        Recommendation,
        [
            Recommendation(
                partnership=partnership,
                practice_review=review,
                number=str(k + 1),
                text=f"Agencies should strengthen practice on {rng.choice(TOPICS)}.",
                status=Recommendation.Status.IMPLEMENTED
                if review.published_on
                else Recommendation.Status.IN_PROGRESS,
                implemented_on=review.published_on,
            )
            for review in practice
            for k in range(3)
        ],
    )
    gen.count("serious incidents", len(incidents))
    gen.count("rapid reviews", len(rapid_reviews))
    gen.count("practice reviews", len(practice))
    gen.count("recommendations", len(recommendations))


def build_evidence(gen: Generator, ctx: dict) -> None:
    """Priorities, the chairs' activity log, KPIs quarter by quarter, and training."""
    from evidence.models import (
        ActivityEntry,
        Course,
        Indicator,
        KpiValue,
        Priority,
        SessionAttendance,
        TrainingSession,
    )
    from evidence.models.activity import Heading
    from evidence.models.training import DeliveryMode

    rng: random.Random = ctx["rng"]
    partnership = ctx["partnership"]
    first_start = ctx["years"][0][0]
    priorities = bulk(
        Priority,
        [
            Priority(
                partnership=partnership,
                name=name,
                starts_on=first_start,
                description=f"Reduce harm from {name.lower()}.",
            )
            for name in ["Neglect", "Exploitation", "Domestic abuse"]
        ],
    )
    entries = []
    meetings_by_group: dict[int, list] = {}
    for meeting in ctx["meetings"]:
        meetings_by_group.setdefault(meeting.subgroup_id, []).append(meeting)
    for sg in ctx["subgroups"]:
        for year_start, _year_end in ctx["years"]:
            for k, heading in enumerate(Heading.values * 2):
                entries.append(
                    ActivityEntry(
                        subgroup=sg,
                        date=year_start + dt.timedelta(days=30 + k * 33),
                        heading=heading,
                        text=gen.text(rng, 2),
                        priority=priorities[k % len(priorities)] if k % 2 else None,
                    )
                )
    gen.count("activity entries", len(bulk(ActivityEntry, entries)))

    indicators = bulk(
        Indicator,
        [
            Indicator(partnership=partnership, name=name, unit=unit, direction=direction, order=k)
            for k, (name, unit, direction) in enumerate(
                [
                    (
                        "Contacts to the front door",
                        Indicator.Unit.COUNT,
                        Indicator.Direction.NEITHER,
                    ),
                    (
                        "Referrals within 12 months of a previous one",
                        Indicator.Unit.PERCENT,
                        Indicator.Direction.LOWER,
                    ),
                    ("Child protection plans", Indicator.Unit.RATE, Indicator.Direction.NEITHER),
                    (
                        "Initial conferences within 15 days",
                        Indicator.Unit.PERCENT,
                        Indicator.Direction.HIGHER,
                    ),
                    ("Children missing from home", Indicator.Unit.COUNT, Indicator.Direction.LOWER),
                    (
                        "Concerns about children under one",
                        Indicator.Unit.COUNT,
                        Indicator.Direction.NEITHER,
                    ),
                ]
            )
        ],
    )
    values = []
    for indicator in indicators:
        for year_start, _year_end in ctx["years"]:
            for q in range(4):
                start = dt.date(
                    year_start.year + (year_start.month - 1 + q * 3) // 12,
                    (year_start.month - 1 + q * 3) % 12 + 1,
                    1,
                )
                end = dt.date(
                    start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1
                ) - dt.timedelta(days=1)
                values.append(
                    KpiValue(
                        indicator=indicator,
                        period_start=start,
                        period_end=end,
                        value=rng.randint(5, 900),
                    )
                )
    gen.count("KPI values", len(bulk(KpiValue, values)))

    courses = bulk(
        Course,
        [
            Course(
                partnership=partnership,
                title=title,
                delivery_mode=DeliveryMode.values[k % 2],
                delivered_by="The business unit",
            )
            for k, title in enumerate(
                [
                    "Working Together",
                    "Neglect toolkit",
                    "Exploitation awareness",
                    "Safer recruitment",
                ]
            )
        ],
    )
    sessions = bulk(
        TrainingSession,
        [
            TrainingSession(
                course=course,
                date=year_start + dt.timedelta(days=40 + s * 55),
                delivery_mode=course.delivery_mode,
                places=30,
            )
            for course in courses
            for year_start, _year_end in ctx["years"]
            for s in range(6)
        ],
    )
    attendance = bulk(
        SessionAttendance,
        [
            SessionAttendance(session=session, organisation=org, count=rng.randint(1, 9))
            for session in sessions
            for org in ctx["organisations"][:3]
        ],
    )
    gen.count("training sessions", len(sessions))
    gen.count("training attendance", len(attendance))


def build_reports(gen: Generator, ctx: dict) -> None:
    """The partnership's report structure and one draft report per reporting year."""
    from reports.models import Report
    from reports.services import ensure_sections

    partnership = ctx["partnership"]
    ensure_sections(partnership)
    reports = bulk(
        Report,
        [
            Report(
                partnership=partnership,
                title=f"{partnership.name} annual report {start.year} to {end.year}",
                period_start=start,
                period_end=end,
            )
            for start, end in ctx["years"]
        ],
    )
    gen.count("reports", len(reports))


def build_search_index(gen: Generator, ctx: dict) -> None:
    """The search index rows the scrutiny app's signals would write, written in bulk.

    The fields come from the scrutiny app's own helpers (so the rows match what
    ``scrutiny.search.index`` stores); the search vectors are then set by one UPDATE with
    the app's own vector expression.
    """
    from django.urls import reverse

    from scrutiny.models import RecordType, SearchEntry
    from scrutiny.search import index

    partnership = ctx["partnership"]
    subgroups = {sg.pk: sg for sg in ctx["subgroups"]}
    # Addresses and meeting facts are worked out once per meeting, not once per row: the
    # app's own helpers give the first, and the rest follow the same pattern.
    marker = 987654321
    meeting_url = reverse("subgroups:meeting_detail", args=[partnership.slug, marker])
    action_url = reverse("subgroups:action_detail", args=[partnership.slug, marker])
    facts = {}
    for meeting in ctx["meetings"]:
        meeting.subgroup = subgroups[meeting.subgroup_id]
        meeting.subgroup.partnership = partnership
        facts[meeting.pk] = index._meeting_facts(meeting)
    sample = ctx["items"][0]
    assert index._item_url(ctx["meetings"][0], sample).startswith(
        meeting_url.replace(str(marker), str(ctx["meetings"][0].pk))
    ), "the scrutiny app's item address has changed shape"
    meeting_url = meeting_url.replace(str(marker), "{}") + "#item-{}"
    action_url = action_url.replace(str(marker), "{}")
    status_labels = dict(Action.Status.choices)
    items = {}
    rows = []

    def entry(record_type: str, object_id: int, **fields) -> SearchEntry:
        fields["title"] = index.clean_text(fields["title"])[:300]
        fields["context"] = index.clean_text(fields.get("context", ""))[:300]
        fields["body"] = index.clean_text(fields.get("body", ""))
        return SearchEntry(record_type=record_type, object_id=object_id, **fields)

    for item in ctx["items"]:
        items[item.pk] = item
        rows.append(
            entry(
                RecordType.ITEM,
                item.pk,
                confidentiality=item.confidentiality,
                title=item.title,
                body=item.minutes,
                url=meeting_url.format(item.meeting_id, item.pk),
                **facts[item.meeting_id],
            )
        )
    for decision in ctx.get("decisions", []):
        item = items[decision.item_id]
        rows.append(
            entry(
                RecordType.DECISION,
                decision.pk,
                confidentiality=item.confidentiality,
                title=f"Decision on {item.title}",
                body=decision.text,
                url=meeting_url.format(item.meeting_id, item.pk),
                **facts[item.meeting_id],
            )
        )
    for action in ctx["actions"]:
        item = items[action.item_id]
        action_facts = {**facts[item.meeting_id], "confidentiality": item.confidentiality}
        rows.append(
            entry(
                RecordType.ACTION,
                action.pk,
                title=action.description,
                body=f"{action.description}\nStatus: {status_labels[action.status]}. "
                f"Due {index._long_date(action.due_on)}.",
                url=action_url.format(action.pk),
                **action_facts,
            )
        )
    gen.count("search entries", len(bulk(SearchEntry, rows)))
    # The search vectors are computed once for all rows at the end (finish_search_index).


def _search_vector_indexes():
    from scrutiny.models import SearchEntry

    return [i for i in SearchEntry._meta.indexes if "search_vector" in (i.fields or [])]


def start_search_index() -> None:
    """Drop the full-text index while rows pour in; it is built once at the end."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.schema_editor() as editor:
        for idx in _search_vector_indexes():
            editor.execute(f'DROP INDEX IF EXISTS "{idx.name}"')


def finish_search_index(gen: Generator) -> None:
    """Compute every new row's search vector with the app's own expression, then index."""
    from django.db import connection

    from scrutiny.models import SearchEntry
    from scrutiny.search import index

    if connection.vendor != "postgresql":
        return
    t0 = time.monotonic()
    SearchEntry.objects.filter(search_vector__isnull=True).update(search_vector=index._vector())
    with connection.schema_editor() as editor:
        for idx in _search_vector_indexes():
            editor.execute(f'DROP INDEX IF EXISTS "{idx.name}"')
            editor.add_index(SearchEntry, idx)
    gen.count("seconds to build the search index", round(time.monotonic() - t0))
