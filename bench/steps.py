"""Measuring steps, each run in its own process against one database (see ``bench.run``).

Every step returns plain JSON-able data. Pages are requested in-process with Django's
test client as the partnership's business manager (who reads every page, case reviews
included, after the one-time password); the query count is taken from one warm request
and the server time from ``repeats`` more, for the page built afresh (the page cache off)
and for its cached copy.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

NOT_BUILT = "not built"


def run(name: str, params: dict) -> dict:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    django.setup()
    steps: dict[str, Callable[..., dict]] = {
        "pages": pages,
        "built_times": built_times,
        "dataset": dataset,
        "report": report,
        "search": search,
        "load_targets": load_targets,
    }
    return steps[name](**params)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[index]


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(percentile(ms, 95), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
    }


# --- who, and which pages ---------------------------------------------------------------
def user_with_role(partnership, kind: str):
    from partnership.models import Role

    role = (
        Role.objects.current()
        .filter(kind=kind, person__partnership=partnership, person__user__isnull=False)
        .select_related("person__user")
        .order_by("pk")
        .first()
    )
    return role.person.user if role else None


def signed_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="partnership.auth.CachedModelBackend")
    mark_otp_passed(client, user)
    return client


def mark_otp_passed(client, user) -> None:
    """As if the user had entered a one-time password in this session (when the app asks)."""
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice
    except ImportError:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@dataclass
class Target:
    name: str
    path: str | None
    note: str = ""


def _reverse(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def targets(partnership) -> list[Target]:
    """The main read pages, with the busiest records of the partnership as their subjects."""
    from django.db.models import Count

    from subgroups.models import Meeting, SubGroup

    slug = partnership.slug
    busiest_group = (
        SubGroup.objects.for_partnership(partnership)
        .annotate(n=Count("meetings"))
        .order_by("-n", "order")
        .first()
    )
    meeting = (
        Meeting.objects.for_partnership(partnership)
        .filter(minutes_status=Meeting.MinutesStatus.CONFIRMED)
        .annotate(n=Count("items"))
        .order_by("-n", "-starts_at")
        .first()
    )
    out = [
        Target("Partnership dashboard", _reverse("partnership:dashboard", slug)),
        Target(
            "Sub-group page (meetings and minutes)",
            _reverse("subgroups:subgroup_detail", slug, busiest_group.slug)
            if busiest_group
            else None,
            f"{busiest_group.name}" if busiest_group else "",
        ),
        Target(
            "Meeting detail (minutes)",
            _reverse("subgroups:meeting_detail", slug, meeting.pk) if meeting else None,
            f"{meeting.n} items" if meeting else "",
        ),
        Target("Action register", _reverse("subgroups:action_register", slug)),
        Target("Decision register", _reverse("scrutiny:decision_register", slug)),
        Target("Review deadlines", _reverse("reviews:deadlines", slug)),
        Target("Evidence overview", _reverse("evidence:home", slug)),
    ]
    search_path = _reverse("scrutiny:search", slug)
    out.append(Target('Search ("neglect")', f"{search_path}?q=neglect" if search_path else None))
    report_obj = latest_report(partnership)
    out.append(
        Target(
            "Report (HTML, assembled)",
            _reverse("reports:report_detail", slug, report_obj.pk) if report_obj else None,
            str(report_obj) if report_obj else "",
        )
    )
    # Generated partnerships publish nothing; the demo's published report (Walsall's) stands
    # in, so the public page is measured in both databases.
    published = latest_published(partnership) or latest_published(None)
    out.append(
        Target(
            "Published report (public)",
            published.get_absolute_url() if published else None,
            str(published) if published else "no published report",
        )
    )
    return out


def latest_report(partnership):
    try:
        from reports.models import Report
    except ImportError:
        return None
    return Report.objects.for_partnership(partnership).order_by("-period_end", "-edition").first()


def latest_published(partnership=None):
    try:
        from reports.models import PublishedReport
    except ImportError:
        return None
    found = PublishedReport.objects.order_by("-pk")
    if partnership is not None:
        found = found.filter(partnership=partnership)
    return found.first()


# --- steps ------------------------------------------------------------------------------
def pages(*, slug: str, repeats: int = 30) -> dict:
    from django.test.utils import override_settings

    from partnership.models import Partnership, Role

    partnership = Partnership.objects.get(slug=slug)
    user = user_with_role(partnership, Role.Kind.BUSINESS_MANAGER)
    client = signed_in_client(user)
    results = {}
    for target in targets(partnership):
        if target.path is None:
            results[target.name] = {"status": NOT_BUILT, "note": target.note}
            continue
        first = client.get(target.path)
        if first.status_code != 200:
            results[target.name] = {
                "status": first.status_code,
                "path": target.path,
                "note": target.note,
            }
            continue
        # Built: every request builds the page (the page cache off), as on a first visit
        # or after any change to the partnership's records.
        with override_settings(PAGE_CACHE_SECONDS=0):
            built_queries, built = measure(client, target.path, repeats)
        # Cached: a copy of the page is kept until the partnership's records change.
        client.get(target.path)
        cached_queries, cached = measure(client, target.path, repeats)
        results[target.name] = {
            "status": 200,
            "path": target.path,
            "note": target.note,
            "queries": built_queries,
            "bytes": len(first.content),
            **summary_ms(built),
            "cached": {"queries": cached_queries, **summary_ms(cached)},
        }
    return {"slug": slug, "user": user.username, "pages": results}


def built_times(*, slug: str, pages: list[str], repeats: int = 10) -> dict:
    """Each named page built afresh ``repeats`` times, after a warm-up: every time in ms.

    One round of the growth comparison (``bench.run.growth_rounds``), which alternates the
    two sizes so that the machine's drift over a run falls on both alike."""
    from django.test.utils import override_settings

    from partnership.models import Partnership, Role

    partnership = Partnership.objects.get(slug=slug)
    client = signed_in_client(user_with_role(partnership, Role.Kind.BUSINESS_MANAGER))
    times: dict[str, list[float]] = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for target in targets(partnership):
            if target.name not in pages or target.path is None:
                continue
            _queries, seconds = measure(client, target.path, repeats)
            times[target.name] = [round(s * 1000, 2) for s in seconds]
    return {"slug": slug, "times_ms": times}


