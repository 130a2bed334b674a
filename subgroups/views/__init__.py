"""Sub-group views, one module per page family."""

from subgroups.views.actions import (  # noqa: F401
    action_detail,
    action_edit,
    action_register,
    action_update,
    subgroup_action_register,
)
from subgroups.views.deleting import (  # noqa: F401
    action_delete,
    decision_delete,
    item_delete,
    meeting_delete,
)
from subgroups.views.groups import (  # noqa: F401
    subgroup_chair,
    subgroup_detail,
    subgroup_edit,
    subgroup_list,
    subgroup_member_add,
)
from subgroups.views.meetings import (  # noqa: F401
    action_create,
    attendance_edit,
    decision_edit,
    item_edit,
    meeting_cancel,
    meeting_create,
    meeting_detail,
    meeting_edit,
    minutes_circulate,
    minutes_confirm,
    minutes_return_to_draft,
)
