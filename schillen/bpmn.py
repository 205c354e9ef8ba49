"""BPMN 2.0 XML: a fiche's process as a BPMN diagram, and a BPMN process as fiche data.

Export (:func:`to_bpmn`) writes one ``definitions`` with a ``collaboration`` of
one ``participant`` (the pool) and its ``process``, then BPMN DI with the
coordinates of a Graphviz layout (``rankdir=LR``), so that bpmn.io and Camunda
Modeler open it as drawn.  Steps become, by kind:

=================  ==========================================================
start, end         ``startEvent``, ``endEvent``
task               ``task``
call               ``callActivity``, ``calledElement`` = the called fiche's id
wait               ``intermediateCatchEvent`` with a ``timerEventDefinition``
                   (a ``timeDuration`` when the wait has a timer)
decision           ``exclusiveGateway``; each branch a ``sequenceFlow`` with the
                   label as ``name`` and as ``conditionExpression``; the
                   ``default`` attribute names the default flow
parallel_split     ``parallelGateway`` (``gatewayDirection="Diverging"``); when
                   several flows lead into it, an ``exclusiveGateway`` merges
                   them first (our split merges like a task does; BPMN's
                   parallel gateway would wait for all of them)
parallel_join      ``parallelGateway`` (``Converging``, or ``Mixed`` when it has
                   several next steps: BPMN then joins and splits at once, as
                   we do)
=================  ==========================================================

Ids are valid XML names: steps are ``step_<id>``, flows ``flow_<from>_<to>``,
lanes ``lane_<actor>``, the merge before a split ``merge_<id>``, the process the
fiche id (``_<id>`` when it starts with a digit), so a call's ``calledElement``
names the process of the called fiche's own export.  Descriptions become
``documentation``.  One lane per declared actor; a step without actor belongs to
no lane (it is drawn in the lane of its neighbours).  The output depends only on
the fiche and the layout engine: the same fiche gives the same bytes.

Timers are ISO 8601 durations: ``P3D``, ``P2W``, ``P1M``, ``P1Y``.  ISO 8601 has
no working days, so *n* working days are written as the longest time they can
span when every five of them include a weekend, ``P{n + 2*ceil(n/5)}D`` (8
working days: ``P12D``; public holidays are not counted), and the exact term is
kept in the attribute ``schillen:workingDays`` (namespace :data:`SCHILLEN_NS`),
which other tools keep and ignore.  A deadline's ``from`` and ``before`` are not
written.

Import (:func:`parse_bpmn`, :func:`from_bpmn`, :func:`load_bpmn`) reads the XML
with ``defusedxml`` (no DTDs, entities or external references: hostile files
are refused at once) and takes the first process with flow elements: tasks of
every type, call activities, start and end events, intermediate catch events
(waits; a timer's duration becomes the wait's ``timer``), exclusive gateways
(decisions; one with a single outgoing flow is a merge and is folded away, its
incoming flows led straight to where it leads), parallel gateways (joins when
several flows lead in or they say ``Converging``/``Mixed``, else splits), lanes
(actors, for the steps they hold) and sequence flows (names become branch
labels).  A sub-process and an intermediate throw event are read as tasks, with
a warning (``bpmn.read-as``).  Every other element (boundary events, inclusive
and event-based gateways, messages, data objects, annotations, ...) is left out
with a warning that names its id and tag (``bpmn.unsupported-element``), and so
are the flows to and from it; ``extensionElements`` and the data inside
activities are skipped silently.  XML that cannot be read, a file that is not
BPMN 2.0, or one without a process is an error.

Examples:
    >>> from schillen.model import Fiche
    >>> fiche = Fiche.model_validate({
    ...     "id": "voorbeeld", "title": "Voorbeeld", "version": "1.0.0", "status": "draft",
    ...     "updated": "2026-11-28", "summary": "Een voorbeeld.",
    ...     "actors": {"loket": {"name": "Loket", "kind": "organisation"}},
    ...     "process": {
    ...         "start": {"kind": "start", "name": "Aanvraag", "next": "doen"},
    ...         "doen": {"kind": "task", "actor": "loket", "name": "Behandelen", "next": "einde"},
    ...         "einde": {"kind": "end", "name": "Afgehandeld"},
    ...     },
    ... })
    >>> xml = to_bpmn(fiche)
    >>> '<bpmn:task id="step_doen" name="Behandelen">' in xml
    True
    >>> data, diagnostics = from_bpmn(xml, "voorbeeld.bpmn", today="2026-12-01")
    >>> diagnostics
    []
    >>> data["process"]["doen"]
    {'kind': 'task', 'actor': 'loket', 'name': 'Behandelen', 'next': 'einde'}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import unicodedata
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from pathlib import Path, PurePath
from typing import Any, NoReturn

from schillen._io import read_at_most
from schillen._validation import display_path, os_reason
from schillen._version import __version__
from schillen.diagnostics import Diagnostic, quote
from schillen.graph import to_graph
from schillen.loading import SCHEMA_COMMENT
from schillen.model import NAME_PATTERN, SLUG_PATTERN, Deadline, DeadlineUnit, Fiche, StepKind
from schillen.render.engine import Engine, run_layout

__all__ = [
    "BPMN_NS",
    "CODES",
    "MAX_BYTES",
    "SCHILLEN_NS",
    "BpmnImport",
    "from_bpmn",
    "load_bpmn",
    "parse_bpmn",
    "render_fiche_yaml",
    "to_bpmn",
]

CODES = (
    "bpmn.too-large",
    "bpmn.syntax",
    "bpmn.unsafe-xml",
    "bpmn.not-bpmn",
    "bpmn.no-process",
    "bpmn.unsupported-element",
    "bpmn.read-as",
    "bpmn.broken-flow",
    "bpmn.timer",
)

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHILLEN_NS = "urn:schillen:bpmn"
"""Namespace of the attributes that keep what BPMN cannot say (``workingDays``, an actor's ``kind``)."""

MAX_BYTES = 50_000_000
"""The largest BPMN file read (a 2,000-step process with its diagram is a few megabytes)."""

MAX_DEPTH = 200
"""Elements nested deeper than this are refused (BPMN needs a handful of levels)."""

# --- export ------------------------------------------------------------------------------

_SIZES = {  # width, height in pixels (1 px = 1 pt in the layout), as bpmn.io draws them
    "startEvent": (36, 36),
    "endEvent": (36, 36),
    "intermediateCatchEvent": (36, 36),
    "task": (100, 80),
    "callActivity": (100, 80),
    "exclusiveGateway": (50, 50),
    "parallelGateway": (50, 50),
}
_TAGS = {
    StepKind.START: "startEvent",
    StepKind.END: "endEvent",
    StepKind.TASK: "task",
    StepKind.CALL: "callActivity",
    StepKind.WAIT: "intermediateCatchEvent",
    StepKind.DECISION: "exclusiveGateway",
    StepKind.PARALLEL_SPLIT: "parallelGateway",
    StepKind.PARALLEL_JOIN: "parallelGateway",
}
_POOL_X, _POOL_Y = 20, 20
_HEADER = 30  # the band with the pool's or lane's name
_MARGIN = 30  # between a lane's edge and the nearest shape
_TRACK = 120  # height of one row of shapes in a lane
_GAP = 30  # horizontal room between two shapes in one row


@dataclass
class _Node:
    """A BPMN flow node to write: its element, the step it stands for, and where it is drawn."""

    id: str
    tag: str
    name: str
    step: str | None = None
    actor: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_X] = field(default_factory=list)
    documentation: str | None = None
    x: float = 0.0
    y: float = 0.0

    @property
    def size(self) -> tuple[int, int]:
        return _SIZES[self.tag]


