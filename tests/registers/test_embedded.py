"""The embedded register: the bundled sample, every row of the reference's lifecycle tables, every cascade, saving.

The rows of the reference (§4.1–§4.7) are the tables of ``test_transitions.py``: each
row is set up in an empty embedded register (the object in its status, the related
objects in theirs), the operation is applied, and the register must refuse it with
the row's code, or end the object in the row's status.  The cascades are tested on
the sample municipality, one test per cascade of the reference, each with the exact
statuses and links before and after, and with every other object unchanged.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schillen.registers import embedded
from schillen.registers.embedded import CHANGES, CHECKS, WHEN, EmbeddedRegister, RegisterDataError
from schillen.registers.loading import load_register
from schillen.registers.objects import (
    Adres,
    BuildingRegister,
    Change,
    Gebouw,
    Gebouweenheid,
    ObjectNotFound,
    ObjectRemoved,
    OperationRefused,
    RegisterObject,
)
from tests.conftest import NO_FIFOS, feed_fifo
from tests.registers.test_transitions import (
    ADRES,
    COMMON_UNIT,
    GEBOUW_41,
    GEBOUW_42,
    GEBOUWEENHEID,
    PERCEEL,
    STRAATNAAM,
    case,
    no,
    ok,
)

GRAR = load_register()
SAMPLE_FILE = Path(__file__).parents[2] / "schillen" / "registers" / "sample.json"


@pytest.fixture
def reg() -> EmbeddedRegister:
    return EmbeddedRegister.sample()


def everything(register: EmbeddedRegister) -> dict[tuple[str, str], dict[str, Any]]:
    return {(key, o.object_id): o.model_dump(mode="json") for key in GRAR.objects for o in register.list(key)}


def status(register: EmbeddedRegister, key: str, *ids: str) -> list[str]:
    found = []
    for object_id in ids:
        try:
            found.append(register.get(key, object_id).status)
        except ObjectRemoved:
            found.append("verwijderd")
    return found


def links(register: EmbeddedRegister, key: str, object_id: str, other: str) -> list[str]:
    return register.get(key, object_id).related(other)


def unit(register: EmbeddedRegister, object_id: str) -> Gebouweenheid:
    found = register.get("gebouweenheid", object_id)
    assert isinstance(found, Gebouweenheid)
    return found


def untouched(before: dict[tuple[str, str], dict[str, Any]], after: EmbeddedRegister,
              changes: tuple[Change, ...], also: tuple[tuple[str, str], ...] = ()) -> None:
    """Every object the changes (and ``also``: buildings of changed units) do not name is exactly as it was."""
    named = {(c.object_type, c.object_id) for c in changes} | set(also)
    now = everything(after)
    assert {k: v for k, v in before.items() if k not in named} == {k: v for k, v in now.items() if k not in named}


# --- the sample municipality -------------------------------------------------------------------


def test_the_sample_is_a_building_register():
    assert isinstance(EmbeddedRegister.sample(), BuildingRegister)


def test_every_object_type_and_every_status_occurs_in_the_sample(reg: EmbeddedRegister):
    for key in GRAR.objects:
        assert sorted({o.status for o in reg.list(key)}) == sorted(GRAR.statuses(key)), key


def test_every_link_of_the_sample_resolves_to_an_object_that_is_not_removed(reg: EmbeddedRegister):
    count = 0
    for key in GRAR.objects:
        for obj in reg.list(key):
            for other in GRAR.objects:
                for object_id in obj.related(other):
                    assert reg.get(other, object_id).object_id == object_id
                    count += 1
    assert count == 70


def test_relations_of_the_sample_agree_both_ways(reg: EmbeddedRegister):
    for building in reg.list("gebouw"):
        assert isinstance(building, Gebouw)
        listed = [(ref.objectId, ref.status) for ref in building.gebouweenheden]
        units = [(u.object_id, u.status) for u in reg.list("gebouweenheid", {"gebouwObjectId": building.object_id})]
        assert listed == units
    for address in reg.list("adres"):
        assert isinstance(address, Adres)
        if address.busnummer is not None:
            parent = reg.get("adres", address.related("adres")[0])
            assert isinstance(parent, Adres)
            assert (parent.huisnummer, parent.busnummer, parent.related("straatnaam"), parent.postinfo) == (
                address.huisnummer, None, address.related("straatnaam"), address.postinfo)


def test_the_sample_keeps_the_registers_invariants(reg: EmbeddedRegister):
    """§4.3/§4.4/§4.5: units link only active addresses; a common unit exactly where ≥ 2 units count."""
    common = GRAR.objects["gebouweenheid"].common_unit
    assert common is not None
    for u in reg.list("gebouweenheid"):
        assert all(reg.get("adres", a).status in ("voorgesteld", "inGebruik") for a in u.related("adres"))
        if u.status in ("nietGerealiseerd", "gehistoreerd"):
            assert u.related("adres") == []
    for building in reg.list("gebouw"):
        units = [u for u in reg.list("gebouweenheid", {"gebouwObjectId": building.object_id})
                 if isinstance(u, Gebouweenheid)]
        counted = [u for u in units if u.functie != common.value and u.status in common.counted]
        active_common = [u for u in units if u.functie == common.value and u.status in common.counted]
        assert len(active_common) == (1 if len(counted) >= common.threshold else 0), building.object_id


def test_the_sample_has_what_scenarios_need(reg: EmbeddedRegister):
    buildings = {b.object_id: (b.status, b.geometrieMethode) for b in reg.list("gebouw") if isinstance(b, Gebouw)}
    assert buildings == {"1": ("gerealiseerd", "ingemetenGRB"), "2": ("gerealiseerd", "ingemetenGRB"),
                         "3": ("gerealiseerd", "ingeschetst"), "4": ("gepland", "ingeschetst"),
                         "5": ("inAanbouw", "ingeschetst"), "6": ("gehistoreerd", "ingemetenGRB"),
                         "7": ("nietGerealiseerd", "ingeschetst")}
    apartments = [(u.object_id, u.functie, [reg.get("adres", a).busnummer for a in u.related("adres")])
                  for u in reg.list("gebouweenheid", {"gebouwObjectId": "2"}) if isinstance(u, Gebouweenheid)]
    assert apartments == [("2", "nietGekend", ["0.1"]), ("3", "nietGekend", ["1.1"]), ("4", "nietGekend", ["1.2"]),
                          ("5", "nietGekend", ["2.1"]), ("6", "gemeenschappelijkDeel", [None])]
    assert [(p.object_id, p.status, p.related("adres")) for p in reg.list("perceel")] == [
        ("44999A0001-00A000", "gerealiseerd", ["1"]), ("44999A0002-00B000", "gerealiseerd", ["2"]),
        ("44999A0004-00A000", "gerealiseerd", ["16"]), ("44999B0010-00C000", "gerealiseerd", ["8", "9"]),
        ("44999B0011-00A000", "gehistoreerd", []), ("44999C0020-00A000", "gerealiseerd", ["13"])]
    assert [b.related("perceel") for b in reg.list("gebouw", {"caPaKey": "44999B0010/00C000"})] == [
        ["44999B0010-00C000"], ["44999B0010-00C000"]]


def test_the_bundled_sample_is_saved_as_the_register_saves():
    assert EmbeddedRegister.sample().to_text() == SAMPLE_FILE.read_text(encoding="utf-8")


def test_removed_and_missing_objects(reg: EmbeddedRegister):
    with pytest.raises(ObjectRemoved, match=r"^gebouw '8' is removed \(verwijderd\)$"):
        reg.get("gebouw", "8")
    with pytest.raises(ObjectNotFound, match=r"^gebouw '1234' not found$"):
        reg.get("Gebouw", "1234")
    assert reg.get("gebouw", "https://data.vlaanderen.be/id/gebouw/2").object_id == "2"
    assert reg.get("perceel", "44999A0001/00A000").object_id == "44999A0001-00A000"
    assert [u.object_id for u in reg.list("gebouweenheid", {"gebouwObjectId": "3"})] == ["7"]


# --- lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("object_type", "filters", "ids"), [
    ("gebouweenheid", {"adresobjectid": "3"}, ["2"]),
    ("gebouweenheid", {"gebouwObjectId": "5", "functie": "gemeenschappelijkDeel"}, ["11"]),
    ("gebouweenheid", {"status": "gehistoreerd"}, ["12"]),
    ("gebouweenheid", {"status": "onbekend"}, []),
    ("adres", {"straatnaamObjectId": "2"}, ["8", "9", "10", "11", "12"]),
    ("adres", {"huisnummer": "3", "busnummer": "1.2"}, ["5"]),
    ("adres", {"straatnaam": "Molenweg", "status": "voorgesteld"}, ["8", "10", "11"]),
    ("adres", {"postcode": "9999", "niscode": "44999", "gemeentenaam": "Schillegem", "huisnummer": "7"}, ["14", "16"]),
    ("straatnaam", {"straatnaam": "Kerkstraat"}, ["1"]),
    ("straatnaam", {"gewest": "vlaams", "niscode": "44999", "status": "afgekeurd"}, ["5"]),
    ("perceel", {"adresObjectId": "9"}, ["44999B0010-00C000"]),
    ("gebouw", {"status": "gerealiseerd"}, ["1", "2", "3"]),
    ("Gebouw", None, ["1", "2", "3", "4", "5", "6", "7"]),
])
def test_list_filters(reg: EmbeddedRegister, object_type: str, filters: dict[str, str], ids: list[str]):
    assert [o.object_id for o in reg.list(object_type, filters)] == ids


def test_an_unknown_filter_names_the_valid_ones(reg: EmbeddedRegister):
    with pytest.raises(ValueError, match=r"^unknown filter 'gebouw'; the filters are: gebouwObjectId, adresObjectId, "
                                         r"status, functie$"):
        reg.list("gebouweenheid", {"gebouw": "2"})  # at once, before the first object


# --- every row of the reference ------------------------------------------------------------------


def _pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v.split("=", 1)[0], v.split("=", 1)[1]) for v in values]


class Arrange:
    """An empty register with the objects a row of the reference names, in the statuses it names."""

    def __init__(self) -> None:
        self.reg = EmbeddedRegister.empty()
        self.streets = 0

    def street(self, state: str) -> str:
        self.streets += 1
        live = "inGebruik" if state == "verwijderd" else state
        street = self.reg.add("straatnaam", live, attributes={"straatnamen": f"Straat {self.streets}"}).object_id
        if state == "verwijderd":
            self.reg.apply("straatnaam", street, "verwijderen")
        return street

    def address(self, state: str, street: str | None = None, parent: str | None = None,
                attributes: dict[str, str] | None = None) -> str:
        street = street or self.street("inGebruik")
        live = "voorgesteld" if state == "verwijderd" else state
        related = {"straatnaam": street, **({"adres": parent} if parent else {})}
        values = {"huisnummer": "1", "postinfo": "9999", **({"busnummer": "1"} if parent else {}), **(attributes or {})}
        address = self.reg.add("adres", live, related=related, attributes=values).object_id
        if state == "verwijderd":
            self.reg.apply("adres", address, "verwijderen")
        return address

    def building(self, state: str, attributes: dict[str, str] | None = None) -> str:
        live = "gepland" if state == "verwijderd" else state
        building = self.reg.add("gebouw", live, attributes=attributes or {}).object_id
        if state == "verwijderd":
            measured = (attributes or {}).get("geometrieMethode") == "ingemetenGRB"
            self.reg.apply("gebouw", building, "verwijder-ingemeten" if measured else "verwijderen")
        return building

    def unit(self, state: str, building: str, attributes: dict[str, str] | None = None) -> str:
        common = (attributes or {}).get("functie") == "gemeenschappelijkDeel"
        live = "gepland" if state == "verwijderd" else state
        made = self.reg.add("gebouweenheid", live, related={"gebouw": building}, attributes=attributes or {}).object_id
        if state == "verwijderd" and common:  # §4.4: removed once no other unit remains
            other = self.reg.add("gebouweenheid", "gepland", related={"gebouw": building}).object_id
            self.reg.apply("gebouweenheid", other, "verwijderen")
        elif state == "verwijderd":
            self.reg.apply("gebouweenheid", made, "verwijderen")
        return made


def arrange(obj: str, operation: str, state: str | None, related: tuple[str, ...],
            attributes: tuple[str, ...]) -> tuple[EmbeddedRegister, str | None, dict[str, str], dict[str, str]]:
    """The register, the subject's id, and the related ids and inputs to apply the row with."""
    a = Arrange()
    creates = state is None
    pairs = _pairs(related)
    values = dict(_pairs(attributes))
    own = {} if creates else values
    inputs = values if creates else {}
    given: dict[str, str] = {}
    named = dict(pairs)
    subject: str | None = None
    operation_model = GRAR.objects[obj].operations[_action(obj, operation)]
    if obj == "gebouw" and not any(name.startswith("geometrieMethode") for name in own):
        # a building always has a geometry method: the one the operation needs, when the row does not name it
        needed = [p.in_[0] for p in operation_model.preconditions if p.attribute == "gebouwPolygoon.geometrieMethode"]
        own = {"geometrieMethode": str(needed[0])} if needed and not creates else own
    if operation in ("adreskoppelen", "adresontkoppelen") and "adres" not in named:
        named["adres"] = "inGebruik"
    if operation == "hernoemen" and not {"doelstraatnaam", "straatnaam"} & set(named):
        named["doelstraatnaam"] = "inGebruik"
    if obj == "gebouw":
        subject = a.building(str(state), own) if not creates else None
        if not creates:
            for name, value in pairs:
                if name == "gebouweenheid":
                    a.unit(value, subject)
    elif obj == "gebouweenheid":
        moving = operation == "verplaatsen"
        building_state = "gerealiseerd" if moving else named.get("gebouw", "gerealiseerd")
        if building_state == "verwijderd" and not creates:
            pytest.skip("a unit that is not removed cannot be in a removed building (§4.1: removing it removes them)")
        building = a.building(building_state)
        if creates:
            given["gebouw"] = building
        else:
            subject = a.unit(str(state), building, own)
        if "adres" in named:
            given["adres"] = a.address(named["adres"])
        if moving:
            given["doelgebouw"] = a.building(named.get("doelgebouw", named.get("gebouw", "gerealiseerd")))
    elif obj == "adres":
        street_state = named.get("straatnaam", "inGebruik")
        parent_state = named.get("adres", named.get("huisnummerObject"))
        if not creates and "verwijderd" in (street_state, parent_state):
            pytest.skip("an address that is not removed cannot be in a removed street or under a removed parent")
        street = a.street(street_state)
        parent = a.address(parent_state, street) if parent_state else None
        if creates:
            given["straatnaam"] = street
            inputs = {"huisnummer": "1", "postinfo": "9999", **({"busnummer": "1"} if parent else {}), **inputs}
            if parent:
                given["adres"] = parent
        else:
            subject = a.address(str(state), street, parent, own)
    elif obj == "straatnaam":
        subject = a.street(str(state)) if not creates else None
        inputs = {"straatnamen": "Nieuwstraat", **inputs} if creates else inputs
        target = named.get("doelstraatnaam", named.get("straatnaam"))
        if target:
            given["doelstraatnaam"] = a.street(target)
    elif obj == "perceel":
        subject = a.reg.add("perceel", str(state)).object_id
        if "adres" in named:
            given["adres"] = a.address(named["adres"])
    return a.reg, subject, given, inputs


