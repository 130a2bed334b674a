"""Load a partnership backup (from dump_partnership) into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import RestoreError, content_checksum, restore


class Command(BaseCommand):
    help = "Restore a partnership backup made by dump_partnership into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file written by dump_partnership.")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"There is no file {path}.")
        text = path.read_text(encoding="utf-8")
        try:
            counts = restore(text)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        _, digest = content_checksum(text)
        self.stdout.write(f"Restored {sum(counts.values())} records of {len(counts)} kinds")
        self.stdout.write(f"Content checksum (SHA-256): {digest}")
