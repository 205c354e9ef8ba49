"""Diagrams as DOT: snapshots of ``.source``, structure, escaping, and every bundled fiche laid out.

Update the snapshots with ``SCHILLEN_UPDATE_SNAPSHOTS=1 pytest tests/render``.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest

from schillen.loading import load_fiche
from schillen.model import Fiche, StepKind
from schillen.render.dot import (
    EXCLUSIVE,
    NO_ACTOR,
    data_model_diagram,
    format_deadline,
    lifecycle_diagrams,
    process_diagram,
    step_lanes,
    wrap,
)
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


def test_a_lane_per_actor_steps_without_one_in_a_neighbours_lane(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    assert re.findall(r"subgraph (cluster_(?!_bij__)\S+) \{", source) == ["cluster_burger", "cluster_loket"]
    assert 'label="Loket Burgerzaken"' in source
    assert step_lanes(minimal) == {"aangifte": "burger", "controle": "loket", "gekend": "loket", "wachten": "loket",
                                   "splitsen": "loket", "rijksregister": "loket", "melden": "loket",
                                   "samen": "loket", "ingeschreven": "loket"}


def _fiche(process: dict[str, dict[str, object]], actors: tuple[str, ...] = ("a", "b")) -> Fiche:
    return Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "actors": {actor: {"name": actor.upper(), "kind": "organisation"} for actor in actors},
        "process": process,
    })


def test_a_step_without_actor_takes_its_first_predecessors_lane_else_a_successors() -> None:
    fiche = _fiche({
        "s": {"kind": "start", "name": "S", "next": "t"},             # no predecessor: its successor's lane
        "t": {"kind": "task", "name": "T", "actor": "b", "next": "p"},
        "p": {"kind": "parallel_split", "name": "P", "next": ["u", "v"]},  # after t: lane b
        "u": {"kind": "task", "name": "U", "actor": "a", "next": "j"},
        "v": {"kind": "task", "name": "V", "actor": "b", "next": "j"},
        "j": {"kind": "parallel_join", "name": "J", "next": "e"},      # first predecessor u: lane a
        "e": {"kind": "end", "name": "E"},                              # after j: lane a
    })
    assert step_lanes(fiche) == {"s": "b", "t": "b", "p": "b", "u": "a", "v": "b", "j": "a", "e": "a"}


def test_only_a_process_without_any_actor_gets_the_lane_without_actor() -> None:
    fiche = _fiche({"s": {"kind": "start", "name": "S", "next": "e"}, "e": {"kind": "end", "name": "E"}}, ())
    assert step_lanes(fiche) == {"s": NO_ACTOR, "e": NO_ACTOR}
    source = process_diagram(fiche).source
    assert re.findall(r"subgraph (cluster_(?!_bij__)\S+) \{", source) == ["cluster__zonder_actor"]
    assert 'label="(zonder actor)"' in source


def test_lanes_start_at_the_first_rank_and_reach_past_the_ends(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    assert "newrank=true" in source
    assert "\t{\n\t\trank=min\n\t\t_begin__burger\n\t\t_begin__loket\n\t}\n" in source
    assert "\t{\n\t\trank=same\n\t\t_einde__burger\n\t\t_einde__loket\n\t}\n" in source
    assert "\tingeschreven -> _einde__loket [style=invis]\n" in source
    assert _nodes(source, r"style=invis") == ["_begin__burger", "_einde__burger", "_begin__loket", "_einde__loket"]


def test_lanes_are_stacked_rows_as_wide_as_the_process() -> None:
    """Laid out: every lane spans from the first rank to past the last end, and no two lanes overlap."""
    fiche = load_fiche(ROOT / "fiches" / "omgevingsvergunning.yaml")
    svg = run_engine(process_diagram(fiche).source, "svg")
    boxes = {name: box for name, box in _cluster_boxes(svg).items() if not name.startswith("cluster__bij__")}
    assert len(boxes) == 11  # the lanes; an event and its caption have a cluster of their own, without a border
    lefts, rights = [b[0] for b in boxes.values()], {round(b[2]) for b in boxes.values()}
    assert max(lefts) - min(lefts) < 16 and len(rights) == 1  # a start event at the first rank widens its lane
    rows = sorted((top, bottom) for _, top, _, bottom in boxes.values())
    assert all(bottom <= next_top for (_, bottom), (next_top, _) in itertools.pairwise(rows))


def _cluster_boxes(svg: bytes) -> dict[str, tuple[float, float, float, float]]:
    """Cluster title -> (left, top, right, bottom) of its outline in an SVG of Graphviz."""
    from lxml import etree

    ns = {"s": "http://www.w3.org/2000/svg"}
    boxes = {}
    for group in etree.fromstring(svg).iterfind(".//s:g[@class='cluster']", ns):
        outline = group.find("s:polygon", ns)
        points = outline.get("points") if outline is not None else group.find("s:path", ns).get("d")
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", points)]
        xs, ys = numbers[0::2], numbers[1::2]
        boxes[group.findtext("s:title", namespaces=ns)] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def _drawn_as(source: str) -> dict[str, tuple[str, str]]:
    """Node name -> (style, shape) as the engine resolves them (defaults included), from ``-Tplain``."""
    import shlex

    found = {}
    for line in run_engine(source, "plain").decode().splitlines():
        parts = shlex.split(re.sub(r"<<.*>>", "html-label", line))  # an HTML-like label is written as it is
        if parts and parts[0] == "node":
            found[parts[1]] = (parts[7], parts[8])
    return found


def test_shapes_by_kind(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    drawn = _drawn_as(source)
    shapes = {name: shape for name, (_, shape) in drawn.items() if not name.startswith("_")}
    assert shapes == {"aangifte": "circle", "ingeschreven": "circle", "gekend": "diamond", "splitsen": "diamond",
                      "samen": "diamond", "wachten": "doublecircle", "melden": "box", "controle": "box",
                      "rijksregister": "box"}
    assert {name for name, (style, _) in drawn.items() if style == "rounded"} == {"controle", "rijksregister"}
    assert drawn["wachten"] == ("solid", "doublecircle")  # a timer event
    assert drawn["melden"] == ("solid", "box")
    assert drawn["_register__controle"] == ("filled", "note")
    assert _nodes(source, r"penwidth=3 shape=circle") == ["ingeschreven"]
    assert _nodes(source, f'label="{EXCLUSIVE}".*shape=diamond') == ["gekend"]
    assert _nodes(source, r'label="\+".*shape=diamond') == ["splitsen", "samen"]
    assert _nodes(source, r'label=<<TABLE .*SIDES="R".*SIDES="T".*shape=doublecircle ') == ["wachten"]
    assert '_naam__wachten [label="Wachten op adresbeheerder\\nwacht 1 maand" fontsize=9' in source  # a wait
    # lasts its time: no "≤", which is for a limit
    assert _nodes(source, r"peripheries=2") == ["melden"]
    assert "\tnode [fontname=Helvetica fontsize=10 shape=box style=rounded]\n" in source  # a task is the default


def test_branches_deadlines_and_register_notes(minimal: Fiche) -> None:
    source = process_diagram(minimal).source
    assert "gekend -> splitsen [xlabel=ja]" in source  # orthogonal flows place edge labels as xlabels
    assert "gekend -> wachten [xlabel=nee]" in source
    assert '_naam__aangifte [label="Aangifte adreswijziging\\n≤ 8 werkdagen vanaf verhuis"' in source
    assert 'label="R Adres (busnummer)\\nR Gebouweenheid"' in source


def test_long_labels_wrap_so_that_columns_stay_narrow() -> None:
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "process": {
            "a": {"kind": "start", "name": "Start", "next": "b"},
            "b": {"kind": "task", "name": "Ontvankelijkheid en volledigheid onderzoeken",
                  "deadline": {"within": 30, "unit": "calendar_days", "from": "indiening_of_aanvulling"},
                  "register": [{"read": "Gebouweenheid", "attributes": ["identificator", "functie", "adressen"]}],
                  "next": "c"},
            "c": {"kind": "decision", "name": "Ontvankelijk?", "branches": {"ja, volledig en ook ontvankelijk": "d"},
                  "default": "d"},
            "d": {"kind": "end", "name": "Klaar"},
        },
    })
    source = process_diagram(fiche).source
    # at most 28 characters a line; an id longer than that stays whole
    assert ('\tb [label="Ontvankelijkheid en\\nvolledigheid onderzoeken\\n≤ 30 kalenderdagen vanaf\\n'
            'indiening_of_aanvulling"]\n') in source
    assert '_register__b [label="R Gebouweenheid (identificator,\\nfunctie, adressen)" color=' in source  # 36 a line
    assert 'c -> d [xlabel="ja, volledig en ook\\nontvankelijk"]' in source


@pytest.mark.parametrize("path", FICHES, ids=[p.stem for p in FICHES])
def test_no_flow_is_drawn_through_a_step_or_a_note(path: Path) -> None:
    """Laid out, no flow passes over a node other than its own two ends (orthogonal flows route around them)."""
    import json

    layout = json.loads(run_engine(process_diagram(load_fiche(path)).source, "json"))
    boxes = {}
    for node in layout["objects"]:
        if "pos" in node and node.get("style") != "invis":
            x, y = (float(v) for v in node["pos"].split(","))
            half_w, half_h = float(node["width"]) * 36 - 2, float(node["height"]) * 36 - 2
            boxes[node["_gvid"]] = (x - half_w, y - half_h, x + half_w, y + half_h)
    crossed = []
    for edge in layout["edges"]:
        if edge.get("style") == "invis":
            continue
        spline = edge["pos"].split(";")[0].split()
        points = [tuple(float(v) for v in p.split(",")) for p in spline if p[:2] not in ("e,", "s,")]
        # an orthogonal route is straight pieces; sample each piece finely
        samples = [(a[0] + (b[0] - a[0]) * t / 20, a[1] + (b[1] - a[1]) * t / 20)
                   for a, b in itertools.pairwise(points) for t in range(21)]
        for gvid, (x0, y0, x1, y1) in boxes.items():
            if gvid not in (edge["tail"], edge["head"]) and any(x0 < x < x1 and y0 < y < y1 for x, y in samples):
                crossed.append((edge["tail"], edge["head"], gvid))
    assert crossed == []


@pytest.mark.parametrize("path", FICHES, ids=[p.stem for p in FICHES])
def test_a_symbol_s_caption_stands_under_it_inside_its_lane(path: Path) -> None:
    """Laid out: the text of each event, gateway and wait is under its symbol and inside its lane (an ``xlabel``
    stood left of the lane), and every lane begins at the same x."""
    import json

    fiche = load_fiche(path)
    layout = json.loads(run_engine(process_diagram(fiche).source, "json"))
    objects = {o["name"]: o for o in layout["objects"]}
    lanes = {o["name"]: [float(v) for v in o["bb"].split(",")] for o in layout["objects"] if "bb" in o
             and o["name"].startswith("cluster_") and not o["name"].startswith("cluster__bij__")}
    assert len({round(left) for left, _, _, _ in lanes.values()}) == 1
    events = [sid for sid, step in fiche.process.items() if step.kind not in (StepKind.TASK, StepKind.CALL)]
    assert events
    lane_of = step_lanes(fiche)
    for sid in events:
        caption, event = objects[f"_naam__{sid}"], objects[sid]
        x, y = (float(v) for v in caption["pos"].split(","))
        half_w, half_h = float(caption["width"]) * 36, float(caption["height"]) * 36
        left, bottom, right, top = lanes[f"cluster_{lane_of[sid]}"]
        assert left <= x - half_w and x + half_w <= right and bottom <= y - half_h and y + half_h <= top, sid
        ex, ey = (float(v) for v in event["pos"].split(","))
        assert abs(ex - x) < 1 and y < ey, sid  # in the event's column, under it (y grows upwards)


@pytest.mark.parametrize("path", FICHES, ids=[p.stem for p in FICHES])
def test_a_register_note_stands_next_to_its_step(path: Path) -> None:
    """Laid out: nothing stands between a step and its register note in their column (a symbol's note, outside
    the cluster of the symbol and its caption, stood beyond another symbol)."""
    import json

    layout = json.loads(run_engine(process_diagram(load_fiche(path)).source, "json"))
    placed = {o["name"]: tuple(float(v) for v in o["pos"].split(",")) for o in layout["objects"]
              if "pos" in o and o.get("style") != "invis"}
    notes = [name for name in placed if name.startswith("_register__")]
    assert notes
    between = []
    for note in notes:
        (x, y), (_, step_y) = placed[note], placed[note.removeprefix("_register__")]
        between += [(note, name) for name, (nx, ny) in placed.items()
                    if abs(nx - x) < 1 and min(y, step_y) < ny < max(y, step_y)]
    assert between == []


def _text_boxes(ops: list[dict[str, Any]] | None, owner: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """(owner, left, bottom, right, top) of each line of text that Graphviz draws (``T`` in its ``-Tjson``)."""
    boxes = []
    for op in ops or []:
        if op["op"] == "T":
            (x, y), width, size = op["pt"], op["width"], op.get("size", 9)
            left = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
            boxes.append((owner, left, y - size * 0.25, left + width, y + size * 0.75))
    return boxes


@pytest.mark.parametrize("path", FICHES, ids=[p.stem for p in FICHES])
def test_no_text_covers_another_text_or_a_step(path: Path) -> None:
    """Laid out, no line of text (a step's, a caption's, a note's, an answer's) covers another or a node
    other than its own; as ``xlabel``s beside their symbols 41 did in the six bundled fiches."""
    import json

    layout = json.loads(run_engine(process_diagram(load_fiche(path)).source, "json"))
    texts, nodes = [], []
    for node in layout["objects"]:
        if "pos" not in node:
            continue
        texts += _text_boxes(node.get("_ldraw_"), (node["_gvid"],)) + _text_boxes(node.get("_xldraw_"),
                                                                                   (node["_gvid"],))
        if node.get("style") != "invis" and node.get("shape") != "plaintext":
            x, y = (float(v) for v in node["pos"].split(","))
            half_w, half_h = float(node["width"]) * 36, float(node["height"]) * 36
            nodes.append((node["_gvid"], x - half_w, y - half_h, x + half_w, y + half_h))
    for edge in layout.get("edges", []):  # an answer may touch the two steps of its flow
        texts += _text_boxes(edge.get("_xldraw_"), (edge["tail"], edge["head"]))

    def overlap(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
        return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]

    covered = [(a[0], b[0]) for a, b in itertools.combinations(texts, 2) if a[0] != b[0] and overlap(a, b)]
    covered += [(t[0], n[0]) for t in texts for n in nodes if n[0] not in t[0] and overlap(t, n)]
    assert covered == []


def test_labels_wrap_at_ordinary_spaces_only() -> None:
    assert wrap("Vertrek\u00a0controleren en art.\u00a08 toepassen", 12) == [
        "Vertrek\u00a0controleren", "en art.\u00a08", "toepassen"]  # kept together where the author said so


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
    assert "b -> d [xlabel=anders arrowtail=odiamond dir=both]" in process_diagram(fiche).source


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


def test_a_term_from_a_step_is_written_with_the_steps_name_and_a_timer_has_no_sign() -> None:
    from schillen.model import Deadline

    steps = {"opname_betekenen": "Opname betekenen aan alle zakelijk gerechtigden"}
    term = Deadline.model_validate({"within": 30, "unit": "calendar_days", "from": "opname_betekenen"})
    assert format_deadline(term, steps) == "≤ 30 kalenderdagen vanaf Opname betekenen aan alle zakelijk gerechtigden"
    assert format_deadline(term) == "≤ 30 kalenderdagen vanaf opname_betekenen"  # no names given: as written
    other = Deadline.model_validate({"within": 12, "unit": "months", "from": "de datum van het hergebruik"})
    assert format_deadline(other, steps) == "≤ 12 maanden vanaf de datum van het hergebruik"  # not a step id
    assert format_deadline(other, steps, timer=True) == "12 maanden vanaf de datum van het hergebruik"
    assert format_deadline(term, steps, timer=True) == (
        "30 kalenderdagen vanaf Opname betekenen aan alle zakelijk gerechtigden")
    back = Deadline.model_validate({"within": 2, "unit": "weeks", "from": "zitting", "before": True})
    assert format_deadline(back, timer=True) == "tot 2 weken vóór zitting"
    assert format_deadline(Deadline.model_validate({"within": 1, "unit": "years"}), timer=True) == "1 jaar"


def test_diagram_labels_name_the_step_a_term_counts_from() -> None:
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "process": {
            "opname": {"kind": "start", "name": "Opname betekend", "next": "beroep"},
            "beroep": {"kind": "decision", "name": "Beroep?", "branches": {"ja": "wachten"}, "default": "einde",
                       "deadline": {"within": 30, "unit": "calendar_days", "from": "opname"}},
            "wachten": {"kind": "wait", "name": "Periode afwachten", "next": "einde",
                        "timer": {"within": 12, "unit": "months", "from": "opname"}},
            "einde": {"kind": "end", "name": "Klaar",
                      "deadline": {"within": 1, "unit": "years", "from": "de betekening"}},
        },
    })
    source = process_diagram(fiche).source
    assert '_naam__beroep [label="Beroep?\\n≤ 30 kalenderdagen vanaf\\nOpname betekend"' in source
    assert '_naam__wachten [label="Periode afwachten\\nwacht 12 maanden vanaf\\nOpname betekend"' in source
    assert '_naam__einde [label="Klaar\\n≤ 1 jaar vanaf de betekening"' in source
    assert "vanaf opname" not in source


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
    assert '<TD ALIGN="LEFT">datum</TD><TD ALIGN="LEFT">datum</TD><TD ALIGN="LEFT">1</TD>' in source  # type: date


def test_data_types_are_dutch_words_in_the_data_model() -> None:
    """Review B5: every type the model allows is drawn as a Dutch word, never as its English value."""
    from schillen.model import AttributeType
    from schillen.render.dot import TYPE_WORDS

    types = {t.value: t.value for t in AttributeType}
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "shells": {"kern": {}, "beheer": {"Dossier": {"attributes": {
            name: {"type": value} for name, value in types.items()}}}},
        "process": {"a": {"kind": "start", "name": "A", "next": "b"}, "b": {"kind": "end", "name": "B"}},
    })
    source = data_model_diagram(fiche).source
    rows = re.findall(r'<TR><TD ALIGN="LEFT">(\w+)</TD><TD ALIGN="LEFT">([^<]*)</TD>', source)
    assert dict(rows) == {"string": "tekst", "integer": "geheel getal", "decimal": "decimaal getal",
                          "boolean": "ja/nee", "date": "datum", "datetime": "datum en tijd"}
    assert set(TYPE_WORDS) == set(AttributeType)


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
    assert 'voorgesteld -> afgekeurd [label=afkeuren color="#666666" fontcolor="#666666"]' in source
    assert re.findall(r"^\t(\w+) \[label=\w+\]$", source, re.M) == ["voorgesteld", "inGebruik", "gehistoreerd",
                                                                   "afgekeurd"]


def test_a_states_self_loops_are_one_edge_what_the_fiche_uses_first_and_lit() -> None:
    fiche = Fiche.model_validate({
        "id": "x", "title": "X", "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "process": {
            "a": {"kind": "start", "name": "A", "next": "c",
                  "register": [{"operation": "adreskoppelen", "object": "Perceel"}]},
            "c": {"kind": "end", "name": "C"},
        },
    })
    source = lifecycle_diagrams(fiche)["perceel"].source
    loops = [line.strip() for line in source.splitlines() if re.match(r"\s*(\w+) -> \1 ", line)]
    assert loops == [
        'gerealiseerd -> gerealiseerd [label=<<FONT COLOR="#1f5fbf"><B>adreskoppelen</B></FONT><BR ALIGN="LEFT"/>'
        '<FONT COLOR="#666666">adresontkoppelen</FONT><BR ALIGN="LEFT"/>> color="#1f5fbf" penwidth=2.5]',
        'gehistoreerd -> gehistoreerd [label=adresontkoppelen color="#666666" fontcolor="#666666"]',
    ]


def test_lifecycles_of_the_bundled_fiches_have_at_most_one_loop_per_state() -> None:
    for path in FICHES:
        for diagram in lifecycle_diagrams(load_fiche(path)).values():
            loops = re.findall(r"^\t(\w+) -> \1 ", diagram.source, re.M)
            assert len(loops) == len(set(loops)), (path.stem, diagram.name)


# --- hostile text ------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "q" {b} \\N & x\ny'
HTML_LIKE = "<b>Titel</b>"
"""Text that Graphviz takes for an HTML-like label when it is not quoted: it starts with < and ends with >."""


def hostile_fiche(text: str = HOSTILE) -> Fiche:
    """A fiche that has ``text`` for every name, title and reference."""
    return Fiche.model_validate({
        "id": "x", "title": text, "version": "1.0.0", "status": "draft", "updated": "2026-11-28", "summary": "X.",
        "actors": {"a": {"name": text, "kind": "person"}},
        "shells": {
            "kern": {"Adres": [text]},
            text: {"Ding": {"attributes": {"naam": {"ref": text}, "adres": {"ref": "Adres"}}}},
        },
        "process": {
            "node": {"kind": "start", "name": text, "actor": "a", "next": "edge",
                     "deadline": {"within": 1, "unit": "weeks", "from": text}},
            "edge": {"kind": "decision", "name": text, "branches": {text: "graph"}},
            "graph": {"kind": "end", "name": text},
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


@pytest.mark.parametrize("text", ["A &amp; B", "Z & Z", "&lt;b&gt; &#955;"])
def test_entities_in_fiche_text_are_drawn_as_written(text: str) -> None:
    fiche = hostile_fiche().model_copy(update={"title": text})
    svg = run_engine(process_diagram(fiche).source, "svg").decode("utf-8")
    title = re.search(r"<text[^>]*>([^<]*)</text>", svg)
    assert title is not None and html.unescape(title[1]) == text


def test_text_that_looks_like_an_html_label_is_drawn_as_text() -> None:
    for source in _diagrams(hostile_fiche(HTML_LIKE)):
        assert "label=<b>" not in source and "label=<<b>" not in source
        svg = run_engine(source, "svg").decode("utf-8")
        assert "&lt;b&gt;Titel&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'label="<b>Titel</b>"' in process_diagram(hostile_fiche(HTML_LIKE)).source


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


def test_a_lifecycle_is_built_once_and_each_caller_gets_its_own_copy():
    from schillen.registers import load_register
    from schillen.render.dot import lifecycle_diagram

    register = load_register()
    first = lifecycle_diagram(register, "adres", ["goedkeuren"])
    second = lifecycle_diagram(register, "adres", {"goedkeuren"})
    assert first is not second and first.source == second.source
    first.node("extra")
    assert "extra" not in lifecycle_diagram(register, "adres", ["goedkeuren"]).source
    assert lifecycle_diagram(register, "adres").source != second.source  # nothing lit
