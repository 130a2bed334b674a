"""Demo reports: Worcestershire's first (transitional) report, its 2024-25 report under
Working Together 2023, and a Walsall report.

Worcestershire's structure follows the contents of its published 2019-20 report (one
section per group, the case reviews, the update to the arrangements, Appendix A budget).
Walsall's structure is its own: priorities, learning from serious incidents, young
people's voice and an evaluation. The narrative is written afresh and kept short; all
figures come from the records the other demo loaders made.
"""

from __future__ import annotations

import datetime as dt

from partnership.models import Organisation, Partnership, Role, User
from reports import services
from reports.models import Report, ReportNarrative, ReportSectionConfig

WORCESTERSHIRE_SECTIONS = [
    # key, title, appendix, hidden
    ("foreword", "Foreword", False, False),
    ("executive_summary", "Executive Summary", False, False),
    ("introduction", "Introduction", False, False),
    ("key_facts", "Key Facts about Worcestershire", False, False),
    ("background", "Background", False, False),
    (
        "executive",
        "The Worcestershire Safeguarding Children Partnership Executive Group",
        False,
        False,
    ),
    ("wider_partnership", "The Wider Partnership", False, False),
    ("subgroup:get-safe", "The GET SAFE Partnership Group", False, False),
    ("subgroup:qapp", "The Quality Assurance Practice and Procedures Group", False, False),
    ("subgroup:cspr", "The Child Safeguarding Practice Review Group", False, False),
    ("case_reviews", "Child Safeguarding Practice Reviews", False, False),
    ("arrangements_updates", "Updates to Published Arrangements", False, False),
    ("subgroup:head-teachers", "The Head Teachers Safeguarding Group", False, False),
    ("subgroups", "Other sub-groups", False, False),
    ("priorities", "Our priorities", False, True),
    ("previous_areas", "Progress against the last report's areas for development", False, True),
    ("conclusion", "Conclusion", False, False),
    ("appendix_budget", "WSCP Budget Details (2019 to 2020)", True, False),
    ("appendix_kpis", "Key Performance Indicators", True, False),
    ("appendix_attendance", "Attendance by Agency", True, False),
]

WALSALL_SECTIONS = [
    ("foreword", "A message from the Independent Chair", False, False),
    ("introduction", "About this report", False, False),
    ("executive", "Our strategic arrangements", False, False),
    ("custom:covid-19", "Responding to Covid-19", False, False),
    ("priorities", "Progress on our priorities", False, False),
    ("subgroup:performance-qa", "Performance and Quality Assurance", False, False),
    ("subgroup:practice-review", "The Practice Review Subgroup", False, False),
    ("case_reviews", "Learning from serious child safeguarding incidents", False, False),
    ("key_facts", "What the data tells us", False, False),
    ("arrangements_updates", "Changes to our arrangements", False, False),
    ("subgroups", "Other groups", False, False),
    ("custom:evaluation", "Our evaluation: how safe are children in Walsall?", False, False),
    ("executive_summary", "Summary", False, True),
    ("background", "Inspections", False, True),
    ("conclusion", "Looking ahead to 2020-21", False, False),
    ("custom:financial-information", "Financial information", True, False),
    ("appendix_attendance", "Attendance at partnership meetings", True, False),
]

