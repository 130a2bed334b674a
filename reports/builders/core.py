"""Sections assembled from the partnership's own records: narrative, introduction, groups,
wider partnership, arrangements, attendance."""

from __future__ import annotations

from django.utils import timezone

from partnership.editions import Edition
from partnership.models import Organisation, Role
from reports.builders import evidence
from reports.builders.arrangements import versions_table
from reports.builders.common import SectionSpec, day_text, new_section, plural
from reports.builders.education import education_subsection
from reports.checklist import requirements_for
from reports.document import (
    BulletList,
    Column,
    Evidence,
    Fact,
    Facts,
    Markdown,
    Note,
    Paragraph,
    Section,
    Subsection,
    Table,
)
from reports.models import STATUTORY_KINDS, months_between
from reports.sources import MeetingsHeld
from reports.text import render_markdown, with_the
from subgroups.models import SubGroup


def build_narrative(ctx, spec: SectionSpec) -> list[Section]:
    section = new_section(spec)
    narrative = ctx.src.narratives.get(spec.key)
    if narrative is None or not narrative.body.strip():
        section.blocks.append(
            Note(
                f"{with_the(spec.title, capital=True)} has not been written yet. "
                "Write it on the report page."
            )
        )
        return [section]
    section.blocks.append(Markdown(narrative.body, render_markdown(narrative.body)))
    if narrative.signed_as:
        section.blocks.append(Paragraph(narrative.signed_as))
    if spec.key == "conclusion":
        section.evidence.append(
            Evidence("effectiveness", "The conclusion weighs up the arrangements.")
        )
    if spec.key == "executive_summary":
        section.evidence.append(Evidence("effectiveness", "The executive summary."))
    if spec.key == "foreword":
        by = f": {narrative.signed_as}" if narrative.signed_as else ""
        section.evidence.append(Evidence("scrutiny", f"Foreword{by}"))
    return [section]


def build_introduction(ctx, spec: SectionSpec) -> list[Section]:
    src, p = ctx.src, ctx.src.partnership
    section = new_section(spec)
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
    period = f"This report covers {day_text(src.start)} to {day_text(src.end)}"
    if months > 12 and p.predecessor_board and p.transition_date:
        period += (
            f", {months} months. It is a transitional report: {p.predecessor_board} handed over "
            f"to {p.name} on {day_text(p.transition_date)}, and this report takes in the board's "
            "last months so that no period goes unreported."
        )
    elif months > 12:
        period += f", {months} months: a transitional report covering more than one year."
    else:
        period += "."
    section.blocks.append(Paragraph(period))

    section.blocks.append(partners_table(src, ctx.report.working_together))
    chairs = src.roles_on(Role.Kind.INDEPENDENT_CHAIR, src.end)
    if chairs:
        names = " and ".join(r.person.name for r in chairs)
        section.blocks.append(
            Paragraph(f"{names} is the independent chair and scrutineer of the partnership.")
        )
    partnership_chairs = src.roles_on(Role.Kind.PARTNERSHIP_CHAIR, src.end)
    if partnership_chairs:
        names = " and ".join(r.person.name for r in partnership_chairs)
        section.blocks.append(Paragraph(f"{names} chairs the partnership."))
    if src.arrangements_document:
        doc = src.arrangements_document
        text = (
            f"The partners' arrangements are set out in “{doc.title}” (version "
            f"{doc.version_label}, published {day_text(doc.published_on)})."
        )
        section.blocks.append(Paragraph(text + (f" {doc.url}" if doc.url else "")))
    section.blocks.append(Paragraph("The law asks this report to show:"))
    section.blocks.append(
        BulletList(
            [label[0].lower() + label[1:] for _key, label, _parts in requirements_for(src.end)]
        )
    )
    return [section]


def _names(roles: list[Role], organisation_id: int) -> tuple[str, str]:
    mine = [r for r in roles if r.organisation_id == organisation_id]
    return (
        "; ".join(r.person.name for r in mine) or "Not recorded",
        "; ".join(r.title or r.person.job_title for r in mine),
    )


