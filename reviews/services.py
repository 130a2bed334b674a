"""Writes and checks that span models or apps: the identifying-details check others call
before publishing or exporting, the restricted-access log, commissioning a practice review
and turning a recommendation into an action in the partnership's action register."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.models import Partnership, Person
from reviews import textcheck
from reviews.models import (
    IdentifyingDetails,
    PracticeReview,
    RapidReview,
    Recommendation,
    RestrictedAccessLog,
)
from reviews.shared_text import case_terms, check_text


def find_identifying_details(partnership: Partnership, text: str) -> list[str]:
    """The identifying details of any of the partnership's cases that ``text`` contains.

    Returns the matching fragments as written in ``text`` (never the stored details, and
    never which case they belong to), so the caller can show them to the author without
    revealing anything the author did not already write. Empty list: nothing found.
    """
    if not text or not text.strip():
        return []
    terms = [term for _kind, term in case_terms(partnership.pk)]
    return textcheck.find_terms(text, terms)


def refuse_identifying_details(
    partnership: Partnership, text: str, *, field: str | None = None
) -> None:
    """Raise ValidationError when ``text`` contains a case's identifying details."""
    try:
        check_text(partnership, text, (field or "This text").replace("_", " ").capitalize())
    except ValidationError as error:
        raise ValidationError({field: error.messages} if field else error.messages) from None


def log_restricted_access(
    user,
    obj,
    action: str = RestrictedAccessLog.Action.VIEW,
    *,
    partnership: Partnership | int | None = None,
) -> RestrictedAccessLog:
    """Record that ``user`` viewed, edited or exported a restricted record ``obj``.

    ``obj`` may be any case-review record (its ``str()`` is pseudonym and case number
    only) or None for a list page, in which case ``partnership`` (or its id) is required.
    """
    if partnership is None:
        partnership = _partnership_of(obj)
    return RestrictedAccessLog.objects.create(
        partnership_id=partnership if isinstance(partnership, int) else partnership.pk,
        user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        record_type=obj._meta.label if obj is not None else "list",
        record_id=obj.pk if obj is not None else None,
        record_label=str(obj)[:300] if obj is not None else "Case review list",
    )


def _partnership_of(obj) -> Partnership:
    if hasattr(obj, "partnership_id"):
        return obj.partnership
    if isinstance(obj, IdentifyingDetails):
        return obj.incident.partnership
    if hasattr(obj, "incident"):
        return obj.incident.partnership
    if hasattr(obj, "practice_review"):
        return obj.practice_review.partnership
    raise ValueError(f"Cannot tell the partnership of {type(obj).__name__}")


@transaction.atomic
def commission_practice_review(
    *,
    rapid_review: RapidReview,
    decision_on: dt.date,
    reviewer: str = "",
    terms_of_reference: str = "",
) -> PracticeReview:
    if rapid_review.decision != RapidReview.Decision.LOCAL_REVIEW:
        raise ValidationError(
            "A practice review is commissioned only when the rapid review decided on a "
            "local review."
        )
    if PracticeReview.objects.filter(rapid_review=rapid_review).exists():
        raise ValidationError(
            "A practice review has already been commissioned from this rapid review."
        )
    if decision_on < rapid_review.incident.aware_on:
        raise ValidationError({"decision_on": "This is before the local authority was aware."})
    return PracticeReview.objects.create(
        partnership=rapid_review.incident.partnership,
        rapid_review=rapid_review,
        decision_on=decision_on,
        reviewer=reviewer,
        terms_of_reference=terms_of_reference,
    )


@transaction.atomic
def create_action_for_recommendation(
    *,
    recommendation: Recommendation,
    description: str,
    owner: Person,
    due_on: dt.date,
    subgroup=None,
    organisation=None,
):
    """An action in the partnership's register, linked to the recommendation it implements.

    The register is read far beyond the case review group, so the description is checked
    for identifying details first.
    """
    from subgroups.models import Action

    partnership = recommendation.partnership
    refuse_identifying_details(partnership, description, field="description")
    if owner.partnership_id != partnership.pk:
        raise ValidationError({"owner": "Choose someone in this partnership."})
    if subgroup is not None and subgroup.partnership_id != partnership.pk:
        raise ValidationError({"subgroup": "Choose a sub-group in this partnership."})
    action = Action.objects.create(
        partnership=partnership,
        subgroup=subgroup,
        description=description,
        owner=owner,
        organisation=organisation or owner.organisation,
        due_on=due_on,
    )
    recommendation.actions.add(action)
    return action


def case_export_data(incident) -> dict:
    """The incident and every record that belongs to it (found as deleting it would find
    them: identifying details, rapid and practice reviews, milestones, holds,
    recommendations), with the actions that implement its recommendations and its access log."""
    from django.contrib.admin.utils import NestedObjects
    from django.core import serializers

    from subgroups.models import Action

    collector = NestedObjects(using="default")  # notes protected links instead of raising
    collector.collect([incident])
    records: dict[str, list] = {}
    recommendation_ids: set[int] = set()
    for model, instances in sorted(collector.data.items(), key=lambda i: i[0]._meta.label):
        rows = sorted(instances, key=lambda o: o.pk)
        records[model._meta.label] = serializers.serialize("python", rows)
        if model is Recommendation:
            recommendation_ids = {o.pk for o in rows}
    actions = Action.objects.filter(review_recommendations__in=recommendation_ids).distinct()
    records["subgroups.Action"] = serializers.serialize("python", actions.order_by("pk"))
    log = RestrictedAccessLog.objects.filter(
        partnership_id=incident.partnership_id,
        record_type=incident._meta.label,
        record_id=incident.pk,
    )
    records["reviews.RestrictedAccessLog"] = serializers.serialize("python", log.order_by("pk"))
    return {"case": f"{incident.pseudonym} ({incident.case_number})", "records": records}