WORCS_TEXT = {
    "foreword": (
        "This is the first annual report of the Worcestershire Safeguarding Children "
        "Partnership, which took over from the Worcestershire Safeguarding Children Board at "
        "the end of September 2019.\n\n"
        "The council, the clinical commissioning group and West Mercia Police have built a "
        "smaller, sharper structure that keeps our focus on exploitation, on quality assurance "
        "and on learning from reviews, while keeping the wider partnership closely involved.\n\n"
        "Covid-19 arrived while the new arrangements were still young. The partners met more "
        "often, adapted quickly and kept children at the centre. The pressures continue into "
        "2021, and so does our commitment.",
        "Graham Whitfield, Independent Chair",
    ),
    "executive_summary": (
        "The three safeguarding partners replaced the Board with the Partnership on 30 September "
        "2019. This transitional report covers April 2019 to September 2020 so that the Board's "
        "last months are reported too.\n\n"
        "- **Executive Group**: met monthly, then every two weeks during Covid-19, tracking each "
        "agency's response; endorsed the Safeguarding Babies initiative after a sharp rise in "
        "concerns about children under one.\n"
        "- **GET SAFE**: a shared assessment, referral portal and response pathway for children at "
        "risk of exploitation, shaped by what young people told us.\n"
        "- **QAPP**: a multi-agency dashboard, focused audits despite the pandemic, training moved "
        "online, and new ways to hear from families.\n"
        "- **Case reviews**: three rapid reviews under the new arrangements and two local "
        "reviews commissioned; the first was paused by Covid-19 and has resumed, the second "
        "began in August 2020.\n"
        "- **Head Teachers Safeguarding Group**: joined the arrangements in April 2020; every "
        "school returned the section 175 audit.\n\n"
        "Next year we will consolidate audits, make sure learning from reviews reaches "
        "practitioners, and improve the quality of referrals to the Family Front Door.",
        "",
    ),
    "conclusion": (
        "The pandemic tested the partnership before its new ways of working had settled. It also "
        "showed what works: more frequent, focused Executive meetings made decisions quicker, and "
        "holding rapid reviews and learning events online made it easier for partners to take "
        "part. We intend to keep both.\n\n"
        "Every partner, and the wider partnership, has stayed committed through a difficult "
        "period. That commitment is the strongest evidence that the arrangements are working, "
        "and it is the base for the year ahead.",
        "",
    ),
}

WALSALL_TEXT = {
    "foreword": (
        "This report describes the first year of the Walsall Safeguarding Partnership. The "
        "partners set out to make children and young people the fourth partner in the "
        "arrangements, and the young inspectors' work in this report shows what that can mean.\n\n"
        "Much of the year's work was about building; the next report must show more clearly what "
        "changed for children.",
        "Elaine Robb, Independent Chair",
    ),
    "custom:covid-19": (
        "The last weeks of the year brought a national lockdown. Agencies agreed together who was "
        "best placed to see the most vulnerable children, met regularly to share how services "
        "were running, and kept practitioners informed with short messages and online learning.",
        "",
    ),
    "custom:evaluation": (
        "### How safe are children in Walsall?\n\n"
        "More families supported through early help are stepping down to universal services, and "
        "statutory thresholds are applied more consistently in the MASH. Partners still need to "
        "refer every child who needs a statutory service.\n\n"
        "### How strong is partnership working?\n\n"
        "Audits show joint working helping families, but not yet consistently for every child.\n\n"
        "### Are we a learning system?\n\n"
        "The Panel's feedback has improved our rapid reviews; the Family Safeguarding model will "
        "help services for adults and children think family.",
        "",
    ),
    "custom:financial-information": (
        "The safeguarding partners agreed their funding contributions for 2019-20. The money "
        "paid for setting up and developing the partnership, independent scrutiny and the "
        "business support team.",
        "",
    ),
    "conclusion": (
        "In 2020-21 we will review the new arrangements, show the impact of the neglect strategy, "
        "and strengthen our response to children who are criminally exploited or go missing.",
        "",
    ),
}


def _configure(partnership: Partnership, rows) -> None:
    ReportSectionConfig.objects.bulk_create(
        ReportSectionConfig(
            partnership=partnership,
            key=key,
            title=title,
            order=(i + 1) * 10,
            is_appendix=appendix,
            hidden=hidden,
        )
        for i, (key, title, appendix, hidden) in enumerate(rows)
    )


def _narrative(report: Report, texts: dict) -> None:
    ReportNarrative.objects.bulk_create(
        ReportNarrative(report=report, key=key, body=body, signed_as=signed)
        for key, (body, signed) in texts.items()
    )


