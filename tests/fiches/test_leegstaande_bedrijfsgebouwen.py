"""The fiche leegstaande-bedrijfsgebouwen keeps its legal terms, its register reads and its outcomes."""

from __future__ import annotations

import pytest

from schillen import load_fiche
from schillen.model import StepKind
from tests.conftest import ROOT
from tests.fiches.conftest import interactions

PATH = ROOT / "fiches" / "leegstaande-bedrijfsgebouwen.yaml"


@pytest.fixture(scope="module")
def fiche():
    return load_fiche(PATH)


@pytest.mark.parametrize(
    ("step", "within", "unit", "before", "unconfirmed"),
    [
        ("lijst_bezorgen", 1, "calendar_days", True, False),  # jaarlijks vóór 1 maart
        ("registratie_onderzoeken", 90, "calendar_days", False, False),  # departement beslist binnen 90 dagen
        ("registratieattest_betekenen", 15, "calendar_days", False, False),  # attest binnen 15 kalenderdagen
        ("beroep_ingesteld", 30, "calendar_days", False, False),  # beroep binnen 30 kalenderdagen (art. 7)
    ],
)
def test_deadlines(fiche, step, within, unit, before, unconfirmed):
    deadline = fiche.process[step].deadline
    assert deadline is not None
    assert (deadline.within, deadline.unit.value, deadline.before, deadline.unconfirmed) == (
        within,
        unit,
        before,
        unconfirmed,
    )


def test_appeal_term_rests_on_article_7(fiche):
    deadline = fiche.process["beroep_ingesteld"].deadline
    assert deadline.from_ == "registratieattest_betekenen"
    assert "art. 7" in deadline.basis
    assert any(c.article == "art. 7" and not c.unconfirmed for c in fiche.legal_basis)


@pytest.mark.parametrize(
    ("step", "within", "unit"),
    [
        ("openbaar_onderzoek", 30, "calendar_days"),  # openbaar onderzoek van het uittreksel (Kapellen)
        ("heffingsjaar_afwachten", 1, "years"),  # tot 1 januari na de derde opeenvolgende registratie
    ],
)
def test_timers(fiche, step, within, unit):
    step_ = fiche.process[step]
    assert step_.kind is StepKind.WAIT
    assert step_.timer is not None
    assert (step_.timer.within, step_.timer.unit.value) == (within, unit)


def test_register_interactions(fiche):
    found = interactions(fiche)
    assert found == {
        ("bedrijfsruimte_afbakenen", "read Perceel"),
        ("bedrijfsruimte_afbakenen", "read Gebouw"),
        ("gebruik_nagaan", "read Gebouweenheid"),
        ("gebruik_nagaan", "read Adres"),
        ("registreren", "read Gebouw"),
        ("plaatsbezoek_burgemeester", "read Gebouw"),
        ("heffing_vestigen", "read Perceel"),
    }


def test_process_does_not_write_the_register(fiche):
    assert [(sid, i.operation) for sid, step in fiche.process.items() for i in step.interactions if i.operation] == []


def test_expected_register_values(fiche):
    def reads(step):
        return {i.read: i.expect for i in fiche.process[step].interactions if i.read}

    assert reads("bedrijfsruimte_afbakenen") == {
        "Perceel": {"perceelStatus": ["gerealiseerd"]},
        "Gebouw": {"gebouwStatus": ["gerealiseerd"]},
    }
    assert reads("gebruik_nagaan") == {
        "Gebouweenheid": {"gebouweenheidStatus": ["gerealiseerd"], "functie": ["nietGekend"]},
        "Adres": {"adresStatus": ["inGebruik"]},
    }
    assert reads("registreren") == {"Gebouw": {"gebouwStatus": ["gerealiseerd"]}}
    assert reads("plaatsbezoek_burgemeester") == {"Gebouw": {"gebouwStatus": ["gerealiseerd", "gehistoreerd"]}}
    assert reads("heffing_vestigen") == {"Perceel": {"perceelStatus": ["gerealiseerd"]}}


def test_gebouw_id_key_is_an_unconfirmed_suggestion(fiche):
    (read,) = fiche.process["registreren"].interactions
    assert read.unconfirmed and read.attributes == ["identificator"]
    assert "Suggestie" in read.note
    other_unconfirmed = [
        (sid, i.read)
        for sid, step in fiche.process.items()
        for i in step.interactions
        if i.unconfirmed and sid != "registreren"
    ]
    assert other_unconfirmed == []