# The corrections of an address's regularisation, which the reference names without a row (§4.5 "corrigeren/…").
CORRECTIONS = [
    *[case("§4.5", "adres", action, s, ok(s)) for action in ("corrigeren/regularisatie", "corrigeren/deregularisatie")
      for s in ("voorgesteld", "inGebruik")],
    *[case("§4.5", "adres", action, s, no("AddressHasInvalidStatusException"))
      for action in ("corrigeren/regularisatie", "corrigeren/deregularisatie") for s in ("afgekeurd", "gehistoreerd")],
]
ROWS = [*GEBOUW_41, *GEBOUW_42, *GEBOUWEENHEID, *COMMON_UNIT, *ADRES, *CORRECTIONS, *STRAATNAAM, *PERCEEL]


@pytest.mark.parametrize(("obj", "operation", "state", "related", "attributes", "expected"), ROWS)
def test_every_row_of_the_reference(obj: str, operation: str, state: str | None, related: tuple[str, ...],
                                    attributes: tuple[str, ...], expected: dict[str, Any]):
    register, subject, given, inputs = arrange(obj, operation, state, related, attributes)
    before = register.to_text()
    if not expected["allowed"]:
        with pytest.raises(OperationRefused) as refused:
            register.apply(obj, subject, operation, related=given, attributes=inputs)
        assert refused.value.code == expected["reason"]
        assert register.to_text() == before  # a refused operation changes nothing
        return
    done = register.apply(obj, subject, operation, related=given, attributes=inputs)
    after = expected["to"]
    if after is None:  # 'previous' (the status before removal) or not given by the reference: kept
        after = {None: state, "verwijderd": "gepland"}.get(state, state)
    if after == "verwijderd":
        with pytest.raises(ObjectRemoved):
            register.get(obj, done.object.object_id)
    else:
        assert (done.object.status, register.get(obj, done.object.object_id).status) == (after, after)


