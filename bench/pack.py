"""Time to bind an agenda pack: 20 items, one 10-page PDF paper each (200 pages).

    DATABASE_URL=... python -m bench.pack

Runs against a migrated database inside a transaction that is rolled back, with papers
stored in a temporary folder; prints the timings and the machine's load.
"""

from __future__ import annotations

import os
import tempfile
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    folder = tempfile.mkdtemp(prefix="bench-papers-")
    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "papers": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    from django.core.files.storage import storages
    from django.db import transaction
    from django.utils import timezone

    from papers import checks, services
    from papers.models import AgendaPack
    from papers.pack import build
    from papers.tasks import build_packs
    from scrutiny.pdf import html_to_pdf
    from subgroups.models import Meeting, SubGroup
    from tests.factories import make_partnership

    storages._storages.pop("papers", None)
    body = "".join(
        f'<section style="page-break-after: always"><h1>Paper page {n}</h1>'
        + "<p>Findings of the audit, with the evidence for each. </p>" * 14
        + "</section>"
        for n in range(1, 11)
    )
    paper = html_to_pdf(f"<html><body>{body}</body></html>")
    load_start = os.getloadavg()
    with transaction.atomic():
        partnership = make_partnership(slug="bench-pack")
        subgroup = SubGroup.objects.create(partnership=partnership, name="Bench", slug="bench")
        start = timezone.now() + timezone.timedelta(days=30)
        meeting = Meeting.objects.create(
            subgroup=subgroup, starts_at=start, ends_at=start + timezone.timedelta(hours=3)
        )
        agenda = services.start_agenda(meeting=meeting)
        from django.core.files.uploadedfile import SimpleUploadedFile

        for n in range(1, 21 - meeting.items.count()):
            services.add_item(
                meeting=meeting,
                title=f"Item {n}",
                presenter=None,
                confidentiality="partnership",
                minutes_allowed=10,
            )
        for item in meeting.items.all():
            services.add_paper(
                item=item,
                title=f"Paper for {item.title}",
                confidentiality="partnership",
                upload=SimpleUploadedFile("paper.pdf", paper),
                checked=checks.Checked("pdf", 10),
                filename="paper.pdf",
                by=None,
            )
        assert meeting.items.count() == 20
        t0 = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            data, pages = profile.runcall(build, agenda, "partnership")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            data, pages = build(agenda, "partnership")
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_packs.call(agenda.pk)
        three = time.perf_counter() - t0
        levels = sorted(AgendaPack.objects.filter(agenda=agenda).values_list("level", "page_count"))
        transaction.set_rollback(True)
    print(f"one pack ({pages} pages, {len(data) / 1e6:.1f} MB): {one:.2f} s")
    print(f"all three levels {levels}: {three:.2f} s")
    print(f"load average at start {load_start}, at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
