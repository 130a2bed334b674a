"""Walking the URL configuration and requesting URLs with demo records (for the tests here)."""

from __future__ import annotations

import re

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnership.models import Partnership, User
from tests.trust import matrix as m

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Tables any request may write to: sessions (saved on every request), sign-in bookkeeping.
BOOKKEEPING = ("django_session", "axes_", "otp_totp_totpdevice", "reviews_restrictedaccesslog")


def walk(patterns, namespace=None, converters=frozenset()):
    """(name, pattern, the URL keyword names of the whole route) for every URL pattern."""
    for pattern in patterns:
        here = converters | set(getattr(pattern.pattern, "converters", {}))
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, ns, here)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, pattern, here


def url_names() -> list[str]:
    return sorted({name for name, _, _ in walk(get_resolver().url_patterns) if name})


def unnamed_patterns() -> list[str]:
    """Unnamed URL patterns outside the admin (whose own redirects have no names)."""
    admin_redirects = ("<path:object_id>/", "(?P<url>", "^(?P<app_label>")
    return [
        str(p.pattern)
        for name, p, _ in walk(get_resolver().url_patterns)
        if not name and not str(p.pattern).startswith(admin_redirects)
    ]


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return m.LOGIN
        if location.startswith("/admin/login/"):
            return m.ADMIN_LOGIN
        if location.startswith("/accounts/otp/"):
            return "otp"
        return m.OK
    if response.status_code < 400 or response.status_code == 400:
        return m.OK  # 400: an allowed user's input was refused with a message
    return str(response.status_code)


def case_for(name: str) -> m.Case:
    if name in m.MATRIX:
        return m.MATRIX[name]
    return admin_case(name)


def admin_case(name: str) -> m.Case:
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType

    rule, post = m.admin_rule(name) or (m.Rule(fixed={}), None)
    short = name.removeprefix("admin:")
    if short == "app_list":
        return m.Case(
            "Admin app",
            rule,
            post=post,
            kwargs=lambda o: {"app_label": "partnership"},
            obj=lambda p: p,
        )
    if short == "view_on_site":
        return m.Case(
            "Admin view on site",
            rule,
            obj=lambda p: p,
            kwargs=lambda o: {
                "content_type_id": ContentType.objects.get_for_model(o).pk,
                "object_id": o.pk,
            },
        )
    if short == "auth_user_password_change":
        short = f"{User._meta.app_label}_user_password_change"
    keys = {"change": "object_id", "delete": "object_id", "history": "object_id"}
    keys |= {"password_change": "id", "config": "pk", "qrcode": "pk", "simple_history": None}
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        page = short.removeprefix(prefix)
        if not short.startswith(prefix) or page not in keys:
            continue
        if page == "simple_history":  # positional: the record, then one of its history rows

            def url_args(o):
                return [o.pk, o.history.order_by("history_id").first().history_id]
        else:

            def url_args(o, key=keys[page]):
                return {key: o.pk}

        return m.Case(
            "Admin record",
            rule,
            post=post,
            obj=m.model_in(model._meta.label)
            if _scoped(model)
            else (lambda p, model=model: _any(model, p)),
            kwargs=url_args,
        )
    return m.Case("Admin page", rule, post=post)


def _scoped(model) -> bool:
    from partnership.scoping import partnership_path

    return partnership_path(model) is not None


def _any(model, partnership):
    if model is User:
        return User.objects.get(
            username="bm.worcs" if partnership.slug == "worcestershire" else "bm.walsall"
        )
    return model._default_manager.order_by("pk").first()


def build_url(name: str, case: m.Case, partnership: Partnership, record=None) -> str | None:
    wanted = {n: kw for n, _, kw in walk(get_resolver().url_patterns)}[name]
    kwargs = {}
    if case.obj is not None:
        record = record if record is not None else case.obj(partnership)
        if record is None:
            return None
        found = case.kwargs(record) if case.kwargs else {}
        if isinstance(found, list):  # a pattern with positional groups
            return reverse(name, args=found)
        kwargs.update(found)
    if "slug" in wanted:
        kwargs["slug"] = partnership.slug
    return reverse(name, kwargs=kwargs or None)


def request(client: Client, method: str, url: str, data: dict | None = None):
    """One request in a savepoint that is rolled back; returns it and any writes it made."""
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, data or {})
            transaction.set_rollback(True)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in BOOKKEEPING)
    ]
    return response, writes


def _is_unscoped_admin(name: str) -> bool:
    if not name.startswith("admin:"):
        return False
    from django.contrib import admin

    short = name.removeprefix("admin:")
    for model in admin.site._registry:
        if short.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return not _scoped(model)
    return True
