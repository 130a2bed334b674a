"""Sections and sub-sections assembled from the evidence records: sub-group activity under the
report headings, priorities, quality assurance (audits, feedback, training), KPIs with
charts, inspections, the budget appendix, and progress against the last report."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from reports.builders.common import SectionSpec, day_text, new_section, plural
from reports.document import (
    Bar,
    BulletList,
    Chart,
    Column,
    Evidence,
    Note,
    Paragraph,
    PublishedFigure,
    Section,
    Subsection,
    Table,
)

HEADING_ORDER = ["progress", "impact", "voice", "development", "next_steps"]
HEADING_EVIDENCE = {
    "impact": ("impact", "effectiveness"),
    "voice": ("feedback",),
    "development": ("little_progress",),
}
LIST_HEADINGS = {"development", "next_steps"}
MAX_KEY_FACT_CHARTS = 2


def _headings():
    from evidence.models import Heading

    return Heading


# --- sub-group sections: activity under the report headings -----------------------------
def transition_cutoff(src):
    """The day the partnership replaced the board, when that falls inside the period."""
    day = src.partnership.transition_date
    if day and src.start <= day < src.end:
        return day
    return None


def transition_title(src) -> str:
    cutoff = transition_cutoff(src)
    board = src.partnership.predecessor_board
    if cutoff and board:
        return f"{board} period ({src.start:%B %Y} to {cutoff:%B %Y})"
    return "Transition period: the work of the predecessor groups"


def transition_blocks(ctx, subgroup, predecessors) -> tuple[list, list[Evidence]]:
    """Entries of this group before the transition, and of its predecessor groups."""
    src = ctx.src
    cutoff = transition_cutoff(src)
    entries = []
    if cutoff:
        entries += [e for e in src.activity.get(subgroup.pk, []) if e.date <= cutoff]
    for group in predecessors:
        entries += src.activity.get(group.pk, [])
    entries.sort(key=lambda e: (e.date, e.pk))
    evidence = [
        Evidence(req, f"{subgroup.name}: {e.text[:80]}")
        for e in entries
        for req in HEADING_EVIDENCE.get(e.heading, ())
    ]
    return [Paragraph(e.text) for e in entries], evidence


def heading_subsections(ctx, section: Section, subgroup) -> None:
    """One sub-section per report heading, from the group's entries after the transition."""
    src = ctx.src
    cutoff = transition_cutoff(src)
    entries = [e for e in src.activity.get(subgroup.pk, []) if not cutoff or e.date > cutoff]
    by_heading = defaultdict(list)
    for entry in entries:
        by_heading[entry.heading].append(entry)
    labels = dict(_headings().choices)
    for heading in HEADING_ORDER:
        rows = by_heading.get(heading)
        if not rows:
            if heading == "impact":
                section.subsections.append(
                    Subsection(
                        labels[heading],
                        [
                            Note(
                                f"No evidence of impact is recorded for {subgroup.name} in the "
                                "period. "
                                "Ask the chair to add it: what changed for children and families?"
                            )
                        ],
                        anchor=f"{section.anchor}-{heading}",
                    )
                )
            continue
        if heading in LIST_HEADINGS:
            blocks = [BulletList([e.text for e in rows])]
        else:
            blocks = [Paragraph(e.text) for e in rows]
        section.subsections.append(
            Subsection(
                labels[heading], blocks, anchor=f"{section.anchor}-{heading.replace('_', '-')}"
            )
        )
        for entry in rows:
            for requirement in HEADING_EVIDENCE.get(heading, ()):
                section.evidence.append(
                    Evidence(requirement, f"{subgroup.name}: {entry.text[:80]}")
                )


