"""Demo sub-groups, chairs, members and meetings for the two demo partnerships.

Worcestershire follows its 2019-20 report: the Executive from 24 May 2019 (monthly, then
every two weeks from April 2020), QAPP from July 2019 (monthly, then every two months from
April 2020) absorbing the old board's MEG and IFPG, the CSPR Group taking over from the
WSCB Serious Case Review sub-group in July 2019, the Head Teachers group from April 2020,
and the final Board meeting on 12 June 2019. Minutes are short and written for the demo.
Each active group also has a recent meeting (autumn 2026) and a scheduled one, whose agenda
is set out with no minutes yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from partnership.models import Partnership, Person, Role
from subgroups.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Confidentiality,
    Decision,
    Meeting,
    SubGroup,
)

PUB, PART, RESTR = Confidentiality.PUBLIC, Confidentiality.PARTNERSHIP, Confidentiality.RESTRICTED
C = SubGroup.Cadence
# The demo's "now": recent meetings sit just before it, open actions around it.
RECENT = dt.date(2026, 10, 14)
NEXT = dt.date(2026, 12, 9)


@dataclass
class Topic:
    """One agenda item a group returns to; ``action`` is (description, owner, days to due)."""

    title: str
    minutes: str
    confidentiality: str = PART
    decision: str = ""
    action: tuple[str, str, int] | None = None
    stalls: bool = False  # its action is still open long after it was due
    # When the topic could come up at all (Covid-19 items only while the restrictions
    # lasted, a launch only before it happened); None: at any time.
    not_before: dt.date | None = None
    until: dt.date | None = None

    def current_on(self, day: dt.date) -> bool:
        return (self.not_before is None or self.not_before <= day) and (
            self.until is None or day <= self.until
        )


@dataclass
class Group:
    slug: str
    name: str
    short_name: str
    terms: str
    cadence: str
    dates: list[dt.date]
    chairs: list[tuple[str, dt.date, dt.date | None]]
    members: list[tuple[str, dt.date, dt.date | None]]
    topics: list[Topic]
    cadence_note: str = ""
    established_on: dt.date | None = None
    ended_on: dt.date | None = None
    is_executive: bool = False
    handles_case_reviews: bool = False
    of_predecessor_board: bool = False
    predecessors: list[str] = field(default_factory=list)
    start_time: tuple[int, int] = (10, 0)
    hours: float = 2
    recent: bool = True
    cancelled: list[dt.date] = field(default_factory=list)
    draft_recent: bool = False
    # Extra actions from the recent meeting: (description, owner, due date, status).
    recent_actions: list[tuple[str, str, dt.date, str]] = field(default_factory=list)


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def monthly(first: dt.date, last: dt.date, step: int = 1) -> list[dt.date]:
    days, y, m = [], first.year, first.month
    while dt.date(y, m, 1) <= last:
        days.append(_weekday(dt.date(y, m, min(first.day, 28))))
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return days


def every(first: dt.date, last: dt.date, weeks: int) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        day += dt.timedelta(weeks=weeks)
    return days


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


# England's Covid-19 restrictions: from the first lockdown to the end of the legal limits.
COVID = {"not_before": d(2020, 3, 23), "until": d(2021, 7, 19)}


# --------------------------------------------------------------------------------------
# Worcestershire
# --------------------------------------------------------------------------------------

EXEC_TOPICS = [
    Topic(
        "Transition plan to the new partnership",
        "The group reviewed the transition plan: membership, independent scrutiny, funding, "
        "information sharing and business support. Most strands are on track for September.",
        PUB,
        "RESOLVED: the transition plan be approved and reviewed at each meeting.",
        ("Circulate the draft information sharing agreement to all partners", "Helen Marsh", 30),
        until=d(2019, 9, 29),
    ),
    Topic(
        "Budget and partner contributions",
        "The business manager presented the budget position. Partner contributions are agreed "
        "for the year; the training and case review funds are held separately.",
        PART,
        "RESOLVED: the budget report be noted.",
        ("Confirm the police contribution for next year", "Mark Penrose", 45),
    ),
    Topic(
        "Sub-group terms of reference",
        "Draft terms of reference for the GET SAFE, QAPP and CSPR groups were discussed. "
        "Members asked that each group names how it will hear from children and families.",
        PUB,
        "RESOLVED: the terms of reference be agreed subject to the changes discussed.",
    ),
    Topic(
        "Covid-19: agency service updates",
        "Each partner described how services are running under the restrictions and where "
        "demand has changed. Contacts to the Family Front Door dipped and then rose sharply.",
        PART,
        "RESOLVED: the Executive meet every two weeks while the restrictions last.",
        ("Collate a weekly partner service status summary", "Helen Marsh", 14),
        **COVID,
    ),
    Topic(
        "Case review update",
        "The chair of the case review group summarised the rapid reviews in progress. "
        "Details are held in the case review records.",
        RESTR,
        "",
        ("Write to the national Panel with the partnership's response", "Priya Sandhu", 21),
    ),
    Topic(
        "Safeguarding babies",
        "Concern about harm to babies during lockdown was discussed. The Family Front Door "
        "received 682 concerns about children under one in the first nine months of 2020, "
        "36% more than a year earlier.",
        PUB,
        "RESOLVED: the partnership endorse the safeguarding babies initiative.",
        ("Agree an extra health visiting contact for families with babies", "Ruth Okafor", 28),
        not_before=d(2020, 10, 1),
        until=d(2021, 12, 31),
    ),
    Topic(
        "Domestic abuse referrals to the front door",
        "Police and social care agreed to audit domestic abuse notifications together to see "
        "which reach the threshold for a referral.",
        PART,
        "",
        ("Set up the police and social care working group", "Mark Penrose", 30),
        True,
    ),
    Topic(
        "Early help strategy with West Mercia Police",
        "A task and finish group will align the force's early help work with the county's.",
        PART,
        "RESOLVED: a task and finish group be set up.",
        ("Report the task and finish group's findings", "David Osei", 60),
    ),
]

GETSAFE_TOPICS = [
    Topic(
        "GET SAFE action plan",
        "The draft action plan was reviewed strand by strand: gangs, sexual exploitation, "
        "trafficking, modern slavery, missing, forced marriage, honour-based abuse and FGM, "
        "and criminal exploitation.",
        PUB,
        "RESOLVED: the GET SAFE action plan be agreed.",
        ("Publish the action plan on the partnership website", "Kate Morrow", 21),
    ),
    Topic(
        "GET SAFE assessment and portal",
        "The linked assessment is live; practitioners now refer through the portal and the "
        "team reviews new referrals weekly in the hub.",
        PART,
        "",
        ("Produce a practice guide for the assessment tool", "David Osei", 45),
    ),
    Topic(
        "Young people's feedback on exploitation",
        "Four surveys of young people were summarised. Trusted adults and time to build "
        "relationships came through most strongly.",
        PUB,
        "RESOLVED: future surveys cover every GET SAFE risk, not only sexual exploitation.",
        ("Extend the survey questions to criminal exploitation", "Bethany Cole", 60),
    ),
    Topic(
        "Children currently at high risk",
        "Individual children at high risk and the disruption plans around them were reviewed.",
        RESTR,
        "",
        ("Share the location risk map with neighbourhood teams", "Imran Khalid", 14),
    ),
    Topic(
        "Exploitation problem profile",
        "The draft problem profile was presented. Gaps remain in data from schools and "
        "health; partners were asked to supply it.",
        PART,
        "",
        ("Provide school exclusions data for the profile", "Fiona Grant", 30),
        True,
    ),
    Topic(
        "Transition to adult services",
        "Members discussed young people who stay at risk past eighteen and the lack of a "
        "pathway into adult services.",
        PART,
        "RESOLVED: a transition pathway be drafted with the adults board.",
        ("Draft a transition pathway for young adults at continued risk", "Owen Tranter", 90),
    ),
]

QAPP_TOPICS = [
    Topic(
        "Performance dashboard",
        "The multi-agency indicators were reviewed from early help to child protection. "
        "Referrals to the Family Front Door are up while the share meeting threshold is down.",
        PART,
        "RESOLVED: the dashboard be shared with the Executive.",
        ("Add conversion rates by referring agency to the dashboard", "Kate Morrow", 30),
    ),
    Topic(
        "Multi-agency audit: strategy discussions",
        "Findings from the audit of strategy discussions: health were not always invited and "
        "recording varied. Case examples were discussed.",
        RESTR,
        "",
        ("Remind agencies of the strategy discussion invitation list", "Gemma Wright", 21),
    ),
    Topic(
        "Learning from serious case reviews reaching practice",
        "An online questionnaire will test whether learning from two recent reviews has "
        "reached front-line staff.",
        PUB,
        "RESOLVED: the questionnaire be issued to all partner agencies.",
        ("Issue the learning questionnaire to acute hospital staff", "Gemma Wright", 30),
    ),
    Topic(
        "Training offer",
        "Courses paused in March have restarted online. Evaluation will ask what changed in "
        "practice, not only whether the course was liked.",
        PUB,
        "",
        ("Design a three-month follow-up evaluation for courses", "Tom Hadley", 60),
        True,
        not_before=d(2020, 6, 1),
        until=d(2021, 7, 19),
    ),
    Topic(
        "Service user feedback",
        "The survey for families has gone live; a question on working together has been added "
        "to the case file audit template.",
        PUB,
        "RESOLVED: conference feedback be added to the quarterly report.",
        ("Report the first quarter of family survey responses", "Lucy Brennan", 90),
    ),
    Topic(
        "Section 175 audit of schools",
        "Every school returned the audit; 191 schools promote an early help offer, 134 of them "
        "on their website.",
        PUB,
        "RESOLVED: the section 175 audit report be noted.",
        ("Write to schools without an early help offer on their website", "Fiona Grant", 45),
    ),
    Topic(
        "Multi-agency training guidance",
        "The revised guidance for agencies planning their own safeguarding training was "
        "agreed and will go on the website.",
        PUB,
        "",
        ("Publish the training guidance", "Kate Morrow", 14),
    ),
]

CSPR_TOPICS = [
    Topic(
        "Rapid review",
        "The group considered a rapid review. Identifying details are held in the case "
        "review records only.",
        RESTR,
        "RESOLVED: the rapid review be sent to the national Panel.",
        ("Send the rapid review to the national Panel", "Anita Desai", 7),
    ),
    Topic(
        "Practice review in progress",
        "Progress on the commissioned review was noted, including the pause for Covid and "
        "the virtual learning event for practitioners.",
        RESTR,
        "",
        ("Agree a new completion date with the reviewer", "Ruth Okafor", 30),
        True,
        not_before=d(2020, 4, 1),
        until=d(2021, 12, 31),
    ),
    Topic(
        "Learning briefing: Mental Capacity Act and 16-17 year olds",
        "A briefing on how the Mental Capacity Act applies to 16 and 17 year olds has been "
        "written from review learning.",
        PUB,
        "RESOLVED: the briefing be published.",
        ("Circulate the briefing through partner newsletters", "Richard Vale", 21),
    ),
    Topic(
        "Pre-birth pathway",
        "The reviewed multi-agency pre-birth pathway was presented and agreed.",
        PART,
        "RESOLVED: the updated pre-birth pathway be adopted.",
        ("Brief midwifery teams on the updated pathway", "Richard Vale", 45),
    ),
    Topic(
        "National reviews and Panel reports",
        "The group considered recent national Panel publications and what they mean locally.",
        PART,
        "",
        ("Map the national recommendations against local practice", "Jon Fairclough", 60),
    ),
]

HEAD_TOPICS = [
    Topic(
        "Schools' response to Covid-19",
        "Head teachers described keeping in touch with vulnerable pupils while schools were "
        "partly closed.",
        PART,
        "",
        ("Share the welfare-call template with all schools", "Fiona Grant", 14),
        **COVID,
    ),
    Topic(
        "Referrals from schools",
        "Before March over 60% of school referrals met the threshold for social work; the "
        "rate has fallen since.",
        PART,
        "RESOLVED: joint education and social care audits of referrals be more frequent.",
        ("Schedule termly joint audits of school referrals", "Sarah Lindqvist", 60),
        True,
        not_before=d(2020, 4, 1),
        until=d(2021, 7, 19),
    ),
    Topic(
        "Attendance at strategy meetings",
        "An audit of schools' attendance at strategy meetings was received; advice to schools "
        "will follow.",
        PUB,
        "RESOLVED: the audit report be noted.",
        ("Send advice to schools on contributing to strategy discussions", "Margaret Ashby", 30),
    ),
]

MEG_TOPICS = [
    Topic(
        "Neglect audit findings",
        "Case file audits showed chronologies were not used well and each incident was "
        "treated as new rather than adding up.",
        PART,
        "RESOLVED: the neglect strategy and toolkit be launched across the partnership.",
        ("Launch the neglect toolkit with practitioner briefings", "Tom Hadley", 30),
    ),
    Topic(
        "Handover to QAPP",
        "The group's audit programme will pass to the new QAPP group in July.",
        PUB,
        "RESOLVED: open audit actions transfer to QAPP.",
        None,
    ),
]

IFPG_TOPICS = [
    Topic(
        "Safeguarding website",
        "The joint adults and children safeguarding website is ready to launch on 20 May.",
        PUB,
        "RESOLVED: the website go live on 20 May 2019.",
        ("Check every procedure link on the new website", "Kate Morrow", 14),
        until=d(2019, 5, 20),
    ),
    Topic(
        "Learning events at the Artrix, Bromsgrove",
        "Two theatre-based events in June will bring learning from serious case reviews to "
        "managers and practitioners.",
        PUB,
        "",
        ("Book the venue and the theatre company", "Lucy Brennan", 21),
        until=d(2019, 6, 30),
    ),
    Topic(
        "Early help pathway",
        "The updated early help pathway was reviewed before launch.",
        PART,
        "RESOLVED: the updated early help pathway be supported.",
        None,
    ),
]

SCR_TOPICS = [
    Topic(
        "Serious case reviews nearing publication",
        "Final reports for two serious case reviews were considered ahead of publication.",
        RESTR,
        "RESOLVED: both reports be recommended to the Board for publication.",
        ("Prepare the learning summaries for publication", "Ruth Okafor", 30),
    ),
    Topic(
        "Terms of reference for the new CSPR group",
        "The group drafted terms of reference for its successor.",
        PUB,
        "RESOLVED: the draft terms of reference go to the Executive.",
        None,
    ),
]

BOARD_TOPICS = [
    Topic(
        "Transfer of sub-group responsibilities",
        "The Board agreed how each of its sub-groups hands its work to the new partnership.",
        PUB,
        "RESOLVED: the transfer arrangements be approved.",
        None,
    ),
    Topic(
        "Shared safeguarding website",
        "The shared website for the children's partnership and the adults board was signed off.",
        PUB,
        "RESOLVED: the shared website be approved.",
        None,
    ),
]


def worcestershire_groups() -> list[Group]:
    return [
        Group(
            "executive",
            "Executive Group",
            "Executive",
            "Strategic decision making for the partnership. The three safeguarding partners meet "
            "as equals under an independent chair, oversee the sub-groups and the budget, and "
            "consider national learning.",
            C.FORTNIGHTLY,
            monthly(d(2019, 5, 24), d(2020, 3, 31)) + every(d(2020, 4, 2), d(2020, 9, 30), 2),
            chairs=[("Graham Whitfield", d(2019, 5, 24), None)],
            members=[
                ("Priya Sandhu", d(2019, 5, 24), None),
                ("Ruth Okafor", d(2019, 5, 24), None),
                ("Mark Penrose", d(2019, 5, 24), None),
                ("Helen Marsh", d(2019, 5, 24), None),
            ],
            topics=EXEC_TOPICS,
            cadence_note="Monthly from 24 May 2019; every two weeks from April 2020 "
            "during Covid-19.",
            established_on=d(2019, 5, 24),
            is_executive=True,
            start_time=(9, 30),
            hours=1.5,
        ),
        Group(
            "get-safe",
            "GET SAFE Partnership Group",
            "GET SAFE",
            "Leads the partnership's response to every form of child exploitation: gangs, sexual "
            "exploitation, trafficking, modern slavery, absent and missing, forced marriage, "
            "honour-based violence and FGM, and criminal exploitation.",
            C.BIMONTHLY,
            monthly(d(2019, 7, 18), d(2020, 9, 30), 2),
            chairs=[
                ("Mark Penrose", d(2019, 7, 1), d(2021, 8, 31)),
                ("Claire Beckett", d(2021, 9, 1), None),
            ],
            members=[
                ("Claire Beckett", d(2019, 7, 1), d(2021, 8, 31)),
                ("Imran Khalid", d(2019, 7, 1), None),
                ("David Osei", d(2019, 7, 1), None),
                ("Bethany Cole", d(2019, 7, 1), None),
                ("Fiona Grant", d(2019, 7, 1), None),
                ("Owen Tranter", d(2019, 7, 1), None),
            ],
            topics=GETSAFE_TOPICS,
            established_on=d(2019, 7, 1),
            cancelled=[d(2020, 3, 18)],
        ),
        Group(
            "qapp",
            "Quality Assurance Practice and Procedures Group",
            "QAPP",
            "Runs the multi-agency quality assurance programme: audits, service user feedback and "
            "key performance indicators, and the learning and development offer that follows.",
            C.BIMONTHLY,
            monthly(d(2019, 7, 10), d(2020, 3, 31)) + monthly(d(2020, 4, 15), d(2020, 9, 30), 2),
            chairs=[("Tom Hadley", d(2019, 7, 1), None)],
            members=[
                ("Gemma Wright", d(2019, 7, 1), None),
                ("Lucy Brennan", d(2019, 7, 1), None),
                ("Imran Khalid", d(2019, 7, 1), None),
                ("Kate Morrow", d(2019, 7, 1), None),
                ("Fiona Grant", d(2020, 4, 1), None),
            ],
            topics=QAPP_TOPICS,
            cadence_note="Monthly; every two months from April 2020 while multi-agency audit was "
            "suspended for Covid-19.",
            established_on=d(2019, 7, 1),
            predecessors=["meg", "ifpg"],
            draft_recent=True,
            recent_actions=[
                (
                    "Re-run the strategy discussion audit in the acute trust",
                    "Gemma Wright",
                    d(2026, 11, 6),
                    Action.Status.IN_PROGRESS,
                ),
                (
                    "Report learning questionnaire returns from hospital staff",
                    "Gemma Wright",
                    d(2027, 1, 29),
                    Action.Status.OPEN,
                ),
                (
                    "Update the dashboard with the new ICB referral codes",
                    "Kate Morrow",
                    d(2027, 2, 26),
                    Action.Status.OPEN,
                ),
            ],
        ),
        Group(
            "cspr",
            "Child Safeguarding Practice Review Group",
            "CSPR",
            "Manages rapid reviews, commissions child safeguarding practice reviews, checks they "
            "are done well and on time, and sees that their learning is put into practice.",
            C.MONTHLY,
            monthly(d(2019, 7, 4), d(2020, 9, 30)),
            chairs=[
                ("Ruth Okafor", d(2019, 7, 1), d(2021, 3, 31)),
                ("Anita Desai", d(2021, 4, 1), None),
            ],
            members=[
                ("Anita Desai", d(2019, 7, 1), d(2021, 3, 31)),
                ("Jon Fairclough", d(2019, 7, 1), None),
                ("David Osei", d(2019, 7, 1), None),
                ("Richard Vale", d(2019, 7, 1), None),
            ],
            topics=CSPR_TOPICS,
            established_on=d(2019, 7, 1),
            handles_case_reviews=True,
            predecessors=["scr"],
        ),
        Group(
            "head-teachers",
            "Head Teachers Safeguarding Group",
            "Head Teachers",
            "Representatives of every phase of education quality-assure schools' safeguarding, "
            "using indicators, section 175 audit returns and feedback from schools.",
            C.BIMONTHLY,
            [d(2020, 4, 29), d(2020, 6, 10), d(2020, 7, 8), d(2020, 9, 23)],
            chairs=[("Sarah Lindqvist", d(2020, 4, 1), None)],
            members=[
                ("Fiona Grant", d(2020, 4, 1), None),
                ("Margaret Ashby", d(2020, 4, 1), None),
                ("Kate Morrow", d(2020, 4, 1), None),
            ],
            topics=HEAD_TOPICS,
            cadence_note="Once each half term.",
            established_on=d(2020, 4, 1),
            start_time=(16, 0),
            hours=1.5,
        ),
        Group(
            "meg",
            "Monitoring Effectiveness Group",
            "MEG",
            "The Board's multi-agency audit group.",
            C.MONTHLY,
            monthly(d(2019, 4, 9), d(2019, 7, 31)),
            chairs=[("Tom Hadley", d(2018, 4, 1), d(2019, 7, 31))],
            members=[
                ("Gemma Wright", d(2018, 4, 1), d(2019, 7, 31)),
                ("David Osei", d(2018, 4, 1), d(2019, 7, 31)),
            ],
            topics=MEG_TOPICS,
            ended_on=d(2019, 7, 31),
            of_predecessor_board=True,
            recent=False,
        ),
        Group(
            "ifpg",
            "Improving Frontline Practice Group",
            "IFPG",
            "The Board's group for bringing learning from reviews into practice.",
            C.MONTHLY,
            monthly(d(2019, 4, 16), d(2019, 7, 31)),
            chairs=[("Lucy Brennan", d(2018, 4, 1), d(2019, 7, 31))],
            members=[
                ("Kate Morrow", d(2018, 4, 1), d(2019, 7, 31)),
                ("Owen Tranter", d(2018, 4, 1), d(2019, 7, 31)),
            ],
            topics=IFPG_TOPICS,
            ended_on=d(2019, 7, 31),
            of_predecessor_board=True,
            recent=False,
        ),
        Group(
            "scr",
            "WSCB Serious Case Review sub-group",
            "SCR",
            "The Board's group managing serious case reviews and learning reviews.",
            C.MONTHLY,
            monthly(d(2019, 4, 3), d(2019, 7, 3)),
            chairs=[("Ruth Okafor", d(2018, 4, 1), d(2019, 7, 31))],
            members=[
                ("Jon Fairclough", d(2018, 4, 1), d(2019, 7, 31)),
                ("Richard Vale", d(2018, 4, 1), d(2019, 7, 31)),
            ],
            topics=SCR_TOPICS,
            ended_on=d(2019, 7, 31),
            of_predecessor_board=True,
            handles_case_reviews=True,
            recent=False,
        ),
        Group(
            "wscb",
            "Worcestershire Safeguarding Children Board",
            "WSCB",
            "The full Board, replaced by the partnership on 30 September 2019.",
            C.QUARTERLY,
            [d(2019, 6, 12)],
            chairs=[("Alan Pryce", d(2016, 4, 1), d(2019, 9, 30))],
            members=[
                ("Priya Sandhu", d(2018, 4, 1), d(2019, 9, 30)),
                ("Ruth Okafor", d(2018, 4, 1), d(2019, 9, 30)),
                ("Mark Penrose", d(2018, 4, 1), d(2019, 9, 30)),
                ("Owen Tranter", d(2018, 4, 1), d(2019, 9, 30)),
            ],
            topics=BOARD_TOPICS,
            ended_on=d(2019, 9, 30),
            of_predecessor_board=True,
            recent=False,
        ),
    ]


# --------------------------------------------------------------------------------------
# Walsall: a differently shaped partnership
# --------------------------------------------------------------------------------------

WALSALL_EXEC_TOPICS = [
    Topic(
        "Neglect strategy",
        "At the first meeting partners agreed to review the neglect steering group's "
        "membership, the role of neglect champions and the training offer.",
        PUB,
        "RESOLVED: a neglect champions group be established.",
        ("Plan a local neglect awareness campaign with the NSPCC", "Rachel Hume", 90),
    ),
    Topic(
        "Child exploitation strategy delivery plan",
        "A focused set of actions was agreed, including a child exploitation pathway, to be "
        "done by the end of March 2020.",
        PART,
        "RESOLVED: the focused actions be agreed.",
        ("Put a child exploitation pathway in place", "Paul Whitmore", 120),
        True,
    ),
    Topic(
        "Family Safeguarding Model",
        "Partners agreed that governance of the Family Safeguarding Model sits with the "
        "partnership.",
        PUB,
        "RESOLVED: the partnership oversee the Family Safeguarding Model.",
        ("Report implementation progress each quarter", "Colin Forde", 90),
    ),
    Topic(
        "Young inspectors' findings",
        "Young people who inspected services presented what they found.",
        PUB,
        "",
        ("Respond in writing to the young inspectors", "Elaine Robb", 30),
    ),
]

WALSALL_PRACTICE_TOPICS = [
    Topic(
        "Rapid review",
        "A serious incident notification was considered and a rapid review agreed. Details "
        "are in the case review records.",
        RESTR,
        "RESOLVED: the rapid review go to the national Panel.",
        ("Submit the rapid review to the Panel", "Kwame Mensah", 10),
    ),
    Topic(
        "Panel feedback on rapid reviews",
        "Feedback from the national Panel was used to refine how rapid reviews are written.",
        PART,
        "",
        ("Update the rapid review template", "Lisa Drummond", 30),
    ),
]

WALSALL_PERF_TOPICS = [
    Topic(
        "Quarterly performance report",
        "Early help step-downs to universal services are rising; child protection enquiries "
        "have fallen closer to national rates.",
        PART,
        "RESOLVED: the performance report be noted.",
        ("Add partner referral rates to the MASH to the report", "Joanne Birch", 60),
    ),
    Topic(
        "Multi-agency file audits",
        "Audits show good joint working in most cases but not yet consistently.",
        RESTR,
        "",
        ("Re-audit cases where the response was not joined up", "Joanne Birch", 90),
        True,
    ),
]


def walsall_groups() -> list[Group]:
    return [
        Group(
            "executive",
            "Safeguarding Partnership Executive",
            "Executive",
            "The three statutory partners and the independent chair set priorities and hold the "
            "sub-groups to account.",
            C.BIMONTHLY,
            monthly(d(2019, 10, 8), d(2021, 3, 31), 2),
            chairs=[("Elaine Robb", d(2019, 9, 29), None)],
            members=[
                ("Colin Forde", d(2019, 9, 29), None),
                ("Sunita Rao", d(2019, 9, 29), None),
                ("Paul Whitmore", d(2019, 9, 29), None),
                ("Naomi Clarke", d(2019, 9, 29), None),
            ],
            topics=WALSALL_EXEC_TOPICS,
            established_on=d(2019, 9, 29),
            is_executive=True,
        ),
        Group(
            "practice-review",
            "Practice Review Subgroup",
            "Practice Review",
            "Reviews serious safeguarding incidents and cases of local significance, and spreads "
            "the learning.",
            C.AS_NEEDED,
            monthly(d(2019, 11, 20), d(2021, 3, 31), 3),
            chairs=[("Kwame Mensah", d(2019, 9, 29), None)],
            members=[
                ("Lisa Drummond", d(2019, 9, 29), None),
                ("Paul Whitmore", d(2019, 9, 29), None),
            ],
            topics=WALSALL_PRACTICE_TOPICS,
            established_on=d(2019, 9, 29),
            handles_case_reviews=True,
        ),
        Group(
            "performance-qa",
            "Performance and Quality Assurance Subgroup",
            "Performance and QA",
            "Quarterly review of performance data and multi-agency file audits.",
            C.QUARTERLY,
            monthly(d(2019, 12, 3), d(2021, 3, 31), 3),
            chairs=[("Colin Forde", d(2019, 9, 29), None)],
            members=[
                ("Joanne Birch", d(2019, 9, 29), None),
                ("Martin Ebdon", d(2019, 9, 29), None),
                ("Lisa Drummond", d(2019, 9, 29), None),
            ],
            topics=WALSALL_PERF_TOPICS,
            established_on=d(2019, 9, 29),
        ),
    ]


# --------------------------------------------------------------------------------------
# Building the records
# --------------------------------------------------------------------------------------


def load() -> None:
    _build(Partnership.objects.get(slug="worcestershire"), worcestershire_groups(), seed=4)
    _build(Partnership.objects.get(slug="walsall"), walsall_groups(), seed=2)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def _build(partnership: Partnership, groups: list[Group], *, seed: int) -> None:
    rng = random.Random(seed)
    people = {p.name: p for p in Person.objects.filter(partnership=partnership)}
    subgroups = {
        g.slug: sg
        for g, sg in zip(
            groups,
            SubGroup.objects.bulk_create(
                SubGroup(
                    partnership=partnership,
                    name=g.name,
                    short_name=g.short_name,
                    slug=g.slug,
                    terms_of_reference=g.terms,
                    cadence=g.cadence,
                    cadence_note=g.cadence_note,
                    is_executive=g.is_executive,
                    handles_case_reviews=g.handles_case_reviews,
                    of_predecessor_board=g.of_predecessor_board,
                    established_on=g.established_on,
                    ended_on=g.ended_on,
                    order=i,
                )
                for i, g in enumerate(groups)
            ),
            strict=True,
        )
    }
    for g in groups:
        subgroups[g.slug].predecessors.set([subgroups[s] for s in g.predecessors])

    Role.objects.bulk_create(
        Role(
            person=people[name],
            kind=kind,
            subgroup=subgroups[g.slug],
            organisation=people[name].organisation,
            valid_from=start,
            valid_to=end,
        )
        for g in groups
        for kind, rows in (
            (Role.Kind.SUBGROUP_CHAIR, g.chairs),
            (Role.Kind.SUBGROUP_MEMBER, g.members),
        )
        for name, start, end in rows
    )

    # Meetings, oldest first per group; minutes confirmed at the next held meeting.
    plans: list[tuple[Group, dt.date, str]] = []
    for g in groups:
        dates = [(day, "past") for day in g.dates]
        if g.recent:
            offset = dt.timedelta(days=groups.index(g))
            dates += [(_weekday(RECENT + offset), "recent"), (_weekday(NEXT + offset), "next")]
        plans += [(g, day, kind) for day, kind in dates]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            subgroup=subgroups[g.slug],
            starts_at=_at(day, *g.start_time),
            ends_at=_at(day, *g.start_time) + dt.timedelta(hours=g.hours),
            location="Microsoft Teams"
            if day >= d(2020, 3, 23)
            else "County Hall, meeting room 1"
            if partnership.slug == "worcestershire"
            else "Walsall Council House",
            is_virtual=day >= d(2020, 3, 23),
            status=Meeting.Status.SCHEDULED
            if kind == "next"
            else Meeting.Status.CANCELLED
            if day in g.cancelled
            else Meeting.Status.HELD,
        )
        for g, day, kind in plans
    )
    by_group: dict[str, list[tuple[Meeting, str]]] = {}
    for (g, _, kind), meeting in zip(plans, meetings, strict=True):
        by_group.setdefault(g.slug, []).append((meeting, kind))

    items, decisions, actions, attendance = [], [], [], []
    for g in groups:
        held = [(m, k) for m, k in by_group[g.slug] if m.status == Meeting.Status.HELD]
        for i, (meeting, kind) in enumerate(held):
            later = held[i + 1][0] if i + 1 < len(held) else None
            if later is not None:
                meeting.minutes_status = Meeting.MinutesStatus.CONFIRMED
                meeting.confirmed_at_meeting = later
                meeting.confirmed_on = timezone.localtime(later.starts_at).date()
                meeting.circulated_on = timezone.localtime(meeting.starts_at).date() + dt.timedelta(
                    days=7
                )
            elif not (kind == "recent" and g.draft_recent):
                meeting.minutes_status = Meeting.MinutesStatus.CIRCULATED
                meeting.circulated_on = timezone.localtime(meeting.starts_at).date() + dt.timedelta(
                    days=5
                )
            day = timezone.localtime(meeting.starts_at).date()
            attendance += _attendance(rng, g, meeting, day, people)
            opening = AgendaItem(
                meeting=meeting,
                order=1,
                title="Welcome, apologies and minutes of the last meeting",
                minutes="Apologies were noted. The minutes of the last meeting were agreed "
                "as a true record and the action log was reviewed."
                if i
                else "Members introduced themselves and noted the group's terms of reference.",
                confidentiality=PUB,
                presenter=people[g.chairs[-1][0]]
                if kind == "recent"
                else _chair_on(g, day, people),
            )
            items.append((opening, None, None))
            picks = _topics_for(g, i, day)
            for order, topic in enumerate(picks, start=2):
                item = AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=topic.title,
                    minutes=topic.minutes,
                    confidentiality=topic.confidentiality,
                    presenter=_chair_on(g, day, people),
                )
                items.append((item, topic, kind))
        # The scheduled meeting has its agenda, as a business manager sets it out before the
        # papers go round: the usual opening item and the next topics, with no minutes yet.
        for meeting, kind in by_group[g.slug]:
            if meeting.status != Meeting.Status.SCHEDULED:
                continue
            day = timezone.localtime(meeting.starts_at).date()
            chair = _chair_on(g, day, people)
            agenda = [("Welcome, apologies and minutes of the last meeting", PUB)]
            agenda += [(t.title, t.confidentiality) for t in _topics_for(g, len(held), day)]
            items += [
                (
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=title,
                        confidentiality=level,
                        presenter=chair,
                    ),
                    None,
                    kind,
                )
                for order, (title, level) in enumerate(agenda, start=1)
            ]
    Meeting.objects.bulk_update(
        meetings, ["minutes_status", "confirmed_at_meeting", "confirmed_on", "circulated_on"]
    )
    AgendaItem.objects.bulk_create([item for item, _, _ in items])
    Attendance.objects.bulk_create(attendance)

    today = dt.date.today()
    for n, (item, topic, kind) in enumerate(items):
        if topic is None:
            continue
        if topic.decision:
            decisions.append(
                Decision(
                    item=item,
                    text=topic.decision,
                    meeting_starts_at=item.meeting.starts_at,
                    partnership=partnership,
                )
            )
        if topic.action:
            description, owner_name, days = topic.action
            owner = people[owner_name]
            held_on = timezone.localtime(item.meeting.starts_at).date()
            due = held_on + dt.timedelta(days=days)
            status, completed = _action_state(rng, n, topic, kind, held_on, due, today)
            if kind == "recent" and n % 3 == 0:
                due = RECENT + dt.timedelta(days=18)  # already past: overdue now
            actions.append(
                Action(
                    partnership=partnership,
                    subgroup=item.meeting.subgroup,
                    item=item,
                    description=description,
                    owner=owner,
                    organisation=owner.organisation,
                    due_on=due,
                    status=status,
                    completed_on=completed,
                    created_on=held_on,
                )
            )
    last_items = {}
    for item, _, kind in items:
        if kind == "recent":
            last_items[item.meeting.subgroup_id] = item
    for g in groups:
        item = last_items.get(subgroups[g.slug].pk)
        for description, owner_name, due, status in g.recent_actions:
            owner = people[owner_name]
            actions.append(
                Action(
                    partnership=partnership,
                    subgroup=item.meeting.subgroup,
                    item=item,
                    description=description,
                    owner=owner,
                    organisation=owner.organisation,
                    due_on=due,
                    status=status,
                    created_on=RECENT,
                )
            )
    Decision.objects.bulk_create(decisions)
    Action.objects.bulk_create(actions)
    ActionUpdate.objects.bulk_create(_updates(actions))


def _topics_for(g: Group, i: int, day: dt.date) -> list[Topic]:
    """The topics of a group's ``i``-th meeting: the next two in its rotation (one for a
    group with two topics or fewer), passing over any that could not come up on the day."""
    wanted = 2 if len(g.topics) > 2 else 1
    picks: list[Topic] = []
    for step in range(len(g.topics)):
        topic = g.topics[(i * 2 + step) % len(g.topics)]
        if topic.current_on(day) and topic not in picks:
            picks.append(topic)
            if len(picks) == wanted:
                break
    return picks


def _chair_on(g: Group, day: dt.date, people: dict[str, Person]) -> Person:
    for name, start, end in g.chairs:
        if start <= day and (end is None or day <= end):
            return people[name]
    return people[g.chairs[-1][0]]


def _attendance(rng, g: Group, meeting: Meeting, day: dt.date, people) -> list[Attendance]:
    members = [
        people[name]
        for name, start, end in g.chairs + g.members
        if start <= day and (end is None or day <= end)
    ]
    members = list(dict.fromkeys(members))
    rows, taken = [], {p.pk for p in members}
    for person in members:
        roll = rng.random()
        status = Attendance.Status.PRESENT
        if person != _chair_on(g, day, people):
            if roll < 0.12:
                status = Attendance.Status.APOLOGIES
            elif roll < 0.18:
                status = Attendance.Status.SUBSTITUTE
        if status == Attendance.Status.SUBSTITUTE:
            stand_in = _stand_in(person, people, taken)
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    organisation=person.organisation,
                    status=Attendance.Status.APOLOGIES,
                )
            )
            if stand_in is not None:
                taken.add(stand_in.pk)
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=stand_in,
                        organisation=person.organisation,
                        status=Attendance.Status.SUBSTITUTE,
                        substitute_for=person,
                    )
                )
            continue
        rows.append(
            Attendance(
                meeting=meeting, person=person, organisation=person.organisation, status=status
            )
        )
    return rows


def _stand_in(person: Person, people: dict[str, Person], taken: set[int]) -> Person | None:
    # Stand-ins are staff of an agency (not independent people such as the old Board's chair).
    candidates = [
        p
        for p in people.values()
        if p.pk not in taken and p.user_id is None and p.organisation_id is not None
    ]
    same_org = [p for p in candidates if p.organisation_id == person.organisation_id]
    pool = same_org or candidates
    return pool[0] if pool else None


def _action_state(
    rng, n: int, topic: Topic, kind: str, held_on: dt.date, due: dt.date, today: dt.date
) -> tuple[str, dt.date | None]:
    S = Action.Status
    if kind == "recent":
        return (S.IN_PROGRESS if n % 2 else S.OPEN), None
    if topic.stalls and held_on.year == 2020 and held_on.month >= 6:
        return (S.IN_PROGRESS if n % 2 else S.OPEN), None
    if n % 11 == 0:
        return S.CANCELLED, None
    late = rng.choice([-3, 0, 5, 21])
    earliest = held_on + dt.timedelta(days=8)  # after the "work has started" update
    return S.COMPLETED, min(max(due + dt.timedelta(days=late), earliest), today)


def _updates(actions: list[Action]) -> list[ActionUpdate]:
    S = Action.Status
    rows = []
    for a in actions:
        if a.status == S.OPEN:
            continue
        started = a.created_on + dt.timedelta(days=7)
        rows.append(
            ActionUpdate(
                action=a,
                date=started,
                note="Work has started.",
                status_from=S.OPEN,
                status_to=S.IN_PROGRESS,
            )
        )
        if a.status == S.COMPLETED:
            rows.append(
                ActionUpdate(
                    action=a,
                    date=a.completed_on,
                    note="Done and reported back.",
                    status_from=S.IN_PROGRESS,
                    status_to=S.COMPLETED,
                )
            )
        elif a.status == S.CANCELLED:
            rows.append(
                ActionUpdate(
                    action=a,
                    date=started + dt.timedelta(days=14),
                    note="No longer needed: overtaken by the new arrangements.",
                    status_from=S.IN_PROGRESS,
                    status_to=S.CANCELLED,
                )
            )
    return rows
