"""Case reviews: incidents, rapid reviews, practice reviews, earlier and national reviews,
recommendations, and the logs that guard restricted records."""

from reviews.models.incidents import (
    IdentifyingDetails,
    RapidReview,
    SeriousIncident,
)
from reviews.models.learning import (
    LearningBriefing,
    LegacyReview,
    NationalReviewConsidered,
    Recommendation,
)
from reviews.models.logs import ReminderSent, RestrictedAccessLog
from reviews.models.practice import Milestone, PracticeReview, ReviewHold

__all__ = [
    "IdentifyingDetails",
    "LearningBriefing",
    "LegacyReview",
    "Milestone",
    "NationalReviewConsidered",
    "PracticeReview",
    "RapidReview",
    "Recommendation",
    "ReminderSent",
    "RestrictedAccessLog",
    "ReviewHold",
    "SeriousIncident",
]
