"""The versions of the published arrangements in the period, and what changed in each."""

from __future__ import annotations

from partnership.arrangements import compare
from partnership.models import Role
from reports.builders.common import day_text
from reports.document import Column, Evidence, Table

CAPACITY = dict(Role.Kind.choices)


def _sections(document) -> list[tuple[str, str]]:
    return [(s.heading, s.text) for s in document.sections.all()]


def _approved_by(src, document) -> str:
    approvals = list(document.approvals.all())
    if not approvals:
        return "Not recorded"
    return "; ".join(
        f"{a.person.name}, {CAPACITY.get(a.capacity, a.capacity).lower()} for "
        f"{src.org_name(a.organisation_id)}"
        for a in approvals
    )


def versions_table(src) -> tuple[Table | None, list[Evidence]]:
    """One row per version published in the period, compared with the version before it."""
    versions = src.arrangements_versions
    rows, evidence = [], []
    for before, document in zip([None, *versions], versions, strict=False):
        if document.published_on < src.start:
            continue
        if before is None:
            changed = f"First published version ({len(_sections(document))} sections)."
        elif not _sections(before):
            changed = (
                f"Since version {before.version_label}: its sections are not recorded, so the "
                f"change cannot be shown ({len(_sections(document))} sections now)."
            )
        else:
            changed = compare(_sections(before), _sections(document)).summary()
            changed = f"Since version {before.version_label}: {changed}"
        rows.append(
            [
                document.version_label,
                day_text(document.published_on),
                changed,
                _approved_by(src, document),
            ]
        )
        evidence.append(Evidence("arrangements", f"Version {document.version_label}: {changed}"))
    if not rows:
        return None, []
    table = Table(
        caption="Versions of the published arrangements in the period",
        columns=[
            Column("Version"),
            Column("Published"),
            Column("What changed"),
            Column("Approved by"),
        ],
        rows=rows,
    )
    return table, evidence
