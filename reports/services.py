"""Writes that span several records: opening a report, refreshing it, publishing, new versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.registry import notify
from partnership import versions
from partnership.models import Partnership
from reports.approval import approved_document
from reports.assembly import assemble, default_sections
from reports.document import ReportDocument
from reports.models import (
    DISTRIBUTION_DAYS,
    DistributionTask,
    PublishedReport,
    Report,
    ReportEvent,
    ReportNarrative,
    ReportSectionConfig,
)
from reports.renderers import render_html, render_pdf

SMALL_FIGURE = 5


def ensure_sections(partnership: Partnership) -> list[ReportSectionConfig]:
    """The partnership's section rows, created from the default structure the first time."""
    existing = list(ReportSectionConfig.objects.filter(partnership=partnership))
    if existing:
        return existing
    ReportSectionConfig.objects.bulk_create(
        ReportSectionConfig(
            partnership=partnership,
            key=spec.key,
            title=spec.title,
            order=(i + 1) * 10,
            is_appendix=spec.is_appendix,
        )
        for i, spec in enumerate(default_sections(partnership))
    )
    versions.bump(partnership)  # bulk_create sends no signals
    return list(ReportSectionConfig.objects.filter(partnership=partnership))


def open_report(
    *, partnership: Partnership, title: str, period_start: dt.date, period_end: dt.date, by
) -> Report:
    if period_end <= period_start:
        raise ValidationError({"period_end": "The end of the period must be after its start."})
    if Report.objects.filter(
        partnership=partnership, period_start=period_start, period_end=period_end
    ).exists():
        raise ValidationError(
            "There is already a report for this period. Open it, or make a new version of it."
        )
    with transaction.atomic():
        report = Report.objects.create(
            partnership=partnership, title=title, period_start=period_start, period_end=period_end
        )
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CREATED, by=by)
    return report


def refresh(report: Report, *, by) -> ReportDocument:
    """Assemble the draft again from the records and note when (the admin's action)."""
    report.check_editable()
    document = assemble(report)
    report.last_assembled_at = timezone.now()
    report.save(update_fields=["last_assembled_at"])
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.ASSEMBLED, by=by)
    return document


def _identifying_details_finder():
    """``reviews.services.find_identifying_details`` when the case-review app provides it."""
    try:
        module = importlib.import_module("reviews.services")
    except ModuleNotFoundError:
        return None
    return getattr(module, "find_identifying_details", None)


def publication_problems(report: Report, document: ReportDocument) -> list[str]:
    """Reasons the document may not be published: identifying details, small figures."""
    problems: list[str] = []
    finder = _identifying_details_finder()
    if finder is not None:
        texts = document.texts()
        found = finder(report.partnership, "\n".join(text for _where, text in texts))
        if found:
            places = sorted(
                {where for where, text in texts if any(_mentions(text, hit) for hit in found)}
            )
            problems.append(
                "The report contains identifying details of a case under review"
                + (f" (in: {', '.join(places)})" if places else "")
                + ". Use the case's pseudonym and remove the details before publishing."
            )
    for figure in document.figures:
        if 0 <= figure.value < SMALL_FIGURE:
            problems.append(
                f"“{figure.label}” in {figure.where} is {figure.value}: figures under "
                f"{SMALL_FIGURE} about children or families are not published. Suppress or "
                "combine it first."
            )
    return problems


def _mentions(text: str, hit) -> bool:
    needle = str(getattr(hit, "value", hit)).strip().lower()
    return bool(needle) and needle in text.lower()


def publish(report: Report, *, by, on: dt.date | None = None) -> PublishedReport:
    """Store the signed-off version's HTML and PDF with their SHA-256, as published ``on``.

    What is published is the version the independent chair approved and the leads signed,
    whatever the records say now. Refused (ValidationError) before anything is written if
    the report is not signed off, if the day is in the future or before the last signature,
    or if its text holds a case's identifying details or a figure under 5.
    """
    if report.status != Report.Status.SIGNED_OFF:
        raise ValidationError(
            "Only a report signed off by all three safeguarding partners can be published "
            f"(this one is {report.get_status_display().lower()})."
        )
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"published_on": "The day of publication cannot be in the future."})
    last_signed = max((s.signed_on for s in report.signoffs.all()), default=None)
    if last_signed and day < last_signed:
        raise ValidationError(
            {
                "published_on": "The day of publication cannot be before the last sign-off "
                f"({last_signed.day} {last_signed:%B %Y})."
            }
        )
    version = report.current_version()
    document = approved_document(report, version) if version else assemble(report)
    document = dataclasses.replace(document, status=Report.Status.PUBLISHED.label)
    problems = publication_problems(report, document)
    if problems:
        raise ValidationError(problems)
    html = render_html(document, published=True)
    pdf = render_pdf(document)
    with transaction.atomic():
        published = PublishedReport.objects.create(
            report=report,
            partnership=report.partnership,
            title=report.title,
            period_start=report.period_start,
            period_end=report.period_end,
            edition=report.edition,
            html=html,
            pdf=pdf,
            html_sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            version=version,
            published_on=day,
            published_by=by if getattr(by, "pk", None) else None,
        )
        DistributionTask.objects.bulk_create(
            DistributionTask(
                published=published,
                recipient=recipient,
                due_on=day + dt.timedelta(days=DISTRIBUTION_DAYS),
            )
            for recipient in DistributionTask.Recipient.values
        )
        report.mark_published(by=by, on=day)
        notify("report_published", published, actor=by, on=day)
    return published


def new_version(report: Report, *, by) -> Report:
    """A new draft of a published report, with its narrative copied, to correct or update it."""
    if report.status != Report.Status.PUBLISHED:
        raise ValidationError("A new version is made from a published report.")
    if Report.objects.filter(replaces=report).exists():
        raise ValidationError("A new version of this report is already in progress.")
    with transaction.atomic():
        draft = Report.objects.create(
            partnership=report.partnership,
            title=report.title,
            period_start=report.period_start,
            period_end=report.period_end,
            edition=report.edition + 1,
            replaces=report,
        )
        ReportNarrative.objects.bulk_create(
            ReportNarrative(report=draft, key=n.key, body=n.body, signed_as=n.signed_as)
            for n in report.narratives.all()
        )
        ReportEvent.objects.create(
            report=draft,
            kind=ReportEvent.Kind.NEW_VERSION,
            by=by,
            note=f"Made from version {report.edition}.",
        )
    return draft