def measure(client, path: str, repeats: int) -> tuple[int, list[float]]:
    """The queries of one request (after a warm one) and the times of ``repeats`` more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    # Counted now: the slice is read from the connection's log, which later requests reset.
    count = len(queries.captured_queries)
    timings = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - t0)
    return count, timings


def dataset() -> dict:
    from django.apps import apps
    from django.db import connection

    counts = {}
    for label in [
        "partnership.Partnership",
        "partnership.Person",
        "subgroups.SubGroup",
        "subgroups.Meeting",
        "subgroups.AgendaItem",
        "subgroups.Attendance",
        "subgroups.Decision",
        "subgroups.Action",
        "subgroups.ActionUpdate",
        "reviews.Incident",
        "reviews.RapidReview",
        "reviews.PracticeReview",
        "evidence.ActivityEntry",
        "evidence.Indicator",
        "evidence.IndicatorValue",
        "evidence.Audit",
        "evidence.Course",
        "reports.Report",
        "scrutiny.SearchEntry",
    ]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[str(model._meta.verbose_name_plural)] = model.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    return {"counts": counts, "database_size": size, "postgres": version}


def report(*, slug: str, repeats: int = 10, pdf_repeats: int = 3) -> dict:
    from partnership.models import Partnership

    partnership = Partnership.objects.get(slug=slug)
    report_obj = latest_report(partnership)
    if report_obj is None:
        return {"status": NOT_BUILT}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.assembly import assemble
    from reports.renderers import render_html, render_pdf

    document = assemble(report_obj)  # warm: imports, templates, caches
    with CaptureQueriesContext(connection) as queries:
        assemble(report_obj)
    assembly_queries = len(queries.captured_queries)
    assembly = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        document = assemble(report_obj)
        assembly.append(time.perf_counter() - t0)
    html = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        render_html(document)
        html.append(time.perf_counter() - t0)
    pdf = []
    size = 0
    for _ in range(pdf_repeats):
        t0 = time.perf_counter()
        size = len(render_pdf(document))
        pdf.append(time.perf_counter() - t0)
    pages_in_pdf = None
    try:
        import io

        from pypdf import PdfReader

        pages_in_pdf = len(PdfReader(io.BytesIO(render_pdf(document))).pages)
    except ImportError:
        pass
    return {
        "status": 200,
        "report": str(report_obj),
        "period": f"{report_obj.period_start} to {report_obj.period_end}",
        "sections": len(getattr(document, "sections", []) or []),
        "assembly_queries": assembly_queries,
        "assembly": summary_ms(assembly),
        "html": summary_ms(html),
        "pdf": summary_ms(pdf),
        "pdf_bytes": size,
        "pdf_pages": pages_in_pdf,
    }


def search(*, slug: str, queries: list[str], rounds: int = 3) -> dict:
    from urllib.parse import urlencode

    from django.test.utils import override_settings

    from partnership.access import access_for
    from partnership.models import Partnership, Role

    partnership = Partnership.objects.get(slug=slug)
    path = _reverse("scrutiny:search", slug)
    if path is None:
        return {"status": NOT_BUILT}
    out = {"status": 200, "queries": len(queries), "rounds": rounds, "roles": {}}
    try:
        from scrutiny.models import SearchEntry

        out["index_rows"] = SearchEntry.objects.count()
        out["index_rows_partnership"] = SearchEntry.objects.filter(partnership=partnership).count()
    except ImportError:
        pass
    for label, kind in [
        ("business manager (reads everything)", Role.Kind.BUSINESS_MANAGER),
        ("scrutiny panel member (public, confirmed)", Role.Kind.SCRUTINY_MEMBER),
    ]:
        user = user_with_role(partnership, kind)
        if user is None:
            continue
        client = signed_in_client(user)
        access = access_for(user, partnership)
        timings, query_timings = [], []
        # Every page searches afresh: a cached copy would hide the search being measured.
        no_cache = override_settings(PAGE_CACHE_SECONDS=0)
        no_cache.enable()
        statuses = set()
        for q in queries:
            url = f"{path}?{urlencode({'q': q})}"
            statuses.add(client.get(url).status_code)  # warm
            for _ in range(rounds):
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - t0)
                statuses.add(response.status_code)
                t0 = time.perf_counter()
                first_page(access, q)
                query_timings.append(time.perf_counter() - t0)
        no_cache.disable()
        out["roles"][label] = {
            "statuses": sorted(statuses),
            **summary_ms(timings),
            "query": summary_ms(query_timings),
        }
    return out


def first_page(access, q: str) -> list:
    """The search itself, as the page runs it: the permitted, ranked matches, their count
    and the first page of them with highlighted extracts (no page rendering)."""
    from django.core.paginator import Paginator

    from scrutiny.search.query import Criteria, highlight
    from scrutiny.search.query import search as run_search
    from scrutiny.views.search import PER_PAGE

    page = Paginator(run_search(access, Criteria(q=q)), PER_PAGE).get_page(1)
    return highlight(page.object_list, q)


def load_targets(*, slug: str, sessions: int = 32) -> dict:
    """Signed-in sessions of the business manager, and the pages that answer 200."""
    from django.conf import settings

    from partnership.models import Partnership, Role

    partnership = Partnership.objects.get(slug=slug)
    user = user_with_role(partnership, Role.Kind.BUSINESS_MANAGER)
    cookies = []
    for _ in range(sessions):
        client = signed_in_client(user)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    client = signed_in_client(user)
    paths = {}
    for target in targets(partnership):
        if target.path and client.get(target.path).status_code == 200:
            paths[target.name] = target.path
    return {"cookies": cookies, "pages": paths}
