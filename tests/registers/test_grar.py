"""The bundled grar.yaml: complete, exact and traceable to the reference (building-register.md)."""

from __future__ import annotations

import re

import pytest

from schillen.errors import RegisterQueryError
from schillen.registers import load_register, read_register
from schillen.registers.lookup import (
    describe_cascade,
    find_attribute,
    find_object,
    find_operation,
    iter_lifecycle,
)
from schillen.registers.model import ANY, REMOVED, Register

GRAR = load_register()


def test_bundled_grar_loads_clean():
    assert read_register().diagnostics == []
    assert GRAR.id == "grar"


def test_code_lists_exact():
    assert {name: list(codelist.values) for name, codelist in GRAR.codelists.items()} == {
        "gebouwStatus": ["gepland", "inAanbouw", "gerealiseerd", "gehistoreerd", "nietGerealiseerd"],
        "gebouweenheidStatus": ["gepland", "gerealiseerd", "gehistoreerd", "nietGerealiseerd"],
        "functie": ["nietGekend", "gemeenschappelijkDeel"],
        "geometrieMethode": ["ingemetenGRB", "ingeschetst"],
        "positieGeometrieMethode": ["aangeduidDoorBeheerder", "afgeleidVanObject", "geïnterpoleerd"],
        "positieSpecificatie": ["gemeente", "straat", "perceel", "lot", "standplaats", "ligplaats", "gebouw",
                                "gebouweenheid", "ingang", "wegsegment"],
        "adresStatus": ["voorgesteld", "inGebruik", "gehistoreerd", "afgekeurd"],
        "straatnaamStatus": ["voorgesteld", "inGebruik", "gehistoreerd", "afgekeurd"],
        "perceelStatus": ["gerealiseerd", "gehistoreerd"],
    }


def test_code_list_domain_names_and_meanings():
    domains = {name: {v: c.domain for v, c in codelist.values.items() if c.domain}
               for name, codelist in GRAR.codelists.items()}
    assert domains["gebouwStatus"] == {"gepland": "Planned", "inAanbouw": "UnderConstruction",
                                       "gerealiseerd": "Realized", "gehistoreerd": "Retired",
                                       "nietGerealiseerd": "NotRealized"}
    assert domains["functie"] == {"nietGekend": "Unknown", "gemeenschappelijkDeel": "Common"}
    assert domains["adresStatus"] == {"voorgesteld": "Proposed", "inGebruik": "Current", "gehistoreerd": "Retired",
                                      "afgekeurd": "Rejected"}
    assert domains["positieGeometrieMethode"] == {"aangeduidDoorBeheerder": "AppointedByAdministrator",
                                                  "afgeleidVanObject": "DerivedFromObject",
                                                  "geïnterpoleerd": "Interpolated"}
    functie = GRAR.codelists["functie"].values
    assert (functie["gemeenschappelijkDeel"].read_only, functie["nietGekend"].read_only) == (True, False)
    not_realized = GRAR.codelists["gebouwStatus"].values["nietGerealiseerd"]
    assert not_realized.meaning == "permit not requested, cancelled or expired"
    assert "wonen" not in functie and "wonen" in GRAR.codelists["functie"].description
    assert GRAR.codelists["positieGeometrieMethode"].values["geïnterpoleerd"].unconfirmed == [
        "The exact casing of the API value."]


def test_objects_with_api_names_collections_and_uris():
    objects = {key: (kind.title, kind.collection, kind.uri, kind.status, kind.domain)
               for key, kind in GRAR.objects.items()}
    assert objects == {
        "gebouw": ("Gebouw", "gebouwen", "https://data.vlaanderen.be/id/gebouw/{objectId}", "gebouwStatus", "Building"),
        "gebouweenheid": ("Gebouweenheid", "gebouweenheden", "https://data.vlaanderen.be/id/gebouweenheid/{objectId}",
                          "gebouweenheidStatus", "BuildingUnit"),
        "adres": ("Adres", "adressen", "https://data.vlaanderen.be/id/adres/{objectId}", "adresStatus",
                  "StreetNameAddress"),
        "straatnaam": ("Straatnaam", "straatnamen", "https://data.vlaanderen.be/id/straatnaam/{objectId}",
                       "straatnaamStatus", "MunicipalityStreetName"),
        "perceel": ("Perceel", "percelen", "https://data.vlaanderen.be/id/perceel/{objectId}", "perceelStatus",
                    "Parcel"),
    }


