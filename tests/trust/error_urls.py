"""The project's URLs plus a page that fails, to see what a visitor is shown on an error."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from partnership.urls import handler403, handler404, handler500  # noqa: F401


class SecretFailure(Exception):
    pass


@login_not_required
def broken(request):
    raise SecretFailure("database password is hunter2 at /srv/app/settings.py")


urlpatterns = [
    path("broken/", broken),
    path("", include("partnership.urls")),
]
