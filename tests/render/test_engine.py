"""The layout engine (which one is found, PNG and SVG output, the errors when none works) and `schillen diagram`.

Engines are made unavailable by real means: a PATH that holds no ``dot``, a
fallback name that no program has, ``SCHILLEN_DOT`` naming a missing program.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

import pytest

from schillen.cli import main
from schillen.errors import RenderError
from schillen.loading import load_fiche
from schillen.model import Fiche
from schillen.render.dot import data_model_diagram, lifecycle_diagrams, process_diagram
from schillen.render.engine import FALLBACK, INSTALL_HINT, Engine, find_engine, run_engine, run_layout
from tests.conftest import MINIMAL

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


def test_layout_reads_labels_that_the_engine_breaks_over_several_lines() -> None:
    # -Tplain breaks an output line of over 128 characters with a backslash; the escaped ones stay.
    label = "Ontvankelijkheid onderzoeken " * 6 + 'met \\\\ en \\"'
    layout = run_layout(f'digraph {{ a [label="{label}"]; "b c" -> a }}')
    assert sorted(layout.nodes) == ["a", "b c"]
    assert list(layout.edges) == [("b c", "a")]
    assert layout.nodes["a"][2] > 1000  # the whole label's width: it was read as one node


def test_layout_reads_past_html_like_labels_with_quotes_in_them() -> None:
    layout = run_layout("""digraph { a [label=<<B>l'adresse "x"</B>>]; a -> b [label=<<I>'s</I>>] }""")
    assert sorted(layout.nodes) == ["a", "b"]
    assert list(layout.edges) == [("a", "b")] and len(layout.edges["a", "b"]) >= 4


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


# --- schillen diagram ----------------------------------------------------------------


def _minimal() -> Fiche:
    return load_fiche(MINIMAL)


def test_diagram_svg_png_and_dot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, png = tmp_path / "proces.svg", tmp_path / "proces.png"
    assert main(["diagram", str(MINIMAL), "-o", str(svg)]) == 0
    assert main(["diagram", str(MINIMAL), "-o", str(png)]) == 0
    assert capsys.readouterr().err == f"wrote {svg.as_posix()}\nwrote {png.as_posix()}\n"
    assert svg.read_bytes() == run_engine(process_diagram(_minimal()).source, "svg")
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    assert main(["diagram", str(MINIMAL), "--format", "dot"]) == 0
    assert capsys.readouterr().out == process_diagram(_minimal()).source


def test_diagram_of_the_data_model_and_of_a_lifecycle(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", str(MINIMAL), "--kind", "data", "--format", "dot"]) == 0
    assert capsys.readouterr().out == data_model_diagram(_minimal()).source
    assert main(["diagram", str(MINIMAL), "--kind", "lifecycle", "--object", "Adres", "--format", "dot"]) == 0
    assert capsys.readouterr().out == lifecycle_diagrams(_minimal())["adres"].source


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "lifecycle"], "minimal touches several register objects: choose one with --object "
                                  "(gebouweenheid, adres)"),
        (["--kind", "lifecycle", "--object", "perceel"], "minimal touches no register object 'perceel'; it touches: "
                                                         "gebouweenheid, adres"),
        (["--object", "adres"], "--object goes with --kind lifecycle"),
        (["--format", "png"], "PNG is binary: give -o FILE.png"),
    ],
)
def test_diagram_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", str(MINIMAL), *args]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"Error: {message}"


def test_diagram_without_an_engine_is_a_message_not_a_traceback(
        bare_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCHILLEN_DOT", "dot-that-does-not-exist")
    target = bare_path.parent / "proces.png"
    assert main(["diagram", str(MINIMAL), "-o", str(target)]) == 1
    assert not target.exists()
    assert capsys.readouterr().err == ("cannot lay out the diagram: SCHILLEN_DOT='dot-that-does-not-exist' is not a "
                                       "program that can be run; unset it to use the system's 'dot' or "
                                       "'graphviz-pure'\n")


def test_diagram_of_a_lifecycle_when_the_fiche_touches_no_register_object(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fiche = tmp_path / "leeg.yaml"
    fiche.write_text(
        "id: leeg\ntitle: Leeg\nversion: 1.0.0\nstatus: draft\nupdated: 2026-11-28\nsummary: Leeg.\n"
        "process:\n  a: {kind: start, name: A, next: b}\n  b: {kind: end, name: B}\n", encoding="utf-8")
    assert main(["diagram", str(fiche), "--kind", "lifecycle"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == ("leeg reads or changes no object of register 'grar': it has "
                                                         "no lifecycle to draw")


def test_diagram_of_a_fiche_that_does_not_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    target = tmp_path / "proces.svg"
    assert main(["diagram", str(bad), "-o", str(target)]) == 1
    assert not target.exists()
    assert capsys.readouterr().err.endswith(f"{bad.as_posix()} does not load; nothing was written\n")
