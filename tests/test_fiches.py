"""Every fiche of the Schillenboek loads and checks clean: the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from schillen.loading import load_catalogue, load_fiche, read_fiche
from tests.conftest import ROOT

FICHES = sorted((ROOT / "fiches").glob("*.yaml"))


# The six fiches of the Schillenboek: (id, status). The two drafted in 2020 are in review.
BOOK = [
    ("ambtshalve-inschrijving-afvoering", "validated"),
    ("in-uitschrijving", "validated"),
    ("leegstaande-bedrijfsgebouwen", "review"),
    ("leegstaande-woningen", "validated"),
    ("omgevingsvergunning", "validated"),
    ("ongeschikt-onbewoonbaar", "review"),
]


def test_the_book_has_its_six_fiches():
    assert [p.stem for p in FICHES] == [fiche_id for fiche_id, _ in BOOK]


@pytest.mark.parametrize(("fiche_id", "status"), BOOK)
def test_identity(fiche_id: str, status: str):
    path = ROOT / "fiches" / f"{fiche_id}.yaml"
    fiche = load_fiche(path)
    assert (fiche.id, fiche.version, fiche.status.value, str(fiche.updated), fiche.working_group) == (
        fiche_id, "1.0.0", status, "2026-11-28", "werkgroep adressen- en gebouwenregister"
    )
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/fiche.schema.json"


@pytest.mark.parametrize("path", FICHES, ids=lambda p: p.stem)
def test_fiche_is_clean(path: Path):
    result = read_fiche(path)
    assert result.diagnostics == []
    assert result.fiche is not None and result.fiche.id == path.stem


def test_catalogue_is_clean():
    assert load_catalogue([ROOT / "fiches"]).diagnostics == []


# Every scenario of the book: where it ends (or the operation the register refuses), and every
# status the register ends in for the objects its operations touch, in order: (kind, id, status).
SCENARIOS = [
    ("ambtshalve-inschrijving-afvoering", "ambtshalve_inschrijving", "ambtshalve_ingeschreven", None, []),
    ("ambtshalve-inschrijving-afvoering", "ambtshalve_afvoering", "afgevoerd_van_ambtswege", None, []),
    ("ambtshalve-inschrijving-afvoering", "beroep_tegen_inschrijving", "inschrijving_herzien", None, []),
    ("in-uitschrijving", "eerste_bewoning_nieuwbouw", "ingeschreven", None,
     [("Adres", "6", "inGebruik"), ("Gebouweenheid", "5", "gerealiseerd")]),
    ("in-uitschrijving", "verhuis_naar_bestaande_woning", "ingeschreven", None, []),
    ("in-uitschrijving", "ontbrekend_busnummer", "ingeschreven", None,
     [("Adres", "18", "voorgesteld"), ("Gebouweenheid", "15", "gerealiseerd")]),
    ("in-uitschrijving", "gebouw_nog_in_aanbouw", None,
     ("ingebruikname_registreren", "GebouwStatusNietInGerealiseerd"), [("Adres", "10", "inGebruik")]),
    ("leegstaande-bedrijfsgebouwen", "registratie_en_heffing", "heffing_verschuldigd", None, []),
    ("leegstaande-bedrijfsgebouwen", "schrapping_na_herstel", "geschrapt", None, []),
    ("leegstaande-bedrijfsgebouwen", "beroep_tegen_registratie", "registratie_vernietigd", None, []),
    ("leegstaande-woningen", "leegstand_met_afwijkende_indeling", "opgenomen_heffing", None,
     [("Gebouweenheid", "7", "gerealiseerd")]),
    ("leegstaande-woningen", "hergebruik_na_opname", "geschrapt", None, []),
    ("leegstaande-woningen", "beroep_tegen_opname", "niet_opgenomen", None, [("Gebouweenheid", "7", "gerealiseerd")]),
    ("omgevingsvergunning", "nieuwbouw_vergund_en_gerealiseerd", "gerealiseerd", None,
     [("Gebouw", "9", "gepland"), ("Gebouweenheid", "15", "gepland"), ("Adres", "18", "voorgesteld"),
      ("Gebouweenheid", "15", "gepland"), ("Perceel", "44999C0020-00A000", "gerealiseerd"),
      ("Gebouw", "9", "inAanbouw"), ("Gebouw", "9", "gerealiseerd"), ("Gebouweenheid", "15", "gerealiseerd"),
      ("Gebouweenheid", "15", "gerealiseerd"), ("Adres", "18", "inGebruik")]),
    ("omgevingsvergunning", "verkaveling_geweigerd", "geweigerd", None,
     [("Straatnaam", "6", "voorgesteld"), ("Adres", "18", "voorgesteld"), ("Adres", "18", "afgekeurd"),
      ("Straatnaam", "6", "afgekeurd")]),
    ("omgevingsvergunning", "sloop", "gerealiseerd", None,
     [("Gebouw", "1", "gehistoreerd"), ("Gebouweenheid", "1", "gehistoreerd"), ("Adres", "1", "gehistoreerd"),
      ("Perceel", "44999A0001-00A000", "gerealiseerd")]),
    ("ongeschikt-onbewoonbaar", "onbewoonbaar_met_afwijking", "opgeheven", None,
     [("Gebouweenheid", "7", "gerealiseerd")]),
    ("ongeschikt-onbewoonbaar", "dringende_maatregelen", "ngw_niet_geinventariseerd", None, []),
    ("ongeschikt-onbewoonbaar", "beroep_hervormt_besluit", "opgeheven", None, []),
]


@pytest.fixture(scope="module")
def book():
    return load_catalogue([ROOT / "fiches"]).fiches


@pytest.mark.parametrize(("fiche_id", "name", "end", "refused", "changes"), SCENARIOS,
                         ids=[f"{f}:{n}" for f, n, *_ in SCENARIOS])
def test_scenario(book, fiche_id: str, name: str, end: str | None, refused: tuple[str, str] | None,
                  changes: list[tuple[str, str, str]]):
    from schillen.scenarios import run_scenario

    run = run_scenario(book[fiche_id], name)
    assert run.problems == []
    assert (run.end, None if run.refused is None else (run.refused.step, run.refused.code)) == (end, refused)
    assert [(kind, object_id, after) for s in run.steps for kind, object_id, _, after, _ in s.changes] == changes


# The scenario of each fiche that takes a refusal or an appeal route (the issue asks for one besides the usual path).
REFUSAL_OR_APPEAL = {
    "ambtshalve-inschrijving-afvoering": "beroep_tegen_inschrijving",
    "in-uitschrijving": "gebouw_nog_in_aanbouw",
    "leegstaande-bedrijfsgebouwen": "beroep_tegen_registratie",
    "leegstaande-woningen": "beroep_tegen_opname",
    "omgevingsvergunning": "verkaveling_geweigerd",
    "ongeschikt-onbewoonbaar": "beroep_hervormt_besluit",
}


def test_every_fiche_has_a_refusal_or_appeal_scenario(book):
    """Its run is refused by the register, ends in a refusal of the permit, or has an appeal handled."""
    from schillen.scenarios import run_scenario

    assert sorted(REFUSAL_OR_APPEAL) == sorted(book)
    for fiche_id, name in REFUSAL_OR_APPEAL.items():
        run = run_scenario(book[fiche_id], name)
        appealed = [s.step for s in run.steps if s.step.startswith("beroep") and s.step.endswith("behandelen")]
        assert run.refused is not None or run.end == "geweigerd" or appealed, (fiche_id, name)


def test_every_fiche_has_two_scenarios_and_one_that_changes_the_register_if_it_can(book):
    assert sorted({(f, n) for f, n, *_ in SCENARIOS}) == sorted((f, n) for f in book for n in book[f].scenarios)
    for fiche_id, fiche in book.items():
        assert len(fiche.scenarios) >= 2, fiche_id
        operates = any(i.operation for step in fiche.process.values() for i in step.interactions)
        passing_with_changes = [n for f, n, end, _, changes in SCENARIOS if f == fiche_id and end and changes]
        assert bool(passing_with_changes) == operates, fiche_id
