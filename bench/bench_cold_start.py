"""Benchmark: wall time of a cold ``schillen check`` of one fiche.

Goal (from the issue): a cold ``schillen check`` of one fiche takes under 0.5 s
of wall time.

    .venv/bin/python bench/bench_cold_start.py
    .venv/bin/python bench/bench_cold_start.py --runs 20 fiches/in-uitschrijving.yaml
    .venv/bin/python bench/bench_cold_start.py --schillen /path/to/bin/schillen

Each run is a new process (``subprocess.run``), timed from start to exit with
``time.perf_counter``; min, median and max of ``--runs`` runs are printed.
"Cold" means a new interpreter that imports everything again; the files stay
in the operating system's cache, and Python's byte-code caches (``__pycache__``)
are used when they exist, as they do after the first run of an installed
package.  For reference the same is timed for the floor, ``python -c pass``
with the same interpreter, and for the imports of the ``check`` command alone
(``schillen.cli``, ``.diagnostics``, ``.loading`` and, where it exists, ``.checks``).

Then ``python -X importtime`` of the same command, ``--importtime-runs`` times:
the 10 modules with the largest cumulative import time (a module's own time
plus that of what it imports first) and the 10 with the largest own time, each
the smallest over the runs, so that a regression is easy to trace to a module.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.5
"""Largest allowed median wall time of one cold check, in seconds."""


_IMPORTS = """\
import schillen.cli, schillen.diagnostics, schillen.loading
try:
    import schillen.checks
except ImportError:
    pass
"""
"""What ``schillen check`` imports, without running it (``schillen.checks`` where it exists)."""


def wall_times(command: list[str], runs: int, *, expect_rc: int | None = 0) -> list[float]:
    """Wall time of each of ``runs`` runs of ``command``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if expect_rc is not None and done.returncode != expect_rc:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()}")
    return times


def import_times(command: list[str], runs: int) -> dict[str, tuple[int, int]]:
    """Module -> (own, cumulative) import time in microseconds, the smallest over ``runs``."""
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, cumulative, name = line[len("import time:"):].split("|", 2)
            key = name.strip()
            value = (int(own), int(cumulative))
            if key not in best:
                best[key] = value
            else:
                best[key] = (min(best[key][0], value[0]), min(best[key][1], value[1]))
    return best


def summary(label: str, times: list[float]) -> str:
    return (f"{label:44} {min(times) * 1e3:8.1f} {statistics.median(times) * 1e3:8.1f} "
            f"{max(times) * 1e3:8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fiche", nargs="?", default="fiches/in-uitschrijving.yaml",
                        help="the fiche to check, relative to the repository (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (default 10)")
    parser.add_argument("--importtime-runs", type=int, default=3,
                        help="runs with -X importtime; the smallest time of each module counts (default 3)")
    parser.add_argument("--schillen", default=str(ROOT / ".venv" / "bin" / "schillen"),
                        help="the schillen command (default: %(default)s)")
    args = parser.parse_args(argv)

    schillen = Path(args.schillen)
    if not schillen.exists():
        raise SystemExit(f"no {schillen}: install the package first (pip install -e .)")
    # The console script names its interpreter on its first line.
    python = schillen.read_text(encoding="utf-8").splitlines()[0].removeprefix("#!").strip() or sys.executable
    fiche = args.fiche
    if not (ROOT / fiche).exists():
        raise SystemExit(f"no {ROOT / fiche}")
    size = (ROOT / fiche).stat().st_size
    print(f"{schillen} check {fiche} ({size:,} bytes); interpreter {python}")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {args.runs} runs each")

    # One run first, not counted, so that byte-code caches are written.
    wall_times([str(schillen), "check", fiche], 1)

    check = wall_times([str(schillen), "check", fiche], args.runs)
    floor = wall_times([python, "-c", "pass"], args.runs)
    imports = wall_times([python, "-c", _IMPORTS], args.runs)
    print()
    print(f"{'wall time, ms':44} {'min':>8} {'median':>8} {'max':>8}")
    print(summary(f"schillen check {fiche}", check))
    print(summary("python -c pass (the floor)", floor))
    print(summary("the imports of 'check' alone", imports))
    median = statistics.median(check)
    verdict = "met" if median < GOAL else "NOT met"
    print(f"goal: median under {GOAL * 1e3:.0f} ms: {verdict} ({median * 1e3:.0f} ms; "
          f"{(median - statistics.median(floor)) * 1e3:.0f} ms above the floor)")

    # Where the start-up goes.
    table = import_times([python, "-X", "importtime", str(schillen), "check", fiche], args.importtime_runs)
    total = sum(own for own, _ in table.values())
    print()
    print(f"python -X importtime {schillen.name} check {fiche}: {len(table)} modules, "
          f"{total / 1e3:.1f} ms of import time in all (smallest of {args.importtime_runs} runs each)")
    for title, index in (("largest cumulative import time", 1), ("largest own import time", 0)):
        print(f"  top 10 by {title}:")
        print(f"    {'module':48} {'own ms':>8} {'cum. ms':>8}")
        for name, (own, cumulative) in sorted(table.items(), key=lambda kv: -kv[1][index])[:10]:
            print(f"    {name:48} {own / 1e3:8.1f} {cumulative / 1e3:8.1f}")
    return 0 if median < GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
