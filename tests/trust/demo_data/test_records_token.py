"""Every kind of record moves its partnership's records token on when it changes.

Cached pages are served until the token moves (``partnership.page_cache``); a model whose
saves did not move it could leave a page showing what is no longer true. Each model is
tried with a real demo row: saved, and where the row may be deleted, deleted.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.signals import pre_delete

from partnership import versions
from partnership.models import Partnership, RecordsVersion
from partnership.scoping import domain_models, for_partnership, partnership_path

CONTENT = sorted(versions.content_models(), key=lambda m: m._meta.label)


def token(partnership: Partnership) -> str:
    return RecordsVersion.objects.get(partnership=partnership).token


def a_row(model, demo):
    for key in ("home", "other"):
        row = for_partnership(model, demo[key]).order_by("pk").first()
        if row is not None:
            return row, demo[key]
    if model._meta.label == "reports.SectionComment":  # the demo's reports have none
        from partnership.models import Person
        from reports.models import Report

        home = demo["home"]
        row = model.objects.create(
            report=Report.objects.for_partnership(home).order_by("pk").first(),
            section_key="foreword",
            section_title="Foreword",
            author=Person.objects.filter(partnership=home).order_by("pk").first(),
            text="Say more about the impact of training.",
        )
        return row, home
    if model._meta.label == "reports.CommentReply":  # nor any answers to comments
        from reports.models import SectionComment

        comment, home = a_row(SectionComment, demo)
        return model.objects.create(comment=comment, author=comment.author, text="Done."), home
    return None, None


def test_every_model_with_a_partnership_moves_the_token_but_the_logs_and_the_index():
    left_out = {
        m._meta.label
        for m in domain_models()
        if m not in CONTENT and partnership_path(m) is not None
    }
    assert left_out == {
        "partnership.RecordsVersion",
        "reviews.RestrictedAccessLog",
        "scrutiny.FeedToken",
        "scrutiny.SearchEntry",
    }


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_saving_a_record_moves_its_partnerships_token_and_no_other(demo, db, model):
    row, partnership = a_row(model, demo)
    assert row is not None, f"the demo has no {model._meta.label} row"
    other = demo["other"] if partnership == demo["home"] else demo["home"]
    before, elsewhere = token(partnership), token(other)
    # Saved as it is: the raw save skips the model's own rules (locked minutes refuse
    # ordinary saves), not the signal.
    model.save_base(row, raw=True)
    assert token(partnership) != before
    assert token(other) == elsewhere


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_deleting_a_record_moves_its_partnerships_token(demo, db, model):
    row, partnership = a_row(model, demo)
    before = token(partnership)
    with transaction.atomic():
        try:
            row.delete()
        except (ProtectedError, RestrictedError, ValidationError):
            # Rows others depend on, and rows in locked minutes, cannot be deleted here:
            # the signal Django sends before every delete stands in for it.
            pre_delete.send(sender=model, instance=row, using="default", origin=row)
        assert token(partnership) != before
        transaction.set_rollback(True)


def test_linking_records_moves_the_token(demo, db):
    from subgroups.models import SubGroup

    home = demo["home"]
    groups = list(SubGroup.objects.for_partnership(home).order_by("pk")[:2])
    before = token(home)
    groups[0].predecessors.add(groups[1])
    assert token(home) != before


def test_bump_all_gives_every_partnership_a_new_token(demo, db):
    before = dict(RecordsVersion.objects.values_list("partnership_id", "token"))
    versions.bump_all()
    after = dict(RecordsVersion.objects.values_list("partnership_id", "token"))
    assert before.keys() == after.keys() and all(after[k] != before[k] for k in before)


def test_renaming_an_account_moves_the_token_of_its_partnerships_only(demo, db):
    from partnership.models import User

    home, other = demo["home"], demo["other"]
    user = User.objects.filter(people__partnership=home).exclude(people__partnership=other).first()
    before, elsewhere = token(home), token(other)
    user.first_name = "Renamed"
    user.save()
    assert token(home) != before and token(other) == elsewhere


def test_migrating_gives_every_partnership_a_new_token(demo, db):
    from django.core.management.sql import emit_post_migrate_signal

    before = dict(RecordsVersion.objects.values_list("partnership_id", "token"))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    after = dict(RecordsVersion.objects.values_list("partnership_id", "token"))
    assert before.keys() == after.keys() and all(after[k] != before[k] for k in before)


def test_signing_in_leaves_the_token_alone(demo, db):
    from django.contrib.auth.models import update_last_login

    from partnership.models import User

    home = demo["home"]
    user = User.objects.filter(people__partnership=home).first()
    before = token(home)
    update_last_login(None, user)
    assert token(home) == before