def test_attributes_api_v2():
    assert list(GRAR.objects["gebouw"].attributes) == [
        "identificator", "gebouwPolygoon", "gebouwStatus", "gebouweenheden", "percelen"]
    assert list(GRAR.objects["gebouweenheid"].attributes) == [
        "identificator", "gebouweenheidPositie", "gebouweenheidStatus", "functie", "gebouw", "adressen",
        "afwijkingVastgesteld"]
    assert list(GRAR.objects["adres"].attributes) == [
        "identificator", "gemeente", "postinfo", "straatnaam", "homoniemToevoeging", "huisnummer", "huisnummerObject",
        "busnummer", "volledigAdres", "adresPositie", "adresStatus", "officieelToegekend", "_links"]
    assert list(GRAR.objects["straatnaam"].attributes) == [
        "identificator", "gemeente", "straatnamen", "homoniemToevoegingen", "straatnaamStatus", "_links"]
    assert list(GRAR.objects["perceel"].attributes) == [
        "identificator", "caPaKey", "perceelStatus", "adressen", "_links"]
    polygon = GRAR.objects["gebouw"].attributes["gebouwPolygoon"]
    assert (polygon.nullable, polygon.fields["geometrie"].geometry, polygon.fields["geometrieMethode"].codelist) == (
        True, "Polygon", "geometrieMethode")
    assert GRAR.objects["adres"].attributes["huisnummer"].pattern == "^[A-Z0-9](?:.{0,8}[A-Z0-9])?$"
    assert GRAR.objects["gebouw"].relations["percelen"].stored is False


def test_relations():
    assert {key: {name: (r.object, r.cardinality) for name, r in kind.relations.items()}
            for key, kind in GRAR.objects.items()} == {
        "gebouw": {"gebouweenheden": ("gebouweenheid", "0..n"), "percelen": ("perceel", "0..n")},
        "gebouweenheid": {"gebouw": ("gebouw", "1"), "adressen": ("adres", "0..n")},
        "adres": {"straatnaam": ("straatnaam", "1"), "huisnummerObject": ("adres", "0..1"),
                  "busnummers": ("adres", "0..n"), "gebouweenheden": ("gebouweenheid", "0..n"),
                  "percelen": ("perceel", "0..n")},
        "straatnaam": {"adressen": ("adres", "0..n")},
        "perceel": {"adressen": ("adres", "0..n"), "gebouwen": ("gebouw", "0..n")},
    }


def test_operations_by_action_with_command_alias():
    commands = {key: {action: op.command for action, op in kind.operations.items()}
                for key, kind in GRAR.objects.items()}
    assert commands == {
        "gebouw": {
            "plannen": "PlanBuilding", "inaanbouwplaatsen": "PlaceBuildingUnderConstruction",
            "realiseren": "RealizeBuilding", "nietrealiseren": "NotRealizeBuilding",
            "corrigeren/inaanbouwplaatsing": "CorrectBuildingPlaceUnderConstruction",
            "corrigeren/realisering": "CorrectBuildingRealization",
            "corrigeren/nietrealisering": "CorrectBuildingNotRealization",
            "wijzigen/schetsgeometriepolygoon": "ChangeBuildingOutline", "verwijderen": "RemoveBuilding",
            "vaststellen": "RealizeAndMeasureUnplannedBuilding", "inmeten": "MeasureBuilding",
            "wijzigen/ingemetengeometriepolygoon": "ChangeBuildingMeasurement",
            "corrigeren/ingemetengeometriepolygoon": "CorrectBuildingMeasurement", "slopen": "DemolishBuilding",
            "verwijder-ingemeten": "RemoveMeasuredBuilding",
        },
        "gebouweenheid": {
            "plannen": "PlanBuildingUnit", "realiseren": "RealizeBuildingUnit",
            "nietrealiseren": "NotRealizeBuildingUnit", "opheffen": "RetireBuildingUnit",
            "verwijderen": "RemoveBuildingUnit", "corrigeren/realisering": "CorrectBuildingUnitRealization",
            "corrigeren/nietrealisering": "CorrectBuildingUnitNotRealization",
            "corrigeren/opheffing": "CorrectBuildingUnitRetirement",
            "corrigeren/verwijdering": "CorrectBuildingUnitRemoval", "regulariseren": "RegularizeBuildingUnit",
            "deregulariseren": "DeregulateBuildingUnit",
            "corrigeren/regularisatie": "CorrectBuildingUnitRegularization",
            "corrigeren/deregularisatie": "CorrectBuildingUnitDeregulation",
            "corrigeren/positie": "CorrectBuildingUnitPosition", "adreskoppelen": "AttachAddressToBuildingUnit",
            "adresontkoppelen": "DetachAddressFromBuildingUnit", "verplaatsen": "MoveBuildingUnitIntoBuilding",
        },
        "adres": {
            "voorstellen": "ProposeAddress", "goedkeuren": "ApproveAddress", "afkeuren": "RejectAddress",
            "opheffen": "RetireAddress", "verwijderen": "RemoveAddress",
            "corrigeren/goedkeuring": "CorrectAddressApproval", "corrigeren/afkeuring": "CorrectAddressRejection",
            "corrigeren/opheffing": "CorrectAddressRetirement", "regulariseren": "RegularizeAddress",
            "deregulariseren": "DeregulateAddress", "corrigeren/regularisatie": "CorrectAddressRegularization",
            "corrigeren/deregularisatie": "CorrectAddressDeregulation",
            "wijzigen/adrespositie": "ChangeAddressPosition", "corrigeren/adrespositie": "CorrectAddressPosition",
            "wijzigen/postcode": "ChangeAddressPostalCode", "corrigeren/postcode": "CorrectAddressPostalCode",
            "corrigeren/huisnummer": "CorrectAddressHouseNumber", "corrigeren/busnummer": "CorrectAddressBoxNumber",
        },
        "straatnaam": {
            "voorstellen": "ProposeStreetName", "goedkeuren": "ApproveStreetName", "afkeuren": "RejectStreetName",
            "opheffen": "RetireStreetName", "verwijderen": "RemoveStreetName",
            "corrigeren/goedkeuring": "CorrectStreetNameApproval",
            "corrigeren/afkeuring": "CorrectStreetNameRejection",
            "corrigeren/opheffing": "CorrectStreetNameRetirement", "hernoemen": "RenameStreetName",
        },
        "perceel": {
            "opheffen": "RetireParcel", "corrigeren/opheffing": "CorrectParcelRetirement",
            "adreskoppelen": "AttachAddressToParcel", "adresontkoppelen": "DetachAddressFromParcel",
        },
    }