@dataclass
class _Flow:
    id: str
    source: str
    target: str
    name: str | None = None
    condition: str | None = None


@dataclass
class _X:
    """An XML element to write: tag (with prefix), attributes in order, children or text."""

    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[_X] = field(default_factory=list)
    text: str | None = None


def _ncname(fiche_id: str) -> str:
    """A fiche id as an XML name (ids may start with a digit; XML names may not)."""
    return fiche_id if fiche_id[:1].isalpha() else f"_{fiche_id}"


def _iso_duration(timer: Deadline) -> tuple[str, str | None]:
    """The ISO 8601 duration of a timer, and the working days when that is the unit."""
    n = timer.within
    unit = timer.unit
    if unit is DeadlineUnit.WORKING_DAYS:
        return f"P{n + 2 * math.ceil(n / 5)}D", str(n)
    letter = {DeadlineUnit.CALENDAR_DAYS: "D", DeadlineUnit.WEEKS: "W", DeadlineUnit.MONTHS: "M",
              DeadlineUnit.YEARS: "Y"}[unit]
    return f"P{n}{letter}", None


def _unique(base: str, used: set[str]) -> str:
    found, n = base, 1
    while found in used:
        n += 1
        found = f"{base}_{n}"
    used.add(found)
    return found


def _build_nodes(fiche: Fiche) -> tuple[list[_Node], list[_Flow], dict[str, str | None]]:
    """The flow nodes and sequence flows of the fiche's process (gateways added where BPMN needs them)."""
    graph = to_graph(fiche)
    nodes: list[_Node] = []
    by_step: dict[str, _Node] = {}
    for sid, step in fiche.process.items():
        node = _Node(f"step_{sid}", _TAGS[step.kind], step.name, step=sid, actor=step.actor,
                     documentation=step.description)
        if step.kind is StepKind.CALL and step.call:
            node.attrs["calledElement"] = _ncname(step.call)
        elif step.kind is StepKind.WAIT:
            timer: list[_X] = []
            if step.timer is not None:
                duration, working = _iso_duration(step.timer)
                timer.append(_X("bpmn:timeDuration", [("xsi:type", "bpmn:tFormalExpression"),
                                                      ("schillen:workingDays", working)], text=duration))
            node.children.append(_X("bpmn:timerEventDefinition", [("id", f"timer_{sid}")], timer))
        elif step.kind is StepKind.DECISION:
            node.attrs["gatewayDirection"] = "Mixed" if graph.in_degree(sid) > 1 else "Diverging"
        elif step.kind is StepKind.PARALLEL_SPLIT:
            node.attrs["gatewayDirection"] = "Diverging"
        elif step.kind is StepKind.PARALLEL_JOIN:
            node.attrs["gatewayDirection"] = "Mixed" if graph.out_degree(sid) > 1 else "Converging"
        nodes.append(node)
        by_step[sid] = node

    used: set[str] = set()
    flows: list[_Flow] = []
    # A parallel split with several flows in merges them first (an exclusive merge gateway).
    entry: dict[str, str] = {}
    for sid, step in fiche.process.items():
        if step.kind is StepKind.PARALLEL_SPLIT and graph.in_degree(sid) > 1:
            merge = _Node(f"merge_{sid}", "exclusiveGateway", step.name, actor=None,
                          attrs={"gatewayDirection": "Converging"})
            nodes.insert(nodes.index(by_step[sid]), merge)
            entry[sid] = merge.id

    def add(source: str, target: str, name: str | None = None) -> _Flow:
        into = entry.get(target, f"step_{target}")
        flow = _Flow(_unique(f"flow_{source}_{target}", used), f"step_{source}", into, name, name)
        flows.append(flow)
        return flow

    defaults: dict[str, str | None] = {}
    for sid, step in fiche.process.items():
        for target in step.next:
            if target in fiche.process:
                add(sid, target)
        for label, target in step.branches.items():
            if target in fiche.process:
                add(sid, target, label)
        if step.default is not None and step.default in fiche.process:
            defaults[f"step_{sid}"] = add(sid, step.default).id
    for sid, merge_id in entry.items():
        flows.append(_Flow(_unique(f"flow_{merge_id}", used), merge_id, f"step_{sid}"))
    return nodes, flows, defaults


