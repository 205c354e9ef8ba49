"""Benchmark: wall time of a cold ``schillen register try``, and where it goes.

Goal (issue 4): ``register try`` answers in well under a second.

    .venv/bin/python bench/bench_register_try.py
    .venv/bin/python bench/bench_register_try.py --runs 20

Each run is a new process (``subprocess.run``) asking one question
(``gebouweenheid realiseren --status gepland --related gebouw=inAanbouw``), timed
from start to exit; min, median and max of ``--runs`` runs are printed, with the
floor (``python -c pass``) beside them.  Then, in this process: the imports the
command needs, loading and checking the bundled ``grar.yaml``, and one answer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.0
"""Largest allowed median wall time of one cold ``register try``, in seconds ("well under": aim for a third)."""
QUESTION = ["gebouweenheid", "realiseren", "--status", "gepland", "--related", "gebouw=inAanbouw", "--format", "json"]


def _cold(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return times


def _line(label: str, times: list[float]) -> str:
    return f"{label:<34} min {min(times):.3f} s  median {statistics.median(times):.3f} s  max {max(times):.3f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    command = [sys.executable, "-m", "schillen", "register", "try", *QUESTION]
    cold = _cold(command, args.runs)
    print(_line("schillen register try (cold)", cold))
    print(_line("python -c pass (floor)", _cold([sys.executable, "-c", "pass"], args.runs)))

    started = time.perf_counter()
    import schillen.cli  # noqa: F401
    from schillen.registers import load_register, try_operation
    imported = time.perf_counter()
    grar = load_register()
    loaded = time.perf_counter()
    outcome = try_operation(grar, "gebouweenheid", "realiseren", "gepland", {"gebouw": "inAanbouw"})
    answered = time.perf_counter()
    assert outcome.reason == "GebouwStatusNietInGerealiseerd"
    print(f"in this process: imports {imported - started:.3f} s, loading grar.yaml {loaded - imported:.3f} s, "
          f"one answer {(answered - loaded) * 1000:.2f} ms")
    median = statistics.median(cold)
    print(f"goal: median under {GOAL:.1f} s: {'met' if median < GOAL else 'NOT met'}")
    return 0 if median < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
