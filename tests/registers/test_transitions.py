"""Every allowed and every refused transition in the reference's lifecycle tables (§4.1–§4.7).

Each case is asked through the command line, ``schillen register try ... --format json``,
and the answer is compared whole: ``{"allowed", "to", "reason", "cascades"}``.  Case ids
name the reference section and row.  Attributes and related statuses that a case does not
give are assumed to hold (see :mod:`schillen.registers.lookup`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from schillen.cli import main

SKETCHED = "geometrieMethode=ingeschetst"
MEASURED = "geometrieMethode=ingemetenGRB"
COMMON = "functie=gemeenschappelijkDeel"


def ask(capsys: pytest.CaptureFixture[str], obj: str, operation: str, status: str | None = None,
        related: tuple[str, ...] = (), attributes: tuple[str, ...] = ()) -> dict[str, Any]:
    argv = ["register", "try", obj, operation, "--format", "json"]
    argv += ["--status", status] if status is not None else []
    for pair in related:
        argv += ["--related", pair]
    for pair in attributes:
        argv += ["--attribute", pair]
    code = main(argv)
    out, err = capsys.readouterr()
    answer = json.loads(out)
    assert list(answer) == ["allowed", "to", "reason", "cascades"]
    assert (code, err) == (0 if answer["allowed"] else 1, "")
    return answer


def ok(to: str | None, *cascades: dict[str, Any]) -> dict[str, Any]:
    return {"allowed": True, "to": to, "reason": None, "cascades": list(cascades)}


def no(reason: str | None) -> dict[str, Any]:
    return {"allowed": False, "to": None, "reason": reason, "cascades": []}


# --- cascades, as the register interface gives them ------------------------------------

UNITS_REALISED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "from": ["gepland"], "to": "gerealiseerd",
    "event": "BuildingUnitWasRealizedBecauseBuildingWasRealized",
    "text": "All planned units, common unit included, become gerealiseerd.", "source": "§4.1"}
UNITS_NOT_REALISED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "excluding": {"functie": "gemeenschappelijkDeel"},
    "from": ["gepland"], "to": "nietGerealiseerd", "detach": "adres",
    "text": "Planned units lose their addresses and become nietGerealiseerd.", "source": "§4.1"}
COMMON_NOT_REALISED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "only": {"functie": "gemeenschappelijkDeel"},
    "from": ["gepland"], "to": "nietGerealiseerd", "text": "The common unit becomes nietGerealiseerd.",
    "source": "§4.1"}
COMMON_RETIRED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "only": {"functie": "gemeenschappelijkDeel"},
    "from": ["gerealiseerd"], "to": "gehistoreerd", "text": "The common unit becomes gehistoreerd if it was realised.",
    "source": "§4.1"}
UNITS_BACK_TO_PLANNED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "from": ["gerealiseerd"], "to": "gepland",
    "text": "Realised units go back to gepland.", "source": "§4.1"}
DERIVED_POINTS_MOVE = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "change": "gebouweenheidPositie",
    "when": "their point is derived from the building (afgeleidVanObject)",
    "text": "Derived points move to the new centroid.", "source": "§4.1"}
UNITS_REMOVED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "to": "verwijderd", "detach": "adres",
    "text": "All units lose their addresses and are removed.", "source": "§4.1"}
UNIT_ADDED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "to": "gerealiseerd", "when": "the job also adds a unit",
    "text": "It can also add a realised unit (nietGekend, derived point) with an address "
            "(RealizeUnplannedBuildingUnit).",
    "source": "§4.2"}
MEASURED_UNITS_REALISED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "from": ["gepland"], "to": "gerealiseerd",
    "text": "Planned units become realised.", "source": "§4.2"}
MEASURED_POINTS_MOVE = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "change": "gebouweenheidPositie",
    "when": "their point is derived, or an administrator point falls outside the building",
    "text": "Derived points and outside administrator points move to the centroid.", "source": "§4.2"}
DEMOLISHED_PLANNED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "from": ["gepland"], "to": "nietGerealiseerd",
    "detach": "adres",
    "text": "All units lose their addresses; planned units become nietGerealiseerd (…BecauseBuildingWasDemolished).",
    "source": "§4.2"}
DEMOLISHED_REALISED = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "from": ["gerealiseerd"], "to": "gehistoreerd",
    "detach": "adres",
    "text": "All units lose their addresses; realised units become gehistoreerd (…BecauseBuildingWasDemolished).",
    "source": "§4.2"}

_CREATED = ("Created automatically once a building has ≥ 2 non-common units that are gepland or gerealiseerd: "
            "gerealiseerd if the building is gerealiseerd, else gepland; an existing removed, nietGerealiseerd or "
            "gehistoreerd common unit is restored instead.")
_BELOW = ("Below 2 (after not-realise, retire, remove or move-out): its addresses are detached and it becomes "
          "nietGerealiseerd (if gepland) or gehistoreerd (if gerealiseerd).")
COMMON_CREATED_REALISED = {
    "object": "gebouweenheid", "relation": "common unit of the building", "only": {"functie": "gemeenschappelijkDeel"},
    "to": "gerealiseerd",
    "when": "the building is gerealiseerd and then has at least 2 non-common units that are gepland or gerealiseerd",
    "text": _CREATED, "source": "§4.4"}
COMMON_CREATED_PLANNED = {
    "object": "gebouweenheid", "relation": "common unit of the building", "only": {"functie": "gemeenschappelijkDeel"},
    "to": "gepland",
    "when": "the building is not gerealiseerd and then has at least 2 non-common units "
            "that are gepland or gerealiseerd",
    "text": _CREATED, "source": "§4.4"}
# §4.4 in the building a unit moves into: a second counted unit there creates (or restores) its common unit.
COMMON_CREATED_IN_TARGET = tuple({**created, "relation": "common unit of the target building"}
                                 for created in (COMMON_CREATED_REALISED, COMMON_CREATED_PLANNED))
COMMON_BELOW_PLANNED = {
    "object": "gebouweenheid", "relation": "common unit of the building", "only": {"functie": "gemeenschappelijkDeel"},
    "from": ["gepland"], "to": "nietGerealiseerd", "detach": "adres",
    "when": "fewer than 2 non-common units of the building are then gepland or gerealiseerd", "text": _BELOW,
    "source": "§4.4"}
COMMON_BELOW_REALISED = {
    "object": "gebouweenheid", "relation": "common unit of the building", "only": {"functie": "gemeenschappelijkDeel"},
    "from": ["gerealiseerd"], "to": "gehistoreerd", "detach": "adres",
    "when": "fewer than 2 non-common units of the building are then gepland or gerealiseerd", "text": _BELOW,
    "source": "§4.4"}
COMMON_REMOVED = {
    "object": "gebouweenheid", "relation": "common unit of the building", "only": {"functie": "gemeenschappelijkDeel"},
    "to": "verwijderd", "when": "no non-common unit of the building remains",
    "text": "The common unit is removed when no other unit remains.", "source": "§4.3, §4.4"}
OWN_ADDRESSES_DETACHED = {
    "object": "adres", "relation": "adressen", "detach": "gebouweenheid", "text": "Its addresses are detached.",
    "source": "§4.3"}
POINT_RESET = {
    "object": "gebouweenheid", "relation": "itself", "change": "gebouweenheidPositie",
    "when": "its point is outside the building or derived",
    "text": "The point is reset to the centroid if it is outside or derived.", "source": "§4.3"}
ADDRESSES_MOVE_ALONG = {
    "object": "adres", "relation": "adressen", "text": "Addresses move along (they stay linked to the unit).",
    "source": "§4.3"}
ADMINISTRATOR_POINT = {
    "object": "gebouweenheid", "relation": "itself", "change": "gebouweenheidPositie",
    "when": "an administrator point is outside the target building",
    "text": "Administrator point kept if inside the target, else centroid.", "source": "§4.3"}
BOXES_REJECTED = {
    "object": "adres", "relation": "busnummers", "from": ["voorgesteld"], "to": "afgekeurd",
    "text": "Proposed boxes are rejected too.", "source": "§4.5"}
UNITS_DETACH_ADDRESS = {
    "object": "gebouweenheid", "relation": "gebouweenheden", "detach": "adres",
    "text": "The building register detaches it from its units.", "source": "§4.5, §1"}
PARCELS_DETACH_ADDRESS = {
    "object": "perceel", "relation": "percelen", "detach": "adres",
    "text": "The parcel register detaches it from its parcels.", "source": "§4.5, §1"}
BOXES_RETIRED = {
    "object": "adres", "relation": "busnummers", "from": ["inGebruik"], "to": "gehistoreerd",
    "text": "Boxes inGebruik become gehistoreerd.", "source": "§4.5"}
BOXES_RETIRED_REJECTED = {
    "object": "adres", "relation": "busnummers", "from": ["voorgesteld"], "to": "afgekeurd",
    "text": "Boxes voorgesteld become afgekeurd.", "source": "§4.5"}
CHILDREN_REMOVED = {
    "object": "adres", "relation": "busnummers", "to": "verwijderd", "text": "Its children are removed.",
    "source": "§4.5"}
BOXES_BACK_TO_PROPOSED = {
    "object": "adres", "relation": "busnummers", "from": ["inGebruik"], "to": "voorgesteld", "text": "Boxes follow.",
    "source": "§4.5"}
BOXES_FOLLOW_POSTAL_CODE = {
    "object": "adres", "relation": "busnummers", "change": "postinfo", "text": "Boxes follow.", "source": "§4.5"}
STREET_PROPOSED_REJECTED = {
    "object": "adres", "relation": "adressen", "from": ["voorgesteld"], "to": "afgekeurd",
    "text": "Its voorgesteld addresses become afgekeurd.", "source": "§4.5"}
STREET_CURRENT_RETIRED = {
    "object": "adres", "relation": "adressen", "from": ["inGebruik"], "to": "gehistoreerd",
    "text": "Its inGebruik addresses become gehistoreerd.", "source": "§4.5"}
STREET_UNITS_DETACH = {
    "object": "gebouweenheid", "relation": "units of those addresses", "detach": "adres",
    "text": "The building register detaches those addresses from their units.", "source": "§1"}
STREET_PARCELS_DETACH = {
    "object": "perceel", "relation": "parcels of those addresses", "detach": "adres",
    "text": "The parcel register detaches those addresses from their parcels.", "source": "§1"}
STREET_ADDRESSES_REMOVED = {
    "object": "adres", "relation": "adressen", "to": "verwijderd",
    "text": "A removed street name removes all its addresses.", "source": "§4.5"}
STREET_RENAMED = {
    "object": "adres", "relation": "adressen", "change": "straatnaam",
    "text": "Rename moves the addresses to another street name.", "source": "§4.5"}
PARCEL_ADDRESSES_DETACHED = {
    "object": "adres", "relation": "adressen", "detach": "perceel", "text": "All addresses are detached.",
    "source": "§4.7"}
PARCEL_ADDRESSES_BACK = {
    "object": "adres", "relation": "adressen", "attach": "perceel", "text": "Addresses are re-attached.",
    "source": "§4.7"}

NOT_REALISED = (UNITS_NOT_REALISED, COMMON_NOT_REALISED, COMMON_RETIRED)
UNIT_LEAVES = (OWN_ADDRESSES_DETACHED, COMMON_BELOW_PLANNED, COMMON_BELOW_REALISED)
COMMON_CREATED = (COMMON_CREATED_REALISED, COMMON_CREATED_PLANNED)
STREET_CLOSED = (STREET_PROPOSED_REJECTED, STREET_CURRENT_RETIRED, STREET_UNITS_DETACH, STREET_PARCELS_DETACH)


def case(section: str, obj: str, operation: str, status: str | None, expected: dict[str, Any],
         related: tuple[str, ...] = (), attributes: tuple[str, ...] = ()) -> Any:
    label = " ".join(x for x in (section, obj, operation, f"from {status}" if status else "new", *related, *attributes))
    return pytest.param(obj, operation, status, related, attributes, expected, id=label)


# --- §4.1 Gebouw, sketched --------------------------------------------------------------

GEBOUW_41 = [
    case("§4.1", "gebouw", "plannen", None, ok("gepland")),
    case("§4.1", "gebouw", "inaanbouwplaatsen", "gepland", ok("inAanbouw")),
    *[case("§4.1", "gebouw", "inaanbouwplaatsen", s, no("GebouwGehistoreerdGerealiseerdOfNietGerealiseerd"))
      for s in ("gehistoreerd", "gerealiseerd", "nietGerealiseerd")],
    case("§4.1", "gebouw", "realiseren", "inAanbouw", ok("gerealiseerd", UNITS_REALISED)),
    case("§4.1", "gebouw", "RealizeBuilding", "inAanbouw", ok("gerealiseerd", UNITS_REALISED)),
    *[case("§4.1", "gebouw", "realiseren", s, no("GebouwGehistoreerdGeplandOfNietGerealiseerd"))
      for s in ("gehistoreerd", "gepland", "nietGerealiseerd")],
    *[case("§4.1", "gebouw", "nietrealiseren", s, ok("nietGerealiseerd", *NOT_REALISED))
      for s in ("gepland", "inAanbouw")],
    *[case("§4.1", "gebouw", "nietrealiseren", s, no("GebouwGehistoreerdOfGerealiseerd"))
      for s in ("gehistoreerd", "gerealiseerd")],
    case("§4.1", "gebouw", "corrigeren/inaanbouwplaatsing", "inAanbouw", ok("gepland")),
    *[case("§4.1", "gebouw", "corrigeren/inaanbouwplaatsing", s, no("GebouwGerealiseerdGehistoreerdOfNietGerealiseerd"))
      for s in ("gerealiseerd", "gehistoreerd", "nietGerealiseerd")],
    case("§4.1", "gebouw", "corrigeren/realisering", "gerealiseerd", ok("inAanbouw", UNITS_BACK_TO_PLANNED),
         ("gebouweenheid=gerealiseerd", "gebouweenheid=gepland"), (SKETCHED,)),
    *[case("§4.1", "gebouw", "corrigeren/realisering", s, no("GebouwGeplandGehistoreerdOfNietGerealiseerd"))
      for s in ("gepland", "gehistoreerd", "nietGerealiseerd")],
    case("§4.1", "gebouw", "corrigeren/realisering", "gerealiseerd", no("GebouwGeometrieMethodeIngemetenGRB"),
         attributes=(MEASURED,)),
    case("§4.1", "gebouw", "corrigeren/realisering", "gerealiseerd", no("GebouwBevatGehistoreerdeGebouweenheden"),
         ("gebouweenheid=gerealiseerd", "gebouweenheid=gehistoreerd"), (SKETCHED,)),
    case("§4.1", "gebouw", "corrigeren/nietrealisering", "nietGerealiseerd", ok("gepland"), attributes=(SKETCHED,)),
    *[case("§4.1", "gebouw", "corrigeren/nietrealisering", s, no("GebouwInAanbouwGerealiseerdOfGehistoreerd"))
      for s in ("inAanbouw", "gerealiseerd", "gehistoreerd")],
    case("§4.1", "gebouw", "corrigeren/nietrealisering", "nietGerealiseerd", no("GebouwGeometrieMethodeIngemetenGRB"),
         attributes=(MEASURED,)),
    *[case("§4.1", "gebouw", "wijzigen/schetsgeometriepolygoon", s, ok(s, DERIVED_POINTS_MOVE), attributes=(SKETCHED,))
      for s in ("gepland", "inAanbouw", "gerealiseerd")],
    *[case("§4.1", "gebouw", "wijzigen/schetsgeometriepolygoon", s, no("GebouwGehistoreerdOfNietGerealiseerd"))
      for s in ("gehistoreerd", "nietGerealiseerd")],
    case("§4.1", "gebouw", "wijzigen/schetsgeometriepolygoon", "gerealiseerd", no("GebouwGeometrieMethodeIngemetenGRB"),
         attributes=(MEASURED,)),
    *[case("§4.1", "gebouw", "verwijderen", s, ok("verwijderd", UNITS_REMOVED), attributes=(SKETCHED,))
      for s in ("gepland", "inAanbouw", "gerealiseerd", "nietGerealiseerd")],
    case("§4.1", "gebouw", "verwijderen", "gerealiseerd", no("GebouwGeometrieMethodeIngemetenGRB"),
         attributes=(MEASURED,)),
    # §4 idempotence: a command on a building already in its target status does nothing.
    case("§4", "gebouw", "inaanbouwplaatsen", "inAanbouw", ok("inAanbouw")),
    case("§4", "gebouw", "realiseren", "gerealiseerd", ok("gerealiseerd")),
    case("§4", "gebouw", "nietrealiseren", "nietGerealiseerd", ok("nietGerealiseerd")),
    case("§4", "gebouw", "corrigeren/inaanbouwplaatsing", "gepland", ok("gepland")),
    case("§4", "gebouw", "corrigeren/realisering", "inAanbouw", ok("inAanbouw"), attributes=(SKETCHED,)),
    case("§4", "gebouw", "corrigeren/nietrealisering", "gepland", ok("gepland"), attributes=(SKETCHED,)),
]

# --- §4.2 Gebouw, GRB-measured ----------------------------------------------------------

GEBOUW_42 = [
    case("§4.2", "gebouw", "vaststellen", None, ok("gerealiseerd", UNIT_ADDED)),
    case("§4.2", "gebouw", "RealizeAndMeasureUnplannedBuilding", None, ok("gerealiseerd", UNIT_ADDED)),
    *[case("§4.2", "gebouw", "inmeten", s, ok("gerealiseerd", MEASURED_UNITS_REALISED, MEASURED_POINTS_MOVE),
           attributes=(SKETCHED,))
      for s in ("gepland", "inAanbouw", "gerealiseerd", "nietGerealiseerd")],
    case("§4.2", "gebouw", "inmeten", "gerealiseerd", ok("gerealiseerd"), attributes=(MEASURED,)),
    case("§4.2", "gebouw", "inmeten", "gehistoreerd", ok("gehistoreerd"), attributes=(MEASURED,)),
    case("§4.2", "gebouw", "inmeten", "gehistoreerd", no("BuildingHasInvalidStatusException")),
    *[case("§4.2", "gebouw", action, "gerealiseerd", ok("gerealiseerd"), attributes=(MEASURED,))
      for action in ("wijzigen/ingemetengeometriepolygoon", "corrigeren/ingemetengeometriepolygoon")],
    *[case("§4.2", "gebouw", action, s, no("GebouwGeplandInAanbouwGehistoreerdOfNietGerealiseerd"))
      for action in ("wijzigen/ingemetengeometriepolygoon", "corrigeren/ingemetengeometriepolygoon")
      for s in ("gepland", "inAanbouw", "gehistoreerd", "nietGerealiseerd")],
    *[case("§4.2", "gebouw", action, "gerealiseerd", no("GebouwGeometrieMethodeIngeschetst"), attributes=(SKETCHED,))
      for action in ("wijzigen/ingemetengeometriepolygoon", "corrigeren/ingemetengeometriepolygoon")],
    case("§4.2", "gebouw", "slopen", "gerealiseerd", ok("gehistoreerd", DEMOLISHED_PLANNED, DEMOLISHED_REALISED),
         attributes=(MEASURED,)),
    *[case("§4.2", "gebouw", "slopen", s, no("GebouwGeplandInAanbouwOfNietGerealiseerd"))
      for s in ("gepland", "inAanbouw", "nietGerealiseerd")],
    case("§4.2", "gebouw", "slopen", "gerealiseerd", no("BuildingHasInvalidGeometryMethodException"),
         attributes=(SKETCHED,)),
    case("§4", "gebouw", "slopen", "gehistoreerd", ok("gehistoreerd"), attributes=(MEASURED,)),
    *[case("§4.2", "gebouw", "verwijder-ingemeten", s, ok("verwijderd"), ("gebouweenheid=gehistoreerd",), (MEASURED,))
      for s in ("gerealiseerd", "gehistoreerd")],
    case("§4.2", "gebouw", "verwijder-ingemeten", "gerealiseerd", no("BuildingHasInvalidGeometryMethodException"),
         attributes=(SKETCHED,)),
    *[case("§4.2", "gebouw", "verwijder-ingemeten", "gerealiseerd", no("GebouwHeeftGebouweenheden"),
           (f"gebouweenheid={u}",), (MEASURED,))
      for u in ("gepland", "gerealiseerd")],
    # Building transitions that are not allowed (§4.2): any command on a removed building.
    *[case("§4.2", "gebouw", action, "verwijderd", no("VerwijderdGebouw"))
      for action in ("inaanbouwplaatsen", "realiseren", "nietrealiseren", "corrigeren/inaanbouwplaatsing",
                     "corrigeren/realisering", "corrigeren/nietrealisering", "wijzigen/schetsgeometriepolygoon",
                     "verwijderen", "inmeten", "wijzigen/ingemetengeometriepolygoon",
                     "corrigeren/ingemetengeometriepolygoon", "slopen", "verwijder-ingemeten")],
]

# --- §4.3 Gebouweenheid -----------------------------------------------------------------

GAR = ("gepland", "inAanbouw", "gerealiseerd")
NOT_GAR = ("nietGerealiseerd", "gehistoreerd")
UNIT_STATUSES = ("gepland", "gerealiseerd", "gehistoreerd", "nietGerealiseerd")

GEBOUWEENHEID = [
    *[case("§4.3", "gebouweenheid", "plannen", None, ok("gepland", *COMMON_CREATED), (f"gebouw={b}",)) for b in GAR],
    *[case("§4.3", "gebouweenheid", "plannen", None, no("GebouweenheidGebouwIdNietGerealiseerdofGehistoreerd"),
           (f"gebouw={b}",)) for b in NOT_GAR],
    case("§4.3", "gebouweenheid", "realiseren", "gepland", ok("gerealiseerd"), ("gebouw=gerealiseerd",)),
    case("§4.3", "gebouweenheid", "RealizeBuildingUnit", "gepland", ok("gerealiseerd"), ("gebouw=gerealiseerd",)),
    *[case("§4.3", "gebouweenheid", "realiseren", "gepland", no("GebouwStatusNietInGerealiseerd"), (f"gebouw={b}",))
      for b in ("gepland", "inAanbouw", "nietGerealiseerd", "gehistoreerd")],
    *[case("§4.3", "gebouweenheid", "realiseren", s, no("GebouweenheidGehistoreerdOfNietGerealiseerd"))
      for s in ("gehistoreerd", "nietGerealiseerd")],
    case("§4", "gebouweenheid", "realiseren", "gerealiseerd", ok("gerealiseerd")),
    *[case("§4.3", "gebouweenheid", "nietrealiseren", "gepland", ok("nietGerealiseerd", *UNIT_LEAVES), (f"gebouw={b}",))
      for b in ("gepland", "gehistoreerd")],
    *[case("§4.3", "gebouweenheid", "nietrealiseren", s, no("GebouweenheidGehistoreerdOfGerealiseerd"))
      for s in ("gerealiseerd", "gehistoreerd")],
    case("§4", "gebouweenheid", "nietrealiseren", "nietGerealiseerd", ok("nietGerealiseerd")),
    *[case("§4.3", "gebouweenheid", "opheffen", "gerealiseerd", ok("gehistoreerd", *UNIT_LEAVES), (f"gebouw={b}",))
      for b in GAR],
    *[case("§4.3", "gebouweenheid", "opheffen", "gerealiseerd", no("GebouwStatusNietInGeplandInAanbouwOfGerealiseerd"),
           (f"gebouw={b}",)) for b in NOT_GAR],
    *[case("§4.3", "gebouweenheid", "opheffen", s, no("GebouweenheidGeplandOfNietGerealiseerd"))
      for s in ("gepland", "nietGerealiseerd")],
    case("§4", "gebouweenheid", "opheffen", "gehistoreerd", ok("gehistoreerd")),
    *[case("§4.3", "gebouweenheid", "verwijderen", s, ok("verwijderd", *UNIT_LEAVES, COMMON_REMOVED))
      for s in UNIT_STATUSES],
    case("§4.3", "gebouweenheid", "corrigeren/realisering", "gerealiseerd", ok("gepland"), ("gebouw=gehistoreerd",)),
    *[case("§4.3", "gebouweenheid", "corrigeren/realisering", s, no("GebouweenheidGehistoreerdNietGerealiseerd"))
      for s in ("gehistoreerd", "nietGerealiseerd")],
    case("§4", "gebouweenheid", "corrigeren/realisering", "gepland", ok("gepland")),
    *[case("§4.3", "gebouweenheid", "corrigeren/nietrealisering", "nietGerealiseerd",
           ok("gepland", POINT_RESET, *COMMON_CREATED), (f"gebouw={b}",)) for b in GAR],
    *[case("§4.3", "gebouweenheid", "corrigeren/nietrealisering", "nietGerealiseerd",
           no("GebouwStatusNietInGeplandInAanbouwOfGerealiseerd"), (f"gebouw={b}",)) for b in NOT_GAR],
    *[case("§4.3", "gebouweenheid", "corrigeren/nietrealisering", s, no("GebouweenheidGerealiseerdOfGehistoreerd"))
      for s in ("gerealiseerd", "gehistoreerd")],
    case("§4.3", "gebouweenheid", "corrigeren/opheffing", "gehistoreerd", ok("gerealiseerd", *COMMON_CREATED),
         ("gebouw=gerealiseerd",)),
    *[case("§4.3", "gebouweenheid", "corrigeren/opheffing", "gehistoreerd", no("GebouwStatusNietInGerealiseerd"),
           (f"gebouw={b}",)) for b in ("gepland", "inAanbouw", *NOT_GAR)],
    *[case("§4.3", "gebouweenheid", "corrigeren/opheffing", s, no("GebouweenheidNietGerealiseerdOfGepland"))
      for s in ("nietGerealiseerd", "gepland")],
    # to: the status before removal (not known here); gerealiseerd -> gepland in a planned building
    *[case("§4.3", "gebouweenheid", "corrigeren/verwijdering", "verwijderd", ok(None, *COMMON_CREATED),
           (f"gebouw={b}",)) for b in GAR],
    *[case("§4.3", "gebouweenheid", "corrigeren/verwijdering", "verwijderd",
           no("GebouweenheidVerwijderingOngedaanmakenGebouwIdNietGerealiseerdofGehistoreerd"), (f"gebouw={b}",))
      for b in NOT_GAR],
    case("§4.3", "gebouweenheid", "corrigeren/verwijdering", "gepland", no("BuildingUnitHasInvalidStatusException")),
    *[case("§4.3", "gebouweenheid", action, s, ok(s), ("gebouw=gerealiseerd",))
      for action in ("regulariseren", "deregulariseren", "corrigeren/regularisatie", "corrigeren/deregularisatie")
      for s in ("gepland", "gerealiseerd")],
    *[case("§4.3", "gebouweenheid", action, s, no("GebouweenheidNietGerealiseerdOfGehistoreerd"))
      for action in ("regulariseren", "deregulariseren", "corrigeren/regularisatie", "corrigeren/deregularisatie")
      for s in ("nietGerealiseerd", "gehistoreerd")],
    *[case("§4.3", "gebouweenheid", action, "gerealiseerd", no("GebouwStatusNietInGeplandInAanbouwOfGerealiseerd"),
           ("gebouw=nietGerealiseerd",))
      for action in ("regulariseren", "deregulariseren", "corrigeren/regularisatie", "corrigeren/deregularisatie")],
    *[case("§4.3", "gebouweenheid", "corrigeren/positie", s, ok(s), ("gebouw=inAanbouw",))
      for s in ("gepland", "gerealiseerd")],
    case("§4.3", "gebouweenheid", "corrigeren/positie", "gerealiseerd",
         no("GebouwStatusNietInGeplandInAanbouwOfGerealiseerd"), ("gebouw=gehistoreerd",)),
    *[case("§4.3", "gebouweenheid", "corrigeren/positie", s, no("BuildingUnitHasInvalidStatusException"))
      for s in ("nietGerealiseerd", "gehistoreerd")],
    *[case("§4.3", "gebouweenheid", "adreskoppelen", s, ok(s), (f"adres={a}", "gebouw=gehistoreerd"))
      for s in ("gepland", "gerealiseerd") for a in ("voorgesteld", "inGebruik")],
    *[case("§4.3", "gebouweenheid", "adreskoppelen", "gerealiseerd", no("GebouweenheidAdresAfgekeurdOfGehistoreerd"),
           (f"adres={a}",)) for a in ("afgekeurd", "gehistoreerd")],
    case("§4.3", "gebouweenheid", "adreskoppelen", "gerealiseerd", no("GebouweenheidAdresOngeldig"),
         ("adres=verwijderd",)),
    *[case("§4.3", "gebouweenheid", "adreskoppelen", s, no("GebouweenheidNietGerealiseerdOfGehistoreerd"),
           ("adres=inGebruik",)) for s in ("nietGerealiseerd", "gehistoreerd")],
    *[case("§4.3", "gebouweenheid", "adresontkoppelen", s, ok(s)) for s in UNIT_STATUSES],
    case("§4.3", "gebouweenheid", "verplaatsen", "gepland", ok("gepland", ADDRESSES_MOVE_ALONG, ADMINISTRATOR_POINT,
                                                                COMMON_BELOW_PLANNED, COMMON_BELOW_REALISED,
                                                                COMMON_REMOVED, *COMMON_CREATED_IN_TARGET),
         ("doelgebouw=gerealiseerd",)),
    case("§4.3", "gebouweenheid", "verplaatsen", "gerealiseerd", ok("gerealiseerd", ADDRESSES_MOVE_ALONG,
                                                                     ADMINISTRATOR_POINT, COMMON_BELOW_PLANNED,
                                                                     COMMON_BELOW_REALISED, COMMON_REMOVED,
                                                                     *COMMON_CREATED_IN_TARGET),
         ("gebouw=gerealiseerd",)),
    *[case("§4.3", "gebouweenheid", "verplaatsen", "gerealiseerd", ok("gepland", ADDRESSES_MOVE_ALONG,
                                                                       ADMINISTRATOR_POINT, COMMON_BELOW_PLANNED,
                                                                       COMMON_BELOW_REALISED, COMMON_REMOVED,
                                                                       *COMMON_CREATED_IN_TARGET),
           (f"doelgebouw={b}",)) for b in ("gepland", "inAanbouw")],
    *[case("§4.3", "gebouweenheid", "verplaatsen", "gepland", no("GebouwGehistoreerdOfNietGerealiseerd"),
           (f"gebouw={b}",)) for b in NOT_GAR],
    *[case("§4.3", "gebouweenheid", "verplaatsen", s, no("BuildingUnitHasInvalidStatusException"))
      for s in ("nietGerealiseerd", "gehistoreerd")],
    # §4 "always checked": a unit operation that needs its removed building fails on the removal.
    *[case("§4", "gebouweenheid", action, status, no("VerwijderdGebouw"), ("gebouw=verwijderd",))
      for action, status in (("plannen", None), ("realiseren", "gepland"), ("opheffen", "gerealiseerd"),
                             ("corrigeren/opheffing", "gehistoreerd"), ("verplaatsen", "gerealiseerd"))],
    *[case("§4", "gebouweenheid", action, "verwijderd", no("VerwijderdeGebouweenheid"))
      for action in ("realiseren", "nietrealiseren", "opheffen", "verwijderen", "adreskoppelen", "adresontkoppelen")],
]

# --- §4.4 Common unit -------------------------------------------------------------------

UNIT_LIFECYCLE = {
    "realiseren": "gepland", "nietrealiseren": "gepland", "opheffen": "gerealiseerd", "verwijderen": "gerealiseerd",
    "corrigeren/realisering": "gerealiseerd", "corrigeren/nietrealisering": "nietGerealiseerd",
    "corrigeren/opheffing": "gehistoreerd", "corrigeren/verwijdering": "verwijderd", "regulariseren": "gepland",
    "deregulariseren": "gepland", "corrigeren/regularisatie": "gerealiseerd",
    "corrigeren/deregularisatie": "gerealiseerd", "corrigeren/positie": "gerealiseerd", "verplaatsen": "gerealiseerd",
}
COMMON_UNIT = [
    *[case("§4.4", "gebouweenheid", action, status, no("GebouweenheidGemeenschappelijkDeel"), attributes=(COMMON,))
      for action, status in UNIT_LIFECYCLE.items()],
    case("§4.4", "gebouweenheid", "adreskoppelen", "gerealiseerd", ok("gerealiseerd"), ("adres=inGebruik",),
         (COMMON,)),
    case("§4.4", "gebouweenheid", "adresontkoppelen", "gerealiseerd", ok("gerealiseerd"), attributes=(COMMON,)),
    case("§4.4", "gebouweenheid", "realiseren", "gepland", ok("gerealiseerd"), ("gebouw=gerealiseerd",),
         ("functie=nietGekend",)),
]

# --- §4.5 Adres -------------------------------------------------------------------------

CHANGES = ("wijzigen/adrespositie", "corrigeren/adrespositie", "wijzigen/postcode", "corrigeren/postcode",
           "corrigeren/huisnummer", "corrigeren/busnummer")

ADRES = [
    *[case("§4.5", "adres", "voorstellen", None, ok("voorgesteld"), (f"straatnaam={s}",))
      for s in ("voorgesteld", "inGebruik")],
    *[case("§4.5", "adres", "voorstellen", None, no("AdresStraatnaamVoorgesteldOfInGebruik"), (f"straatnaam={s}",))
      for s in ("afgekeurd", "gehistoreerd")],
    case("§4.5", "adres", "voorstellen", None, no("StreetNameIsRemovedException"), ("straatnaam=verwijderd",)),
    *[case("§4.5", "adres", "voorstellen", None, no("AdresActiefHuisNummerNietGekendValidatie"), (f"adres={p}",))
      for p in ("afgekeurd", "gehistoreerd", "verwijderd")],
    case("§4.5", "adres", "voorstellen", None, ok("voorgesteld"), ("huisnummerObject=inGebruik",)),
    case("§3", "adres", "voorstellen", None, no("AddressHasInvalidGeometryMethodException"),
         attributes=("positieGeometrieMethode=geïnterpoleerd",)),
    case("§4.5", "adres", "goedkeuren", "voorgesteld", ok("inGebruik"), ("straatnaam=inGebruik", "adres=inGebruik")),
    *[case("§4.5", "adres", "goedkeuren", s, no("AdresAfgekeurdOfGehistoreerd"))
      for s in ("afgekeurd", "gehistoreerd")],
    case("§4", "adres", "goedkeuren", "inGebruik", ok("inGebruik")),
    *[case("§4.5", "adres", "goedkeuren", "voorgesteld", no("AdresStraatnaamVoorgesteldOfInGebruik"),
           (f"straatnaam={s}",)) for s in ("afgekeurd", "gehistoreerd")],
    case("§4.5", "adres", "goedkeuren", "voorgesteld", no("StreetNameIsRemovedException"), ("straatnaam=verwijderd",)),
    *[case("§4.5", "adres", "goedkeuren", "voorgesteld", no("AdresHuisnummerVoorgesteldGehistoreerdOfAfgekeurd"),
           (f"adres={p}",)) for p in ("voorgesteld", "gehistoreerd", "afgekeurd")],
    *[case("§4.5", "adres", "afkeuren", "voorgesteld",
           ok("afgekeurd", BOXES_REJECTED, UNITS_DETACH_ADDRESS, PARCELS_DETACH_ADDRESS), (f"straatnaam={s}",))
      for s in ("voorgesteld", "afgekeurd")],
    *[case("§4.5", "adres", "afkeuren", s, no("AdresGehistoreerdOfInGebruik")) for s in ("gehistoreerd", "inGebruik")],
    case("§4", "adres", "afkeuren", "afgekeurd", ok("afgekeurd")),
    case("§4.5", "adres", "opheffen", "inGebruik",
         ok("gehistoreerd", BOXES_RETIRED, BOXES_RETIRED_REJECTED, UNITS_DETACH_ADDRESS, PARCELS_DETACH_ADDRESS),
         ("straatnaam=gehistoreerd",)),
    *[case("§4.5", "adres", "opheffen", s, no("AdresVoorgesteldOfAfgekeurd")) for s in ("voorgesteld", "afgekeurd")],
    case("§4", "adres", "opheffen", "gehistoreerd", ok("gehistoreerd")),
    *[case("§4.5", "adres", "verwijderen", s,
           ok("verwijderd", CHILDREN_REMOVED, UNITS_DETACH_ADDRESS, PARCELS_DETACH_ADDRESS))
      for s in ("voorgesteld", "inGebruik", "gehistoreerd", "afgekeurd")],
    case("§4.5", "adres", "corrigeren/goedkeuring", "inGebruik", ok("voorgesteld", BOXES_BACK_TO_PROPOSED),
         attributes=("officieelToegekend=true",)),
    case("§4.5", "adres", "corrigeren/goedkeuring", "inGebruik", no("AddressIsNotOfficiallyAssignedException"),
         attributes=("officieelToegekend=false",)),
    case("§4.5", "adres", "corrigeren/goedkeuring", "afgekeurd", no("AddressHasInvalidStatusException")),
    case("§4.5", "adres", "corrigeren/afkeuring", "afgekeurd", ok("voorgesteld"), ("adres=inGebruik",)),
    *[case("§4.5", "adres", "corrigeren/afkeuring", "afgekeurd", no(None), (f"adres={p}",))
      for p in ("verwijderd", "afgekeurd", "gehistoreerd")],
    case("§4.5", "adres", "corrigeren/afkeuring", "inGebruik", no("AddressHasInvalidStatusException")),
    case("§4.5", "adres", "corrigeren/opheffing", "gehistoreerd", ok("inGebruik"), ("adres=inGebruik",)),
    *[case("§4.5", "adres", "corrigeren/opheffing", "gehistoreerd", no(None), (f"adres={p}",))
      for p in ("verwijderd", "afgekeurd", "gehistoreerd", "voorgesteld")],
    case("§4.5", "adres", "corrigeren/opheffing", "afgekeurd", no("AddressHasInvalidStatusException")),
    *[case("§4.5", "adres", "regulariseren", s, ok(s)) for s in ("voorgesteld", "inGebruik")],
    *[case("§4.5", "adres", "deregulariseren", s, ok("inGebruik"), ("adres=inGebruik",))
      for s in ("voorgesteld", "inGebruik")],
    case("§4.5", "adres", "deregulariseren", "voorgesteld", no(None), ("adres=voorgesteld",)),
    *[case("§4.5", "adres", action, s, no("AddressHasInvalidStatusException"))
      for action in ("regulariseren", "deregulariseren") for s in ("afgekeurd", "gehistoreerd")],
    *[case("§4.5", "adres", action, s, ok(s))
      for action in CHANGES[:2] + CHANGES[4:] for s in ("voorgesteld", "inGebruik")],
    *[case("§4.5", "adres", action, s, ok(s, BOXES_FOLLOW_POSTAL_CODE)) for action in CHANGES[2:4]
      for s in ("voorgesteld", "inGebruik")],
    *[case("§4.5", "adres", action, s, no("AdresGehistoreerdOfAfgekeurd")) for action in CHANGES
      for s in ("gehistoreerd", "afgekeurd")],
    *[case("§3", "adres", action, "inGebruik", no("AddressHasInvalidGeometryMethodException"),
           attributes=("positieGeometrieMethode=geïnterpoleerd",)) for action in CHANGES[:2]],
]

# --- §4.6 Straatnaam (and the street-name cascades of §4.5) -------------------------------

STRAATNAAM = [
    case("§4.6", "straatnaam", "voorstellen", None, ok("voorgesteld")),
    case("§4.6", "straatnaam", "goedkeuren", "voorgesteld", ok("inGebruik")),
    *[case("§4.6", "straatnaam", "goedkeuren", s, no(None)) for s in ("gehistoreerd", "afgekeurd")],
    case("§4", "straatnaam", "goedkeuren", "inGebruik", ok("inGebruik")),
    case("§4.6", "straatnaam", "afkeuren", "voorgesteld", ok("afgekeurd", *STREET_CLOSED)),
    *[case("§4.6", "straatnaam", "afkeuren", s, no(None)) for s in ("inGebruik", "gehistoreerd")],
    case("§4.6", "straatnaam", "opheffen", "inGebruik", ok("gehistoreerd", *STREET_CLOSED)),
    *[case("§4.6", "straatnaam", "opheffen", s, no(None)) for s in ("voorgesteld", "afgekeurd")],
    *[case("§4.5", "straatnaam", "verwijderen", s,
           ok("verwijderd", STREET_ADDRESSES_REMOVED, STREET_UNITS_DETACH, STREET_PARCELS_DETACH))
      for s in ("voorgesteld", "inGebruik", "gehistoreerd", "afgekeurd")],
    case("§4.6", "straatnaam", "corrigeren/goedkeuring", "inGebruik", ok("voorgesteld")),
    *[case("§4.6", "straatnaam", "corrigeren/goedkeuring", s, no(None)) for s in ("gehistoreerd", "afgekeurd")],
    case("§4.6", "straatnaam", "corrigeren/afkeuring", "afgekeurd", ok("voorgesteld")),
    *[case("§4.6", "straatnaam", "corrigeren/afkeuring", s, no(None)) for s in ("inGebruik", "gehistoreerd")],
    case("§4.6", "straatnaam", "corrigeren/opheffing", "gehistoreerd", ok("inGebruik")),
    *[case("§4.6", "straatnaam", "corrigeren/opheffing", s, no(None)) for s in ("voorgesteld", "afgekeurd")],
    *[case("§4.6", "straatnaam", "hernoemen", "inGebruik", ok(None, STREET_RENAMED), (f"doelstraatnaam={t}",))
      for t in ("voorgesteld", "inGebruik")],
    *[case("§4.6", "straatnaam", "hernoemen", "inGebruik", no(None), (f"straatnaam={t}",))
      for t in ("afgekeurd", "gehistoreerd")],
    *[case("§4.6", "straatnaam", "hernoemen", s, no(None)) for s in ("voorgesteld", "gehistoreerd", "afgekeurd")],
]

# --- §4.7 Perceel -----------------------------------------------------------------------

PERCEEL = [
    case("§4.7", "perceel", "opheffen", "gerealiseerd", ok("gehistoreerd", PARCEL_ADDRESSES_DETACHED)),
    case("§4", "perceel", "opheffen", "gehistoreerd", ok("gehistoreerd")),
    case("§4.7", "perceel", "corrigeren/opheffing", "gehistoreerd", ok("gerealiseerd", PARCEL_ADDRESSES_BACK)),
    case("§4", "perceel", "corrigeren/opheffing", "gerealiseerd", ok("gerealiseerd")),
    *[case("§4.7", "perceel", "adreskoppelen", "gerealiseerd", ok("gerealiseerd"), (f"adres={a}",))
      for a in ("voorgesteld", "inGebruik")],
    case("§4.7", "perceel", "adreskoppelen", "gehistoreerd", no("ParcelHasInvalidStatusException"),
         ("adres=inGebruik",)),
    *[case("§4.7", "perceel", "adreskoppelen", "gerealiseerd", no(None), (f"adres={a}",))
      for a in ("afgekeurd", "gehistoreerd", "verwijderd")],
    *[case("§4.7", "perceel", "adresontkoppelen", s, ok(s)) for s in ("gerealiseerd", "gehistoreerd")],
]


@pytest.mark.parametrize(("obj", "operation", "status", "related", "attributes", "expected"),
                         [*GEBOUW_41, *GEBOUW_42, *GEBOUWEENHEID, *COMMON_UNIT, *ADRES, *STRAATNAAM, *PERCEEL])
def test_register_try(capsys: pytest.CaptureFixture[str], obj: str, operation: str, status: str | None,
                      related: tuple[str, ...], attributes: tuple[str, ...], expected: dict[str, Any]):
    assert ask(capsys, obj, operation, status, related, attributes) == expected


# --- the lists of transitions that are not allowed ----------------------------------------


def _answers(capsys: pytest.CaptureFixture[str], obj: str, status: str, attributes: tuple[str, ...] = ()):
    from schillen.registers import load_register

    for action, op in load_register().objects[obj].operations.items():
        if not op.creates:
            yield action, ask(capsys, obj, action, status, attributes=attributes)


def test_nothing_leaves_gehistoreerd(capsys: pytest.CaptureFixture[str]):
    """§4.2: a gehistoreerd building (only a measured one can be) stays gehistoreerd or is removed."""
    leaving = {a: r["to"] for a, r in _answers(capsys, "gebouw", "gehistoreerd", (MEASURED,))
               if r["allowed"] and r["to"] != "gehistoreerd"}
    assert leaving == {"verwijder-ingemeten": "verwijderd"}


def test_leaving_niet_gerealiseerd(capsys: pytest.CaptureFixture[str]):
    """§4.2: only CorrectBuildingNotRealization (sketched) or MeasureBuilding (GRB) leave nietGerealiseerd."""
    sketched = {a: r["to"] for a, r in _answers(capsys, "gebouw", "nietGerealiseerd", (SKETCHED,))
                if r["allowed"] and r["to"] != "nietGerealiseerd"}
    assert sketched == {"corrigeren/nietrealisering": "gepland", "verwijderen": "verwijderd",
                        "inmeten": "gerealiseerd"}


def test_a_sketched_building_never_becomes_gehistoreerd(capsys: pytest.CaptureFixture[str]):
    reached = {(s, a) for s in ("gepland", "inAanbouw", "gerealiseerd", "nietGerealiseerd")
               for a, r in _answers(capsys, "gebouw", s, (SKETCHED,)) if r["to"] == "gehistoreerd"}
    assert reached == set()
