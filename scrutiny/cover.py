"""The committee cover report: filled in from the records, then written as DOCX or PDF.

The layout follows the council committee format (a heading block naming the committee,
date, agenda item, wards and portfolios; then numbered sections Aim, Recommendations,
Report detail, Financial information, Reducing inequalities, Decide, Respond, Review;
then Background papers and Author).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.template.loader import render_to_string
from docx import Document
from docx.shared import Pt

from scrutiny.models import CommitteeSubmission, CoverReport
from scrutiny.pdf import html_to_pdf


def _money(amount: Decimal) -> str:
    return f"£{amount:,.0f}"


def _period(submission: CommitteeSubmission) -> str:
    return f"{submission.period_start:%B %Y} to {submission.period_end:%B %Y}"


def budget_paragraph(submission: CommitteeSubmission) -> str:
    """A sentence or two on the money, from the budget records for the period, if any."""
    from evidence.budget import budget_summary
    from evidence.models import BudgetPeriod

    periods = BudgetPeriod.objects.filter(partnership=submission.partnership).between(
        submission.period_start, submission.period_end
    )
    paragraphs = []
    for period in periods.order_by("starts_on"):
        summary = budget_summary(period)
        if not summary.centres:
            continue
        partners = ", ".join(
            f"{row.label} {_money(row.total)}" for row in summary.contributions if row.total
        )
        net = summary.net_total
        outcome = (
            f"a surplus of {_money(net)}"
            if net > 0
            else f"a deficit of {_money(-net)}"
            if net < 0
            else "a balanced position"
        )
        paragraphs.append(
            f"For {summary.period_title}, the partners contributed {_money(summary.income_total)}"
            + (f" ({partners})" if partners else "")
            + f". Spending was {_money(summary.expenditure_total)}, giving {outcome}."
        )
    return "\n\n".join(paragraphs)


def published_summary(submission: CommitteeSubmission) -> str:
    """The executive summary of the chosen report, once it is published (plain text).

    A draft's narrative is not used: cover reports are read by everyone in the
    partnership, and only a published report has passed the checks for identifying details.
    """
    report = submission.report
    if report is None or report.status != report.Status.PUBLISHED:
        return ""
    narrative = report.narratives.filter(key="executive_summary").first()
    if narrative is None:
        return ""
    lines = []
    for line in narrative.body.splitlines():
        text = re.sub(r"^\s*(#+|[-*+]|\d+\.)\s+", "", line)
        text = re.sub(r"[*_`]", "", text).strip()
        if text:
            lines.append(text)
    return "\n".join(lines)


def _cover_title(partnership, report_title: str) -> str:
    """The report's title, led by the partnership's name unless it already names it."""
    named = any(
        name and name.lower() in report_title.lower()
        for name in (partnership.name, partnership.short_name)
    )
    return report_title if named else f"{partnership.name} {report_title}"


def prefill(
    submission: CommitteeSubmission, *, author_name: str = "", author_email: str = ""
) -> CoverReport:
    """An unsaved cover report with every section drafted from what the product knows."""
    partnership = submission.partnership
    period = _period(submission)
    finance = budget_paragraph(submission) or (
        "The safeguarding partners agreed their funding contributions for the period. "
        "The money paid for the independent scrutiny of the arrangements and the business unit."
    )
    website = partnership.website
    return CoverReport(
        submission=submission,
        title=_cover_title(partnership, submission.report_title),
        aim=(
            "Children who need help and protection should get good, timely support as soon "
            "as a need is seen. The local authority, the health body and the police share a "
            f"duty to make arrangements that keep children in {partnership.area} safe, and to "
            "publish a report on how well those arrangements work at least once a year."
        ),
        recommendations=(
            "The committee considers whether the report gives it the assurance it needs about "
            "the partnership's work to safeguard children and young people."
        ),
        report_detail=(
            f"The report covers {period}. It sets out what the safeguarding partners and the "
            "relevant agencies did through the partnership's sub-groups, the evidence of the "
            "difference this made for children and families, the learning from case reviews, "
            "and the areas the partnership will develop next."
            + (f"\n{summary}" if (summary := published_summary(submission)) else "")
        ),
        financial_information=finance,
        reducing_inequalities=(
            "Coordinated safeguarding services protect children at risk of significant harm "
            "and give extra support to the families who need it most."
        ),
        decide=(
            "1. Does the committee have questions about the report or need more information?\n"
            "2. Does the committee wish to receive next year's report when it is published?"
        ),
        respond=(
            "The report is published"
            + (f" on the partnership website ({website})" if website else "")
            + " and has been shared with the chief officers of the safeguarding partners."
        ),
        review="Next year's report will consider progress against this one.",
        background_papers=(
            f"The partnership's published reports: {website}"
            if website
            else "The partnership's published reports are listed on its website."
        ),
        author_name=author_name,
        author_title="Business Manager" if author_name else "",
        author_email=author_email,
    )


def paragraphs(text: str) -> list[str]:
    """One paragraph per line of the text, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def to_docx(cover: CoverReport) -> bytes:
    submission = cover.submission
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)

    heading_table = document.add_table(rows=0, cols=2)
    for label, value in [
        ("Committee", submission.committee),
        ("Council", submission.council),
        ("Date", f"{submission.meeting_date.day} {submission.meeting_date:%B %Y}"),
        ("Agenda item", submission.agenda_item),
        ("Ward(s)", submission.wards),
        ("Portfolios", submission.portfolios),
    ]:
        if value:
            cells = heading_table.add_row().cells
            cells[0].text = label
            cells[1].text = value
    document.add_heading(cover.title, level=1)
    for number, heading, text in cover.numbered_sections():
        document.add_heading(f"{number}. {heading}", level=2)
        for paragraph in paragraphs(text):
            document.add_paragraph(paragraph)
    document.add_heading("Background papers", level=2)
    for paragraph in paragraphs(cover.background_papers):
        document.add_paragraph(paragraph)
    document.add_heading("Author", level=2)
    for line in [cover.author_name, cover.author_title, cover.author_email]:
        if line:
            document.add_paragraph(line)
    if submission.presenter:
        presented = f"Presented by {submission.presenter}"
        if submission.presenter_role:
            presented += f", {submission.presenter_role}"
        document.add_paragraph(presented)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(cover: CoverReport) -> bytes:
    html = render_to_string(
        "scrutiny/cover_report_pdf.html",
        {
            "cover": cover,
            "submission": cover.submission,
            "sections": [
                (n, heading, paragraphs(text)) for n, heading, text in cover.numbered_sections()
            ],
            "background": paragraphs(cover.background_papers),
        },
    )
    return html_to_pdf(html)
