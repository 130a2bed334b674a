"""Demo: the yearly reports presented to council committees, and the search index.

Runs after the other apps' demos. The questions and answers are written for the demo;
the facts they mention come from the Worcestershire 2019-20 report (seed 004) and the
Walsall committee cover report (seed 002).
"""

from __future__ import annotations

import datetime as dt

from partnership.models import Partnership, Person
from scrutiny import cover
from scrutiny.models import (
    COUNCIL_FORMAT,
    PLAIN_FORMAT,
    CommitteeAction,
    CommitteeQuestion,
    CommitteeSubmission,
    CoverReportFormat,
)
from scrutiny.search.index import rebuild


def _report(partnership: Partnership):
    from reports.models import Report

    return Report.objects.for_partnership(partnership).order_by("period_start", "edition").first()


def _submission(partnership: Partnership, *, title: str, start: dt.date, end: dt.date, **fields):
    report = _report(partnership)
    return CommitteeSubmission.objects.create(
        partnership=partnership,
        report=report,
        report_title=report.title if report else title,
        period_start=report.period_start if report else start,
        period_end=report.period_end if report else end,
        **fields,
    )


def _questions(submission: CommitteeSubmission, rows) -> None:
    CommitteeQuestion.objects.bulk_create(
        CommitteeQuestion(
            submission=submission, order=n, asked_by=asked, question=q, answered_by=by, answer=a
        )
        for n, (asked, q, by, a) in enumerate(rows, start=1)
    )


def _cover(submission: CommitteeSubmission, username: str, format_name: str) -> None:
    # Each council's committee has its own cover-report format, chosen per submission.
    submission.cover_format = next(
        f for f in CoverReportFormat.presets_for(submission.partnership) if f.name == format_name
    )
    submission.save(update_fields=["cover_format"])
    author = Person.objects.filter(
        partnership=submission.partnership, user__username=username
    ).first()
    cover.prefill(
        submission,
        author_name=author.name if author else "",
        author_email=author.email if author else "",
    ).save()


def worcestershire() -> None:
    partnership = Partnership.objects.get(slug="worcestershire")
    submission = _submission(
        partnership,
        title="Annual Report 2019-20",
        start=dt.date(2019, 4, 1),
        end=dt.date(2020, 9, 30),
        council="Worcestershire County Council",
        committee="Children and Families Overview and Scrutiny Panel",
        meeting_date=dt.date(2021, 1, 28),
        agenda_item="6",
        wards="All",
        portfolios="Children and Families",
        presenter="Graham Whitfield",
        presenter_role="Independent Chair and Scrutineer, WSCP",
        resolution=(
            "RESOLVED: that the Panel (a) notes the Worcestershire Safeguarding Children "
            "Partnership Annual Report 2019-20; and (b) receives the next report, with an "
            "update on the work against child exploitation, when it is published."
        ),
    )
    _questions(
        submission,
        [
            (
                "Cllr Peter Elwood",
                "With schools closed to most pupils in the spring, how did the partnership know "
                "that teachers were still spotting and passing on concerns?",
                "Graham Whitfield, Independent Chair",
                "A Head Teachers Safeguarding Group was added in April 2020 so that schools had a "
                "direct line into the partnership. Designated leads kept in contact with the "
                "children they were worried about, and every school returned its section 175 "
                "audit.",
            ),
            (
                "Cllr Susan Hartley",
                "The report says the Family Front Door had 682 concerns about babies under one "
                "in the first nine months of 2020, up 36%. What is behind that, and what is "
                "being done?",
                "Helen Marsh, Partnership Business Manager",
                "Some families were under great strain during lockdown, and practitioners were "
                "quicker to raise worries after the national warning about harm to babies. The "
                "partnership backed a safeguarding babies campaign for parents and staff, and "
                "the quality assurance group now watches this figure every quarter.",
            ),
            (
                "Cllr Tom Baines",
                "How do children and young people themselves influence what the partnership does?",
                "Graham Whitfield, Independent Chair",
                "Their views are gathered through audits and the exploitation work, and the "
                "partnership accepts it needs to do more. Hearing directly from children is one "
                "of the areas for development in the next report.",
            ),
        ],
    )
    CommitteeAction.objects.create(
        submission=submission,
        description="Send the Panel a short summary of the exploitation performance measures.",
        owner="Helen Marsh, Partnership Business Manager",
        due_on=dt.date(2021, 3, 31),
    )
    _cover(submission, "bm.worcs", PLAIN_FORMAT)


def walsall() -> None:
    partnership = Partnership.objects.get(slug="walsall")
    submission = _submission(
        partnership,
        title="Annual Report 2019-20",
        start=dt.date(2019, 4, 1),
        end=dt.date(2020, 3, 31),
        council="Walsall Council",
        committee="Overview and Scrutiny Committee",
        meeting_date=dt.date(2021, 3, 18),
        agenda_item="7",
        wards="All",
        portfolios="Children's Services and Education",
        presenter="Elaine Robb",
        presenter_role="Independent Chair of the Safeguarding Partnership",
        resolution="RESOLVED: that the report be noted.",
    )
    _questions(
        submission,
        [
            (
                "Cllr Harjit Dhillon",
                "When will members see evidence that the neglect strategy is changing things "
                "for children?",
                "Elaine Robb, Independent Chair",
                "Most of the year's neglect work set things up: training, champions and a "
                "campaign. The partners expect to show its effect in the 2020-21 report.",
            ),
        ],
    )
    _cover(submission, "bm.walsall", COUNCIL_FORMAT)


def load() -> None:
    worcestershire()
    walsall()
    # Other demos write in bulk, which sends no signals: index everything once here.
    rebuild()
