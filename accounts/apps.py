from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-ins: invitations, recovery and single sign-on"

    def ready(self) -> None:
        from accounts import signals

        signals.connect()
