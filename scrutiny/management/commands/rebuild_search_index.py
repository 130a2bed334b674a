"""Rebuild the search index from the records (all partnerships, or one by slug)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partnership.models import Partnership
from scrutiny.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of minutes, decisions, actions and published reports."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Slug of one partnership (default: all).")

    def handle(self, *args, partnership=None, **options):
        target = None
        if partnership:
            try:
                target = Partnership.objects.get(slug=partnership)
            except Partnership.DoesNotExist:
                raise CommandError(f"No partnership with the slug {partnership!r}.") from None
        with transaction.atomic():
            count = rebuild(target)
        where = target.name if target else "all partnerships"
        self.stdout.write(f"Search index rebuilt for {where}: {count} entries.")
