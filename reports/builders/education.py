"""How education and childcare took part: a sub-section of the wider partnership.

Working Together 2023 expects education and childcare settings at the table, and the
Children's Wellbeing and Schools Bill makes them mandatory participants. Agencies are
counted as education and childcare by their dated category in the Schedule to SI 2018/789
on the last day of the period; the section shows their membership of the groups, their
attendance, and the section 175/157 audits of schools' safeguarding.
"""

from __future__ import annotations

from collections import defaultdict

from partnership.models import Role, ScheduleCategory
from reports.builders.common import plural
from reports.document import BulletList, Column, Evidence, Note, Paragraph, Subsection, Table


def education_agencies(src) -> list:
    return [o for o in src.members if o.schedule_category_on(src.end) == ScheduleCategory.EDUCATION]


def education_subsection(src, anchor: str) -> tuple[Subsection, list[Evidence]]:
    agencies = education_agencies(src)
    ids = {o.pk for o in agencies}
    evidence: list[Evidence] = []
    blocks: list = []
    names = {g.pk: g.short_name or g.name for g in src.subgroups}

    groups: dict[int, set[str]] = defaultdict(set)
    for role in src.roles:
        org_id = role.organisation_id or role.person.organisation_id
        if role.kind in Role.SUBGROUP_KINDS and org_id in ids and role.subgroup_id in names:
            groups[org_id].add(names[role.subgroup_id])
    # From the period's attendance tally: a meeting belongs to one group, so the meetings
    # an agency attended are the sum over the groups.
    attended = {org: sum(by_group.values()) for org, by_group in src.meetings_attended.items()}
    apologies = src.apologies

    if not agencies:
        blocks.append(
            Note(
                "No relevant agency is recorded in the education and childcare category of the "
                "Schedule to SI 2018/789 on the last day of the period. Add the schools, "
                "colleges and early years settings that take part, with their category."
            )
        )
    else:
        counted = plural(
            len(agencies), "education and childcare agency", "education and childcare agencies"
        )
        blocks.append(Paragraph(f"{counted} took part in the arrangements in the period."))
        blocks.append(
            Table(
                caption="Education and childcare: membership and attendance in the period",
                columns=[
                    Column("Agency"),
                    Column("Member of"),
                    Column("Meetings attended", numeric=True),
                    Column("Apologies", numeric=True),
                ],
                rows=[
                    [
                        o.name_on(src.end),
                        ", ".join(sorted(groups.get(o.pk, set()))) or "No group",
                        str(attended.get(o.pk, 0)),
                        str(apologies.get(o.pk, 0)),
                    ]
                    for o in sorted(agencies, key=lambda o: o.name_on(src.end))
                ],
            )
        )
        for o in agencies:
            if groups.get(o.pk) or attended.get(o.pk):
                evidence.append(
                    Evidence("education", f"{o.name_on(src.end)} took part in the groups")
                )

    audits = []
    for audit in src.school_audits:
        rate = audit.return_rate
        audits.append(
            f"{audit.title}: {audit.returns_received} of {audit.schools_asked} returned"
            + (f" ({rate.normalize():f}%)" if rate is not None else "")
        )
        evidence.append(Evidence("education", f"Section 175/157 audit: {audit.title}"))
    if audits:
        blocks.append(
            Paragraph("Schools' and colleges' safeguarding audits (sections 175 and 157):")
        )
        blocks.append(BulletList(audits))
    else:
        blocks.append(Paragraph("No section 175/157 audit of schools reported in the period."))
    return Subsection("Education and childcare", blocks, anchor=f"{anchor}-education"), evidence
