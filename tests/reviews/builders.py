"""Builders for case-review test records, and GOV.UK date-input POST data."""

from __future__ import annotations

import datetime as dt
import itertools

from reviews.models import (
    IdentifyingDetails,
    LegacyReview,
    NationalReviewConsidered,
    PracticeReview,
    RapidReview,
    Recommendation,
    SeriousIncident,
)
from tests.factories import date_boxes

_seq = itertools.count(1)


def make_incident(
    *, partnership, aware_on=dt.date(2026, 4, 1), pseudonym=None, **extra
) -> SeriousIncident:
    n = next(_seq)
    return SeriousIncident.objects.create(
        partnership=partnership,
        case_number=extra.pop("case_number", f"CR-{n:03d}"),
        pseudonym=pseudonym or f"Child {n}",
        aware_on=aware_on,
        harm=extra.pop("harm", SeriousIncident.Harm.SERIOUSLY_HARMED),
        **extra,
    )


def make_details(
    *,
    incident,
    child_name="Tallulah Quennell",
    date_of_birth=dt.date(2015, 3, 7),
    address="14 Larkspur Row, Pershore, WR10 9ZZ",
    school="Brambleford Primary School",
    family_members="Morwenna Quennell, mother\nDezmond Quennell, stepfather",
) -> IdentifyingDetails:
    return IdentifyingDetails.objects.create(
        incident=incident,
        child_name=child_name,
        date_of_birth=date_of_birth,
        address=address,
        school=school,
        family_members=family_members,
    )


def make_rapid_review(
    *,
    incident,
    decision=RapidReview.Decision.LOCAL_REVIEW,
    rationale="Recurrent themes about neglect.",
    **extra,
) -> RapidReview:
    return RapidReview.objects.create(
        incident=incident, decision=decision, rationale=rationale, **extra
    )


def make_practice_review(
    *, incident=None, partnership=None, decision_on=dt.date(2019, 11, 15), **extra
) -> PracticeReview:
    if incident is None:
        incident = make_incident(
            partnership=partnership, aware_on=decision_on - dt.timedelta(days=40)
        )
    rapid = getattr(incident, "rapid_review", None) or make_rapid_review(incident=incident)
    return PracticeReview.objects.create(
        partnership=incident.partnership, rapid_review=rapid, decision_on=decision_on, **extra
    )


def make_legacy_review(*, partnership, pseudonym="Hetty", **extra) -> LegacyReview:
    return LegacyReview.objects.create(
        partnership=partnership,
        pseudonym=pseudonym,
        kind=extra.pop("kind", LegacyReview.Kind.SERIOUS_CASE_REVIEW),
        published_on=extra.pop("published_on", dt.date(2019, 7, 15)),
        **extra,
    )


def make_national_review(*, partnership, **extra) -> NationalReviewConsidered:
    return NationalReviewConsidered.objects.create(
        partnership=partnership,
        title=extra.pop("title", "It was hard to escape"),
        considered_on=extra.pop("considered_on", dt.date(2020, 5, 1)),
        **extra,
    )


def make_recommendation(
    *, review, text="Share the learning with practitioners", **extra
) -> Recommendation:
    field = {
        PracticeReview: "practice_review",
        LegacyReview: "legacy_review",
        NationalReviewConsidered: "national_review",
        RapidReview: "rapid_review",
    }[type(review)]
    partnership = (
        review.incident.partnership if isinstance(review, RapidReview) else review.partnership
    )
    return Recommendation.objects.create(
        partnership=partnership, text=text, **{field: review}, **extra
    )


date_data = date_boxes
