"""Demo case reviews, built on the partnership and sub-group demo records.

Worcestershire, from its 2019-20 report: three rapid reviews between October 2019 and
September 2020; one led to a practice review commissioned in November 2019, paused in
March 2020 for Covid and resumed with a virtual practitioner learning event; a second
practice review was decided in late August 2020. The board's serious case reviews
"Hetty" and "Isaac" and learning review "Harry" were published in July 2019, followed by
learning briefings. The current cases at the end are dated from today so that the
deadlines page and the reminders always have something due.

Pseudonyms of the three new cases and every identifying detail are invented and
deliberately fictional (ZZ postcodes do not exist).
"""

from __future__ import annotations

import datetime as dt

from partnership.models import Partnership, Person
from reviews.models import (
    IdentifyingDetails,
    LearningBriefing,
    LegacyReview,
    NationalReviewConsidered,
    PracticeReview,
    RapidReview,
    Recommendation,
    SeriousIncident,
)
from reviews.workingdays import add_working_days, subtract_working_days
from subgroups.models import Action, SubGroup

D = dt.date
WSCB = "Worcestershire Safeguarding Children Board (WSCB)"
SITE = "https://www.safeguardingworcestershire.org.uk/wp-content/uploads"


def load() -> None:
    _worcestershire(Partnership.objects.get(slug="worcestershire"))
    walsall = Partnership.objects.filter(slug="walsall").first()
    if walsall is not None:
        _walsall(walsall)


def _person(partnership: Partnership, username: str) -> Person:
    return Person.objects.get(partnership=partnership, user__username=username)


def _incident(
    partnership,
    *,
    case_number,
    pseudonym,
    aware_on,
    harm,
    summary,
    looked_after=False,
    notified_on=None,
    reference="",
    late_reason="",
    details: dict,
) -> SeriousIncident:
    incident = SeriousIncident.objects.create(
        partnership=partnership,
        case_number=case_number,
        pseudonym=pseudonym,
        aware_on=aware_on,
        harm=harm,
        summary=summary,
        looked_after=looked_after,
    )
    if notified_on:
        incident.notify(on=notified_on, reference=reference, late_reason=late_reason)
    IdentifyingDetails.objects.create(incident=incident, **details)
    return incident


def _rapid(
    incident,
    *,
    meeting_on,
    contributions,
    decision,
    rationale,
    criteria=(),
    sent_on=None,
    responded_on=None,
    response="",
) -> RapidReview:
    rapid = RapidReview.objects.create(
        incident=incident,
        meeting_on=meeting_on,
        agency_contributions=contributions,
        decision=decision,
        rationale=rationale,
        **{c: True for c in criteria},
    )
    if sent_on:
        rapid.send_to_panel(on=sent_on)
    if responded_on:
        rapid.record_panel_response(on=responded_on, response=response)
    return rapid


def _action(
    partnership,
    *,
    subgroup,
    owner,
    description,
    due_on,
    created_on,
    status=Action.Status.OPEN,
    completed_on=None,
) -> Action:
    return Action.objects.create(
        partnership=partnership,
        subgroup=subgroup,
        owner=owner,
        organisation=owner.organisation,
        description=description,
        due_on=due_on,
        created_on=created_on,
        status=status,
        completed_on=completed_on,
    )


