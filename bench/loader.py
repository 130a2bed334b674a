"""A small, bounded HTTP load generator for when ``wrk`` is not available.

Each of ``connections`` threads keeps one HTTP/1.1 connection open and sends GET
requests back to back for ``seconds``, rotating the given cookies. Python threads are
slower than wrk, so figures from this loader understate the server's throughput; the
ratio to the trivial view, measured the same way in the same run, is what counts.
"""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlsplit


def run_load(url: str, cookies: list[str], connections: int, seconds: int) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    totals = {"requests": 0, "errors": 0, "status": None}
    latencies: list[float] = []

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        done = errors = 0
        mine: list[float] = []
        status = None
        while time.monotonic() < deadline:
            headers = {"Cookie": cookies[(n + done) % len(cookies)]} if cookies else {}
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.status != 200:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            mine.append(time.perf_counter() - t0)
            done += 1
        conn.close()
        with lock:
            totals["requests"] += done
            totals["errors"] += errors
            totals["status"] = totals["status"] or status
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[int(p / 100 * (len(latencies) - 1))] * 1000, 1) if latencies else 0.0

    return {
        "requests": totals["requests"],
        "rps": round(totals["requests"] / elapsed, 1) if elapsed else 0.0,
        "errors": totals["errors"],
        "status": totals["status"],
        "latency_p50_ms": pct(50),
        "latency_p99_ms": pct(99),
    }
