"""The register matrix: exact cells and gaps for two hand-written fiches, the three formats, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schillen.cli import main
from schillen.loading import load_catalogue
from schillen.matrix import (
    Column,
    DeclaredGap,
    Row,
    UsedOperation,
    build_matrix,
    render_matrix,
    render_matrix_csv,
    render_matrix_json,
    render_matrix_md,
)
from schillen.model import Fiche
from schillen.registers import Register, parse_register
from tests.conftest import ROOT

REGISTER = """\
id: mini
title: Mini register
reference: tests/test_matrix.py
codelists:
  gebouwStatus:
    source: "§3"
    values:
      gepland: {domain: Planned}
      inAanbouw: {domain: UnderConstruction}
      gerealiseerd: {domain: Realized}
      nietGerealiseerd: {domain: NotRealized}
objects:
  gebouw:
    title: Gebouw
    domain: Building
    registry: BR
    uri: https://data.vlaanderen.be/id/gebouw/{objectId}
    object_id: an integer
    collection: gebouwen
    status: gebouwStatus
    source: "§1"
    removed: {problem: "urn:be.vlaanderen.basisregisters.api:building:gone", error: VerwijderdGebouw, source: "§4"}
    attributes:
      identificator: {type: string}
      gebouwPolygoon:
        type: object
        fields:
          geometrie: {type: geometry, geometry: Polygon}
      gebouwStatus: {type: code, codelist: gebouwStatus}
    operations:
      plannen:
        command: PlanBuilding
        creates: true
        to: gepland
        source: "§4.1"
      realiseren:
        command: RealizeBuilding
        from: [inAanbouw]
        to: gerealiseerd
        source: "§4.1"
      nietrealiseren:
        command: NotRealizeBuilding
        from: [gepland, inAanbouw]
        to: nietGerealiseerd
        source: "§4.1"
"""

BOUWEN = """\
id: bouwen
title: Bouwen
version: 1.0.0
status: draft
updated: 2026-11-28
summary: Een gebouw plannen.
shells:
  kern:
    Gebouw: [gebouwStatus]
process:
  aanvraag:
    kind: start
    name: Aanvraag
    register:
      - operation: plannen
        object: Gebouw
        attributes: [gebouwStatus]
    next: klaar
  klaar:
    kind: end
    name: Gepland
    register:
      - read: Gebouw
        expect: {gebouwStatus: gepland}
register_gaps:
  - title: Bouwjaar
    text: Het jaar waarin het gebouw gebouwd is.
    object: Gebouw
    attribute: bouwjaar
"""

SLOPEN = """\
id: slopen
title: Slopen
version: 1.0.0
status: draft
updated: 2026-11-28
summary: Een gepland gebouw niet realiseren.
shells:
  kern:
    gebouw: [geometrie]
process:
  start:
    kind: start
    name: Melding
    register:
      - read: gebouw
        attributes: [geometrie]
    next: stoppen
  stoppen:
    kind: task
    name: Niet realiseren
    register:
      - operation: NotRealizeBuilding
        object: Gebouw
    next: einde
  einde:
    kind: end
    name: Klaar
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bouwen.yaml").write_text(BOUWEN, encoding="utf-8")
    (tmp_path / "slopen.yaml").write_text(SLOPEN, encoding="utf-8")
    return tmp_path


@pytest.fixture
def register() -> Register:
    result = parse_register(REGISTER, "mini.yaml")
    assert result.diagnostics == []
    assert result.register is not None
    return result.register


