"""Email throughput: 1,000 queued notifications through real workers to a local SMTP server.

    python -m bench.emails [--database-url postgres://...] [--count 1000] [--workers 1 2]

A sub-group of ``--count`` members is given a meeting; ``notify("meeting_scheduled")``
writes one message per member (each with its .ics event), queued on commit. Then
``manage.py db_worker`` processes (1, then 2) deliver them to an aiosmtpd server on
loopback; the time from starting the workers to the last message marked sent gives the
rate. The result replaces the "Email delivery" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- email-delivery:start -->", "<!-- email-delivery:end -->"


def _server_url(url: str) -> str:
    return url.rsplit("/", 1)[0]


def recreate(url: str) -> None:
    import psycopg

    server, name = _server_url(url), url.rsplit("/", 1)[1]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def environment(url: str, mail_url: str) -> dict:
    return {
        **os.environ,
        "SECRET_KEY": "bench-only-not-secret",
        "DATABASE_URL": url,
        "EMAIL_URL": mail_url,
        "SITE_URL": "https://governance.example.org",
        "CACHE_URL": "",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
    }


def queue_notifications(count: int) -> float:
    """The people, and one meeting whose notice goes to all of them; seconds to queue."""
    from django.db import transaction
    from django.utils import timezone

    from notifications.registry import notify
    from partnership.models import Partnership, Person, Role
    from subgroups.models import Meeting, SubGroup

    partnership = Partnership.objects.create(
        name="Benchshire Safeguarding Children Partnership", short_name="BSCP", slug="benchshire"
    )
    group = SubGroup.objects.create(partnership=partnership, name="Everyone", slug="everyone")
    people = Person.objects.bulk_create(
        Person(partnership=partnership, name=f"Member {n}", email=f"member{n}@example.org")
        for n in range(count)
    )
    Role.objects.bulk_create(
        Role(
            person=p, kind=Role.Kind.SUBGROUP_MEMBER, subgroup=group, valid_from=dt.date(2020, 1, 1)
        )
        for p in people
    )
    start = timezone.now() + dt.timedelta(days=14)
    began = time.perf_counter()
    with transaction.atomic():
        meeting = Meeting.objects.create(
            subgroup=group, starts_at=start, ends_at=start + dt.timedelta(hours=2), location="Hall"
        )
        sent = notify("meeting_scheduled", meeting)
    assert len(sent) == count, len(sent)
    return time.perf_counter() - began


class CountingInbox:
    """An SMTP handler that only keeps each message's envelope: the mail server's own work
    (parsing what it receives) stays out of the figure."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def clear() -> None:
    from django_tasks_db.models import DBTaskResult

    from notifications.models import Message
    from partnership.models import Partnership

    Message.objects.all().delete()
    DBTaskResult.objects.all().delete()
    Partnership.objects.filter(slug="benchshire").delete()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def deliver(env: dict, workers: int, count: int) -> tuple[float, float]:
    from notifications.models import Message

    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.1",
                "--no-reload",
                "--no-startup-delay",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(workers)
    ]
    began = time.perf_counter()
    try:
        while Message.objects.filter(status=Message.Status.SENT).count() < count:
            if time.perf_counter() - began > 900:
                raise SystemExit("Timed out: the workers did not deliver within 15 minutes.")
            time.sleep(0.05)
        seconds = time.perf_counter() - began
        return seconds, sum(cpu_seconds(p.pid) for p in processes)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=60)


def write(rows: list[tuple], *, count: int, before, after, queued: float) -> str:
    cpus = os.cpu_count()
    section = "\n".join(
        [
            START,
            "## Email delivery",
            "",
            f"Run {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%S+00:00} by `python -m bench.emails`. "
            f"{count:,} notifications (one meeting notice per member of a sub-group, each with "
            f"its .ics event) queued in {queued:.1f} s, then delivered by `manage.py db_worker` "
            "processes to an aiosmtpd server on loopback that only counts what it receives, over "
            "PostgreSQL; each task sends up to 25 messages over one SMTP connection, and each "
            "is marked sent as soon as the server accepts it. Target: at least 50 emails a "
            "second.",
            "",
            f"Machine: {cpus} CPUs, Python {platform.python_version()}. The machine was shared "
            f"and busy: load average (1, 5, 15 minutes) {before[0]:.1f}, {before[1]:.1f}, "
            f"{before[2]:.1f} at the start and {after[0]:.1f}, {after[1]:.1f}, {after[2]:.1f} at "
            "the end, so these rates are lower bounds.",
            "",
            "| workers | emails | seconds | emails per second | workers' CPU ms per email "
            "| emails per CPU-second of the workers |",
            "|---:|---:|---:|---:|---:|---:|",
            *[
                f"| {w} | {n:,} | {s:.1f} | {n / s:.0f} | {1000 * c / n:.1f} | {n / c:.0f} |"
                for w, n, s, c in rows
            ],
            "",
            "The last two columns count only the workers' own CPU time (from /proc), not "
            "PostgreSQL's or the mail server's: on a busy machine they say what a worker does "
            "with a core of its own.",
            END,
        ]
    )
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if START in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_EMAIL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/governance_bench_emails"
        ),
        help="A PostgreSQL database to create afresh (it is dropped first).",
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.mailserver import MailServer

    server = MailServer()
    server.controller.handler = server.inbox = CountingInbox()
    server.start()
    env = environment(args.database_url, server.url)
    for name in ("SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "SITE_URL", "CACHE_URL"):
        os.environ[name] = env[name]
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    rows = []
    before = os.getloadavg()
    queued = 0.0
    recreate(args.database_url)
    call_command("migrate", verbosity=0)
    for workers in args.workers:
        clear()
        server.inbox.messages.clear()
        queued = queue_notifications(args.count)
        seconds, cpu = deliver(env, workers, args.count)
        received = len(server.inbox.messages)
        assert received == args.count, f"{received} received of {args.count}"
        rows.append((workers, args.count, seconds, cpu))
        print(f"{workers} worker(s): {args.count} emails in {seconds:.1f} s", flush=True)
    connections.close_all()
    server.stop()
    print(write(rows, count=args.count, before=before, after=os.getloadavg(), queued=queued))


if __name__ == "__main__":
    main()