# --- quality assurance: audits, section 11 / 175, training, feedback ---------------------
def quality_assurance_subsections(ctx, section: Section) -> None:
    src = ctx.src
    anchor = section.anchor
    if src.audits:
        rows = [
            [
                a.theme,
                ", ".join(sorted(src.org_name(o.pk) for o in a.agencies.all())),
                a.get_status_display() + (f": {a.status_note}" if a.status_note else ""),
                a.findings or "Not yet reported",
            ]
            for a in src.audits
        ]
        section.subsections.append(
            Subsection(
                "Multi-agency audits",
                [
                    Paragraph(
                        f"{plural(len(src.audits), 'multi-agency audit')} ran during the period."
                    ),
                    Table(
                        caption="Multi-agency audits in the period",
                        columns=[
                            Column("Theme"),
                            Column("Agencies"),
                            Column("Status"),
                            Column("Findings"),
                        ],
                        rows=rows,
                    ),
                ],
                anchor=f"{anchor}-audits",
            )
        )
        for audit in src.audits:
            if audit.findings and audit.completed_on:
                section.evidence.append(Evidence("effectiveness", f"Audit: {audit.theme}"))

    statutory = []
    for cycle in src.section11_cycles:
        returns = list(cycle.returns.all())
        returned = sum(1 for r in returns if r.status == "returned")
        text = (
            f"{cycle.title}: launched {day_text(cycle.launched_on)}, due {day_text(cycle.due_on)}"
        )
        if returns:
            text += f"; {returned} of {len(returns)} agencies have returned it"
        statutory.append(Paragraph(text + "."))
        if cycle.description:
            statutory.append(Paragraph(cycle.description))
    for audit in src.school_audits:
        rate = audit.return_rate
        statutory.append(
            Paragraph(
                f"{audit.title}: {audit.returns_received} of {audit.schools_asked} "
                "schools returned it" + (f" ({rate.normalize():f}%)." if rate is not None else ".")
            )
        )
        counts = list(audit.counts.all())
        if counts:
            statutory.append(BulletList([f"{c.count:,} {c.label}" for c in counts]))
        if audit.summary:
            statutory.append(Paragraph(audit.summary))
    if statutory:
        section.subsections.append(
            Subsection(
                "Audits of agencies' and schools' safeguarding", statutory, anchor=f"{anchor}-s11"
            )
        )

    courses = src.courses
    if courses:
        rows, blocks = [], []
        for course in courses:
            evaluation = next(iter(reversed(course.period_evaluations)), None)
            rows.append(
                [
                    course.title,
                    course.get_delivery_mode_display(),
                    str(course.sessions_held),
                    f"{course.attended:,}" if course.sessions_held else "",
                    f"{evaluation.satisfaction_percent}% satisfied"
                    if evaluation and evaluation.satisfaction_percent is not None
                    else course.get_status_display(),
                ]
            )
            if course.sessions_held:
                section.evidence.append(Evidence("training", f"Training: {course.title}"))
            for ev in course.period_evaluations:
                if ev.what_changed:
                    blocks.append(Paragraph(f"{course.title}: {ev.what_changed}"))
                    section.evidence.append(
                        Evidence("impact", f"Training changed practice: {course.title}")
                    )
        section.subsections.append(
            Subsection(
                "Learning and development",
                [
                    Table(
                        caption="Multi-agency training in the period",
                        columns=[
                            Column("Course"),
                            Column("Delivery"),
                            Column("Sessions", numeric=True),
                            Column("People trained", numeric=True),
                            Column("Evaluation"),
                        ],
                        rows=rows,
                    ),
                    *(
                        [Paragraph("What changed in practice afterwards:")] + blocks
                        if blocks
                        else []
                    ),
                ],
                anchor=f"{anchor}-training",
            )
        )

    if src.feedback:
        blocks = []
        for exercise in src.feedback:
            who = f" with {exercise.who}" if exercise.who else ""
            line = f"{exercise.title} ({exercise.get_method_display().lower()}{who}"
            if exercise.respondents is not None:
                line += f", {plural(exercise.respondents, 'respondent')}"
                section.figures.append(
                    PublishedFigure(
                        f"Respondents to {exercise.title}", exercise.respondents, section.title
                    )
                )
            blocks.append(Paragraph(line + ")."))
            if exercise.what_they_said:
                blocks.append(Paragraph(f"What they told us: {exercise.what_they_said}"))
            if exercise.what_changed:
                blocks.append(Paragraph(f"What we did: {exercise.what_changed}"))
            section.evidence.append(Evidence("feedback", f"Feedback: {exercise.title}"))
        section.subsections.append(
            Subsection("What children and families told us", blocks, anchor=f"{anchor}-feedback")
        )


