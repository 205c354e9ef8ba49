"""``schillen register get`` and ``schillen register list``: exact output, exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schillen.cli import main
from schillen.registers.embedded import EmbeddedRegister
from tests.registers.apiserver import ApiServer, adres, gebouw, gebouweenheid, straatnaam


def schillen(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["register", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_get_prints_the_key_attributes(capsys: pytest.CaptureFixture[str]):
    assert schillen(capsys, "get", "gebouw", "2") == (0, (
        "gebouw 2\n"
        "  gebouwStatus      gerealiseerd\n"
        "  geometrieMethode  ingemetenGRB\n"
        "  gebouweenheden    2, 3, 4, 5, 6\n"
        "  percelen          44999A0002-00B000\n"
        "  versieId          2023-11-06T09:00:31+01:00\n"), "")


def test_get_json_is_the_object_in_the_registers_field_names(capsys: pytest.CaptureFixture[str]):
    code, out, err = schillen(capsys, "get", "Gebouweenheid", "https://data.vlaanderen.be/id/gebouweenheid/6",
                              "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "identificator": {"id": "https://data.vlaanderen.be/id/gebouweenheid/6",
                          "naamruimte": "https://data.vlaanderen.be/id/gebouweenheid", "objectId": "6",
                          "versieId": "2023-11-06T09:00:36+01:00"},
        "gebouweenheidPositie": {"geometrie": {"type": "Point", "gml": (
            '<gml:Point srsName="https://www.opengis.net/def/crs/EPSG/0/31370"><gml:pos>104050.00 194011.00</gml:pos>'
            "</gml:Point>")}, "positieGeometrieMethode": "afgeleidVanObject"},
        "gebouweenheidStatus": "gerealiseerd",
        "functie": "gemeenschappelijkDeel",
        "gebouw": {"objectId": "2", "detail": "https://api.basisregisters.vlaanderen.be/v2/gebouwen/2"},
        "adressen": [{"objectId": "2", "detail": "https://api.basisregisters.vlaanderen.be/v2/adressen/2"}],
        "afwijkingVastgesteld": False,
    }


@pytest.mark.parametrize(("argv", "message"), [
    (("get", "gebouw", "1234"), "error: gebouw '1234' not found\n"),
    (("get", "gebouw", "8"), "error: gebouw '8' is removed (verwijderd)\n"),
    (("get", "adres", "17", "--format", "json"), "error: adres '17' is removed (verwijderd)\n"),
])
def test_not_found_and_removed_exit_1_and_say_which(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
                                                   message: str):
    assert schillen(capsys, *argv) == (1, "", message)


def test_list_text_is_an_aligned_table(capsys: pytest.CaptureFixture[str]):
    argv = ("list", "adres", "--filter", "straatnaam=Molenweg", "--filter", "STATUS=voorgesteld")
    assert schillen(capsys, *argv) == (0, (
        "objectId  adresStatus  volledigAdres                      straatnaam  huisnummerObject  officieelToegekend\n"
        "8         voorgesteld  Molenweg 2, 9999 Schillegem        2           -                 true\n"
        "10        voorgesteld  Molenweg 4 bus 1, 9999 Schillegem  2           9                 true\n"
        "11        voorgesteld  Molenweg 4 bus 2, 9999 Schillegem  2           9                 true\n"), "")


def test_list_json_is_a_list_of_objects(capsys: pytest.CaptureFixture[str]):
    code, out, err = schillen(capsys, "list", "gebouweenheid", "--filter", "gebouwobjectid=5", "--format", "json")
    assert (code, err) == (0, "")
    units = json.loads(out)
    assert [(u["identificator"]["objectId"], u["gebouweenheidStatus"], u["functie"], u["adressen"][0]["objectId"])
            for u in units] == [("9", "gepland", "nietGekend", "10"), ("10", "gepland", "nietGekend", "11"),
                                ("11", "gepland", "gemeenschappelijkDeel", "9")]
    assert units == [u.model_dump(mode="json", exclude_none=True)
                     for u in EmbeddedRegister.sample().list("gebouweenheid", {"gebouwObjectId": "5"})]


def test_a_list_without_matches(capsys: pytest.CaptureFixture[str]):
    empty = ("list", "gebouweenheid", "--filter", "gebouwObjectId=999999")
    assert schillen(capsys, *empty) == (0, "", "no gebouweenheid matches\n")
    assert schillen(capsys, *empty, "--format", "json") == (0, "[]\n", "")
    code, out, err = schillen(capsys, "list", "gebouw", "--filter", "status=onbekend")  # not a status at all
    assert (code, out) == (2, "") and "'onbekend'" in err


@pytest.mark.parametrize(("argv", "message"), [
    (("get", "gebow", "2"), "Error: Invalid value for OBJECT: 'gebow' is not an object of register 'grar'; "
                            "did you mean 'gebouw'?"),
    (("list", "gebouweenheid", "--filter", "gebouw=2"),
     "Error: Invalid value for --filter: gebouweenheid has no filter 'gebouw'; did you mean 'gebouwObjectId'?"),
    (("list", "perceel", "--filter", "kleur=rood"),
     "Error: Invalid value for --filter: perceel has no filter 'kleur'; the filters of perceel are: status, "
     "adresObjectId"),
    (("list", "perceel", "--filter", "status"),
     "Error: Invalid value for --filter: 'status': write NAME=VALUE, e.g. status=gepland"),
    (("get", "gebouw", "2", "--api", "ftp://example.org"),
     "Error: Invalid value for --api: the base URL is an http or https address without query, like "
     "'https://api.basisregisters.vlaanderen.be', not 'ftp://example.org'"),
    (("get", "gebouw", "2", "--api", "http://127.0.0.1:9", "--register-data", "x.json"),
     "Error: give --api or --register-data, not both"),
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str):
    code, out, err = schillen(capsys, *argv)
    assert (code, out, err.splitlines()[-1]) == (2, "", message)


def test_a_saved_register(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    reg = EmbeddedRegister.sample()
    reg.apply("gebouw", "5", "realiseren")
    saved = reg.save(tmp_path / "schillegem.json")
    assert schillen(capsys, "list", "gebouweenheid", "--filter", "gebouwObjectId=5", "--register-data",
                    str(saved)) == (0, (
        "objectId  gebouweenheidStatus  functie                gebouw  adressen  afwijkingVastgesteld\n"
        "9         gerealiseerd         nietGekend             5       10        false\n"
        "10        gerealiseerd         nietGekend             5       11        false\n"
        "11        gerealiseerd         gemeenschappelijkDeel  5       9         false\n"), "")


def test_a_damaged_or_missing_saved_register(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    damaged = tmp_path / "half.json"
    damaged.write_text('{"format": "schillen-embedded-register", "objects": {', encoding="utf-8")
    assert schillen(capsys, "get", "gebouw", "2", "--register-data", str(damaged)) == (
        1, "", f"error: {damaged}:1:54: not valid JSON: Expecting property name enclosed in double quotes "
               "(is the file cut short?)\n")
    missing = tmp_path / "nope.json"
    assert schillen(capsys, "get", "gebouw", "2", "--register-data", str(missing)) == (
        1, "", f"error: {missing}: cannot read the register: No such file or directory\n")


# --- --api: a real HTTP server on 127.0.0.1 that answers like the read API ----------------------------


@pytest.fixture
def api() -> Iterator[ApiServer]:
    with ApiServer([
        gebouw("6", units=[("7", "gerealiseerd"), ("8", "gepland")], percelen=["11001B0008-00G002"]),
        gebouweenheid("7", "6", adressen=["12", "11"]),
        gebouweenheid("8", "6", "gepland", afwijking=True),
        adres("11", "31", "5"),
        adres("12", "31", "5", busnummer="1"),
        straatnaam("31", "Veldstraat"),
    ]) as server:
        server.remove("gebouwen", "9")
        yield server


def test_get_and_list_through_the_api(capsys: pytest.CaptureFixture[str], api: ApiServer):
    code, out, err = schillen(capsys, "get", "gebouw", "6", "--api", api.url)
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == ["gebouw 6", "  gebouwStatus      gerealiseerd", "  geometrieMethode  ingeschetst",
                                    "  gebouweenheden    7, 8", "  percelen          11001B0008-00G002"]
    code, out, err = schillen(capsys, "list", "gebouweenheid", "--filter", "gebouwObjectId=6", "--format", "json",
                              "--api", api.url)
    units: list[dict[str, Any]] = json.loads(out)
    assert (code, err, [(u["identificator"]["objectId"], u["gebouweenheidStatus"]) for u in units]) == (
        0, "", [("7", "gerealiseerd"), ("8", "gepland")])


def test_not_found_and_removed_through_the_api(capsys: pytest.CaptureFixture[str], api: ApiServer):
    assert schillen(capsys, "get", "gebouw", "404", "--api", api.url)[::2] == (
        1, "error: gebouw '404' not found (the register: Onbestaand gebouw.)\n")
    code, out, err = schillen(capsys, "get", "gebouw", "9", "--api", api.url)
    assert (code, out, err.startswith("error: gebouw '9' is removed (verwijderd)")) == (1, "", True)
