from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnerships, organisations and people"

    def ready(self) -> None:
        from partnership import auth, versions

        versions.connect()
        auth.connect()