def test_the_rows_cover_every_operation_of_the_register():
    covered = {(obj, (GRAR.objects[obj].operations.get(op) is not None and op) or _action(obj, op))
               for obj, op, *_ in (p.values for p in ROWS)}
    every = {(obj, action) for obj, kind in GRAR.objects.items() for action in kind.operations}
    assert every - covered == set()


def _action(obj: str, name: str) -> str:
    from schillen.registers.lookup import find_operation

    return find_operation(GRAR.objects[obj], name)


def test_the_words_of_the_register_interface_are_all_understood():
    """Every ``when`` and ``change`` of a cascade is interpreted; every ``check`` is decided or assumed on purpose."""
    cascades = [c for kind in GRAR.objects.values() for op in kind.operations.values() for c in op.cascades]
    assert {c.when for c in cascades if c.when} == set(WHEN)
    assert {c.change for c in cascades if c.change} == set(CHANGES)
    checks = {p.check for kind in GRAR.objects.values() for op in kind.operations.values()
              for p in op.preconditions if p.check}
    assert set(CHECKS) <= checks


# --- every cascade of the reference, on the sample --------------------------------------------


def run(reg: EmbeddedRegister, *args: Any, **kwargs: Any) -> list[tuple[str, str, str | None, str]]:
    before = everything(reg)
    done = reg.apply(*args, **kwargs)
    buildings = set()
    for change in done.changes:
        if change.object_type == "gebouweenheid":  # a unit lives in its building's aggregate
            if ("gebouweenheid", change.object_id) in before:
                buildings.add(("gebouw", before[("gebouweenheid", change.object_id)]["gebouw"]["objectId"]))
            if change.after != "verwijderd":
                buildings.add(("gebouw", unit(reg, change.object_id).related("gebouw")[0]))
    untouched(before, reg, done.changes, tuple(buildings))
    return [(c.object_type, c.object_id, c.before, c.after) for c in done.changes]


def test_41_realising_a_building_realises_its_planned_units_common_unit_included(reg: EmbeddedRegister):
    assert run(reg, "gebouw", "5", "realiseren") == [
        ("gebouw", "5", "inAanbouw", "gerealiseerd"), ("gebouweenheid", "9", "gepland", "gerealiseerd"),
        ("gebouweenheid", "10", "gepland", "gerealiseerd"), ("gebouweenheid", "11", "gepland", "gerealiseerd")]
    building = reg.get("gebouw", "5")
    assert isinstance(building, Gebouw)
    assert [(r.objectId, r.status) for r in building.gebouweenheden] == [
        ("9", "gerealiseerd"), ("10", "gerealiseerd"), ("11", "gerealiseerd")]
    assert building.identificator.versieId == "2023-11-06T09:00:54+01:00"  # one second after the newest


def test_41_not_realising_a_building(reg: EmbeddedRegister):
    """Planned units lose their addresses and become nietGerealiseerd; so does the planned common unit."""
    assert run(reg, "gebouw", "5", "nietrealiseren") == [
        ("gebouw", "5", "inAanbouw", "nietGerealiseerd"), ("gebouweenheid", "9", "gepland", "nietGerealiseerd"),
        ("gebouweenheid", "10", "gepland", "nietGerealiseerd"), ("gebouweenheid", "11", "gepland", "nietGerealiseerd")]
    assert [links(reg, "gebouweenheid", u, "adres") for u in ("9", "10", "11")] == [[], [], ["9"]]