def _lanes_of(fiche: Fiche, nodes: list[_Node], flows: list[_Flow]) -> dict[str, str]:
    """The lane each node is drawn in: its actor's, else the nearest neighbour's (nodes without are left out)."""
    lane = {n.id: n.actor for n in nodes if n.actor is not None}
    neighbours: dict[str, list[str]] = {n.id: [] for n in nodes}
    for flow in flows:  # predecessors before successors: a gateway goes with the step that leads to it
        neighbours[flow.target].append(flow.source)
    for flow in flows:
        neighbours[flow.source].append(flow.target)
    queue = deque(n.id for n in nodes if n.id in lane)
    while queue:
        current = queue.popleft()
        for other in neighbours[current]:
            if other not in lane:
                lane[other] = lane[current]
                queue.append(other)
    return {k: v for k, v in lane.items() if v is not None}


def _dot_source(nodes: list[_Node], flows: list[_Flow]) -> str:
    lines = ["digraph bpmn {", "  graph [rankdir=LR, nodesep=0.4, ranksep=0.6];",
             '  node [shape=box, fixedsize=true, label=""];']
    for node in nodes:
        width, height = node.size
        lines.append(f'  "{node.id}" [width={width / 72:.4f}, height={height / 72:.4f}];')
    for flow in flows:
        lines.append(f'  "{flow.source}" -> "{flow.target}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _place(fiche: Fiche, nodes: list[_Node], flows: list[_Flow], engine: Engine | None
           ) -> tuple[list[tuple[str | None, float, float]], tuple[float, float, float, float]]:
    """Set each node's centre; return the lanes as (actor, top, height) and the pool's bounds.

    x comes from the Graphviz layout; y from the lanes: the nodes of a lane are stacked in rows,
    in the layout's top-to-bottom order, a node going to the first row where it overlaps nothing.
    """
    layout = run_layout(_dot_source(nodes, flows), engine)
    drawn_in = _lanes_of(fiche, nodes, flows)
    actors = list(fiche.actors)
    actors += sorted({n.actor for n in nodes if n.actor and n.actor not in fiche.actors})
    has_lanes = bool(actors)
    first = next((a for a in actors if a in drawn_in.values()), actors[0] if actors else None)
    members: dict[str | None, list[_Node]] = {a: [] for a in actors} if has_lanes else {None: []}
    for node in nodes:
        members[drawn_in.get(node.id, first) if has_lanes else None].append(node)

    def mean_y(actor: str | None) -> float:
        ys = [layout.nodes[n.id][1] for n in members[actor]]
        return sum(ys) / len(ys)

    used = [a for a in members if members[a]]
    order = sorted(used, key=lambda a: (mean_y(a), used.index(a))) + [a for a in members if not members[a]]

    left = min((layout.nodes[n.id][0] - n.size[0] / 2 for n in nodes), default=0.0)
    x0 = _POOL_X + _HEADER + (_HEADER if has_lanes else 0) + _MARGIN
    for node in nodes:
        node.x = x0 + layout.nodes[node.id][0] - left
    right = max((n.x + n.size[0] / 2 for n in nodes), default=x0) + _MARGIN

    lanes: list[tuple[str | None, float, float]] = []
    top = float(_POOL_Y)
    for actor in order:
        rows: list[list[tuple[float, float]]] = []
        row_of: dict[str, int] = {}
        for node in sorted(members[actor], key=lambda n: (layout.nodes[n.id][1], n.x)):
            span = (node.x - node.size[0] / 2 - _GAP / 2, node.x + node.size[0] / 2 + _GAP / 2)
            for index, row in enumerate(rows):
                if all(span[1] <= a or span[0] >= b for a, b in row):
                    row.append(span)
                    row_of[node.id] = index
                    break
            else:
                rows.append([span])
                row_of[node.id] = len(rows) - 1
        height = 2 * _MARGIN + max(len(rows), 1) * _TRACK - 40
        for node in members[actor]:
            node.y = top + _MARGIN + row_of[node.id] * _TRACK + (_TRACK - 40) / 2
        lanes.append((actor, top, height))
        top += height
    width = right - _POOL_X
    return lanes, (_POOL_X, _POOL_Y, width, top - _POOL_Y)


def _waypoints(source: _Node, target: _Node) -> list[tuple[float, float]]:
    """An orthogonal route: out of the right side (a gateway: its top or bottom), into the left side."""
    (sw, sh), (tw, th) = source.size, target.size
    sx, sy, tx, ty = source.x, source.y, target.x, target.y
    gateway = source.tag.endswith("Gateway")
    if tx - tw / 2 > sx + sw / 2:  # forwards
        if abs(sy - ty) < 1:
            return [(sx + sw / 2, sy), (tx - tw / 2, ty)]
        if gateway:
            return [(sx, sy + (sh / 2 if ty > sy else -sh / 2)), (sx, ty), (tx - tw / 2, ty)]
        if target.tag.endswith("Gateway"):
            return [(sx + sw / 2, sy), (tx, sy), (tx, ty + (th / 2 if sy > ty else -th / 2))]
        middle = (sx + sw / 2 + tx - tw / 2) / 2
        return [(sx + sw / 2, sy), (middle, sy), (middle, ty), (tx - tw / 2, ty)]
    if ty < sy:  # backwards and up: over the top
        level = min(sy - sh / 2, ty - th / 2) - 20
        return [(sx, sy - sh / 2), (sx, level), (tx, level), (tx, ty - th / 2)]
    level = max(sy + sh / 2, ty + th / 2) + 20  # backwards: underneath
    return [(sx, sy + sh / 2), (sx, level), (tx, level), (tx, ty + th / 2)]


def _num(value: float) -> str:
    return str(round(value))


