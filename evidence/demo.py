"""Demo evidence records: Worcestershire from its 2019-20 annual report, and a little of
Walsall's own.

Every figure the Worcestershire report gives is here (682 concerns about under-ones,
+36%; the section 175 audit's 100% return, 191 and 134; over 60% of school referrals
meeting the threshold before March 2020; the budget appendix). The sentences are ours.

Illustrative figures, not from the report, are marked ``# illustrative``: the number of
schools asked in the section 175 audit (the report gives only the 100% rate), training
attendance and satisfaction, and the quarterly values around the report's own KPIs.

The budget appendix prints whole pounds whose rows do not quite add up (the
expenditure column sums to £135,094 against a printed total of £135,093, and income
less expenditure is £36,595 against a printed surplus of £36,594): the spreadsheet behind
it held pence. The amounts below carry pence chosen so that every printed figure,
including each total the product computes, rounds to exactly what the report shows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from evidence.models import (
    ActivityEntry,
    BudgetPeriod,
    Contribution,
    CostCentre,
    Course,
    CourseEvaluation,
    DeliveryMode,
    EvidenceSettings,
    ExpenditureLine,
    FeedbackExercise,
    Heading,
    Indicator,
    Inspection,
    KpiValue,
    MultiAgencyAudit,
    OpeningBalance,
    Priority,
    Rating,
    SchoolAudit,
    SchoolAuditCount,
    Section11Cycle,
    Section11Return,
    SessionAttendance,
    TrainingSession,
)
from partnership.models import Organisation, Partnership, User
from subgroups.models import Meeting, SubGroup

H = Heading
S = MultiAgencyAudit.Status
V = DeliveryMode.VIRTUAL
P = DeliveryMode.IN_PERSON


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


def load() -> None:
    worcestershire(Partnership.objects.get(slug="worcestershire"))
    walsall(Partnership.objects.get(slug="walsall"))


# --- helpers -----------------------------------------------------------------------------


class _Finder:
    def __init__(self, partnership: Partnership):
        self.p = partnership
        self.orgs = {o.name: o for o in Organisation.objects.for_partnership(partnership)}
        self.groups = {g.slug: g for g in SubGroup.objects.for_partnership(partnership)}

    def org(self, name: str) -> Organisation:
        return self.orgs[name]

    def kind(self, kind: str) -> Organisation:
        return next(o for o in self.orgs.values() if o.kind == kind)


def _entries(group: SubGroup, rows, *, by: User | None, priorities: dict, audits: dict) -> None:
    """rows: (date, heading, text, priority key or None, audit key or None, review or "")."""
    meetings = list(Meeting.objects.filter(subgroup=group).order_by("starts_at"))
    for row in rows:
        day, heading, text, *links = row
        priority_key, audit_key, review = (links + [None, None, ""])[:3]
        near = [m for m in meetings if m.starts_at.date() <= day]
        ActivityEntry.objects.create(
            subgroup=group,
            date=day,
            heading=heading,
            text=text,
            priority=priorities.get(priority_key),
            audit=audits.get(audit_key),
            meeting=near[-1] if near and (day - near[-1].starts_at.date()).days < 45 else None,
            related_review=review or "",
            created_by=by,
        )


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


# --- Worcestershire ----------------------------------------------------------------------


def worcestershire(p: Partnership) -> None:
    f = _Finder(p)
    EvidenceSettings.objects.create(partnership=p, qa_subgroup=f.groups["qapp"])
    la, health, police = (f.kind(k) for k in ("local_authority", "health", "police"))
    wcf = f.org("Worcestershire Children First")
    hwhct = f.org("Herefordshire and Worcestershire Health and Care NHS Trust")
    acute = f.org("Worcestershire Acute Hospitals NHS Trust")
    schools = f.org("Worcestershire schools and colleges")

    priorities = {
        "exploitation": Priority.objects.create(
            partnership=p,
            name="Exploitation (GET SAFE)",
            starts_on=d(2019, 4, 1),
            description="Protect children from every form of exploitation through the GET SAFE "
            "approach, across all levels of need.",
        ),
        "neglect": Priority.objects.create(
            partnership=p,
            name="Neglect",
            starts_on=d(2019, 4, 1),
            description="See the cumulative effect of neglect over time rather than reacting "
            "to single incidents.",
        ),
        "front_door": Priority.objects.create(
            partnership=p,
            name="Right help at the right time",
            starts_on=d(2019, 10, 1),
            description="Referrals to the Family Front Door at the right level of need, with "
            "early help offered where it fits.",
        ),
        "babies": Priority.objects.create(
            partnership=p,
            name="Safeguarding babies",
            starts_on=d(2020, 9, 1),
            description="Reach families with babies who may need extra help during Covid-19.",
        ),
    }

    audits = {
        "strategy": _audit(
            p,
            "Family Front Door strategy discussions",
            [police, schools, hwhct, wcf],
            d(2019, 11, 4),
            d(2020, 1, 20),
            "Recording of strategy discussions and who is invited to them were "
            "inconsistent. Health now has a public health nurse in the Family "
            "Front Door, which has improved health's part in these discussions.",
        ),
        "police": _audit(
            p,
            "Police contacts to the Family Front Door",
            [police, wcf],
            d(2019, 10, 7),
            d(2019, 12, 16),
            "Most police contacts were appropriate; the audit fed the joint work "
            "on domestic abuse referrals.",
        ),
        "education": _audit(
            p,
            "Education referrals and thresholds",
            [schools, wcf],
            d(2020, 1, 13),
            d(2020, 3, 9),
            "Schools' referrals were largely at the right level; advice on "
            "thresholds was refreshed for designated safeguarding leads.",
        ),
        "quality": _audit(
            p,
            "Quality of referrals to the Family Front Door",
            [police, schools, hwhct, acute, wcf],
            d(2020, 3, 2),
            None,
            "",
            status=S.ON_HOLD,
            note="Paused: the Executive suspended multi-agency audits during Covid-19.",
        ),
        "scr_learning": _audit(
            p,
            "Has learning from two serious case reviews reached practitioners?",
            [hwhct, acute, police, wcf, schools],
            d(2020, 8, 3),
            None,
            "Online questionnaire on the Mental Capacity Act for 16 and 17 "
            "year olds and on parental alcohol use. Results awaited.",
            status=S.IN_PROGRESS,
        ),
        "domestic_abuse": _audit(
            p,
            "Domestic abuse and referrals to the front door",
            [police, wcf],
            d(2020, 6, 1),
            None,
            "Joint police and social care working group set up by the Executive.",
            status=S.IN_PROGRESS,
        ),
        "gp": _audit(
            p,
            "GP referrals into early help",
            [health, wcf],
            d(2020, 11, 2),
            None,
            "",
            status=S.PLANNED,
        ),
        "babies": _audit(
            p,
            "Safeguarding Babies programme",
            [hwhct, wcf, health],
            d(2020, 12, 1),
            None,
            "",
            status=S.PLANNED,
        ),
    }

    g = f.groups
    _entries(
        g["executive"],
        [
            (
                d(2019, 5, 24),
                H.PROGRESS,
                "The Executive began meeting in its new form and drove "
                "the transition plan: membership, independent scrutiny, funding, information "
                "sharing, "
                "communications and business support.",
            ),
            (
                d(2020, 2, 20),
                H.PROGRESS,
                "First wider partnership forum: every relevant agency "
                "reviewed progress against the published arrangements. The follow-up was delayed "
                "by "
                "Covid-19.",
            ),
            (
                d(2020, 4, 2),
                H.PROGRESS,
                "Moved to meeting every two weeks to track each agency's "
                "response to Covid-19 and its effect on services and joint working.",
            ),
            (
                d(2020, 9, 24),
                H.PROGRESS,
                "Endorsed a Safeguarding Babies initiative after the "
                "Family Front Door received 682 concerns about children under one in the first "
                "nine "
                "months of 2020, 36% more than a year before: extra home visits, Family Hub "
                "invitations and more online parenting groups.",
                "babies",
            ),
            (
                d(2020, 6, 30),
                H.IMPACT,
                "Partners answered requests for information promptly, so "
                "the Executive could be assured that children were protected as pressures grew "
                "during the pandemic.",
            ),
            (
                d(2020, 7, 30),
                H.IMPACT,
                "Set up a police and social care working group on domestic "
                "abuse referrals and a task and finish group on the police early help strategy: "
                "problems raised in the small forum were taken up quickly by services.",
                "front_door",
                "domestic_abuse",
            ),
            (
                d(2020, 9, 24),
                H.VOICE,
                "Checks that each sub-group collects children's and "
                "families' views as part of quality assurance and uses them in its work.",
            ),
            (
                d(2020, 9, 24),
                H.DEVELOPMENT,
                "Keep the partnership's response to emerging risks "
                "effective while the pandemic continues.",
            ),
            (
                d(2020, 9, 24),
                H.DEVELOPMENT,
                "Help agencies develop services in step, when their "
                "improvement plans and reorganisations run to different timetables.",
            ),
            (
                d(2020, 9, 24),
                H.NEXT_STEPS,
                "Hold the second wider partnership forum as soon as partners can meet.",
            ),
        ],
        by=_user("chair.worcs"),
        priorities=priorities,
        audits=audits,
    )

    _entries(
        g["get-safe"],
        [
            (
                d(2019, 6, 17),
                H.PROGRESS,
                "Launched the GET SAFE framework with a social media "
                "campaign and briefings; schools and colleges shared it across settings.",
                "exploitation",
            ),
            (
                d(2019, 7, 18),
                H.PROGRESS,
                "Agreed the GET SAFE action plan; updated the FGM pathway "
                "and built a wider exploitation screening tool.",
                "exploitation",
            ),
            (
                d(2020, 3, 19),
                H.PROGRESS,
                "Launched a linked GET SAFE assessment, a portal for "
                "practitioners to refer concerns, a practice guide and a response pathway.",
                "exploitation",
            ),
            (
                d(2020, 9, 17),
                H.PROGRESS,
                "Published the 2020-2022 GET SAFE strategy. Child "
                "criminal exploitation training funded by the Police and Crime Commissioner is "
                "being "
                "delivered, and a GET SAFE community worker is funded for twelve months from "
                "1 November 2020.",
                "exploitation",
            ),
            (
                d(2020, 5, 21),
                H.IMPACT,
                "New assessments arrive in the portal daily and the "
                "multi-agency team reviews new referrals weekly in the MASH, so each young "
                "person's "
                "first response is decided sooner.",
                "exploitation",
            ),
            (
                d(2020, 7, 16),
                H.IMPACT,
                "Every child at risk of criminal exploitation has a 4P plan "
                "(prepare, prevent, protect, pursue), so agencies also disrupt offenders and make "
                "places safer, not only support the victim.",
                "exploitation",
            ),
            (
                d(2020, 1, 16),
                H.VOICE,
                "A report drew together four surveys of young people with "
                "experience of sexual exploitation: trusted adults and relationships matter most, "
                "and parents need support too.",
                "exploitation",
            ),
            (
                d(2020, 9, 17),
                H.VOICE,
                "Pupils at a local school designed a leaflet to help other "
                "young people spot GET SAFE risks.",
                "exploitation",
            ),
            (
                d(2020, 9, 17),
                H.DEVELOPMENT,
                "Understand exploitation locally better, to shape joint responses and disruption.",
                "exploitation",
            ),
            (
                d(2020, 9, 17),
                H.DEVELOPMENT,
                "Develop a pathway into adulthood for young people who remain vulnerable.",
                "exploitation",
            ),
            (
                d(2020, 9, 17),
                H.NEXT_STEPS,
                "Extend future surveys to every form of exploitation; "
                "build engagement work with the Climb programme and community link workers.",
                "exploitation",
            ),
        ],
        by=_user("chair.getsafe.worcs"),
        priorities=priorities,
        audits=audits,
    )

    _entries(
        g["qapp"],
        [
            (
                d(2019, 7, 11),
                H.PROGRESS,
                "First meeting of QAPP, taking on the audit work of MEG "
                "and the learning work of IFPG.",
            ),
            (
                d(2019, 12, 12),
                H.PROGRESS,
                "Agreed a core KPI dashboard that follows the child's "
                "journey from early help to child protection.",
                "front_door",
            ),
            (
                d(2020, 1, 20),
                H.PROGRESS,
                "Completed audits of strategy discussions, police "
                "contacts and education referrals despite the disruption.",
                None,
                "strategy",
            ),
            (
                d(2020, 6, 11),
                H.PROGRESS,
                "Reviewed the multi-agency training guidance and "
                "resumed training online; updated the self-harm, children missing education and "
                "exploitation procedures.",
            ),
            (
                d(2020, 9, 10),
                H.PROGRESS,
                "Circulated an online section 11 audit covering five key "
                "areas of practice, lighter for agencies during Covid-19.",
            ),
            (
                d(2020, 2, 13),
                H.IMPACT,
                "Health added a public health nurse to the Family Front "
                "Door after the strategy discussion audit; recording and invitations have "
                "improved.",
                "front_door",
                "strategy",
            ),
            (
                d(2020, 8, 13),
                H.IMPACT,
                "The data set showed the change in volume and quality of "
                "referrals since March 2020, and partners issued joint messages on the Levels of "
                "Need guidance and early help.",
                "front_door",
            ),
            (
                d(2020, 8, 13),
                H.VOICE,
                "Launched an online survey for families, the method parents "
                "said they preferred; they also asked to hear how their answers are used.",
            ),
            (
                d(2020, 8, 13),
                H.VOICE,
                "Case file audits now ask families about partnership "
                "working, and conference feedback will be gathered twice a year.",
            ),
            (
                d(2020, 9, 10),
                H.DEVELOPMENT,
                "Reverse the fall in the share of contacts meeting "
                "the threshold by promoting the Levels of Need guidance and early help.",
                "front_door",
            ),
            (
                d(2020, 9, 10),
                H.DEVELOPMENT,
                "Consolidate the audit programme and embed service user feedback.",
            ),
            (d(2020, 9, 10), H.NEXT_STEPS, "Complete the section 11 audit and its action plan."),
            (
                d(2020, 9, 10),
                H.NEXT_STEPS,
                "Audit strategy discussions, education referrals, GP "
                "referrals into early help and the Safeguarding Babies programme.",
                None,
                "gp",
            ),
            (
                d(2020, 9, 10),
                H.NEXT_STEPS,
                "Launch briefings and workshops on multi-agency meetings.",
            ),
        ],
        by=_user("chair.qapp.worcs"),
        priorities=priorities,
        audits=audits,
    )

    _entries(
        g["cspr"],
        [
            (
                d(2020, 9, 3),
                H.PROGRESS,
                "Held three rapid reviews under the new arrangements; one "
                "led to a local child safeguarding practice review, paused in March 2020 and "
                "resumed "
                "with a virtual learning event.",
            ),
            (
                d(2020, 2, 6),
                H.PROGRESS,
                "Issued a learning briefing on the Mental Capacity Act "
                "for 16 and 17 year olds, from an earlier serious case review.",
                None,
                None,
                "Serious case review “Isaac”",
            ),
            (
                d(2020, 3, 5),
                H.PROGRESS,
                "Commissioned a review of the multi-agency pre-birth "
                "pathway in response to serious case review learning; the pathway is updated.",
                "babies",
                None,
                "Serious case review “Hetty”",
            ),
            (
                d(2020, 8, 6),
                H.IMPACT,
                "With QAPP, sent practitioners a questionnaire to test "
                "whether review learning has reached them; the answers will show where to act.",
                None,
                "scr_learning",
            ),
            (
                d(2020, 8, 6),
                H.VOICE,
                "Families are engaged in every review and their views are "
                "reflected in the final report.",
            ),
            (d(2020, 9, 3), H.DEVELOPMENT, "Act on the audit of learning from reviews."),
            (
                d(2020, 9, 3),
                H.DEVELOPMENT,
                "Keep the remote ways of working that saved partners' "
                "time without lowering the quality of reviews.",
            ),
        ],
        by=_user("chair.cspr.worcs"),
        priorities=priorities,
        audits=audits,
    )

    _entries(
        g["head-teachers"],
        [
            (
                d(2020, 7, 9),
                H.PROGRESS,
                "Presented the section 175 audit to QAPP: every school "
                "returned it; 191 schools promote an early help offer and 134 show it on their "
                "website.",
                "front_door",
            ),
            (
                d(2020, 7, 9),
                H.PROGRESS,
                "Reported on schools' attendance at strategy meetings and "
                "gave schools advice on taking part.",
                None,
                "strategy",
            ),
            (
                d(2020, 3, 31),
                H.IMPACT,
                "Before March 2020 over 60% of referrals from schools met "
                "the threshold for social work, the highest of any agency. The share has fallen "
                "since, and work continues to restore it.",
                "front_door",
                "education",
            ),
            (
                d(2020, 9, 17),
                H.DEVELOPMENT,
                "Help raise the share of Family Front Door referrals "
                "that are appropriate, since many come from schools.",
                "front_door",
            ),
            (
                d(2020, 9, 17),
                H.NEXT_STEPS,
                "Promote school early help offers and assessments, and "
                "audit Family Front Door referrals with social care more often.",
                "front_door",
            ),
        ],
        by=_user("chair.headteachers.worcs"),
        priorities=priorities,
        audits=audits,
    )

    _entries(
        g["meg"],
        [
            (
                d(2019, 5, 14),
                H.PROGRESS,
                "Launched the neglect strategy and toolkit across the "
                "partnership, from the learning of multi-agency case file audits.",
                "neglect",
            ),
            (
                d(2019, 7, 9),
                H.DEVELOPMENT,
                "Chronologies and the history of a family remain weak: "
                "practitioners still respond to single incidents and 'start again'.",
                "neglect",
            ),
        ],
        by=None,
        priorities=priorities,
        audits=audits,
    )
    _entries(
        g["ifpg"],
        [
            (
                d(2019, 5, 20),
                H.PROGRESS,
                "Launched the joint adult and children safeguarding "
                "website and supported the updated early help pathway.",
            ),
            (
                d(2019, 6, 25),
                H.PROGRESS,
                "Commissioned two theatre events in Bromsgrove that "
                "followed two families and their agencies, bringing serious case review learning "
                "to "
                "managers and practitioners.",
            ),
        ],
        by=None,
        priorities=priorities,
        audits=audits,
    )
    _entries(
        g["scr"],
        [
            (
                d(2019, 7, 3),
                H.PROGRESS,
                "Completed two serious case reviews (“Hetty” and “Isaac”) "
                "and a learning review (“Harry”), and handed over to the new CSPR Group.",
                None,
                None,
                "Hetty, Isaac, Harry",
            ),
        ],
        by=None,
        priorities=priorities,
        audits=audits,
    )

    _entries(
        g["wscb"],
        [
            (
                d(2019, 6, 12),
                H.PROGRESS,
                "The Board's final meeting agreed how its sub-groups' work passes to the "
                "partnership and signed off the shared adults' and children's website.",
            ),
        ],
        by=None,
        priorities=priorities,
        audits=audits,
    )

    # Section 11: the 2020 online audit, circulated to the agencies.
    cycle = Section11Cycle.objects.create(
        partnership=p,
        title="Section 11 audit 2020 (online)",
        launched_on=d(2020, 9, 14),
        due_on=d(2020, 12, 18),
        description="A shorter online audit of five key areas of practice, so agencies could "
        "respond during Covid-19. The previous full audit was in 2018.",
    )
    for org, status, returned in [
        (wcf, Section11Return.Status.RETURNED, d(2020, 11, 27)),
        (police, Section11Return.Status.IN_PROGRESS, None),
        (hwhct, Section11Return.Status.RETURNED, d(2020, 12, 4)),
        (acute, Section11Return.Status.REQUESTED, None),
        (f.org("National Probation Service (West Mercia)"), Section11Return.Status.REQUESTED, None),
    ]:
        Section11Return.objects.create(
            cycle=cycle, organisation=org, status=status, returned_on=returned
        )

    s175 = SchoolAudit.objects.create(
        partnership=p,
        title="Section 175/157 safeguarding audit 2019-20",
        reported_on=d(2020, 7, 9),
        schools_asked=236,
        returns_received=236,  # illustrative count
        summary="Covers every area of safeguarding in schools. Presented to QAPP by the Head "
        "Teachers Safeguarding Group.",
    )
    SchoolAuditCount.objects.create(
        audit=s175, label="Promoting an early help offer", count=191, order=1
    )
    SchoolAuditCount.objects.create(
        audit=s175, label="Showing their early help offer on their website", count=134, order=2
    )

    for title, method, who, start, end, said, changed in [
        (
            "Online survey of families",
            FeedbackExercise.Method.ONLINE_SURVEY,
            "Families receiving a safeguarding service",
            d(2020, 8, 1),
            None,
            "Parents said they would rather answer online than in person, and want to know how "
            "their answers are used.",
            "The survey is online, and QAPP will report back to families what changed.",
        ),
        (
            "Partnership working in case file audits",
            FeedbackExercise.Method.CASE_AUDIT,
            "Families whose cases are audited",
            d(2020, 6, 1),
            None,
            "",
            "Audits now include a section and a question to families on partnership working.",
        ),
        (
            "Child protection conference feedback",
            FeedbackExercise.Method.CONFERENCE,
            "Parents attending child protection conferences",
            d(2020, 9, 1),
            None,
            "",
            "Feedback will be gathered twice a year, focused on how agencies work together.",
        ),
        (
            "Young people's experience of sexual exploitation",
            FeedbackExercise.Method.PAPER_SURVEY,
            "Young people who had experienced or been vulnerable to CSE",
            d(2019, 9, 1),
            d(2020, 1, 16),
            "Exploitation cannot be tackled by one agency alone; trust and a trusted adult come "
            "first; young people need to understand how exploitation happens; parents need "
            "support too.",
            "Used to shape GET SAFE practice; future surveys will cover every form of "
            "exploitation.",
        ),
    ]:
        FeedbackExercise.objects.create(
            partnership=p,
            title=title,
            method=method,
            who=who,
            started_on=start,
            ended_on=end,
            what_they_said=said,
            what_changed=changed,
        )

    _worcestershire_kpis(p)
    _worcestershire_training(p, f)

    for org, inspectorate, title, published, overall, safeguarding, findings in [
        (
            wcf,
            Inspection.Inspectorate.OFSTED,
            "Focused visit of children's social care",
            d(2019, 6, 1),
            Rating.NOT_GRADED,
            "",
            "Clear progress since services were judged inadequate in 2016, with a sustained "
            "trajectory of improvement. The front door (MASH) and child protection work identify "
            "risk well and exploitation is better understood. The workforce is more stable and "
            "caseloads are falling. Weakness: the early help partnership is not yet robust "
            "enough, and partners' early help needs to be timelier.",
        ),
        (
            hwhct,
            Inspection.Inspectorate.CQC,
            "Inspection of the trust",
            d(2020, 1, 1),
            Rating.GOOD,
            Rating.GOOD,
            "Safeguarding is given priority, with a safeguarding team that supports staff and "
            "works closely with the council and police. Incidents are reviewed and lessons "
            "shared. Community mental health services for children and young people were rated "
            "outstanding.",
        ),
        (
            acute,
            Inspection.Inspectorate.CQC,
            "Follow-up inspection of the trust",
            d(2019, 9, 1),
            Rating.REQUIRES_IMPROVEMENT,
            Rating.REQUIRES_IMPROVEMENT,
            "Up from inadequate (June 2018) overall and for safeguarding. Safety has generally "
            "improved, but there were breaches on staff training, staffing levels and timely "
            "assessment of patients' needs.",
        ),
        (
            police,
            Inspection.Inspectorate.HMICFRS,
            "PEEL: reducing crime and keeping people safe",
            d(2019, 9, 1),
            Rating.REQUIRES_IMPROVEMENT,
            Rating.REQUIRES_IMPROVEMENT,
            "The force must improve how it protects vulnerable people; it misses chances to "
            "arrest in some domestic abuse cases. Officers look for hidden vulnerability and "
            "signs of exploitation. The Family Front Door does not yet work fully as a MASH. "
            "Management of sex offenders and of online indecent images is effective.",
        ),
    ]:
        Inspection.objects.create(
            partnership=p,
            organisation=org,
            inspectorate=inspectorate,
            title=title,
            published_on=published,
            overall_rating=overall,
            safeguarding_rating=safeguarding,
            key_findings=findings,
        )

    worcestershire_budget(p, la, health, police)


def _audit(p, theme, agencies, started, completed, findings, *, status=S.COMPLETED, note=""):
    audit = MultiAgencyAudit.objects.create(
        partnership=p,
        theme=theme,
        started_on=started,
        completed_on=completed,
        status=status,
        status_note=note,
        findings=findings,
    )
    audit.agencies.set(agencies)
    return audit


def _values(indicator: Indicator, rows) -> None:
    for start, end, value, *note in rows:
        KpiValue(
            indicator=indicator,
            period_start=start,
            period_end=end,
            value=D(str(value)),
            note=note[0] if note else "",
        ).save()


def _worcestershire_kpis(p: Partnership) -> None:
    Unit, Dir = Indicator.Unit, Indicator.Direction
    under_ones = Indicator.objects.create(
        partnership=p,
        name="Concerns about children under one received by the Family Front Door",
        unit=Unit.COUNT,
        direction=Dir.NEITHER,
        order=1,
        source="Worcestershire Children First",
        description="Rising concern is context for "
        "the Safeguarding Babies initiative, not a target.",
    )
    _values(
        under_ones,
        [
            # The report gives 682 and +36%; 501 is the value that makes +36%.
            (d(2019, 1, 1), d(2019, 9, 30), 501, "Implied by the report's +36%."),
            (d(2020, 1, 1), d(2020, 9, 30), 682, "First nine months of 2020."),
        ],
    )
    schools = Indicator.objects.create(
        partnership=p,
        name="Referrals from schools meeting the threshold for social work",
        unit=Unit.PERCENT,
        direction=Dir.HIGHER,
        order=2,
        source="Family Front Door",
    )
    _values(
        schools,
        [  # illustrative quarters around the report's "over 60% before March 2020"
            (d(2019, 10, 1), d(2019, 12, 31), "61.8"),
            (d(2020, 1, 1), d(2020, 3, 31), "62.5"),
            (d(2020, 4, 1), d(2020, 6, 30), "47.9", "Schools mostly closed."),
            (d(2020, 7, 1), d(2020, 9, 30), "51.3"),
        ],
    )
    contacts = Indicator.objects.create(
        partnership=p,
        name="Contacts to the Family Front Door",
        unit=Unit.COUNT,
        direction=Dir.NEITHER,
        order=3,
        source="Family Front Door",
    )
    _values(
        contacts,
        [  # illustrative
            (d(2019, 10, 1), d(2019, 12, 31), 4210),
            (d(2020, 1, 1), d(2020, 3, 31), 4388),
            (d(2020, 4, 1), d(2020, 6, 30), 4012),
            (d(2020, 7, 1), d(2020, 9, 30), 4975),
        ],
    )
    threshold = Indicator.objects.create(
        partnership=p,
        name="Contacts meeting the threshold for social work intervention",
        unit=Unit.PERCENT,
        direction=Dir.HIGHER,
        order=4,
        source="Family Front Door",
    )
    _values(
        threshold,
        [  # illustrative; the report says the share fell after March 2020
            (d(2019, 10, 1), d(2019, 12, 31), "31.2"),
            (d(2020, 1, 1), d(2020, 3, 31), "30.6"),
            (d(2020, 4, 1), d(2020, 6, 30), "24.9"),
            (d(2020, 7, 1), d(2020, 9, 30), "26.4"),
        ],
    )
    private = Indicator.objects.create(
        partnership=p,
        name="New private fostering notifications",
        unit=Unit.COUNT,
        direction=Dir.NEITHER,
        order=5,
        source="Worcestershire Children First",
    )
    _values(
        private,
        [  # illustrative small numbers: suppressed when published
            (d(2019, 10, 1), d(2020, 3, 31), 6),
            (d(2020, 4, 1), d(2020, 9, 30), 3),
        ],
    )
    population = Indicator.objects.create(
        partnership=p,
        name="Population of Worcestershire (mid-year estimate)",
        unit=Unit.COUNT,
        direction=Dir.NEITHER,
        order=10,
        source="Office for National Statistics",
    )
    _values(
        population,
        [
            (d(2018, 6, 30), d(2018, 6, 30), 588526, "Implied by the report's +0.6%."),
            (d(2019, 6, 30), d(2019, 6, 30), 592057),
        ],
    )
    poverty = Indicator.objects.create(
        partnership=p,
        name="Children living in low-income households",
        unit=Unit.COUNT,
        direction=Dir.LOWER,
        order=11,
        source="HMRC (2016); 14.1% of children",
        description="Household income below 60% of the national average.",
    )
    _values(poverty, [(d(2016, 1, 1), d(2016, 12, 31), 16250, "14.1% of children.")])
    deprived = Indicator.objects.create(
        partnership=p,
        name="Residents living in the 10% most deprived areas of England",
        unit=Unit.COUNT,
        direction=Dir.LOWER,
        order=12,
        source="Indices of Deprivation 2019",
    )
    _values(deprived, [(d(2019, 1, 1), d(2019, 12, 31), 28000, "Nearly 28,000.")])
    ethnic = Indicator.objects.create(
        partnership=p,
        name="Residents from a minority ethnic group",
        unit=Unit.PERCENT,
        direction=Dir.NEITHER,
        order=13,
        source="Census",
    )
    _values(
        ethnic, [(d(2019, 1, 1), d(2019, 12, 31), "4.3", "Largest group: Asian heritage, 2.4%.")]
    )


def _worcestershire_training(p: Partnership, f: _Finder) -> None:
    wcf = f.org("Worcestershire Children First")
    police = f.kind("police")
    hwhct = f.org("Herefordshire and Worcestershire Health and Care NHS Trust")
    acute = f.org("Worcestershire Acute Hospitals NHS Trust")
    schools = f.org("Worcestershire schools and colleges")
    early = f.org("Early years settings in Worcestershire")

    def course(title, description, delivered_by, mode, status=Course.Status.RUNNING):
        return Course.objects.create(
            partnership=p,
            title=title,
            description=description,
            delivered_by=delivered_by,
            delivery_mode=mode,
            status=status,
        )

    def session(c, day, mode, attendance):
        s = TrainingSession.objects.create(course=c, date=day, delivery_mode=mode)
        for org, n in attendance:  # illustrative counts
            SessionAttendance.objects.create(session=s, organisation=org, count=n)

    levels = course(
        "Levels of Need guidance and decision making",
        "Using the Levels of Need guidance to refer at the right level and make good "
        "referrals to the Family Front Door.",
        "jointly by children's social care, police and health",
        V,
    )
    session(levels, d(2020, 2, 4), P, [(schools, 14), (early, 5), (hwhct, 6), (police, 3)])
    session(levels, d(2020, 7, 14), V, [(schools, 22), (hwhct, 9), (acute, 4), (police, 6)])
    session(levels, d(2020, 9, 22), V, [(schools, 18), (early, 7), (hwhct, 5), (wcf, 4)])
    CourseEvaluation.objects.create(
        course=levels,
        collected_on=d(2020, 9, 30),
        respondents=41,
        satisfaction_percent=93,
        comments="The online format met the learning outcomes; interactive tools kept people "
        "involved.",
        what_changed="Designated safeguarding leads report discussing possible referrals "
        "against the guidance before contacting the Family Front Door.",
    )
    allegations = course(
        "Management of allegations",
        "Responding when an allegation is made against someone who works with children.",
        "with the Local Authority Designated Officer (LADO)",
        V,
    )
    session(allegations, d(2020, 8, 18), V, [(schools, 26), (early, 9), (hwhct, 3)])
    CourseEvaluation.objects.create(
        course=allegations,
        collected_on=d(2020, 8, 28),
        respondents=22,
        satisfaction_percent=95,
        comments="Attendees found it clear and useful, especially the steps after an allegation.",
        what_changed="Attendees said they now know what to do first when an allegation is made.",
    )
    signs = course(
        "Signs of Safety",
        "An introduction to the Signs of Safety model of assessment.",
        "by Worcestershire Children First",
        V,
    )
    session(signs, d(2020, 1, 21), P, [(schools, 12), (hwhct, 7), (police, 2)])
    session(signs, d(2020, 9, 8), V, [(schools, 16), (early, 4), (acute, 5)])
    CourseEvaluation.objects.create(
        course=signs,
        collected_on=d(2020, 9, 15),
        respondents=19,
        satisfaction_percent=89,
        comments="Schools valued a shared language with partners.",
        what_changed="Schools say partners now use the same language at multi-agency meetings, "
        "which helps plans be understood.",
    )
    course(
        "Multi-agency meetings",
        "The law, preparing, presenting key information and each agency's part in child "
        "protection, children looked after and child in need meetings; with briefing "
        "leaflets and workshops.",
        "by QAPP members",
        V,
        Course.Status.IN_DEVELOPMENT,
    )
    course(
        "Child criminal exploitation",
        "Multi-agency training funded by the West Mercia Police and Crime Commissioner.",
        "with the GET SAFE team",
        V,
    )


def worcestershire_budget(p: Partnership, la, health, police) -> BudgetPeriod:
    """The report's Appendix A, line by line (see the module docstring on pence)."""
    centres = [
        CostCentre.objects.create(partnership=p, code=code, name=name, order=i)
        for i, (code, name) in enumerate(
            [
                ("CF0153", "Budget Board"),
                ("CF0154", "Training Delivery"),
                ("CF0155", "SCR Fund"),
                ("CF0156", "Partnership Trust"),
            ]
        )
    ]
    board, training, scr, trust = centres
    period = BudgetPeriod.objects.create(
        partnership=p,
        title="2019 to 2020",
        starts_on=d(2019, 10, 1),
        ends_on=d(2020, 9, 30),
        notes="The surplus was not moved into the holding accounts during the year.",
    )
    for centre, amount in zip(centres, ["47982", "97851", "18085", "7528"], strict=True):
        OpeningBalance.objects.create(period=period, cost_centre=centre, amount=D(amount))
    for org, amount in [(la, "82441.80"), (health, "68703.90"), (police, "20610.90")]:
        Contribution.objects.create(
            period=period, organisation=org, cost_centre=board, amount=D(amount)
        )
    lines = [
        ("Salaries", board, "92371.70"),
        ("Independent Chair (estimated and included)", board, "21748.80"),
        ("SCR learning events", board, "0"),
        ("Data Analyst (paid for Q1 to Q4)", board, "13500.00"),
        ("Administration and business costs", board, "7328.60"),
        ("Administration and business costs", trust, "51.40"),
        ("Recharges (for half year)", board, "0"),
        ("Training expenditure", board, "-316.20"),
        ("Training expenditure", training, "18.40"),
        ("Neglect events", board, "459.70"),
    ]
    for order, (name, centre, amount) in enumerate(lines):
        ExpenditureLine.objects.create(
            period=period, name=name, cost_centre=centre, amount=D(amount), order=order
        )
    del scr  # the SCR Fund had no movements in the year
    return period