def test_cells(folder: Path, register: Register):
    matrix = build_matrix(load_catalogue([folder]), register)
    assert [(c.kind, c.name, c.fiche, c.step, c.letter) for c in matrix.cells] == [
        ("attribute", "gebouwStatus", "bouwen", "(kern)", "R"),
        ("object", "", "bouwen", "aanvraag", "C"),
        ("attribute", "gebouwStatus", "bouwen", "aanvraag", "C"),
        ("operation", "plannen", "bouwen", "aanvraag", "C"),
        ("object", "", "bouwen", "klaar", "R"),
        ("attribute", "gebouwStatus", "bouwen", "klaar", "R"),
        ("attribute", "gebouwPolygoon.geometrie", "slopen", "(kern)", "R"),
        ("object", "", "slopen", "start", "R"),
        ("attribute", "gebouwPolygoon.geometrie", "slopen", "start", "R"),
        ("object", "", "slopen", "stoppen", "D"),
        ("operation", "nietrealiseren", "slopen", "stoppen", "D"),
    ]
    assert {c.object for c in matrix.cells} == {"gebouw"}
    assert matrix.fiches == ("bouwen", "slopen")
    assert [(r.kind, r.name) for r in matrix.rows] == [
        ("object", ""), ("attribute", "identificator"), ("attribute", "gebouwPolygoon"),
        ("attribute", "gebouwPolygoon.geometrie"), ("attribute", "gebouwStatus"),
        ("operation", "plannen"), ("operation", "realiseren"), ("operation", "nietrealiseren"),
    ]
    assert matrix.columns == (
        Column("bouwen", "(kern)"), Column("bouwen", "aanvraag"), Column("bouwen", "klaar"),
        Column("slopen", "(kern)"), Column("slopen", "start"), Column("slopen", "stoppen"),
    )


def test_gaps(folder: Path, register: Register):
    matrix = build_matrix(load_catalogue([folder]), register)
    assert matrix.unused_attributes == (Row("gebouw", "attribute", "identificator"),)
    assert matrix.declared_gaps == (DeclaredGap("bouwen", "Bouwjaar", "gebouw", "bouwjaar"),)
    assert matrix.used_operations == (
        UsedOperation("gebouw", "plannen", "C", (Column("bouwen", "aanvraag"),)),
        UsedOperation("gebouw", "nietrealiseren", "D", (Column("slopen", "stoppen"),)),
    )
    assert matrix.unused_operations == (Row("gebouw", "operation", "realiseren"),)


def test_same_from_fiches_or_mapping(folder: Path, register: Register):
    catalogue = load_catalogue([folder])
    expected = build_matrix(catalogue, register)
    assert build_matrix(catalogue.fiches, register) == expected
    assert build_matrix(reversed(list(catalogue.fiches.values())), register) == expected


MD = """\
# Register matrix (mini)

C create, R read, U update, D delete; (kern): listed in the fiche's kern.

| object | attribute / operation | bouwen | slopen |
|---|---|---|---|
| gebouw |  | C, R | R, D |
| gebouw | identificator |  |  |
| gebouw | gebouwPolygoon |  |  |
| gebouw | gebouwPolygoon.geometrie |  | R |
| gebouw | gebouwStatus | C, R |  |
| gebouw | plannen (operation) | C |  |
| gebouw | realiseren (operation) |  |  |
| gebouw | nietrealiseren (operation) |  | D |

## Steps

### bouwen

| step | object | attribute / operation | letters |
|---|---|---|---|
| (kern) | gebouw | gebouwStatus | R |
| aanvraag | gebouw |  | C |
| aanvraag | gebouw | gebouwStatus | C |
| aanvraag | gebouw | plannen (operation) | C |
| klaar | gebouw |  | R |
| klaar | gebouw | gebouwStatus | R |

### slopen

| step | object | attribute / operation | letters |
|---|---|---|---|
| (kern) | gebouw | gebouwPolygoon.geometrie | R |
| start | gebouw |  | R |
| start | gebouw | gebouwPolygoon.geometrie | R |
| stoppen | gebouw |  | D |
| stoppen | gebouw | nietrealiseren (operation) | D |

## Gaps

### Attributes no fiche uses

- gebouw.identificator

### Gaps the fiches declare

| fiche | title | object | attribute |
|---|---|---|---|
| bouwen | Bouwjaar | gebouw | bouwjaar |

### Operations fiches rely on

| object | operation | letter | steps |
|---|---|---|---|
| gebouw | plannen | C | bouwen: aanvraag |
| gebouw | nietrealiseren | D | slopen: stoppen |

### Operations no fiche uses

- gebouw realiseren
"""

