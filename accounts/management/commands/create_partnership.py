"""Start a partnership from the command line: the host's one command.

    python manage.py create_partnership --name "Testshire Safeguarding Children Partnership" \\
        --slug testshire --year-starts-month 4 --business-manager-email bm@testshire.gov.uk
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug

from accounts.services import start_partnership


class Command(BaseCommand):
    help = "Create an empty partnership and email its first business manager an invitation."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Its pages are at /p/<slug>/.")
        parser.add_argument("--year-starts-month", type=int, default=4, choices=range(1, 13))
        parser.add_argument("--business-manager-email", required=True)
        parser.add_argument("--business-manager-name", default="")
        parser.add_argument("--short-name", default="", help="Default: the name's initials.")
        parser.add_argument("--area", default="")

    def handle(self, *args, **options):
        try:
            validate_slug(options["slug"])
            validate_email(options["business_manager_email"])
            partnership, invitation = start_partnership(
                name=options["name"],
                slug=options["slug"],
                year_starts_month=options["year_starts_month"],
                business_manager_email=options["business_manager_email"],
                business_manager_name=options["business_manager_name"],
                short_name=options["short_name"],
                area=options["area"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Created {partnership.name} at /p/{partnership.slug}/. An invitation to set up "
            f"a sign-in was sent to {invitation.email}; the link expires on "
            f"{invitation.expires_at:%d %B %Y}."
        )
