"""Writes the benchmark's results as a Markdown page (``bench/RESULTS.md``)."""

from __future__ import annotations

import re
import statistics

ASSEMBLY_TARGET_MS = 50
PDF_TARGET_MS = 5000
SEARCH_P95_TARGET_MS = 50
THROUGHPUT_RATIO_TARGET = 0.15
#: Built afresh, these list pages keep at least this share of the trivial view's throughput.
BUILT_RATIO_TARGET = 0.05
BUILT_LIST_PAGES = (
    "Sub-group page (meetings and minutes)",
    "Meeting detail (minutes)",
    "Action register",
    "Decision register",
    'Search ("neglect")',
)
#: Built afresh, these pages at five years take at most this many times their one-year time.
GROWTH_TARGET = 1.1
GROWTH_PAGES = ("Sub-group page (meetings and minutes)", "Decision register")
#: The sections this page's own run writes; any other section (written by bench.emails,
#: bench.pack, bench.machines, bench.faults) is kept from the file it replaces.
OWN_SECTIONS = (
    "Data",
    "Pages: queries per request and server time",
    "Growth with the years",
    "Report, PDF and search at national size",
    "Under load",
)


def merge(old: str, new: str) -> str:
    """``new`` (this run's page) followed by the sections of ``old`` other scripts wrote.

    A section may open with a start marker (``<!-- email-delivery:start -->``), which stays
    with it."""
    kept = []
    for part in re.split(r"(?<!:start -->)\n(?=(?:<!-- [\w-]+:start -->\n)?## )", old):
        title = re.sub(r"^<!-- [\w-]+:start -->\n", "", part).partition("\n")[0]
        if title.startswith("## ") and not title[3:].startswith(OWN_SECTIONS):
            kept.append(part.strip())
    return "\n\n".join([new.rstrip(), *kept]) + "\n"


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "—"
    return "met" if ok else "**missed**"


def _load_averages(r: dict) -> str:
    """Other work on the machine skews every timing: say how busy it was."""
    start, end = r.get("load_average_start"), r.get("load_average_end")
    if not start or not end:
        return ""
    return (
        f" Load average (1, 5, 15 minutes) at the start {', '.join(f'{x:.1f}' for x in start)}, "
        f"at the end {', '.join(f'{x:.1f}' for x in end)}."
    )


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
        f"Python {m['python']}, {ds.get('postgres', 'PostgreSQL')}." + _load_averages(r),
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
    small = r.get("small", {}).get("pages", {})
    national = r.get("national", {}).get("pages", {})
    again = r.get("demo_on_national", {}).get("pages", {})
    lines += [
        "",
        "## Pages: queries per request and server time",
        "",
        f"The app ran with the cache at {r.get('cache', '?')}. Pages were requested "
        "in-process (Django test client) as the business manager, who sees every page. "
        "*Built* is the page made afresh from the records (the page cache turned off), as on "
        "a first visit or after any change to the partnership's records; *cached* is the "
        "copy kept until the partnership's records next change "
        f"(`partnership.page_cache`). Times are over {o['repeats']} requests after a warm-up. "
        "Query counts of building each page are compared for the same partnership at two "
        "sizes: `national-001` with one year of generated records (in the demo database) and "
        "with five years among the national dataset; and the Worcestershire demo "
        "partnership in the demo database and in the national one.",
        "",
        "| page | built: queries, 1 year / 5 years | equal | built: queries, Worcestershire, "
        "demo / national database | equal | built: median ms, 1 year | built: median ms, "
        "5 years | built: p95 ms, 5 years | built: median ms, Worcestershire (demo) "
        "| cached: queries, 1 year / 5 years | cached: median ms, 5 years | cached: p95 ms, "
        "5 years |",
        "|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    all_equal = True
    for name in list(dict.fromkeys([*demo, *national])):
        d, sm, n, a = demo.get(name), small.get(name), national.get(name), again.get(name)
        problem = _status(sm) or _status(n) or _status(d) or _status(a)
        if problem:
            lines.append(f"| {name} | {problem} |" + " — |" * 10)
            continue
        equal = sm["queries"] == n["queries"]
        demo_equal = d["queries"] == a["queries"]
        cs, cn = sm.get("cached", {}), n.get("cached", {})
        cached_equal = cs.get("queries") == cn.get("queries")
        all_equal &= equal and demo_equal and cached_equal
        lines.append(
            f"| {name} | {sm['queries']} / {n['queries']} | {'yes' if equal else '**no**'} | "
            f"{d['queries']} / {a['queries']} | {'yes' if demo_equal else '**no**'} | "
            f"{_ms(sm['median_ms'])} | {_ms(n['median_ms'])} | {_ms(n['p95_ms'])} | "
            f"{_ms(d['median_ms'])} | {cs.get('queries', '—')} / {cn.get('queries', '—')} | "
            f"{_ms(cn.get('median_ms'))} | {_ms(cn.get('p95_ms'))} |"
        )

    lines += _growth(small, national, r.get("growth"))

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
            f" | {_ms(rep['assembly']['p95_ms'])} | ≤ {ASSEMBLY_TARGET_MS} ms median | "
            f"{_verdict(rep['assembly']['median_ms'] <= ASSEMBLY_TARGET_MS)} |",
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
            "The search is the permitted, ranked matches, their count and the first page "
            "of 20 with highlighted extracts (`scrutiny.search.query`, as the page runs it); "
            "the page adds the form, the filters and rendering (built afresh each time).",
            "",
            "| searcher | search median ms | search p95 ms | search max ms | target (p95) "
            "| result | whole page median ms | whole page p95 ms |",
            "|---|---:|---:|---:|---|---|---:|---:|",
        ]
        for label, s in search["roles"].items():
            q = s.get("query") or s
            lines.append(
                f"| {label} | {_ms(q['median_ms'])} | {_ms(q['p95_ms'])} | {_ms(q['max_ms'])} | "
                f"< {SEARCH_P95_TARGET_MS} ms | {_verdict(q['p95_ms'] < SEARCH_P95_TARGET_MS)} "
                f"| {_ms(s['median_ms'])} | {_ms(s['p95_ms'])} |"
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
            f"{o['load_seconds']} s per page, signed-in sessions of the business manager "
            "rotated. The ratio compares each page with the trivial `/healthz` view of the same "
            "server in the same run.",
            "",
            "As deployed: pages are kept in the cache until the partnership's records change, "
            "so repeated reads of an unchanged partnership are served from it.",
            "",
        ]
        lines += _load_table(load, target=True)
    built = r.get("load_built")
    if built:
        lines += [
            "",
            "Every page built afresh (`PAGE_CACHE_SECONDS=0`): what a first visit, or the "
            "first after a change to the records, costs. The list pages (sub-group, meeting, "
            f"actions, decisions, search) are held to ≥ {BUILT_RATIO_TARGET} of the trivial "
            "view.",
            "",
        ]
        lines += _load_table(built, target=False, built=True)
    targets.append(("Equal query counts at both sizes", "", _verdict(all_equal)))
    lines += [
        "",
        "Query counts equal at both sizes for every page, built and cached: "
        f"{_verdict(all_equal)}.",
    ]
    lines.append("")
    return "\n".join(lines)


