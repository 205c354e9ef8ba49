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
