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


class TestGaps:
    def test_the_object_of_a_gap_is_a_register_object_its_attribute_may_be_missing(self):
        gaps = ("register_gaps:\n"
                "  - {title: Geen woonfunctie, text: Het register kent geen wonen., object: Gebouweenheid,"
                " attribute: woonfunctie}\n"
                "  - {title: Geen huis, text: Een huis is geen registerobject., object: Huis}\n"
                "  - {title: Zonder object, text: Over het hele register.}\n")
        result = parse_fiche(f"{HEAD}    Adres: [adresStatus]\nprocess:\n{steps('{read: Adres}')}{gaps}",
                             "fiches/proces.yaml")
        assert result.fiche is not None, result.diagnostics
        diags = run_checks(result.fiche, only=("register",))
        assert where(diags) == [(18, 72, "register.no-such-object")]
        assert diags[0].message() == "register grar has no object 'Huis'"
        assert diags[0].hint("nl") == "de objecten: Adres, Gebouw, Gebouweenheid, Perceel, Straatnaam"


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


class TestPaths:
    KERN = "    Gebouw: [gebouwStatus]\n    Gebouweenheid: [gebouweenheidStatus]\n    Adres: [adresStatus]\n"
    START = ("  s:\n    kind: start\n    name: S\n    register:\n"
             "      - {read: Gebouw, expect: {gebouwStatus: inAanbouw}}\n"
             "      - {read: Gebouweenheid, expect: {gebouweenheidStatus: gepland}}\n"
             "    next: d\n")
    # The first step after START is on line 20.

    def check(self, steps: str) -> list:
        return run_checks(fiche(self.KERN, self.START + steps), only=("register", "register-paths"))

    def test_unit_realised_before_its_building_on_one_answer(self):
        diags = self.check(
            "  d: {kind: decision, name: Klaar?, branches: {ja: g, nee: u}}\n"
            "  g: {kind: task, name: G, actor: x, next: u, register: [{operation: realiseren, object: Gebouw}]}\n"
            "  u: {kind: task, name: U, actor: x, next: e"
              ", register: [{operation: realiseren, object: Gebouweenheid}]}\n"
            "  e: {kind: end, name: E}\n")
        assert where(diags) == [(24, 70, "register.refused-on-path")]
        assert diags[0].message() == (
            "if 'Klaar?' is 'nee', step 'U' runs 'realiseren' on 'Gebouweenheid' while 'Gebouw' is 'inAanbouw': "
            "the register refuses it with GebouwStatusNietInGerealiseerd")

    def test_realising_the_building_first_is_fine_and_cascades(self):
        diags = self.check(
            "  d: {kind: task, name: G, actor: x, next: u, register: [{operation: realiseren, object: Gebouw}]}\n"
            "  u: {kind: task, name: U, actor: x, next: e"
              ", register: [{operation: nietrealiseren, object: Gebouweenheid}]}\n"
            "  e: {kind: end, name: E}\n")
        # realiseren on the building realised its planned unit: it can no longer be 'not realised'
        assert where(diags) == [(23, 70, "register.refused-on-path")]
        assert "while 'Gebouweenheid' is 'gerealiseerd'" in diags[0].message()

    def test_a_loop_brings_a_status_back_to_an_earlier_step(self):
        diags = self.check(
            "  d: {kind: task, name: P, actor: x, next: h, register: [{operation: realiseren, object: Gebouw}]}\n"
            "  h: {kind: task, name: H, actor: x, next: q, register: [{operation: slopen, object: Gebouw}]}\n"
            "  q: {kind: decision, name: Opnieuw?, branches: {ja: d, nee: e}}\n"
            "  e: {kind: end, name: E}\n")
        assert where(diags) == [(22, 70, "register.refused-on-path")]
        assert diags[0].message().startswith("if 'Opnieuw?' is 'ja', step 'P' runs 'realiseren' on 'Gebouw' "
                                             "while 'Gebouw' is 'gehistoreerd'")

    def test_attaching_a_rejected_address(self):
        kern = self.KERN
        start = ("  s:\n    kind: start\n    name: S\n    register:\n"
                 "      - {read: Gebouweenheid, expect: {gebouweenheidStatus: gepland}}\n"
                 "      - {read: Adres, expect: {adresStatus: voorgesteld}}\n"
                 "    next: d\n")
        steps = ("  d: {kind: task, name: A, actor: x, next: k, register: [{operation: afkeuren, object: Adres}]}\n"
                 "  k: {kind: task, name: K, actor: x, next: e"
                   ", register: [{operation: adreskoppelen, object: Gebouweenheid}]}\n"
                 "  e: {kind: end, name: E}\n")
        diags = run_checks(fiche(kern, start + steps), only=("register", "register-paths"))
        assert where(diags) == [(23, 70, "register.refused-on-path")]
        assert diags[0].args["reason"] == "GebouweenheidAdresAfgekeurdOfGehistoreerd"
        assert diags[0].message().startswith("in every run, ")

    def test_objects_not_declared_at_the_start_are_not_judged(self):
        start = "  s: {kind: start, name: S, next: d}\n"
        steps = ("  d: {kind: task, name: U, actor: x, next: e"
          ", register: [{operation: realiseren, object: Gebouweenheid}]}\n"
                 "  e: {kind: end, name: E}\n")
        assert run_checks(fiche(self.KERN, start + steps), only=("register", "register-paths")) == []


def test_a_decision_met_twice_on_the_way_is_told_in_order():
    kern = "    Gebouw: [gebouwStatus]\n"
    steps = ("  s:\n    kind: start\n    name: S\n    register: [{read: Gebouw, expect: {gebouwStatus: inAanbouw}}]\n"
             "    next: d\n"
             "  d: {kind: decision, name: Klaar?, branches: {nee: w, ja: r}}\n"
             "  w: {kind: task, name: W, actor: x, next: d}\n"
             "  r: {kind: task, name: R, actor: x, next: h, register: [{operation: realiseren, object: Gebouw}]}\n"
             "  h: {kind: task, name: H, actor: x, next: d, register: [{operation: slopen, object: Gebouw}]}\n")
    diags = run_checks(fiche(kern, steps + "  e: {kind: end, name: E}\n"), only=("register", "register-paths"))
    assert [d.code for d in diags] == ["register.refused-on-path"]
    assert diags[0].message().startswith("if 'Klaar?' is 'ja', step 'R' runs 'realiseren' on 'Gebouw' "
                                         "while 'Gebouw' is 'gehistoreerd'")


def test_answers_to_one_decision_met_twice_read_in_order():
    from schillen.checks.register import _when

    assert _when([("'Klaar?'", ["'nee'", "'ja'"]), ("'B?'", ["'x'"])]) == (
        "if 'Klaar?' is 'nee', then 'ja' and 'B?' is 'x', ",
        "als het antwoord op 'Klaar?' eerst 'nee' en daarna 'ja' is en het antwoord op 'B?' 'x' is, ",
    )
    assert _when([]) == ("in every run, ", "in elke uitvoering ")
