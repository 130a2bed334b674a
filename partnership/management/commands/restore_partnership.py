"""Load a partnership backup (from dump_partnership) into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import RestoreError, content_checksum, files_not_in_storage, restore


class Command(BaseCommand):
    help = "Restore a partnership backup made by dump_partnership into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by dump_partnership.")
        parser.add_argument(
            "--files",
            help="The folder dump_partnership --files wrote: its files are checked and put "
            "back in storage under their own names.",
        )

    def handle(self, *args, file: str, files: str | None = None, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"There is no file {path}.")
        folder = Path(files) if files else None
        if folder is not None and not folder.is_dir():
            raise CommandError(f"There is no folder {folder}.")
        text = path.read_text(encoding="utf-8")
        try:
            counts = restore(text, files=folder)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        _, digest = content_checksum(text)
        self.stdout.write(f"Restored {sum(counts.values())} records of {len(counts)} kinds")
        self.stdout.write(f"Content checksum (SHA-256): {digest}")
        if absent := files_not_in_storage(text):
            self.stderr.write(
                f"{len(absent)} files the records name are not in storage"
                + ("" if folder else " (no --files folder was given)")
                + ": asking for one finds nothing (404). "
                + ", ".join(absent)
            )