def _all_operations(register: Register):
    for key, kind in register.objects.items():
        for action, op in kind.operations.items():
            yield key, action, op


def test_every_rule_cites_its_section():
    sections = re.compile(r"^§[1-7](\.[1-7])?(, §[1-7](\.[1-7])?)*$")
    for key, action, op in _all_operations(GRAR):
        assert sections.match(op.source), (key, action)
        for item in [*op.preconditions, *op.cascades, *op.to_when]:
            assert sections.match(item.source), (key, action, item)
    for key, kind in GRAR.objects.items():
        for rule in [*kind.not_allowed, *kind.rules]:
            assert sections.match(rule.source), (key, rule)


def test_every_lifecycle_table_is_covered():
    cited = {part.strip() for _, _, op in _all_operations(GRAR) for part in op.source.split(",")}
    assert {"§4.1", "§4.2", "§4.3", "§4.5", "§4.6", "§4.7"} <= cited
    common = GRAR.objects["gebouweenheid"].common_unit
    assert common is not None and common.source == "§4.4"
    assert {c.source for *_, op in _all_operations(GRAR) for c in op.cascades} >= {"§4.4"}


def test_the_reference_unconfirmed_list_is_kept():
    assert GRAR.unconfirmed[1:5] == [
        "Scale figures (§6) and LDES endpoints (URLs and payload, §5).",
        "The @type literal of unit, address and parcel details, and the JSON casing of geïnterpoleerd.",
        "Whether an x-pagination header is sent.",
        "Whether anything outside the aggregate stops one address being linked to several units.",
    ]
    assert GRAR.unconfirmed[0].startswith("The production host")
    assert [key for key, kind in GRAR.objects.items() if kind.json_ld_type] == ["gebouw"]
    assert all(kind.unconfirmed == ["The @type literal of the detail answer."]
               for key, kind in GRAR.objects.items() if key in ("gebouweenheid", "adres", "perceel"))