def _bounds(x: float, y: float, width: float, height: float) -> _X:
    return _X("dc:Bounds", [("x", _num(x)), ("y", _num(y)), ("width", _num(width)), ("height", _num(height))])


def to_bpmn(fiche: Fiche, *, engine: Engine | None = None) -> str:
    """The process of ``fiche`` as BPMN 2.0 XML with a diagram (see the module docstring).

    Args:
        fiche: a loaded fiche.
        engine: the Graphviz layout engine (default: :func:`schillen.render.engine.find_engine`).

    Raises:
        RenderError: no layout engine, or it failed.
    """
    nodes, flows, defaults = _build_nodes(fiche)
    lanes, pool = _place(fiche, nodes, flows, engine)
    by_id = {n.id: n for n in nodes}
    ident = _ncname(fiche.id)
    incoming: dict[str, list[str]] = {n.id: [] for n in nodes}
    outgoing: dict[str, list[str]] = {n.id: [] for n in nodes}
    for flow in flows:
        outgoing[flow.source].append(flow.id)
        incoming[flow.target].append(flow.id)

    process = _X("bpmn:process", [("id", ident), ("name", fiche.title), ("isExecutable", "false")])
    process.children.append(_X("bpmn:documentation", text=fiche.summary))
    lane_actors = [a for a in list(fiche.actors) + sorted({a for a, _, _ in lanes if a} - set(fiche.actors)) if a]
    if any(actor is not None for actor, _, _ in lanes):
        lane_set = _X("bpmn:laneSet", [("id", f"lanes_{ident}")])
        for actor in lane_actors:  # in the order of the fiche; the diagram stacks them as drawn
            declared = fiche.actors.get(actor)
            lane = _X("bpmn:lane", [("id", f"lane_{actor}"), ("name", declared.name if declared else actor),
                                    ("schillen:kind", declared.kind.value if declared else None)])
            if declared is not None and declared.description:
                lane.children.append(_X("bpmn:documentation", text=declared.description))
            lane.children += [_X("bpmn:flowNodeRef", text=n.id) for n in nodes if n.actor == actor]
            lane_set.children.append(lane)
        process.children.append(lane_set)
    for node in nodes:
        attrs: list[tuple[str, str | None]] = [("id", node.id), ("name", node.name)]
        attrs += list(node.attrs.items())
        if node.id in defaults:
            attrs.append(("default", defaults[node.id]))
        element = _X(f"bpmn:{node.tag}", attrs)
        if node.documentation:
            element.children.append(_X("bpmn:documentation", text=node.documentation))
        element.children += [_X("bpmn:incoming", text=f) for f in incoming[node.id]]
        element.children += [_X("bpmn:outgoing", text=f) for f in outgoing[node.id]]
        element.children += node.children
        process.children.append(element)
    for flow in flows:
        element = _X("bpmn:sequenceFlow", [("id", flow.id), ("name", flow.name), ("sourceRef", flow.source),
                                           ("targetRef", flow.target)])
        if flow.condition is not None:
            element.children.append(_X("bpmn:conditionExpression", [("xsi:type", "bpmn:tFormalExpression")],
                                       text=flow.condition))
        process.children.append(element)

    collaboration = _X("bpmn:collaboration", [("id", f"collaboration_{ident}")], [
        _X("bpmn:participant", [("id", f"participant_{ident}"), ("name", fiche.title), ("processRef", ident)])
    ])
    plane = _X("bpmndi:BPMNPlane", [("id", f"plane_{ident}"), ("bpmnElement", f"collaboration_{ident}")])
    plane.children.append(_X("bpmndi:BPMNShape", [("id", f"participant_{ident}_di"),
                                                  ("bpmnElement", f"participant_{ident}"), ("isHorizontal", "true")],
                             [_bounds(*pool)]))
    for lane_actor, top, height in lanes:
        if lane_actor is not None:
            plane.children.append(_X("bpmndi:BPMNShape", [("id", f"lane_{lane_actor}_di"),
                                                          ("bpmnElement", f"lane_{lane_actor}"),
                                                          ("isHorizontal", "true")],
                                     [_bounds(pool[0] + _HEADER, top, pool[2] - _HEADER, height)]))
    for node in nodes:
        width, height = node.size
        attrs = [("id", f"{node.id}_di"), ("bpmnElement", node.id)]
        if node.tag == "exclusiveGateway":
            attrs.append(("isMarkerVisible", "true"))
        plane.children.append(_X("bpmndi:BPMNShape", attrs, [_bounds(node.x - width / 2, node.y - height / 2,
                                                                     width, height)]))
    for flow in flows:
        points = _waypoints(by_id[flow.source], by_id[flow.target])
        plane.children.append(_X("bpmndi:BPMNEdge", [("id", f"{flow.id}_di"), ("bpmnElement", flow.id)],
                                 [_X("di:waypoint", [("x", _num(x)), ("y", _num(y))]) for x, y in points]))
    diagram = _X("bpmndi:BPMNDiagram", [("id", f"diagram_{ident}")], [plane])

    root = _X("bpmn:definitions", [
        ("xmlns:bpmn", BPMN_NS), ("xmlns:bpmndi", BPMNDI_NS), ("xmlns:dc", DC_NS), ("xmlns:di", DI_NS),
        ("xmlns:xsi", XSI_NS), ("xmlns:schillen", SCHILLEN_NS), ("id", f"definitions_{ident}"),
        ("targetNamespace", f"urn:schillen:fiche:{fiche.id}"), ("exporter", "schillen"),
        ("exporterVersion", __version__),
    ], [collaboration, process, diagram])
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    _write(root, 0, out)
    return "\n".join(out) + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot hold, written as visible escapes (``\\x1b``)."""
    return _NOT_XML.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _escape_text(text: str) -> str:
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    return (_escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def _write(element: _X, depth: int, out: list[str]) -> None:
    indent = "  " * depth
    attrs = "".join(f' {k}="{_escape_attr(v)}"' for k, v in element.attrs if v is not None)
    if element.text is not None:
        out.append(f"{indent}<{element.tag}{attrs}>{_escape_text(element.text)}</{element.tag}>")
    elif not element.children:
        out.append(f"{indent}<{element.tag}{attrs} />")
    else:
        out.append(f"{indent}<{element.tag}{attrs}>")
        for child in element.children:
            _write(child, depth + 1, out)
        out.append(f"{indent}</{element.tag}>")


# --- import: XML to elements with positions -----------------------------------------------


@dataclass
class _El:
    """An element read from the file: namespace, local name, attributes, children, text, position."""

    ns: str
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[_El] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def id(self) -> str:
        return self.attrs.get("id", "")

    def bpmn(self, *tags: str) -> Iterator[_El]:
        """The BPMN children with one of ``tags`` (all BPMN children when none given)."""
        return (c for c in self.children if c.ns == BPMN_NS and (not tags or c.tag in tags))


class _TooDeep(Exception):
    def __init__(self, position: tuple[int, int]) -> None:
        super().__init__()
        self.position = position


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[_El] = []
        self.root: _El | None = None
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # camelCase: the SAX API's names
        self.locator = locator

    def position(self) -> tuple[int, int]:
        if self.locator is None:
            return 0, 0
        return self.locator.getLineNumber() or 0, (self.locator.getColumnNumber() or 0) + 1

    def startElementNS(self, name: tuple[str | None, str], qname: Any, attrs: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(self.position())
        values = {}
        for (ns, local), value in attrs.items():
            values[local if not ns else f"{{{ns}}}{local}"] = value
        element = _El(name[0] or "", name[1], values, *self.position())
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def endElementNS(self, name: Any, qname: Any) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(content)


class _Errors(xml.sax.handler.ErrorHandler):
    def error(self, exception: BaseException) -> NoReturn:
        raise exception

    def fatalError(self, exception: BaseException) -> NoReturn:
        raise exception

    def warning(self, exception: BaseException) -> None:
        return None


def _read_xml(text: str | bytes, file: str) -> tuple[_El | None, list[Diagnostic]]:
    """Parse XML safely (no DTD, entities or external references) into elements with positions."""
    from defusedxml import DefusedXmlException
    from defusedxml.expatreader import create_parser

    parser = create_parser(namespaceHandling=1, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder = _Builder()
    parser.setContentHandler(builder)
    parser.setErrorHandler(_Errors())
    source = xml.sax.xmlreader.InputSource(file)
    if isinstance(text, bytes):
        source.setByteStream(BytesIO(text))
    else:
        source.setCharacterStream(StringIO(text))
    try:
        parser.parse(source)
    except xml.sax.SAXParseException as exc:
        problem = str(exc.getMessage())
        return None, [Diagnostic(file, exc.getLineNumber() or 0, (exc.getColumnNumber() or 0) + 1, "bpmn.syntax",
                                 {"problem": problem, "problem_nl": problem})]
    except DefusedXmlException:
        return None, [Diagnostic(file, *builder.position(), "bpmn.unsafe-xml")]
    except _TooDeep as exc:
        return None, [Diagnostic(file, *exc.position, "bpmn.syntax",
                                 {"problem": f"elements nest deeper than {MAX_DEPTH} levels",
                                  "problem_nl": f"elementen zijn dieper genest dan {MAX_DEPTH} niveaus"})]
    except (UnicodeError, ValueError) as exc:  # e.g. a str that cannot be encoded
        return None, [Diagnostic(file, 0, 0, "bpmn.syntax", {"problem": str(exc), "problem_nl": str(exc)})]
    return builder.root, []


# --- import: elements to fiche data --------------------------------------------------------

_TASKS = frozenset({"task", "userTask", "serviceTask", "manualTask", "scriptTask", "businessRuleTask", "sendTask",
                    "receiveTask"})
_AS_TASK = frozenset({"subProcess", "transaction", "adHocSubProcess", "intermediateThrowEvent"})
_NODES = _TASKS | _AS_TASK | {"callActivity", "startEvent", "endEvent", "intermediateCatchEvent",
                              "exclusiveGateway", "parallelGateway"}
_LOOPS = frozenset({"standardLoopCharacteristics", "multiInstanceLoopCharacteristics"})
_DEFAULT_TITLE = "Geïmporteerd proces"


@dataclass
class BpmnImport:
    """What :func:`parse_bpmn` read from a BPMN file.

    Attributes:
        file: the path shown in diagnostics.
        data: the fiche as plain data (what its YAML holds), or None when the file cannot be read.
        diagnostics: every problem, located in the BPMN file, sorted.
        fiche: ``data`` validated as a :class:`~schillen.model.Fiche` (None with ``data``).
        positions: line and column of the element each step (and ``"process"``) comes from.
    """

    file: str
    data: dict[str, Any] | None
    diagnostics: list[Diagnostic]
    fiche: Fiche | None = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """The line and column in the BPMN file for a ``loc`` of the fiche (``("process", step, ...)``)."""
        if len(loc) >= 2 and loc[0] == "process" and str(loc[1]) in self.positions:
            return self.positions[str(loc[1])]
        return self.positions.get("process", (0, 0))


def _words(text: str) -> str:
    return " ".join(text.split())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _step_id(text: str) -> str:
    """A step id (``^[a-z][a-z0-9_-]*$``) made from a name or an element id; "" if nothing is left."""
    slug = re.sub(r"[^a-z0-9]+", "_", _ascii(text)).strip("_")
    if len(slug) > 40:
        slug = slug[:40].rsplit("_", 1)[0] if "_" in slug[:40] else slug[:40]
    if slug and not slug[0].isalpha():
        slug = f"s_{slug}"
    return slug


def _fiche_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text)).strip("-")


def _is(pattern: str, text: str) -> bool:
    return re.match(pattern, text) is not None


_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def _timer(value: str, working: str | None) -> dict[str, Any] | None:
    """A wait's timer from an ISO 8601 duration (and ``schillen:workingDays``), or None if unreadable."""
    if working is not None and working.isdigit() and int(working) > 0:
        return {"within": int(working), "unit": "working_days"}
    match = _DURATION.match(value.strip())
    if match is None or value.strip() in ("P", "PT") or value.strip().endswith("T"):
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v is not None and float(v) > 0}
    units = {"Y": "years", "M": "months", "W": "weeks", "D": "calendar_days"}
    if len(parts) == 1 and next(iter(parts)) in units:
        (key, amount), = parts.items()
        return {"within": int(amount), "unit": units[key]}
    if parts and not set(parts) & {"Y", "M"}:
        seconds = (parts.get("W", 0) * 7 + parts.get("D", 0)) * 86400
        seconds += parts.get("h", 0) * 3600 + parts.get("m", 0) * 60 + parts.get("s", 0)
        return {"within": max(1, math.ceil(seconds / 86400)), "unit": "calendar_days"}
    return None