def load() -> None:
    worcs = Partnership.objects.get(slug="worcestershire")
    _configure(worcs, WORCESTERSHIRE_SECTIONS)
    bm = User.objects.filter(username="bm.worcs").first()
    report = services.open_report(
        partnership=worcs,
        title="Annual Report 2019 to 2020",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 9, 30),
        by=bm,
    )
    _narrative(report, WORCS_TEXT)

    walsall = Partnership.objects.get(slug="walsall")
    _configure(walsall, WALSALL_SECTIONS)
    report = services.open_report(
        partnership=walsall,
        title="Walsall Safeguarding Partnership Annual Report 2019-20",
        period_start=dt.date(2019, 4, 1),
        period_end=dt.date(2020, 3, 31),
        by=User.objects.filter(username="bm.walsall").first(),
    )
    _narrative(report, WALSALL_TEXT)
    # Walsall's report goes through review and sign-off and is published, as it was.
    sign_off_and_publish(report, chair="chair.walsall", business_manager="bm.walsall")
    load_working_together_2023(worcs)


def load_working_together_2023(worcs: Partnership) -> None:
    """A Worcestershire report for a period under Working Together 2023: approved by the
    independent scrutineer and signed so far by one of the three lead safeguarding partners,
    so the others (and a delegate, who is refused) can try the sign-off."""
    bm = User.objects.filter(username="bm.worcs").first()
    chair = User.objects.filter(username="chair.worcs").first()
    report = services.open_report(
        partnership=worcs,
        title="Annual Report 2024 to 2025",
        period_start=dt.date(2024, 10, 1),
        period_end=dt.date(2025, 9, 30),
        by=bm,
    )
    _narrative(report, WORCS_2025_TEXT)
    report.submit(by=bm)
    report.approve(by=chair, note="Ready for the lead safeguarding partners.")
    lead = Role.objects.select_related("person__user", "organisation").get(
        person__user__username="lsp.la.worcs", kind=Role.Kind.LEAD_PARTNER
    )
    report.sign_off(person=lead.person, organisation=lead.organisation, by=lead.person.user)


WORCS_2025_TEXT = {
    "foreword": (
        "This is our first report under Working Together 2023. The three lead safeguarding "
        "partners now sign it off together, and our delegates run the arrangements day to "
        "day.\n\nSchools, colleges and early years settings sit at the table with us, and "
        "this report says how they took part.",
        "Graham Whitfield, Independent Scrutineer",
    ),
}


def sign_off_and_publish(report: Report, *, chair: str, business_manager: str) -> None:
    """Submit, approve as the independent chair, sign off as each statutory partner's lead
    and publish: the whole workflow, as the people (by username) would."""
    chair = User.objects.filter(username=chair).first()
    bm = User.objects.filter(username=business_manager).first()
    report.submit(by=bm)
    report.approve(by=chair, note="A fair and open evaluation.")
    signers = report.partnership.signing_kinds(report.period_end)
    leads = (
        Role.objects.current()
        .filter(person__partnership=report.partnership, kind__in=signers)
        .exclude(organisation__kind=Organisation.Kind.RELEVANT_AGENCY)
        .select_related("person", "organisation")
    )
    # Signed and published in the months after the year, as it was, not on the day loaded.
    signed_on = min(report.period_end + dt.timedelta(days=100), dt.date.today())
    published_on = min(signed_on + dt.timedelta(days=14), dt.date.today())
    signed = set()
    for role in leads:
        if role.organisation_id in signed:
            continue
        report.sign_off(
            person=role.person,
            organisation=role.organisation,
            by=role.person.user,
            capacity=role.kind,
            on=signed_on,
        )
        signed.add(role.organisation_id)
    report.refresh_from_db()
    if report.status == Report.Status.SIGNED_OFF:
        services.publish(report, by=bm, on=published_on)