def test_actions_not_in_the_reference_are_marked_unconfirmed():
    """The reference names these actions only as 'variants'; the names come from the registries' own code."""
    marked = {(key, action) for key, action, op in _all_operations(GRAR)
              if any(u.startswith(("The action", "The action and command", "The action, command"))
                     for u in op.unconfirmed)}
    assert marked == {
        ("gebouw", "vaststellen"), ("gebouw", "wijzigen/ingemetengeometriepolygoon"),
        ("gebouw", "corrigeren/ingemetengeometriepolygoon"),
        ("adres", "corrigeren/goedkeuring"), ("adres", "corrigeren/afkeuring"), ("adres", "corrigeren/opheffing"),
        ("adres", "corrigeren/regularisatie"), ("adres", "corrigeren/deregularisatie"),
        ("adres", "wijzigen/adrespositie"), ("adres", "corrigeren/adrespositie"), ("adres", "wijzigen/postcode"),
        ("adres", "corrigeren/postcode"), ("adres", "corrigeren/huisnummer"), ("adres", "corrigeren/busnummer"),
        ("straatnaam", "corrigeren/goedkeuring"), ("straatnaam", "corrigeren/afkeuring"),
        ("straatnaam", "corrigeren/opheffing"),
        ("perceel", "opheffen"), ("perceel", "corrigeren/opheffing"),
    }


_PREFIX = {"gebouw": "Gebouw", "gebouweenheid": "Gebouweenheid", "adres": "Adres"}


def _statuses_named(code: str, prefix: str) -> set[str]:
    """The statuses a status error names: GebouwGehistoreerdGeplandOfNietGerealiseerd -> gehistoreerd, gepland, ..."""
    words = re.findall(r"Niet[A-Z][a-z]+|In[A-Z][a-z]+|[A-Z][a-z]+", code[len(prefix):])
    return {w[0].lower() + w[1:] for w in words if w != "Of"}


@pytest.mark.parametrize(
    ("key", "action"),
    [(k, a) for k, a, op in _all_operations(GRAR) if op.status_error],
    ids=lambda v: v,
)
def test_status_error_names_exactly_the_refused_statuses(key: str, action: str):
    """The register's code lists the statuses it refuses: all but 'from' and the target (which does nothing)."""
    op = GRAR.objects[key].operations[action]
    statuses = set(GRAR.statuses(key))
    starts = statuses if op.from_ == ANY else set(op.from_)
    refused = statuses - starts - {op.to}
    assert _statuses_named(op.status_error, _PREFIX[key]) == refused


def test_a_sketched_building_never_becomes_gehistoreerd():
    leading_there = [(a, op.preconditions[0].in_) for a, op in GRAR.objects["gebouw"].operations.items()
                     if op.to == "gehistoreerd"]
    assert leading_there == [("slopen", ["ingemetenGRB"])]


def test_every_unit_operation_but_linking_addresses_refuses_the_common_unit():
    unit = GRAR.objects["gebouweenheid"]
    assert unit.common_unit is not None
    refusing = {action for action, op in unit.operations.items()
                if any(p.attribute == "functie" and p.not_in == ["gemeenschappelijkDeel"]
                       and p.error == "GebouweenheidGemeenschappelijkDeel" for p in op.preconditions)}
    assert set(unit.operations) - refusing == {"plannen", "adreskoppelen", "adresontkoppelen"}
    assert unit.common_unit.allowed == ["adreskoppelen", "adresontkoppelen"]
    assert (unit.common_unit.counted, unit.common_unit.threshold) == (["gepland", "gerealiseerd"], 2)


def test_lookups_accept_the_capitalised_object_and_the_command():
    assert find_object(GRAR, "Gebouweenheid") == "gebouweenheid"
    assert find_object(GRAR, "GEBOUW") == "gebouw"
    assert find_operation(GRAR.objects["gebouw"], "RealizeBuilding") == "realiseren"
    assert find_operation(GRAR.objects["gebouweenheid"], "MoveBuildingUnitOutOfBuilding") == "verplaatsen"
    assert find_attribute(GRAR.objects["gebouw"], "geometrieMethode") == "gebouwPolygoon.geometrieMethode"
    with pytest.raises(RegisterQueryError) as info:
        find_object(GRAR, "woning")
    assert (info.value.what, info.value.name, info.value.choices) == (
        "object", "woning", ["gebouw", "gebouweenheid", "adres", "straatnaam", "perceel"])


def test_lifecycle_rows_of_a_parcel():
    rows = list(iter_lifecycle(GRAR, "Perceel"))
    assert [(r.start, r.operation, r.to, r.checks) for r in rows] == [
        ("gerealiseerd", "opheffen (RetireParcel)", "gehistoreerd", (("another status", "–"),)),
        ("gehistoreerd", "corrigeren/opheffing (CorrectParcelRetirement)", "gerealiseerd", (("another status", "–"),)),
        ("gerealiseerd", "adreskoppelen (AttachAddressToParcel)", "(same)",
         (("another status", "ParcelHasInvalidStatusException"), ("adres is not verwijderd", "–"),
          ("adres is voorgesteld or inGebruik", "–"))),
        ("any", "adresontkoppelen (DetachAddressFromParcel)", "(same)", ()),
        (REMOVED, "any other", "–", (("the perceel is removed", "–"),)),
    ]
    assert rows[0].cascades == ("adres (adressen) lose their perceel links",)


