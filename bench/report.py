"""Writes the benchmark's results as a Markdown page (``bench/RESULTS.md``)."""

from __future__ import annotations

ASSEMBLY_TARGET_MS = 300
PDF_TARGET_MS = 5000
SEARCH_P95_TARGET_MS = 50
THROUGHPUT_RATIO_TARGET = 0.15


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "—"
    return "met" if ok else "**missed**"


def _status(page: dict | None) -> str | None:
    if page is None:
        return "not built"
    if page.get("status") == 200:
        return None
    return str(page.get("status"))


def render(r: dict) -> str:
    m = r["machine"]
    o = r["options"]
    ds = r.get("dataset", {})
    lines = [
        "# Benchmark results",
        "",
        f"Run started {r['started']}; took {r.get('elapsed_seconds', '?')} s. "
        "Written by `make bench` (`python -m bench.run`).",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} memory, {m['system']}, "
        f"Python {m['python']}, {ds.get('postgres', 'PostgreSQL')}.",
        "",
        "## Data",
        "",
        "Demo size: the two demo partnerships (`load_demo`). National size: the demo plus "
        f"`generate_national_dataset --partnerships {o['partnerships']} --years {o['years']}`"
        + (f", generated in {r['generation_seconds']:.0f} s" if r.get("generation_seconds") else "")
        + f"; database size {ds.get('database_size', '?')}.",
        "",
        "| records | rows at national size |",
        "|---|---:|",
    ]
    for name, n in ds.get("counts", {}).items():
        lines.append(f"| {name} | {n:,} |")

    demo = r.get("demo", {}).get("pages", {})
    national = r.get("national", {}).get("pages", {})
    again = r.get("demo_on_national", {}).get("pages", {})
    lines += [
        "",
        "## Pages: queries per request and server time",
        "",
        f"Requested in-process (Django test client) as the business manager, who sees every "
        f"page. Demo size: `{r.get('demo', {}).get('slug')}` in the demo database. National "
        f"size: `{r.get('national', {}).get('slug')}` (its own 5 years of records) in the "
        f"national database. Times are over {o['repeats']} requests after a warm-up.",
        "",
        "| page | queries, demo size | queries, national size | equal | "
        "median ms, demo | median ms, national | p95 ms, national | demo partnership on "
        "national data: queries / median ms |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    all_equal = True
    for name in list(dict.fromkeys([*demo, *national])):
        d, n, a = demo.get(name), national.get(name), again.get(name)
        problem = _status(d) or _status(n)
        if problem:
            lines.append(f"| {name} | {problem} | {_status(n) or '—'} | — | — | — | — | — |")
            continue
        equal = d["queries"] == n["queries"]
        all_equal &= equal
        again_text = (
            f"{a['queries']} / {_ms(a['median_ms'])}" if a and a.get("status") == 200 else "—"
        )
        lines.append(
            f"| {name} | {d['queries']} | {n['queries']} | {'yes' if equal else '**no**'} | "
            f"{_ms(d['median_ms'])} | {_ms(n['median_ms'])} | {_ms(n['p95_ms'])} | "
            f"{again_text} |"
        )

    rep = r.get("report", {})
    search = r.get("search", {})
    lines += ["", "## Report, PDF and search at national size", ""]
    targets: list[tuple[str, str, str]] = []
    if rep.get("status") == 200:
        lines += [
            f"Report: {rep['report']} ({rep['period']}), {rep['sections']} sections, "
            f"{rep['assembly_queries']} queries to assemble; PDF {rep['pdf_bytes']:,} bytes"
            + (f", {rep['pdf_pages']} pages" if rep.get("pdf_pages") else "")
            + ".",
            "",
            "| measure | median ms | p95 ms | target | result |",
            "|---|---:|---:|---|---|",
            f"| report assembly (`reports.assembly.assemble`) | {_ms(rep['assembly']['median_ms'])}"
            f" | {_ms(rep['assembly']['p95_ms'])} | < {ASSEMBLY_TARGET_MS} ms | "
            f"{_verdict(rep['assembly']['median_ms'] < ASSEMBLY_TARGET_MS)} |",
            f"| report HTML render | {_ms(rep['html']['median_ms'])} | "
            f"{_ms(rep['html']['p95_ms'])} | — | — |",
            f"| PDF build (WeasyPrint) | {_ms(rep['pdf']['median_ms'])} | "
            f"{_ms(rep['pdf']['p95_ms'])} | < {PDF_TARGET_MS} ms | "
            f"{_verdict(rep['pdf']['median_ms'] < PDF_TARGET_MS)} |",
        ]
    else:
        lines.append("Report assembly and PDF: not built.")
    if search.get("status") == 200:
        lines += [
            "",
            f"Search: {search['queries']} queries × {search['rounds']} rounds through the search "
            f"page; index {search.get('index_rows', 0):,} rows in all, "
            f"{search.get('index_rows_partnership', 0):,} in the partnership searched.",
            "",
            "| searcher | median ms | p95 ms | max ms | target (p95) | result |",
            "|---|---:|---:|---:|---|---|",
        ]
        for label, s in search["roles"].items():
            lines.append(
                f"| {label} | {_ms(s['median_ms'])} | {_ms(s['p95_ms'])} | {_ms(s['max_ms'])} | "
                f"< {SEARCH_P95_TARGET_MS} ms | {_verdict(s['p95_ms'] < SEARCH_P95_TARGET_MS)} |"
            )
    else:
        lines += ["", "Search: not built."]

    load = r.get("load")
    if load:
        lines += [
            "",
            "## Under load",
            "",
            f"gunicorn, {load['workers']} sync workers on 127.0.0.1; load from `{load['tool']}` "
            f"on the same machine, {load.get('connections')} connections, "
            f"{o['load_seconds']} s per page, signed-in sessions rotated. The ratio compares "
            "each page with the trivial `/healthz` view in the same run.",
            "",
            "| page | requests/s | ratio to trivial | errors | p50 ms | p99 ms | target | result |",
            "|---|---:|---:|---:|---:|---:|---|---|",
        ]
        for name, p in load["pages"].items():
            trivial = name.startswith("trivial")
            ok = None if trivial else (p["ratio"] >= THROUGHPUT_RATIO_TARGET and p["errors"] == 0)
            lines.append(
                f"| {name} | {p['rps']:,.1f} | {p['ratio']:.2f} | {p['errors']} | "
                f"{_ms(p['latency_p50_ms'])} | {_ms(p['latency_p99_ms'])} | "
                f"{'—' if trivial else '≥ 0.15, 0 errors'} | {_verdict(ok)} |"
            )
    targets.append(("Equal query counts at both sizes", "", _verdict(all_equal)))
    lines += ["", f"Query counts equal at both sizes for every built page: {_verdict(all_equal)}."]
    lines.append("")
    return "\n".join(lines)
