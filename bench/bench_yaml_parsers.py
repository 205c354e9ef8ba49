"""Benchmark: YAML parsers that can give the line and column of every key and value.

The issue asks for "a YAML parser that gives the line and column of every key
and value (ruamel.yaml, or PyYAML's ``compose`` with its C loader: measure
both)".  This times, on the same generated fiche text (50 steps by default):

* ``yaml.load``    with ``CSafeLoader``  - data, no positions (the reference);
* ``yaml.compose`` with ``CSafeLoader``  - a node tree, every node has its marks;
* the same, then a Python walk of the nodes to data + positions (a sketch of
  the other road to what ``parse_yaml`` builds, without its checks);
* ``yaml.parse``   with ``CSafeLoader``  - the event stream alone, with marks;
* ``schillen._yaml.parse_yaml``          - what we use: events -> data + source map;
* ``yaml.compose`` with ``SafeLoader``   - PyYAML's pure-Python parser and composer;
* ``yaml.load``    with ``SafeLoader``   - pure Python, no positions;
* ruamel.yaml ``YAML(typ="rt").load``    - round-trip data with ``.lc`` positions;
* ruamel.yaml ``YAML(typ="safe").load``  - its C parser when ruamel.yaml.clib is
  installed; plain data, no positions.

ruamel.yaml is not a dependency of schillen; install it only to measure
(``.venv/bin/pip install ruamel.yaml ruamel.yaml.clib``).  Without it its rows
say "not installed".

Then each parser reads a flow sequence nested ``--depth`` deep (100,000 by
default), each in its own process, and what happens is reported: an error, a
``RecursionError``, or the process killed by a signal (SIGSEGV: a crash in C).
``--also-python`` runs the PyYAML rows (and ``parse_yaml``, through ``PYTHONPATH``)
of that test with another interpreter too, e.g. a distribution's ``python3`` whose
PyYAML is linked to the system's libyaml.

    .venv/bin/python bench/bench_yaml_parsers.py
    .venv/bin/python bench/bench_yaml_parsers.py --steps 200 --repeat 7
    .venv/bin/python bench/bench_yaml_parsers.py --file fiches/in-uitschrijving.yaml
    .venv/bin/python bench/bench_yaml_parsers.py --also-python /usr/bin/python3
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue_gen import fiche_text

from schillen._yaml import _resolve, parse_yaml

try:
    import ruamel.yaml as ruamel_yaml
except ImportError:  # not a dependency: measured only when installed
    ruamel_yaml = None


def ruamel_c() -> bool:
    """Whether ruamel.yaml has its C parser (ruamel.yaml.clib)."""
    try:
        import _ruamel_yaml  # noqa: F401
    except ImportError:
        return False
    return True


def _walk(node: Any) -> tuple[Any, tuple[int, int, Any]]:
    mark = node.start_mark
    if type(node) is yaml.MappingNode:
        data, children = {}, {}
        for key, value in node.value:
            data[key.value], child = _walk(value)
            children[key.value] = (key.start_mark.line + 1, key.start_mark.column + 1, child)
        return data, (mark.line + 1, mark.column + 1, children)
    if type(node) is yaml.SequenceNode:
        items = [_walk(value) for value in node.value]
        return [i[0] for i in items], (mark.line + 1, mark.column + 1, [i[1] for i in items])
    value = node.value if node.style else _resolve(node.value)
    return value, (mark.line + 1, mark.column + 1, None)


def compose_and_walk(text: str) -> Any:
    """A sketch of the other road to data and positions: C compose, then a Python walk.

    The same data and position tree as ``parse_yaml`` builds, without its checks
    (duplicate keys, tags, aliases, depth); recursive, as libyaml's composer is.
    """
    return _walk(yaml.compose(text, Loader=yaml.CSafeLoader))


def parsers() -> list[tuple[str, str, Callable[[str], Any] | None]]:
    """(name, positions, parse function or None when not installed)."""
    rows: list[tuple[str, str, Callable[[str], Any] | None]] = [
        ("yaml.load CSafeLoader", "none", lambda t: yaml.load(t, Loader=yaml.CSafeLoader)),
        ("yaml.compose CSafeLoader", "keys + values", lambda t: yaml.compose(t, Loader=yaml.CSafeLoader)),
        ("yaml.compose C + walk (sketch)", "keys + values", compose_and_walk),
        ("yaml.parse CSafeLoader (events)", "keys + values", lambda t: list(yaml.parse(t, Loader=yaml.CSafeLoader))),
        ("schillen._yaml.parse_yaml", "keys + values", lambda t: parse_yaml(t, "bench.yaml")),
        ("yaml.compose SafeLoader (pure)", "keys + values", lambda t: yaml.compose(t, Loader=yaml.SafeLoader)),
        ("yaml.load SafeLoader (pure)", "none", lambda t: yaml.load(t, Loader=yaml.SafeLoader)),
    ]
    if ruamel_yaml is None:
        rows += [("ruamel.yaml rt", "keys + values", None), ("ruamel.yaml safe", "none", None)]
    else:
        rt = ruamel_yaml.YAML(typ="rt")
        safe = ruamel_yaml.YAML(typ="safe")
        rows += [
            (f"ruamel.yaml {ruamel_yaml.__version__} rt", "keys + values", rt.load),
            (f"ruamel.yaml {ruamel_yaml.__version__} safe ({'C' if ruamel_c() else 'pure'})", "none", safe.load),
        ]
    return rows


def per_call(fns: dict[str, Callable[[str], Any]], text: str, repeat: int, budget: float) -> dict[str, float]:
    """Seconds per call of each function: the best of ``repeat`` loops of about ``budget`` s.

    The loops are interleaved (one loop of each function per round), so that a
    passing disturbance on the machine does not fall on one parser only.
    """
    numbers = {}
    for name, fn in fns.items():
        start = time.perf_counter()
        fn(text)
        numbers[name] = max(1, int(budget / max(time.perf_counter() - start, 1e-6)))
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            number = numbers[name]
            start = time.perf_counter()
            for _ in range(number):
                fn(text)
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


# --- where one value stands, as each parser with positions tells it ----------


def _compose_locate(node: Any, path: tuple[str, ...]) -> tuple[int, int]:
    for part in path:
        node = next(v for k, v in node.value if k.value == part)
    return node.start_mark.line + 1, node.start_mark.column + 1


def positions_agree(text: str) -> list[str]:
    """The 1-based position of ``process.einde.name`` by each parser with positions."""
    path = ("process", "einde", "name")
    found = [
        ("yaml.compose CSafeLoader", _compose_locate(yaml.compose(text, Loader=yaml.CSafeLoader), path)),
        ("yaml.compose SafeLoader", _compose_locate(yaml.compose(text, Loader=yaml.SafeLoader), path)),
        ("schillen._yaml.parse_yaml", parse_yaml(text, "bench.yaml")[1].locate(path)),  # type: ignore[union-attr]
    ]
    if ruamel_yaml is not None:
        data = ruamel_yaml.YAML(typ="rt").load(text)
        line, column = data["process"]["einde"].lc.value("name")
        found.append(("ruamel.yaml rt (.lc.value)", (line + 1, column + 1)))
    return [f"{name}: line {pos[0]}, column {pos[1]}" for name, pos in found]


# --- deep nesting, each parser in its own process ------------------------------

_DEEP = {
    "yaml.compose CSafeLoader": "import yaml; yaml.compose(TEXT, Loader=yaml.CSafeLoader)",
    "yaml.load CSafeLoader": "import yaml; yaml.load(TEXT, Loader=yaml.CSafeLoader)",
    "yaml.parse CSafeLoader (events)": "import yaml; sum(1 for _ in yaml.parse(TEXT, Loader=yaml.CSafeLoader))",
    "yaml.compose SafeLoader (pure)": "import yaml; yaml.compose(TEXT, Loader=yaml.SafeLoader)",
    "schillen._yaml.parse_yaml": (
        "from schillen._yaml import parse_yaml; d = parse_yaml(TEXT, 'deep.yaml')[2]; "
        "print(', '.join(f'{x.code} at {x.line}:{x.column} {dict(x.args)}' for x in d))"
    ),
    "ruamel.yaml rt": "import ruamel.yaml; ruamel.yaml.YAML(typ='rt').load(TEXT)",
    "ruamel.yaml safe": "import ruamel.yaml; ruamel.yaml.YAML(typ='safe').load(TEXT)",
}
_PYYAML_ONLY = ("yaml.compose CSafeLoader", "yaml.load CSafeLoader", "yaml.parse CSafeLoader (events)",
                "schillen._yaml.parse_yaml")
ROOT = Path(__file__).resolve().parent.parent


def deep_outcome(python: str, code: str, depth: int, timeout: float) -> tuple[str, float]:
    """What happens to ``code`` on ``[`` * depth + ``]`` * depth, and the wall time."""
    program = f"TEXT = '[' * {depth} + ']' * {depth}\n{code}"
    # Another interpreter finds schillen (it needs only PyYAML for parse_yaml) through PYTHONPATH.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    try:
        done = subprocess.run([python, "-c", program], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return f"still running after {timeout:g} s (stopped)", time.perf_counter() - start
    elapsed = time.perf_counter() - start
    if done.returncode < 0:
        return f"killed by {signal.Signals(-done.returncode).name}", elapsed
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.strip().splitlines() if line.strip()]
        error = next((line for line in reversed(lines) if line.split(":")[0].endswith(("Error", "Exception"))),
                     lines[-1] if lines else "")
        if error.startswith("ModuleNotFoundError"):
            return "not installed", elapsed
        # PyYAML's MarkedYAMLError prints its problem on one line and the mark on the next.
        detail = " ".join(lines[-2:]) if "YAMLError" in error or "ParserError" in error else error
        if lines and lines[-1].startswith("in ") and "Error" not in lines[-1]:
            detail = " ".join(lines[-3:])
        return f"exit {done.returncode}: {detail[:140]}", elapsed
    out = done.stdout.strip()
    return ("ok" + (f": {out[:140]}" if out else "")), elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=50, help="process steps of the generated fiche (default 50)")
    parser.add_argument("--file", help="time this YAML file instead of a generated fiche")
    parser.add_argument("--repeat", type=int, default=5, help="timing loops per parser; the best counts (default 5)")
    parser.add_argument("--budget", type=float, default=0.3, help="seconds per timing loop (default 0.3)")
    parser.add_argument("--depth", type=int, default=100_000, help="nesting of the deep test (default 100000)")
    parser.add_argument("--deep-timeout", type=float, default=60, help="seconds per deep test (default 60)")
    parser.add_argument("--also-python", action="append", default=[], metavar="PYTHON",
                        help="also run the PyYAML deep tests with this interpreter (repeatable)")
    args = parser.parse_args(argv)

    if args.file:
        text = Path(args.file).read_text(encoding="utf-8")
        what = args.file
    else:
        text = fiche_text(0, args.steps, 1)
        what = f"a generated fiche of {args.steps} steps"
    events = sum(1 for _ in yaml.parse(text, Loader=yaml.CSafeLoader))
    print(f"Python {platform.python_version()}, PyYAML {yaml.__version__} "
          f"(libyaml {yaml._yaml.get_version_string() if yaml.__with_libyaml__ else 'absent'}), "
          f"ruamel.yaml {ruamel_yaml.__version__ if ruamel_yaml else 'not installed'}"
          f"{' with ruamel.yaml.clib' if ruamel_yaml and ruamel_c() else ''}")
    print(f"input: {what}: {len(text.encode()):,} bytes, {text.count(chr(10)):,} lines, {events:,} events")
    print()

    rows = parsers()
    timed = per_call({name: fn for name, _, fn in rows if fn is not None}, text, args.repeat, args.budget)
    reference = timed[rows[0][0]]
    print(f"{'parser':40} {'positions':>14} {'ms/parse':>9} {'MB/s':>6} {'x load C':>9}")
    for name, positions, fn in rows:
        if fn is None:
            print(f"{name:40} {positions:>14} {'not installed':>26}")
            continue
        seconds = timed[name]
        mbps = len(text.encode()) / seconds / 1e6
        print(f"{name:40} {positions:>14} {seconds * 1e3:9.3f} {mbps:6.2f} {seconds / reference:9.2f}")

    print()
    print("the value of process.einde.name, by each parser that keeps positions (1-based):")
    for line in positions_agree(text) if not args.file else ["(skipped for --file)"]:
        print("  " + line)

    print()
    print(f"a flow sequence nested {args.depth:,} deep ('[' * {args.depth} + ']' * {args.depth}), "
          "each parser in its own process:")
    runs = [(sys.executable, name, code) for name, code in _DEEP.items()]
    for other in args.also_python:
        runs += [(other, name, _DEEP[name]) for name in _PYYAML_ONLY]
    for python, name, code in runs:
        if name.startswith("ruamel") and ruamel_yaml is None:
            print(f"  {name:52} not installed")
            continue
        outcome, elapsed = deep_outcome(python, code, args.depth, args.deep_timeout)
        label = name if python == sys.executable else f"{name} [{python}]"
        print(f"  {label:52} {elapsed:6.2f} s  {outcome}")
    for python in [sys.executable, *args.also_python]:
        done = subprocess.run(
            [python, "-c", "import yaml; print(yaml.__version__, yaml._yaml.get_version_string())"],
            capture_output=True, text=True,
        )
        print(f"  ({python}: PyYAML, libyaml = {done.stdout.strip() or done.stderr.strip()[-80:]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