def partners_table(src, edition: Edition) -> Table:
    """The three partners and who acted for each on the period end: under WT2018 the
    delegated lead; under WT2023 the lead safeguarding partner and their delegate."""
    kinds = [k.value for k in STATUTORY_KINDS]
    partners = sorted(
        (o for o in src.members if o.is_statutory_partner), key=lambda o: kinds.index(o.kind)
    )
    delegates = src.roles_on(Role.Kind.DELEGATED_PARTNER, src.end)
    leads = src.roles_on(Role.Kind.LEAD_PARTNER, src.end)
    rows = []
    for org in partners:
        kind = Organisation.Kind(org.kind).label.replace("Statutory partner: ", "").capitalize()
        delegate, delegate_role = _names(delegates, org.pk)
        if edition == Edition.WT2023:
            lead, lead_role = _names(leads, org.pk)
            rows.append(
                [
                    org.name_on(src.end),
                    kind,
                    f"{lead} ({lead_role})" if lead_role else lead,
                    f"{delegate} ({delegate_role})" if delegate_role else delegate,
                ]
            )
        else:
            rows.append([org.name_on(src.end), kind, delegate, delegate_role])
    if edition == Edition.WT2023:
        return Table(
            caption=f"The safeguarding partners, their lead and delegated safeguarding partners "
            f"on {day_text(src.end)}",
            columns=[
                Column("Partner"),
                Column("Type"),
                Column("Lead safeguarding partner"),
                Column("Delegated safeguarding partner"),
            ],
            rows=rows,
        )
    return Table(
        caption=f"The safeguarding partners and their delegated leads on {day_text(src.end)}",
        columns=[Column("Partner"), Column("Type"), Column("Delegated lead"), Column("Role")],
        rows=rows,
    )


def _meeting_span(held: MeetingsHeld) -> str:
    first = timezone.localtime(held.first).date()
    last = timezone.localtime(held.last).date()
    if first == last:
        return f"on {day_text(first)}"
    return f"between {first:%B %Y} and {last:%B %Y}"


def _chair_name(ctx, subgroup: SubGroup) -> tuple[str, str]:
    day = min(ctx.src.end, subgroup.ended_on or ctx.src.end)
    for role in ctx.src.roles_on(Role.Kind.SUBGROUP_CHAIR, day):
        if role.subgroup_id == subgroup.pk:
            person = role.person
            org = ctx.src.org_name(role.organisation_id or person.organisation_id)
            detail = ", ".join(x for x in [role.title or person.job_title, org] if x)
            return person.name, detail
    return "", ""


def subgroup_section(ctx, spec: SectionSpec, subgroup: SubGroup) -> Section:
    src = ctx.src
    section = new_section(spec)
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
    held = src.meetings_held.get(subgroup.pk)
    facts.append(Fact("Meetings in the period", str(held.count if held else 0)))
    if subgroup.established_on and subgroup.established_on >= src.start:
        facts.append(Fact("Established", day_text(subgroup.established_on)))
    counts = src.action_counts.get(subgroup.pk)
    if counts:
        facts.append(
            Fact(
                "Actions agreed in the period",
                str(counts["agreed"]),
                f"{counts['completed']} completed and {counts['open']} still open on "
                f"{day_text(src.end)}",
            )
        )
    section.blocks.append(Facts(facts))

    predecessors = [g for g in subgroup.predecessors.all() if _active_in_period(g, src)]
    sub = Subsection(evidence.transition_title(src), anchor=f"{section.anchor}-transition")
    for group in predecessors:
        held = src.meetings_held.get(group.pk)
        text = f"{group.name}"
        if held:
            text += f" met {plural(held.count, 'time')} {_meeting_span(held)}"
        if group.ended_on:
            text += (
                f" and handed its work to the {subgroup.short_name or subgroup.name} on "
                f"{day_text(group.ended_on)}"
            )
        sub.blocks.append(Paragraph(text + "."))
        if group.terms_of_reference:
            sub.blocks.append(Paragraph(group.terms_of_reference))
    blocks, found = evidence.transition_blocks(ctx, subgroup, predecessors)
    sub.blocks.extend(blocks)
    section.evidence.extend(found)
    if sub.blocks:
        section.subsections.append(sub)

    evidence.heading_subsections(ctx, section, subgroup)
    qa_elsewhere = any(s.key == "quality_assurance" and not s.hidden for s in ctx.specs)
    # Quality assurance sits with the group the partnership names for it; without one,
    # with the executive group, so audits, training and feedback are never left out.
    qa_here = subgroup.pk == src.qa_subgroup_id or (
        src.qa_subgroup_id is None and subgroup.is_executive
    )
    if qa_here and not qa_elsewhere:
        evidence.quality_assurance_subsections(ctx, section)

    if subgroup.is_executive:
        decisions = src.public_decisions.get(subgroup.pk, [])
        if decisions:
            section.subsections.append(
                Subsection(
                    "Decisions recorded in public minutes",
                    [
                        BulletList(
                            [
                                f"{timezone.localtime(d.meeting_starts_at):%d %B %Y}: {d.text}"
                                for d in decisions
                            ]
                        )
                    ],
                    anchor=f"{section.anchor}-decisions",
                )
            )
    return section