def test_end_states(fiche):
    ends = {sid for sid, step in fiche.process.items() if step.kind is StepKind.END}
    assert ends == {
        "geen_bedrijfsruimte",
        "niet_op_lijst",
        "niet_geregistreerd",
        "registratie_vernietigd",
        "geregistreerd",
        "geschrapt",
        "heffing_opgeschort",
        "heffing_verschuldigd",
    }


def test_decisions_and_appeal_routes(fiche):
    branches = {sid: step.branches for sid, step in fiche.process.items() if step.kind is StepKind.DECISION}
    assert branches["is_bedrijfsruimte"] == {"ja": "vaststellingen_splitsen", "nee": "geen_bedrijfsruimte"}
    assert branches["registratie_beslissen"] == {"registreren": "registreren", "niet registreren": "openbaar_onderzoek"}
    assert branches["beroep_ingesteld"] == {"ja": "beroep_behandelen", "nee": "schrapping_gevraagd"}
    assert branches["beroep_gegrond"] == {"gegrond": "registratie_intrekken", "ongegrond": "schrapping_gevraagd"}
    assert branches["schrapping_beslissen"] == {"toegestaan": "schrappen", "geweigerd": "aantal_registraties"}
    assert branches["aantal_registraties"] == {
        "eerste of tweede registratie": "geregistreerd",
        "derde of latere registratie": "heffingsjaar_afwachten",
    }
    assert branches["opschorting_beslissen"] == {"toegekend": "opschorting_toekennen", "geweigerd": "heffing_vestigen"}
    assert fiche.process["beroep_behandelen"].actor == "vlaamse_regering"
    # Removal needs the mayor's statement after a site visit before the request.
    assert fiche.process["plaatsbezoek_burgemeester"].next == ["schrapping_aanvragen"]
    assert fiche.process["plaatsbezoek_burgemeester"].actor == "burgemeester"


def test_parallel_fact_finding(fiche):
    split = fiche.process["vaststellingen_splitsen"]
    assert split.kind is StepKind.PARALLEL_SPLIT
    assert set(split.next) == {"gebruik_nagaan", "buitenkant_vaststellen"}
    for sid in split.next:
        assert fiche.process[sid].next == ["vaststellingen_samenvoegen"]
    join = fiche.process["vaststellingen_samenvoegen"]
    assert join.kind is StepKind.PARALLEL_JOIN and join.next == ["vermoedelijk_leegstaand"]


def test_personal_data_is_marked(fiche):
    entities = fiche.shells.entities()
    for name in ("Eigenaar", "Registratieattest", "Beroep", "Bezwaar", "Heffing"):
        assert entities[name][1].personal_data, name
    eigenaar = entities["Eigenaar"][1].attributes
    assert eigenaar["naam"].personal_data and eigenaar["identificatienummer"].personal_data
    assert entities["Vestigingseenheid"][1].attributes["ondernemingsnummer"].personal_data
    assert entities["Bezwaar"][1].attributes["indiener"].personal_data


def test_unconfirmed_marks(fiche):
    unconfirmed = [c for c in fiche.legal_basis if c.unconfirmed]
    assert len(unconfirmed) == 2
    assert any("3.700" in c.text for c in unconfirmed)
    assert any("Hervorming" in c.text for c in unconfirmed)
    assert fiche.actors["belanghebbende"].unconfirmed
    for sid in ("bezwaar_behandelen", "bezwaar_gegrond"):
        assert fiche.process[sid].unconfirmed, sid


def test_economic_function_is_a_register_gap(fiche):
    gaps = {(g.object, g.attribute) for g in fiche.register_gaps}
    assert ("Gebouweenheid", "functie") in gaps
    assert ("Gebouw", "percelen") in gaps
    assert "industrie en bedrijvigheid" in fiche.codelists["functie"].values


def test_links_only_to_existing_fiches(fiche):
    assert {link.fiche for link in fiche.links} == {"leegstaande-woningen", "omgevingsvergunning"}
    for link in fiche.links:
        assert (ROOT / "fiches" / f"{link.fiche}.yaml").is_file()
    assert not [sid for sid, step in fiche.process.items() if step.kind is StepKind.CALL]
