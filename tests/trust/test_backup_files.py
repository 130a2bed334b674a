"""Backup and restore of the stored files the records name (papers and their copies): copied
beside the JSON with a manifest, checked before anything is restored, put back under the
names the records give."""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from papers import services
from papers.models import PaperVersion, papers_storage
from partnership.models import Partnership
from tests.factories import make_item, make_meeting, make_member, make_partnership, make_subgroup
from tests.papers import files
from tests.trust.demo_data.completing import checks_for

PAPER = files.pdf_bytes(text="Neglect strategy")


def _partnership_with_a_paper():
    partnership = make_partnership(slug="papershire")
    make_member(partnership=partnership, kind="business_manager", username="bm.papers")
    meeting = make_meeting(subgroup=make_subgroup(partnership=partnership))
    paper = services.add_paper(
        item=make_item(meeting=meeting, title="Neglect"),
        title="Neglect strategy",
        confidentiality="partnership",
        upload=files.upload("neglect-strategy.pdf", PAPER),
        checked=checks_for(PAPER),
        filename="neglect-strategy.pdf",
        by=None,
    )
    return paper.versions.get()


def _run(command, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def _empty_the_database_and_storage(name: str) -> None:
    call_command("flush", interactive=False)
    papers_storage().delete(name)
    assert not Partnership.objects.exists() and not papers_storage().exists(name)


@pytest.mark.django_db(transaction=True)
def test_the_backup_carries_the_papers_and_the_restore_puts_them_back(tmp_path):
    version = _partnership_with_a_paper()
    name = version.file.name
    dump, folder = tmp_path / "papershire.json", tmp_path / "files"

    out, _ = _run("dump_partnership", "papershire", output=str(dump), files=str(folder))

    assert "Copied 1 stored files" in out
    manifest = json.loads((folder / "files.json").read_text())
    assert manifest == {"files": {name: version.sha256}, "missing": []}
    assert (folder / name).read_bytes() == PAPER

    _empty_the_database_and_storage(name)
    out, err = _run("restore_partnership", str(dump), files=str(folder))

    assert "Restored" in out and err == ""
    restored = PaperVersion.objects.get()
    assert restored.file.name == name  # the same name, not a renamed copy
    with papers_storage().open(name, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == restored.sha256


@pytest.mark.django_db(transaction=True)
def test_a_changed_file_is_refused_and_nothing_is_restored(tmp_path):
    name = _partnership_with_a_paper().file.name
    dump, folder = tmp_path / "papershire.json", tmp_path / "files"
    _run("dump_partnership", "papershire", output=str(dump), files=str(folder))
    (folder / name).write_bytes(PAPER + b"%% altered")
    _empty_the_database_and_storage(name)

    with pytest.raises(CommandError, match="differs from the file the backup copied"):
        call_command("restore_partnership", str(dump), files=str(folder))

    assert not Partnership.objects.exists()
    assert not papers_storage().exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_missing_file_or_a_name_outside_storage_is_refused(tmp_path):
    name = _partnership_with_a_paper().file.name
    dump, folder = tmp_path / "papershire.json", tmp_path / "files"
    _run("dump_partnership", "papershire", output=str(dump), files=str(folder))
    _empty_the_database_and_storage(name)

    (folder / name).unlink()
    with pytest.raises(CommandError, match="files lack"):
        call_command("restore_partnership", str(dump), files=str(folder))

    escaping = dump.read_text().replace(json.dumps(name), json.dumps("../../outside.pdf"))
    dump.write_text(escaping)
    with pytest.raises(CommandError, match="outside the papers' storage"):
        call_command("restore_partnership", str(dump), files=str(folder))

    (folder / "files.json").unlink()
    with pytest.raises(CommandError, match="not a backup's files"):
        call_command("restore_partnership", str(dump), files=str(folder))
    assert not Partnership.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_files_folder_both_commands_say_what_is_left_out(tmp_path, client):
    name = _partnership_with_a_paper().file.name
    dump = tmp_path / "papershire.json"

    _, err = _run("dump_partnership", "papershire", output=str(dump))
    assert "name 1 stored files" in err and "--files" in err

    _empty_the_database_and_storage(name)
    _, err = _run("restore_partnership", str(dump))
    assert "1 files the records name are not in storage (no --files folder was given)" in err
    assert name in err

    # The paper's page still works; its file is simply not found (no server error).
    from partnership.models import User
    from tests.factories import verify_otp

    bm = User.objects.get(username="bm.papers")
    client.force_login(bm, backend="partnership.auth.CachedModelBackend")
    verify_otp(client, bm)
    version = PaperVersion.objects.get()
    response = client.get(reverse("papers:paper_download", args=["papershire", version.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_files_folder_of_a_dump_must_be_new(tmp_path, partnership):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "something.txt").write_text("kept")
    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "dump_partnership", partnership.slug, output=str(tmp_path / "x.json"), files=str(folder)
        )
    assert not (tmp_path / "x.json").exists()
