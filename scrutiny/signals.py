"""Keep the search index in step with the records it copies.

A meeting's minutes status and date decide who may read its items, so saving a
meeting re-indexes everything under it. Fixture loading (``raw``) is left alone; run
``manage.py rebuild_search_index`` after loading data that way.

Each handler moves the partnership's records token on once its entries are whole, so no
search page is cached from a half-written index (``partnership.versions``).
"""

from django.db.models.signals import post_delete, post_save

from partnership import versions
from scrutiny.models import RecordType
from scrutiny.search import index
from subgroups.models import Action, AgendaItem, Decision, Meeting


def _item_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    index.index_item(instance)
    # The item's confidentiality passes to its decisions and actions.
    for decision in instance.decisions.all():
        index.index_decision(decision, instance)
    for action in instance.actions.select_related("partnership", "subgroup"):
        index.index_action(action)
    versions.bump_for(instance)


def _decision_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_decision(instance)
        versions.bump_for(instance)


def _action_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_action(instance)
        versions.bump_for(instance)


def _meeting_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        index.index_meeting(instance)
        versions.bump_for(instance)


def _published_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_published_report(instance)
        versions.bump_for(instance)


def _removed(record_type):
    def handler(sender, instance, **kwargs):
        index.remove(record_type, [instance.pk])

    return handler


_item_removed = _removed(RecordType.ITEM)
_decision_removed = _removed(RecordType.DECISION)
_action_removed = _removed(RecordType.ACTION)
_report_removed = _removed(RecordType.REPORT)


def connect() -> None:
    from scrutiny.published import published_model

    uid = "scrutiny-search-index"
    post_save.connect(_item_saved, sender=AgendaItem, dispatch_uid=f"{uid}-item")
    post_delete.connect(_item_removed, sender=AgendaItem, dispatch_uid=f"{uid}-item")
    post_save.connect(_decision_saved, sender=Decision, dispatch_uid=f"{uid}-decision")
    post_delete.connect(_decision_removed, sender=Decision, dispatch_uid=f"{uid}-decision")
    post_save.connect(_action_saved, sender=Action, dispatch_uid=f"{uid}-action")
    post_delete.connect(_action_removed, sender=Action, dispatch_uid=f"{uid}-action")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid=f"{uid}-meeting")
    published = published_model()
    post_save.connect(_published_saved, sender=published, dispatch_uid=f"{uid}-report")
    post_delete.connect(_report_removed, sender=published, dispatch_uid=f"{uid}-report")
