"""Quality checks modelled on the national Panel's analysis of yearly reports. Advice only.

The Child Safeguarding Practice Review Panel and What Works for Children's Social Care
read a sample of reports each year for prioritisation, progress and impact; how learning
is disseminated and embedded; and the statutory requirements. In 2020-21, 11 of 18
reports showed no impact on children and families, and training was rarely evaluated
beyond attendees' feedback. These checks ask the same questions of the records behind a
draft. They never block a submission or a publication.

A pure read over ``reports.sources.Sources``: a fixed number of queries, whatever the
amount of data. Findings name priorities, courses and feedback exercises, and count
recommendations; they never name a case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from evidence.models import Heading
from reports.models import Report
from reports.sources import Sources


@dataclass
class Link:
    text: str
    url: str
    #: Case-review pages: shown only to those who may see case reviews.
    case_reviews: bool = False


@dataclass
class QualityCheck:
    key: str
    question: str
    satisfied_by: str
    findings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.findings

    @property
    def status_label(self) -> str:
        return "Shown" if self.met else "Worth a look"


def _activity_by_priority(src: Sources) -> dict[int, set[str]]:
    headings: dict[int, set[str]] = defaultdict(set)
    for entries in src.activity.values():
        for entry in entries:
            if entry.priority_id:
                headings[entry.priority_id].add(entry.heading)
    return headings


def check_priority_impact(src: Sources) -> QualityCheck:
    slug = src.partnership.slug
    check = QualityCheck(
        "priority_impact",
        "Each priority shows progress and evidence of impact on children and families, "
        "not only activity",
        "For each priority, activity entries dated in the period and linked to it: at least "
        "one under “Progress and achievements” and one under “Evidence of impact”.",
        links=[
            Link("Priorities", reverse("evidence:priority_list", args=[slug])),
            Link("Sub-group activity", reverse("evidence:activity_overview", args=[slug])),
        ],
    )
    if not src.priorities:
        check.findings.append("No priorities are recorded for the period.")
        check.links.insert(0, Link("Add a priority", reverse("evidence:priority_add", args=[slug])))
        return check
    headings = _activity_by_priority(src)
    for priority in src.priorities:
        found = headings.get(priority.pk, set())
        missing = [
            label
            for heading, label in ((Heading.PROGRESS, "progress"), (Heading.IMPACT, "impact"))
            if heading not in found
        ]
        if missing:
            check.findings.append(f"{priority.name}: no {' and no '.join(missing)} recorded.")
    return check


def check_little_progress_analysed(src: Sources) -> QualityCheck:
    slug = src.partnership.slug
    check = QualityCheck(
        "little_progress",
        "Areas with little or no progress are analysed",
        "For each priority without evidence of impact in the period, an activity entry under "
        "“Areas for development” linked to it, saying why and what will change.",
        links=[Link("Sub-group activity", reverse("evidence:activity_overview", args=[slug]))],
    )
    headings = _activity_by_priority(src)
    for priority in src.priorities:
        found = headings.get(priority.pk, set())
        if Heading.IMPACT not in found and Heading.DEVELOPMENT not in found:
            check.findings.append(
                f"{priority.name}: little or no progress, and no analysis of why "
                "(an area for development)."
            )
    return check


def check_learning_traced(src: Sources) -> QualityCheck:
    slug = src.partnership.slug
    check = QualityCheck(
        "learning_traced",
        "Learning from reviews is traced to the actions that embedded it and their effect",
        "Each review recommendation open in the period linked to at least one action, and "
        "each implemented recommendation with its evidence of impact.",
        links=[
            Link(
                "Case reviews and their recommendations",
                reverse("reviews:review_list", args=[slug]),
                case_reviews=True,
            )
        ],
    )
    recommendations = src.recommendations
    if not recommendations:
        return check
    without_actions = sum(1 for r in recommendations if not r.actions.all())
    implemented = [r for r in recommendations if r.implemented_on]
    without_effect = sum(1 for r in implemented if not r.impact_evidence.strip())
    if without_actions:
        check.findings.append(
            f"{without_actions} of {len(recommendations)} review recommendations have no "
            "action linked to them."
        )
    if without_effect:
        check.findings.append(
            f"{without_effect} of {len(implemented)} implemented recommendations say nothing "
            "about their effect on children and families."
        )
    return check


def check_training_evaluated(src: Sources) -> QualityCheck:
    slug = src.partnership.slug
    check = QualityCheck(
        "training_evaluated",
        "Training is evaluated beyond attendees' satisfaction",
        "For each course run in the period, an evaluation collected in the period that says "
        "what changed in practice afterwards, and how you know.",
        links=[Link("Training", reverse("evidence:course_list", args=[slug]))],
    )
    for course in src.courses:
        if not course.sessions_held:
            continue
        if not any(e.what_changed.strip() for e in course.period_evaluations):
            check.findings.append(
                f"{course.title}: no evaluation of what changed in practice"
                + (" (satisfaction only)." if course.period_evaluations else ".")
            )
            check.links.append(
                Link(
                    f"Add an evaluation of {course.title}",
                    reverse("evidence:evaluation_add", args=[slug, course.pk]),
                )
            )
    return check


def check_feedback_changed_something(src: Sources) -> QualityCheck:
    slug = src.partnership.slug
    check = QualityCheck(
        "feedback_changed",
        "Children's and families' feedback is shown to have changed something",
        "A feedback exercise in the period with “what changed” filled in: what the "
        "partnership did as a result.",
        links=[Link("Add a feedback exercise", reverse("evidence:feedback_add", args=[slug]))],
    )
    if not src.feedback:
        check.findings.append("No feedback from children or families is recorded for the period.")
        return check
    if not any(f.what_changed.strip() for f in src.feedback):
        check.findings.append(
            f"{len(src.feedback)} feedback exercises are recorded, but none says what changed "
            "as a result."
        )
    check.links.append(Link("Feedback", reverse("evidence:feedback_list", args=[slug])))
    return check


CHECKS = (
    check_priority_impact,
    check_little_progress_analysed,
    check_learning_traced,
    check_training_evaluated,
    check_feedback_changed_something,
)


def quality_checks(report: Report) -> list[QualityCheck]:
    """The Panel-style checks of the report's records, in the Panel's order. Advice only."""
    src = Sources(report)
    return [check(src) for check in CHECKS]