def test_41_not_realising_a_building_retires_a_realised_common_unit():
    a = Arrange()
    building = a.building("gepland")
    units = [a.unit("gepland", building), a.unit("gepland", building),
             a.unit("gerealiseerd", building, {"functie": "gemeenschappelijkDeel"})]
    assert run(a.reg, "gebouw", building, "nietrealiseren") == [
        ("gebouw", building, "gepland", "nietGerealiseerd"), ("gebouweenheid", units[0], "gepland", "nietGerealiseerd"),
        ("gebouweenheid", units[1], "gepland", "nietGerealiseerd"),
        ("gebouweenheid", units[2], "gerealiseerd", "gehistoreerd")]


def test_41_correcting_a_realisation_sends_realised_units_back_to_planned(reg: EmbeddedRegister):
    assert run(reg, "gebouw", "3", "corrigeren/realisering") == [
        ("gebouw", "3", "gerealiseerd", "inAanbouw"), ("gebouweenheid", "7", "gerealiseerd", "gepland")]
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouw", "2", "corrigeren/realisering")
    assert refused.value.code == "GebouwGeometrieMethodeIngemetenGRB"


def test_41_a_new_outline_moves_derived_points_to_its_centroid(reg: EmbeddedRegister):
    from schillen.registers.embedded import point_gml, polygon_gml

    outline = polygon_gml([(104124.0, 194044.0), (104144.0, 194044.0), (104144.0, 194064.0), (104124.0, 194064.0)])
    assert run(reg, "gebouw", "4", "wijzigen/schetsgeometriepolygoon", attributes={"geometrie": outline}) == [
        ("gebouw", "4", "gepland", "gepland"), ("gebouweenheid", "8", "gepland", "gepland")]
    position = unit(reg, "8").gebouweenheidPositie
    assert position is not None
    assert (position.geometrie.gml, position.positieGeometrieMethode) == (point_gml(104134.0, 194054.0),
                                                                          "afgeleidVanObject")


def test_41_removing_a_building_removes_its_units_and_their_links(reg: EmbeddedRegister):
    assert run(reg, "gebouw", "5", "verwijderen") == [
        ("gebouw", "5", "inAanbouw", "verwijderd"), ("gebouweenheid", "9", "gepland", "verwijderd"),
        ("gebouweenheid", "10", "gepland", "verwijderd"), ("gebouweenheid", "11", "gepland", "verwijderd")]
    assert [a.object_id for a in reg.list("adres", {"huisnummer": "4"})] == ["9", "10", "11"]
    assert list(reg.list("gebouweenheid", {"gebouwObjectId": "5"})) == []


def test_42_measuring_realises_planned_units_and_moves_derived_points(reg: EmbeddedRegister):
    assert run(reg, "gebouw", "4", "inmeten") == [
        ("gebouw", "4", "gepland", "gerealiseerd"), ("gebouweenheid", "8", "gepland", "gerealiseerd")]
    building = reg.get("gebouw", "4")
    assert isinstance(building, Gebouw)
    assert building.geometrieMethode == "ingemetenGRB"
    assert run(reg, "gebouw", "4", "inmeten") == []  # no-op once measured


def test_42_establishing_a_building_can_add_a_realised_unit_with_an_address(reg: EmbeddedRegister):
    assert run(reg, "gebouw", None, "vaststellen", related={"adres": "13"}) == [
        ("gebouw", "9", None, "gerealiseerd"), ("gebouweenheid", "15", None, "gerealiseerd")]
    assert (links(reg, "gebouweenheid", "15", "adres"), unit(reg, "15").functie) == (["13"], "nietGekend")


def test_42_demolishing_a_building(reg: EmbeddedRegister):
    """All units lose their addresses; planned ones become nietGerealiseerd, realised ones gehistoreerd."""
    assert run(reg, "gebouw", "2", "slopen") == [
        ("gebouw", "2", "gerealiseerd", "gehistoreerd"), ("gebouweenheid", "5", "gepland", "nietGerealiseerd"),
        ("gebouweenheid", "2", "gerealiseerd", "gehistoreerd"), ("gebouweenheid", "3", "gerealiseerd", "gehistoreerd"),
        ("gebouweenheid", "4", "gerealiseerd", "gehistoreerd"), ("gebouweenheid", "6", "gerealiseerd", "gehistoreerd")]
    assert [links(reg, "gebouweenheid", u, "adres") for u in ("2", "3", "4", "5", "6")] == [[], [], [], [], []]


def test_42_removing_a_measured_building(reg: EmbeddedRegister):
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouw", "2", "verwijder-ingemeten")
    assert refused.value.code == "GebouwHeeftGebouweenheden"
    assert run(reg, "gebouw", "6", "RemoveMeasuredBuilding") == [
        ("gebouw", "6", "gehistoreerd", "verwijderd")]


def test_43_planning_a_second_unit_creates_the_common_unit(reg: EmbeddedRegister):
    assert run(reg, "gebouweenheid", None, "plannen", related={"gebouw": "4"}) == [
        ("gebouweenheid", "15", None, "gepland"), ("gebouweenheid", "16", None, "gepland")]
    assert unit(reg, "16").functie == "gemeenschappelijkDeel"
    assert run(reg, "gebouweenheid", None, "plannen", related={"gebouw": "1"}) == [
        ("gebouweenheid", "17", None, "gepland"), ("gebouweenheid", "18", None, "gerealiseerd")]


def test_43_not_realising_a_unit_detaches_it_and_the_common_unit_falls_below_two(reg: EmbeddedRegister):
    assert run(reg, "gebouweenheid", "9", "nietrealiseren") == [
        ("gebouweenheid", "9", "gepland", "nietGerealiseerd"), ("gebouweenheid", "11", "gepland", "nietGerealiseerd")]
    assert [links(reg, "gebouweenheid", u, "adres") for u in ("9", "10", "11")] == [[], ["11"], []]


def test_43_retiring_units_retires_the_realised_common_unit_below_two(reg: EmbeddedRegister):
    assert run(reg, "gebouweenheid", "2", "opheffen") == [("gebouweenheid", "2", "gerealiseerd", "gehistoreerd")]
    assert run(reg, "gebouweenheid", "3", "opheffen") == [("gebouweenheid", "3", "gerealiseerd", "gehistoreerd")]
    assert run(reg, "gebouweenheid", "4", "opheffen") == [
        ("gebouweenheid", "4", "gerealiseerd", "gehistoreerd"), ("gebouweenheid", "6", "gerealiseerd", "gehistoreerd")]
    assert links(reg, "gebouweenheid", "6", "adres") == []


def test_43_removing_the_last_unit_removes_the_common_unit(reg: EmbeddedRegister):
    assert run(reg, "gebouweenheid", "9", "verwijderen") == [
        ("gebouweenheid", "9", "gepland", "verwijderd"), ("gebouweenheid", "11", "gepland", "nietGerealiseerd")]
    assert run(reg, "gebouweenheid", "10", "verwijderen") == [
        ("gebouweenheid", "10", "gepland", "verwijderd"), ("gebouweenheid", "11", "nietGerealiseerd", "verwijderd")]
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouweenheid", "11", "corrigeren/verwijdering")
    assert refused.value.code == "GebouweenheidGemeenschappelijkDeel"


