"""The fiche ambtshalve-inschrijving-afvoering keeps its terms, register reads and outcomes.

These tests pin the content of the fiche, so that an edit that loses a term, a
register read or an end state fails here rather than silently.
"""

from __future__ import annotations

import pytest

from schillen import StepKind, load_fiche
from tests.conftest import ROOT

PATH = ROOT / "fiches" / "ambtshalve-inschrijving-afvoering.yaml"


@pytest.fixture(scope="module")
def fiche():
    return load_fiche(PATH)


def _terms(fiche):
    """Every deadline and timer: step -> (key, within, unit, from)."""
    found = {}
    for step_id, step in fiche.process.items():
        for key in ("deadline", "timer"):
            term = getattr(step, key)
            if term is not None:
                found[step_id] = (key, term.within, term.unit.value, term.from_)
    return found


def test_terms(fiche):
    assert _terms(fiche) == {
        # Laarne: report to Burgerzaken within 14 days of the written invitation.
        "reactie_inschrijving_afwachten": ("timer", 14, "calendar_days", "uitnodiging_inschrijving"),
        # Usual threshold for an afvoering: more than six months of uninterrupted absence.
        "afwezigheid_laten_verlopen": ("timer", 6, "months", "begin van de onafgebroken afwezigheid"),
    }


def test_term_sources(fiche):
    timer = fiche.process["reactie_inschrijving_afwachten"].timer
    assert timer.source == "laarne_inschrijving" and not timer.unconfirmed
    assert fiche.process["reactie_inschrijving_afwachten"].kind is StepKind.WAIT
    assert fiche.process["afwezigheid_laten_verlopen"].kind is StepKind.WAIT
    # The wait itself is our inference; the threshold is not.
    assert fiche.process["afwezigheid_laten_verlopen"].unconfirmed
    assert not fiche.process["afwezigheid_laten_verlopen"].timer.unconfirmed


def _interactions(fiche):
    return {
        (step_id, "read" if i.read else i.operation, i.target)
        for step_id, step in fiche.process.items()
        for i in step.interactions
    }


def test_register_interactions(fiche):
    assert _interactions(fiche) == {
        ("verblijfplaats_opzoeken", "read", "Adres"),
        ("verblijfplaats_opzoeken", "read", "Gebouweenheid"),
        ("verblijfplaats_opzoeken", "read", "Gebouw"),
        ("ingeschreven_adres_opzoeken", "read", "Adres"),
        ("ingeschreven_adres_opzoeken", "read", "Gebouweenheid"),
        ("bewoning_bijwerken", "read", "Gebouweenheid"),
    }


def test_the_process_does_not_write_the_register(fiche):
    assert [i for s in fiche.process.values() for i in s.interactions if i.operation] == []


def test_expected_register_values(fiche):
    expects = {
        (step_id, i.target): {k: list(v) for k, v in i.expect.items()}
        for step_id, step in fiche.process.items()
        for i in step.interactions
    }
    assert expects == {
        ("verblijfplaats_opzoeken", "Adres"): {"adresStatus": ["inGebruik"]},
        ("verblijfplaats_opzoeken", "Gebouweenheid"): {"gebouweenheidStatus": ["gerealiseerd"]},
        ("verblijfplaats_opzoeken", "Gebouw"): {"gebouwStatus": ["gerealiseerd"]},
        ("ingeschreven_adres_opzoeken", "Adres"): {"adresStatus": ["inGebruik"]},
        ("ingeschreven_adres_opzoeken", "Gebouweenheid"): {"gebouweenheidStatus": ["gerealiseerd"]},
        ("bewoning_bijwerken", "Gebouweenheid"): {"gebouweenheidStatus": ["gerealiseerd"]},
    }
    # The resident count per unit is a suggestion, not current practice.
    (suggestion,) = fiche.process["bewoning_bijwerken"].interactions
    assert suggestion.unconfirmed


def test_end_states(fiche):
    ends = {k for k, s in fiche.process.items() if s.kind is StepKind.END}
    assert ends == {
        "ambtshalve_ingeschreven",
        "afgevoerd_van_ambtswege",
        "geregulariseerd",
        "blijft_ingeschreven",
        "geen_ambtshalve_inschrijving",
        "nieuwe_verblijfplaats_gekend",
        "inschrijving_herzien",
        "afvoering_herzien",
    }


def test_decisions_and_appeals(fiche):
    p = fiche.process
    assert p["soort_signaal"].branches == {
        "woont er zonder aangifte": "verblijf_onderzoeken",
        "woont er niet meer": "ingeschreven_adres_opzoeken",
    }
    assert p["gereageerd_inschrijving"].branches["geen reactie"] == "beslissing_inschrijving"
    assert p["gereageerd_afvoering"].branches["geen reactie"] == "beslissing_afvoering"
    assert p["beslissing_inschrijving"].actor == p["beslissing_afvoering"].actor == "college"
    # Appeal against an ambtshalve inschrijving: FOD BiZa, art. 8 wet 1991 (confirmed).
    assert p["beroep_inschrijving"].basis == "Wet 19 juli 1991, art. 8"
    assert not p["beroep_inschrijving"].unconfirmed
    assert p["beroep_inschrijving_behandelen"].actor == "minister_biza"
    # Appeal against an afvoering: not confirmed by the sources.
    assert p["beroep_afvoering"].unconfirmed and p["beroep_afvoering_behandelen"].unconfirmed


def test_parallel_processing(fiche):
    p = fiche.process
    assert p["inschrijving_verwerken"].kind is StepKind.PARALLEL_SPLIT
    assert p["inschrijving_verwerken"].next == ["inschrijving_kennisgeven", "inschrijving_rijksregister"]
    assert p["afvoering_verwerken"].kind is StepKind.PARALLEL_SPLIT
    assert p["afvoering_verwerken"].next == ["afvoering_kennisgeven", "afvoering_rijksregister"]


def test_hand_offs(fiche):
    assert fiche.process["regularisatie_aangifte"].call == "in-uitschrijving"
    assert {link.fiche for link in fiche.links} == {"in-uitschrijving", "leegstaande-woningen"}


def test_unconfirmed_legal_article(fiche):
    kb_art8 = [
        c
        for c in fiche.legal_basis
        if c.text.startswith("Koninklijk besluit van 16 juli 1992") and c.article == "art. 8"
    ]
    assert len(kb_art8) == 1 and kb_art8[0].unconfirmed
