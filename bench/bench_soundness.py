"""Benchmark: deciding soundness of generated processes of 20 to 2,000 steps.

Run: ``.venv/bin/python bench/bench_soundness.py [--sizes 20,200,2000] [--repeat 3]``

For each kind of process (see ``bench/process_gen.py``) and size it prints the
verdict, the codes found, the states explored, and the best time of the
structural checks plus the soundness decision (with and without the reduction
of well-structured fragments).  Comparison with pm4py's woflan comes from
``bench/bench_woflan.py`` on the same processes written as BPMN.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from process_gen import KINDS, generate

from schillen.checks.soundness import decide_soundness
from schillen.checks.structure import iter_structure_problems
from schillen.graph import to_graph
from schillen.model import Fiche


def decide(fiche: Fiche, reduce: bool, max_states: int) -> tuple[bool | None, list[str], int, float]:
    started = time.perf_counter()
    graph = to_graph(fiche)
    structure = list(iter_structure_problems(graph))
    if structure:
        return False, sorted({d.code for d in structure}), 0, time.perf_counter() - started
    result = decide_soundness(graph, reduce=reduce, max_states=max_states)
    return result.sound, sorted({d.code for d in result.problems}), result.states, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,30,200,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-states", type=int, default=200_000)
    parser.add_argument("--unreduced", action="store_true", help="also time without the reduction")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'kind':<20} {'steps':>6} {'verdict':<10} {'states':>7} {'seconds':>9}  codes")
    for kind in KINDS:
        for size in sizes:
            fiche = Fiche.model_validate(generate(kind, size))
            runs = [decide(fiche, True, args.max_states) for _ in range(args.repeat)]
            sound, codes, states, _ = runs[0]
            best = min(r[3] for r in runs)
            verdict = {True: "sound", False: "unsound", None: "undecided"}[sound]
            print(f"{kind:<20} {len(fiche.process):>6} {verdict:<10} {states:>7} {best:>9.4f}  {', '.join(codes)}")
            if args.unreduced:
                u_sound, _, u_states, u_time = decide(fiche, False, args.max_states)
                u_verdict = {True: "sound", False: "unsound", None: "undecided"}[u_sound]
                print(f"{'  (no reduction)':<20} {'':>6} {u_verdict:<10} {u_states:>7} {u_time:>9.4f}")


if __name__ == "__main__":
    main()
