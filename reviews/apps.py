from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews"

    def ready(self) -> None:
        from reviews.shared_text import connect_signals

        connect_signals()
