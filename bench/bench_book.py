"""Benchmark: building the book, as a ratio to the Graphviz layouts alone, and a rebuild with nothing changed.

Goals (from the issue): building the book of 100 generated fiches takes at most
1.3x the time of the Graphviz layouts of its diagrams alone (on 2 cores), and a
rebuild with nothing changed takes under 1 s.

    .venv/bin/python bench/bench_book.py                    # 100 fiches of 50 steps, best of 2
    .venv/bin/python bench/bench_book.py --fiches 20 --repeat 3

What is timed (wall time, ``time.perf_counter``, best of ``--repeat`` interleaved runs):

(a) layouts alone: every distinct diagram of the book (the DOT sources a build lays
    out: per fiche its process, its data model and a lifecycle per register object
    it touches; a lifecycle per register object; a build lays out a source that
    several files share once) laid out as SVG by
    :func:`schillen.book.build.layout_all`: the same engine, the same number of
    engine processes at a time (one per CPU) as a build; for reference also every
    diagram file laid out, as a build that shared nothing would;
(b) full build: ``build_book([folder], out)`` into a new folder: load, check, the
    matrix, plan, layouts, pages, manifest, swap; with schillen's in-memory caches emptied before
    each run (:func:`_forget_caches`), as in a new process;
(c) rebuild with nothing changed: ``schillen book FOLDER -o OUT`` run as a command
    (a cold start of Python, as a user runs it), and ``build_book`` in this process;
(d) rebuild after one fiche changed (its summary), in this process, for reference.

The goal for (b) is judged on (b)/(a), for (c) on the command. Exits 1 when a goal is not met.
The runs of (a) and (b) alternate, so that a passing load on a shared machine falls on both.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue_gen import write_catalogue

from schillen._gc import paused_collection
from schillen.book.build import build_book, layout_all
from schillen.book.pages import plan_diagrams
from schillen.checks import check_catalogue
from schillen.loading import load_catalogue
from schillen.registers import load_register
from schillen.render.engine import find_engine

T = TypeVar("T")
RATIO_GOAL = 1.3
REBUILD_GOAL = 1.0


class Clock:
    """The wall time of a block."""

    def __enter__(self) -> Clock:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.started


def _stages(folder: Path, engine: str) -> dict[str, float]:
    """Wall time of each stage of a build's own (Python) work, one after the other in this process.

    The collector is paused, as in a build (``build_book``).
    """
    from schillen.book.build import _environment
    from schillen.book.pages import plan_pages
    from schillen.matrix import build_matrix

    times: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], T]) -> T:
        started = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - started
        return value

    _forget_caches()
    register = load_register()
    with paused_collection():
        catalogue = timed("load", lambda: load_catalogue([folder]))
        diagrams = timed("diagrams (DOT)", lambda: plan_diagrams(catalogue, register, engine))
        timed("checks", lambda: check_catalogue(catalogue, register=register))
        matrix = timed("matrix", lambda: build_matrix(catalogue, register))
        pages = timed("plan pages", lambda: plan_pages(catalogue, register, matrix, diagrams, base=""))
        env = _environment()
        timed("render pages", lambda: [env.get_template(p.template).render(p.context) for p in pages])
    return times


def _forget_caches() -> None:
    """Empty what schillen keeps in memory between builds of one process, so that each timed build does
    all the work of a build in a new process (the command): the bundled register, the remembered DOT
    quoting and the lifecycle drawings. Earlier runs and :func:`plan_diagrams` above would fill them."""
    from schillen import loading
    from schillen.registers import loading as register_loading
    from schillen.render import dot

    register_loading._bundled.cache_clear()
    dot._quote.cache_clear()  # type: ignore[attr-defined]
    dot._LIFECYCLES.clear()
    loading._siblings.cache_clear()
    loading._step_keys.cache_clear()


def _runs(runs: list[float]) -> str:
    return ", ".join(f"{wall:.2f}" for wall in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fiches", type=int, default=100)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    engine = find_engine()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPU(s), engine {engine.name} ({engine.path})")
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        folder = Path(tmp) / "fiches"
        write_catalogue(folder, args.fiches, args.steps)
        catalogue = check_catalogue(load_catalogue([folder]))
        if len(catalogue.fiches) != args.fiches:  # diagnostics are fine (the pages show them); loading must work
            print(f"generated fiches do not load: {catalogue.diagnostics[:3]}", file=sys.stderr)
            return 2
        register = load_register()
        diagrams = plan_diagrams(catalogue, register, engine.name)
        sources = list(dict.fromkeys(d.source for d in diagrams))  # a build lays out each distinct one once
        pages = len(catalogue.fiches) + len(register.objects) + 3
        print(f"{args.fiches} fiches of {args.steps} steps: {pages} pages, {len(diagrams)} diagrams, "
              f"{len(sources)} distinct layouts")

        layouts: list[float] = []
        every: list[float] = []
        builds: list[float] = []
        for run in range(args.repeat):
            with Clock() as clock:
                layout_all(sources, engine)
            layouts.append(clock.wall)
            with Clock() as clock:
                layout_all([d.source for d in diagrams], engine)
            every.append(clock.wall)
            out = Path(tmp) / f"site{run}"
            _forget_caches()
            with Clock() as clock:
                result = build_book([folder], out)
            builds.append(clock.wall)
            assert result.diagrams_rendered == len(diagrams) and result.pages_written == pages
        a, b = min(layouts), min(builds)
        print(f"(a) layouts alone:         {a:7.2f} s   (runs: {_runs(layouts)})")
        print(f"(b) full build:            {b:7.2f} s   (runs: {_runs(builds)})")
        ratio = b / a
        print(f"    ratio (b)/(a):         {ratio:7.2f}x  (goal <= {RATIO_GOAL}x)")
        e = min(every)
        print(f"    for reference: every diagram file laid out, shared ones too: {e:.2f} s "
              f"(runs: {_runs(every)}); (b) is {b / e:.2f}x that")

        stages = _stages(folder, engine.name)
        print("    the Python work of a build, each stage alone: "
              + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())
              + f"; {sum(stages.values()):.2f} s in all")

        out = Path(tmp) / "site0"
        command = [str(Path(sys.executable).parent / "schillen"), "book", str(folder), "-o", str(out)]
        cold: list[float] = []
        for _ in range(max(3, args.repeat)):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            cold.append(time.perf_counter() - started)
            assert done.returncode == 0 and " 0 page(s) written" in done.stderr, done.stderr
        warm = min(build_book([folder], out).seconds for _ in range(3))
        c = min(cold)
        print(f"(c) rebuild, no change:    {c:7.2f} s   as a command (runs: {', '.join(f'{t:.2f}' for t in cold)}); "
              f"{warm * 1000:.1f} ms in process  (goal < {REBUILD_GOAL} s)")

        first = sorted(folder.glob("*.yaml"))[0]
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("summary: ", "summary: Gewijzigd. ", 1), encoding="utf-8")
        result = build_book([folder], out)
        print(f"(d) rebuild, one summary:  {result.seconds:7.2f} s   ({result.pages_written} page(s) written, "
              f"{result.pages_reused} reused; {result.diagrams_rendered} diagram(s) laid out, "
              f"{result.diagrams_reused} reused)")
        shutil.rmtree(folder)
    met = ratio <= RATIO_GOAL and c < REBUILD_GOAL
    print("goals met" if met else "goal NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