# --- Walsall -----------------------------------------------------------------------------


def walsall(p: Partnership) -> None:
    f = _Finder(p)
    EvidenceSettings.objects.create(partnership=p, qa_subgroup=f.groups["performance-qa"])
    la, police = f.kind("local_authority"), f.kind("police")
    priorities = {
        "neglect": Priority.objects.create(
            partnership=p,
            name="Neglect",
            starts_on=d(2019, 10, 1),
            description="Deliver the aims of the neglect strategy.",
        ),
        "exploitation": Priority.objects.create(
            partnership=p,
            name="Child exploitation",
            starts_on=d(2019, 10, 1),
            description="Respond to children who are exploited as victims, and to children "
            "who go missing.",
        ),
        "right_help": Priority.objects.create(
            partnership=p,
            name="Right help, right time",
            starts_on=d(2019, 10, 1),
        ),
    }
    audit = _audit(
        p,
        "Multi-agency file audit: quality of joint working",
        [la, police, f.org("Walsall Healthcare NHS Trust")],
        d(2020, 1, 6),
        d(2020, 2, 28),
        "Multi-agency working helped children and families, but a joined-up "
        "response is not yet consistent for every family.",
    )
    g = f.groups
    _entries(
        g["executive"],
        [
            (
                d(2019, 10, 15),
                H.PROGRESS,
                "Inaugural meeting reviewed the neglect steering group's "
                "membership, the role of neglect champions and the training offer.",
                "neglect",
            ),
            (
                d(2020, 2, 11),
                H.PROGRESS,
                "A tiered neglect training offer is in development and a "
                "neglect champions group is meeting; the NSPCC is helping plan an awareness "
                "campaign.",
                "neglect",
            ),
            (
                d(2020, 3, 31),
                H.DEVELOPMENT,
                "Most neglect work this year was developmental; there "
                "is little evidence yet of its effect on practice and outcomes.",
                "neglect",
            ),
            (
                d(2020, 3, 31),
                H.PROGRESS,
                "Agreed focused actions on child exploitation in November "
                "2019; the exploitation pathway is now in place.",
                "exploitation",
            ),
            (
                d(2020, 3, 31),
                H.VOICE,
                "Young people inspected services and reported to the partnership.",
            ),
        ],
        by=_user("chair.walsall"),
        priorities=priorities,
        audits={},
    )
    _entries(
        g["performance-qa"],
        [
            (
                d(2020, 3, 3),
                H.IMPACT,
                "More families receiving early help are stepping down to "
                "universal services because their needs were met.",
                "right_help",
            ),
            (
                d(2020, 3, 3),
                H.PROGRESS,
                "Completed a multi-agency file audit of joint working.",
                None,
                "file_audit",
            ),
        ],
        by=None,
        priorities=priorities,
        audits={"file_audit": audit},
    )
    FeedbackExercise.objects.create(
        partnership=p,
        title="Young inspectors",
        method=FeedbackExercise.Method.YOUNG_INSPECTORS,
        who="Young people in Walsall",
        started_on=d(2019, 11, 1),
        ended_on=d(2020, 3, 1),
        what_they_said="Reported on how services felt to use.",
        what_changed="Their findings were shared with the services they inspected.",
    )
    enquiries = Indicator.objects.create(
        partnership=p,
        name="Child protection enquiries (section 47) completed",
        unit=Indicator.Unit.RATE,
        direction=Indicator.Direction.NEITHER,
        description="Per 10,000 children. A large fall brought Walsall closer to similar areas.",
    )
    _values(
        enquiries,
        [  # illustrative
            (d(2018, 4, 1), d(2019, 3, 31), "312.4"),
            (d(2019, 4, 1), d(2020, 3, 31), "201.7"),
        ],
    )
