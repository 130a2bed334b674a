"""Subject access: everything the app holds about one member of staff, as a ZIP holding
JSON and a readable PDF (and the same ZIP shape for a child's case, built by the case
review group from ``reviews``).

The records are found by walking the models: every row of the partnership with a foreign
key or many-to-many link to the person or their sign-in account (roles, attendance,
actions, updates and comments they wrote, emails sent to them, their views of case-review
records), plus the account's sign-in log. Changes they saved are listed from the history
tables by record and date, without the text: the history of other people's records may
hold what this person was never entitled to read. Secrets (password hashes, one-time
password keys, feed tokens) are never exported.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from partnership.models import Person, User
from partnership.scoping import for_partnership, partnership_path

SECRET_FIELDS = {"password", "token_hash", "key", "bin_key"}
SIGN_IN_MODELS = ["axes.AccessLog", "axes.AccessAttempt", "axes.AccessFailureLog"]


def _is_history(model) -> bool:
    return hasattr(model, "instance_type") and hasattr(model, "history_id")


def _rows(records: Iterable[models.Model]) -> list[dict]:
    rows = serializers.serialize("python", records)
    for row in rows:
        row["fields"] = {k: v for k, v in row["fields"].items() if k not in SECRET_FIELDS}
    return rows


def linking_fields(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key and many-to-many field pointing at
    ``target``, outside the history tables."""
    found = []
    for model in apps.get_models():
        if _is_history(model):
            continue
        for field in model._meta.get_fields():
            if (field.many_to_one or field.many_to_many or field.one_to_one) and field.concrete:
                if field.related_model is target:
                    found.append((model, field.name))
    return found


def records_naming(person: Person) -> dict[str, list[dict]]:
    """Label ("app.model") → rows of the partnership that link to the person or account."""
    partnership = person.partnership
    found: dict[str, dict[int, models.Model]] = {}
    targets: list[tuple[type[models.Model], object]] = [(Person, person)]
    if person.user_id:
        targets.append((User, person.user))
    for target, value in targets:
        for model, name in linking_fields(target):
            if model is Person and target is Person:
                continue
            rows = model._default_manager.filter(**{name: value})
            if partnership_path(model) is not None:
                rows = rows.filter(pk__in=for_partnership(model, partnership).values("pk"))
            elif target is User and model._meta.app_label != "otp_totp":
                continue  # the account's rows in no partnership: only its authenticator
            for row in rows:
                found.setdefault(model._meta.label, {})[row.pk] = row
    return {label: _rows(rows.values()) for label, rows in sorted(found.items())}


def sign_in_log(person: Person) -> list[dict]:
    if not person.user_id:
        return []
    rows = []
    for label in SIGN_IN_MODELS:
        model = apps.get_model(label)
        rows += _rows(model.objects.filter(username=person.user.username))
    return rows


def changes_saved(person: Person) -> list[dict]:
    """Which records the person's account saved, when (no content)."""
    if not person.user_id:
        return []
    partnership = person.partnership
    changes = []
    for model in apps.get_models():
        if not _is_history(model) or partnership_path(model) is None:
            continue
        if not any(f.name == "history_user" for f in model._meta.fields):
            continue  # many-to-many history rows: their record's row says who
        rows = for_partnership(model, partnership).filter(history_user=person.user)
        for row in rows.values("id", "history_date", "history_type"):
            changes.append(
                {
                    "record": model.instance_type._meta.label,
                    "record_id": row["id"],
                    "at": row["history_date"],
                    "change": {"+": "created", "~": "changed", "-": "deleted"}[row["history_type"]],
                }
            )
    return sorted(changes, key=lambda c: (c["at"], c["record"], c["record_id"]))


def person_export(person: Person) -> dict:
    return {
        "exported_at": timezone.now(),
        "partnership": person.partnership.name,
        "person": _rows([person])[0],
        "account": _rows([person.user])[0] if person.user_id else None,
        "records": records_naming(person),
        "sign_in_log": sign_in_log(person),
        "changes_saved": changes_saved(person),
    }


def build_zip(stem: str, title: str, data: dict) -> bytes:
    """``<stem>.json`` and ``<stem>.pdf`` (the same data, readable) in one ZIP."""
    from scrutiny.pdf import html_to_pdf

    text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    html = render_to_string(
        "partnership/export_pdf.html", {"title": title, "sections": _sections(data)}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", text)
        archive.writestr(f"{stem}.pdf", html_to_pdf(html))
    return buffer.getvalue()


def _sections(data: dict) -> list[tuple[str, list[dict]]]:
    """Headings with rows of (field, value) for the PDF."""
    sections = []
    for key, value in data.items():
        if isinstance(value, dict) and "fields" in value:
            sections.append((key.replace("_", " ").capitalize(), [_flat(value)]))
        elif isinstance(value, dict):
            for label, rows in value.items():
                sections.append((label, [_flat(r) for r in rows]))
        elif isinstance(value, list):
            sections.append((key.replace("_", " ").capitalize(), [_flat(r) for r in value]))
        elif value is not None:
            sections.append((key.replace("_", " ").capitalize(), [{"": value}]))
    return sections


def _flat(row) -> dict:
    if isinstance(row, dict) and "fields" in row:
        return {"record": f"{row['model']} {row['pk']}", **row["fields"]}
    return row if isinstance(row, dict) else {"": row}