def build_quality_assurance(ctx, spec: SectionSpec) -> list[Section]:
    section = new_section(spec)
    quality_assurance_subsections(ctx, section)
    if not section.subsections:
        section.blocks.append(Note("No audits, training or feedback are recorded for the period."))
    return [section]


# --- key facts and the KPI appendix -------------------------------------------------------
def _kpis_by_indicator(src) -> list[tuple[object, list]]:
    grouped: dict[int, list] = defaultdict(list)
    indicators = {}
    for value in src.kpi_values:
        grouped[value.indicator_id].append(value)
        indicators[value.indicator_id] = value.indicator
    return [(indicators[i], grouped[i]) for i in grouped]


def _change_text(value) -> str:
    """ "+36% on Jan–Sep 2019"; percentages change in points; small changes keep a decimal."""
    comparison = value.comparison()
    if comparison.previous is None or value.suppressed_in_publication:
        return ""
    if value.indicator.unit == "percent":
        points = comparison.change.quantize(Decimal("0.1"))
        sign = "+" if points > 0 else ""
        return f"{sign}{points.normalize():f} points on {value.previous_period_label()}"
    if comparison.change_percent is None:
        return ""
    pct = comparison.change_percent
    shown = f"{pct.normalize():f}" if abs(pct) < 10 else str(comparison.change_percent_whole)
    sign = "+" if pct > 0 else ""
    return f"{sign}{shown}% on {value.previous_period_label()}"


def _chart(indicator, values) -> Chart:
    bars = [
        Bar(
            v.period_label,
            None if v.suppressed_in_publication else float(v.value),
            v.published_text(),
        )
        for v in values
    ]
    description = f"{indicator.name}: " + "; ".join(f"{b.label} {b.text}" for b in bars) + "."
    return Chart(
        title=indicator.name, description=description, bars=bars, unit=indicator.get_unit_display()
    )


def _figure(section: Section, value) -> None:
    if value.indicator.unit == "count" and not value.suppressed_in_publication:
        section.figures.append(
            PublishedFigure(
                f"{value.indicator.name} ({value.period_label})", value.value, section.title
            )
        )


