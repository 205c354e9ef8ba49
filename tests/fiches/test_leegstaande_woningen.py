"""The fiche leegstaande-woningen keeps its legal terms, its register use and its outcomes."""

from __future__ import annotations

import pytest

from schillen import load_fiche
from schillen.model import StepKind
from tests.conftest import ROOT
from tests.fiches.conftest import interactions

PATH = ROOT / "fiches" / "leegstaande-woningen.yaml"


@pytest.fixture(scope="module")
def fiche():
    return load_fiche(PATH)


@pytest.mark.parametrize(
    ("step", "within", "unit"),
    [
        ("beroep_opname_ingesteld", 30, "calendar_days"),  # beroep binnen 30 dagen na de kennisgeving
        ("beroep_opname_ontvangen", 15, "calendar_days"),  # ontvangstbevestiging (voorbeeld)
        ("beroep_opname_behandelen", 90, "calendar_days"),  # college beslist binnen 90 dagen
        ("beroep_schrapping_ingesteld", 30, "calendar_days"),  # beroep tegen weigering schrapping
    ],
)
def test_deadlines(fiche, step, within, unit):
    deadline = fiche.process[step].deadline
    assert deadline is not None
    assert (deadline.within, deadline.unit.value) == (within, unit)


@pytest.mark.parametrize(
    ("step", "within", "unit", "unconfirmed"),
    [
        ("periode_afwachten", 12, "months", True),  # heffing per volle periode van 12 maanden
        ("zes_maanden_afwachten", 6, "months", False),  # schrapping na 6 maanden hergebruik
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
        ("woningen_oplijsten", "read Gebouweenheid"),
        ("woningen_oplijsten", "read Adres"),
        ("woningen_oplijsten", "read Gebouw"),
        ("kadastrale_gegevens_nagaan", "read Perceel"),
        ("zakelijk_gerechtigden_bepalen", "read Perceel"),
        ("zakelijk_gerechtigden_bepalen", "read Gebouw"),
        ("plaatsbezoek", "read Gebouw"),
        ("plaatsbezoek", "read Gebouweenheid"),
        ("afwijking_vastleggen", "deregulariseren Gebouweenheid"),
        ("administratieve_akte_opstellen", "read Gebouweenheid"),
        ("hergebruik_controleren", "read Gebouweenheid"),
        ("sloop_controleren", "read Gebouw"),
        ("sloop_controleren", "read Gebouweenheid"),
    }


def test_only_write_is_an_unconfirmed_suggestion(fiche):
    writes = [(sid, i) for sid, step in fiche.process.items() for i in step.interactions if i.operation]
    assert [(sid, i.operation, i.unconfirmed) for sid, i in writes] == [
        ("afwijking_vastleggen", "deregulariseren", True)
    ]
    assert fiche.process["afwijking_vastleggen"].unconfirmed


def test_expected_register_values(fiche):
    oplijsten = {i.read: i.expect for i in fiche.process["woningen_oplijsten"].interactions}
    assert oplijsten["Gebouweenheid"] == {"gebouweenheidStatus": ["gerealiseerd"], "functie": ["nietGekend"]}
    assert oplijsten["Adres"] == {"adresStatus": ["inGebruik"]}
    assert oplijsten["Gebouw"] == {"gebouwStatus": ["gerealiseerd"]}
    sloop = {i.read: i.expect for i in fiche.process["sloop_controleren"].interactions}
    assert sloop == {
        "Gebouw": {"gebouwStatus": ["gehistoreerd"]},
        "Gebouweenheid": {"gebouweenheidStatus": ["gehistoreerd"]},
    }


def test_end_states(fiche):
    ends = {sid for sid, step in fiche.process.items() if step.kind is StepKind.END}
    assert ends == {"niet_opgenomen", "opgenomen_heffing", "vrijgesteld", "geschrapt"}


def test_appeal_routes(fiche):
    assert fiche.process["beroep_opname_ingesteld"].branches == {
        "ja": "beroep_opname_ontvangen",
        "nee": "verloop_op_register",
    }
    assert fiche.process["beroep_opname_gegrond"].branches == {
        "gegrond": "opname_vernietigen",
        "ongegrond": "verloop_op_register",
    }
    assert fiche.process["beroep_schrapping_gegrond"].branches == {
        "gegrond": "schrappen",
        "ongegrond": "periode_afwachten",
    }


def test_parallel_data_gathering(fiche):
    split = fiche.process["gegevens_opvragen"]
    assert split.kind is StepKind.PARALLEL_SPLIT
    assert set(split.next) == {"bevolkingsgegevens_leveren", "verbruiksgegevens_leveren", "kadastrale_gegevens_nagaan"}
    for sid in split.next:
        assert fiche.process[sid].next == ["gegevens_samengevoegd"]
    assert fiche.process["gegevens_samengevoegd"].kind is StepKind.PARALLEL_JOIN


def test_personal_data_is_marked(fiche):
    entities = fiche.shells.entities()
    for name in ("ZakelijkGerechtigde", "Bewoningsgegevens", "Verbruiksgegevens", "Heffing", "Beroep"):
        assert entities[name][1].personal_data, name
    gerechtigde = entities["ZakelijkGerechtigde"][1].attributes
    assert gerechtigde["naam"].personal_data and gerechtigde["rijksregisternummer"].personal_data


def test_unconfirmed_marks(fiche):
    assert any(c.unconfirmed and c.article == "art. 2.9 e.v." for c in fiche.legal_basis)
    assert fiche.actors["adresbeheerder"].unconfirmed
    assert fiche.process["indeling_overeenkomstig"].unconfirmed
    akte = fiche.process["administratieve_akte_opstellen"].interactions
    assert [i.unconfirmed for i in akte] == [True]


def test_links_to_existing_fiches(fiche):
    linked = {link.fiche for link in fiche.links}
    assert linked == {"ambtshalve-inschrijving-afvoering", "in-uitschrijving", "ongeschikt-onbewoonbaar"}
    for other in linked:
        assert (ROOT / "fiches" / f"{other}.yaml").is_file()
