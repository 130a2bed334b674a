"""The dashboard under load while Redis works, is down (connections refused) and hangs
(accepts connections, never answers): throughput, p99, errors and log bytes per request.

    python -m bench.faults [--database-url URL] [--cache-url URL] [--seconds 10]

It uses the partnership that ``python -m bench.machines`` builds (run that first, on the
same database), serves it with gunicorn (``make serve``'s configuration, JSON logs) and
loads the signed-in dashboard with the bounded Python loader. The figures go in
``bench/RESULTS.md`` (``--output``), with the machine's load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.loader import run_load
from bench.machines import RESULTS, SLUG, Browser, kill, replace_section, start
from bench.run import free_port, log, step_env, wait_until_up, with_db_name
from tests.faults import HungServer, closed_port


def measure(env: dict, cache_url: str, seconds: int, connections: int, logs: Path) -> dict:
    port = free_port()
    log_path = logs / f"faults-{port}.log"
    server = start(
        {**env, "CACHE_URL": cache_url, "BIND": f"127.0.0.1:{port}"},
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "partnership.wsgi:application",
            "-c",
            "python:partnership.gunicorn_conf",
        ],
        log_path,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", timeout=180)
        browser = Browser()
        browser.sign_in(port)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        url = f"http://127.0.0.1:{port}/p/{SLUG}/"
        run_load(url, [cookie], connections, 2)  # warm every worker
        before = log_path.stat().st_size
        result = run_load(url, [cookie], connections, seconds)
        grown = log_path.stat().st_size - before
    finally:
        kill(server)
    requests = result["requests"] or 1
    return {**result, "log_bytes_per_request": round(grown / requests, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("MACHINES_DATABASE_URL"))
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    url = args.database_url or with_db_name(
        "postgres://postgres@127.0.0.1:5432/postgres", "governance_machines"
    )
    env = step_env(url)
    env.update(HTTPS="0", DB_CONN_MAX_AGE="600", WEB_CONCURRENCY="2", LOG_FORMAT="json")
    logs = Path(os.environ.get("MACHINES_LOG_DIR", "/tmp"))
    hung = HungServer().start()
    cases = {
        "Redis working": args.cache_url or "redis://127.0.0.1:6379/15",
        "Redis down (refused)": f"redis://127.0.0.1:{closed_port()}/0",
        "Redis hung (never answers)": hung.url(),
    }
    results = {}
    try:
        for name, cache_url in cases.items():
            log(f"dashboard under load: {name}")
            if name == "Redis working":  # start from an empty cache, as after a restart
                subprocess.run(
                    ["redis-cli", "-u", cache_url, "FLUSHDB"], capture_output=True, timeout=10
                )
            results[name] = measure(env, cache_url, args.seconds, args.connections, logs)
            results[name]["load_average"] = os.getloadavg()
    finally:
        hung.stop()
    print(json.dumps(results, indent=2))
    rows = "\n".join(
        f"| {name} | {r['rps']} | {r['latency_p50_ms']} | {r['latency_p99_ms']} | "
        f"{r['errors']} of {r['requests']} | {r['log_bytes_per_request']} | "
        f"{', '.join(f'{x:.1f}' for x in r['load_average'])} |"
        for name, r in results.items()
    )
    replace_section(
        Path(args.output),
        "## Redis down and hung",
        f"""
## Redis down and hung ({dt.datetime.now():%Y-%m-%d %H:%M}, `python -m bench.faults`)

The signed-in dashboard (pages cached as deployed) under {args.connections} connections
for {args.seconds} s against one gunicorn (two workers), JSON logs on.

| Redis | requests/s | p50 ms | p99 ms | errors | log bytes a request | load (1, 5, 15 min) |
|---|---|---|---|---|---|---|
{rows}
""",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