CSV = """\
object,kind,name,fiche,step,letter
gebouw,attribute,gebouwStatus,bouwen,(kern),R
gebouw,object,,bouwen,aanvraag,C
gebouw,attribute,gebouwStatus,bouwen,aanvraag,C
gebouw,operation,plannen,bouwen,aanvraag,C
gebouw,object,,bouwen,klaar,R
gebouw,attribute,gebouwStatus,bouwen,klaar,R
gebouw,attribute,gebouwPolygoon.geometrie,slopen,(kern),R
gebouw,object,,slopen,start,R
gebouw,attribute,gebouwPolygoon.geometrie,slopen,start,R
gebouw,object,,slopen,stoppen,D
gebouw,operation,nietrealiseren,slopen,stoppen,D
"""

GEBOUW = {"object": "gebouw", "kind": "object", "name": ""}


def _attribute(name: str) -> dict[str, str]:
    return {"object": "gebouw", "kind": "attribute", "name": name}


def _operation(name: str) -> dict[str, str]:
    return {"object": "gebouw", "kind": "operation", "name": name}


def _at(fiche: str, step: str) -> dict[str, str]:
    return {"fiche": fiche, "step": step}


JSON = {
    "register": "mini",
    "fiches": ["bouwen", "slopen"],
    "rows": [GEBOUW, _attribute("identificator"), _attribute("gebouwPolygoon"),
             _attribute("gebouwPolygoon.geometrie"), _attribute("gebouwStatus"),
             _operation("plannen"), _operation("realiseren"), _operation("nietrealiseren")],
    "columns": [_at("bouwen", "(kern)"), _at("bouwen", "aanvraag"), _at("bouwen", "klaar"),
                _at("slopen", "(kern)"), _at("slopen", "start"), _at("slopen", "stoppen")],
    "cells": [
        {**_attribute("gebouwStatus"), **_at("bouwen", "(kern)"), "letter": "R"},
        {**GEBOUW, **_at("bouwen", "aanvraag"), "letter": "C"},
        {**_attribute("gebouwStatus"), **_at("bouwen", "aanvraag"), "letter": "C"},
        {**_operation("plannen"), **_at("bouwen", "aanvraag"), "letter": "C"},
        {**GEBOUW, **_at("bouwen", "klaar"), "letter": "R"},
        {**_attribute("gebouwStatus"), **_at("bouwen", "klaar"), "letter": "R"},
        {**_attribute("gebouwPolygoon.geometrie"), **_at("slopen", "(kern)"), "letter": "R"},
        {**GEBOUW, **_at("slopen", "start"), "letter": "R"},
        {**_attribute("gebouwPolygoon.geometrie"), **_at("slopen", "start"), "letter": "R"},
        {**GEBOUW, **_at("slopen", "stoppen"), "letter": "D"},
        {**_operation("nietrealiseren"), **_at("slopen", "stoppen"), "letter": "D"},
    ],
    "gaps": {
        "unused_attributes": [_attribute("identificator")],
        "declared": [{"fiche": "bouwen", "title": "Bouwjaar", "object": "gebouw", "attribute": "bouwjaar"}],
        "used_operations": [
            {"object": "gebouw", "operation": "plannen", "letter": "C", "steps": [_at("bouwen", "aanvraag")]},
            {"object": "gebouw", "operation": "nietrealiseren", "letter": "D", "steps": [_at("slopen", "stoppen")]},
        ],
        "unused_operations": [_operation("realiseren")],
    },
}


def test_formats_byte_for_byte(folder: Path, register: Register):
    matrix = build_matrix(load_catalogue([folder]), register)
    assert render_matrix_md(matrix) == MD
    assert render_matrix_csv(matrix) == CSV
    assert render_matrix_json(matrix) == json.dumps(JSON, indent=2, ensure_ascii=False) + "\n"
    assert [render_matrix(matrix, fmt) for fmt in ("md", "csv", "json")] == [
        MD, CSV, render_matrix_json(matrix)]
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render_matrix(matrix, "xml")


def test_no_interactions_and_no_gaps(register: Register):
    matrix = build_matrix([], register)
    text = render_matrix_md(matrix)
    assert matrix.cells == () and matrix.columns == ()
    assert "### Gaps the fiches declare\n\nNone.\n" in text
    assert "### Operations fiches rely on\n\nNone.\n" in text
    assert render_matrix_csv(matrix) == "object,kind,name,fiche,step,letter\n"


