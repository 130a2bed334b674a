"""Generate a national-scale dataset for the benchmark (see ``bench.national``).

Default: 150 partnerships × 5 reporting years, each year with 6 sub-groups meeting 10
times with 10 agenda items each: about 45,000 meetings and 450,000 agenda items.
"""

from django.core.management.base import BaseCommand

from bench.national import SLUG_PREFIX, delete_national, generate
from partnership import versions
from partnership.models import Partnership


class Command(BaseCommand):
    help = (
        "Generate a national-scale dataset for the benchmark (default: 150 partnerships × "
        "5 years ≈ 45,000 meetings and 450,000 agenda items)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=150)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--reset", action="store_true", help="Delete earlier generated partnerships first."
        )

    def handle(self, *args, partnerships: int, years: int, seed: int, reset: bool, **options):
        verbosity = options.get("verbosity", 1)
        existing = Partnership.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if existing and not reset:
            self.stdout.write(
                f"{existing} generated partnerships already exist (use --reset to rebuild)."
            )
            return
        if reset and existing:
            self.stdout.write(f"Deleted {delete_national()} generated partnerships.")

        write = self.stdout.write if verbosity >= 1 else None
        generator = generate(partnerships=partnerships, years=years, seed=seed, progress=write)
        versions.bump_all()  # written with bulk_create, which sends no signals
        summary = ", ".join(f"{n:,} {name}" for name, n in generator.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated in {generator.elapsed:.0f} s: {summary}."))
