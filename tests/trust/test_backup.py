"""Backup and restore: a partnership dumped, the database emptied, the dump restored."""

import json

import pytest
from django.core.management import CommandError, call_command

from partnership.backup import content_checksum, unscoped_models
from partnership.models import Partnership, User
from subgroups.models import Meeting

# Rows that belong to no partnership on purpose (bookkeeping of the reminder job).
NOT_BACKED_UP = {"reviews.ReminderSent"}


def test_every_domain_model_can_be_traced_to_a_partnership():
    assert {m._meta.label for m in unscoped_models()} <= NOT_BACKED_UP


def first_difference(a: str, b: str) -> str:
    from partnership.backup import _canonical

    before = {(r["model"], r["pk"]): _canonical(r) for r in json.loads(a)}
    after = {(r["model"], r["pk"]): _canonical(r) for r in json.loads(b)}
    for key, fields in before.items():
        if after.get(key) != fields:
            changed = {
                k: (v, after.get(key, {}).get(k))
                for k, v in fields.items()
                if after.get(key, {}).get(k) != v
            }
            return f"{key}: {changed}"
    return "no record differs"


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_the_same_records_with_the_same_checksum(tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    worcs = Partnership.objects.get(slug="worcestershire")
    worcs.website = "https://www.safeguardingworcestershire.org.uk/"
    worcs.save()  # an audit-trail row, which the backup must carry too
    first = tmp_path / "worcestershire.json"
    call_command(
        "dump_partnership", "worcestershire", output=str(first), stdout=open("/dev/null", "w")
    )
    counts, digest = content_checksum(first.read_text())
    assert counts["partnership.partnership"] == 1
    assert (
        counts["subgroups.meeting"]
        == Meeting.objects.filter(subgroup__partnership__slug="worcestershire").count()
    )
    assert counts["partnership.historicalpartnership"] >= 1
    assert '"walsall"' not in first.read_text()

    call_command("flush", interactive=False)
    assert not Partnership.objects.exists() and not User.objects.exists()

    call_command("restore_partnership", str(first), stdout=open("/dev/null", "w"))
    second = tmp_path / "again.json"
    call_command(
        "dump_partnership", "worcestershire", output=str(second), stdout=open("/dev/null", "w")
    )
    counts_again, digest_again = content_checksum(second.read_text())
    assert {k: v for k, v in counts_again.items() if counts.get(k) != v} == {
        k: v for k, v in counts.items() if counts_again.get(k) != v
    }
    assert digest_again == digest, first_difference(first.read_text(), second.read_text())
    assert not Partnership.objects.filter(slug="walsall").exists()

    # The restored partnership works: its business manager can sign in and see it.
    from django.test import Client

    from tests.factories import verify_otp

    client = Client()
    bm = User.objects.get(username="bm.worcs")
    client.force_login(bm, backend="partnership.auth.CachedModelBackend")
    verify_otp(client, bm)
    assert client.get("/p/worcestershire/").status_code == 200
    # New rows get fresh keys after a restore (sequences were moved on).
    Partnership.objects.create(name="New", short_name="N", slug="new", area="Newshire")

    with pytest.raises(CommandError, match="already in this database"):
        call_command("restore_partnership", str(first))


@pytest.mark.django_db
def test_dumping_an_unknown_partnership_says_so(tmp_path):
    with pytest.raises(CommandError, match="no partnership"):
        call_command("dump_partnership", "nowhere", output=str(tmp_path / "x.json"))


@pytest.mark.django_db
def test_restoring_over_existing_rows_is_refused_and_writes_nothing(tmp_path, partnership):
    path = tmp_path / "testshire.json"
    call_command(
        "dump_partnership", partnership.slug, output=str(path), stdout=open("/dev/null", "w")
    )
    partnership.slug = "renamed"
    partnership.save()
    with pytest.raises(CommandError, match="same keys"):
        call_command("restore_partnership", str(path))
    assert Partnership.objects.count() == 1
