"""The fiche omgevingsvergunning keeps its legal terms, its register use and its outcomes."""

from __future__ import annotations

import pytest

from schillen import load_fiche
from schillen.model import StepKind
from tests.conftest import ROOT
from tests.fiches.conftest import interactions

PATH = ROOT / "fiches" / "omgevingsvergunning.yaml"


@pytest.fixture(scope="module")
def fiche():
    return load_fiche(PATH)


@pytest.mark.parametrize(
    ("step", "within", "unit", "unconfirmed"),
    [
        ("projectvergadering_houden", 60, "calendar_days", False),  # projectvergadering binnen 60 dagen
        ("ontvankelijkheid_onderzoeken", 30, "calendar_days", False),  # OVD art. 19/21
        ("beslissen_gewone", 105, "calendar_days", False),  # OVD art. 32 (120 met POVC-advies)
        ("beslissen_vereenvoudigd", 60, "calendar_days", False),  # niet verlengbaar
        ("beroep_deputatie_ingesteld", 30, "calendar_days", False),  # administratief beroep
        ("beroep_deputatie_behandelen", 60, "calendar_days", True),  # termijn deputatie niet bevestigd
        ("beroep_rvvb_ingesteld", 45, "calendar_days", False),  # jurisdictioneel beroep
    ],
)
def test_deadlines(fiche, step, within, unit, unconfirmed):
    deadline = fiche.process[step].deadline
    assert deadline is not None
    assert (deadline.within, deadline.unit.value, deadline.unconfirmed) == (within, unit, unconfirmed)


@pytest.mark.parametrize(
    ("step", "within", "unit", "unconfirmed"),
    [
        ("openbaar_onderzoek_loopt", 30, "calendar_days", False),  # openbaar onderzoek
        ("beroepstermijn_afwachten", 30, "calendar_days", False),  # beroepstermijn deputatie
        ("rvvb_termijn_afwachten", 45, "calendar_days", False),  # beroepstermijn RvVb
        ("wachttermijn_afwachten", 35, "calendar_days", False),  # bruikbaar vanaf dag 36
        ("start_werken_afwachten", 2, "years", True),  # vervaltermijn niet bevestigd
    ],
)
def test_timers(fiche, step, within, unit, unconfirmed):
    step_ = fiche.process[step]
    assert step_.kind is StepKind.WAIT
    assert step_.timer is not None
    assert (step_.timer.within, step_.timer.unit.value, step_.timer.unconfirmed) == (within, unit, unconfirmed)


def test_register_interactions(fiche):
    found = interactions(fiche)
    assert found == {
        ("aanvraag_indienen", "read Perceel"),
        ("bestaande_toestand_vergelijken", "read Perceel"),
        ("bestaande_toestand_vergelijken", "read Gebouw"),
        ("bestaande_toestand_vergelijken", "read Gebouweenheid"),
        ("bestaande_toestand_vergelijken", "read Adres"),
        ("afwijking_registreren", "deregulariseren Gebouweenheid"),
        ("gebouw_plannen", "plannen Gebouw"),
        ("gebouweenheden_plannen", "read Gebouw"),
        ("gebouweenheden_plannen", "plannen Gebouweenheid"),
        ("adressen_voorstellen", "read Straatnaam"),
        ("adressen_voorstellen", "voorstellen Adres"),
        ("adressen_koppelen", "read Adres"),
        ("adressen_koppelen", "read Gebouweenheid"),
        ("adressen_koppelen", "adreskoppelen Gebouweenheid"),
        ("adressen_koppelen", "adreskoppelen Perceel"),
        ("straatnaam_voorstellen", "voorstellen Straatnaam"),
        ("kavels_nummeren", "read Straatnaam"),
        ("kavels_nummeren", "voorstellen Adres"),
        ("geweigerde_delen_afvoeren", "nietrealiseren Gebouw"),
        ("geweigerde_delen_afvoeren", "nietrealiseren Gebouweenheid"),
        ("geweigerde_delen_afvoeren", "afkeuren Adres"),
        ("afwijking_opheffen", "read Gebouweenheid"),
        ("afwijking_opheffen", "regulariseren Gebouweenheid"),
        ("nieuw_gebouw_gepland", "read Gebouw"),
        ("gebouw_in_aanbouw_plaatsen", "inaanbouwplaatsen Gebouw"),
        ("gebouw_realiseren", "read Gebouw"),
        ("gebouw_realiseren", "realiseren Gebouw"),
        ("gebouweenheden_realiseren", "read Gebouw"),
        ("gebouweenheden_realiseren", "realiseren Gebouweenheid"),
        ("adressen_goedkeuren", "read Adres"),
        ("adressen_goedkeuren", "goedkeuren Adres"),
        ("oude_eenheden_opheffen", "read Gebouweenheid"),
        ("oude_eenheden_opheffen", "opheffen Gebouweenheid"),
        ("oude_eenheden_opheffen", "opheffen Adres"),
        ("sloop_verwerken", "read Gebouw"),
        ("sloop_verwerken", "slopen Gebouw"),
        ("adressen_opheffen_sloop", "read Adres"),
        ("adressen_opheffen_sloop", "opheffen Adres"),
        ("registerobjecten_aangemaakt", "read Gebouw"),
        ("registerobjecten_aangemaakt", "read Gebouweenheid"),
        ("registerobjecten_aangemaakt", "read Adres"),
        ("registerobjecten_afvoeren", "nietrealiseren Gebouw"),
        ("registerobjecten_afvoeren", "nietrealiseren Gebouweenheid"),
        ("registerobjecten_afvoeren", "afkeuren Adres"),
        ("registerobjecten_afvoeren", "afkeuren Straatnaam"),
    }


