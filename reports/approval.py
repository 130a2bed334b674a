"""The approved version of a report: its frozen document, and what changed in the records since.

``Report.approve`` freezes the assembled document as a ``ReportVersion``. From then on the
report's page, its downloads, the leads' sign-off and publication all read that version;
the records are assembled again only to say what has changed since, so the independent
chair can approve again.
"""

from __future__ import annotations

import dataclasses

from reports.assembly import assemble
from reports.document import (
    Changes,
    ReportDocument,
    changes_between,
    document_data,
    document_from_data,
)
from reports.models import Report, ReportVersion
from reports.sources import Sources


def approved_document(
    report: Report, version: ReportVersion | None = None
) -> ReportDocument | None:
    """The version's frozen document with the report's state now: its status and signatures."""
    version = version or report.current_version()
    if version is None:
        return None
    document = document_from_data(version.document)
    return dataclasses.replace(
        document,
        status=report.get_status_display(),
        signatories=Sources(report).signatories,
    )


def changes_since_approval(report: Report, current: ReportDocument | None = None) -> Changes:
    """What the records would change in the approved version (nothing before approval)."""
    version = report.current_version()
    if version is None:
        return Changes()
    now = document_data(current if current is not None else assemble(report))
    return changes_between(version.document, now)
