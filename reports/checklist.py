"""The statutory checklist: where the draft evidences each thing the law asks the report to show.

The items come from the edition of Working Together in force on the report's period end
(``requirements_for``): WT2018 chapter 3 before 15 December 2023, WT2023 chapter 2 after.
Reads only the assembled document (builders tag what they put in with ``Evidence``), so
the checklist always matches what would be published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from partnership.editions import Edition, edition_on
from reports.document import ReportDocument
from reports.text import without_lead

Requirement = tuple[str, str, tuple[str, ...]]

#: WT2018 chapter 3. Requirement key, label, and the sub-parts that must all be evidenced.
REQUIREMENTS: list[Requirement] = [
    ("cspr", "Details of, and learning from, child safeguarding practice reviews", ("cspr",)),
    (
        "impact",
        "Evidence of the impact of the work, including training, on outcomes for children "
        "and families",
        ("impact", "training"),
    ),
    (
        "little_progress",
        "Analysis of areas where there has been little or no progress on agreed priorities",
        ("little_progress",),
    ),
    (
        "review_actions",
        "Decisions and actions taken on the recommendations of local and national reviews",
        ("review_actions",),
    ),
    (
        "feedback",
        "How feedback from children and families was sought and used to inform the work",
        ("feedback",),
    ),
    (
        "arrangements",
        "Updates to the published arrangements and their timescale",
        ("arrangements",),
    ),
    ("effectiveness", "How effective the arrangements have been in practice", ("effectiveness",)),
]

#: WT2023 chapter 2: the same questions asked of the lead safeguarding partners, and three
#: more: education and childcare at the table, each partner's contribution, and what
#: independent scrutiny found.
WT2023_REQUIREMENTS: list[Requirement] = [
    ("cspr", "Details of, and learning from, child safeguarding practice reviews", ("cspr",)),
    (
        "impact",
        "Evidence of the impact of the work of the partners and relevant agencies, including "
        "training, on outcomes for children and families, from early help to care leavers",
        ("impact", "training"),
    ),
    (
        "little_progress",
        "Analysis of areas where there has been little or no evidence of progress on agreed "
        "priorities",
        ("little_progress",),
    ),
    (
        "review_actions",
        "Decisions and actions taken by the lead safeguarding partners on the recommendations "
        "of local and national reviews, and the improvements that followed",
        ("review_actions",),
    ),
    (
        "feedback",
        "How feedback from children and families was sought and used to inform the work and "
        "influence services",
        ("feedback",),
    ),
    (
        "education",
        "How education and childcare settings took part in the arrangements",
        ("education",),
    ),
    (
        "contribution",
        "What each safeguarding partner contributed to the arrangements, including funding",
        ("contribution",),
    ),
    (
        "scrutiny",
        "What independent scrutiny found about the arrangements (the scrutineer's foreword)",
        ("scrutiny",),
    ),
    (
        "arrangements",
        "Updates to the published arrangements and their timescale",
        ("arrangements",),
    ),
    ("effectiveness", "How effective the arrangements have been in practice", ("effectiveness",)),
]

BY_EDITION: dict[Edition, list[Requirement]] = {
    Edition.WT2018: REQUIREMENTS,
    Edition.WT2023: WT2023_REQUIREMENTS,
}


def requirements_for(period_end: dt.date) -> list[Requirement]:
    """The checklist items of the edition in force on the period end."""
    return BY_EDITION[edition_on(period_end)]


PART_LABELS = {
    "impact": "evidence of impact",
    "training": "training and its effect",
}


#: Where each gap is filled: the section that shows the part (with its default title), and
#: the page where its records are kept (URL name taking the partnership's slug, and a label).
WHERE_FILLED: dict[str, tuple[str, str, str, str]] = {
    "cspr": ("case_reviews", "Case reviews", "reviews:review_list", "Record the case reviews"),
    "impact": (
        "priorities",
        "Our priorities",
        "evidence:activity_overview",
        "Record the impact in the sub-groups' activity",
    ),
    "training": (
        "quality_assurance",
        "Quality assurance",
        "evidence:course_list",
        "Record training courses, sessions and evaluations",
    ),
    "little_progress": (
        "priorities",
        "Our priorities",
        "evidence:priority_list",
        "Record the priorities and the work on them",
    ),
    "review_actions": (
        "case_reviews",
        "Case reviews",
        "reviews:review_list",
        "Record the reviews' recommendations and progress",
    ),
    "feedback": (
        "quality_assurance",
        "Quality assurance",
        "evidence:feedback_list",
        "Record how children and families were asked",
    ),
    "arrangements": (
        "arrangements_updates",
        "Updates to published arrangements",
        "partnership:arrangements",
        "Record updates to the arrangements",
    ),
    "effectiveness": (
        "quality_assurance",
        "Quality assurance",
        "evidence:audit_list",
        "Record multi-agency audits and their findings",
    ),
}


@dataclass
class Fix:
    """A link to the page that fills a gap: a section to add, or records to enter."""

    text: str
    url_name: str


@dataclass
class Place:
    section: str
    anchor: str
    description: str


@dataclass
class ChecklistItem:
    key: str
    label: str
    places: list[Place] = field(default_factory=list)
    missing_parts: list[str] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.places:
            return "missing"
        return "partly" if self.missing_parts else "evidenced"

    @property
    def status_label(self) -> str:
        return {"missing": "Missing", "partly": "Partly evidenced", "evidenced": "Evidenced"}[
            self.status
        ]


def checklist(document: ReportDocument) -> list[ChecklistItem]:
    found: dict[str, list[Place]] = {}
    for section in document.sections:
        for evidence in section.evidence:
            found.setdefault(evidence.requirement, []).append(
                # Under the sub-group's own heading, its name is not said again.
                Place(
                    section.heading,
                    section.anchor,
                    without_lead(evidence.description, section.title),
                )
            )
    shown = {section.key for section in document.sections}
    items = []
    for key, label, parts in requirements_for(document.period_end):
        places = [p for part in parts for p in found.get(part, [])]
        gaps = [p for p in parts if not found.get(p)]
        missing = [PART_LABELS.get(p, p) for p in gaps]
        item = ChecklistItem(key, label, places, missing if places else [])
        item.fixes = _fixes(gaps, shown)
        items.append(item)
    return items


def _fixes(gaps: list[str], shown: set[str]) -> list[Fix]:
    fixes: list[Fix] = []
    for part in gaps:
        if part not in WHERE_FILLED:
            continue
        section_key, title, url_name, text = WHERE_FILLED[part]
        if section_key not in shown:
            fix = Fix(f"Add the “{title}” section to the report", "reports:section_list")
        else:
            fix = Fix(text, url_name)
        if fix not in fixes:
            fixes.append(fix)
    return fixes


def missing_items(document: ReportDocument) -> list[ChecklistItem]:
    return [item for item in checklist(document) if item.status != "evidenced"]
