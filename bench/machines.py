"""Several machines, simulated on one: two app servers and two task workers sharing one
PostgreSQL database and one Redis, with one of each killed in the middle of the run.

    python -m bench.machines [--database-url URL] [--cache-url URL] [--writes 60]

It builds a small partnership (one sub-group, an owner and their actions), starts two
gunicorn instances (``make serve``'s configuration) on two loopback ports (A and B), two
``db_worker`` processes and a local SMTP server (aiosmtpd), then:

- readers load the dashboard and the action register on both servers all the time;
- a writer moves actions between "not started" and "in progress" through A, and after
  each write reads B's (cached) register of actions in progress: the change must show at
  once, every time;
- a separate process queues emails through ``notifications.email.send_email``, one per
  transaction, during the run;
- part-way through, server A and worker 1 are killed (SIGKILL); the writer goes on
  through B, and worker 2 carries on alone.

At the end every write the writer saw acknowledged must be in the database, and every
email queued must have reached the SMTP server exactly once. The figures are printed and
added to ``bench/RESULTS.md`` (``--output``), with the machine's load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench import run as bench_run
from bench.run import (
    ROOT,
    free_port,
    log,
    recreate_database,
    step_env,
    wait_until_up,
    with_db_name,
)

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
GUNICORN_CONF = "python:partnership.gunicorn_conf"
SLUG = "machines"
PASSWORD = "machines-bench-password"
ACTIONS = 8
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


# --- steps run in their own Django process -----------------------------------------------
def step_setup(params: dict) -> dict:
    from partnership.models import Partnership, Person, Role, User
    from subgroups.models import Action, SubGroup

    p = Partnership.objects.create(
        name="Machines Safeguarding Children Partnership",
        short_name="MSCP",
        slug=SLUG,
        area="Machineshire",
    )
    group = SubGroup.objects.create(partnership=p, name="Performance Group", slug="performance")
    user = User.objects.create_user(username="owner.machines", password=PASSWORD)
    person = Person.objects.create(partnership=p, user=user, name="Olive Owner")
    Role.objects.create(
        person=person,
        kind=Role.Kind.SUBGROUP_MEMBER,
        subgroup=group,
        valid_from=dt.date(2019, 1, 1),
    )
    actions = [
        Action.objects.create(
            partnership=p,
            owner=person,
            subgroup=group,
            description=f"Machines action {n:02d}",
            due_on=dt.date.today() + dt.timedelta(days=30 + n),
        )
        for n in range(ACTIONS)
    ]
    return {"actions": [{"pk": a.pk, "description": a.description} for a in actions]}


def step_emails(params: dict) -> dict:
    from django.db import transaction

    from notifications.email import send_email

    for n in range(params["count"]):
        with transaction.atomic():
            send_email(
                to=f"reader{n}@example.org",
                kind="bench",
                subject=f"Machines bench email {n:03d}",
                template="base",
                context={},
            )
        time.sleep(params["spacing"])
    return {"queued": params["count"]}


def step_verify(params: dict) -> dict:
    from notifications.models import Message
    from subgroups.models import ActionUpdate

    deadline = time.monotonic() + params["wait"]
    while time.monotonic() < deadline:
        if not Message.objects.filter(status=Message.Status.QUEUED).exists():
            break
        time.sleep(0.5)
    return {
        "notes": list(
            ActionUpdate.objects.filter(note__startswith="bench write ").values_list(
                "note", flat=True
            )
        ),
        "messages": dict(Counter(Message.objects.values_list("status", flat=True))),
    }


STEPS = {"setup": step_setup, "emails": step_emails, "verify": step_verify}


# --- a signed-in browser, by hand --------------------------------------------------------
class Browser:
    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            conn.close()

    def sign_in(self, port: int) -> None:
        _, page = self.request(port, "GET", "/accounts/login/")
        token = CSRF_INPUT.search(page).group(1)
        status, _ = self.request(
            port,
            "POST",
            "/accounts/login/",
            {"username": "owner.machines", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")


# --- orchestration -----------------------------------------------------------------------
def run_step(env: dict, name: str, params: dict) -> dict:
    return bench_run.run_step(
        env["DATABASE_URL"], name, params, timeout=600, module="bench.machines", env=env
    )


def start(env: dict, args: list[str], log_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # killed with its children, as a machine going down
    )


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


class Readers:
    """Threads loading two pages on both servers; counts answers per server."""

    def __init__(self, browser_cookies: dict, ports: dict[str, int], threads: int) -> None:
        self.ports = ports
        self.cookies = browser_cookies
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.results: dict[str, list] = {name: [] for name in ports}
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def _run(self, n: int) -> None:
        browser = Browser()
        browser.cookies = dict(self.cookies)
        paths = [f"/p/{SLUG}/", f"/p/{SLUG}/actions/"]
        names = list(self.ports)
        i = n
        while not self.stop.is_set():
            name = names[i % len(names)]
            started = time.perf_counter()
            try:
                status, _ = browser.request(self.ports[name], "GET", paths[i % len(paths)])
            except OSError:
                status = "refused"
            with self.lock:
                self.results[name].append((time.monotonic(), status, time.perf_counter() - started))
            i += 1
            if status == "refused":
                time.sleep(0.05)

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)


def write_once(browser: Browser, port: int, action: dict, n: int, status: str) -> int:
    path = f"/p/{SLUG}/actions/{action['pk']}/update/"
    code, page = browser.request(port, "GET", path)
    if code != 200:
        return code
    form = {
        "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
        "version": VERSION_INPUT.search(page).group(1),
        "status": status,
        "note": f"bench write {n}",
    }
    code, _ = browser.request(port, "POST", path, form)
    return code


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("MACHINES_DATABASE_URL"))
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL"))
    parser.add_argument("--writes", type=int, default=60)
    parser.add_argument("--emails", type=int, default=40)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        import django

        django.setup()
        print(json.dumps(STEPS[args.step](json.loads(args.params or "{}"))))
        return 0

    from aiosmtpd.controller import Controller

    url = args.database_url or with_db_name(
        "postgres://postgres@127.0.0.1:5432/postgres", "governance_machines"
    )
    cache_url = args.cache_url or "redis://127.0.0.1:6379/15"
    received: list[str] = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            subject = re.search(rb"^Subject: (.*)$", envelope.content, re.M)
            received.append(subject.group(1).decode().strip() if subject else "")
            return "250 OK"

    smtp_port = free_port()
    smtp = Controller(Inbox(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    env = step_env(url)
    env.update(
        CACHE_URL=cache_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        HTTPS="0",
        DB_CONN_MAX_AGE="600",
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
    )
    logs = Path(os.environ.get("MACHINES_LOG_DIR", "/tmp"))
    processes: dict[str, subprocess.Popen] = {}
    try:
        log(f"database {url}, cache {cache_url}")
        recreate_database(url)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=1800,
        )
        subprocess.run(["redis-cli", "-u", cache_url, "FLUSHDB"], check=False, capture_output=True)
        actions = run_step(env, "setup", {})["actions"]
        ports = {"A": free_port(), "B": free_port()}
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        for name, port in ports.items():
            server_env = {**env, "BIND": f"127.0.0.1:{port}"}
            processes[name] = start(
                server_env,
                [
                    gunicorn,
                    "partnership.wsgi:application",
                    "-c",
                    "python:partnership.gunicorn_conf",
                ],
                logs / f"machines-{name}.log",
            )
        for n in (1, 2):
            processes[f"worker {n}"] = start(
                env,
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
                logs / f"machines-worker-{n}.log",
            )
        for port in ports.values():
            wait_until_up(f"http://127.0.0.1:{port}/healthz", timeout=180)
        log("two servers and two workers up")
        writer = Browser()
        writer.sign_in(ports["A"])

        emails = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.machines",
                "--step",
                "emails",
                "--params",
                json.dumps({"count": args.emails, "spacing": 0.25}),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        acknowledged: list[str] = []
        stale = checked = 0
        write_times: list[float] = []
        killed_at = None
        state = {a["pk"]: "open" for a in actions}
        started = time.monotonic()
        with Readers(writer.cookies, ports, args.readers) as readers:
            for n in range(args.writes):
                if n == args.writes * 2 // 5:
                    log("killing server A and worker 1")
                    killed_at = time.monotonic()  # A's reads fail from here on
                    kill(processes["A"])
                    kill(processes["worker 1"])
                action = actions[n % len(actions)]
                target = "in_progress" if state[action["pk"]] == "open" else "open"
                for server in ("A", "B") if killed_at is None else ("B",):
                    t0 = time.perf_counter()
                    try:
                        code = write_once(writer, ports[server], action, n, target)
                    except OSError:
                        continue
                    write_times.append(time.perf_counter() - t0)
                    if code == 302:
                        acknowledged.append(f"bench write {n}")
                        state[action["pk"]] = target
                    break
                # Never stale on B: its cached register of actions in progress shows the
                # change at once.
                _, page = writer.request(
                    ports["B"], "GET", f"/p/{SLUG}/actions/?status=in_progress"
                )
                checked += 1
                if (action["description"] in page) != (state[action["pk"]] == "in_progress"):
                    stale += 1
            emails.wait(timeout=300)
        verify = run_step(env, "verify", {"wait": 120})
        elapsed = time.monotonic() - started
    finally:
        for process in processes.values():
            if process.poll() is None:
                kill(process)
        smtp.stop()

    counts = Counter(received)
    expected = {f"Machines bench email {n:03d}" for n in range(args.emails)}
    lost_writes = sorted(set(acknowledged) - set(verify["notes"]), key=len)
    summary = {
        "load_average": os.getloadavg(),
        "seconds": round(elapsed, 1),
        "writes_acknowledged": len(acknowledged),
        "writes_lost": len(lost_writes),
        "stale_reads_on_B": stale,
        "checks_on_B": checked,
        "write_p50_ms": round(percentile(write_times, 0.5) * 1000, 1),
        "emails_queued": args.emails,
        "emails_received_once": sum(1 for s in expected if counts[s] == 1),
        "emails_missing": sorted(s for s in expected if counts[s] == 0),
        "emails_duplicated": sorted(s for s in expected if counts[s] > 1),
        "messages_by_status": verify["messages"],
    }
    for name, rows in readers.results.items():
        after = [r for r in rows if killed_at is None or r[0] >= killed_at]
        before = [r for r in rows if killed_at is not None and r[0] < killed_at]
        summary[f"reads_{name}"] = {
            "before_kill": len(before),
            "before_kill_errors": sum(1 for r in before if r[1] != 200),
            "after_kill": len(after),
            "after_kill_errors": sum(1 for r in after if r[1] != 200),
            "p99_ms": round(percentile([r[2] for r in rows if r[1] == 200], 0.99) * 1000, 1),
        }
    print(json.dumps(summary, indent=2))
    append_results(Path(args.output), summary)
    failed = summary["writes_lost"] or stale or summary["emails_duplicated"]
    failed = failed or summary["emails_missing"] or summary["reads_B"]["after_kill_errors"]
    return 1 if failed else 0


def append_results(path: Path, s: dict) -> None:
    load = ", ".join(f"{x:.2f}" for x in s["load_average"])
    a, b = s["reads_A"], s["reads_B"]
    text = f"""
