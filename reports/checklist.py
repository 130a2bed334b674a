"""The statutory checklist: where the draft evidences each thing the law asks the report to show.

Working Together to Safeguard Children 2018, chapter 3. Reads only the assembled
document (builders tag what they put in with ``Evidence``), so the checklist always
matches what would be published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.document import ReportDocument

#: Requirement key, label, and the sub-parts that must all be evidenced.
REQUIREMENTS: list[tuple[str, str, tuple[str, ...]]] = [
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

PART_LABELS = {
    "impact": "evidence of impact",
    "training": "training and its effect",
}


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
                Place(section.heading, section.anchor, evidence.description)
            )
    items = []
    for key, label, parts in REQUIREMENTS:
        places = [p for part in parts for p in found.get(part, [])]
        missing = [PART_LABELS.get(p, p) for p in parts if not found.get(p)]
        items.append(ChecklistItem(key, label, places, missing if places else []))
    return items


def missing_items(document: ReportDocument) -> list[ChecklistItem]:
    return [item for item in checklist(document) if item.status != "evidenced"]
