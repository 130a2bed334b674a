"""Write one partnership's records to a JSON file (see partnership.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import content_checksum, dump
from partnership.models import Partnership


class Command(BaseCommand):
    help = "Back up every record of one partnership, with its history, to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The partnership's short web name, e.g. worcestershire.")
        parser.add_argument("--output", required=True, help="The JSON file to write.")

    def handle(self, *args, slug: str, output: str, **options):
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"There is no partnership {slug!r}.")
        path = Path(output)
        with path.open("w", encoding="utf-8") as stream:
            dump(partnership, stream)
        counts, digest = content_checksum(path.read_text(encoding="utf-8"))
        self.stdout.write(f"Wrote {sum(counts.values())} records of {len(counts)} kinds to {path}")
        self.stdout.write(f"Content checksum (SHA-256): {digest}")
