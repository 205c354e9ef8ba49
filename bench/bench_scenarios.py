"""Benchmark: running scenarios, the book's and one on a generated process.

Run: ``.venv/bin/python bench/bench_scenarios.py [--repeat 5] [--steps 2000]``

1. Every scenario of ``fiches/`` (as ``schillen check`` runs them, the sample register
   loaded once): the time of each, and of all of them.
2. A generated process (``bench/process_gen.py``, block-structured, ``--steps``
   steps) whose tasks read the five register objects and whose scenario starts from
   a unit of the sample register and takes the first answer at every decision: the
   steps run and the time per 1,000 steps (a run stops at ``MAX_STEPS``).

Each figure is the best of ``--repeat`` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from process_gen import generate

from schillen.graph import to_graph
from schillen.loading import load_catalogue
from schillen.model import Fiche
from schillen.registers import load_register
from schillen.scenarios import run_scenario, start_register

ROOT = Path(__file__).resolve().parent.parent
OBJECTS = ("Gebouw", "Gebouweenheid", "Adres", "Straatnaam", "Perceel")


def best(repeat: int, run: Any) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def generated(steps: int) -> Fiche:
    data = generate("block-sound", steps)
    data["shells"] = {"kern": {o: [] for o in OBJECTS}}
    decisions = {}
    for sid, step in data["process"].items():
        if step["kind"] == "task":
            step["register"] = [{"read": o} for o in OBJECTS]
        elif step["kind"] == "decision":
            decisions[sid] = sorted(step["branches"])[0]
    data["scenarios"] = {"eerste": {"title": "Telkens het eerste antwoord",
                                    "objects": {"Gebouweenheid": {"id": "3"}}, "answers": decisions}}
    return Fiche.model_validate(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args()
    register = load_register()
    sample = start_register(register)
    catalogue = load_catalogue([ROOT / "fiches"])
    print(f"{'fiche':<36} {'scenario':<36} {'steps':>5} {'ms':>7}")
    total = 0.0
    for fiche in catalogue.fiches.values():
        graph = to_graph(fiche)
        for name in fiche.scenarios:
            run = run_scenario(graph, name, register=register, sample=sample)
            ms = best(args.repeat, lambda g=graph, n=name: run_scenario(g, n, register=register, sample=sample))
            total += ms
            print(f"{fiche.id:<36} {name:<36} {len(run.steps):>5} {ms:>7.2f}")
    print(f"{'all scenarios of the book':<73} {total:>8.2f}")
    graph = to_graph(generated(args.steps))
    run = run_scenario(graph, "eerste", register=register, sample=sample)
    ms = best(args.repeat, lambda: run_scenario(graph, "eerste", register=register, sample=sample))
    ended = run.end or ", ".join(d.code for d in run.problems) or "?"
    print(f"generated process of {len(graph)} steps: {len(run.steps)} steps run ({ended}), {ms:.1f} ms, "
          f"{ms / len(run.steps) * 1000:.1f} ms per 1,000 steps")


if __name__ == "__main__":
    main()