## Several machines, simulated ({dt.datetime.now():%Y-%m-%d %H:%M}, `python -m bench.machines`)

Two gunicorn servers (A, B) and two task workers sharing one PostgreSQL and one Redis;
server A and worker 1 killed (SIGKILL) after two fifths of the writes. Load average
{load} (1, 5, 15 min) at the end, this run's own servers, workers and load included.

| | |
|---|---|
| writes acknowledged / lost | {s["writes_acknowledged"]} / {s["writes_lost"]} |
| stale reads of B after a write through A | {s["stale_reads_on_B"]} of {s["checks_on_B"]} |
| write (GET form + POST) median | {s["write_p50_ms"]} ms |
| emails queued / received exactly once | {s["emails_queued"]} / {s["emails_received_once"]} |
| emails missing / duplicated | {len(s["emails_missing"])} / {len(s["emails_duplicated"])} |
| reads on A before the kill (errors) | {a["before_kill"]} ({a["before_kill_errors"]}) |
| reads on B before the kill (errors) | {b["before_kill"]} ({b["before_kill_errors"]}) |
| reads on B after the kill (errors) | {b["after_kill"]} ({b["after_kill_errors"]}) |
| read p99 on B | {b["p99_ms"]} ms |
"""
    replace_section(path, "## Several machines", text)


def replace_section(path: Path, heading: str, text: str) -> None:
    """Put ``text`` (a section starting with ``heading``) at the end of the results,
    in place of the one an earlier run wrote."""
    old = path.read_text() if path.exists() else ""
    kept = [part for part in old.split("\n## ") if not ("## " + part).startswith(heading)]
    path.write_text("\n## ".join(kept).rstrip() + "\n" + text)


if __name__ == "__main__":
    sys.exit(main())