def test_cli_stdout_and_file(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["matrix", str(folder), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "object,kind,name,fiche,step,letter",
        "gebouw,attribute,gebouwStatus,bouwen,(kern),R",
        "gebouw,object,,bouwen,aanvraag,C",
    ]
    target = tmp_path / "out" / "matrix.json"
    assert main(["matrix", str(folder / "bouwen.yaml"), "--format", "json", "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["fiches"] == ["bouwen"]
    assert main(["matrix", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("# Register matrix (grar)\n")


def test_cli_exit_codes(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (folder / "kapot.yaml").write_text("id: kapot\n", encoding="utf-8")
    assert main(["matrix", str(folder)]) == 1  # the matrix of the fiches that load, and the broken one named
    captured = capsys.readouterr()
    assert captured.out.startswith("# Register matrix (grar)\n") and "| bouwen | slopen |" in captured.out
    assert "kapot.yaml:" in captured.err and "error schema.required" in captured.err
    assert main(["matrix", str(tmp_path / "nergens.yaml")]) == 1
    assert "error io.unreadable" in capsys.readouterr().err
    assert main(["matrix", str(folder), "--format", "xml"]) == 2
    assert main(["matrix"]) == 2


def test_bundled_fiches():
    matrix = build_matrix(load_catalogue([ROOT / "fiches"]))
    cells = {(c.object, c.kind, c.name, c.fiche, c.step, c.letter) for c in matrix.cells}
    assert ("gebouw", "object", "", "omgevingsvergunning", "gebouw_plannen", "C") in cells
    assert ("gebouw", "operation", "plannen", "omgevingsvergunning", "gebouw_plannen", "C") in cells
    assert ("adres", "attribute", "adresStatus", "in-uitschrijving", "(kern)", "R") in cells
    assert ("adres", "attribute", "adresStatus", "in-uitschrijving", "adres_controleren", "R") in cells
    assert len(matrix.fiches) == 6
    assert (len(matrix.rows), len(matrix.columns), len(matrix.cells)) == (118, 57, 449)


def test_names_the_register_lacks_give_no_cell(register: Register):
    fiche = Fiche.model_validate({
        "id": "vreemd", "title": "Vreemd", "version": "1.0.0", "status": "draft", "updated": "2026-11-28",
        "summary": "Namen die het register niet kent.",
        "shells": {"kern": {"Gebouw": ["bouwjaar"], "Adres": ["adresStatus"]}},
        "process": {
            "start": {"kind": "start", "name": "Start", "next": "einde", "register": [
                {"operation": "slopen", "object": "Gebouw"},
                {"operation": "voorstellen", "object": "Adres"},
                {"read": "Gebouw", "attributes": ["bouwjaar"], "expect": {"hoogte": "hoog"}},
            ]},
            "einde": {"kind": "end", "name": "Einde"}}})
    matrix = build_matrix({"vreemd": fiche}, register)
    assert [(c.kind, c.name, c.step, c.letter) for c in matrix.cells] == [("object", "", "start", "R")]
    empty_shells = fiche.shells.model_copy(update={"kern": {}})
    lege = fiche.model_copy(update={"id": "leeg", "process": {}, "shells": empty_shells})
    text = render_matrix_md(build_matrix([lege], register))
    assert "### leeg\n\nNo register interactions.\n" in text


def test_matrix_against_another_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    grar = (ROOT / "schillen" / "registers" / "grar.yaml").read_text(encoding="utf-8")
    city = tmp_path / "stad.yaml"
    city.write_text(grar.replace("adresStatus", "adresToestand"), encoding="utf-8")  # renamed throughout
    assert main(["matrix", str(ROOT / "fiches" / "in-uitschrijving.yaml"), "--format", "csv"]) == 0
    bundled = capsys.readouterr().out
    assert main(["matrix", str(ROOT / "fiches" / "in-uitschrijving.yaml"), "--format", "csv",
                 "--register", str(city)]) == 0
    other = capsys.readouterr().out
    assert "adres,attribute,adresStatus,in-uitschrijving," in bundled and "adresStatus" not in other
    assert main(["matrix", str(ROOT / "fiches"), "--register", str(tmp_path / "geen.yaml")]) == 1
