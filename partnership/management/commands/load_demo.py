"""Load the demo partnerships and their users, then print the demo sign-ins.

Each app contributes its own part through ``<app>/demo.py`` with a ``load()`` function;
they run in the order below, each building on the records of the ones before.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["partnership", "subgroups", "reviews", "evidence", "reports", "scrutiny"]


class Command(BaseCommand):
    help = "Load the demo partnerships (Worcestershire and Walsall) with their users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo partnerships first."
        )

    def handle(self, *args, reset: bool = False, **options):
        from partnership import demo, versions

        with transaction.atomic():
            if reset:
                demo.delete()
            if demo.exists():
                self.stdout.write("Demo data already loaded (use --reset to rebuild it).")
            else:
                for app in DEMO_APPS:
                    try:
                        module = importlib.import_module(f"{app}.demo")
                    except ModuleNotFoundError:
                        continue
                    module.load()
                    self.stdout.write(f"Loaded demo records: {app}")
                from partnership.otp import give_demo_devices

                give_demo_devices()
                # Much of the demo is written with bulk_create, which sends no signals.
                versions.bump_all()
        self.stdout.write(demo.logins_text())
