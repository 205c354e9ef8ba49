"""Benchmark: our soundness verdicts and times beside pm4py's woflan, on the same BPMN files.

pm4py is AGPL: it is a bench-only dependency, never a runtime one.  Install it in
a separate environment together with schillen:

    python3 -m venv .venv-woflan
    .venv-woflan/bin/pip install -r bench/requirements-woflan.txt -e .
    .venv-woflan/bin/python bench/bench_woflan.py [--sizes 20,30,200,2000] [--timeout 120]

Each generated process (``bench/process_gen.py``) is exported with
``schillen export --to bpmn``; woflan reads that file (``pm4py.read_bpmn``,
converted to a Petri net) in a subprocess that is stopped after ``--timeout``
seconds.  Our side is timed on the same exported file, read back with
``schillen.bpmn`` (structure checks plus soundness).  Prints one row per model:
both verdicts, both times, and how many times faster we decided.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from process_gen import KINDS, generate

from schillen.bpmn import from_bpmn, to_bpmn
from schillen.checks.soundness import decide_soundness
from schillen.checks.structure import iter_structure_problems
from schillen.graph import DEFAULT, KIND, LABELS, to_graph
from schillen.model import Fiche

WOFLAN = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pm4py
from pm4py.algo.analysis.woflan import algorithm as woflan
bpmn = pm4py.read_bpmn(sys.argv[1])
net, im, fm = pm4py.convert_to_petri_net(bpmn)
started = time.perf_counter()
sound = woflan.apply(net, im, fm, parameters={"print_diagnostics": False, "return_asap_when_not_sound": True})
print(json.dumps({"sound": bool(sound), "seconds": time.perf_counter() - started,
                  "places": len(net.places), "transitions": len(net.transitions)}))
"""


def ours(path: Path, repeat: int, original: Fiche) -> tuple[bool | None, float, bool]:
    """Our verdict on the exported file, the best time of deciding it, and whether it round-trips.

    Like woflan's time, ours leaves out reading the file: it is the process
    graph, the structure checks and the soundness decision.  The round trip
    holds when the process read back is isomorphic to the one exported (step
    kinds, branch labels and defaults kept).
    """
    data, problems = from_bpmn(path.read_text(encoding="utf-8"), path.name)
    assert data is not None, problems
    fiche = Fiche.model_validate(data)
    same = nx.is_isomorphic(
        to_graph(original), to_graph(fiche), node_match=lambda x, y: x[KIND] == y[KIND],
        edge_match=lambda x, y: sorted(x[LABELS]) == sorted(y[LABELS]) and x[DEFAULT] == y[DEFAULT],
    )
    best = float("inf")
    verdict: bool | None = None
    for _ in range(repeat):
        started = time.perf_counter()
        graph = to_graph(fiche)
        verdict = False if list(iter_structure_problems(graph)) else decide_soundness(graph).sound
        best = min(best, time.perf_counter() - started)
    return verdict, best, same


def theirs(path: Path, timeout: float) -> tuple[bool | None, float | None, str]:
    try:
        done = subprocess.run([sys.executable, "-c", WOFLAN, str(path)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, f"no verdict within {timeout:.0f} s"
    if done.returncode != 0:
        return None, None, "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:60]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["sound"], result["seconds"], f"{result['places']} places, {result['transitions']} transitions"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,30,200,2000")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    words = {True: "sound", False: "unsound", None: "-"}
    print(f"{'kind':<19} {'steps':>5}  {'ours':<8} {'seconds':>9}  {'woflan':<8} {'seconds':>9}  {'faster':>8}  "
          f"{'round trip':<10}  note")
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.kinds.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                fiche = Fiche.model_validate(generate(kind, size))
                path = Path(folder) / f"{kind}-{size}.bpmn"
                path.write_text(to_bpmn(fiche), encoding="utf-8")
                our_verdict, our_time, same = ours(path, args.repeat, fiche)
                their_verdict, their_time, note = theirs(path, args.timeout)
                faster = f"{their_time / our_time:,.0f}x" if their_time is not None else "-"
                agree = "" if their_verdict is None or their_verdict == our_verdict else "  DISAGREE"
                their_seconds = f"{their_time:9.4f}" if their_time is not None else f"{'-':>9}"
                print(f"{kind:<19} {len(fiche.process):>5}  {words[our_verdict]:<8} {our_time:9.4f}  "
                      f"{words[their_verdict]:<8} {their_seconds}  {faster:>8}  "
                      f"{'isomorphic' if same else 'DIFFERS':<10}  "
                      f"{note}{agree}", flush=True)


if __name__ == "__main__":
    main()
