"""Build a partnership's report for a period as HTML, PDF or DOCX from the command line.

    python manage.py build_report worcestershire 2019-04-01 2020-09-30 \
        --format pdf --output report.pdf

Uses the partnership's report for exactly that period when there is one (its latest
version, with its narrative); otherwise assembles the records for the period without
saving anything.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.models import Partnership
from reports.assembly import assemble
from reports.models import Report
from reports.renderers import render_docx, render_html, render_pdf


class Command(BaseCommand):
    help = "Assemble a partnership's yearly report for a period and write it as HTML, PDF or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="The partnership's slug, e.g. worcestershire.")
        parser.add_argument("start", help="First day of the period, YYYY-MM-DD.")
        parser.add_argument("end", help="Last day of the period, YYYY-MM-DD.")
        parser.add_argument("--format", choices=["html", "pdf", "docx"], default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, partnership, start, end, format, output, **options):
        try:
            p = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist:
            raise CommandError(f"No partnership with the slug “{partnership}”.") from None
        try:
            period_start, period_end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        except ValueError:
            raise CommandError("Give the dates as YYYY-MM-DD.") from None
        if period_end <= period_start:
            raise CommandError("The end of the period must be after its start.")
        report = (
            Report.objects.filter(partnership=p, period_start=period_start, period_end=period_end)
            .order_by("-edition")
            .first()
        ) or Report(
            partnership=p,
            title=f"{p.name} annual report",
            period_start=period_start,
            period_end=period_end,
        )
        if report.is_transitional:
            self.stderr.write(f"Warning: {report.period_warning()}")
        document = assemble(report)
        draft = report.status != Report.Status.PUBLISHED
        if format == "html":
            body = render_html(document, published=not draft)
            Path(output).write_text(_standalone(document, body), encoding="utf-8")
        elif format == "pdf":
            Path(output).write_bytes(render_pdf(document, draft=draft))
        else:
            Path(output).write_bytes(render_docx(document, draft=draft))
        self.stdout.write(f"Wrote {output} ({len(document.sections)} sections).")


def _standalone(document, body: str) -> str:
    from django.template.loader import render_to_string

    return render_to_string("reports/standalone.html", {"document": document, "body": body})