def test_43_corrections_restore_the_common_unit(reg: EmbeddedRegister):
    run(reg, "gebouweenheid", "9", "nietrealiseren")
    assert run(reg, "gebouweenheid", "9", "corrigeren/nietrealisering") == [
        ("gebouweenheid", "9", "nietGerealiseerd", "gepland"), ("gebouweenheid", "11", "nietGerealiseerd", "gepland")]
    assert links(reg, "gebouweenheid", "9", "adres") == []  # addresses are not re-attached
    run(reg, "gebouweenheid", "2", "opheffen")
    run(reg, "gebouweenheid", "3", "opheffen")
    run(reg, "gebouweenheid", "4", "opheffen")
    assert run(reg, "gebouweenheid", "4", "corrigeren/opheffing") == [
        ("gebouweenheid", "4", "gehistoreerd", "gerealiseerd"), ("gebouweenheid", "6", "gehistoreerd", "gerealiseerd")]


def test_43_correcting_a_removal_restores_the_previous_status(reg: EmbeddedRegister):
    assert run(reg, "gebouweenheid", "14", "corrigeren/verwijdering") == [  # building 3 now has two units
        ("gebouweenheid", "14", "verwijderd", "gepland"), ("gebouweenheid", "15", None, "gerealiseerd")]
    run(reg, "gebouweenheid", "9", "verwijderen")
    assert run(reg, "gebouweenheid", "9", "CorrectBuildingUnitRemoval") == [
        ("gebouweenheid", "9", "verwijderd", "gepland"), ("gebouweenheid", "11", "nietGerealiseerd", "gepland")]


def test_43_a_realised_unit_restored_in_a_planned_building_is_planned():
    a = Arrange()
    building = a.building("gerealiseerd")
    made = a.unit("gerealiseerd", building)
    a.reg.apply("gebouweenheid", made, "verwijderen")
    a.reg.apply("gebouw", building, "corrigeren/realisering")
    assert run(a.reg, "gebouweenheid", made, "corrigeren/verwijdering") == [
        ("gebouweenheid", made, "verwijderd", "gepland")]


def test_43_regularising_and_attaching(reg: EmbeddedRegister):
    assert run(reg, "gebouweenheid", "1", "deregulariseren") == [("gebouweenheid", "1", "gerealiseerd",
                                                                  "gerealiseerd")]
    assert unit(reg, "1").afwijkingVastgesteld is True
    run(reg, "gebouweenheid", "1", "regulariseren")
    assert unit(reg, "1").afwijkingVastgesteld is False
    assert run(reg, "gebouweenheid", "1", "adreskoppelen", related={"adres": "16"}) == [
        ("gebouweenheid", "1", "gerealiseerd", "gerealiseerd")]
    assert links(reg, "gebouweenheid", "1", "adres") == ["1", "16"]
    assert [u.object_id for u in reg.list("gebouweenheid", {"adresObjectId": "16"})] == ["1", "7"]
    run(reg, "gebouweenheid", "1", "adresontkoppelen", related={"adres": "1"})
    assert links(reg, "gebouweenheid", "1", "adres") == ["16"]
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouweenheid", "1", "adreskoppelen", related={"adres": "7"})
    assert refused.value.code == "GebouweenheidAdresAfgekeurdOfGehistoreerd"
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouweenheid", "1", "adreskoppelen", related={"adres": "999"})
    assert refused.value.code == "GebouweenheidAdresOngeldig"
    with pytest.raises(ValueError, match=r"^gebouweenheid adreskoppelen needs related=\{'adres': ID\}$"):
        reg.apply("gebouweenheid", "1", "adreskoppelen")


def test_43_moving_a_unit(reg: EmbeddedRegister):
    """Addresses move along; realised into a planned building: gepland; the source's common unit falls below 2;
    a target that gets its second counted unit gets a common unit (§4.4), planned or realised like the building."""
    assert run(reg, "gebouweenheid", "2", "verplaatsen", related={"doelgebouw": "4"}) == [
        ("gebouweenheid", "2", "gerealiseerd", "gepland"), ("gebouweenheid", "15", None, "gepland")]
    moved = unit(reg, "2")
    assert (moved.related("gebouw"), moved.related("adres")) == (["4"], ["3"])
    assert (unit(reg, "15").related("gebouw"), unit(reg, "15").functie) == (["4"], "gemeenschappelijkDeel")
    assert run(reg, "gebouweenheid", "3", "verplaatsen", related={"doelgebouw": "1"}) == [
        ("gebouweenheid", "3", "gerealiseerd", "gerealiseerd"), ("gebouweenheid", "16", None, "gerealiseerd")]
    assert status(reg, "gebouweenheid", "4", "5", "6") == ["gerealiseerd", "gepland", "gerealiseerd"]
    assert run(reg, "gebouweenheid", "4", "verplaatsen", related={"doelgebouw": "1"})[-1] == (
        "gebouweenheid", "6", "gerealiseerd", "gehistoreerd")
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouweenheid", "5", "verplaatsen", related={"doelgebouw": "2"})
    assert refused.value.code == "BrongebouwIdHetzelfdeAlsDoelgebouwId"


def test_the_registers_own_links_decide_not_related(reg: EmbeddedRegister):
    """``related`` names what an operation acts with; it cannot swap a unit's building or a building's units."""
    assert run(reg, "gebouweenheid", "5", "realiseren", related={"gebouw": "4"}) == [
        ("gebouweenheid", "5", "gepland", "gerealiseerd")]
    assert run(reg, "gebouw", "3", "corrigeren/realisering", related={"gebouweenheid": "12"})[0] == (
        "gebouw", "3", "gerealiseerd", "inAanbouw")


def position(reg: EmbeddedRegister, unit_id: str) -> tuple[str, str]:
    found = unit(reg, unit_id).gebouweenheidPositie
    assert found is not None
    return found.geometrie.gml, found.positieGeometrieMethode


def administrator_point(reg: EmbeddedRegister, building: str, x: float, y: float) -> str:
    from schillen.registers.embedded import point_gml

    point = {"geometrie": {"type": "Point", "gml": point_gml(x, y)},
             "positieGeometrieMethode": "aangeduidDoorBeheerder"}
    return reg.add("gebouweenheid", "nietGerealiseerd", related={"gebouw": building},
                   attributes={"gebouweenheidPositie": point}).object_id


