"""Read pages built once, then served from the cache until something they show changes.

A page decorated with ``cached_page`` is a function of the URL (path and query), the reader
(the user and their flags), the partnership's records (their token, ``partnership.versions``)
and the day. What the reader may see is decided by their roles, which are records of the
partnership too, so it is covered by the token. A copy is stored under all of those, and
so is only ever served to the same reader, while nothing in the partnership has changed,
on the same day; a change to any record gives the partnership a new token and every copy
is passed over. Before building a page, the decorator checks the reader has a role (404
without one, as the view would); a cached copy needs no check, because it was stored only
after the view answered 200 for the same reader with the same roles.

Only a 200 HTML answer is stored: whatever the view refuses (403, 404) is worked out again
each time. Two parts of a page belong to the request, not to the records: the CSRF token
in its forms (stored blank and filled in for each request) and flash messages (a request
with messages waiting gets a page built for it, which is not stored). Side effects that
must happen on every view, such as logging a view of case-review records, go in
``every_time`` rather than in the view, so that they happen on a cached copy too.

The query string a page is built from, and keyed on, holds only the parameters the view
declares (``query``): anything else (``?junk=1``, a tracking tag) is dropped before the view
runs, so it can neither change the page nor store another copy of it. Copies go in the
``pages`` cache, apart from the sessions (see the README on bounding it).

``PAGE_CACHE_SECONDS`` (default 600) bounds how long a copy lives; 0 turns the cache off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token

from partnership import versions
from partnership.access import get_access
from partnership.models import Partnership

# As Django's {% csrf_token %} writes it.
CSRF_FIELD = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
# Headers the middleware adds on the way out are not the view's to store.
NOT_STORED = {"content-length", "set-cookie"}

EveryTime = Callable[[HttpRequest, int], object]


def page_cache():
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


def form_parameters(form_class: type[forms.Form]) -> tuple[str, ...]:
    """The query parameters a form reads: each field's name, or its parts' names for a
    field entered in several boxes (a ``MultiWidget``: ``date_from_day``...)."""
    names = []
    for name, field in form_class.base_fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            names += [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            names.append(name)
    return tuple(names)


def cached_page(
    *, public: bool = False, every_time: EveryTime | None = None, query: Iterable[str] = ()
):
    """Serve the decorated read view from the cache (see the module's docstring).

    ``public``: the page is open without signing in.
    ``every_time(request, partnership_id)``: runs after every 200 answer, cached or not.
    ``query``: the query parameters the view reads; every other one is dropped.
    """
    reads = frozenset(query)

    def decorate(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            request.GET = _only(request.GET, reads)
            cache = page_cache()
            key = None
            may_cache = _may_cache(request, public)
            found = versions.token_by_slug(slug) if may_cache else None
            if found is not None:
                partnership_id, token = found
                key = page_key(request, name, partnership_id, token)
                stored = cache.get(key)
                if stored is not None:
                    # Stored only after the view answered 200 for this reader, with these
                    # rights (decided by the roles, which the token covers), on this day:
                    # the view would answer the same again, refusals included.
                    return _answered(request, _rebuild(request, stored), every_time, partnership_id)
            if not public:
                access = get_access(request, slug)  # 404 without a role, before the view runs
                if may_cache and found is None:
                    versions.token_for(access.partnership)  # its first page gives it a token
            response = view(request, slug, *args, **kwargs)
            if key is not None and _storable(response) and not _messages_waiting(request):
                cache.set(key, _freeze(response), settings.PAGE_CACHE_SECONDS)
            partnership_id = found[0] if found else _partnership_id(request, slug)
            return _answered(request, response, every_time, partnership_id)

        return wrapper

    return decorate


def page_key(request: HttpRequest, view_name: str, partnership_id: int, token: str) -> str:
    user = request.user
    reader = (
        f"user {user.pk} staff {user.is_staff} superuser {user.is_superuser}"
        if user.is_authenticated
        else "anonymous"
    )
    parts = [
        view_name,
        str(partnership_id),
        token,
        dt.date.today().isoformat(),
        reader,
        request.scheme,
        request.get_host(),
        request.path,
        request.GET.urlencode(),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _only(params: QueryDict, reads: frozenset[str]) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in sorted(params):  # one key for one page, whatever the order
        if name in reads:
            kept.setlist(name, params.getlist(name))
    kept._mutable = False
    return kept


def _may_cache(request: HttpRequest, public: bool) -> bool:
    return (
        bool(settings.PAGE_CACHE_SECONDS)
        and request.method == "GET"
        and (public or request.user.is_authenticated)
        and not _messages_waiting(request)
    )


def _partnership_id(request: HttpRequest, slug: str) -> int | None:
    known = request.__dict__.get("_partnership_access", {}).get(slug)
    if known is not None:
        return known.partnership.pk
    return Partnership.objects.filter(slug=slug).values_list("pk", flat=True).first()


def _answered(request, response, every_time: EveryTime | None, partnership_id) -> HttpResponse:
    if every_time is not None and response.status_code == 200 and partnership_id is not None:
        every_time(request, partnership_id)
    return response


def _messages_waiting(request: HttpRequest) -> bool:
    """Messages to show: waiting from an earlier request, or added by this one's view (a
    page showing them belongs to this request alone)."""
    return bool(len(get_messages(request)))


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


def _freeze(response: HttpResponse) -> dict:
    return {
        "content": CSRF_FIELD.sub(rb"\1\2", response.content),
        "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED],
    }


def _rebuild(request: HttpRequest, stored: dict) -> HttpResponse:
    content = CSRF_FIELD.sub(
        lambda m: m.group(1) + get_token(request).encode() + m.group(2), stored["content"]
    )
    response = HttpResponse(content)
    for header, value in stored["headers"]:
        response[header] = value
    return response
