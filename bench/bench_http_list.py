"""Benchmark: listing 10,000 building units through the HTTP register, from a local server.

Goal (issue 5): list 10,000 units in pages of 500 and report objects per second and peak memory;
memory stays bounded by one page, not by the whole list.

    .venv/bin/python bench/bench_http_list.py
    .venv/bin/python bench/bench_http_list.py --units 10000 --page-size 500 --workers 4 --repeat 5

The server (``tests/registers/apiserver.py``, the one the tests use) runs in a process of its
own, so that its memory and CPU are not counted with the client's; it answers like the read API v2
(pages with ``volgende``, JSON-LD details with an ETag).  In this process, for each repetition,
a new :class:`~schillen.registers.http.HttpRegister` (empty ETag memory):

- ``list()``: the pages and the detail of every unit (a list item has no building and no
  addresses), ``--workers`` detail reads at a time: full objects per second;
- ``iter_ids()``: the pages alone: object ids per second.

The objects are counted and dropped, as a caller that streams them would.  Throughput runs
without tracemalloc (it slows Python down), with the CPU time of this process beside the wall
time (wall time well above it means the server, or other work on the machine, held things up).
Then one run of each under tracemalloc gives the peak of memory allocated by Python during the
iteration, for ``--page-size`` and for a page a fifth of it, to show that the peak follows the
page.  ``ru_maxrss`` is the peak resident size
of this process over all runs.  Medians of ``--repeat`` runs are printed.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schillen.registers.http import HttpRegister  # noqa: E402 (after the path to the repository)
from schillen.registers.loading import load_register  # noqa: E402


def _serve(units: int) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen([sys.executable, "-m", "tests.registers.apiserver", "--units", str(units)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        server.kill()
        raise SystemExit(f"the test server did not start (it printed {url!r})")
    return server, url


def _count(items: Iterator[object]) -> int:
    count = 0
    for _ in items:
        count += 1
    return count


def _run(url: str, what: str, page_size: int, workers: int, trace: bool = False) -> tuple[int, float, float, int]:
    """Count the units: (count, wall seconds, CPU seconds of this process, tracemalloc peak in bytes above the
    start, 0 without ``trace``)."""
    with HttpRegister(url, page_size=page_size, workers=workers, register=load_register()) as register:
        source: Callable[[str], Iterator[object]] = register.list if what == "list" else register.iter_ids
        if trace:
            tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            started, cpu = time.perf_counter(), time.process_time()
            count = _count(source("gebouweenheid"))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            return count, seconds, cpu, tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    server, url = _serve(args.units)
    try:
        print(f"{args.units:,} units from {url} (a server process of its own), pages of {args.page_size}, "
              f"{args.workers} workers; median of {args.repeat}")
        for what, label in (("list", "list() full objects"), ("ids", "iter_ids() pages only")):
            runs = [_run(url, what, args.page_size, args.workers)[:3] for _ in range(args.repeat)]
            counts = {count for count, _, _ in runs}
            if counts != {args.units}:
                raise SystemExit(f"{label}: counted {sorted(counts)}, not {args.units}")
            seconds = statistics.median(s for _, s, _ in runs)
            cpu = statistics.median(c for _, _, c in runs)
            print(f"  {label:<24} {seconds:7.3f} s  {args.units / seconds:9,.0f} objects/s  client CPU {cpu:.3f} s  "
                  f"(runs: {', '.join(f'{s:.3f}' for _, s, _ in runs)} s)")
        small = max(1, args.page_size // 5)
        for what, label in (("list", "list()"), ("ids", "iter_ids()")):
            for size in (args.page_size, small):
                count, _, _, peak = _run(url, what, size, args.workers, trace=True)
                print(f"  tracemalloc peak, {label:<11} pages of {size:<4} {peak / 1024:9,.0f} KiB  "
                      f"({count:,} objects)")
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # KiB on Linux
        print(f"  ru_maxrss of this process (all runs)   {maxrss:9,} KiB")
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
