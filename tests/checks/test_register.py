"""A fiche against the register interface: names and values of grar, with exact places and words."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from schillen.checks import run_checks
from schillen.checks.register import iter_register_problems
from schillen.graph import to_graph
from schillen.loading import parse_fiche
from tests.conftest import BAD, DATA, ROOT, where
from tests.test_properties import mutated_data

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

    def test_an_operation_of_another_object_names_that_object(self):
        diags = check(self.KERN, steps("{operation: inaanbouwplaatsen, object: Gebouweenheid}"))
        assert where(diags) == [(14, 70, "register.no-such-operation")]
        assert [diags[0].message(), diags[0].hint(), diags[0].hint("nl")] == [
            "the register has no operation 'inaanbouwplaatsen' on 'Gebouweenheid'",
            "'inaanbouwplaatsen' is an operation of 'Gebouw', not of 'Gebouweenheid'",
            "'inaanbouwplaatsen' is een operatie van 'Gebouw', niet van 'Gebouweenheid'"]

    def test_an_operation_of_several_other_objects_names_them_all(self):
        diags = check("    Adres: [adresStatus]\n", steps("{operation: corrigeren/nietrealisering, object: Adres}"))
        assert [diags[0].hint(), diags[0].hint("nl")] == [
            "'corrigeren/nietrealisering' is an operation of 'Gebouw' or 'Gebouweenheid', not of 'Adres'",
            "'corrigeren/nietrealisering' is een operatie van 'Gebouw' of 'Gebouweenheid', niet van 'Adres'"]


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


class TestUnloaded:
    """A fiche that did not load still gets the register's name checks, in the same run."""

    @staticmethod
    def load(text: str, file: str = "fiches/proces.yaml") -> tuple[list, list]:
        """The loader's diagnostics and those of the register checks on the unloaded fiche (kept apart)."""
        from schillen.checks import check_unloaded
        from schillen.loading import _parse

        result, raw = _parse(text, file)
        assert result.fiche is None, result.diagnostics
        loader = [d for d in result.diagnostics if d.code != "yaml.schema-comment"]
        return loader, ([] if raw is None else check_unloaded(raw))

    def test_a_schema_error_elsewhere_hides_nothing(self):
        text = (HEAD.replace("status: draft", "status: concept") + "    Adres: [adresStatus, huisnr]\nprocess:\n"
                + steps("{read: Adres, expect: {adresStatus: [InGebruik, voorgesteld]}}, "
                        "{operation: activeren, object: Adres}"))
        loader, register = self.load(text)
        assert where(loader) == [(4, 9, "schema.enum")]
        assert where(register) == [(11, 26, "register.no-such-attribute"), (14, 95, "register.no-such-value"),
                                   (14, 134, "register.no-such-operation")]
        assert register[1].message() == "'InGebruik' is not a value of 'adresStatus' (code list 'adresStatus')"
        assert register[1].hint("nl") == "bedoelt u 'inGebruik'?"
        assert register[2].message("nl") == "het register heeft geen operatie 'activeren' op 'Adres'"

    def test_the_same_as_for_the_loaded_fiche(self):
        kern = "    adres: [adresstatus]\n    Huis: [kamers]\n    Gebouweenheid: [gebouweenheidStatus]\n"
        register = ("{read: Adres, expect: {adresstatus: x}}, {read: Gebouweenheid, expect: "
                    "{gebouweenheidStatus: [gepland, Gerealiseerd]}}, {operation: realizeren, object: gebouweenheid}")
        scenarios = ("scenarios:\n  een:\n    title: Een\n    objects: {Woning: {status: x}, huis: {status: y}}\n"
                     "register_gaps:\n  - {title: Geen huis, text: Geen., object: Huis}\n"
                     "  - {title: Geen woning, text: Geen., object: woning}\n")
        text = f"{HEAD}{kern}process:\n{steps(register)}{scenarios}"
        loaded = run_checks(fiche(kern, steps(register) + scenarios), only=("register",))
        assert {d.code for d in loaded} == {"register.no-such-object", "register.no-such-attribute",
                                            "register.no-such-value", "register.no-such-operation"}
        _, register_only = self.load(text.replace("version: 1.0.0", "version: een"))
        assert register_only == loaded
        assert [d.message() for d in register_only] == [d.message() for d in loaded]

    def test_malformed_entries_are_skipped_and_nothing_is_said_twice(self):
        kern = ("    Adres-x: [adresStatus]\n    Perceel: [5, '', wonen]\n    Gebouw: gebouwStatus\n"
                "    Adres: [adresStatus]\n")
        register = ("5, {read: 5}, {operation: activeren}, {read: Adres, operation: x, object: Adres}, "
                    "{read: Adres, expect: {adresStatus: [InGebruik, 5]}}, "
                    "{read: Adres, expect: {adresStatus: [ingebruik]}, notes: x}, "
                    "{read: Adres, expect: 7}, {read: Adres, expect: {adresStatus: x, 5: y}}")
        loader, register_only = self.load(f"{HEAD}{kern}process:\n{steps(register)}")
        # Perceel's 5 and '', the malformed object name, the entries with a malformed part that says what they
        # do and those with malformed values have their own diagnostics; an unknown key (notes) does not hide
        # the value next to it.
        assert where(register_only) == [(12, 22, "register.no-such-attribute"), (17, 231, "register.no-such-value"),
                                        (17, 317, "register.no-such-value")]
        assert register_only[0].args["name"] == "'wonen'"
        assert not {(d.line, d.column) for d in register_only} & {(d.line, d.column) for d in loader}

    def test_a_register_on_a_step_that_may_have_none_is_not_checked(self):
        text = (f"{HEAD}    Adres: [adresStatus]\nprocess:\n  s: {{kind: start, name: S, next: p}}\n"
                "  p: {kind: parallel_split, name: P, next: [e], register: [{operation: weg, object: Adres}]}\n"
                "  e: {kind: end, name: E, register: [{operation: weg, object: Adres}]}\n")
        loader, register_only = self.load(text)
        assert "model.field-not-for-kind" in {d.code for d in loader}
        assert where(register_only) == [(15, 50, "register.no-such-operation")]

    @pytest.mark.parametrize("text", [
        "id: [unclosed\n  : : -\n",
        "- een\n- lijst\n",
        "id: proces\nprocess: [a, b]\nshells: 5\nscenarios: [x]\nregister_gaps: {a: b}\n",
        "id: proces\nprocess: {s: 5, 7: {register: [{read: Huis}]}, t: {kind: 5, register: {read: Adres}}}\n"
        "shells: {kern: [Adres]}\nscenarios: {x: 5, 8: {objects: {Adres: 1}}, y: {objects: [Huis]}}\n"
        "register_gaps: [5, {object: 5}, {object: ''}]\n",
    ])
    def test_broken_data_gives_no_traceback_and_no_register_diagnostic(self, text: str):
        from schillen.loading import _parse

        result, raw = _parse(text, "fiches/proces.yaml")
        assert result.fiche is None
        assert raw is None or self.load(text)[1] == []

    def test_another_register(self):
        from schillen.checks import check_unloaded
        from schillen.loading import _parse
        from schillen.registers import load_register

        mini = load_register(DATA / "register.yaml")
        text = (HEAD.replace("status: draft", "status: concept") + "    Gebouw: [gebouwStatus]\n    Adres: []\n"
                "process:\n" + steps("{operation: slopen, object: Gebouw}"))
        raw = _parse(text, "fiches/proces.yaml")[1]
        assert raw is not None
        assert check_unloaded(raw) == []
        diags = check_unloaded(raw, register=mini)
        assert where(diags) == [(12, 5, "register.no-such-object"), (15, 70, "register.no-such-operation")]
        assert diags[0].message() == "register mini has no object 'Adres'"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data())
def test_the_checks_of_an_unloaded_fiche_are_those_of_the_loaded_one(data: Any):
    """Whatever the data, no traceback; when it loads, the same diagnostics as the loaded fiche's."""
    from schillen.checks import check_unloaded
    from schillen.loading import _parse

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    result, raw = _parse(text, "fiches/minimal.yaml")
    if raw is None:
        return
    found = check_unloaded(raw)
    assert all(d.code.startswith("register.") and 1 <= d.line <= text.count("\n") + 1 for d in found), found
    if result.fiche is not None:
        assert found == run_checks(result.fiche, only=("register",))


@pytest.mark.parametrize("path", [*sorted((ROOT / "fiches").glob("*.yaml")), *sorted(BAD.glob("register.*.yaml"))],
                         ids=lambda p: p.stem)
def test_on_the_data_of_a_fiche_that_loads_the_checks_agree(path):
    from schillen.checks import check_unloaded
    from schillen.loading import _parse

    result, raw = _parse(path.read_text(encoding="utf-8"), f"fiches/{path.name}")
    assert raw is not None
    if result.fiche is not None:
        assert check_unloaded(raw) == run_checks(result.fiche, only=("register",))