def _active_in_period(group: SubGroup, src) -> bool:
    return (group.established_on is None or group.established_on <= src.end) and (
        group.ended_on is None or group.ended_on >= src.start
    )


def build_executive(ctx, spec: SectionSpec) -> list[Section]:
    executive = next((g for g in ctx.src.subgroups if g.is_executive), None)
    if executive is None:
        section = new_section(spec)
        section.blocks.append(Note("No sub-group is marked as the executive group."))
        return [section]
    return [subgroup_section(ctx, spec, executive)]


def _reportable_subgroups(ctx) -> list[SubGroup]:
    return [g for g in ctx.src.subgroups if not g.is_executive and not g.of_predecessor_board]


def build_subgroups(ctx, spec: SectionSpec) -> list[Section]:
    """One section per sub-group not placed elsewhere in the structure."""
    sections = []
    for group in _reportable_subgroups(ctx):
        if group.slug in ctx.placed_subgroups:
            continue
        sub_spec = SectionSpec(f"subgroup:{group.slug}", group.name, spec.is_appendix)
        sections.append(subgroup_section(ctx, sub_spec, group))
    return sections


def build_one_subgroup(ctx, spec: SectionSpec) -> list[Section]:
    slug = spec.key.split(":", 1)[1]
    group = next((g for g in ctx.src.subgroups if g.slug == slug), None)
    if group is None:
        return []  # not active in this period: nothing to report
    return [subgroup_section(ctx, spec, group)]


def build_wider_partnership(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    agencies = [o for o in src.members if not o.is_statutory_partner]
    names = {g.pk: g.short_name or g.name for g in src.subgroups}
    represented = {
        org_id: {names.get(subgroup_id, "") for subgroup_id in by_subgroup}
        for org_id, by_subgroup in src.meetings_attended.items()
    }
    section.blocks.append(
        Paragraph(
            f"{plural(len(agencies), 'relevant agency', 'relevant agencies')} take part in the "
            "partnership's work alongside the three safeguarding partners, mostly through the "
            "sub-groups."
        )
    )
    if agencies:
        rows = [
            [
                o.name_on(src.end),
                o.get_category_display(),
                ", ".join(sorted(filter(None, represented.get(o.pk, set()))))
                or "None in the period",
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
    subsection, found = education_subsection(src, section.anchor)
    section.subsections.append(subsection)
    section.evidence.extend(found)
    return [section]


def build_arrangements_updates(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    updates = src.arrangements_updates
    versions, found = versions_table(src)
    if versions:
        section.blocks.append(versions)
        section.evidence.extend(found)
    if not updates and versions:
        return [section]
    if not updates and src.arrangements_document is None:
        section.blocks.append(
            Note(
                "No published arrangements are recorded for the period. Add the arrangements "
                "document the partners published, and any updates to it."
            )
        )
        return [section]
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
            f"The published arrangements changed {plural(len(updates), 'time')} during the period."
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


def build_attendance_appendix(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    groups = [g for g in src.subgroups if g.pk in src.meetings_held]
    if not groups:
        section.blocks.append(Note("No meetings are recorded in the period."))
        return [section]
    attended, apologies = src.meetings_attended, src.apologies
    columns = [Column("Agency")] + [Column(g.short_name or g.name, numeric=True) for g in groups]
    columns.append(Column("Apologies", numeric=True))
    held_row = ["Meetings held"] + [str(src.meetings_held[g.pk].count) for g in groups] + [""]
    rows = []
    for org in sorted(
        src.organisations, key=lambda o: (o.kind == "relevant_agency", o.name_on(src.end))
    ):
        if org.pk not in attended and org.pk not in apologies:
            continue
        rows.append(
            [org.name_on(src.end)]
            + [str(attended.get(org.pk, {}).get(g.pk, 0)) for g in groups]
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
            caption=f"Attendance by agency, {day_text(src.start)} to {day_text(src.end)}",
            columns=columns,
            rows=[held_row, *rows],
            group_rows={0},
        )
    )
    return [section]
