"""Import KPI values from a CSV file: every row is checked first, then all are saved in
one transaction, or none are.

Columns (a header row is required): ``indicator, period_start, period_end, value`` and
an optional ``note``. Indicators are matched by name within the partnership. A value for
a period that already exists is replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from evidence.models import Indicator, KpiValue
from partnership.models import Partnership

REQUIRED_COLUMNS = ("indicator", "period_start", "period_end", "value")


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int


def _date(text: str, column: str, errors: list[str], row: int) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        errors.append(f"Row {row}: {column} “{text}” is not a date like 2020-09-30.")
        return None


def import_kpi_values(*, partnership: Partnership, data: bytes) -> ImportResult:
    """Raise ValidationError listing every bad row (by its line number in the file)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file must be saved as UTF-8 CSV.") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            "The first row must name the columns; missing: " + ", ".join(missing) + "."
        )
    reader.fieldnames = header

    indicators = {i.name.strip().lower(): i for i in Indicator.objects.for_partnership(partnership)}
    errors: list[str] = []
    rows: list[tuple[Indicator, dt.date, dt.date, Decimal, str]] = []
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        row_errors: list[str] = []
        indicator = indicators.get(cells.get("indicator", "").lower())
        if indicator is None:
            row_errors.append(
                f"Row {number}: no indicator called “{cells.get('indicator', '')}” in this "
                f"partnership."
            )
        start = _date(cells.get("period_start", ""), "period_start", row_errors, number)
        end = _date(cells.get("period_end", ""), "period_end", row_errors, number)
        if start and end and end < start:
            row_errors.append(f"Row {number}: period_end is before period_start.")
        value = None
        try:
            value = Decimal(cells.get("value", "").replace(",", ""))
            if not value.is_finite():
                raise InvalidOperation
            if abs(value) >= Decimal("1e10"):
                row_errors.append(f"Row {number}: value {cells['value']} is too large.")
        except InvalidOperation:
            row_errors.append(f"Row {number}: value “{cells.get('value', '')}” is not a number.")
        note = cells.get("note", "")
        if len(note) > 300:
            row_errors.append(f"Row {number}: note is longer than 300 characters.")
        if not row_errors:
            key = (indicator.pk, start, end)
            if key in seen:
                row_errors.append(
                    f"Row {number}: repeats row {seen[key]} (same indicator and period)."
                )
            seen[key] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append((indicator, start, end, value.quantize(Decimal("0.01")), note))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("The file has no rows of values.")

    added = updated = 0
    with transaction.atomic():
        for indicator, start, end, value, note in rows:
            existing = KpiValue.objects.filter(
                indicator=indicator, period_start=start, period_end=end
            ).first()
            if existing:
                existing.value, existing.note = value, note
                existing.save()
                updated += 1
            else:
                KpiValue(
                    indicator=indicator, period_start=start, period_end=end, value=value, note=note
                ).save()
                added += 1
    return ImportResult(added=added, updated=updated)
