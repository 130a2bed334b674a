"""Print the current one-time password of a demo user (for the demo and browser tests)."""

from django.core.management.base import BaseCommand, CommandError

from partnership.models import User
from partnership.otp import DEMO_OTP_KEY_HEX, confirmed_device, current_code


class Command(BaseCommand):
    help = "Print the current one-time password of a demo user who has the demo authenticator key."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username}.")
        device = confirmed_device(user)
        if device is None:
            raise CommandError(f"{username} has no authenticator app set up.")
        if device.key != DEMO_OTP_KEY_HEX:
            raise CommandError(f"{username} uses a real authenticator app, not the demo key.")
        self.stdout.write(current_code(device))
