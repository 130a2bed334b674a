"""The evidence the yearly report is assembled from.

Every record answers ``Model.objects.for_partnership(p).between(start, end)``.
"""

from .activity import ActivityEntry, Heading, Priority
from .budget import BudgetPeriod, Contribution, CostCentre, ExpenditureLine, OpeningBalance
from .common import EvidenceSettings
from .inspections import Inspection, Rating
from .kpis import SUPPRESSION_THRESHOLD, Comparison, Indicator, KpiValue, period_label
from .quality import (
    FeedbackExercise,
    MultiAgencyAudit,
    SchoolAudit,
    SchoolAuditCount,
    Section11Cycle,
    Section11Return,
)
from .training import Course, CourseEvaluation, DeliveryMode, SessionAttendance, TrainingSession

__all__ = [
    "SUPPRESSION_THRESHOLD",
    "ActivityEntry",
    "BudgetPeriod",
    "Comparison",
    "Contribution",
    "CostCentre",
    "Course",
    "CourseEvaluation",
    "DeliveryMode",
    "EvidenceSettings",
    "ExpenditureLine",
    "FeedbackExercise",
    "Heading",
    "Indicator",
    "Inspection",
    "KpiValue",
    "MultiAgencyAudit",
    "OpeningBalance",
    "Priority",
    "Rating",
    "SchoolAudit",
    "SchoolAuditCount",
    "Section11Cycle",
    "Section11Return",
    "SessionAttendance",
    "TrainingSession",
    "period_label",
]
