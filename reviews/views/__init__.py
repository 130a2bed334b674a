"""Case-review pages. The case review group and the business manager reach them, the
scrutineers read them by pseudonym; everyone else gets 404 (see ``common.review_access``)."""

from reviews.views.incidents import (  # noqa: F401
    case_export,
    deadlines,
    identifying_details,
    identifying_details_edit,
    incident_create,
    incident_detail,
    incident_edit,
    incident_notify,
    practice_review_commission,
    rapid_review_edit,
    rapid_review_response,
    rapid_review_send,
    review_list,
)
from reviews.views.learning import (  # noqa: F401
    briefing_create,
    legacy_review_detail,
    legacy_review_edit,
    national_review_detail,
    national_review_edit,
    recommendation_action_create,
    recommendation_create,
    recommendation_detail,
    recommendation_edit,
    recommendation_status,
)
from reviews.views.practice import (  # noqa: F401
    milestone_edit,
    practice_review_detail,
    practice_review_edit,
    practice_review_move,
)
