"""Diagrams as DOT: snapshots of ``.source``, structure, escaping, and every bundled fiche laid out.

Update the snapshots with ``SCHILLEN_UPDATE_SNAPSHOTS=1 pytest tests/render``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from schillen.loading import load_fiche
from schillen.model import Fiche
from schillen.render.dot import EXCLUSIVE, data_model_diagram, format_deadline, lifecycle_diagrams, process_diagram
from schillen.render.engine import run_engine
from tests.conftest import DATA, MINIMAL, ROOT

SNAPSHOTS = DATA / "snapshots"
FICHES = sorted((ROOT / "fiches").glob("*.yaml"))


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("SCHILLEN_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}; SCHILLEN_UPDATE_SNAPSHOTS=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; SCHILLEN_UPDATE_SNAPSHOTS=1 to accept"


@pytest.fixture(scope="module")
def minimal() -> Fiche:
    return load_fiche(MINIMAL)


def _nodes(source: str, pattern: str) -> list[str]:
    """Ids of the node statements whose attributes match ``pattern``."""
    return [m[1] for m in re.finditer(r"^\s+(\S+) \[(.*)\]$", source, re.M)
            if "->" not in m[0] and re.search(pattern, m[2])]


# --- snapshots ---------------------------------------------------------------------


def test_process_snapshot(minimal: Fiche) -> None:
    assert_snapshot("minimal-process.dot", process_diagram(minimal).source)


def test_data_model_snapshot(minimal: Fiche) -> None:
    assert_snapshot("minimal-data-model.dot", data_model_diagram(minimal).source)


def test_lifecycle_snapshots(minimal: Fiche) -> None:
    diagrams = lifecycle_diagrams(minimal)
    assert list(diagrams) == ["gebouweenheid", "adres"]
    for key, diagram in diagrams.items():
        assert_snapshot(f"minimal-lifecycle-{key}.dot", diagram.source)


def test_the_same_fiche_gives_the_same_source(minimal: Fiche) -> None:
    again = load_fiche(MINIMAL)
    assert process_diagram(again).source == process_diagram(minimal).source
    assert data_model_diagram(again).source == data_model_diagram(minimal).source


# --- process -----------------------------------------------------------------------


def test_a_lane_per_actor_then_one_for_steps_without(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    assert re.findall(r"subgraph (cluster_\S+) \{", source) == ["cluster_burger", "cluster_loket",
                                                                 "cluster__zonder_actor"]
    assert 'label="Loket Burgerzaken"' in source


def test_shapes_by_kind(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    assert _nodes(source, r"shape=circle") == ["aangifte", "ingeschreven"]
    assert _nodes(source, r"penwidth=3 shape=circle") == ["ingeschreven"]
    assert _nodes(source, f'label="{EXCLUSIVE}".*shape=diamond') == ["gekend"]
    assert _nodes(source, r'label="\+".*shape=diamond') == ["splitsen", "samen"]
    assert _nodes(source, r'label=".*\\nwacht ≤ 1 maand" shape=box style="rounded,dashed"') == ["wachten"]
    assert _nodes(source, r"peripheries=2") == ["melden"]
    assert _nodes(source, r"shape=box style=rounded\b(?!,)") == ["controle", "rijksregister"]
    assert _nodes(source, r"shape=note") == ["controle__register"]


def test_branches_deadlines_and_register_notes(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    assert "gekend -> splitsen [label=ja]" in source
    assert "gekend -> wachten [label=nee]" in source
    assert 'xlabel="Aangifte adreswijziging\\n≤ 8 werkdagen vanaf verhuis"' in source
    assert 'label="R Adres (busnummer)\\nR Gebouweenheid"' in source


def test_default_branch_is_marked() -> None:
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "process": {
            "a": {"kind": "start", "name": "A", "next": "b"},
            "b": {"kind": "decision", "name": "B?", "branches": {"ja": "c"}, "default": "d"},
            "c": {"kind": "end", "name": "C"},
            "d": {"kind": "end", "name": "D"},
        },
    })
    assert "b -> d [label=anders arrowtail=odiamond dir=both]" in process_diagram(fiche).source


def test_operations_get_their_matrix_letter() -> None:
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "process": {
            "a": {"kind": "start", "name": "A", "next": "b"},
            "b": {"kind": "task", "name": "B", "next": "c", "register": [
                {"operation": "voorstellen", "object": "Adres"},
                {"operation": "goedkeuren", "object": "Adres"},
                {"operation": "afkeuren", "object": "Adres"},
                {"operation": "bestaatniet", "object": "Adres"},
            ]},
            "c": {"kind": "end", "name": "C"},
        },
    })
    assert ('label="C Adres: voorstellen\\nU Adres: goedkeuren\\nD Adres: afkeuren\\nU Adres: bestaatniet"'
            in process_diagram(fiche).source)


@pytest.mark.parametrize(
    ("deadline", "words"),
    [
        ({"within": 8, "unit": "working_days"}, "≤ 8 werkdagen"),
        ({"within": 1, "unit": "years", "from": "vaststelling"}, "≤ 1 jaar vanaf vaststelling"),
        ({"within": 1, "unit": "calendar_days"}, "≤ 1 kalenderdag"),
        ({"within": 2, "unit": "weeks", "from": "zitting", "before": True}, "≥ 2 weken vóór zitting"),
    ],
)
def test_format_deadline(deadline: dict[str, object], words: str) -> None:
    from schillen.model import Deadline

    assert format_deadline(Deadline.model_validate(deadline)) == words


# --- data model and lifecycles -----------------------------------------------------


def test_shells_nest_around_the_kern(minimal: Fiche) -> None:
    source = data_model_diagram(minimal).source
    assert re.findall(r"subgraph (cluster_\S+) \{", source) == ["cluster_schil1", "cluster_kern"]
    assert "label=bewoning" in source
    assert source.index("subgraph cluster_kern") > source.index("schil1__Persoon")  # inside bewoning
    assert "schil1__Aangifte -> kern__Adres" in source
    assert "schil1__Aangifte -> schil1__Persoon" in source
    assert "Persoon ● (persoonsgegevens)" in source
    assert "rijksregisternummer ●" in source
    assert 'label="Kleinste geldige fiche\\n● persoonsgegevens"' in source
    assert '<TD ALIGN="LEFT">code: kanalen</TD><TD ALIGN="LEFT">0..1</TD>' in source


def test_lifecycle_highlights_what_the_fiche_uses() -> None:
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "process": {
            "a": {"kind": "start", "name": "A", "next": "c",
                  "register": [{"operation": "goedkeuren", "object": "adres"}]},
            "c": {"kind": "end", "name": "C"},
        },
    })
    diagrams = lifecycle_diagrams(fiche)
    assert list(diagrams) == ["adres"]
    source = diagrams["adres"].source
    lit = [line.strip() for line in source.splitlines() if "penwidth=2.5" in line]
    assert lit == ['voorgesteld -> inGebruik [label=goedkeuren color="#1f5fbf" fontcolor="#1f5fbf" penwidth=2.5]']
    assert 'voorgesteld -> afgekeurd [label=afkeuren color="#9a9a9a" fontcolor="#9a9a9a"]' in source
    assert re.findall(r"^\t(\w+) \[label=\w+\]$", source, re.M) == ["voorgesteld", "inGebruik", "gehistoreerd",
                                                                   "afgekeurd"]


# --- hostile text ------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "q" {b} \\N & x\ny'


def hostile_fiche() -> Fiche:
    return Fiche.model_validate({
        "id": "x", "title": HOSTILE, "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "actors": {"a": {"name": HOSTILE, "kind": "person"}},
        "shells": {
            "kern": {"Adres": [HOSTILE]},
            HOSTILE: {"Ding": {"attributes": {"naam": {"ref": HOSTILE}, "adres": {"ref": "Adres"}}}},
        },
        "process": {
            "node": {"kind": "start", "name": HOSTILE, "actor": "a", "next": "edge",
                     "deadline": {"within": 1, "unit": "weeks", "from": HOSTILE}},
            "edge": {"kind": "decision", "name": HOSTILE, "branches": {HOSTILE: "graph"}},
            "graph": {"kind": "end", "name": HOSTILE},
        },
    })


def _diagrams(fiche: Fiche) -> list[str]:
    return [process_diagram(fiche).source, data_model_diagram(fiche).source,
            *(d.source for d in lifecycle_diagrams(fiche).values())]


def test_hostile_text_is_inert_in_dot_and_svg() -> None:
    for source in _diagrams(hostile_fiche()):
        html_labels = re.findall(r"label=(<.*?>)\]$", source, re.M)
        assert all(label.startswith("<<TABLE") for label in html_labels)  # fiche text never opens one
        assert not any("<script" in label for label in html_labels)
        svg = run_engine(source, "svg").decode("utf-8")
        assert "<script" not in svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
        assert "{b} \\" in svg  # a backslash stays text (\\N is not the node's name)


def test_hostile_text_keeps_plain_labels_plain() -> None:
    source = process_diagram(hostile_fiche()).source
    assert "label=<" not in source  # never taken for an HTML-like label
    assert '\\"q\\"' in source and "\\\\N" in source  # quotes escaped, backslash not an escape sequence
    assert '\t"node" -> "edge"\n' in source  # DOT keywords as step ids are quoted


# --- the bundled fiches ------------------------------------------------------------


@pytest.mark.parametrize("path", FICHES, ids=[p.stem for p in FICHES])
def test_bundled_fiche_diagrams_render(path: Path) -> None:
    fiche = load_fiche(path)
    for source in _diagrams(fiche):
        assert run_engine(source, "svg").lstrip().startswith(b"<?xml")
