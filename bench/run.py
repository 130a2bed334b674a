"""The benchmark: page costs at demo size and at national size, then throughput under load.

Run ``python -m bench.run`` (or ``make bench``) with a local PostgreSQL. It:

1. builds a demo database (``<name>_demo``: migrate, load_demo) and measures each main
   page of the Worcestershire demo partnership: queries per request and server time;
2. builds a national database (``<name>``: migrate, load_demo, generate_national_dataset:
   150 partnerships × 5 years) and measures the same pages of one generated partnership
   (``national-001``), the report assembly and PDF build, and search latency;
3. serves the national database with gunicorn (several workers, 127.0.0.1, a free port)
   and loads it with ``wrk`` (installed with apt-get when missing and possible; otherwise
   a bounded Python loader), page by page next to the trivial ``/healthz`` view: once as
   deployed (pages cached until the partnership's records change) and once with every
   page built afresh (``PAGE_CACHE_SECONDS=0``);
4. writes ``bench/RESULTS.md``.

The app runs as in production with a shared cache: Redis at ``BENCH_CACHE_URL``, else at
``redis://127.0.0.1:6379/15`` when a server answers there, else each process's memory
(the results say which).

The database name comes from ``BENCH_DATABASE_URL``, else from ``DATABASE_URL`` when that
points at PostgreSQL (the name becomes ``governance_bench``), else
``postgres://postgres@127.0.0.1:5432/governance_bench``. Both databases are dropped
and rebuilt on each run unless ``--reuse`` is given (then an existing national dataset is
kept). Every step is bounded in count and time; the whole run stops by itself.

Each measuring step runs in its own Python process with that database's settings, so
this module imports Django only inside those steps.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/governance_bench"
BENCH_SECRET = "bench-only-not-secret"

SEARCH_QUERIES = [
    "neglect",
    "exploitation",
    "county lines",
    "domestic abuse",
    "early help",
    "missing",
    "online safety",
    "self-harm",
    "mental health",
    "exclusions",
    "private fostering",
    "safe sleep",
    "bruising",
    "contextual safeguarding",
    "strategy discussions",
    "audit",
    "training",
    "referral",
    "feedback from young people",
    "budget",
    "risk register",
    '"front door"',
    "section 11",
    "attendance",
]


# --- orchestration (no Django here) ------------------------------------------------------
def bench_url(explicit: str | None) -> str:
    if explicit:
        return explicit
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path="/governance_bench"))
    return DEFAULT_URL


def with_db_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/15"


@functools.cache
def bench_cache_url() -> str:
    """The shared cache the app runs with: BENCH_CACHE_URL, else a local Redis, else none."""
    if "BENCH_CACHE_URL" in os.environ:
        return os.environ["BENCH_CACHE_URL"]
    try:
        import redis

        redis.Redis.from_url(DEFAULT_CACHE_URL, socket_connect_timeout=1).ping()
    except Exception:  # no server (or no client library): the app falls back to memory
        return ""
    return DEFAULT_CACHE_URL


def step_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CACHE_URL=bench_cache_url(),
        DATABASE_URL=url,
        SECRET_KEY=env.get("SECRET_KEY") or BENCH_SECRET,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SETTINGS_MODULE="partnership.settings",
        DJANGO_LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    return env


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def manage(url: str, *args: str, timeout: int = 1800) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=step_env(url),
        check=True,
        timeout=timeout,
    )


def run_step(
    url: str,
    name: str,
    params: dict,
    timeout: int = 1800,
    *,
    module: str = "bench.run",
    env: dict | None = None,
) -> dict:
    """Run one measuring step of ``module`` in a fresh process against ``url`` (with
    ``env``, else the steps' own); it prints JSON last."""
    proc = subprocess.run(
        [sys.executable, "-m", module, "--step", name, "--params", json.dumps(params)],
        cwd=ROOT,
        env=env or step_env(url),
        timeout=timeout,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-6000:])
        raise RuntimeError(f"benchmark step {name!r} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def recreate_database(url: str) -> None:
    import psycopg

    admin = with_db_name(url, "postgres")
    name = db_name(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(url: str) -> bool:
    import psycopg

    with psycopg.connect(with_db_name(url, "postgres"), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name(url)])
        return row.fetchone() is not None


def analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--partnerships", type=int, default=150)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=30, help="Timed requests per page.")
    parser.add_argument("--load-seconds", type=int, default=10, help="Load per page.")
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    parser.add_argument(
        "--reuse", action="store_true", help="Keep existing benchmark databases (for development)."
    )
    parser.add_argument("--skip-load", action="store_true", help="No gunicorn load test.")
    parser.add_argument(
        "--skip-machines",
        action="store_true",
        help="No bench.machines (two servers, two workers) or bench.faults (Redis down, hung).",
    )
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        from bench import steps

        result = steps.run(args.step, json.loads(args.params or "{}"))
        print(json.dumps(result, default=str))
        return 0

    url = bench_url(args.database_url)
    if not url.startswith(("postgres://", "postgresql://")):
        print("The benchmark needs PostgreSQL (set BENCH_DATABASE_URL).", file=sys.stderr)
        return 2
    demo_url = with_db_name(url, db_name(url) + "_demo")
    started = time.monotonic()
    results: dict = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "cache": bench_cache_url() or "each process's memory (no Redis found)",
        "options": {
            "partnerships": args.partnerships,
            "years": args.years,
            "repeats": args.repeats,
            "load_seconds": args.load_seconds,
            "workers": args.workers,
        },
    }

    results["load_average_start"] = os.getloadavg()
    log(f"demo database {db_name(demo_url)}: migrate and load the demo")
    if not (args.reuse and database_exists(demo_url)):
        recreate_database(demo_url)
    manage(demo_url, "migrate", "--noinput", "-v0")
    manage(demo_url, "collectstatic", "--noinput", "-v0")
    manage(demo_url, "load_demo", "-v0")
    # One generated partnership with one year of records: the same shape as the national
    # ones, so its query counts can be compared with a national partnership's five years.
    manage(demo_url, "generate_national_dataset", "--partnerships", "1", "--years", "1")
    log("measuring pages at demo size")
    results["demo"] = run_step(
        demo_url, "pages", {"slug": "worcestershire", "repeats": args.repeats}
    )
    results["small"] = run_step(
        demo_url, "pages", {"slug": "national-001", "repeats": max(5, args.repeats // 3)}
    )

    reuse = args.reuse and database_exists(url)
    if not reuse:
        log(f"national database {db_name(url)}: migrate, load the demo, generate")
        recreate_database(url)
    manage(url, "migrate", "--noinput", "-v0")
    manage(url, "load_demo", "-v0")
    t0 = time.monotonic()
    manage(
        url,
        "generate_national_dataset",
        "--partnerships",
        str(args.partnerships),
        "--years",
        str(args.years),
        timeout=7200,
    )
    results["generation_seconds"] = round(time.monotonic() - t0, 1) if not reuse else None
    log("VACUUM ANALYZE")
    analyze(url)
    results["dataset"] = run_step(url, "dataset", {})
    log("measuring pages at national size")
    results["national"] = run_step(url, "pages", {"slug": "national-001", "repeats": args.repeats})
    results["demo_on_national"] = run_step(
        url, "pages", {"slug": "worcestershire", "repeats": max(5, args.repeats // 3)}
    )
    log("growth with the years: one year and five, alternately")
    results["growth"] = growth_rounds(demo_url, url, list(results["national"]["pages"]), args)
    log("report assembly, PDF and search")
    results["report"] = run_step(url, "report", {"slug": "national-001"})
    results["search"] = run_step(url, "search", {"slug": "national-001", "queries": SEARCH_QUERIES})

    if not args.skip_load:
        log("load test under gunicorn: pages as deployed (cached until the records change)")
        results["load"] = load_test(url, args)
        log("load test under gunicorn: every page built afresh")
        results["load_built"] = load_test(url, args, page_cache=False)
    results["load_average_end"] = os.getloadavg()
    results["elapsed_seconds"] = round(time.monotonic() - started)
    output = Path(args.output)
    output.write_text(render_results(results, old=output.read_text() if output.exists() else ""))
    Path(args.output).with_suffix(".json").write_text(json.dumps(results, indent=1, default=str))
    log(f"wrote {args.output} in {results['elapsed_seconds']} s")
    if not args.skip_machines:
        machines_url = with_db_name(url, db_name(url) + "_machines")
        for script in ("bench.machines", "bench.faults"):
            log(f"{script}: several machines and a failing Redis")
            subprocess.run(
                [sys.executable, "-m", script, "--database-url", machines_url]
                + ["--output", args.output],
                cwd=ROOT,
                env={**os.environ, "BENCH_CACHE_URL": bench_cache_url()},
                timeout=3600,
                check=False,
            )
    return 0


#: The order of the growth rounds: one year (A) and five (B) as A B B A A B, so that a
#: machine getting steadily slower or faster over the minutes weighs on both sizes alike.
GROWTH_ORDER = ("small", "large", "large", "small", "small", "large")


def growth_rounds(small_url: str, large_url: str, pages: list[str], args) -> dict:
    """Every page built afresh at one year and at five, in alternating rounds: each size's
    times, gathered over the same minutes. Measured minutes apart, as the pages table is, a
    page whose work is the same at both sizes read up to 1.4 times slower at five years on
    a busy machine; side by side, what is left is what the years add."""
    repeats = max(5, args.repeats // 3)
    times: dict[str, dict[str, list[float]]] = {"small": {}, "large": {}}
    for size in GROWTH_ORDER:
        round_url = small_url if size == "small" else large_url
        found = run_step(
            round_url, "built_times", {"slug": "national-001", "pages": pages, "repeats": repeats}
        )
        for name, ms in found["times_ms"].items():
            times[size].setdefault(name, []).extend(ms)
    return {"order": list(GROWTH_ORDER), "repeats": repeats, "times_ms": times}


# --- load test ----------------------------------------------------------------------------
def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk with apt-get")
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
            timeout=300,
            check=False,
        )
    return shutil.which("wrk")


def load_test(url: str, args, *, page_cache: bool = True) -> dict:
    targets = run_step(url, "load_targets", {"slug": "national-001", "sessions": 32})
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = step_env(url)
    env["DB_CONN_MAX_AGE"] = "600"
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "--timeout",
            "60",
            # Import the app once, before forking: workers start at once and share memory.
            "--preload",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
    )
    out: dict = {"workers": args.workers, "port": port, "page_cache": page_cache, "pages": {}}
    try:
        wait_until_up(f"{base}/healthz", timeout=180)
        wrk = ensure_wrk()
        out["tool"] = "wrk" if wrk else "python"
        connections = max(8, args.workers * 4)
        out["connections"] = connections
        runs = [("trivial view (/healthz)", "/healthz", False)] + [
            (name, path, True) for name, path in targets["pages"].items()
        ]
        # Warm every worker on every page (template and query caches) before measuring.
        for _name, path, signed_in in runs:
            cookies = targets["cookies"] if signed_in else []
            if wrk:
                run_wrk(wrk, base + path, cookies, connections, 2)
            else:
                from bench.loader import run_load

                run_load(base + path, cookies, connections, 2)
        for name, path, signed_in in runs:
            log(f"  load: {name}")
            cookies = targets["cookies"] if signed_in else []
            if wrk:
                result = run_wrk(wrk, base + path, cookies, connections, args.load_seconds)
            else:
                from bench.loader import run_load

                result = run_load(base + path, cookies, connections, args.load_seconds)
            out["pages"][name] = {"path": path, **result}
        trivial = out["pages"]["trivial view (/healthz)"]["rps"] or 1
        for page in out["pages"].values():
            page["ratio"] = round(page["rps"] / trivial, 3)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return out


def wait_until_up(url: str, timeout: float) -> None:
    from urllib.request import urlopen

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


WRK_SCRIPT = """
-- Rotate the signed-in sessions across requests; count every non-200 answer.
local cookies = {%s}
local n = 0
local bad = 0
request = function()
  n = n + 1
  local headers = {}
  if #cookies > 0 then headers["Cookie"] = cookies[(n %% #cookies) + 1] end
  return wrk.format("GET", nil, headers)
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("JSON{\\"p50\\":%%f,\\"p99\\":%%f}\\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def run_wrk(wrk: str, url: str, cookies: list[str], connections: int, seconds: int) -> dict:
    import re
    import tempfile

    # wrk's threads each run the script; a non-200 count per thread is not summed by wrk,
    # so errors are read from its own "Non-2xx or 3xx" line plus socket errors, and a
    # redirect (3xx, e.g. to the sign-in page) is caught by checking one response first.
    script = WRK_SCRIPT % ", ".join(json.dumps(c) for c in cookies)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        proc = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", path, url],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        os.unlink(path)
    text = proc.stdout
    requests = int(re.search(r"(\d+) requests in", text).group(1)) if "requests in" in text else 0
    rps = (
        float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
        if "Requests/sec" in text
        else 0.0
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    latency = {}
    for line in text.splitlines():
        if line.startswith("JSON{"):
            latency = json.loads(line[4:])
    status = first_status(url, cookies[0] if cookies else None)
    if status != 200:
        errors = max(errors, requests)  # every request went somewhere else (e.g. sign-in)
    return {
        "requests": requests,
        "rps": round(rps, 1),
        "errors": errors,
        "status": status,
        "latency_p50_ms": round(latency.get("p50", 0), 1),
        "latency_p99_ms": round(latency.get("p99", 0), 1),
    }


def first_status(url: str, cookie: str | None) -> int:
    from urllib.error import HTTPError
    from urllib.request import HTTPRedirectHandler, Request, build_opener

    class NoRedirect(HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status
    except HTTPError as error:
        return error.code


# --- the results table ------------------------------------------------------------------
def render_results(r: dict, *, old: str = "") -> str:
    """This run's results, keeping the sections other benchmark scripts wrote in ``old``."""
    from bench.report import merge, render

    return merge(old, render(r))


if __name__ == "__main__":
    sys.exit(main())