def test_43_points_outside_the_building_go_to_its_centroid_inside_ones_stay(reg: EmbeddedRegister):
    """§4.3: corrigeren/nietrealisering resets a point outside (or derived); verplaatsen keeps one inside the target."""
    from schillen.registers.embedded import point_gml

    outside = administrator_point(reg, "4", 0.0, 0.0)
    inside = administrator_point(reg, "4", 104125.0, 194045.0)
    assert run(reg, "gebouweenheid", outside, "corrigeren/nietrealisering")[0] == (
        "gebouweenheid", outside, "nietGerealiseerd", "gepland")
    assert position(reg, outside) == (point_gml(104130.0, 194049.0), "aangeduidDoorBeheerder")
    run(reg, "gebouweenheid", inside, "corrigeren/nietrealisering")
    assert position(reg, inside) == (point_gml(104125.0, 194045.0), "aangeduidDoorBeheerder")
    run(reg, "gebouweenheid", inside, "verplaatsen", related={"doelgebouw": "5"})
    assert position(reg, inside) == (point_gml(104168.0, 194050.0), "aangeduidDoorBeheerder")  # outside 5: centroid
    run(reg, "gebouweenheid", "2", "verplaatsen", related={"doelgebouw": "1"})
    assert position(reg, "2") == (point_gml(104010.0, 194009.0), "afgeleidVanObject")  # derived: the new centroid


def test_42_measuring_moves_outside_administrator_points(reg: EmbeddedRegister):
    from schillen.registers.embedded import point_gml

    outside = administrator_point(reg, "4", 0.0, 0.0)
    run(reg, "gebouweenheid", outside, "corrigeren/nietrealisering")
    reg.apply("gebouweenheid", outside, "adreskoppelen", related={"adres": "8"})
    building = reg.get("gebouw", "4")
    assert isinstance(building, Gebouw) and building.gebouwPolygoon is not None
    moved = administrator_point(reg, "4", 0.0, 0.0)  # not counted (nietGerealiseerd), but moved all the same
    assert run(reg, "gebouw", "4", "inmeten")[:3] == [
        ("gebouw", "4", "gepland", "gerealiseerd"), ("gebouweenheid", "8", "gepland", "gerealiseerd"),
        ("gebouweenheid", outside, "gepland", "gerealiseerd")]
    assert position(reg, moved) == (point_gml(104130.0, 194049.0), "aangeduidDoorBeheerder")


def test_44_no_lifecycle_command_on_the_common_unit(reg: EmbeddedRegister):
    with pytest.raises(OperationRefused) as refused:
        reg.apply("gebouweenheid", "6", "opheffen")
    assert (refused.value.code, str(refused.value)) == (
        "GebouweenheidGemeenschappelijkDeel",
        "opheffen on gebouweenheid '6' refused (GebouweenheidGemeenschappelijkDeel): "
        "it requires that functie is not gemeenschappelijkDeel")
    with pytest.raises(ValueError, match=r"^functie 'gemeenschappelijkDeel' is set by the register itself"):
        reg.apply("gebouweenheid", "1", "regulariseren", attributes={"functie": "gemeenschappelijkDeel"})


def test_45_rejecting_an_address_rejects_its_boxes_and_detaches_it(reg: EmbeddedRegister):
    assert run(reg, "adres", "8", "afkeuren") == [
        ("adres", "8", "voorgesteld", "afgekeurd"), ("gebouweenheid", "8", "gepland", "gepland"),
        ("perceel", "44999B0010-00C000", "gerealiseerd", "gerealiseerd")]
    assert (links(reg, "gebouweenheid", "8", "adres"), links(reg, "perceel", "44999B0010-00C000", "adres")) == (
        [], ["9"])


def test_45_retiring_an_address_retires_or_rejects_its_boxes_and_detaches_them(reg: EmbeddedRegister):
    assert run(reg, "adres", "2", "opheffen") == [
        ("adres", "2", "inGebruik", "gehistoreerd"), ("adres", "3", "inGebruik", "gehistoreerd"),
        ("adres", "4", "inGebruik", "gehistoreerd"), ("adres", "5", "inGebruik", "gehistoreerd"),
        ("adres", "6", "voorgesteld", "afgekeurd"), ("gebouweenheid", "2", "gerealiseerd", "gerealiseerd"),
        ("gebouweenheid", "3", "gerealiseerd", "gerealiseerd"), ("gebouweenheid", "4", "gerealiseerd", "gerealiseerd"),
        ("gebouweenheid", "5", "gepland", "gepland"), ("gebouweenheid", "6", "gerealiseerd", "gerealiseerd"),
        ("perceel", "44999A0002-00B000", "gerealiseerd", "gerealiseerd")]
    # the building register detaches the address and its boxes (each retired or rejected) from every unit
    assert [u.related("adres") for u in reg.list("gebouweenheid", {"gebouwObjectId": "2"})] == [[], [], [], [], []]


def test_45_removing_an_address_removes_its_boxes(reg: EmbeddedRegister):
    assert run(reg, "adres", "9", "verwijderen") == [
        ("adres", "9", "inGebruik", "verwijderd"), ("adres", "10", "voorgesteld", "verwijderd"),
        ("adres", "11", "voorgesteld", "verwijderd"), ("gebouweenheid", "9", "gepland", "gepland"),
        ("gebouweenheid", "10", "gepland", "gepland"), ("gebouweenheid", "11", "gepland", "gepland"),
        ("perceel", "44999B0010-00C000", "gerealiseerd", "gerealiseerd")]
    assert [u.related("adres") for u in reg.list("gebouweenheid", {"gebouwObjectId": "5"})] == [[], [], []]
    assert links(reg, "perceel", "44999B0010-00C000", "adres") == ["8"]


def test_45_boxes_follow_a_corrected_approval_and_a_new_postal_code(reg: EmbeddedRegister):
    assert run(reg, "adres", "2", "corrigeren/goedkeuring") == [
        ("adres", "2", "inGebruik", "voorgesteld"), ("adres", "3", "inGebruik", "voorgesteld"),
        ("adres", "4", "inGebruik", "voorgesteld"), ("adres", "5", "inGebruik", "voorgesteld")]
    assert run(reg, "adres", "2", "wijzigen/postcode", attributes={"postinfo": "9998"})[:2] == [
        ("adres", "2", "voorgesteld", "voorgesteld"), ("adres", "3", "voorgesteld", "voorgesteld")]
    box = reg.get("adres", "6")
    assert isinstance(box, Adres)
    assert (box.postinfo and box.postinfo.objectId, box.volledigAdres and box.volledigAdres.geografischeNaam.spelling
            ) == ("9998", "Kerkstraat 3 bus 2.1, 9998 Schillegem")
    with pytest.raises(OperationRefused) as refused:
        reg.apply("adres", "16", "corrigeren/goedkeuring")
    assert refused.value.code == "AddressIsNotOfficiallyAssignedException"


