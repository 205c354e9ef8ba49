"""Benchmark: checking a catalogue, as a ratio to the bare YAML parse of the same files.

Goal (from the issue): checking a generated catalogue of 1,000 fiches of 50 steps
takes at most 3x the bare YAML parse of the same files.

    .venv/bin/python bench/bench_check.py                      # 1,000 fiches of 50 steps, best of 3
    .venv/bin/python bench/bench_check.py --fiches 200 --repeat 5
    .venv/bin/python bench/bench_check.py --profile            # plus a cProfile of one check

What is timed (wall time, ``time.perf_counter``, best of ``--repeat`` runs, a full
garbage collection before each run, the garbage collector on as in real use):

(a) bare parse: list the folder, read each file as text and
    ``yaml.load(text, Loader=yaml.CSafeLoader)`` (libyaml's C parser and
    PyYAML's composer and constructor; no positions, no checks);
(b) check: ``schillen.loading.load_catalogue([folder])``, what ``schillen check``
    does before it prints: read, decode, parse with positions, validate with
    pydantic, check references inside and between fiches, sort diagnostics.

Then a breakdown of (b) by stage, each timed alone on the same data with the
garbage collector off, plus what the garbage collector costs in (b) (the loaded
fiches and their source maps stay alive, so full collections get longer as the
catalogue grows), so that an optimizer knows what to attack.  Every generated fiche must check clean: the
script stops if the catalogue has any diagnostic.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import platform
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue_gen import write_catalogue  # noqa: E402

from schillen._yaml import decode, parse_yaml  # noqa: E402
from schillen.loading import iter_reference_problems, load_catalogue  # noqa: E402
from schillen.model import Fiche  # noqa: E402

GOAL = 3.0
"""Largest allowed ratio of check time to bare parse time."""


def best_of(repeat: int, fn: Callable[[], Any], *, collect: bool = True) -> float:
    """The shortest of ``repeat`` wall times of ``fn()``, in seconds.

    With ``collect`` false the garbage collector is off while ``fn`` runs.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def gc_pauses(fn: Callable[[], Any]) -> tuple[dict[int, int], dict[int, float]]:
    """Collections per generation, and their seconds, during one run of ``fn``."""
    counts = {0: 0, 1: 0, 2: 0}
    seconds = {0: 0.0, 1: 0.0, 2: 0.0}
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            counts[info["generation"]] += 1
            seconds[info["generation"]] += time.perf_counter() - started[0]

    gc.collect()
    gc.callbacks.append(callback)
    try:
        fn()
    finally:
        gc.callbacks.remove(callback)
    return counts, seconds


