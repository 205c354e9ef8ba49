"""The register's objects in its own field names, the errors a register answers, and list filters."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from schillen.errors import SchillenError
from schillen.registers.loading import load_register
from schillen.registers.objects import (
    MODELS,
    Adres,
    Gebouw,
    Gebouweenheid,
    ObjectNotFound,
    ObjectRemoved,
    OperationRefused,
    Perceel,
    ReadOnlyRegister,
    RegisterAccessError,
    RegisterUnavailable,
    Straatnaam,
    resolve_filters,
)

ID = "https://data.vlaanderen.be/id"


def ident(kind: str, object_id: str) -> dict[str, str]:
    return {"id": f"{ID}/{kind}/{object_id}", "naamruimte": f"{ID}/{kind}", "objectId": object_id,
            "versieId": "2024-03-01T10:00:00+01:00"}


# An answer of the read API v2 as the reference (§2) gives it, JSON-LD keys and _links included.
GEBOUW_ANSWER: dict[str, Any] = {
    "@context": "https://docs.basisregisters.vlaanderen.be/context/gebouw/2022-01-11/gebouw_detail.jsonld",
    "@type": "Gebouw",
    "identificator": ident("gebouw", "6"),
    "gebouwPolygoon": {"geometrie": {"type": "Polygon", "gml": "<gml:Polygon srsName=\"EPSG:31370\"/>"},
                       "geometrieMethode": "ingemetenGRB"},
    "gebouwStatus": "gerealiseerd",
    "gebouweenheden": [{"objectId": "8", "status": "gerealiseerd", "detail": "https://x/v2/gebouweenheden/8"},
                       {"objectId": "9", "status": "gepland", "detail": "https://x/v2/gebouweenheden/9"}],
    "percelen": [{"objectId": "11001B0008-00G002", "detail": "https://x/v2/percelen/11001B0008-00G002"}],
}
ADRES_ANSWER: dict[str, Any] = {
    "@type": "Adres",
    "identificator": ident("adres", "21"),
    "gemeente": {"objectId": "99001", "detail": "https://x/v2/gemeenten/99001",
                 "gemeentenaam": {"geografischeNaam": {"spelling": "Schillegem", "taal": "nl"}}},
    "postinfo": {"objectId": "9999", "detail": "https://x/v2/postinfo/9999"},
    "straatnaam": {"objectId": "3", "detail": "https://x/v2/straatnamen/3",
                   "straatnaam": {"geografischeNaam": {"spelling": "Kerkstraat", "taal": "nl"}}},
    "huisnummer": "12",
    "huisnummerObject": {"objectId": "20", "detail": "https://x/v2/adressen/20"},
    "busnummer": "0.1",
    "volledigAdres": {"geografischeNaam": {"spelling": "Kerkstraat 12 bus 0.1, 9999 Schillegem", "taal": "nl"}},
    "adresPositie": {"geometrie": {"type": "Point", "gml": "<gml:Point/>"}, "positieGeometrieMethode":
                     "aangeduidDoorBeheerder", "positieSpecificatie": "ingang"},
    "adresStatus": "inGebruik",
    "officieelToegekend": True,
    "_links": {"self": {"href": "https://x/v2/adressen/21"}},
}


def test_a_building_answer_validates_and_keeps_the_registers_names():
    gebouw = Gebouw.model_validate(GEBOUW_ANSWER)
    assert (gebouw.object_type, gebouw.object_id, gebouw.status, gebouw.geometrieMethode) == (
        "gebouw", "6", "gerealiseerd", "ingemetenGRB")
    assert gebouw.related("gebouweenheid") == ["8", "9"]
    assert gebouw.related("perceel") == ["11001B0008-00G002"]
    assert gebouw.related("adres") == []
    dumped = gebouw.model_dump(mode="json", exclude_none=True)
    assert list(dumped) == ["identificator", "gebouwPolygoon", "gebouwStatus", "gebouweenheden", "percelen"]
    assert dumped["gebouweenheden"][1] == {"objectId": "9", "detail": "https://x/v2/gebouweenheden/9",
                                           "status": "gepland"}


def test_a_building_without_polygon_has_no_geometry_method():
    gebouw = Gebouw.model_validate({**GEBOUW_ANSWER, "gebouwPolygoon": None})
    assert gebouw.geometrieMethode is None


def test_an_address_answer_validates():
    adres = Adres.model_validate(ADRES_ANSWER)
    assert (adres.object_type, adres.object_id, adres.status, adres.busnummer) == ("adres", "21", "inGebruik", "0.1")
    assert (adres.related("straatnaam"), adres.related("adres"), adres.related("gebouweenheid")) == (["3"], ["20"], [])
    assert adres.model_dump(mode="json", exclude_none=True)["volledigAdres"] == {
        "geografischeNaam": {"spelling": "Kerkstraat 12 bus 0.1, 9999 Schillegem", "taal": "nl"}}


def test_a_homonym_addition_in_either_shape():
    for given in ({"geografischeNaam": {"spelling": "BR", "taal": "nl"}}, {"spelling": "BR", "taal": "nl"}):
        adres = Adres.model_validate({**ADRES_ANSWER, "homoniemToevoeging": given})
        assert adres.model_dump(mode="json", exclude_none=True)["homoniemToevoeging"] == given


def test_unit_street_name_and_parcel():
    unit = Gebouweenheid.model_validate({"identificator": ident("gebouweenheid", "8"),
                                         "gebouweenheidStatus": "gerealiseerd", "functie": "gemeenschappelijkDeel",
                                         "gebouw": {"objectId": "6"}, "adressen": [], "afwijkingVastgesteld": False})
    assert (unit.status, unit.related("gebouw"), unit.related("adres")) == ("gerealiseerd", ["6"], [])
    street = Straatnaam.model_validate({"identificator": ident("straatnaam", "3"), "straatnaamStatus": "voorgesteld",
                                        "straatnamen": [{"spelling": "Kerkstraat", "taal": "nl"}]})
    assert (street.object_type, street.status, street.related("adres")) == ("straatnaam", "voorgesteld", [])
    parcel = Perceel.model_validate({"identificator": ident("perceel", "99001A0001-00A000"),
                                     "caPaKey": "99001A0001/00A000", "perceelStatus": "gehistoreerd",
                                     "adressen": [{"objectId": "21"}]})
    assert (parcel.object_id, parcel.status, parcel.related("adres")) == ("99001A0001-00A000", "gehistoreerd", ["21"])


def test_a_bad_answer_is_a_validation_error_naming_the_field():
    with pytest.raises(ValidationError, match="gebouwStatus"):
        Gebouw.model_validate({**GEBOUW_ANSWER, "gebouwStatus": None})


def test_every_object_of_the_register_interface_has_a_model_with_its_status_attribute():
    grar = load_register()
    assert sorted(MODELS) == sorted(grar.objects)
    for key, kind in grar.objects.items():
        assert kind.status in MODELS[key].model_fields, key


def test_errors_say_what_happened():
    assert str(ObjectNotFound("gebouw", "1234")) == "gebouw '1234' not found"
    assert str(ObjectRemoved("adres", "5")) == "adres '5' is removed (verwijderd)"
    refused = OperationRefused("gebouweenheid", "8", "realiseren", "GebouwStatusNietInGerealiseerd",
                               "it requires that gebouw is gerealiseerd")
    assert str(refused) == ("realiseren on gebouweenheid '8' refused (GebouwStatusNietInGerealiseerd): "
                            "it requires that gebouw is gerealiseerd")
    assert (refused.object_type, refused.object_id, refused.operation, refused.code) == (
        "gebouweenheid", "8", "realiseren", "GebouwStatusNietInGerealiseerd")
    assert str(OperationRefused("adres", None, "voorstellen", None)) == (
        "voorstellen on adres refused (no code in the reference)")
    for error in (ObjectNotFound, ObjectRemoved):
        assert issubclass(error, LookupError)
    for error in (ObjectNotFound, ObjectRemoved, OperationRefused, RegisterUnavailable, ReadOnlyRegister):
        assert issubclass(error, RegisterAccessError)
        assert issubclass(error, SchillenError)


def test_filters_are_matched_without_regard_to_case():
    assert resolve_filters(["gebouwObjectId", "adresObjectId", "status", "functie"],
                           {"adresobjectid": "21", "STATUS": "gepland"}) == {"adresObjectId": "21",
                                                                             "status": "gepland"}
    assert resolve_filters(["status"], None) == {}
    with pytest.raises(ValueError, match=r"^unknown filter 'gebouw'; the filters are: gebouwObjectId, "
                                         r"adresObjectId, status, functie$"):
        resolve_filters(["gebouwObjectId", "adresObjectId", "status", "functie"], {"gebouw": "6"})