def test_unconfirmed_writes_are_suggestions(fiche):
    unconfirmed = {
        (sid, i.operation, i.object)
        for sid, step in fiche.process.items()
        for i in step.interactions
        if i.operation and i.unconfirmed
    }
    assert unconfirmed == {
        ("afwijking_registreren", "deregulariseren", "Gebouweenheid"),
        ("afwijking_opheffen", "regulariseren", "Gebouweenheid"),
        ("adressen_koppelen", "adreskoppelen", "Perceel"),
        ("oude_eenheden_opheffen", "opheffen", "Adres"),
        ("adressen_opheffen_sloop", "opheffen", "Adres"),
        ("registerobjecten_afvoeren", "afkeuren", "Straatnaam"),
    }
    for sid, step in fiche.process.items():
        for i in step.interactions:
            if i.operation and i.unconfirmed:
                assert i.note and "Suggestie" in i.note, sid


def test_expected_register_values(fiche):
    def reads(step):
        return {i.read: i.expect for i in fiche.process[step].interactions if i.read}

    assert reads("adressen_koppelen") == {
        "Adres": {"adresStatus": ["voorgesteld", "inGebruik"]},
        "Gebouweenheid": {"gebouweenheidStatus": ["gepland", "gerealiseerd"]},
    }
    assert reads("gebouweenheden_plannen") == {"Gebouw": {"gebouwStatus": ["gepland", "inAanbouw", "gerealiseerd"]}}
    assert reads("nieuw_gebouw_gepland") == {"Gebouw": {"gebouwStatus": ["gepland"]}}
    assert reads("gebouw_realiseren") == {"Gebouw": {"gebouwStatus": ["inAanbouw"]}}
    assert reads("gebouweenheden_realiseren") == {"Gebouw": {"gebouwStatus": ["gerealiseerd"]}}
    assert reads("adressen_goedkeuren") == {"Adres": {"adresStatus": ["voorgesteld"]}}
    assert reads("adressen_voorstellen") == {"Straatnaam": {"straatnaamStatus": ["voorgesteld", "inGebruik"]}}
    assert reads("registerobjecten_aangemaakt") == {
        "Gebouw": {"gebouwStatus": ["gepland", "inAanbouw"]},
        "Gebouweenheid": {"gebouweenheidStatus": ["gepland"]},
        "Adres": {"adresStatus": ["voorgesteld"]},
    }


def _reachable(fiche, start, stop=frozenset()):
    seen, todo = set(), [start]
    while todo:
        sid = todo.pop()
        if sid in seen:
            continue
        seen.add(sid)
        if sid not in stop:
            todo.extend(fiche.process[sid].successors())
    return seen


def test_register_preconditions_hold_along_the_process(fiche):
    # A sketched building goes gepland -> inAanbouw -> gerealiseerd.
    assert "gebouw_realiseren" in _reachable(fiche, "gebouw_in_aanbouw_plaatsen")
    assert "gebouw_in_aanbouw_plaatsen" not in _reachable(fiche, "gebouw_realiseren")
    # Planning comes before attaching; units are realised only after their building.
    assert "adressen_koppelen" in _reachable(fiche, "gebouweenheden_plannen")
    assert fiche.process["gebouw_realiseren"].next == ["gebouweenheden_realiseren"]
    assert fiche.process["gebouweenheden_realiseren"].next == ["adressen_goedkeuren"]
    # The register is prepared in parallel with the procedure and ready by the first decision.
    split = fiche.process["behandeling_splitsen"]
    assert split.kind is StepKind.PARALLEL_SPLIT
    assert set(split.next) == {"procedure_bepalen", "bestaande_toestand_vergelijken"}
    join = fiche.process["behandeling_samenvoegen"]
    assert join.kind is StepKind.PARALLEL_JOIN and join.next == ["uitkomst_eerste_aanleg"]


