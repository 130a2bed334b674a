"""Write one partnership's records to a JSON file (see partnership.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import content_checksum, dump, dump_files, stored_files
from partnership.models import Partnership


class Command(BaseCommand):
    help = "Back up every record of one partnership, with its history, to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The partnership's short web name, e.g. worcestershire.")
        parser.add_argument("--output", required=True, help="The JSON file to write.")
        parser.add_argument(
            "--files",
            help="A folder to copy the stored files into (papers, their PDF copies, agenda "
            "packs), with a manifest of their SHA-256. It must be empty or not yet exist.",
        )

    def handle(self, *args, slug: str, output: str, files: str | None = None, **options):
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"There is no partnership {slug!r}.")
        folder = Path(files) if files else None
        if folder is not None and folder.exists() and any(folder.iterdir()):
            raise CommandError(f"The folder {folder} is not empty: give a new one.")
        path = Path(output)
        with path.open("w", encoding="utf-8") as stream:
            dump(partnership, stream)
        text = path.read_text(encoding="utf-8")
        counts, digest = content_checksum(text)
        self.stdout.write(f"Wrote {sum(counts.values())} records of {len(counts)} kinds to {path}")
        self.stdout.write(f"Content checksum (SHA-256): {digest}")
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            copied, missing = dump_files(text, folder)
            self.stdout.write(f"Copied {copied} stored files to {folder}")
            if missing:
                self.stderr.write(
                    f"{len(missing)} files the records name are no longer in storage: "
                    + ", ".join(missing)
                )
        elif named := len(stored_files(text)):
            self.stderr.write(
                f"The records name {named} stored files (papers and agenda packs), which are "
                "not in the JSON: give --files FOLDER to copy them too."
            )
