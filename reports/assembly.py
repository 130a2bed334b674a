"""Assemble the yearly report from the records: ``assemble(report) -> ReportDocument``.

A pure read. It writes nothing, and its query count depends on the partnership's
section structure, never on the amount of data: every source is loaded once, in a fixed
number of queries, by ``Sources``; the section builders only arrange what was loaded.

Sections come from the partnership's ``ReportSectionConfig`` rows (or ``DEFAULT_SECTIONS``
when it has none). Each key names a builder in ``BUILDERS``; ``subgroup:<slug>`` places one
sub-group; ``custom:<slug>`` is a narrative written for the report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify

from partnership.models import ArrangementsUpdate, Organisation, Role
from reports.document import (
    BulletList,
    Column,
    Evidence,
    Fact,
    Facts,
    Markdown,
    Note,
    Paragraph,
    ReportDocument,
    Section,
    Signatory,
    Subsection,
    Table,
)
from reports.models import Report, ReportSectionConfig, months_between
from reports.text import render_markdown
from subgroups.models import Action, Attendance, Confidentiality, Decision, Meeting, SubGroup

NARRATIVE_KEYS = ("foreword", "executive_summary", "conclusion")


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    is_appendix: bool = False
    hidden: bool = False


#: The default structure (DOMAIN.md section 5). Each partnership can reorder, rename, hide and add.
DEFAULT_SECTIONS: list[SectionSpec] = [
    SectionSpec("foreword", "Foreword"),
    SectionSpec("executive_summary", "Executive summary"),
    SectionSpec("introduction", "Introduction"),
    SectionSpec("key_facts", "Key facts about the area"),
    SectionSpec("background", "Background"),
    SectionSpec("executive", "The executive group"),
    SectionSpec("wider_partnership", "The wider partnership"),
    SectionSpec("subgroups", "The sub-groups"),
    SectionSpec("case_reviews", "Case reviews"),
    SectionSpec("arrangements_updates", "Updates to published arrangements"),
    SectionSpec("previous_areas", "Progress against the last report's areas for development"),
    SectionSpec("conclusion", "Conclusion"),
    SectionSpec("appendix_budget", "Budget", is_appendix=True),
    SectionSpec("appendix_kpis", "Key performance indicators", is_appendix=True),
    SectionSpec("appendix_attendance", "Attendance by agency", is_appendix=True),
]

#: Sections a partnership may add beyond the default list.
OPTIONAL_SECTIONS: list[SectionSpec] = [
    SectionSpec("priorities", "Our priorities"),
]


def section_specs(partnership) -> list[SectionSpec]:
    configs = list(ReportSectionConfig.objects.filter(partnership=partnership))
    if not configs:
        return list(DEFAULT_SECTIONS)
    return [SectionSpec(c.key, c.title, c.is_appendix, c.hidden) for c in configs]


def builtin_titles() -> dict[str, SectionSpec]:
    return {s.key: s for s in [*DEFAULT_SECTIONS, *OPTIONAL_SECTIONS]}


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# ---------------------------------------------------------------------------------------
# Sources: everything the builders read, each loaded once in a fixed number of queries.
# ---------------------------------------------------------------------------------------
class Sources:
    def __init__(self, report: Report):
        self.report = report
        self.partnership = report.partnership
        self.start = report.period_start
        self.end = report.period_end

    @cached_property
    def organisations(self) -> list[Organisation]:
        return list(
            Organisation.objects.for_partnership(self.partnership).prefetch_related("names")
        )

    @cached_property
    def organisations_by_id(self) -> dict[int, Organisation]:
        return {o.pk: o for o in self.organisations}

    def org_name(self, organisation_id: int | None) -> str:
        org = self.organisations_by_id.get(organisation_id)
        return org.name_on(self.end) if org else ""

    @cached_property
    def roles(self) -> list[Role]:
        """Every role held at some point in the period."""
        return list(
            Role.objects.filter(person__partnership=self.partnership, valid_from__lte=self.end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.start))
            .select_related("person")
            .order_by("valid_from", "pk")
        )

    def roles_on(self, kind: str, day: dt.date) -> list[Role]:
        return [r for r in self.roles if r.kind == kind and r.is_current(day)]

    @cached_property
    def subgroups(self) -> list[SubGroup]:
        return list(
            SubGroup.objects.for_partnership(self.partnership)
            .active_between(self.start, self.end)
            .prefetch_related(
                Prefetch("predecessors", queryset=SubGroup.objects.order_by("order", "name"))
            )
        )

    @cached_property
    def meetings(self) -> list[Meeting]:
        return list(
            Meeting.objects.for_partnership(self.partnership)
            .held_between(self.start, self.end)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
            .prefetch_related(
                Prefetch(
                    "attendance",
                    queryset=Attendance.objects.select_related("person").order_by("pk"),
                )
            )
        )

    @cached_property
    def meetings_by_subgroup(self) -> dict[int, list[Meeting]]:
        grouped: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings:
            grouped[meeting.subgroup_id].append(meeting)
        return grouped

    @cached_property
    def public_decisions(self) -> dict[int, list[Decision]]:
        """Decisions from public items of confirmed minutes: what a report may quote."""
        grouped: dict[int, list[Decision]] = defaultdict(list)
        decisions = (
            Decision.objects.for_partnership(self.partnership)
            .filter(
                item__confidentiality=Confidentiality.PUBLIC,
                item__meeting__minutes_status=Meeting.MinutesStatus.CONFIRMED,
                item__meeting__starts_at__date__gte=self.start,
                item__meeting__starts_at__date__lte=self.end,
            )
            .select_related("item__meeting")
            .order_by("item__meeting__starts_at", "item__order", "pk")
        )
        for decision in decisions:
            grouped[decision.item.meeting.subgroup_id].append(decision)
        return grouped

    @cached_property
    def action_counts(self) -> dict[int | None, dict[str, int]]:
        rows = (
            Action.objects.for_partnership(self.partnership)
            .filter(created_on__gte=self.start, created_on__lte=self.end)
            .values("subgroup_id")
            .annotate(
                agreed=Count("pk"),
                completed=Count("pk", filter=Q(status=Action.Status.COMPLETED)),
                open=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES)),
            )
        )
        return {r["subgroup_id"]: r for r in rows}

    @cached_property
    def arrangements_updates(self) -> list[ArrangementsUpdate]:
        return list(
            ArrangementsUpdate.objects.filter(
                partnership=self.partnership, date__gte=self.start, date__lte=self.end
            )
        )

    @cached_property
    def arrangements_document(self):
        return (
            self.partnership.arrangements_documents.filter(published_on__lte=self.end)
            .order_by("-published_on")
            .first()
        )

    @cached_property
    def narratives(self) -> dict:
        if not self.report.pk:
            return {}
        return {n.key: n for n in self.report.narratives.all()}

    @cached_property
    def signatories(self) -> list[Signatory]:
        if not self.report.pk:
            return []
        return [
            Signatory(
                partner=self.org_name(s.organisation_id),
                person=s.person.name,
                signed_on=timezone.localtime(s.signed_at).date(),
            )
            for s in self.report.signoffs.select_related("person").order_by("signed_at")
        ]

    # --- the other apps' records, when those apps have their models -----------------
    @staticmethod
    def has_model(app_label: str, model_name: str) -> bool:
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            return False
        return True


class Context:
    """What a builder gets: the sources, the report and the placement of sub-groups."""

    def __init__(self, report: Report, specs: list[SectionSpec]):
        self.report = report
        self.src = Sources(report)
        self.specs = specs
        self.placed_subgroups = {
            s.key.split(":", 1)[1] for s in specs if s.key.startswith("subgroup:")
        }


# ---------------------------------------------------------------------------------------
# Builders: one per section key. Each returns the sections it makes (usually one).
# ---------------------------------------------------------------------------------------
def anchor_for(key: str) -> str:
    return slugify(key.replace(":", "-").replace("_", "-")) or "section"


def _section(spec: SectionSpec, **kwargs) -> Section:
    anchor = anchor_for(spec.key)
    return Section(key=spec.key, title=spec.title, anchor=anchor, is_appendix=spec.is_appendix, **kwargs)


def build_narrative(ctx: Context, spec: SectionSpec) -> list[Section]:
    section = _section(spec)
    narrative = ctx.src.narratives.get(spec.key)
    if narrative is None or not narrative.body.strip():
        section.blocks.append(
            Note(f"The {spec.title.lower()} has not been written yet. Write it on the report page.")
        )
        return [section]
    section.blocks.append(Markdown(narrative.body, render_markdown(narrative.body)))
    if narrative.signed_as:
        section.blocks.append(Paragraph(narrative.signed_as))
    if spec.key == "conclusion":
        section.evidence.append(Evidence("effectiveness", "The conclusion weighs up the arrangements."))
    if spec.key == "executive_summary":
        section.evidence.append(Evidence("effectiveness", "The executive summary."))
    return [section]


def build_introduction(ctx: Context, spec: SectionSpec) -> list[Section]:
    src, p = ctx.src, ctx.src.partnership
    section = _section(spec)
    section.blocks.append(
        Paragraph(
            "The Children Act 2004, as amended by the Children and Social Work Act 2017, "
            "places an equal duty on three safeguarding partners (the local authority, the "
            "health body for the area and the chief officer of police) to make arrangements "
            "to work together, and with other relevant agencies, to safeguard and promote the "
            f"welfare of children in {p.area or 'their area'}. Working Together to Safeguard "
            "Children asks the partners to publish a report on those arrangements at least once "
            "in every 12 months."
        )
    )
    months = months_between(src.start, src.end)
    period = f"This report covers {_day(src.start)} to {_day(src.end)}"
    if months > 12 and p.predecessor_board and p.transition_date:
        period += (
            f", {months} months. It is a transitional report: {p.predecessor_board} handed over "
            f"to {p.name} on {_day(p.transition_date)}, and this report takes in the board's "
            "last months so that no period goes unreported."
        )
    elif months > 12:
        period += f", {months} months: a transitional report covering more than one year."
    else:
        period += "."
    section.blocks.append(Paragraph(period))

    leads = src.roles_on(Role.Kind.PARTNER_LEAD, src.end)
    rows = []
    for org in [o for o in src.organisations if o.is_statutory_partner]:
        org_leads = [r for r in leads if r.organisation_id == org.pk]
        rows.append(
            [
                org.name_on(src.end),
                Organisation.Kind(org.kind).label.replace("Statutory partner: ", "").capitalize(),
                "; ".join(r.person.name for r in org_leads) or "Not recorded",
                "; ".join(r.title or r.person.job_title for r in org_leads),
            ]
        )
    section.blocks.append(
        Table(
            caption=f"The safeguarding partners and their delegated leads on {_day(src.end)}",
            columns=[Column("Partner"), Column("Type"), Column("Delegated lead"), Column("Role")],
            rows=rows,
        )
    )
    chairs = src.roles_on(Role.Kind.INDEPENDENT_CHAIR, src.end)
    if chairs:
        names = " and ".join(r.person.name for r in chairs)
        section.blocks.append(
            Paragraph(f"{names} is the independent chair and scrutineer of the partnership.")
        )
    if src.arrangements_document:
        doc = src.arrangements_document
        text = (
            f"The partners' arrangements are set out in “{doc.title}” (version "
            f"{doc.version_label}, published {_day(doc.published_on)})."
        )
        section.blocks.append(Paragraph(text + (f" {doc.url}" if doc.url else "")))
    section.blocks.append(Paragraph("The law asks this report to show:"))
    section.blocks.append(BulletList([label for _key, label in REQUIREMENT_LABELS]))
    return [section]


#: WT2018 chapter 3: what the yearly report must contain (keys used by the checklist).
REQUIREMENT_LABELS = [
    ("effectiveness", "how effective the arrangements have been in practice"),
    ("cspr", "details of, and learning from, child safeguarding practice reviews"),
    ("impact", "evidence of the impact of the work, including training, on outcomes for "
               "children and families"),
    ("little_progress", "an analysis of areas with little or no progress on agreed priorities"),
    ("review_actions", "decisions and actions taken on the recommendations of local and "
                       "national reviews"),
    ("feedback", "how feedback from children and families was sought and used"),
    ("arrangements", "updates to the published arrangements and when they take effect"),
]


def _meeting_span(meetings: list[Meeting]) -> str:
    first = timezone.localtime(meetings[0].starts_at).date()
    last = timezone.localtime(meetings[-1].starts_at).date()
    if first == last:
        return f"on {_day(first)}"
    return f"between {first:%B %Y} and {last:%B %Y}"


def _chair_name(ctx: Context, subgroup: SubGroup) -> tuple[str, str]:
    day = min(ctx.src.end, subgroup.ended_on or ctx.src.end)
    for role in ctx.src.roles_on(Role.Kind.SUBGROUP_CHAIR, day):
        if role.subgroup_id == subgroup.pk:
            person = role.person
            org = ctx.src.org_name(role.organisation_id or person.organisation_id)
            detail = ", ".join(x for x in [role.title or person.job_title, org] if x)
            return person.name, detail
    return "", ""


def subgroup_section(ctx: Context, spec: SectionSpec, subgroup: SubGroup) -> Section:
    src = ctx.src
    section = _section(spec)
    if subgroup.terms_of_reference:
        section.blocks.append(Paragraph(subgroup.terms_of_reference))
    facts = []
    chair, detail = _chair_name(ctx, subgroup)
    if chair:
        facts.append(Fact("Chair", chair, detail))
    cadence = subgroup.get_cadence_display()
    if subgroup.cadence_note:
        cadence += f" ({subgroup.cadence_note})"
    facts.append(Fact("Meets", cadence))
    meetings = src.meetings_by_subgroup.get(subgroup.pk, [])
    facts.append(Fact("Meetings in the period", str(len(meetings))))
    if subgroup.established_on and subgroup.established_on >= src.start:
        facts.append(Fact("Established", _day(subgroup.established_on)))
    counts = src.action_counts.get(subgroup.pk)
    if counts:
        facts.append(
            Fact(
                "Actions agreed in the period",
                str(counts["agreed"]),
                f"{counts['completed']} completed, {counts['open']} still open",
            )
        )
    section.blocks.append(Facts(facts))

    predecessors = [g for g in subgroup.predecessors.all() if _active_in_period(g, src)]
    if predecessors:
        sub = Subsection(
            f"Transition period: the work of the {src.partnership.predecessor_board or 'predecessor'} groups",
            anchor=f"{section.anchor}-transition",
        )
        for group in predecessors:
            held = src.meetings_by_subgroup.get(group.pk, [])
            text = f"{group.name}"
            if held:
                text += f" met {_plural(len(held), 'time')} {_meeting_span(held)}"
            if group.ended_on:
                text += f" and handed its work to the {subgroup.short_name or subgroup.name} on {_day(group.ended_on)}"
            sub.blocks.append(Paragraph(text + "."))
            if group.terms_of_reference:
                sub.blocks.append(Paragraph(group.terms_of_reference))
        section.subsections.append(sub)

    if subgroup.is_executive:
        decisions = src.public_decisions.get(subgroup.pk, [])
        if decisions:
            section.subsections.append(
                Subsection(
                    "Decisions recorded in public minutes",
                    [
                        BulletList(
                            [
                                f"{timezone.localtime(d.item.meeting.starts_at):%d %B %Y}: {d.text}"
                                for d in decisions
                            ]
                        )
                    ],
                    anchor=f"{section.anchor}-decisions",
                )
            )
    return section


def _active_in_period(group: SubGroup, src: Sources) -> bool:
    return (group.established_on is None or group.established_on <= src.end) and (
        group.ended_on is None or group.ended_on >= src.start
    )


def build_executive(ctx: Context, spec: SectionSpec) -> list[Section]:
    executive = next((g for g in ctx.src.subgroups if g.is_executive), None)
    if executive is None:
        section = _section(spec)
        section.blocks.append(Note("No sub-group is marked as the executive group."))
        return [section]
    return [subgroup_section(ctx, spec, executive)]


def _reportable_subgroups(ctx: Context) -> list[SubGroup]:
    return [
        g for g in ctx.src.subgroups if not g.is_executive and not g.of_predecessor_board
    ]


def build_subgroups(ctx: Context, spec: SectionSpec) -> list[Section]:
    """One section per sub-group not placed elsewhere in the structure."""
    sections = []
    for group in _reportable_subgroups(ctx):
        if group.slug in ctx.placed_subgroups:
            continue
        sub_spec = SectionSpec(f"subgroup:{group.slug}", group.name, spec.is_appendix)
        sections.append(subgroup_section(ctx, sub_spec, group))
    return sections


def build_one_subgroup(ctx: Context, spec: SectionSpec) -> list[Section]:
    slug = spec.key.split(":", 1)[1]
    group = next((g for g in ctx.src.subgroups if g.slug == slug), None)
    if group is None:
        return []  # not active in this period: nothing to report
    return [subgroup_section(ctx, spec, group)]


def build_wider_partnership(ctx: Context, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = _section(spec)
    agencies = [o for o in src.organisations if not o.is_statutory_partner]
    represented: dict[int, set[str]] = defaultdict(set)
    names = {g.pk: g.short_name or g.name for g in src.subgroups}
    for meeting in src.meetings:
        for att in meeting.attendance.all():
            org_id = att.organisation_id or att.person.organisation_id
            if att.status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE) and org_id:
                represented[org_id].add(names.get(meeting.subgroup_id, ""))
    section.blocks.append(
        Paragraph(
            f"{_plural(len(agencies), 'relevant agency', 'relevant agencies')} take part in the "
            "partnership's work alongside the three safeguarding partners, mostly through the "
            "sub-groups."
        )
    )
    if agencies:
        rows = [
            [
                o.name_on(src.end),
                o.get_category_display(),
                ", ".join(sorted(filter(None, represented.get(o.pk, set())))) or "None in the period",
            ]
            for o in sorted(agencies, key=lambda o: (o.category, o.name_on(src.end)))
        ]
        section.blocks.append(
            Table(
                caption="Relevant agencies and the groups they attended in the period",
                columns=[Column("Agency"), Column("Sector"), Column("Groups attended")],
                rows=rows,
            )
        )
    return [section]


def build_arrangements_updates(ctx: Context, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = _section(spec)
    updates = src.arrangements_updates
    if not updates:
        section.blocks.append(
            Paragraph("The published arrangements did not change during the period.")
        )
        section.evidence.append(
            Evidence("arrangements", "The report states that the arrangements did not change.")
        )
        return [section]
    section.blocks.append(
        Paragraph(
            f"The published arrangements changed {_plural(len(updates), 'time')} during the period."
        )
    )
    section.blocks.append(
        Table(
            caption="Updates to the published arrangements",
            columns=[Column("Date"), Column("Change"), Column("What changed"), Column("Timescale")],
            rows=[
                [f"{u.date:%B %Y}", u.title, u.description, u.implementation or "In place"]
                for u in updates
            ],
        )
    )
    for u in updates:
        section.evidence.append(Evidence("arrangements", f"{u.date:%B %Y}: {u.title}"))
    return [section]


def build_attendance_appendix(ctx: Context, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = _section(spec)
    groups = [g for g in src.subgroups if src.meetings_by_subgroup.get(g.pk)]
    if not groups:
        section.blocks.append(Note("No meetings are recorded in the period."))
        return [section]
    attended: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    apologies: dict[int, int] = defaultdict(int)
    for meeting in src.meetings:
        seen: set[int] = set()
        for att in meeting.attendance.all():
            org_id = att.organisation_id or att.person.organisation_id
            if not org_id:
                continue
            if att.status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE):
                if org_id not in seen:
                    attended[org_id][meeting.subgroup_id] += 1
                    seen.add(org_id)
            elif att.status == Attendance.Status.APOLOGIES:
                apologies[org_id] += 1
    columns = [Column("Agency")] + [Column(g.short_name or g.name, numeric=True) for g in groups]
    columns.append(Column("Apologies", numeric=True))
    held_row = ["Meetings held"] + [str(len(src.meetings_by_subgroup[g.pk])) for g in groups] + [""]
    rows = []
    for org in sorted(src.organisations, key=lambda o: (o.kind == "relevant_agency", o.name_on(src.end))):
        if org.pk not in attended and org.pk not in apologies:
            continue
        rows.append(
            [org.name_on(src.end)]
            + [str(attended[org.pk].get(g.pk, 0)) for g in groups]
            + [str(apologies.get(org.pk, 0))]
        )
    section.blocks.append(
        Paragraph(
            "The number of meetings of each group at which each agency was represented "
            "(present or by a substitute), against the meetings held."
        )
    )
    section.blocks.append(
        Table(
            caption=f"Attendance by agency, {_day(src.start)} to {_day(src.end)}",
            columns=columns,
            rows=[held_row, *rows],
            group_rows={0},
        )
    )
    return [section]


def build_custom(ctx: Context, spec: SectionSpec) -> list[Section]:
    return build_narrative(ctx, spec)


def _not_yet(app: str, what: str):
    def build(ctx: Context, spec: SectionSpec) -> list[Section]:
        section = _section(spec)
        section.blocks.append(Note(f"{what} are not available in this installation yet ({app})."))
        return [section]

    return build


BUILDERS = {
    "foreword": build_narrative,
    "executive_summary": build_narrative,
    "conclusion": build_narrative,
    "introduction": build_introduction,
    "executive": build_executive,
    "wider_partnership": build_wider_partnership,
    "subgroups": build_subgroups,
    "arrangements_updates": build_arrangements_updates,
    "appendix_attendance": build_attendance_appendix,
    "key_facts": _not_yet("evidence", "Key performance indicators"),
    "background": _not_yet("evidence", "Inspection records"),
    "priorities": _not_yet("evidence", "Priorities"),
    "case_reviews": _not_yet("reviews", "Case review records"),
    "previous_areas": _not_yet("evidence", "Areas for development from the last report"),
    "appendix_budget": _not_yet("evidence", "Budget records"),
    "appendix_kpis": _not_yet("evidence", "Key performance indicators"),
}


def builder_for(key: str):
    if key.startswith("subgroup:"):
        return build_one_subgroup
    if key.startswith("custom:"):
        return build_custom
    return BUILDERS.get(key)


# ---------------------------------------------------------------------------------------
def assemble(report: Report) -> ReportDocument:
    """The report's document, assembled from the records as they are now. Writes nothing."""
    partnership = report.partnership
    specs = section_specs(partnership)
    ctx = Context(report, specs)
    sections: list[Section] = []
    for spec in specs:
        if spec.hidden:
            continue
        builder = builder_for(spec.key)
        if builder is None:
            continue
        sections.extend(builder(ctx, spec))
    _number(sections)
    src = ctx.src
    return ReportDocument(
        title=report.title,
        partnership_name=partnership.name,
        short_name=partnership.short_name,
        area=partnership.area,
        period_start=report.period_start,
        period_end=report.period_end,
        months=months_between(report.period_start, report.period_end),
        transitional=report.is_transitional,
        edition=report.edition,
        status=report.get_status_display(),
        sections=sections,
        website=partnership.website,
        signatories=src.signatories,
        generated_on=timezone.localdate(),
    )


def _number(sections: list[Section]) -> None:
    main = 0
    appendix = 0
    seen: set[str] = set()
    for section in sections:
        if section.is_appendix:
            section.number = chr(ord("A") + appendix)
            appendix += 1
        else:
            main += 1
            section.number = str(main)
        # Anchors must be unique in the page even if a key repeats.
        while section.anchor in seen:
            section.anchor += "-2"
        seen.add(section.anchor)
