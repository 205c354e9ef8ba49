"""Benchmark: checking a catalogue, as a ratio to the bare YAML parse of the same files.

Goal (from the issue): checking a generated catalogue of 1,000 fiches of 50 steps
takes at most 3x the bare YAML parse of the same files.

    .venv/bin/python bench/bench_check.py                      # 1,000 fiches of 50 steps, best of 2
    .venv/bin/python bench/bench_check.py --fiches 200 --repeat 5
    .venv/bin/python bench/bench_check.py --profile            # plus a cProfile of one check

What is timed (wall time, ``time.perf_counter``, best of ``--repeat`` interleaved
runs, a full garbage collection before each run, the garbage collector on as in
real use):

(a) bare parse: list the folder, read each file as text and
    ``yaml.load(text, Loader=yaml.CSafeLoader)`` (libyaml's C parser and
    PyYAML's composer and constructor; no positions, no checks);
(b) load: ``schillen.loading.load_catalogue([folder])``: read, decode, parse
    with positions, validate with pydantic, check references inside and between
    fiches, sort diagnostics;
(c) check: where ``schillen.checks.check_catalogue`` exists, what ``schillen
    check`` does before it prints: (b), then the process checks of every fiche
    (``check_catalogue(load_catalogue([folder]))``).

The goal is judged on (c) when it exists, else on (b).

Then a breakdown of (b) by stage, each timed alone on the same data with the
garbage collector off, plus what the garbage collector costs in (b) ((b) timed
again with it off: the loaded fiches and their source maps stay alive, so full
collections get longer as the catalogue grows), and what the process checks add
in (c), so that an optimizer knows what to attack.

Every generated fiche must check clean: the script stops if the catalogue has any
diagnostic.  It exits 1 when the goal is not met.
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

from catalogue_gen import write_catalogue

from schillen._yaml import decode, parse_yaml
from schillen.loading import iter_reference_problems, load_catalogue
from schillen.model import Fiche

try:  # the process checks that ``schillen check`` runs after loading, where they exist
    from schillen.checks import check_catalogue
except ImportError:
    check_catalogue = None

GOAL = 3.0
"""Largest allowed ratio of check time to bare parse time."""


def best_of(repeat: int, fns: dict[str, Callable[[], Any]], *, collect: bool = True) -> dict[str, float]:
    """The shortest of ``repeat`` wall times of each function, in seconds.

    The runs are interleaved (one run of each function per round), so that a
    passing disturbance on the machine does not fall on one measurement only.
    With ``collect`` false the garbage collector is off while a function runs.
    """
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            if not collect:
                gc.disable()
            try:
                start = time.perf_counter()
                fn()
                best[name] = min(best[name], time.perf_counter() - start)
            finally:
                gc.enable()
    return best


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
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best counts (default 2)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one check")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__}); process checks "
          f"(schillen.checks): {'yes' if check_catalogue else 'absent'}")
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
        load_gc = gc_pauses(lambda: found.append(load_catalogue([folder])))
        catalogue = found.pop()
        if check_catalogue is not None:
            catalogue = check_catalogue(catalogue)
        if catalogue.diagnostics:
            for d in catalogue.diagnostics[:20]:
                print(f"  {d.file}:{d.line}:{d.column}: {d.code} {dict(d.args)}", file=sys.stderr)
            raise SystemExit(f"the generated catalogue has {len(catalogue.diagnostics)} diagnostics")
        assert len(catalogue.fiches) == len(paths), (len(catalogue.fiches), len(paths))
        assert all(len(f.process) == max(args.steps, 2) for f in catalogue.fiches.values())
        print("the catalogue checks clean: 0 diagnostics")
        # What stays alive, and so what every full collection walks through.
        gc.collect()
        alive = len(gc.get_objects())
        for fiche in catalogue.fiches.values():
            fiche._source = None  # drop the source maps, keep the models
        gc.collect()
        models = len(gc.get_objects())
        del catalogue, fiche
        gc.collect()
        empty = len(gc.get_objects())
        print(f"objects tracked by the garbage collector per loaded fiche: {(alive - empty) / len(paths):.0f} "
              f"(models {(models - empty) / len(paths):.0f}, source maps {(alive - models) / len(paths):.0f})")

        n, r = len(paths), args.repeat
        runs: dict[str, Callable[[], Any]] = {
            "bare": lambda: bare_parse(folder),
            "load": lambda: load_catalogue([folder]),
        }
        if check_catalogue is not None:
            runs["check"] = lambda: check_catalogue(load_catalogue([folder]))
        timed = best_of(r, runs)
        bare, load = timed["bare"], timed["load"]
        check = timed.get("check")
        load_nogc = best_of(r, {"load": lambda: load_catalogue([folder])}, collect=False)["load"]
        rows = [("(a) bare parse (yaml.load C)", bare), ("(b) load (load_catalogue)", load)]
        if check is not None:
            rows.append(("(c) check (load + check_catalogue)", check))
        print()
        print(f"{'':38} {'total s':>8} {'ms/fiche':>9} {'x (a)':>7}")
        for name, t in rows:
            print(f"{name:38} {t:8.3f} {t / n * 1e3:9.2f} {t / bare:6.2f}x")
        judged, label = (check, "(c)") if check is not None else (load, "(b)")
        ratio = judged / bare
        verdict = "met" if ratio <= GOAL else "NOT met"
        print(f"goal: {label}/(a) <= {GOAL:g}x (the garbage collector on, as in use): {verdict} ({ratio:.2f}x)")
        counts, seconds = load_gc
        print("garbage collections during one load (b): "
              + ", ".join(f"gen {g}: {counts[g]} in {seconds[g]:.3f} s" for g in (0, 1, 2)))

        # Where the time of (b) goes: each stage alone, on data prepared
        # beforehand, with the garbage collector off; what the collector costs
        # in (b) is (b) with it on minus (b) with it off.
        files = [p.as_posix() for p in paths]
        texts = [decode(p.read_bytes(), file)[0] for p, file in zip(paths, files, strict=True)]
        datas = [parse_yaml(text, file)[0] for text, file in zip(texts, files, strict=True)]

        def read_decode() -> None:
            for path, file in zip(paths, files, strict=True):
                decode(path.read_bytes(), file)

        def events_only() -> None:
            for text in texts:
                for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                    pass

        def parse_all() -> None:
            for text, file in zip(texts, files, strict=True):
                parse_yaml(text, file)

        def validate_all() -> None:
            for data in datas:
                Fiche.model_validate(data)

        def references_all() -> None:
            for data in datas:
                for _ in iter_reference_problems(data):
                    pass

        timed = best_of(r, {
            "read + decode (bytes -> text)": read_decode,
            "YAML + source map (parse_yaml)": parse_all,
            "pydantic Fiche.model_validate": validate_all,
            "references (iter_reference_problems)": references_all,
            "events": events_only,
        }, collect=False)
        events = timed.pop("events")
        stages = list(timed.items())
        stages.append(("rest (listing, sorting, catalogue refs, ...)", load_nogc - sum(t for _, t in stages)))
        stages.append(("garbage collector (gc on - gc off)", load - load_nogc))
        datas.clear()  # free the prepared data (the stage functions keep the lists themselves)
        texts.clear()
        print()
        print("where the time of (b) goes (each stage timed alone, garbage collector off):")
        print(f"  {'stage':46} {'total s':>8} {'ms/fiche':>9} {'of (b)':>7} {'x (a)':>6}")
        for name, t in stages:
            print(f"  {name:46} {t:8.3f} {t / n * 1e3:9.3f} {t / load:7.1%} {t / bare:6.2f}")
        print(f"  {'(b) load, total':46} {load:8.3f} {load / n * 1e3:9.3f} {1:7.1%} {load / bare:6.2f}")
        parse = stages[1][1]
        print(f"  parse_yaml = libyaml events alone (yaml.parse C) {events:7.3f} s ({events / n * 1e3:.3f} ms/fiche)")
        print(f"             + building data and source map       {parse - events:7.3f} s "
              f"({(parse - events) / n * 1e3:.3f} ms/fiche)")
        if check is not None:
            extra = check - load
            print(f"  process checks (check_catalogue) = (c) - (b):    {extra:7.3f} s ({extra / n * 1e3:.3f} ms/fiche, "
                  f"{extra / check:.1%} of (c), {extra / bare:.2f}x (a))")

        if args.profile:
            print()
            print("cProfile of one check (top 25 by own time; profiling slows it down):")
            profile = cProfile.Profile()
            profile.enable()
            runs["check" if check is not None else "load"]()
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