def bare_parse(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fiches", type=int, default=1000, help="fiches in the catalogue (default 1000)")
    parser.add_argument("--steps", type=int, default=50, help="process steps per fiche (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one check")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__})")
    with tempfile.TemporaryDirectory(prefix="schillen-bench-") as tmp:
        folder = Path(tmp) / "fiches"
        start = time.perf_counter()
        paths = write_catalogue(folder, args.fiches, args.steps)
        generated = time.perf_counter() - start
        total_bytes = sum(p.stat().st_size for p in paths)
        print(f"generated {len(paths)} fiches of {args.steps} steps, {total_bytes:,} bytes "
              f"({total_bytes / len(paths) / 1024:.1f} KiB a fiche) in {generated:.2f} s")

        # Every fiche must check clean, or we would be timing error paths.
        found: list[Any] = []
        check_gc = gc_pauses(lambda: found.append(load_catalogue([folder])))
        catalogue = found.pop()
        if catalogue.diagnostics:
            for d in catalogue.diagnostics[:20]:
                print(f"  {d.file}:{d.line}:{d.column}: {d.code} {dict(d.args)}", file=sys.stderr)
            raise SystemExit(f"the generated catalogue has {len(catalogue.diagnostics)} diagnostics")
        assert len(catalogue.fiches) == len(paths), (len(catalogue.fiches), len(paths))
        assert all(len(f.process) == max(args.steps, 2) for f in catalogue.fiches.values())
        del catalogue
        print("the catalogue checks clean: 0 diagnostics")

        n, r = len(paths), args.repeat
        bare_gc = gc_pauses(lambda: bare_parse(folder))
        bare = best_of(r, lambda: bare_parse(folder))
        check = best_of(r, lambda: load_catalogue([folder]))
        bare_nogc = best_of(r, lambda: bare_parse(folder), collect=False)
        check_nogc = best_of(r, lambda: load_catalogue([folder]), collect=False)
        ratio = check / bare
        print()
        print(f"{'':32} {'total s':>8} {'ms/fiche':>9}   {'gc off: s':>9} {'ms/fiche':>9}")
        print(f"{'(a) bare parse (yaml.load C)':32} {bare:8.3f} {bare / n * 1e3:9.2f}   "
              f"{bare_nogc:9.3f} {bare_nogc / n * 1e3:9.2f}")
        print(f"{'(b) check (load_catalogue)':32} {check:8.3f} {check / n * 1e3:9.2f}   "
              f"{check_nogc:9.3f} {check_nogc / n * 1e3:9.2f}")
        print(f"{'ratio (b)/(a)':32} {ratio:7.2f}x {'':9}   {check_nogc / bare_nogc:8.2f}x")
        verdict = "met" if ratio <= GOAL else "NOT met"
        print(f"goal: (b)/(a) <= {GOAL:g}x with the garbage collector on, as in use: {verdict} ({ratio:.2f}x)")
        for what, (counts, seconds) in (("one check", check_gc), ("one bare parse", bare_gc)):
            print(f"garbage collections during {what}: "
                  + ", ".join(f"gen {g}: {counts[g]} in {seconds[g]:.3f} s" for g in (0, 1, 2)))

        # Where the time of (b) goes: each stage alone, on data prepared
        # beforehand, with the garbage collector off; what the collector costs
        # in (b) is (b) with it on minus (b) with it off.
        files = [p.as_posix() for p in paths]
        texts = [decode(p.read_bytes(), file)[0] for p, file in zip(paths, files)]
        datas = [parse_yaml(text, file)[0] for text, file in zip(texts, files)]

        def read_decode() -> None:
            for path, file in zip(paths, files):
                decode(path.read_bytes(), file)

        def events_only() -> None:
            for text in texts:
                for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                    pass

        def parse_all() -> None:
            for text, file in zip(texts, files):
                parse_yaml(text, file)

        def validate_all() -> None:
            for data in datas:
                Fiche.model_validate(data)

        def references_all() -> None:
            for data in datas:
                for _ in iter_reference_problems(data):
                    pass

        stages = [
            ("read + decode (bytes -> text)", best_of(r, read_decode, collect=False)),
            ("YAML + source map (parse_yaml)", best_of(r, parse_all, collect=False)),
            ("pydantic Fiche.model_validate", best_of(r, validate_all, collect=False)),
            ("references (iter_reference_problems)", best_of(r, references_all, collect=False)),
        ]
        events = best_of(r, events_only, collect=False)
        stages.append(("rest (listing, sorting, catalogue refs, ...)", check_nogc - sum(t for _, t in stages)))
        stages.append(("garbage collector (gc on - gc off)", check - check_nogc))
        del datas, texts
        print()
        print("where the time of (b) goes (each stage timed alone, garbage collector off):")
        print(f"  {'stage':46} {'total s':>8} {'ms/fiche':>9} {'of (b)':>7} {'x (a)':>6}")
        for name, t in stages:
            print(f"  {name:46} {t:8.3f} {t / n * 1e3:9.3f} {t / check:7.1%} {t / bare:6.2f}")
        print(f"  {'(b) check, total':46} {check:8.3f} {check / n * 1e3:9.3f} {1:7.1%} {ratio:6.2f}")
        parse = stages[1][1]
        print(f"  parse_yaml = libyaml events alone (yaml.parse C) {events:7.3f} s ({events / n * 1e3:.3f} ms/fiche)")
        print(f"             + building data and source map       {parse - events:7.3f} s "
              f"({(parse - events) / n * 1e3:.3f} ms/fiche)")

        if args.profile:
            print()
            print("cProfile of one check (top 25 by own time; profiling slows it down):")
            profile = cProfile.Profile()
            profile.enable()
            load_catalogue([folder])
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