def build_key_facts(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    series = _kpis_by_indicator(src)
    if not series:
        section.blocks.append(Note("No key performance indicators are recorded yet."))
        return [section]
    section.blocks.append(
        Paragraph(
            f"The latest figures about {src.partnership.area or 'the area'} and its children at "
            f"{day_text(src.end)}, with the change on the period before where it is known."
        )
    )
    rows = []
    for indicator, values in series:
        latest = values[-1]
        rows.append(
            [indicator.name, latest.published_text(), latest.period_label, _change_text(latest)]
        )
        _figure(section, latest)
    section.blocks.append(
        Table(
            caption="Key facts",
            columns=[
                Column("Measure"),
                Column("Figure", numeric=True),
                Column("Period"),
                Column("Change"),
            ],
            rows=rows,
            notes=[
                "Counts under 5 are shown as “fewer than 5” so that no child can be identified."
            ],
        )
    )
    charts = 0
    for indicator, values in series:
        in_period = [v for v in values if v.period_end >= src.start]
        if len(in_period) >= 2 and charts < MAX_KEY_FACT_CHARTS:
            section.blocks.append(_chart(indicator, in_period))
            charts += 1
    return [section]


def build_kpi_appendix(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    series = [
        (indicator, [v for v in values if v.period_end >= src.start])
        for indicator, values in _kpis_by_indicator(src)
    ]
    series = [(i, v) for i, v in series if v]
    if not series:
        section.blocks.append(Note("No key performance indicator values fall in the period."))
        return [section]
    section.blocks.append(
        Paragraph(
            "Every indicator the partnership monitored, for each period that ended in the "
            "report's period."
        )
    )
    rows = []
    for indicator, values in series:
        for value in values:
            rows.append(
                [indicator.name, value.period_label, value.published_text(), _change_text(value)]
            )
            _figure(section, value)
    section.blocks.append(
        Table(
            caption="Key performance indicators",
            columns=[
                Column("Indicator"),
                Column("Period"),
                Column("Value", numeric=True),
                Column("Change"),
            ],
            rows=rows,
            notes=[
                "Counts under 5 are shown as “fewer than 5” so that no child can be identified."
            ],
        )
    )
    for indicator, values in series:
        if len(values) >= 2:
            section.blocks.append(_chart(indicator, values))
    return [section]


# --- background: inspections --------------------------------------------------------------
def build_background(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    if not src.inspections:
        section.blocks.append(Note("No inspections of the partner agencies are recorded."))
        return [section]
    section.blocks.append(
        Paragraph(
            "Inspections of the partners and relevant agencies give an independent view of "
            "their strengths and of what needs to improve. The partnership uses them to decide "
            "where joint work should focus."
        )
    )
    rows = [
        [
            src.org_name(i.organisation_id),
            i.get_inspectorate_display(),
            i.title,
            f"{i.published_on:%B %Y}",
            i.get_overall_rating_display(),
            i.get_safeguarding_rating_display() or "Not judged separately",
        ]
        for i in src.inspections
    ]
    section.blocks.append(
        Table(
            caption="Inspections of the partner agencies",
            columns=[
                Column("Agency"),
                Column("Inspectorate"),
                Column("Inspection"),
                Column("Published"),
                Column("Overall"),
                Column("Safeguarding"),
            ],
            rows=rows,
        )
    )
    for i in src.inspections:
        blocks = [Paragraph(i.key_findings)]
        if i.url:
            blocks.append(Paragraph(f"The report: {i.url}"))
        section.subsections.append(
            Subsection(
                f"{src.org_name(i.organisation_id)}: {i.title} ({i.published_on:%B %Y})",
                blocks,
                anchor=f"{section.anchor}-{i.pk}",
            )
        )
    return [section]


# --- priorities ---------------------------------------------------------------------------
def build_priorities(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    if not src.priorities:
        section.blocks.append(Note("No priorities are recorded for the period."))
        return [section]
    impact_entries = defaultdict(list)
    for entries in src.activity.values():
        for entry in entries:
            if entry.priority_id and entry.heading == "impact":
                impact_entries[entry.priority_id].append(entry)
    for priority in src.priorities:
        blocks = []
        if priority.description:
            blocks.append(Paragraph(priority.description))
        blocks.append(
            Paragraph(
                f"{plural(priority.activity_count, 'piece')} of work recorded in the period, "
                f"{priority.impact_count} with evidence of impact."
            )
        )
        if impact_entries.get(priority.pk):
            blocks.append(BulletList([e.text for e in impact_entries[priority.pk]]))
            for entry in impact_entries[priority.pk]:
                section.evidence.append(Evidence("impact", f"{priority.name}: {entry.text[:80]}"))
        if priority.activity_count == 0 or priority.impact_count == 0:
            blocks.append(
                Paragraph(
                    "Little or no evidence of progress yet: the work recorded on this priority "
                    "describes activity, not what changed for children and families."
                    if priority.activity_count
                    else "No work on this priority is recorded in the period."
                )
            )
            section.evidence.append(
                Evidence("little_progress", f"Priority with little progress: {priority.name}")
            )
        section.subsections.append(
            Subsection(priority.name, blocks, anchor=f"{section.anchor}-{priority.pk}")
        )
    return [section]


# --- progress against the last report's areas for development ------------------------------
def build_previous_areas(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    previous = src.previous_development
    start, end = src.previous_period
    if not previous:
        section.blocks.append(
            Paragraph(
                f"No areas for development are recorded for the previous period ({day_text(start)} "
                f"to {day_text(end)})."
            )
        )
        section.blocks.append(
            Note(
                "If the last report named areas for development, add them as activity entries "
                "dated in its period, under “Areas for development”."
            )
        )
        return [section]
    rows = []
    for entry in previous:
        now = [
            e
            for e in src.activity.get(entry.subgroup_id, [])
            if e.heading in ("progress", "impact")
        ]
        progress = sum(1 for e in now if e.heading == "progress")
        impact = sum(1 for e in now if e.heading == "impact")
        if now:
            followed = (
                f"{plural(progress, 'piece')} of progress and {impact} of impact "
                "recorded this period"
            )
        else:
            followed = "No progress recorded this period"
            section.evidence.append(Evidence("little_progress", f"No progress: {entry.text[:80]}"))
        rows.append([entry.subgroup_name, entry.text, followed])
    section.blocks.append(
        Table(
            caption=f"Areas for development from {day_text(start)} to {day_text(end)}",
            columns=[Column("Group"), Column("Area for development"), Column("This period")],
            rows=rows,
        )
    )
    section.evidence.append(Evidence("little_progress", "Progress against the last report's areas"))
    return [section]


# --- budget appendix ----------------------------------------------------------------------
def money(amount: Decimal) -> str:
    from evidence.budget import whole_pounds

    pounds = whole_pounds(amount)
    return f"−£{-pounds:,}" if pounds < 0 else f"£{pounds:,}"


def build_budget_appendix(ctx, spec: SectionSpec) -> list[Section]:
    src = ctx.src
    section = new_section(spec)
    summary, overlapping = src.budget
    if summary is None:
        section.blocks.append(Note("No budget is recorded for the period."))
        return [section]
    current_names = {o.name: o.name_on(src.end) for o in src.organisations}
    centres = summary.centres
    columns = [Column("")] + [Column(f"{c.name} ({c.code})", numeric=True) for c in centres]
    columns.append(Column("Total", numeric=True))

    def row(label, amounts, total):
        return [label, *(money(a) for a in amounts), money(total)]

    rows, groups = [], set()
    opening = summary.opening_row()
    rows.append(
        row(f"Holding account at {day_text(summary.starts_on)}", opening.amounts, opening.total)
    )
    groups.add(len(rows))
    rows.append(["Income", *([""] * (len(centres) + 1))])
    for r in summary.contributions:
        rows.append(row(current_names.get(r.label, r.label), r.amounts, r.total))
        section.evidence.append(
            Evidence("contribution", f"Contribution: {current_names.get(r.label, r.label)}")
        )
    income = summary.income_row()
    rows.append(row("Total income", income.amounts, income.total))
    groups.add(len(rows))
    rows.append(["Expenditure", *([""] * (len(centres) + 1))])
    for r in summary.expenditure:
        rows.append(row(r.label, r.amounts, r.total))
    spent = summary.expenditure_row()
    rows.append(row("Total expenditure", spent.amounts, spent.total))
    net = summary.net_row()
    footer = [
        row("Net position", net.amounts, net.total),
        ["Surplus or deficit", *(c.position for c in centres), summary.position],
        row(
            f"Holding account at {day_text(summary.ends_on)}",
            summary.closing_row().amounts,
            summary.closing_total,
        ),
    ]
    section.blocks.append(
        Paragraph(
            f"Income {money(summary.income_total)} from the partners; expenditure "
            f"{money(summary.expenditure_total)}; a net {summary.position} of "
            f"{money(abs(summary.net_total))} for {summary.period_title}."
        )
    )
    section.blocks.append(
        Table(
            caption=f"Income and expenditure, {day_text(summary.starts_on)} to "
            f"{day_text(summary.ends_on)}",
            columns=columns,
            rows=rows,
            footer=footer,
            group_rows=groups,
            notes=[
                "Income and expenditure are shown as positive sums; the net position is income "
                "minus expenditure, so a positive figure is a surplus. The closing holding "
                "account is the opening balance plus the net position. Amounts are rounded to "
                "whole pounds; totals are computed from the unrounded amounts."
            ]
            + (
                [
                    "Another budget period also overlaps the report's period; its figures are "
                    "in its own report."
                ]
                if overlapping > 1
                else []
            ),
        )
    )
    return [section]