def test_45_proposing_addresses(reg: EmbeddedRegister):
    assert run(reg, "adres", None, "voorstellen", related={"straatnaam": "3"}, attributes={"huisnummer": "3"}) == [
        ("adres", "18", None, "voorgesteld")]
    created = reg.get("adres", "18")
    assert isinstance(created, Adres)
    assert (created.officieelToegekend, created.volledigAdres and created.volledigAdres.geografischeNaam.spelling) == (
        True, "Schelpenlaan 3, 9999 Schillegem")
    refusals = [
        ({"straatnaam": "1"}, {"huisnummer": "1"}, "ParentAddressAlreadyExistsException"),
        ({"straatnaam": "1", "adres": "2"}, {"busnummer": "0.1"}, "AdresBestaandeHuisnummerBusnummerCombinatie"),
        ({"straatnaam": "1", "adres": "2"}, {"busnummer": "3.1", "postinfo": "9998"},
         "AdresPostinfoNietHetzelfdeAlsHuisnummer"),
        ({"straatnaam": "5"}, {"huisnummer": "4"}, "AdresStraatnaamVoorgesteldOfInGebruik"),
        ({"straatnaam": "2", "adres": "12"}, {"busnummer": "1"}, "AdresActiefHuisNummerNietGekendValidatie"),
    ]
    for related, attributes, code in refusals:
        with pytest.raises(OperationRefused) as refused:
            reg.apply("adres", None, "voorstellen", related=related, attributes=attributes)
        assert refused.value.code == code
    assert run(reg, "adres", None, "voorstellen", related={"straatnaam": "1", "adres": "2"},
               attributes={"busnummer": "3.1"}) == [("adres", "19", None, "voorgesteld")]


def test_46_closing_a_street_closes_its_addresses_and_detaches_them(reg: EmbeddedRegister):
    assert run(reg, "straatnaam", "2", "opheffen") == [
        ("straatnaam", "2", "inGebruik", "gehistoreerd"), ("adres", "8", "voorgesteld", "afgekeurd"),
        ("adres", "10", "voorgesteld", "afgekeurd"), ("adres", "11", "voorgesteld", "afgekeurd"),
        ("adres", "9", "inGebruik", "gehistoreerd"), ("gebouweenheid", "8", "gepland", "gepland"),
        ("gebouweenheid", "9", "gepland", "gepland"), ("gebouweenheid", "10", "gepland", "gepland"),
        ("gebouweenheid", "11", "gepland", "gepland"),
        ("perceel", "44999B0010-00C000", "gerealiseerd", "gerealiseerd")]
    assert [u.related("adres") for u in reg.list("gebouweenheid", {"gebouwObjectId": "5"})] == [[], [], []]
    assert status(reg, "adres", "12") == ["afgekeurd"]
    assert run(reg, "straatnaam", "3", "afkeuren") == [
        ("straatnaam", "3", "voorgesteld", "afgekeurd"), ("adres", "13", "voorgesteld", "afgekeurd"),
        ("perceel", "44999C0020-00A000", "gerealiseerd", "gerealiseerd")]


def test_46_removing_a_street_removes_its_addresses(reg: EmbeddedRegister):
    assert run(reg, "straatnaam", "3", "verwijderen") == [
        ("straatnaam", "3", "voorgesteld", "verwijderd"), ("adres", "13", "voorgesteld", "verwijderd"),
        ("perceel", "44999C0020-00A000", "gerealiseerd", "gerealiseerd")]


def test_46_renaming_moves_the_addresses(reg: EmbeddedRegister):
    assert run(reg, "straatnaam", "2", "hernoemen", related={"doelstraatnaam": "3"}) == [
        ("straatnaam", "2", "inGebruik", "inGebruik"), *[("adres", a, s, s) for a, s in (
            ("8", "voorgesteld"), ("9", "inGebruik"), ("10", "voorgesteld"), ("11", "voorgesteld"),
            ("12", "afgekeurd"))]]
    assert [a.object_id for a in reg.list("adres", {"straatnaam": "Schelpenlaan"})] == [
        "8", "9", "10", "11", "12", "13"]


def test_47_retiring_a_parcel_detaches_its_addresses_and_correcting_it_brings_them_back(reg: EmbeddedRegister):
    parcel = "44999B0010-00C000"
    assert run(reg, "perceel", parcel, "opheffen") == [("perceel", parcel, "gerealiseerd", "gehistoreerd")]
    assert links(reg, "perceel", parcel, "adres") == []
    assert run(reg, "perceel", parcel, "corrigeren/opheffing") == [("perceel", parcel, "gehistoreerd",
                                                                    "gerealiseerd")]
    assert links(reg, "perceel", parcel, "adres") == ["8", "9"]
    assert run(reg, "perceel", parcel, "adreskoppelen", related={"adres": "13"}) == [
        ("perceel", parcel, "gerealiseerd", "gerealiseerd")]
    assert links(reg, "perceel", parcel, "adres") == ["8", "9", "13"]


# --- every operation on every object of the sample keeps the register whole -----------------------

# What operations that act with another object are given (an address to attach, a target).
WITH = {"adreskoppelen": {"adres": "13"}, "adresontkoppelen": {"adres": "13"}, "verplaatsen": {"doelgebouw": "1"},
        "hernoemen": {"doelstraatnaam": "1"}}


REMOVED_IN_SAMPLE = {"gebouw": ["8"], "gebouweenheid": ["14"], "adres": ["17"]}


def every_operation() -> Iterator[tuple[str, str, str]]:
    sample = EmbeddedRegister.sample()
    for key, kind in GRAR.objects.items():
        ids = [o.object_id for o in sample.list(key)] + REMOVED_IN_SAMPLE.get(key, [])
        for object_id in ids:
            for action, op in kind.operations.items():
                if not op.creates:
                    yield key, object_id, action


def test_every_operation_on_every_object_keeps_the_register_whole():
    """Allowed or refused, every operation leaves a register that loads again (links whole) and saves the same."""
    base = EmbeddedRegister.sample()
    outcomes = {"applied": 0, "refused": 0}
    for key, object_id, action in every_operation():
        reg = base.copy()
        before = reg.to_text()
        try:
            reg.apply(key, object_id, action, related=WITH.get(action))
        except OperationRefused:
            outcomes["refused"] += 1
            assert reg.to_text() == before, (key, object_id, action)
            continue
        outcomes["applied"] += 1
        text = reg.to_text()
        again = EmbeddedRegister.from_text(text, f"{key} {object_id} {action}")
        assert (again == reg, again.to_text() == text) == (True, True), (key, object_id, action)
    assert outcomes == {"applied": 398, "refused": 283}


# --- persistence ---------------------------------------------------------------------------------


def scenario(reg: EmbeddedRegister) -> EmbeddedRegister:
    reg.apply("perceel", "44999A0001-00A000", "opheffen")
    reg.apply("gebouw", "5", "verwijderen")
    reg.apply("adres", None, "voorstellen", related={"straatnaam": "3"}, attributes={"huisnummer": "5"})
    return reg


def test_save_and_load_round_trip_exactly(reg: EmbeddedRegister, tmp_path: Path):
    scenario(reg)
    first = reg.save(tmp_path / "register.json")
    again = EmbeddedRegister.load(first)
    assert again == reg
    assert everything(again) == everything(reg)
    for key in GRAR.objects:
        assert [o for o in again.list(key)] == [o for o in reg.list(key)]
    with pytest.raises(ObjectRemoved):
        again.get("gebouw", "5")
    second = again.save(tmp_path / "again.json")
    assert second.read_bytes() == first.read_bytes()
    assert json.loads(first.read_text(encoding="utf-8"))["losgekoppeld"] == {"perceel": {"44999A0001-00A000":
                                                                                          {"adres": ["1"]}}}
    assert again.apply("perceel", "44999A0001-00A000", "corrigeren/opheffing").object.related("adres") == ["1"]


