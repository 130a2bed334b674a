"""Every change to a partnership's records gives the partnership a new records token.

Cached pages are stored under the token they were built from (``partnership.page_cache``),
so a saved, deleted or re-linked record anywhere in the partnership makes every cached copy
unreachable at once. The token lives in the database, in the same transaction as the change
that moved it on: a reader who sees the new token also sees the change, in every process,
whatever the cache backend.

Model saves, deletes and many-to-many changes move the token on by themselves (signals,
connected for every model of the domain apps in ``PartnershipConfig.ready``), and so do
renamed accounts and every ``migrate`` (a new release may show the records differently).
Writes that send no signals (``QuerySet.update``, ``bulk_create``, raw SQL) must call
``bump`` or ``bump_all`` after them, unless a save in the same transaction already does;
after editing the database by hand, run ``manage.py migrate``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db import connection, models
from django.db.models.signals import m2m_changed, post_migrate, post_save, pre_delete
from django.utils import timezone

from partnership.models import Partnership, RecordsVersion, new_records_token

# Records written on reading, never shown on a cached page: moving the token on for them
# would empty the cache on every view of a case-review page. The search index moves the
# token on itself, once an entry is whole (``scrutiny.search.index``), and is deleted in
# bulk, which a signal receiver would turn into a query per row.
NOT_CONTENT = {
    "reviews.RestrictedAccessLog",
    "reviews.ReminderSent",
    "scrutiny.FeedToken",
    "scrutiny.SearchEntry",
}


def bump(partnership: Partnership | int) -> None:
    """Give one partnership a new records token (creating its row if it has none)."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    updated = RecordsVersion.objects.filter(partnership_id=pk).update(
        token=new_records_token(), changed_at=timezone.now()
    )
    if not updated and Partnership.objects.filter(pk=pk).exists():
        RecordsVersion.objects.get_or_create(partnership_id=pk)


def bump_all() -> None:
    """Every partnership gets a new token: after bulk loads, imports and restores."""
    for pk in Partnership.objects.values_list("pk", flat=True):
        bump(pk)


def current_token(partnership_id: int) -> str | None:
    """The partnership's token as the database holds it now (one query)."""
    return (
        RecordsVersion.objects.filter(partnership_id=partnership_id)
        .values_list("token", flat=True)
        .first()
    )


TOKEN_BY_SLUG_SQL = (
    f"SELECT p.id, v.token FROM {Partnership._meta.db_table} p "
    f"LEFT JOIN {RecordsVersion._meta.db_table} v ON v.partnership_id = p.id WHERE p.slug = %s"
)


def token_by_slug(slug: str) -> tuple[int, str] | None:
    """The partnership's id and token as the database holds them now, or None (no such
    partnership, or no token yet: ``token_for`` makes one).

    Plain SQL: a cached page runs this and nothing else, and building the ORM query would
    cost more than running it.
    """
    with connection.cursor() as cursor:
        cursor.execute(TOKEN_BY_SLUG_SQL, [slug])
        row = cursor.fetchone()
    if row is None or row[1] is None:
        return None
    return row[0], row[1]


def token_for(partnership: Partnership) -> str:
    """The partnership's current token, read with it (``select_related("records_version")``)."""
    try:
        return partnership.records_version.token
    except RecordsVersion.DoesNotExist:
        version, _ = RecordsVersion.objects.get_or_create(partnership=partnership)
        return version.token


@functools.cache
def _path(model: type[models.Model]) -> str | None:
    from partnership.scoping import partnership_path

    return partnership_path(model)


def bump_for(instance: models.Model) -> None:
    """Move on the token of the partnership ``instance`` belongs to (one statement)."""
    model = type(instance)
    path = _path(model)
    if path is None or instance.pk is None:
        return
    if path == "pk":
        bump(instance.pk)
    elif path == "partnership":
        if instance.partnership_id is not None:
            bump(instance.partnership_id)
    else:
        # Found in the database, not by walking the instance's relations (a query each).
        owner = model._default_manager.filter(pk=instance.pk).values(path)
        RecordsVersion.objects.filter(partnership_id__in=owner).update(
            token=new_records_token(), changed_at=timezone.now()
        )


def _saved(sender, instance, **kwargs) -> None:
    bump_for(instance)


def _deleting(sender, instance, **kwargs) -> None:
    # Before the delete, while the record still leads to its partnership; the delete runs
    # in the same transaction, so no reader sees the new token without the deletion.
    bump_for(instance)


def _relinked(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump_for(instance)


def content_models() -> Iterable[type[models.Model]]:
    """The models whose rows may appear on a page: every domain model with a partnership."""
    from partnership.scoping import domain_models

    for model in domain_models():
        if model is RecordsVersion or model._meta.label in NOT_CONTENT:
            continue
        if _path(model) is not None:
            yield model


# What pages show of an account (report events and comments name who acted by it).
ACCOUNT_NAMES = {"username", "first_name", "last_name"}


def _account_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Not for a sign-in, which saves only the time of it: that would empty the cache of
    # every partnership of everyone who signs in.
    if update_fields is not None and not ACCOUNT_NAMES & set(update_fields):
        return
    for pk in Partnership.objects.filter(people__user=instance).values_list("pk", flat=True):
        bump(pk)


def _migrated(sender, using, **kwargs) -> None:
    # A new release may show the same records differently: pages cached by the previous
    # one are passed over once the database has been migrated (every deployment migrates).
    from django.db import connections

    if RecordsVersion._meta.db_table in connections[using].introspection.table_names():
        bump_all()


def connect() -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model

    post_save.connect(_account_saved, sender=get_user_model(), dispatch_uid="records-version:user")
    post_migrate.connect(
        _migrated, sender=apps.get_app_config("partnership"), dispatch_uid="records-version"
    )
    for model in content_models():
        uid = f"records-version:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(_deleting, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_relinked, sender=field.remote_field.through, dispatch_uid=uid)