def _worcestershire(p: Partnership) -> None:
    cspr = SubGroup.objects.get(partnership=p, slug="cspr")
    qapp = SubGroup.objects.get(partnership=p, slug="qapp")
    get_safe = SubGroup.objects.get(partnership=p, slug="get-safe")
    cspr_chair = _person(p, "chair.cspr.worcs")
    qapp_member = _person(p, "member.qapp.worcs")
    get_safe_chair = _person(p, "chair.getsafe.worcs")
    Harm = SeriousIncident.Harm
    Decision = RapidReview.Decision

    # --- 1. October 2019: a practice review commissioned, paused for Covid, resumed -------
    oscar = _incident(
        p,
        case_number="WSCP-2019-01",
        pseudonym="Oscar",
        aware_on=D(2019, 10, 7),
        harm=Harm.SERIOUSLY_HARMED,
        summary="A baby under one was admitted to hospital with injuries that were not "
        "explained. Several agencies knew the family.",
        notified_on=D(2019, 10, 10),
        reference="NOT-2019-DEMO-0101",
        details={
            "child_name": "Oscar-Demo Fictionalson",
            "date_of_birth": D(2019, 3, 14),
            "address": "1 Example Street, Sampletown, ZZ1 1ZZ",
            "school": "Not yet at school (Example Day Nursery, fictional)",
            "nhs_number": "999 000 0101",  # the NHS test range
            "family_members": "Imaginary Fictionalson, mother\n"
            "Madeup Otherperson, mother's partner",
        },
    )
    rapid_oscar = _rapid(
        oscar,
        meeting_on=D(2019, 10, 22),
        contributions="Children's social care, health visiting, the acute trust, GP and police "
        "each gave a chronology and their own findings.",
        decision=Decision.LOCAL_REVIEW,
        rationale="Agencies held different pieces of information about risk to the baby and did "
        "not bring them together; the learning is likely to apply more widely.",
        criteria=["criteria_improvements_needed", "criteria_agencies_working_together"],
        sent_on=D(2019, 10, 25),
        responded_on=D(2019, 11, 20),
        response="The Panel agreed that a local review was appropriate.",
    )
    cspr_oscar = PracticeReview.objects.create(
        partnership=p,
        rapid_review=rapid_oscar,
        decision_on=D(2019, 11, 12),
        reviewer="Dr Alison Pike (independent reviewer)",
        terms_of_reference="Period under review: pregnancy to the admission. Key lines of "
        "enquiry: sharing of information about risk; the voice of the baby; support for the "
        "parents.",
        terms_agreed_on=D(2019, 11, 26),
        delay_reason="Paused from March 2020 while front-line services responded to Covid-19 "
        "and partners could not release practitioners. Resumed in September 2020 with a "
        "virtual practitioner learning event; publication expected in early 2021.",
    )
    cspr_oscar.start()
    cspr_oscar.hold(
        on=D(2020, 3, 23),
        reason="Covid-19 restrictions and the pressure on front-line services in responding to "
        "increased operational demand.",
    )
    cspr_oscar.resume(
        on=D(2020, 9, 7),
        reason="Partners agreed to hold the practitioner learning event virtually, allowing wide "
        "engagement, discussion and challenge.",
    )
    cspr_oscar.milestones.create(
        title="Agency chronologies received", due_on=D(2020, 1, 31), completed_on=D(2020, 1, 29)
    )
    cspr_oscar.milestones.create(
        title="Practitioner learning event (virtual)",
        due_on=D(2020, 10, 16),
        completed_on=D(2020, 10, 14),
    )
    cspr_oscar.milestones.create(title="Draft report to the CSPR Group", due_on=D(2020, 12, 10))

    # --- 2. January 2020: a rapid review that found no need for a local review -------------
    poppy = _incident(
        p,
        case_number="WSCP-2020-01",
        pseudonym="Poppy",
        aware_on=D(2020, 1, 9),
        harm=Harm.SERIOUSLY_HARMED,
        looked_after=True,
        summary="A looked-after child placed out of county was seriously harmed.",
        notified_on=D(2020, 1, 15),
        reference="NOT-2020-DEMO-0007",
        details={
            "child_name": "Poppy-Demo Inventedname",
            "date_of_birth": D(2007, 8, 2),
            "address": "Placement address withheld, Exampleford, ZZ2 2ZZ",
            "school": "Sample Academy (fictional)",
            "nhs_number": "999 000 0202",  # the NHS test range
            "family_members": "Notreal Inventedname, father",
        },
    )
    rapid_poppy = _rapid(
        poppy,
        meeting_on=D(2020, 1, 28),
        contributions="Children's social care, the placing authority, health and police.",
        decision=Decision.NO_REVIEW,
        rationale="Agencies worked well together and acted promptly; the learning is for one "
        "agency and is being taken forward through its own procedures.",
        sent_on=D(2020, 1, 30),
        responded_on=D(2020, 2, 24),
        response="The Panel agreed with the decision not to hold a local review.",
    )
    rec = Recommendation.objects.create(
        partnership=p,
        rapid_review=rapid_poppy,
        number="1",
        text="Remind placing social workers to share safety plans with the receiving area "
        "before a placement starts.",
        status=Recommendation.Status.IN_PROGRESS,
        progress="Practice reminder drafted; awaiting sign-off.",
    )
    rec.actions.add(
        _action(
            p,
            subgroup=cspr,
            owner=cspr_chair,
            created_on=D(2020, 2, 27),
            due_on=D(2020, 6, 30),
            description="Case Poppy (WSCP-2020-01): issue a practice reminder on sharing safety "
            "plans for out-of-county placements.",
        )
    )

    # --- 3. July 2020: notified late with a reason; a second practice review in August ----
    leo = _incident(
        p,
        case_number="WSCP-2020-02",
        pseudonym="Leo",
        aware_on=D(2020, 7, 28),
        harm=Harm.DIED,
        summary="A young child died at home. The family had recently moved into the county.",
        notified_on=D(2020, 8, 5),
        reference="NOT-2020-DEMO-0212",
        late_reason="The information first reached another local authority; the notification "
        "was made the day the case transferred.",
        details={
            "child_name": "Leo-Demo Nonexistent",
            "date_of_birth": D(2017, 12, 1),
            "address": "22 Pretend Lane, Fakeham, ZZ3 3ZZ",
            "school": "Imaginary Infant School (fictional)",
            "nhs_number": "999 000 0303",  # the NHS test range
            "family_members": "Pretend Nonexistent, mother\nMock Nonexistent, grandmother",
        },
    )
    rapid_leo = _rapid(
        leo,
        meeting_on=D(2020, 8, 13),
        contributions="Children's social care in both areas, the ambulance service, GP, health "
        "visiting and police.",
        decision=Decision.LOCAL_REVIEW,
        rationale="Information about the family did not follow them when they moved; this is a "
        "recurrent theme in earlier reviews.",
        criteria=[
            "criteria_improvements_needed",
            "criteria_recurrent_themes",
            "criteria_agencies_working_together",
        ],
        sent_on=D(2020, 8, 18),
    )
    cspr_leo = PracticeReview.objects.create(
        partnership=p,
        rapid_review=rapid_leo,
        decision_on=D(2020, 8, 27),
        terms_of_reference="Timescales and the commissioning of an independent author agreed "
        "by the CSPR Group.",
        terms_agreed_on=D(2020, 9, 24),
        delay_reason="The independent author was appointed later than planned because of "
        "demand on reviewers nationally during Covid-19.",
    )
    cspr_leo.start()

    # --- Earlier reviews of the board, published July 2019 --------------------------------
    hetty = LegacyReview.objects.create(
        partnership=p,
        kind=LegacyReview.Kind.SERIOUS_CASE_REVIEW,
        pseudonym="Hetty",
        commissioned_by=WSCB,
        published_on=D(2019, 7, 1),
        publication_url=f"{SITE}/2019/07/Summary-of-the-learning-in-respect-of-the-death-of-Hetty.pdf",
        learning="Summary of the learning published by the board.",
    )
    isaac = LegacyReview.objects.create(
        partnership=p,
        kind=LegacyReview.Kind.SERIOUS_CASE_REVIEW,
        pseudonym="Isaac",
        commissioned_by=WSCB,
        published_on=D(2019, 7, 1),
        publication_url=f"{SITE}/2019/07/Isaac-Serious-Case-Review.pdf",
        learning="Published in full by the board.",
    )
    harry = LegacyReview.objects.create(
        partnership=p,
        kind=LegacyReview.Kind.LEARNING_REVIEW,
        pseudonym="Harry",
        commissioned_by=WSCB,
        published_on=D(2019, 7, 1),
        publication_url=f"{SITE}/2019/07/Briefing-14-Learning-from-a-case-review-Harry.pdf",
        learning="Did not meet the criteria for a serious case review; learning shared as a "
        "briefing.",
    )
    LearningBriefing.objects.create(
        partnership=p,
        legacy_review=harry,
        published_on=D(2019, 7, 1),
        title="Briefing 14: learning from a case review (Harry)",
        url=f"{SITE}/2019/07/Briefing-14-Learning-from-a-case-review-Harry.pdf",
    )
    LearningBriefing.objects.create(
        partnership=p,
        published_on=D(2020, 2, 1),
        title="The Mental Capacity Act 2005 and young people aged 16 and 17",
        url=f"{SITE}/2020/02/Childrens-MCA-Learning-Briefing.pdf",
        summary="Learning briefing for practitioners following an earlier serious case review.",
    )
    LearningBriefing.objects.create(
        partnership=p,
        published_on=D(2020, 9, 1),
        title="Updated multi-agency pre-birth pathway",
        url="https://westmidlands.procedures.org.uk/local-content/0gjN/"
        "pre-birth-unborn-tools-and-pathways/?b=Worcestershire",
        summary="Pathway reviewed by the CSPR Group in response to a serious case review.",
    )

    survey = _action(
        p,
        subgroup=qapp,
        owner=qapp_member,
        created_on=D(2020, 3, 5),
        due_on=D(2020, 12, 18),
        status=Action.Status.IN_PROGRESS,
        description="Run an online survey of practitioners to check that the learning from the "
        "serious case reviews Hetty and Isaac has reached front-line practice.",
    )
    for review in (hetty, isaac):
        rec = Recommendation.objects.create(
            partnership=p,
            legacy_review=review,
            number="1",
            text="Check that the learning from this review has reached practitioners in every "
            "agency.",
            status=Recommendation.Status.IN_PROGRESS,
            progress="Online questionnaire circulated to partner agencies; responses awaited.",
        )
        rec.actions.add(survey)
    rec = Recommendation.objects.create(
        partnership=p,
        legacy_review=isaac,
        number="2",
        text="Review the multi-agency pre-birth pathway.",
        progress="Pathway reviewed and republished.",
        impact_evidence="Referrals before birth now follow one pathway; the QAPP audit will "
        "test whether assessments start earlier.",
    )
    rec.actions.add(
        _action(
            p,
            subgroup=cspr,
            owner=cspr_chair,
            created_on=D(2019, 10, 15),
            due_on=D(2020, 9, 30),
            status=Action.Status.COMPLETED,
            completed_on=D(2020, 9, 1),
            description="Commission and support the review of the multi-agency pre-birth pathway.",
        )
    )
    rec.move_to(Recommendation.Status.IMPLEMENTED, on=D(2020, 9, 1))
    rec = Recommendation.objects.create(
        partnership=p,
        legacy_review=harry,
        number="1",
        text="Share the learning with practitioners in a briefing.",
        impact_evidence="Briefing 14 published and used at the June 2019 learning events.",
    )
    rec.actions.add(
        _action(
            p,
            subgroup=qapp,
            owner=qapp_member,
            created_on=D(2019, 5, 1),
            due_on=D(2019, 7, 31),
            status=Action.Status.COMPLETED,
            completed_on=D(2019, 7, 1),
            description="Publish a learning briefing on the case review Harry.",
        )
    )
    rec.move_to(Recommendation.Status.IMPLEMENTED, on=D(2019, 7, 1))

    # --- A national review the group considered -------------------------------------------
    national = NationalReviewConsidered.objects.create(
        partnership=p,
        title="It was hard to escape: safeguarding children at risk from "
        "criminal exploitation (Child Safeguarding Practice Review Panel)",
        published_on=D(2020, 3, 24),
        considered_on=D(2020, 7, 9),
        implications="Tested against the GET SAFE framework; transitions to adult services and "
        "school exclusion need more attention.",
    )
    today = dt.date.today()
    rec = Recommendation.objects.create(
        partnership=p,
        national_review=national,
        number="1",
        text="Assure the partnership that children excluded from school are screened for "
        "exploitation risk.",
        status=Recommendation.Status.IN_PROGRESS,
    )
    rec.actions.add(
        _action(
            p,
            subgroup=get_safe,
            owner=get_safe_chair,
            created_on=today - dt.timedelta(days=60),
            due_on=today + dt.timedelta(days=7),
            description="Report to the Executive on exploitation screening for excluded pupils.",
        )
    )

    # --- Current cases, dated from today, so deadlines are live ---------------------------
    aware = subtract_working_days(today, 6)
    current = _incident(
        p,
        case_number=f"WSCP-{aware.year}-11",
        pseudonym="Ivy",
        aware_on=aware,
        harm=Harm.SERIOUSLY_HARMED,
        summary="A teenager was seriously harmed in an exploitation-related assault.",
        notified_on=add_working_days(aware, 3),
        reference=f"NOT-{aware.year}-DEMO-0450",
        details={
            "child_name": "Ivy-Demo Fabricated",
            "date_of_birth": D(2010, 5, 19),
            "address": "7 Notional Road, Testbury, ZZ4 4ZZ",
            "school": "Hypothetical High School (fictional)",
            "nhs_number": "999 000 0404",  # the NHS test range
            "family_members": "Makebelieve Fabricated, mother",
        },
    )
    RapidReview.objects.create(
        incident=current,
        meeting_on=add_working_days(aware, 10),
        agency_contributions="Chronologies requested from police, health, education and "
        "children's social care.",
    )
    _incident(
        p,
        case_number=f"WSCP-{today.year}-12",
        pseudonym="Finn",
        aware_on=subtract_working_days(today, 2),
        harm=Harm.DIED,
        summary="Recorded this week; the Panel has not yet been notified.",
        details={
            "child_name": "Finn-Demo Unreal",
            "date_of_birth": D(2025, 1, 9),
            "address": "3 Placeholder Close, Nowhereton, ZZ5 5ZZ",
            "school": "",
            "family_members": "Sample Unreal, father",
        },
    )


def _walsall(p: Partnership) -> None:
    """One case in a partnership that counts the rapid review from the notification date."""
    p.rapid_review_start = Partnership.RapidReviewStart.NOTIFIED
    p.save(update_fields=["rapid_review_start"])
    incident = _incident(
        p,
        case_number="WSP-2020-03",
        pseudonym="Child W",
        aware_on=D(2020, 12, 21),
        harm=SeriousIncident.Harm.SERIOUSLY_HARMED,
        summary="Notified over Christmas 2020: the deadlines skip Christmas, the Boxing Day "
        "substitute and New Year's Day.",
        notified_on=D(2020, 12, 23),
        reference="NOT-2020-DEMO-0999",
        details={
            "child_name": "Walsall-Demo Fictitious",
            "date_of_birth": D(2012, 6, 30),
            "address": "9 Imagined Way, Exampleton, ZZ6 6ZZ",
            "school": "",
            "family_members": "",
        },
    )
    _rapid(
        incident,
        meeting_on=D(2021, 1, 8),
        contributions="All three safeguarding partners.",
        decision=RapidReview.Decision.NO_REVIEW,
        rationale="The learning is already being addressed by a current practice review.",
        sent_on=D(2021, 1, 13),
    )
