"""The fiche in-uitschrijving keeps its legal terms, its register use, its outcomes and its hand-offs."""

from __future__ import annotations

import pytest

from schillen import load_fiche
from schillen.model import StepKind
from tests.conftest import ROOT
from tests.fiches.conftest import interactions

PATH = ROOT / "fiches" / "in-uitschrijving.yaml"


@pytest.fixture(scope="module")
def fiche():
    return load_fiche(PATH)


@pytest.mark.parametrize(
    ("step", "within", "unit", "start", "unconfirmed"),
    [
        # KB 16 juli 1992, art. 7: aangifte binnen acht werkdagen na het betrekken van de woning.
        ("aangifte_adreswijziging", 8, "working_days", "effectieve betrekking van de woning", False),
        # Woonstvaststelling binnen acht werkdagen: een tekst uit 2001, niet bevestigd.
        ("woonstvaststelling_aanvragen", 8, "working_days", "aangifte_adreswijziging", True),
        ("vorige_gemeente_verwittigen", 20, "calendar_days", "aangifte_adreswijziging", False),
        ("aangifte_vertrek_buitenland", 1, "calendar_days", "vertrek naar het buitenland", False),
    ],
)
def test_deadlines(fiche, step, within, unit, start, unconfirmed):
    deadline = fiche.process[step].deadline
    assert deadline is not None
    assert (deadline.within, deadline.unit.value, deadline.from_, deadline.unconfirmed) == (
        within, unit, start, unconfirmed)


def test_legal_basis_articles(fiche):
    articles = [c.article for c in fiche.legal_basis if c.article]
    assert articles[:7] == ["art. 1 (§1, 1°, tweede lid voor de voorlopige inschrijving)", "art. 8", "art. 5",
                            "art. 7 (§5 voor het onderzoek naar de verblijfplaats)", "art. 10", "art. 14",
                            "art. 16, §2"]


def test_register_interactions(fiche):
    # Burgerzaken reads GRAR; only the address manager (adres_corrigeren) and the first occupation of a new
    # dwelling (ingebruikname_registreren) change it.
    assert interactions(fiche) == {
        ("adres_controleren", "read Adres"),
        ("adres_controleren", "read Gebouweenheid"),
        ("adres_corrigeren", "voorstellen Adres"),
        ("adres_corrigeren", "adreskoppelen Gebouweenheid"),
        ("permanente_bewoning_toegelaten", "read Gebouweenheid"),
        ("eerste_bewoning", "read Adres"),
        ("eerste_bewoning", "read Gebouweenheid"),
        ("ingebruikname_registreren", "read Gebouw"),
        ("ingebruikname_registreren", "goedkeuren Adres"),
        ("ingebruikname_registreren", "realiseren Gebouweenheid"),
    }


def test_outcomes_and_the_provisional_registration(fiche):
    ends = [sid for sid, step in fiche.process.items() if step.kind is StepKind.END]
    assert ends == ["ingeschreven", "voorlopig_ingeschreven", "geweigerd", "tijdelijk_afwezig",
                    "afgevoerd_buitenland", "afvoering_geannuleerd"]
    # Where permanent residence is not allowed (e.g. an uninhabitable dwelling), the registration is provisional.
    assert fiche.process["permanente_bewoning_toegelaten"].branches == {"ja": "inschrijven",
                                                                        "nee": "voorlopig_inschrijven"}


def test_hand_offs_and_gaps(fiche):
    assert {link.fiche for link in fiche.links} == {"ambtshalve-inschrijving-afvoering", "leegstaande-woningen"}
    assert [(gap.object, gap.attribute) for gap in fiche.register_gaps] == [
        ("Gebouweenheid", "functie"), ("Gebouweenheid", None), ("Adres", None),
        ("Gebouweenheid", "afwijkingVastgesteld")]
