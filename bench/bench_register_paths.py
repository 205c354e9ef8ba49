"""Benchmark: the path analysis against the register on generated processes of 200 to 2,000 steps.

Run: ``.venv/bin/python bench/bench_register_paths.py [--sizes 200,2000] [--repeat 3]``

Each process of ``bench/process_gen.py`` gets a ``kern`` of five register
objects (gebouw, gebouweenheid, adres, straatnaam, perceel); its start step
declares two statuses for each, and every task runs one operation of the
register, the operations of the five objects in turn.  It prints the steps, the
operations, the refusals found and the best time of :func:`iter_path_problems`
(the register interface is loaded once, before the timing, as in a run of
``schillen check``).  Goal: under 0.5 s for 2,000 steps.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx
from process_gen import generate

from schillen.checks.register import iter_path_problems
from schillen.graph import to_graph
from schillen.model import Fiche
from schillen.registers import load_register

KINDS = ("block-sound", "unstructured-sound")
OBJECTS = ("gebouw", "gebouweenheid", "adres", "straatnaam", "perceel")


def with_register(fiche: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """``fiche`` with a kern of five objects, their statuses declared at the start, an operation per task."""
    register = load_register()
    operations: list[tuple[str, str]] = []
    for obj in OBJECTS:
        kind = register.objects[obj]
        operations += [(action, kind.title) for action, op in kind.operations.items()
                       if not op.creates and "/" not in action]
    fiche["shells"] = {"kern": {register.objects[o].title: [register.objects[o].status] for o in OBJECTS}}
    count = 0
    for step in fiche["process"].values():
        if step["kind"] == "start":
            step["register"] = [
                {"read": register.objects[o].title,
                 "expect": {register.objects[o].status: register.statuses(o)[:2]}} for o in OBJECTS]
        elif step["kind"] == "task":
            action, title = operations[count % len(operations)]
            step["register"] = [{"operation": action, "object": title}]
            count += 1
    return fiche, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register = load_register()
    print(f"{'kind':<20} {'steps':>6} {'loops':>5} {'operations':>10} {'refused':>8} {'seconds':>9}")
    for kind in KINDS:
        for size in (int(s) for s in args.sizes.split(",")):
            data, count = with_register(generate(kind, size))
            graph = to_graph(Fiche.model_validate(data))
            best, found = float("inf"), 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                found = len(list(iter_path_problems(graph, register)))
                best = min(best, time.perf_counter() - started)
            loops = "yes" if not nx.is_directed_acyclic_graph(graph) else "no"
            print(f"{kind:<20} {len(graph):>6} {loops:>5} {count:>10} {found:>8} {best:>9.4f}")


if __name__ == "__main__":
    main()