def _texts_the_book_shows(register: Register) -> list[tuple[str, str | None, str | None]]:
    """(where, English, Dutch) for every register text the book shows: meanings, descriptions, conditions."""
    found: list[tuple[str, str | None, str | None]] = []
    for name, codelist in register.codelists.items():
        found.append((f"codelists.{name}.description", codelist.description, codelist.description_nl))
        found += [(f"codelists.{name}.{value}.meaning", v.meaning, v.meaning_nl)
                  for value, v in codelist.values.items()]
    names = {n for kind in register.objects.values() for n in (*kind.attributes, *kind.relations)}
    for key, kind in register.objects.items():
        # the object page shows the attributes' descriptions, not those of their fields
        found += [(f"{key}.{name}.description", a.description, a.description_nl) for name, a in kind.attributes.items()]
        for action, op in kind.operations.items():
            for i, pre in enumerate(op.preconditions):
                found.append((f"{key}.{action}.preconditions.{i}.check", pre.check, pre.check_nl))
                found.append((f"{key}.{action}.preconditions.{i}.applies", pre.applies, pre.applies_nl))
            for i, cascade in enumerate(op.cascades):
                found.append((f"{key}.{action}.cascades.{i}.when", cascade.when, cascade.when_nl))
                if cascade.relation not in names:  # a relation in words, not by its name in the API
                    found.append((f"{key}.{action}.cascades.{i}.relation", cascade.relation, cascade.relation_nl))
    return [(where, en, nl) for where, en, nl in found if en is not None or nl is not None]


def test_every_text_the_book_shows_has_its_dutch_version():
    texts = _texts_the_book_shows(GRAR)
    assert len({en for _, en, _ in texts}) >= 69  # the 69 distinct texts of grar.yaml when this was written
    missing = [where for where, en, nl in texts if en is not None and not nl]
    assert missing == [], "add the Dutch version (<field>_nl) in grar.yaml"
    assert [where for where, en, nl in texts if en is None] == []  # a Dutch text translates an English one
    assert [where for where, en, nl in texts if en == nl] == []


def test_the_book_reads_the_dutch_texts_and_the_command_line_the_english():
    english = [check for row in iter_lifecycle(GRAR, "gebouw") for check, _ in row.checks]
    dutch = [check for row in iter_lifecycle(GRAR, "gebouw", "nl") for check, _ in row.checks]
    assert "the polygon is valid, in SRID 31370" in english and "de polygoon is geldig, in SRID 31370" in dutch
    assert not [c for c in dutch if "overlap with" in c]
    boxes = [check for row in iter_lifecycle(GRAR, "adres", "nl") for check, _ in row.checks
             if check.startswith("huisnummerObject")]
    assert "huisnummerObject is voorgesteld of inGebruik (bij busnummeradressen)" in boxes
    cascades = [c for row in iter_lifecycle(GRAR, "gebouw") for c in row.cascades]
    assert "gebouweenheid (gebouweenheden) gebouweenheidPositie changes when their point is derived from the " \
           "building (afgeleidVanObject)" in cascades


def test_cascades_in_dutch_have_their_subject_first_and_a_text_where_no_field_says_it():
    unit = GRAR.objects["gebouweenheid"]
    assert [describe_cascade(c, "nl") for c in unit.operations["verplaatsen"].cascades[:2]] == [
        "adressen (adres) — De adressen verhuizen mee (ze blijven aan de gebouweenheid gekoppeld).",
        "de gebouweenheid zelf — gebouweenheidPositie wijzigt als een door de beheerder aangeduid punt buiten "
        "het doelgebouw ligt"]
    assert describe_cascade(unit.operations["verplaatsen"].cascades[0]) == (
        "adres (adressen) — Addresses move along (they stay linked to the unit).")
    assert describe_cascade(GRAR.objects["perceel"].operations["opheffen"].cascades[0], "nl") == (
        "adressen (adres) verliezen hun perceel-koppelingen")


def test_the_functie_code_list_is_described_for_readers():
    functie = GRAR.codelists["functie"]
    assert functie.description == ("The function of a unit. The register knows only these two values; functions "
                                   "such as wonen or handel do not exist in it.")
    assert functie.description_nl is not None and "wonen of handel" in functie.description_nl