class _Reader:
    """Turns the elements of one BPMN file into fiche data, collecting diagnostics."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def warn(self, element: _El, code: str, **args: Any) -> None:
        self.diagnostics.append(Diagnostic(self.file, element.line, element.column, code, args))

    def unsupported(self, element: _El) -> None:
        self.warn(element, "bpmn.unsupported-element", id=quote(element.id or "-"), tag=quote(element.tag))

    def read(self, root: _El, fiche_id: str, today: str) -> tuple[dict[str, Any] | None, dict[str, tuple[int, int]]]:
        if root.ns != BPMN_NS or root.tag != "definitions":
            found = f"{{{root.ns}}}{root.tag}" if root.ns else root.tag
            self.diagnostics.append(Diagnostic(self.file, root.line, root.column, "bpmn.not-bpmn",
                                               {"found": quote(found)}))
            return None, {}
        processes = list(root.bpmn("process"))
        chosen = self._choose(root, processes)
        for child in root.children:
            if child.ns != BPMN_NS or child.tag in ("collaboration", "extension"):
                continue
            if child.tag == "process" and (child is chosen or not any(child.bpmn(*_NODES, "sequenceFlow"))):
                continue
            self.unsupported(child)
        if chosen is None:
            self.diagnostics.append(Diagnostic(self.file, root.line, root.column, "bpmn.no-process"))
            return None, {}
        participant = self._participant(root, chosen)
        return self._process(chosen, participant, root, fiche_id, today)

    def _choose(self, root: _El, processes: list[_El]) -> _El | None:
        with_steps = [p for p in processes if any(p.bpmn(*_NODES))]
        by_id = {p.id: p for p in with_steps}
        for collaboration in root.bpmn("collaboration"):
            for participant in collaboration.bpmn("participant"):
                ref = participant.attrs.get("processRef", "").rpartition(":")[2]
                if ref in by_id:
                    return by_id[ref]
        return with_steps[0] if with_steps else None

    def _participant(self, root: _El, process: _El) -> _El | None:
        found = None
        for collaboration in root.bpmn("collaboration"):
            for child in collaboration.children:
                if child.ns == BPMN_NS and child.tag == "participant":
                    ref = child.attrs.get("processRef", "").rpartition(":")[2]
                    if ref == process.id and found is None:
                        found = child
                        continue
                    if ref and ref != process.id:
                        continue  # a pool of another process: that process is reported
                if child.ns == BPMN_NS:
                    self.unsupported(child)
        return found

    def _lanes(self, process: _El) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """Actors from the leaf lanes, and the actor of each flow node id."""
        actors: dict[str, dict[str, Any]] = {}
        actor_of: dict[str, str] = {}
        pending = [lane for lane_set in process.bpmn("laneSet") for lane in lane_set.bpmn("lane")]
        leaves: list[_El] = []
        while pending:
            lane = pending.pop(0)
            children = [c for s in lane.bpmn("childLaneSet") for c in s.bpmn("lane")]
            if children:
                pending[:0] = children
            else:
                leaves.append(lane)
        for lane in leaves:
            name = _words(lane.attrs.get("name", "")) or lane.id or "Actor"
            lane_id = lane.id
            if lane_id.startswith("lane_") and _is(NAME_PATTERN, lane_id[5:]):
                base = lane_id[5:]
            else:
                base = _step_id(name) or _step_id(lane_id) or "actor"
            actor_id = _unique(base, set(actors)) if base in actors else base
            kind = lane.attrs.get(f"{{{SCHILLEN_NS}}}kind", "organisation")
            if kind not in ("person", "organisation", "system", "external"):
                kind = "organisation"
            actor: dict[str, Any] = {"name": name, "kind": kind}
            description = _words(" ".join(d.text for d in lane.bpmn("documentation")))
            if description:
                actor["description"] = description
            actors[actor_id] = actor
            for ref in lane.bpmn("flowNodeRef"):
                actor_of.setdefault(ref.text.strip(), actor_id)
        return actors, actor_of

    def _process(self, process: _El, participant: _El | None, root: _El, fiche_id: str, today: str
                 ) -> tuple[dict[str, Any] | None, dict[str, tuple[int, int]]]:
        actors, actor_of = self._lanes(process)
        nodes: dict[str, _El] = {}
        left_out: set[str] = set()
        flows: list[_El] = []
        for child in process.children:
            if child.ns != BPMN_NS or child.tag in ("documentation", "extensionElements", "laneSet"):
                continue
            if child.tag in _NODES:
                if child.id and child.id not in nodes:
                    nodes[child.id] = child
                    self._check_node(child)
                else:
                    self.unsupported(child)
            elif child.tag == "sequenceFlow":
                flows.append(child)
            else:
                self.unsupported(child)
                left_out.add(child.id)
        if not nodes:
            self.diagnostics.append(Diagnostic(self.file, process.line, process.column, "bpmn.no-process"))
            return None, {}

        # Flows between nodes that were read; a flow to an element left out goes with it.
        edges: list[_El] = []
        for flow in flows:
            ends = [flow.attrs.get("sourceRef", ""), flow.attrs.get("targetRef", "")]
            if all(end in nodes for end in ends):
                edges.append(flow)
            elif not any(end in left_out for end in ends):
                missing = next(end for end in ends if end not in nodes)
                self.warn(flow, "bpmn.broken-flow", id=quote(flow.id or "-"), ref=quote(missing))
        kinds = self._parallel_kinds(nodes, edges)
        edges = self._fold_merges(nodes, edges, kinds)
        return self._data(process, participant, root, nodes, edges, kinds, actors, actor_of, fiche_id, today)

    def _check_node(self, node: _El) -> None:
        if node.tag in _AS_TASK:
            self.warn(node, "bpmn.read-as", id=quote(node.id), tag=quote(node.tag), kind=quote("task"))
        elif node.tag == "callActivity" and not _called(node):
            self.warn(node, "bpmn.read-as", id=quote(node.id), tag=quote(node.tag), kind=quote("task"), no_call="yes")
        for child in node.bpmn():
            timer_wait = node.tag == "intermediateCatchEvent" and child.tag == "timerEventDefinition"
            event = child.tag.endswith("EventDefinition") and not timer_wait
            if event or child.tag in _LOOPS or child.tag == "eventDefinitionRef":
                self.unsupported(child)

    def _parallel_kinds(self, nodes: dict[str, _El], edges: list[_El]) -> dict[str, str]:
        """Parallel gateways as joins or splits, by the flows as drawn (before merges are folded)."""
        into = {n: 0 for n in nodes}
        for edge in edges:
            into[edge.attrs["targetRef"]] += 1
        kinds: dict[str, str] = {}
        for n, element in nodes.items():
            if element.tag == "parallelGateway":
                direction = element.attrs.get("gatewayDirection")
                join = direction in ("Converging", "Mixed") or (direction != "Diverging" and into[n] > 1)
                kinds[n] = "parallel_join" if join else "parallel_split"
        return kinds

    def _fold_merges(self, nodes: dict[str, _El], edges: list[_El], kinds: dict[str, str]) -> list[_El]:
        """Fold exclusive gateways with one outgoing flow: their incoming flows lead where they lead.

        A merge right before a parallel join stays, as a wait (the join waits for one of the merged
        flows, not for all of them); ``kinds`` gets it.
        """
        out: dict[str, list[_El]] = {n: [] for n in nodes}
        for edge in edges:
            out[edge.attrs["sourceRef"]].append(edge)
        merges = {n for n, el in nodes.items() if el.tag == "exclusiveGateway" and len(out[n]) == 1
                  and el.attrs.get("gatewayDirection") not in ("Diverging", "Mixed")}
        for merge in sorted(merges):
            if kinds.get(out[merge][0].attrs["targetRef"]) == "parallel_join":
                kinds[merge] = "wait"
                self.warn(nodes[merge], "bpmn.read-as", id=quote(merge), tag=quote("exclusiveGateway"),
                          kind=quote("wait"), merge="yes")
        merges -= set(kinds)
        final: dict[str, str] = {}
        for merge in sorted(merges):
            seen = [merge]
            target = out[merge][0].attrs["targetRef"]
            while target in merges and target not in seen:
                seen.append(target)
                target = out[target][0].attrs["targetRef"]
            if target in merges:  # a ring of merges leads nowhere: keep them as gateways
                continue
            final[merge] = target
        for merge in final:
            del nodes[merge]
        kept: list[_El] = []
        for edge in edges:
            if edge.attrs["sourceRef"] in final:
                continue
            target = edge.attrs["targetRef"]
            if target in final:
                edge = _El(edge.ns, edge.tag, {**edge.attrs, "targetRef": final[target]}, edge.line, edge.column,
                           edge.children, edge.parts)
            kept.append(edge)
        return kept

    def _data(self, process: _El, participant: _El | None, root: _El, nodes: dict[str, _El], edges: list[_El],
              kinds: dict[str, str], actors: dict[str, dict[str, Any]], actor_of: dict[str, str], fiche_id: str,
              today: str
              ) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
        out: dict[str, list[_El]] = {n: [] for n in nodes}
        for edge in edges:
            out[edge.attrs["sourceRef"]].append(edge)
        names = {n: _words(el.attrs.get("name", "")) or n for n, el in nodes.items()}
        sid: dict[str, str] = {}
        for element_id in nodes:
            if element_id.startswith("step_") and _is(NAME_PATTERN, element_id[5:]):
                base = element_id[5:]
            else:
                base = _step_id(names[element_id]) or _step_id(element_id) or "stap"
            sid[element_id] = _unique(base, set(sid.values())) if base in sid.values() else base

        steps: dict[str, dict[str, Any]] = {}
        positions = {"process": (process.line, process.column)}
        for element_id, element in nodes.items():
            kind = kinds.get(element_id) or self._kind(element)
            step: dict[str, Any] = {"kind": kind}
            actor = actor_of.get(element_id)
            if actor is not None and kind not in ("parallel_split", "parallel_join"):
                step["actor"] = actor
            step["name"] = names[element_id]
            description = _words(" ".join(d.text for d in element.bpmn("documentation")))
            if description:
                step["description"] = description
            if kind == "call":
                step["call"] = _called(element)
            if kind == "wait":
                timer = self._wait_timer(element)
                if timer is not None:
                    step["timer"] = timer
            targets = [sid[e.attrs["targetRef"]] for e in out[element_id]]
            if kind == "decision":
                default = element.attrs.get("default")
                branches: dict[str, str] = {}
                for edge in out[element_id]:
                    target = sid[edge.attrs["targetRef"]]
                    if default and edge.id == default and "default" not in step:
                        step["default"] = target
                        continue
                    label = _words(edge.attrs.get("name", "")) or _condition(edge) or names[edge.attrs["targetRef"]]
                    key, n = label, 1
                    while key in branches:
                        n += 1
                        key = f"{label} ({n})"
                    branches[key] = target
                if branches:
                    step["branches"] = branches
                if "default" in step:
                    step["default"] = step.pop("default")
            elif kind != "end" and targets:
                step["next"] = targets[0] if len(targets) == 1 and kind != "parallel_split" else targets
            steps[sid[element_id]] = step
            positions[sid[element_id]] = (element.line, element.column)

        documentation = [d.text for d in process.bpmn("documentation")]
        if participant is not None and not any(_words(d) for d in documentation):
            documentation = [d.text for d in participant.bpmn("documentation")]
        title = (_words(process.attrs.get("name", "")) or _words((participant or root).attrs.get("name", ""))
                 or _words(root.attrs.get("name", "")) or _DEFAULT_TITLE)
        summary = _words(" ".join(documentation)) or f"Geïmporteerd uit {PurePath(self.file).name}."
        data: dict[str, Any] = {
            "id": fiche_id, "title": title, "version": "0.1.0", "status": "draft", "updated": today,
            "summary": summary,
        }
        if actors:
            data["actors"] = actors
        data["process"] = steps
        return data, positions

    def _kind(self, element: _El) -> str:
        tag = element.tag
        if tag == "startEvent":
            return "start"
        if tag == "endEvent":
            return "end"
        if tag == "intermediateCatchEvent":
            return "wait"
        if tag == "callActivity":
            return "call" if _called(element) else "task"
        if tag == "exclusiveGateway":
            return "decision"
        return "task"

    def _wait_timer(self, element: _El) -> dict[str, Any] | None:
        for definition in element.bpmn("timerEventDefinition"):
            for value in definition.bpmn("timeDuration", "timeDate", "timeCycle"):
                timer = None
                if value.tag == "timeDuration":
                    timer = _timer(value.text, value.attrs.get(f"{{{SCHILLEN_NS}}}workingDays"))
                if timer is None:
                    self.warn(value, "bpmn.timer", id=quote(element.id), value=quote(_words(value.text)),
                              tag=quote(value.tag))
                return timer
        return None


def _called(element: _El) -> str:
    """The fiche a call activity calls: its ``calledElement`` as a fiche id ("" when there is none)."""
    called = element.attrs.get("calledElement", "").strip().rpartition(":")[2]
    if called.startswith("_") and _is(SLUG_PATTERN, called[1:]):
        called = called[1:]
    return called if _is(SLUG_PATTERN, called) else _fiche_id(called)


def _condition(edge: _El) -> str:
    return _words(" ".join(c.text for c in edge.bpmn("conditionExpression")))


def _validated(data: dict[str, Any] | None) -> Fiche | None:
    return None if data is None else Fiche.model_validate(data)


def parse_bpmn(text: str | bytes, file: str = "<string>", *, today: str | None = None) -> BpmnImport:
    """Read a BPMN 2.0 file's process as fiche data; never raises for a bad file.

    Args:
        text: the XML, as text or as bytes (then its encoding declaration counts).
        file: the path shown in diagnostics; the fiche id is made from its name.
        today: the date for ``updated`` (default: today), as YYYY-MM-DD.

    Returns:
        The data (None when the file cannot be read as BPMN), the diagnostics, the
        validated fiche and the position of each step's element.
    """
    root, problems = _read_xml(text, file)
    if root is None:
        return BpmnImport(file, None, sorted(problems))
    reader = _Reader(file)
    fiche_id = _fiche_id(PurePath(file).stem) if file != "<string>" else ""
    data, positions = reader.read(root, fiche_id or "proces", today or dt.date.today().isoformat())
    diagnostics = sorted(set(reader.diagnostics))
    return BpmnImport(file, data, diagnostics, _validated(data), positions)


def from_bpmn(text: str | bytes, file: str = "<string>", *, today: str | None = None
              ) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """The fiche data read from a BPMN 2.0 file (None if it cannot be read), and the diagnostics.

    See :func:`parse_bpmn`, which also gives the validated fiche and the positions.
    """
    result = parse_bpmn(text, file, today=today)
    return result.data, result.diagnostics


def load_bpmn(path: str | os.PathLike[str], *, today: str | None = None) -> BpmnImport:
    """Read the BPMN file at ``path`` (see :func:`parse_bpmn`); never raises for a bad file."""
    path = Path(path)
    file = display_path(path)
    try:
        raw, size = read_at_most(path, MAX_BYTES)    # at most MAX_BYTES + 1 bytes, even of /dev/zero or a FIFO
        if raw is None:
            too_large = Diagnostic(file, 0, 0, "bpmn.too-large", {"size": size, "limit": MAX_BYTES})
            return BpmnImport(file, None, [too_large])
    except OSError as exc:
        unreadable = Diagnostic(file, 0, 0, "io.unreadable", {"path": quote(file), **os_reason(exc)})
        return BpmnImport(file, None, [unreadable])
    return parse_bpmn(raw, file, today=today)


def render_fiche_yaml(data: dict[str, Any], *, schema: str = "../schemas/fiche.schema.json") -> str:
    """The YAML text of fiche ``data``, its first line linking the schema (as ``schillen new`` writes).

    Examples:
        >>> print(render_fiche_yaml({"id": "x", "updated": "2026-11-28"}), end="")
        # yaml-language-server: $schema=../schemas/fiche.schema.json
        id: x
        updated: 2026-11-28
    """
    import yaml

    plain = dict(data)
    if isinstance(plain.get("updated"), str):
        with contextlib.suppress(ValueError):
            plain["updated"] = dt.date.fromisoformat(plain["updated"])
    body = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return f"{SCHEMA_COMMENT}{schema}\n{body}"

