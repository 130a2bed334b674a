"""Nothing but public pages may be kept by a browser or a proxy.

Every response carries ``Cache-Control: private, no-store`` unless its view is marked
``public_content`` and the reader is not signed in (a signed-in reader's page shows their
name and menus). Static files are answered by WhiteNoise before this middleware runs, and
keep their long-lived caching. Pages served from the page cache (``partnership.page_cache``)
pass through here like any other, so they carry the header too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PRIVATE = "private, no-store"


def public_content(view: Callable) -> Callable:
    """Mark a view whose answer to a reader who is not signed in is public (published
    reports): caches may keep it as they like."""
    view.public_content = True
    return view


class PrivateByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self._is_public(request):
            response["Cache-Control"] = PRIVATE
            if "Expires" in response:
                del response["Expires"]
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._public_content = getattr(view_func, "public_content", False)

    def _is_public(self, request: HttpRequest) -> bool:
        if not getattr(request, "_public_content", False):
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated
