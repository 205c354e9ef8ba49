"""The Graphviz layout engine: the system's ``dot`` when there is one, else ``graphviz-pure``.

``graphviz-pure`` (a Rust port of Graphviz, installed from the package index
with schillen) means diagrams and layouts work on a machine with only Python.
Set ``SCHILLEN_DOT`` to the path of a ``dot`` program to choose one.

Examples:
    >>> engine = find_engine()
    >>> engine.name in ("dot", "graphviz-pure")
    True
    >>> layout = run_layout('digraph { a -> b }')
    >>> sorted(layout.nodes)
    ['a', 'b']
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from schillen.errors import RenderError

__all__ = ["Engine", "Layout", "find_engine", "run_engine", "run_layout"]

TIMEOUT = 60
"""Seconds a layout may take before it counts as failed."""


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


def find_engine() -> Engine:
    """The layout engine to use (see the module docstring).

    Raises:
        RenderError: neither ``dot`` nor ``graphviz-pure`` can be found.
    """
    chosen = os.environ.get("SCHILLEN_DOT")
    if chosen:
        if shutil.which(chosen) is None:
            raise RenderError(f"SCHILLEN_DOT={chosen!r} is not a program that can be run")
        return Engine(Path(chosen).name, shutil.which(chosen) or chosen)
    system = shutil.which("dot")
    if system:
        return Engine("dot", system)
    for folder in _scripts_dirs():
        for name in ("graphviz-pure", "graphviz-pure.exe"):
            candidate = folder / name
            if candidate.is_file():
                return Engine("graphviz-pure", str(candidate))
    pure = shutil.which("graphviz-pure")
    if pure:
        return Engine("graphviz-pure", pure)
    raise RenderError("no Graphviz layout engine: install Graphviz ('dot') or 'pip install graphviz-pure'")


def run_engine(source: str, fmt: str, engine: Engine | None = None) -> bytes:
    """Lay out DOT ``source`` and return the output in format ``fmt`` (``svg``, ``plain``, ...).

    Raises:
        RenderError: the engine is missing, fails, or takes longer than :data:`TIMEOUT`.
    """
    engine = engine or find_engine()
    try:
        done = subprocess.run(
            [engine.path, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"{engine.name} failed: {exc}") from exc
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


def _plain_tokens(line: str) -> list[str]:
    """Split a line of ``-Tplain`` output; names may be quoted."""
    import shlex

    return shlex.split(line, posix=True)


def run_layout(source: str, engine: Engine | None = None) -> Layout:
    """Lay out DOT ``source`` and read the positions (``-Tplain``)."""
    text = run_engine(source, "plain", engine).decode("utf-8", "replace")
    layout = Layout()
    scale = 72.0
    for line in text.splitlines():
        parts = _plain_tokens(line)
        if not parts:
            continue
        if parts[0] == "graph":
            scale_factor = float(parts[1])
            layout.width, layout.height = float(parts[2]) * scale * scale_factor, float(parts[3]) * scale * scale_factor
        elif parts[0] == "node":
            x, y, w, h = (float(v) * scale for v in parts[2:6])
            layout.nodes[parts[1]] = (x, layout.height - y, w, h)
        elif parts[0] == "edge":
            count = int(parts[3])
            coords = [float(v) * scale for v in parts[4 : 4 + 2 * count]]
            points = [(coords[i], layout.height - coords[i + 1]) for i in range(0, len(coords), 2)]
            layout.edges.setdefault((parts[1], parts[2]), points)
    return layout
