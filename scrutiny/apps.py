from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "scrutiny"
    verbose_name = "Scrutiny and public access"

    def ready(self) -> None:
        from scrutiny import signals

        signals.connect()
