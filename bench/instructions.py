"""The report assembly's cost in machine instructions: a figure that does not drift.

Wall-clock and CPU times of the same assembly move by a third between runs minutes apart
on a shared virtual machine, so a change worth 5 % cannot be seen in them. Valgrind's
callgrind counts the instructions a process runs instead, and that count is the same for
the same code and data however busy the machine is. This runs a fresh process twice under
callgrind, assembling the report ``--few`` times and then ``--many`` times after the same
start-up, and prints the difference divided by the extra assemblies: the instructions of
one assembly in this process (PostgreSQL's own work is in another process and not counted).

    python -m bench.instructions            # or make bench-instructions

It needs ``valgrind`` (Debian's package) and the national dataset ``make bench`` builds. Each
run takes a minute or two: callgrind runs Python about 50 times slower.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile

from bench.run import ROOT, bench_url, step_env

COLLECTED = re.compile(r"Collected : (\d+)")


def assemble_times(slug: str, times: int) -> None:
    """The measured process: set up Django, find the report, assemble it ``times`` times."""
    import django

    django.setup()
    from bench.steps import latest_report
    from partnership.models import Partnership
    from reports.assembly import assemble

    report = latest_report(Partnership.objects.get(slug=slug))
    for _ in range(times):
        assemble(report)


def instructions(url: str, slug: str, times: int) -> int:
    """Instructions a fresh process runs to start and assemble the report ``times`` times."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out"]
            + [sys.executable, "-m", "bench.instructions", "--child", slug, str(times)],
            cwd=ROOT,
            env=step_env(url),
            capture_output=True,
            text=True,
            timeout=3600,
            check=True,
        )
    found = COLLECTED.search(proc.stderr)
    if not found:
        raise RuntimeError(f"callgrind printed no count: {proc.stderr[-500:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="the national dataset (as for bench.run)")
    parser.add_argument("--slug", default="national-001")
    parser.add_argument("--few", type=int, default=2, help="assemblies in the first run (warm-up)")
    parser.add_argument("--many", type=int, default=12, help="assemblies in the second run")
    parser.add_argument("--child", nargs=2, metavar=("SLUG", "TIMES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        assemble_times(args.child[0], int(args.child[1]))
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    if args.many <= args.few:
        parser.error("--many must be more than --few")
    url = bench_url(args.database_url)
    few = instructions(url, args.slug, args.few)
    many = instructions(url, args.slug, args.many)
    each = (many - few) / (args.many - args.few)
    print(
        f"{args.slug}: {each / 1e6:.1f} million instructions an assembly "
        f"({few:,} for {args.few}, {many:,} for {args.many})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
