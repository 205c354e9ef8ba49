"""The layout engine: which one is found, PNG and SVG output, and the errors when none works.

Engines are made unavailable by real means: a PATH that holds no ``dot``, a
fallback name that no program has, ``SCHILLEN_DOT`` naming a missing program.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

import pytest

from schillen.errors import RenderError
from schillen.render.engine import FALLBACK, INSTALL_HINT, Engine, find_engine, run_engine

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
posix_only = pytest.mark.skipif(os.name == "nt", reason="the stand-in 'dot' is a shell script")


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH is one empty folder (no system Graphviz) and SCHILLEN_DOT is unset."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("SCHILLEN_DOT", raising=False)
    return folder


def test_without_a_system_dot_the_engine_beside_this_python_is_found(bare_path: Path) -> None:
    engine = find_engine()
    assert engine.name == FALLBACK
    assert Path(engine.path).parent == Path(sys.executable).parent


def test_neither_engine_is_a_clear_error_naming_both_and_how_to_install(bare_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        find_engine(fallback="graphviz-pure-that-is-not-installed")
    assert str(caught.value) == (
        "no Graphviz layout engine: neither the system's 'dot' nor 'graphviz-pure-that-is-not-installed' was "
        "found; install one: 'pip install graphviz-pure' (schillen's own dependency, so reinstalling schillen "
        "brings it back), or Graphviz from the system's packages ('apt install graphviz', 'brew install graphviz', "
        "'winget install graphviz')"
    )
    assert str(caught.value).endswith(INSTALL_HINT)


def test_schillen_dot_naming_no_program_is_an_error(bare_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHILLEN_DOT", "dot-that-does-not-exist")
    with pytest.raises(RenderError) as caught:
        run_engine("digraph { a }", "svg")
    assert str(caught.value) == ("SCHILLEN_DOT='dot-that-does-not-exist' is not a program that can be run; "
                                 "unset it to use the system's 'dot' or 'graphviz-pure'")


def test_an_engine_that_cannot_be_run_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "dot"
    with pytest.raises(RenderError) as caught:
        run_engine("digraph { a }", "svg", Engine("dot", str(missing)))
    assert str(caught.value) == f"dot ({missing}) could not be run: No such file or directory; {INSTALL_HINT}"


def test_bad_dot_is_the_engines_own_message() -> None:
    with pytest.raises(RenderError) as caught:
        run_engine("digraph { a -> }", "svg", find_engine(system="dot-that-does-not-exist"))
    assert str(caught.value) == "graphviz-pure failed (exit 1): Error: <stdin>: syntax error in line 1 near '}'"


def test_png_on_request() -> None:
    png = run_engine('digraph { a [label="vóór ≤ 8 werkdagen"]; a -> b }', "png")
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 100 and height > 100


def test_svg_keeps_dutch_characters() -> None:
    svg = run_engine('digraph { a [label="vóór ≤ 8 werkdagen, geïnde één"] }', "svg").decode("utf-8")
    assert ">vóór ≤ 8 werkdagen, geïnde één</text>" in svg


@posix_only
def test_a_system_dot_without_png_hands_the_png_to_graphviz_pure(bare_path: Path) -> None:
    """A real program named dot on PATH that knows no PNG, as a Graphviz built without cairo answers."""
    dot = bare_path / "dot"
    dot.write_text('#!/bin/sh\necho \'Format: "png" not recognized. Use one of: dot svg\' >&2\nexit 1\n',
                   encoding="utf-8")
    dot.chmod(0o755)
    assert find_engine() == Engine("dot", str(dot))
    assert run_engine("digraph { a -> b }", "png")[:8] == PNG_SIGNATURE
    with pytest.raises(RenderError, match=r'^dot failed \(exit 1\): Format: "png" not recognized'):
        run_engine("digraph { a -> b }", "png", find_engine())  # an engine asked for by name is not replaced
