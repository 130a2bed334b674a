"""A statutory deadline and its state on a day (plain Python, no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class State:
    DUE = "due"
    MET = "met"
    OVERDUE = "overdue"
    LATE = "late"
    NOT_STARTED = "not_started"

    LABELS = {
        DUE: "Due",
        MET: "Met",
        OVERDUE: "Overdue",
        LATE: "Met late",
        NOT_STARTED: "Clock not started",
    }
    # GOV.UK tag colour for each state.
    COLOURS = {DUE: "blue", MET: "green", OVERDUE: "red", LATE: "orange", NOT_STARTED: "grey"}


@dataclass(frozen=True)
class Deadline:
    """What is due, by when, when it was done; ``record`` is the review it belongs to."""

    label: str
    rule: str
    due_on: dt.date | None
    done_on: dt.date | None
    state: str
    record: object = None
    late_reason: str = ""

    @property
    def state_label(self) -> str:
        return State.LABELS[self.state]

    @property
    def colour(self) -> str:
        return State.COLOURS[self.state]

    @property
    def is_outstanding(self) -> bool:
        return self.state in (State.DUE, State.OVERDUE)


def deadline(
    label: str,
    *,
    rule: str,
    due_on: dt.date | None,
    done_on: dt.date | None,
    today: dt.date,
    record: object = None,
    late_reason: str = "",
) -> Deadline:
    if due_on is None:
        state = State.MET if done_on else State.NOT_STARTED
    elif done_on is not None:
        state = State.MET if done_on <= due_on else State.LATE
    else:
        state = State.OVERDUE if today > due_on else State.DUE
    return Deadline(
        label=label,
        rule=rule,
        due_on=due_on,
        done_on=done_on,
        state=state,
        record=record,
        late_reason=late_reason,
    )
