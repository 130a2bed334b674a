"""Which partnership a record belongs to, found from the model's foreign keys.

Used by the history pages (the record must belong to the partnership in the URL), the
backup command (every record of one partnership) and the tests that prove nothing
crosses from one partnership to another.
"""

from __future__ import annotations

from collections import deque

from django.apps import apps
from django.db import models

from partnership.models import Partnership

# Apps whose records belong to a partnership.
DOMAIN_APPS = ["partnership", "subgroups", "reviews", "evidence", "reports", "scrutiny", "papers"]


def partnership_path(model: type[models.Model]) -> str | None:
    """The lookup from ``model`` to its Partnership (``"subgroup__partnership"``), or None.

    ``"pk"`` for Partnership itself. The shortest chain of foreign keys wins, and a chain
    of required keys beats one that passes through an optional key.
    """
    concrete = model._meta.concrete_model
    tracked = getattr(concrete, "instance_type", None)
    if tracked is not None and hasattr(concrete, "history_id"):
        # A historical twin keeps the tracked model's field names (its own key is history_id).
        path = partnership_path(tracked)
        return "id" if path == "pk" else path
    if concrete is Partnership:
        return "pk"
    for required_only in (True, False):
        path = _search(concrete, required_only)
        if path:
            return path
    return None


def _search(model, required_only: bool) -> str | None:
    queue = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if len(path) > 5:
            return None
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if field.name.startswith("history_"):
                continue
            if required_only and field.null:
                continue
            target = field.related_model
            if target is Partnership:
                return "__".join([*path, field.name])
            if target in seen or target._meta.app_label not in DOMAIN_APPS:
                continue
            seen.add(target)
            queue.append((target, [*path, field.name]))
    return None


def for_partnership(model: type[models.Model], partnership: Partnership) -> models.QuerySet:
    """Every row of ``model`` that belongs to ``partnership`` (none if it has no path)."""
    path = partnership_path(model)
    manager = model._default_manager
    if path is None:
        return manager.none()
    if path in ("pk", "id"):
        return manager.filter(**{path: partnership.pk})
    return manager.filter(**{path: partnership})


def belongs_to(instance: models.Model, partnership: Partnership) -> bool:
    return for_partnership(type(instance), partnership).filter(pk=instance.pk).exists()


def domain_models(*, include_history: bool = False) -> list[type[models.Model]]:
    """Concrete models of the domain apps, optionally with their historical twins."""
    found = []
    for label in DOMAIN_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            is_history = model.__name__.startswith("Historical") and hasattr(model, "instance_type")
            if is_history and not include_history:
                continue
            found.append(model)
    return found