def test_every_sample_is_a_fresh_copy():
    first = EmbeddedRegister.sample()
    first.apply("gebouw", "5", "realiseren")
    assert EmbeddedRegister.sample().get("gebouw", "5").status == "inAanbouw"


def test_a_copy_is_independent(reg: EmbeddedRegister):
    twin = reg.copy()
    twin.apply("gebouw", "5", "realiseren")
    assert (reg.get("gebouw", "5").status, twin.get("gebouw", "5").status) == ("inAanbouw", "gerealiseerd")
    assert reg == EmbeddedRegister.sample() != twin
    got: RegisterObject = reg.get("gebouw", "5")
    assert isinstance(got, Gebouw)
    got.gebouwStatus = "gehistoreerd"
    assert reg.get("gebouw", "5").status == "inAanbouw"  # get gives a copy


def test_a_failed_save_leaves_the_old_file(reg: EmbeddedRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = reg.save(tmp_path / "register.json")
    old = target.read_bytes()
    scenario(reg)

    def crash(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        reg.save(target)
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.json"]


def damaged(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "damaged.json"
    path.write_text(text, encoding="utf-8")
    return path


def _edited(change: Any) -> str:
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(("text", "message"), [
    (SAMPLE_FILE.read_text(encoding="utf-8")[:5000], r"damaged\.json:\d+:\d+: not valid JSON: .* \(is the file cut "
                                                     r"short\?\)$"),
    ("", r"damaged\.json:1:1: not valid JSON: Expecting value \(is the file cut short\?\)$"),
    ("[]", r"damaged\.json: expected a JSON object with 'format': 'schillen-embedded-register'$"),
    ('{"format": "x"}',
     r"damaged\.json: not a saved register: 'format' is 'x', expected 'schillen-embedded-register'$"),
    (_edited(lambda d: d.update(version=2)),
     r"damaged\.json: unsupported version 2 \(this schillen reads version 1\)$"),
    (_edited(lambda d: d["objects"]["gebouw"][0].update(gebouwStatus="gesloopt")),
     r"damaged\.json: objects\.gebouw\[0\]: 'gesloopt' is not a status of gebouw \(gepland, inAanbouw, gerealiseerd, "
     r"gehistoreerd, nietGerealiseerd\)$"),
    (_edited(lambda d: d["objects"]["adres"][0].pop("huisnummer")),
     r"damaged\.json: objects\.adres\[0\]\.huisnummer: Field required$"),
    (_edited(lambda d: d["objects"]["gebouweenheid"][0]["adressen"].append({"objectId": "17"})),
     r"damaged\.json: gebouweenheid '1' links adres '17', which does not exist \(it is removed\)$"),
    (_edited(lambda d: d["objects"]["gebouw"][0]["gebouweenheden"].clear()),
     r"damaged\.json: gebouweenheid '1' is in gebouw '1', which does not list it$"),
    (_edited(lambda d: d["objects"]["straatnaam"].append(d["objects"]["straatnaam"][0])),
     r"damaged\.json: objects\.straatnaam\[5\]: straatnaam '1' occurs twice$"),
    (_edited(lambda d: d.update(losgekoppeld={"perceel": {"44999A9999-00A000": {"adres": ["1"]}}})),
     r"damaged\.json: 'losgekoppeld': perceel '44999A9999-00A000' does not exist$"),
    (_edited(lambda d: d["objects"]["gebouw"].__setitem__(0, 1)),
     r"damaged\.json: objects\.gebouw\[0\]: Input should be a valid dictionary or instance of Gebouw$"),
    (_edited(lambda d: d["objects"].update(huis=[])),
     r"damaged\.json: 'objects': unknown object type 'huis'; the types are gebouw, gebouweenheid, adres, straatnaam, "
     r"perceel$"),
])
def test_a_damaged_file_names_itself_and_the_problem(tmp_path: Path, text: str, message: str):
    with pytest.raises(RegisterDataError, match=message):
        EmbeddedRegister.load(damaged(tmp_path, text))


def test_a_missing_file(tmp_path: Path):
    with pytest.raises(RegisterDataError, match=r"nope\.json: cannot read the register: No such file or directory$"):
        EmbeddedRegister.load(tmp_path / "nope.json")



@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, r"damaged\.json: not valid JSON for a register: it nests too deeply$"),
    ('{"a": ' + "9" * 100_000 + "}", r"damaged\.json: not valid JSON for a register: a number has more than 4300 "
                                     r"digits$"),
])
def test_json_too_deep_or_with_a_huge_number(tmp_path: Path, text: str, message: str):
    """Review H9: the same clear error as other malformed JSON, not a RecursionError or ValueError."""
    with pytest.raises(RegisterDataError, match=message):
        EmbeddedRegister.load(damaged(tmp_path, text))


def test_a_file_too_large_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(embedded, "MAX_BYTES", 1000)
    with pytest.raises(RegisterDataError, match=r"damaged\.json: cannot read the register: it holds more than 1000 "
                                                r"bytes \(is it the right file\?\)$"):
        EmbeddedRegister.load(damaged(tmp_path, SAMPLE_FILE.read_text(encoding="utf-8")))


@NO_FIFOS
def test_an_endless_fifo_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Review H1: --register-data <(yes) or a FIFO is read up to the limit, not until the memory runs out."""
    monkeypatch.setattr(embedded, "MAX_BYTES", 10_000)
    thread = feed_fifo(tmp_path / "fifo.json", b"[1, " * 1000, forever=True)
    with pytest.raises(RegisterDataError, match="it holds more than 10000 bytes"):
        EmbeddedRegister.load(tmp_path / "fifo.json")
    thread.join(5)
    assert not thread.is_alive()


@NO_FIFOS
def test_a_fifo_is_read_like_a_file(tmp_path: Path):
    thread = feed_fifo(tmp_path / "fifo.json", SAMPLE_FILE.read_bytes())
    assert EmbeddedRegister.load(tmp_path / "fifo.json").get("gebouw", "5").status == "inAanbouw"
    thread.join(5)


def test_control_characters_in_register_data_are_written_out(tmp_path: Path):
    """Review M14: an escape sequence in the data does not reach the terminal that shows the object."""
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    address = data["objects"]["adres"][0]
    address["volledigAdres"]["geografischeNaam"]["spelling"] = "\x1b]0;pwned\x07\x1b[31mRED\x9b"
    register = EmbeddedRegister.load(damaged(tmp_path, json.dumps(data)))
    found = register.get("adres", address["identificator"]["objectId"])
    assert isinstance(found, Adres) and found.volledigAdres is not None
    assert found.volledigAdres.geografischeNaam.spelling == "\\x1b]0;pwned\\x07\\x1b[31mRED\\x9b"
