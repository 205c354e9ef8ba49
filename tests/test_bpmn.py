"""BPMN 2.0: export (XSD-valid, stable bytes), import (warnings by element), round trips, hostile XML."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from schillen import bpmn
from schillen.bpmn import from_bpmn, load_bpmn, parse_bpmn, render_fiche_yaml, to_bpmn
from schillen.checks import run_checks
from schillen.graph import DEFAULT, KIND, LABELS, NAME, to_graph
from schillen.loading import load_fiche, parse_fiche
from schillen.model import Fiche
from tests.checks.test_soundness_properties import processes
from tests.conftest import DATA, MINIMAL, NO_FIFOS, ROOT, feed_fifo, where

BPMN_DATA = DATA / "bpmn"
XSD = BPMN_DATA / "xsd" / "BPMN20.xsd"
FICHES = sorted((ROOT / "fiches").glob("*.yaml"))
TODAY = "2026-12-01"
M = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _fiche(process: dict[str, Any], *, fiche_id: str = "proces", actors: dict[str, Any] | None = None) -> Fiche:
    return Fiche.model_validate({
        "id": fiche_id, "title": "Proces", "version": "1.0.0", "status": "draft", "updated": "2026-11-28",
        "summary": "Een proces.", "actors": {"x": {"name": "Loket", "kind": "organisation"}} if actors is None
        else actors, "process": process,
    })


HAND_WRITTEN = {
    # a parallel split that several flows lead into: an exclusive merge before it
    "split-with-two-flows-in": _fiche({
        "start": {"kind": "start", "name": "Start", "next": "split"},
        "split": {"kind": "parallel_split", "name": "Tegelijk", "next": ["a", "b"]},
        "a": {"kind": "task", "name": "A", "actor": "x", "next": "join"},
        "b": {"kind": "task", "name": "B", "actor": "x", "next": "join"},
        "join": {"kind": "parallel_join", "name": "Samen", "next": "opnieuw"},
        "opnieuw": {"kind": "decision", "name": "Opnieuw?", "branches": {"ja": "split", "nee": "einde"}},
        "einde": {"kind": "end", "name": "Einde"},
    }),
    # a join with two next steps: one BPMN parallel gateway joins and splits at once
    "join-with-two-next": _fiche({
        "start": {"kind": "start", "name": "Start", "next": "split"},
        "split": {"kind": "parallel_split", "name": "Tegelijk", "next": ["a", "b"]},
        "a": {"kind": "task", "name": "A", "actor": "x", "next": "join"},
        "b": {"kind": "task", "name": "B", "actor": "x", "next": "join"},
        "join": {"kind": "parallel_join", "name": "Samen en weer uiteen", "next": ["c", "d"]},
        "c": {"kind": "task", "name": "C", "actor": "x", "next": "join2"},
        "d": {"kind": "wait", "name": "D", "next": "join2"},
        "join2": {"kind": "parallel_join", "name": "Samen", "next": "einde"},
        "einde": {"kind": "end", "name": "Einde"},
    }),
    # a default, two answers to one step, a wait in working days, a call, no actors at all
    "every-kind-without-actors": _fiche({
        "start": {"kind": "start", "name": "Start", "next": "keuze"},
        "keuze": {"kind": "decision", "name": "Keuze?", "branches": {"ja": "wacht", "zeker": "wacht", "nee": "roep"},
                  "default": "wacht"},
        "wacht": {"kind": "wait", "name": "Acht werkdagen", "timer": {"within": 8, "unit": "working_days"},
                  "next": "taak"},
        "roep": {"kind": "call", "name": "Andere fiche", "call": "2024-andere", "next": "taak"},
        "taak": {"kind": "task", "name": "Taak", "next": "einde"},
        "einde": {"kind": "end", "name": "Einde"},
    }, fiche_id="2024-proces", actors={}),
    # text that XML must escape, and characters XML cannot hold
    "hostile-text": _fiche({
        "start": {"kind": "start", "name": 'A <b> & "c"\n\'d\'', "actor": "x", "next": "einde",
                  "description": "]]> & <!-- \x1b[31m rood \x00"},
        "einde": {"kind": "end", "name": "Einde\t\r\n"},
    }),
}


def _all_fiches() -> list[tuple[str, Fiche]]:
    found = [(path.stem, load_fiche(path)) for path in [*FICHES, MINIMAL]]
    return found + list(HAND_WRITTEN.items())


CASES = _all_fiches()


def _isomorphic(a: Fiche, b: Fiche) -> bool:
    def edges(x: dict[str, Any], y: dict[str, Any]) -> bool:
        return sorted(x[LABELS]) == sorted(y[LABELS]) and x[DEFAULT] == y[DEFAULT]

    return nx.is_isomorphic(to_graph(a), to_graph(b), node_match=lambda x, y: x[KIND] == y[KIND], edge_match=edges)


def _imported(fiche: Fiche) -> bpmn.BpmnImport:
    result = parse_bpmn(to_bpmn(fiche), f"{fiche.id}.bpmn", today=TODAY)
    assert result.diagnostics == []
    assert result.fiche is not None
    return result


# --- export -------------------------------------------------------------------------------


def test_export_of_the_minimal_fiche():
    xml = to_bpmn(load_fiche(MINIMAL))
    root = etree.fromstring(xml.encode())
    process = root.find(f"{M}process")
    tags = Counter(etree.QName(child).localname for child in process)
    assert tags == {"documentation": 1, "laneSet": 1, "startEvent": 1, "task": 2, "exclusiveGateway": 1,
                    "intermediateCatchEvent": 1, "parallelGateway": 2, "callActivity": 1, "endEvent": 1,
                    "sequenceFlow": 10}
    assert [(lane.get("id"), lane.get("name"), [r.text for r in lane]) for lane in process.iter(f"{M}lane")] == [
        ("lane_burger", "Burger", ["step_aangifte"]),
        ("lane_loket", "Loket Burgerzaken", ["step_controle", "step_rijksregister", "step_melden"]),
    ]
    flows = [(f.get("id"), f.get("name"), f.findtext(f"{M}conditionExpression"))
             for f in process.iter(f"{M}sequenceFlow")]
    assert flows[2:4] == [("flow_gekend_splitsen", "ja", "ja"), ("flow_gekend_wachten", "nee", "nee")]
    assert process.find(f"{M}callActivity").get("calledElement") == "minimal"
    assert process.findtext(f"{M}intermediateCatchEvent/{M}timerEventDefinition/{M}timeDuration") == "P1M"
    assert process.find(f"{M}parallelGateway").get("gatewayDirection") == "Diverging"
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ')
    di = root.find("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNDiagram")
    shapes = [s.get("bpmnElement") for s in di.iter("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNShape")]
    assert shapes[:3] == ["participant_minimal", "lane_burger", "lane_loket"]
    assert len(shapes) == 3 + 9
    assert len(list(di.iter("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNEdge"))) == 10


def test_a_split_with_flows_in_gets_a_merge_and_a_join_with_two_next_is_mixed():
    root = etree.fromstring(to_bpmn(HAND_WRITTEN["split-with-two-flows-in"]).encode())
    merge = root.find(f".//{M}exclusiveGateway[@id='merge_split']")
    assert (merge.get("gatewayDirection"), [e.text for e in merge.findall(f"{M}incoming")],
            [e.text for e in merge.findall(f"{M}outgoing")]) == (
        "Converging", ["flow_start_split", "flow_opnieuw_split"], ["flow_merge_split"])
    assert [e.text for e in root.find(f".//{M}parallelGateway[@id='step_split']").findall(f"{M}incoming")] == [
        "flow_merge_split"]
    root = etree.fromstring(to_bpmn(HAND_WRITTEN["join-with-two-next"]).encode())
    join = root.find(f".//{M}parallelGateway[@id='step_join']")
    assert (join.get("gatewayDirection"), len(join.findall(f"{M}incoming")), len(join.findall(f"{M}outgoing"))) == (
        "Mixed", 2, 2)


def test_default_flow_labels_working_days_calls_and_no_lanes():
    root = etree.fromstring(to_bpmn(HAND_WRITTEN["every-kind-without-actors"]).encode())
    gateway = root.find(f".//{M}exclusiveGateway")
    flows = {f.get("id"): f.get("name") for f in root.iter(f"{M}sequenceFlow") if f.get("sourceRef") == "step_keuze"}
    assert flows == {"flow_keuze_wacht": "ja", "flow_keuze_wacht_2": "zeker", "flow_keuze_roep": "nee",
                     "flow_keuze_wacht_3": None}
    assert gateway.get("default") == "flow_keuze_wacht_3"
    duration = root.find(f".//{M}timeDuration")
    assert (duration.text, duration.get("{urn:schillen:bpmn}workingDays")) == ("P12D", "8")
    assert root.find(f".//{M}callActivity").get("calledElement") == "_2024-andere"
    assert root.find(f"{M}process").get("id") == "_2024-proces"
    assert root.find(f".//{M}laneSet") is None


@pytest.mark.parametrize(("name", "fiche"), CASES, ids=[name for name, _ in CASES])
def test_export_validates_against_the_bpmn_xsd(name: str, fiche: Fiche, schema: etree.XMLSchema):
    document = etree.fromstring(to_bpmn(fiche).encode())
    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize(("name", "fiche"), CASES, ids=[name for name, _ in CASES])
def test_every_reference_names_an_element(name: str, fiche: Fiche):
    """The XSD cannot check IDREFs across a document reliably; this does."""
    root = etree.fromstring(to_bpmn(fiche).encode())
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"^[A-Za-z_][\w.-]*$", i) for i in ids)
    refs = [e.get(a) for e in root.iter() for a in ("sourceRef", "targetRef", "bpmnElement", "default", "processRef")
            if e.get(a) is not None]
    refs += [e.text for e in root.iter(f"{M}incoming", f"{M}outgoing", f"{M}flowNodeRef")]
    assert set(refs) <= set(ids)


@pytest.mark.parametrize(("name", "fiche"), CASES, ids=[name for name, _ in CASES])
def test_same_fiche_same_bytes(name: str, fiche: Fiche):
    assert to_bpmn(fiche) == to_bpmn(fiche.model_copy(deep=True))


def test_text_is_escaped_and_characters_xml_cannot_hold_are_shown():
    xml = to_bpmn(HAND_WRITTEN["hostile-text"])
    assert 'name="A &lt;b&gt; &amp; &quot;c&quot;&#10;\'d\'"' in xml
    assert "<bpmn:documentation>]]&gt; &amp; &lt;!-- \\x1b[31m rood \\x00</bpmn:documentation>" in xml
    data, diagnostics = from_bpmn(xml, "proces.bpmn", today=TODAY)
    assert diagnostics == []
    assert data["process"]["start"]["name"] == "A <b> & \"c\" 'd'"


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fiche"), CASES, ids=[name for name, _ in CASES])
def test_export_then_import_gives_an_isomorphic_process(name: str, fiche: Fiche):
    result = _imported(fiche)
    assert _isomorphic(fiche, result.fiche)
    # Ids, names, actors, calls and timers come back as they were.
    for sid, step in fiche.process.items():
        back = result.fiche.process[sid]
        assert (back.kind, back.actor, back.call, back.successors()) == (step.kind, step.actor, step.call,
                                                                          step.successors())
        assert back.name == " ".join(step.name.split())
        if step.timer is not None:
            assert (back.timer.within, back.timer.unit) == (step.timer.within, step.timer.unit)
    assert list(result.fiche.actors) == list(fiche.actors)


@pytest.mark.parametrize("path", [*FICHES, MINIMAL], ids=lambda p: p.stem)
def test_imported_yaml_loads_and_checks_as_the_original(path: Path):
    fiche = load_fiche(path)
    result = _imported(fiche)
    text = render_fiche_yaml(result.data, schema="../schemas/fiche.schema.json")
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/fiche.schema.json\nid: {fiche.id}\n")
    loaded = parse_fiche(text, f"fiches/{fiche.id}.yaml")
    assert loaded.diagnostics == []
    assert run_checks(loaded.fiche) == run_checks(fiche) == []
    assert (loaded.fiche.title, loaded.fiche.summary, loaded.fiche.status.value, loaded.fiche.version,
            str(loaded.fiche.updated)) == (fiche.title, " ".join(fiche.summary.split()), "draft", "0.1.0", TODAY)


def _fiche_from_graph(graph: nx.DiGraph) -> Fiche:
    steps: dict[str, Any] = {}
    for node, data in graph.nodes(data=True):
        step: dict[str, Any] = {"kind": data[KIND], "name": data[NAME]}
        if data[KIND] in ("task", "call", "decision"):
            step["actor"] = "x"
        if data[KIND] == "decision":
            step["branches"] = {label: v for _, v, labels in graph.out_edges(node, data=LABELS) for label in labels}
        elif graph.out_degree(node):
            step["next"] = list(graph.successors(node))
        steps[node] = step
    return _fiche(steps)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes())
def test_round_trip_of_generated_processes(graph: nx.DiGraph):
    fiche = _fiche_from_graph(graph)
    assert _isomorphic(fiche, _imported(fiche).fiche)


# --- import ----------------------------------------------------------------------------------


def test_import_from_a_modeler():
    result = load_bpmn(BPMN_DATA / "modeler.bpmn", today=TODAY)
    assert result.diagnostics == []
    data = result.data
    assert {k: v for k, v in data.items() if k != "process"} == {
        "id": "modeler", "title": "Melding van een leegstaande woning", "version": "0.1.0", "status": "draft",
        "updated": TODAY, "summary": "Een buurtbewoner meldt een woning die leeg lijkt te staan.",
        "actors": {"loket": {"name": "Loket", "kind": "organisation"},
                   "dienst_wonen": {"name": "Dienst Wonen", "kind": "organisation",
                                    "description": "De dienst die leegstand beoordeelt."}},
    }
    steps = data["process"]
    assert [(sid, s["kind"], s.get("actor")) for sid, s in steps.items()] == [
        ("melding_ontvangen", "start", "loket"),
        ("melding_registreren", "task", "loket"),  # userTask
        ("melding_volledig", "decision", "loket"),
        ("gegevens_opvragen", "task", "loket"),  # sendTask
        ("gegevens_ontvangen", "task", "loket"),  # receiveTask
        ("dossier_aanvullen", "task", "loket"),  # task
        ("verwerken", "parallel_split", None),  # the merge before it is folded away
        ("register_raadplegen", "task", "dienst_wonen"),  # serviceTask
        ("brief_sturen", "task", "dienst_wonen"),  # manualTask
        ("gateway_join", "parallel_join", None),  # no name: the element id
        ("twee_dagen_wachten", "wait", "dienst_wonen"),
        ("score_berekenen", "task", "dienst_wonen"),  # scriptTask
        ("leegstand_beoordelen", "task", "dienst_wonen"),  # businessRuleTask
        ("dossier_archiveren", "call", "dienst_wonen"),
        ("melding_behandeld", "end", "dienst_wonen"),
    ]
    assert steps["melding_registreren"]["name"] == "Melding registreren"
    assert steps["melding_volledig"]["branches"] == {"ja": "verwerken"}
    assert steps["melding_volledig"]["default"] == "gegevens_opvragen"
    assert steps["dossier_aanvullen"]["next"] == "verwerken"
    assert steps["verwerken"]["next"] == ["register_raadplegen", "brief_sturen"]
    assert steps["twee_dagen_wachten"]["timer"] == {"within": 2, "unit": "calendar_days"}
    assert steps["dossier_archiveren"]["call"] == "dossier-archiveren"
    assert steps["brief_sturen"]["description"] == "Een brief aan de eigenaar."
    assert result.positions["verwerken"] == (66, 5)
    assert run_checks(result.fiche) == []


def test_every_unsupported_element_is_named_in_a_warning():
    result = load_bpmn(BPMN_DATA / "unsupported.bpmn", today=TODAY)
    found = [(d.line, d.column, d.code, d.args.get("id"), d.args.get("tag")) for d in result.diagnostics]
    assert found == [
        (3, 3, "bpmn.unsupported-element", "'Message_Antwoord'", "'message'"),
        (6, 5, "bpmn.unsupported-element", "'Pool_Burger'", "'participant'"),
        (7, 5, "bpmn.unsupported-element", "'MessageFlow_1'", "'messageFlow'"),
        (10, 5, "bpmn.unsupported-element", "'DataObject_1'", "'dataObject'"),
        (11, 5, "bpmn.unsupported-element", "'DataRef_1'", "'dataObjectReference'"),
        (12, 5, "bpmn.unsupported-element", "'Note_1'", "'textAnnotation'"),
        (13, 5, "bpmn.unsupported-element", "'Association_1'", "'association'"),
        (15, 7, "bpmn.unsupported-element", "'StartMessage'", "'messageEventDefinition'"),
        (18, 7, "bpmn.unsupported-element", "'Loop_1'", "'multiInstanceLoopCharacteristics'"),
        (20, 5, "bpmn.unsupported-element", "'Te_Laat'", "'boundaryEvent'"),
        (23, 5, "bpmn.unsupported-element", "'Of_En'", "'inclusiveGateway'"),
        (25, 5, "bpmn.read-as", "'Deelproces'", "'subProcess'"),
        (30, 7, "bpmn.unsupported-element", "'BerichtDefinitie'", "'messageEventDefinition'"),
        (32, 5, "bpmn.read-as", "'Melden'", "'intermediateThrowEvent'"),
        (33, 5, "bpmn.read-as", "'Oproep'", "'callActivity'"),
        (35, 29, "bpmn.timer", "'Datum'", "'timeDate'"),
        (38, 7, "bpmn.unsupported-element", "'Stop'", "'terminateEventDefinition'"),
        (49, 5, "bpmn.broken-flow", "'F10'", None),
        (51, 3, "bpmn.unsupported-element", "'Process_2'", "'process'"),
    ]
    assert result.diagnostics[0].message() == "element 'Message_Antwoord' ('message') is not supported and is left out"
    assert result.diagnostics[14].hint() == (
        "it names no process to call: give it a calledElement with the id of the fiche it starts")
    assert result.diagnostics[17].message("nl") == (
        "sequentiestroom 'F10' verwijst naar 'Nergens', dat geen element van het proces is; de stroom wordt "
        "weggelaten")
    steps = result.data["process"]
    assert {sid: s["kind"] for sid, s in steps.items()} == {
        "start": "start", "taak_voor_iedereen": "task", "te_laat": "end", "deelproces": "task",
        "bericht_ontvangen": "wait", "melden": "task", "iets_oproepen": "task", "tot_nieuwjaar": "wait",
        "einde": "end",
    }
    assert steps["tot_nieuwjaar"] == {"kind": "wait", "name": "Tot nieuwjaar", "next": "einde"}
    # What was left out leaves 'Te laat' unreachable: the checks say so, located in the BPMN file.
    found = sorted((result.locate(d.loc), d.code) for d in run_checks(result.fiche))
    assert found == [((17, 5), "graph.task-without-actor"), ((24, 5), "graph.unreachable-step"),
                     ((25, 5), "graph.task-without-actor"), ((32, 5), "graph.task-without-actor"),
                     ((33, 5), "graph.task-without-actor")]


def test_a_merge_before_a_parallel_join_is_kept_as_a_wait():
    xml = _process("""
    <startEvent id="s" /><parallelGateway id="split" /><task id="a" name="A" /><task id="b" name="B" />
    <task id="c" name="C" /><exclusiveGateway id="keuze" name="Keuze" /><exclusiveGateway id="m" />
    <parallelGateway id="join" /><endEvent id="e" />
    <sequenceFlow id="f1" sourceRef="s" targetRef="split" /><sequenceFlow id="f2" sourceRef="split" targetRef="keuze" />
    <sequenceFlow id="f3" sourceRef="keuze" targetRef="a" name="a" />
    <sequenceFlow id="f4" sourceRef="keuze" targetRef="b" name="b" />
    <sequenceFlow id="f5" sourceRef="a" targetRef="m" /><sequenceFlow id="f6" sourceRef="b" targetRef="m" />
    <sequenceFlow id="f7" sourceRef="m" targetRef="join" /><sequenceFlow id="f8" sourceRef="split" targetRef="c" />
    <sequenceFlow id="f9" sourceRef="c" targetRef="join" /><sequenceFlow id="f10" sourceRef="join" targetRef="e" />
    """)
    result = parse_bpmn(xml, "proces.bpmn", today=TODAY)
    assert [(d.code, d.args["id"], d.hint()) for d in result.diagnostics] == [
        ("bpmn.read-as", "'m'", "a fiche has no step that only merges flows; this one stands for 'one of the merged "
                                "branches is done', which the parallel join after it waits for")]
    assert result.data["process"]["m"] == {"kind": "wait", "name": "m", "next": "join"}
    assert result.data["process"]["join"]["kind"] == "parallel_join"
    assert [d.code for d in run_checks(result.fiche)] == ["graph.task-without-actor"] * 3


def _process(body: str, *, root: str = "definitions") -> str:
    return (f'<?xml version="1.0"?>\n<{root} xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            f'targetNamespace="urn:t">\n<process id="p" name="P">{body}</process>\n</{root}>\n')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P3D", {"within": 3, "unit": "calendar_days"}),
        ("P2W", {"within": 2, "unit": "weeks"}),
        ("P1M", {"within": 1, "unit": "months"}),
        ("P5Y", {"within": 5, "unit": "years"}),
        ("PT48H", {"within": 2, "unit": "calendar_days"}),
        ("PT30M", {"within": 1, "unit": "calendar_days"}),
        ("P1W2D", {"within": 9, "unit": "calendar_days"}),
        (" P8D ", {"within": 8, "unit": "calendar_days"}),
        ("P1Y2M", None),
        ("P", None),
        ("PT", None),
        ("${termijn}", None),
        ("", None),
    ],
)
def test_timer_durations(text: str, expected: dict[str, Any] | None):
    xml = _process(f'<startEvent id="s" /><intermediateCatchEvent id="w" name="W"><timerEventDefinition>'
                   f"<timeDuration>{text}</timeDuration></timerEventDefinition></intermediateCatchEvent>"
                   '<sequenceFlow id="f" sourceRef="s" targetRef="w" />')
    data, diagnostics = from_bpmn(xml, "proces.bpmn", today=TODAY)
    assert data["process"]["w"].get("timer") == expected
    assert [d.code for d in diagnostics] == ([] if expected else ["bpmn.timer"])


# --- files that cannot be read --------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
""" + "".join(
    f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
) + """]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p" name="&lol9;"/></definitions>
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BILLION_LAUGHS, [(2, 16, "bpmn.unsafe-xml")]),
        ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d>&x;</d>\n',
         [(2, 13, "bpmn.unsafe-xml")]),
        ("<definitions>\n  <process id='p'>\n  </definitions>\n", [(3, 5, "bpmn.syntax")]),
        ("", [(1, 1, "bpmn.syntax")]),
        ("<a>" * 300 + "</a>" * 300, [(1, 601, "bpmn.syntax")]),
        ('<svg xmlns="http://www.w3.org/2000/svg"/>', [(1, 1, "bpmn.not-bpmn")]),
        ('<definitions xmlns="http://schema.omg.org/spec/BPMN/2.0" />', [(1, 1, "bpmn.not-bpmn")]),
        ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"/></definitions>',
         [(1, 1, "bpmn.no-process")]),
        (_process('<textAnnotation id="n" />'), [(2, 1, "bpmn.no-process")]),
    ],
    ids=["billion-laughs", "external-entity", "malformed", "empty", "too-deep", "svg", "old-namespace",
         "empty-process", "process-without-steps"],
)
def test_files_that_cannot_be_read(text: str, expected: list[tuple[int, int, str]]):
    started = time.perf_counter()
    data, diagnostics = from_bpmn(text, "proces.bpmn")
    assert time.perf_counter() - started < 1.0
    assert (data, where(diagnostics)) == (None, expected)


def test_messages_of_files_that_cannot_be_read():
    _, [unsafe] = from_bpmn(BILLION_LAUGHS, "proces.bpmn")
    assert unsafe.message() == ("the file declares a DTD or entities (<!DOCTYPE ...>), which BPMN files never need; "
                                "for safety it is not read")
    _, [syntax] = from_bpmn("<definitions>\n  <process id='p'>\n  </definitions>\n", "proces.bpmn")
    assert syntax.message() == "the XML cannot be read: mismatched tag"
    _, [svg] = from_bpmn('<svg xmlns="http://www.w3.org/2000/svg"/>', "proces.bpmn")
    assert svg.message() == "the file holds '{http://www.w3.org/2000/svg}svg', not BPMN 2.0 'definitions'"
    _, [deep] = from_bpmn("<a>" * 300, "proces.bpmn")
    assert deep.message("nl") == "de XML kan niet gelezen worden: elementen zijn dieper genest dan 200 niveaus"


def test_load_bpmn_too_large_and_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "groot.bpmn"
    path.write_bytes(b"<definitions/>" + b" " * 100)
    monkeypatch.setattr(bpmn, "MAX_BYTES", 100)
    [d] = load_bpmn(path).diagnostics
    assert (d.code, d.message()) == ("bpmn.too-large", "the file is 114 bytes; a BPMN file may be at most 100 bytes")
    assert where(load_bpmn(tmp_path / "nergens.bpmn").diagnostics) == [(0, 0, "io.unreadable")]


def test_bytes_follow_their_encoding_declaration():
    xml = _process('<startEvent id="s" name="Aanvraag ingediend bij de dienst" />').replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>').replace("dienst", "dienst é")
    data, _ = from_bpmn(xml.encode("latin-1"), "proces.bpmn", today=TODAY)
    assert data["process"]["aanvraag_ingediend_bij_de_dienst_e"]["name"] == "Aanvraag ingediend bij de dienst é"


def test_import_speed_and_export_speed_on_the_bundled_fiches():
    for path in [*FICHES, MINIMAL]:
        fiche = load_fiche(path)
        started = time.perf_counter()
        xml = to_bpmn(fiche)
        middle = time.perf_counter()
        parse_bpmn(xml, "x.bpmn")
        assert middle - started < 5.0
        assert time.perf_counter() - middle < 1.0


@NO_FIFOS
def test_load_bpmn_of_an_endless_fifo_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Review H1: a FIFO (or /dev/zero) is read up to the limit, not until the memory runs out."""
    monkeypatch.setattr(bpmn, "MAX_BYTES", 10_000)
    path = tmp_path / "eindeloos.bpmn"
    thread = feed_fifo(path, b"<definitions>" * 100, forever=True)
    [d] = load_bpmn(path).diagnostics
    thread.join(5)
    assert not thread.is_alive()
    assert (d.code, d.message()) == ("bpmn.too-large",
                                     "the file is > 10000 bytes; a BPMN file may be at most 10000 bytes")
