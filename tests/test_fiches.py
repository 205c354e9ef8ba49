"""Every fiche of the Schillenboek loads and checks clean: the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from schillen.loading import load_catalogue, read_fiche
from tests.conftest import ROOT

FICHES = sorted((ROOT / "fiches").glob("*.yaml"))


def test_there_are_fiches():
    assert [p.stem for p in FICHES if p.stem == "in-uitschrijving"] == ["in-uitschrijving"]


@pytest.mark.parametrize("path", FICHES, ids=lambda p: p.stem)
def test_fiche_is_clean(path: Path):
    result = read_fiche(path)
    assert result.diagnostics == []
    assert result.fiche is not None and result.fiche.id == path.stem


def test_catalogue_is_clean():
    assert load_catalogue([ROOT / "fiches"]).diagnostics == []
