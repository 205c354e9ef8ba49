"""The fiche ongeschikt-onbewoonbaar keeps its legal terms, its register use and its outcomes."""

from __future__ import annotations

import pytest

from schillen import load_fiche
from schillen.model import StepKind
from tests.conftest import ROOT
from tests.fiches.conftest import interactions

PATH = ROOT / "fiches" / "ongeschikt-onbewoonbaar.yaml"


@pytest.fixture(scope="module")
def fiche():
    return load_fiche(PATH)


@pytest.mark.parametrize(
    ("step", "within", "unit", "before", "unconfirmed"),
    [
        ("besluit_nemen", 3, "months", False, False),  # ordetermijn vanaf het verzoek
        ("beroep_ingesteld", 30, "calendar_days", False, False),  # beroep binnen 30 dagen na kennisgeving
        ("beroep_niet_beslissen", 12, "months", False, False),  # tot 12 maanden na de termijn van 3 maanden
        ("beroep_behandelen", 3, "months", False, False),  # minister beslist binnen 3 maanden (4 met hoorzitting)
        ("ngw_besluit_bezorgd", 3, "months", False, False),  # art. 3.20: NGW-besluit binnen 3 maanden bezorgd
        ("beroep_opname_ngw_ingesteld", 30, "calendar_days", False, False),  # 30 dagen na antwoord gouverneur
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


def test_deadlines_count_from_the_right_step(fiche):
    assert fiche.process["besluit_nemen"].deadline.from_ == "verzoek_indienen"
    assert fiche.process["beroep_ingesteld"].deadline.from_ == "besluit_betekenen"
    assert fiche.process["ngw_besluit_bezorgd"].deadline.from_ == "dringende_maatregelen"
    assert fiche.process["beroep_opname_ngw_ingesteld"].deadline.from_ == "klacht_behandelen"


def test_levy_timer(fiche):
    wait = fiche.process["twaalf_maanden_afwachten"]
    assert wait.kind is StepKind.WAIT
    assert wait.timer is not None
    assert (wait.timer.within, wait.timer.unit.value, wait.timer.from_) == (12, "months", "opname_vivoo")
    assert wait.next == ["heffing_vestigen"]


def test_register_interactions(fiche):
    found = interactions(fiche)
    assert found == {
        ("verzoek_registreren", "read Adres"),
        ("verzoek_registreren", "read Gebouweenheid"),
        ("zakelijk_gerechtigden_bepalen", "read Perceel"),
        ("zakelijk_gerechtigden_bepalen", "read Gebouw"),
        ("bewoners_opvragen", "read Gebouweenheid"),
        ("bewoners_opvragen", "read Adres"),
        ("conformiteitsonderzoek", "read Gebouw"),
        ("conformiteitsonderzoek", "read Gebouweenheid"),
        ("afwijking_vastleggen", "deregulariseren Gebouweenheid"),
        ("burgerzaken_informeren", "read Gebouweenheid"),
        ("burgerzaken_informeren", "read Adres"),
        ("opname_vivoo", "read Gebouweenheid"),
        ("herstel_controleren", "read Gebouweenheid"),
        ("dringende_maatregelen", "read Gebouw"),
        ("dringende_maatregelen", "read Gebouweenheid"),
    }


def test_only_write_is_an_unconfirmed_suggestion(fiche):
    writes = [(sid, i) for sid, step in fiche.process.items() for i in step.interactions if i.operation]
    assert [(sid, i.operation, i.object, i.unconfirmed) for sid, i in writes] == [
        ("afwijking_vastleggen", "deregulariseren", "Gebouweenheid", True)
    ]
    assert fiche.process["afwijking_vastleggen"].unconfirmed
    assert fiche.process["indeling_overeenkomstig"].unconfirmed


def test_expected_register_values(fiche):
    registreren = {i.read: i.expect for i in fiche.process["verzoek_registreren"].interactions}
    assert registreren["Adres"] == {"adresStatus": ["inGebruik"]}
    assert registreren["Gebouweenheid"] == {"gebouweenheidStatus": ["gerealiseerd"], "functie": ["nietGekend"]}
    gerechtigden = {i.read: i.expect for i in fiche.process["zakelijk_gerechtigden_bepalen"].interactions}
    assert gerechtigden == {
        "Perceel": {"perceelStatus": ["gerealiseerd"]},
        "Gebouw": {"gebouwStatus": ["gerealiseerd"]},
    }
    onderzoek = {i.read: i.expect for i in fiche.process["conformiteitsonderzoek"].interactions}
    assert onderzoek == {
        "Gebouw": {"gebouwStatus": ["gerealiseerd"]},
        "Gebouweenheid": {"gebouweenheidStatus": ["gerealiseerd"]},
    }


def test_end_states(fiche):
    ends = {sid for sid, step in fiche.process.items() if step.kind is StepKind.END}
    assert ends == {
        "afgewezen",
        "geen_besluit",
        "overbewoond",
        "ongeschikt",
        "ongeschikt_onbewoonbaar",
        "opgeheven",
        "ngw_niet_geinventariseerd",
    }


def test_decisions_and_appeal_routes(fiche):
    assert fiche.process["besluit_nemen"].branches == {
        "ongeschikt": "besluit_betekenen",
        "ongeschikt en onbewoonbaar": "besluit_betekenen",
        "overbewoond": "besluit_betekenen",
        "geen verklaring": "besluit_betekenen",
        "geen besluit binnen drie maanden": "beroep_niet_beslissen",
    }
    assert fiche.process["beroep_ingesteld"].branches == {"ja": "beroep_behandelen", "nee": "soort_besluit"}
    assert fiche.process["beroep_niet_beslissen"].branches == {"ja": "beroep_behandelen", "nee": "geen_besluit"}
    assert fiche.process["beroep_uitkomst"].branches == {
        "gegrond": "besluit_hervormen",
        "ongegrond": "soort_besluit",
        "geen beslissing binnen de termijn (stilzwijgende afwijzing)": "soort_besluit",
    }
    assert fiche.process["soort_besluit"].branches == {
        "geen verklaring": "geen_besluit",
        "overbewoond": "overbewoond",
        "ongeschikt": "opname_vivoo",
        "ongeschikt en onbewoonbaar": "onbewoonbaarheid_opvolgen",
    }
    assert fiche.process["beroep_opname_ngw_gegrond"].branches == {
        "gegrond": "ngw_niet_geinventariseerd",
        "ongegrond": "opname_vivoo",
    }
    assert fiche.process["attest_toegekend"].branches == {
        "ja": "schrappen_uit_inventaris",
        "nee": "twaalf_maanden_afwachten",
    }


def test_parallel_work(fiche):
    for split_id, join_id in (
        ("dossier_samenstellen", "betrokkenen_bepaald"),
        ("onbewoonbaarheid_opvolgen", "onbewoonbaarheid_opgevolgd"),
    ):
        split = fiche.process[split_id]
        assert split.kind is StepKind.PARALLEL_SPLIT
        assert len(split.next) == 2
        for sid in split.next:
            assert fiche.process[sid].next == [join_id]
        assert fiche.process[join_id].kind is StepKind.PARALLEL_JOIN
    assert set(fiche.process["onbewoonbaarheid_opvolgen"].next) == {
        "burgerzaken_informeren",
        "herhuisvesting_aanbieden",
    }


def test_personal_data_is_marked(fiche):
    entities = fiche.shells.entities()
    for name in ("Verzoeker", "ZakelijkGerechtigde", "Bewoning", "Hoorzitting", "Beroep", "Heffing", "Herhuisvesting"):
        assert entities[name][1].personal_data, name
    assert entities["Bewoning"][1].attributes["aantal_bewoners"].personal_data
    assert entities["ZakelijkGerechtigde"][1].attributes["rijksregisternummer"].personal_data


def test_unconfirmed_marks(fiche):
    assert any(c.unconfirmed and "Heffing" in c.text for c in fiche.legal_basis)
    assert fiche.actors["adresbeheerder"].unconfirmed
    assert fiche.actors["heffingsdienst"].unconfirmed
    for sid in ("leegstand_signaleren", "besluit_hervormen", "beroep_opname_ngw_behandelen"):
        assert fiche.process[sid].unconfirmed, sid
    assert all(i.unconfirmed for i in fiche.process["burgerzaken_informeren"].interactions)
    assert all(i.unconfirmed for i in fiche.process["opname_vivoo"].interactions)


def test_practices_cite_declared_sources(fiche):
    for item in [*fiche.best_practices, *fiche.pitfalls, *fiche.register_gaps]:
        assert item.source in fiche.sources, item.title
    for source in fiche.sources.values():
        assert source.url is None or source.url.startswith("https://")


def test_links_to_existing_fiches(fiche):
    linked = {link.fiche for link in fiche.links}
    assert linked == {"in-uitschrijving", "leegstaande-woningen"}
    for other in linked:
        assert (ROOT / "fiches" / f"{other}.yaml").is_file()