def test_end_states(fiche):
    ends = {sid for sid, step in fiche.process.items() if step.kind is StepKind.END}
    assert ends == {"onontvankelijk", "geweigerd", "stilzwijgend_geweigerd", "vervallen", "gerealiseerd"}


def test_decisions_and_appeal_routes(fiche):
    assert fiche.process["procedure_bepalen"].branches == {
        "gewone procedure": "advies_en_onderzoek_splitsen",
        "vereenvoudigde procedure": "verslag_vereenvoudigd",
    }
    assert fiche.process["uitkomst_eerste_aanleg"].branches == {
        "vergund": "bekendmaking_splitsen",
        "gedeeltelijk vergund": "bekendmaking_splitsen",
        "geweigerd": "bekendmaking_splitsen",
        "geen beslissing binnen de termijn": "beroepstermijn_afwachten",
    }
    assert fiche.process["beroep_deputatie_ingesteld"].branches == {
        "ja": "beroep_deputatie_behandelen",
        "nee": "definitieve_uitkomst",
    }
    assert fiche.process["beroep_rvvb_ingesteld"].branches == {
        "ja": "rvvb_behandelen",
        "nee": "definitieve_uitkomst",
    }
    assert fiche.process["definitieve_uitkomst"].branches == {
        "vergund": "afwijking_geregulariseerd",
        "gedeeltelijk vergund": "geweigerde_delen_afvoeren",
        "geweigerd": "registerobjecten_aangemaakt",
        "stilzwijgend geweigerd": "registerobjecten_aangemaakt",
    }
    assert fiche.process["reden_afvoering"].branches == {
        "geweigerd": "geweigerd",
        "stilzwijgend geweigerd": "stilzwijgend_geweigerd",
        "vergunning vervallen": "vervallen",
    }


def test_publication_runs_in_parallel(fiche):
    split = fiche.process["bekendmaking_splitsen"]
    assert split.kind is StepKind.PARALLEL_SPLIT
    assert set(split.next) == {"kennisgeving_versturen", "beslissing_bekendmaken", "beslissing_aanplakken"}
    for sid in split.next:
        assert fiche.process[sid].next == ["bekendmaking_samenvoegen"]
    assert fiche.process["bekendmaking_samenvoegen"].kind is StepKind.PARALLEL_JOIN


def test_personal_data_is_marked(fiche):
    entities = fiche.shells.entities()
    for name in ("Aanvrager", "Architect", "Bezwaar", "Beroep"):
        assert entities[name][1].personal_data, name
    assert entities["Aanvrager"][1].attributes["naam"].personal_data
    assert entities["Aanvrager"][1].attributes["identificatienummer"].personal_data
    assert entities["Bezwaar"][1].attributes["indiener"].personal_data
    assert entities["Beroep"][1].attributes["indiener"].personal_data


def test_unconfirmed_marks(fiche):
    assert any(c.unconfirmed and c.article == "art. 4.2.1 (punt niet bevestigd)" for c in fiche.legal_basis)
    assert any(c.unconfirmed and c.article == "art. 32" for c in fiche.legal_basis)
    for sid in (
        "termijn_verlengd",
        "beslissingstermijn_verlengen",
        "beslissing_vastleggen",
        "afwijking_registreren",
        "uitspraak_rvvb",
        "herstelbeslissing_nemen",
        "geweigerde_delen_afvoeren",
        "afwijking_geregulariseerd",
        "afwijking_opheffen",
    ):
        assert fiche.process[sid].unconfirmed, sid


def test_functie_wonen_is_a_register_gap(fiche):
    gaps = {(g.object, g.attribute) for g in fiche.register_gaps}
    assert ("Gebouweenheid", "functie") in gaps
    assert "wonen" in fiche.codelists["functie"].values


def test_links_only_to_existing_fiches(fiche):
    assert {link.fiche for link in fiche.links} == {"in-uitschrijving", "leegstaande-woningen",
                                                    "leegstaande-bedrijfsgebouwen"}
    for link in fiche.links:
        assert (ROOT / "fiches" / f"{link.fiche}.yaml").exists()
