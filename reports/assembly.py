"""Assemble the yearly report from the records: ``assemble(report) -> ReportDocument``.

A pure read. It writes nothing, and its query count depends on the partnership's
section structure, never on the amount of data: every source is loaded once, in a fixed
number of queries, by ``reports.sources.Sources``; the section builders
(``reports.builders``) only arrange what was loaded into dataclasses.

Sections come from the partnership's ``ReportSectionConfig`` rows (or ``default_sections``
when it has none). Each key names a builder in ``BUILDERS``; ``subgroup:<slug>`` places one
sub-group; ``custom:<slug>`` is a narrative written for the report.
"""

from __future__ import annotations

from django.utils import timezone

from reports.builders import core, evidence, reviews
from reports.builders.common import SectionSpec, anchor_for
from reports.document import ReportDocument, Section, number_sections
from reports.models import Report, ReportSectionConfig, months_between
from reports.sources import Context
from subgroups.models import SubGroup

__all__ = [
    "DEFAULT_SECTIONS",
    "SectionSpec",
    "anchor_for",
    "assemble",
    "default_sections",
    "section_specs",
]

NARRATIVE_KEYS = ("foreword", "executive_summary", "conclusion")

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
    SectionSpec("priorities", "Our priorities"),
    SectionSpec("quality_assurance", "Quality assurance"),
    SectionSpec("case_reviews", "Case reviews"),
    SectionSpec("arrangements_updates", "Updates to published arrangements"),
    SectionSpec("previous_areas", "Progress against the last report's areas for development"),
    SectionSpec("conclusion", "Conclusion"),
    SectionSpec("appendix_budget", "Budget", is_appendix=True),
    SectionSpec("appendix_kpis", "Key performance indicators", is_appendix=True),
    SectionSpec("appendix_attendance", "Attendance by agency", is_appendix=True),
]

#: Sections a partnership may add beyond the default list.
OPTIONAL_SECTIONS: list[SectionSpec] = []

BUILDERS = {
    "foreword": core.build_narrative,
    "executive_summary": core.build_narrative,
    "conclusion": core.build_narrative,
    "introduction": core.build_introduction,
    "executive": core.build_executive,
    "wider_partnership": core.build_wider_partnership,
    "subgroups": core.build_subgroups,
    "arrangements_updates": core.build_arrangements_updates,
    "appendix_attendance": core.build_attendance_appendix,
    "key_facts": evidence.build_key_facts,
    "background": evidence.build_background,
    "priorities": evidence.build_priorities,
    "quality_assurance": evidence.build_quality_assurance,
    "previous_areas": evidence.build_previous_areas,
    "appendix_budget": evidence.build_budget_appendix,
    "appendix_kpis": evidence.build_kpi_appendix,
    "case_reviews": reviews.build_case_reviews,
}


def default_sections(partnership) -> list[SectionSpec]:
    """The default structure for this partnership: the executive group's section only where
    a sub-group is marked executive."""
    has_executive = SubGroup.objects.for_partnership(partnership).filter(is_executive=True).exists()
    return [s for s in DEFAULT_SECTIONS if s.key != "executive" or has_executive]


def section_specs(partnership) -> list[SectionSpec]:
    configs = list(ReportSectionConfig.objects.filter(partnership=partnership))
    if not configs:
        return default_sections(partnership)
    return [SectionSpec(c.key, c.title, c.is_appendix, c.hidden) for c in configs]


def builtin_titles() -> dict[str, SectionSpec]:
    return {s.key: s for s in [*DEFAULT_SECTIONS, *OPTIONAL_SECTIONS]}


def builder_for(key: str):
    if key.startswith("subgroup:"):
        return core.build_one_subgroup
    if key.startswith("custom:"):
        return core.build_narrative
    return BUILDERS.get(key)


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
        if builder is not None:
            sections.extend(builder(ctx, spec))
    number_sections(sections)
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
        signatories=ctx.src.signatories,
        generated_on=timezone.localdate(),
    )
