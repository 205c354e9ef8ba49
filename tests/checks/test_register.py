"""A fiche against the register interface: names and values of grar, with exact places and words."""

from __future__ import annotations

import networkx as nx

from schillen.checks import run_checks
from schillen.checks.register import iter_register_problems
from schillen.graph import to_graph
from schillen.loading import parse_fiche
from tests.conftest import where

HEAD = """\
id: proces
title: Proces
version: 1.0.0
status: draft
updated: 2026-11-28
summary: Een proces voor de tests.
actors:
  x: {name: Loket, kind: organisation}
shells:
  kern:
"""
"""The kern's objects start on line 11."""


def fiche(kern: str, steps: str):
    result = parse_fiche(f"{HEAD}{kern}process:\n{steps}", "fiches/proces.yaml")
    assert result.fiche is not None, result.diagnostics
    return result.fiche


def check(kern: str, steps: str) -> list:
    return run_checks(fiche(kern, steps), only=("register",))


def steps(register: str) -> str:
    return ("  s: {kind: start, name: S, next: t}\n"
            f"  t: {{kind: task, name: T, actor: x, next: e, register: [{register}]}}\n"
            "  e: {kind: end, name: E}\n")


class TestKern:
    def test_register_attributes_and_fields_pass(self):
        kern = "    Gebouw: [gebouwStatus, gebouwPolygoon, geometrieMethode]\n    Adres: [adresStatus]\n"
        assert check(kern, steps("{read: Adres, expect: {adresStatus: inGebruik}}")) == []

    def test_misspelt_attribute_suggests_the_register_spelling(self):
        diags = check("    Adres: [huisnummer, adresstatus]\n", steps("{read: Adres}"))
        assert where(diags) == [(11, 25, "register.no-such-attribute")]
        assert diags[0].message() == "'Adres' has no attribute 'adresstatus' in register grar"
        assert diags[0].hint() == "did you mean 'adresStatus'?"

    def test_attribute_far_from_any_lists_the_attributes(self):
        diags = check("    Perceel: [wonen]\n", steps("{read: Perceel}"))
        assert where(diags) == [(11, 15, "register.no-such-attribute")]
        assert diags[0].hint().startswith("its attributes: ")
        assert "caPaKey" in diags[0].hint()

    def test_lower_case_object_in_the_kern(self):
        diags = check("    gebouw: [gebouwstatus]\n", steps("{read: Gebouw}"))
        assert [d.code for d in diags] == ["register.no-such-attribute"]


class TestInteractions:
    KERN = "    Gebouweenheid: [gebouweenheidStatus, functie]\n"

    def test_expected_status_not_in_the_code_list(self):
        diags = check(self.KERN, steps("{read: Gebouweenheid, expect: {gebouweenheidStatus: [gepland, Gerealiseerd]}}"))
        assert where(diags) == [(14, 120, "register.no-such-value")]
        assert diags[0].message() == ("'Gerealiseerd' is not a value of 'gebouweenheidStatus' "
                                      "(code list 'gebouweenheidStatus')")
        assert diags[0].hint() == "did you mean 'gerealiseerd'?"

    def test_expected_value_written_as_one_scalar(self):
        diags = check(self.KERN, steps("{read: Gebouweenheid, expect: {functie: wonen}}"))
        assert where(diags) == [(14, 98, "register.no-such-value")]
        assert diags[0].hint().startswith("values: ")

    def test_operation_by_action_or_command_passes(self):
        register = ("{operation: realiseren, object: Gebouweenheid}, "
                    "{operation: RealizeBuildingUnit, object: Gebouweenheid}")
        assert check(self.KERN, steps(register)) == []

    def test_unknown_operation_suggests_one(self):
        diags = check(self.KERN, steps("{operation: realizeren, object: Gebouweenheid}"))
        assert where(diags) == [(14, 70, "register.no-such-operation")]
        assert diags[0].message() == "the register has no operation 'realizeren' on 'Gebouweenheid'"
        assert diags[0].hint() == "did you mean 'realiseren'?"


def test_runs_when_the_structure_has_errors():
    broken = ("  s: {kind: start, name: S, next: t}\n"
              "  t: {kind: task, name: T, actor: x, next: s, register: [{operation: weg, object: Adres}]}\n")
    diags = run_checks(fiche("    Adres: [adresStatus]\n", broken))
    assert {d.code for d in diags} >= {"graph.no-end", "register.no-such-operation"}


def test_a_graph_without_kern_is_checked_too():
    graph = to_graph(fiche("    Adres: [adresStatus]\n", steps("{read: Adres}")))
    del graph.graph["kern"]
    assert list(iter_register_problems(graph)) == []
    assert isinstance(graph, nx.DiGraph)