def _growth(small: dict, national: dict, rounds: dict | None = None) -> list[str]:
    """Built afresh, how much a page's time and size grow from one year to five: medians of
    the alternating rounds (``bench.run.growth_rounds``) when the run made them, else of
    the pages table."""
    if rounds:
        times = rounds["times_ms"]
        order = " ".join("A" if size == "small" else "B" for size in rounds["order"])
        how = (
            f"measured side by side: {len(rounds['order'])} rounds of {rounds['repeats']} "
            f"requests a page, one year (A) and five (B) in the order {order}, so a machine's "
            "drift over the minutes weighs on both sizes alike. The pages whose work is the "
            "same at both sizes (the dashboard, review deadlines) show what is left of it."
        )

        def median(size: str, name: str) -> float | None:
            found = times.get(size, {}).get(name)
            return statistics.median(found) if found else None
    else:
        how = "measured minutes apart (medians of the pages table above)."

        def median(size: str, name: str) -> float | None:
            page = (small if size == "small" else national).get(name) or {}
            return page.get("median_ms")

    lines = [
        "",
        "## Growth with the years",
        "",
        "The same generated partnership (`national-001`) with one year of records and with "
        f"five, each page built afresh in-process, {how} Target: the sub-group page "
        f"and the decision register at five years no more than {GROWTH_TARGET} times their "
        "one-year time.",
        "",
        "| page | median ms, 1 year / 5 years | time ratio | bytes, 1 year / 5 years | "
        "size ratio | target | result |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, n in national.items():
        sm = small.get(name)
        one, five = median("small", name), median("large", name)
        if _status(sm) or _status(n) or not one or not five:
            continue
        ratio = five / one
        size = f"{sm.get('bytes', 0):,} / {n.get('bytes', 0):,}"
        size_ratio = n["bytes"] / sm["bytes"] if sm.get("bytes") and n.get("bytes") else None
        held = name in GROWTH_PAGES
        lines.append(
            f"| {name} | {_ms(one)} / {_ms(five)} | {ratio:.2f} | {size} | "
            f"{'—' if size_ratio is None else f'{size_ratio:.2f}'} | "
            f"{f'≤ {GROWTH_TARGET}' if held else '—'} | "
            f"{_verdict(ratio <= GROWTH_TARGET) if held else '—'} |"
        )
    return lines


def _load_table(load: dict, *, target: bool, built: bool = False) -> list[str]:
    lines = [
        "| page | requests/s | ratio to trivial | errors | p50 ms | p99 ms | target | result |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, p in load["pages"].items():
        trivial = name.startswith("trivial")
        wanted = None
        if target and not trivial:
            wanted = THROUGHPUT_RATIO_TARGET
        elif built and name in BUILT_LIST_PAGES:
            wanted = BUILT_RATIO_TARGET
        ok = None if wanted is None else p["ratio"] >= wanted and p["errors"] == 0
        lines.append(
            f"| {name} | {p['rps']:,.1f} | {p['ratio']:.2f} | {p['errors']} | "
            f"{_ms(p['latency_p50_ms'])} | {_ms(p['latency_p99_ms'])} | "
            f"{'—' if wanted is None else f'≥ {wanted}, 0 errors'} | {_verdict(ok)} |"
        )
    return lines
