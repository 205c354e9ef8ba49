"""Scenarios: a path through the process, run against a copy of the embedded register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schillen._yaml import KEY
from schillen.checks import run_checks
from schillen.cli import main
from schillen.diagnostics import format_text
from schillen.loading import parse_fiche
from schillen.model import Fiche
from schillen.registers.embedded import EmbeddedRegister
from schillen.scenarios import MAX_STEPS, render_run, run_scenario
from tests.conftest import BAD

HEAD = """\
id: proef
title: Proef
version: 1.0.0
status: draft
updated: 2026-11-28
summary: Een proef.
actors: {loket: {name: Loket, kind: organisation}}
shells: {kern: {Gebouw: [gebouwStatus], Gebouweenheid: [gebouweenheidStatus], Adres: [adresStatus]}}
"""

# A building is realised, then (in parallel) its unit is realised and its address approved.
PARALLEL = HEAD + """\
process:
  start: {kind: start, name: Melding, next: gebouw}
  gebouw: {kind: task, actor: loket, name: Gebouw realiseren, next: samen,
           register: [{operation: realiseren, object: Gebouw}]}
  samen: {kind: parallel_split, name: Samen, next: [eenheid, adres]}
  eenheid: {kind: task, actor: loket, name: Eenheid realiseren, next: klaar,
            register: [{operation: realiseren, object: Gebouweenheid}]}
  adres: {kind: task, actor: loket, name: Adres goedkeuren, next: klaar,
          register: [{read: Adres, expect: {adresStatus: voorgesteld}}, {operation: goedkeuren, object: Adres}]}
  klaar: {kind: parallel_join, name: Klaar, next: einde}
  einde: {kind: end, name: Afgewerkt}
scenarios:
  bouw:
    title: Een gebouw in aanbouw wordt afgewerkt
    objects: {Gebouweenheid: {id: "9"}}
"""

LOOP = HEAD + """\
process:
  start: {kind: start, name: Aanvraag, next: controle}
  controle: {kind: task, actor: loket, name: Controle, next: volledig}
  volledig: {kind: decision, name: Volledig?, branches: {ja: einde, nee: aanvullen}, default: weigeren}
  aanvullen: {kind: task, actor: loket, name: Aanvullen, next: controle}
  weigeren: {kind: task, actor: loket, name: Weigeren, next: geweigerd}
  einde: {kind: end, name: Aanvaard}
  geweigerd: {kind: end, name: Geweigerd}
scenarios:
  twee_keer: {title: Twee keer aanvullen, answers: {volledig: [nee, nee, ja]}}
  standaard: {title: "Geen antwoord, dus de standaardtak"}
  te_weinig: {title: Te weinig antwoorden, answers: {volledig: [nee]}, expect: {end: einde}}
"""


def _fiche(text: str) -> Fiche:
    result = parse_fiche(text, "proef.yaml")
    assert result.fiche is not None, format_text(result.diagnostics)
    return result.fiche


def test_parallel_branches_run_and_cascades_follow():
    run = run_scenario(_fiche(PARALLEL), "bouw")
    assert run.passed and run.end == "einde" and run.refused is None
    assert [s.step for s in run.steps] == ["start", "gebouw", "samen", "eenheid", "adres", "klaar", "einde"]
    # Realising the building realises its planned units (a cascade); realising the unit then does nothing.
    assert [(s.step, c) for s in run.steps for c in s.changes] == [
        ("gebouw", ("Gebouw", "5", "inAanbouw", "gerealiseerd", "realiseren")),
        ("gebouw", ("Gebouweenheid", "9", "gepland", "gerealiseerd", "realiseren")),
        ("gebouw", ("Gebouweenheid", "10", "gepland", "gerealiseerd", "realiseren")),
        ("gebouw", ("Gebouweenheid", "11", "gepland", "gerealiseerd", "realiseren")),
        ("eenheid", ("Gebouweenheid", "9", "gerealiseerd", "gerealiseerd", "realiseren")),
        ("adres", ("Adres", "10", "voorgesteld", "inGebruik", "goedkeuren")),
    ]
    assert run.steps[-1].state == {
        "Straatnaam": ("straatnaam", "2", "inGebruik"),
        "Perceel": ("perceel", "44999B0010-00C000", "gerealiseerd"),
        "Adres": ("adres", "10", "inGebruik"),
        "Gebouw": ("gebouw", "5", "gerealiseerd"),
        "Gebouweenheid": ("gebouweenheid", "9", "gerealiseerd"),
    }


def test_the_sample_is_copied_never_changed():
    sample = EmbeddedRegister.sample()
    before = sample.to_text()
    first = run_scenario(_fiche(PARALLEL), "bouw", sample=sample)
    second = run_scenario(_fiche(PARALLEL), "bouw", sample=sample)
    assert sample.to_text() == before
    assert first.to_dict() == second.to_dict()


def test_a_list_gives_one_answer_per_visit_and_no_answer_takes_the_default():
    fiche = _fiche(LOOP)
    run = run_scenario(fiche, "twee_keer")
    assert [(s.step, s.answer) for s in run.steps if s.kind == "decision"] == [
        ("volledig", "nee"), ("volledig", "nee"), ("volledig", "ja")]
    assert run.end == "einde" and run.passed
    assert run_scenario(fiche, "standaard").end == "geweigerd"


def test_answers_that_run_out():
    run = run_scenario(_fiche(LOOP), "te_weinig")
    assert not run.passed and run.end is None
    assert [(d.code, d.loc, d.args["visit"], d.args["given"]) for d in run.problems] == [
        ("scenario.no-answer", ("scenarios", "te_weinig", "answers", "volledig", KEY), 2, 1)]
    [d] = run.problems
    assert [d.message(), d.message("nl")] == [
        "scenario 'te_weinig' reaches decision 'volledig' ('Volledig?') for the 2nd time but has only 1 answer for it",
        "scenario 'te_weinig' komt voor de 2e keer bij beslissing 'volledig' ('Volledig?') maar heeft er maar "
        "1 antwoord voor"]


def test_no_answer_at_all_is_said_without_counts():
    run = run_scenario(_fiche(LOOP.replace(", default: weigeren", "")), "standaard")
    [d] = run.problems
    assert [d.code, d.message(), d.message("nl"), d.hint()] == [
        "scenario.no-answer",
        "scenario 'standaard' reaches decision 'volledig' ('Volledig?') but has no answer for it",
        "scenario 'standaard' komt bij beslissing 'volledig' ('Volledig?') maar heeft er geen antwoord voor",
        "add the answer under 'answers' (ja, nee); a list gives one answer per time"]


def test_answers_that_are_not_used_are_a_warning():
    text = LOOP.replace("answers: {volledig: [nee, nee, ja]}", "answers: {volledig: [nee, ja, nee, ja]}")
    text = text.replace("  standaard:", "  een_keer: {title: Een keer, answers: {volledig: [ja, nee]}}\n  standaard:")
    fiche = _fiche(text)
    run = run_scenario(fiche, "twee_keer")
    assert run.end == "einde" and run.passed
    [d] = run.problems
    assert (d.code, d.severity.name, d.loc) == ("scenario.unused-answer", "WARNING",
                                                ("scenarios", "twee_keer", "answers", "volledig", 2))
    assert d.message("en") == ("scenario 'twee_keer' reaches decision 'volledig' 2 times; "
                               "answers 3-4 of the 4 under 'answers' are not used")
    assert d.message("nl") == ("scenario 'twee_keer' komt 2 keer bij beslissing 'volledig'; "
                               "antwoorden 3-4 van de 4 onder 'answers' worden niet gebruikt")
    assert d.hint("en") == ("the run takes answer 1 the first time, answer 2 the second time, and so on: "
                            "remove the answers that are not used, or check the answers before them")
    assert d.hint("nl") == ("de loop neemt de eerste keer antwoord 1, de tweede keer antwoord 2, enzovoort: "
                            "verwijder de antwoorden die niet gebruikt worden, of controleer de antwoorden ervoor")
    [d] = run_scenario(fiche, "een_keer").problems
    assert d.message("en") == ("scenario 'een_keer' reaches decision 'volledig' 1 time; "
                               "answer 2 of the 2 under 'answers' is not used")
    assert d.message("nl") == ("scenario 'een_keer' komt 1 keer bij beslissing 'volledig'; "
                               "antwoord 2 van de 2 onder 'answers' wordt niet gebruikt")
    # located at the first answer that is not used
    located = [(d.line, d.column, d.code) for d in run_checks(fiche) if d.code == "scenario.unused-answer"]
    assert located == [(18, 73, "scenario.unused-answer"), (19, 56, "scenario.unused-answer")]


def test_endless_loop_is_cut_at_the_budget():
    text = LOOP.replace("twee_keer: {title: Twee keer aanvullen, answers: {volledig: [nee, nee, ja]}}",
                        "twee_keer: {title: Altijd aanvullen, answers: {volledig: nee}}")
    run = run_scenario(_fiche(text), "twee_keer")
    assert len(run.steps) == MAX_STEPS
    assert [(d.code, d.args["loop"]) for d in run.problems] == [
        ("scenario.endless", "'controle', 'volledig', 'aanvullen'")]


def test_an_unsound_process_gets_stuck():
    text = HEAD + """\
process:
  start: {kind: start, name: Start, next: keuze}
  keuze: {kind: decision, name: Keuze, branches: {a: a, b: b}}
  a: {kind: task, actor: loket, name: A, next: samen}
  b: {kind: task, actor: loket, name: B, next: samen}
  samen: {kind: parallel_join, name: Samen, next: einde}
  einde: {kind: end, name: Einde}
scenarios:
  a: {title: Alleen a, answers: {keuze: a}}
"""
    run = run_scenario(_fiche(text), "a")
    assert [(d.code, d.args["steps"]) for d in run.problems] == [("scenario.stuck", "'samen'")]
    assert [s.step for s in run.steps] == ["start", "keuze", "a"]


def test_an_operation_on_a_kind_the_run_lacks_is_skipped():
    text = PARALLEL.replace('objects: {Gebouweenheid: {id: "9"}}', 'objects: {Gebouw: {id: "5"}}')
    run = run_scenario(_fiche(text), "bouw")
    assert run.passed and run.end == "einde"
    # The building has units, but the run takes a unit only from a unit or an address it is given.
    assert [s.skipped for s in run.steps if s.skipped] == [[("Gebouweenheid", "realiseren")],
                                                          [("Adres", "goedkeuren")]]


def test_creating_an_object_needs_its_parent():
    text = HEAD + """\
process:
  start: {kind: start, name: Start, next: plannen}
  plannen: {kind: task, actor: loket, name: Eenheid plannen, next: einde,
            register: [{operation: plannen, object: Gebouweenheid}]}
  einde: {kind: end, name: Einde}
scenarios:
  zonder_gebouw: {title: Zonder gebouw}
  met_gebouw: {title: Met gebouw, objects: {Gebouw: {status: gerealiseerd}}}
"""
    fiche = _fiche(text)
    run = run_scenario(fiche, "zonder_gebouw")
    assert [(d.code, d.args["needed"], d.args["where"]) for d in run.problems] == [
        ("scenario.missing-object", "Gebouw", " (step 'plannen')")]
    made = run_scenario(fiche, "met_gebouw")
    assert made.passed
    assert made.steps[1].changes == [("Gebouweenheid", "15", None, "gepland", "plannen")]


def test_render_run_in_both_languages():
    run = run_scenario(_fiche(PARALLEL), "bouw")
    assert render_run(run, "en") == """\
scenario 'bouw': Een gebouw in aanbouw wordt afgewerkt
  1. start (Melding)
       register: Straatnaam 2 inGebruik · Perceel 44999B0010-00C000 gerealiseerd · Adres 10 voorgesteld · \
Gebouw 5 inAanbouw · Gebouweenheid 9 gepland
  2. gebouw (Gebouw realiseren)
       realiseren Gebouw 5: inAanbouw → gerealiseerd
       realiseren Gebouweenheid 9: gepland → gerealiseerd
       realiseren Gebouweenheid 10: gepland → gerealiseerd
       realiseren Gebouweenheid 11: gepland → gerealiseerd
       register: Straatnaam 2 inGebruik · Perceel 44999B0010-00C000 gerealiseerd · Adres 10 voorgesteld · \
Gebouw 5 gerealiseerd · Gebouweenheid 9 gerealiseerd
  3. samen (Samen)
  4. eenheid (Eenheid realiseren)
       realiseren Gebouweenheid 9: gerealiseerd
  5. adres (Adres goedkeuren)
       reads Adres 10: adresStatus voorgesteld
       goedkeuren Adres 10: voorgesteld → inGebruik
       register: Straatnaam 2 inGebruik · Perceel 44999B0010-00C000 gerealiseerd · Adres 10 inGebruik · \
Gebouw 5 gerealiseerd · Gebouweenheid 9 gerealiseerd
  6. klaar (Klaar)
  7. einde (Afgewerkt)
  ■ reached end step 'einde'
  passed"""
    dutch = render_run(run, "nl").splitlines()
    assert dutch[13] == "       leest Adres 10: adresStatus voorgesteld"
    assert dutch[-2:] == ["  ■ eindstap bereikt 'einde'", "  geslaagd"]


def test_to_dict_is_json():
    data = run_scenario(_fiche(PARALLEL), "bouw").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert (data["passed"], data["end"], data["refused"], len(data["steps"])) == (True, "einde", None, 7)
    assert data["steps"][1]["changes"][0] == {
        "object": "Gebouw", "id": "5", "from": "inAanbouw", "to": "gerealiseerd", "operation": "realiseren"}


# --- schillen simulate ------------------------------------------------------------------------


@pytest.fixture
def proef(tmp_path: Path) -> Path:
    path = tmp_path / "proef.yaml"
    path.write_text(PARALLEL, encoding="utf-8")
    return path


def test_simulate_prints_the_run(proef: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["simulate", str(proef), "--lang", "en"]) == 0
    assert capsys.readouterr().out == render_run(run_scenario(_fiche(PARALLEL), "bouw"), "en") + "\n"


def test_simulate_json(proef: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["simulate", str(proef), "--format", "json", "--scenario", "bouw"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["scenario"], d["passed"], d["end"]) for d in data] == [("bouw", True, "einde")]


def test_simulate_failing_scenario_exits_1_with_located_problems(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "bad.yaml"
    path.write_text((BAD / "scenario.wrong-end.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["simulate", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out.endswith("  FAILED\n" + f"{path.as_posix()}:52:19: error scenario.wrong-end: scenario 'goedkeuring' "
                        "ends at 'afgekeurd', not at 'goedgekeurd'\n"
                        "    hint: check the answers the scenario gives at the decisions, or correct 'end'\n")


def test_simulate_unknown_scenario_is_a_usage_error(proef: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["simulate", str(proef), "--scenario", "bouwen"]) == 2
    assert "the fiche has no scenario 'bouwen'; did you mean 'bouw'?" in capsys.readouterr().err


def test_simulate_without_scenarios_or_with_a_broken_fiche(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    plain = tmp_path / "proef.yaml"
    plain.write_text(PARALLEL.split("scenarios:")[0], encoding="utf-8")
    assert main(["simulate", str(plain)]) == 1
    assert "has no scenarios" in capsys.readouterr().err
    plain.write_text("id: [", encoding="utf-8")
    assert main(["simulate", str(plain)]) == 1
    assert capsys.readouterr().err.endswith("does not load; no scenario was run\n")


def test_simulate_needs_the_names_the_register_knows(proef: Path, capsys: pytest.CaptureFixture[str]):
    from tests.registers import MINI

    assert main(["simulate", str(proef), "--register", str(MINI), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "error register.no-such-object: register mini has no object 'Adres'" in err
    assert err.endswith(f"{proef.as_posix()}: fix these first; no scenario was run\n")


def test_simulate_from_a_saved_register(proef: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    saved = EmbeddedRegister.sample()
    saved.apply("gebouw", "5", "realiseren")  # the building is realised already: realising it again does nothing
    data = saved.save(tmp_path / "stad.json")
    assert main(["simulate", str(proef), "--register-data", str(data), "--format", "json"]) == 0
    run = json.loads(capsys.readouterr().out)[0]
    assert run["steps"][1]["changes"] == [
        {"object": "Gebouw", "id": "5", "from": "gerealiseerd", "to": "gerealiseerd", "operation": "realiseren"}]
    (tmp_path / "kapot.json").write_text("{", encoding="utf-8")
    assert main(["simulate", str(proef), "--register-data", str(tmp_path / "kapot.json")]) == 1
    broken = (tmp_path / "kapot.json").as_posix()
    assert capsys.readouterr().err.endswith(f"\n{broken}:1:2: not valid JSON: Expecting property name enclosed in "
                                            "double quotes (is the file cut short?)\n")


def test_another_register_interface_starts_from_an_empty_register(tmp_path: Path):
    """The sample is grar's data; with a register whose code lists differ, objects are made by status."""
    from schillen.registers import parse_register
    from schillen.scenarios import start_register
    from tests.conftest import ROOT

    grar = (ROOT / "schillen" / "registers" / "grar.yaml").read_text(encoding="utf-8")
    city = parse_register(grar.replace("inAanbouw", "inOpbouw"), "stad.yaml").register
    assert city is not None
    assert list(start_register(city).list("gebouw")) == []
    text = PARALLEL.replace('objects: {Gebouweenheid: {id: "9"}}', """objects:
      Straatnaam: {status: inGebruik}
      Gebouw: {status: inOpbouw}
      Adres: {status: voorgesteld}
      Gebouweenheid: {status: gepland}""")
    run = run_scenario(_fiche(text), "bouw", register=city)
    assert run.passed
    assert [c[:4] for s in run.steps for c in s.changes][:2] == [("Gebouw", "1", "inOpbouw", "gerealiseerd"),
                                                                 ("Gebouweenheid", "1", "gepland", "gerealiseerd")]


def test_a_refusal_is_explained_in_both_languages(tmp_path: Path):
    from tests.conftest import check_copy

    found = [d for d in check_copy(BAD / "scenario.refused.yaml", tmp_path) if d.code == "scenario.refused"]
    assert [d.hint("en").split(";")[0] for d in found] == [
        "the register says: goedkeuren starts from voorgesteld, not from afgekeurd"]
    assert [d.hint("nl").split(";")[0] for d in found] == [
        "het register zegt: goedkeuren vertrekt van voorgesteld, niet van afgekeurd"]


@pytest.mark.parametrize(("code", "hint_en", "hint_nl"), [
    ("AdresAfgekeurdOfGeHistoreerd",
     "did you mean 'AdresAfgekeurdOfGehistoreerd'? The register says: goedkeuren starts from voorgesteld, "
     "not from afgekeurd",
     "bedoelt u 'AdresAfgekeurdOfGehistoreerd'? Het register zegt: goedkeuren vertrekt van voorgesteld, "
     "niet van afgekeurd"),
    ("AdresNietGevonden",
     "write the register's code 'AdresAfgekeurdOfGehistoreerd' here, or check the scenario; the register says: "
     "goedkeuren starts from voorgesteld, not from afgekeurd",
     "schrijf hier de code van het register, 'AdresAfgekeurdOfGehistoreerd', of controleer het scenario; het "
     "register zegt: goedkeuren vertrekt van voorgesteld, niet van afgekeurd"),
], ids=["close", "other"])
def test_a_refusal_with_another_code_is_reported_at_the_code(tmp_path: Path, code: str, hint_en: str, hint_nl: str):
    from tests.conftest import check_copy

    text = (BAD / "scenario.refused.yaml").read_text(encoding="utf-8")
    text = text.replace("    answers: {gekend: ja}\n",
                        f"    answers: {{gekend: ja}}\n    expect: {{refused: {{step: goedkeuren, code: {code}}}}}\n")
    (tmp_path / "src.yaml").write_text(text, encoding="utf-8")
    [d] = check_copy(tmp_path / "src.yaml", tmp_path)
    assert (d.line, d.column, d.code) == (52, 48, "scenario.refused")  # at the code
    assert d.message("en") == (f"scenario 'goedkeuring' expects code '{code}', but the register gives "
                               "'AdresAfgekeurdOfGehistoreerd' ('goedkeuren' on Adres in step 'goedkeuren')")
    assert d.message("nl") == (f"scenario 'goedkeuring' verwacht code '{code}', maar het register geeft "
                               "'AdresAfgekeurdOfGehistoreerd' ('goedkeuren' op Adres in stap 'goedkeuren')")
    assert (d.hint("en"), d.hint("nl")) == (hint_en, hint_nl)


def test_a_status_the_register_does_not_have(tmp_path: Path):
    text = PARALLEL.replace('objects: {Gebouweenheid: {id: "9"}}',
                            'objects: {Gebouw: {status: inaanbouw}}')
    run = run_scenario(_fiche(text), "bouw")
    assert [(d.code, d.loc, d.args["suggestion"]) for d in run.problems] == [
        ("register.no-such-value", ("scenarios", "bouw", "objects", "Gebouw", "status"), "'inAanbouw'")]
    assert run.steps == []


def test_what_a_run_skips_and_reads_of_nothing_are_shown():
    text = PARALLEL.replace('objects: {Gebouweenheid: {id: "9"}}', 'objects: {Gebouw: {id: "5"}}')
    lines = render_run(run_scenario(_fiche(text), "bouw"), "nl").splitlines()
    assert "       realiseren Gebouweenheid: overgeslagen, de loop heeft er geen" in lines
    assert "       leest Adres: niet in het register" in lines


def test_a_removed_object_stays_in_the_state():
    text = HEAD + """\
process:
  start: {kind: start, name: Start, next: weg}
  weg: {kind: task, actor: loket, name: Gebouw verwijderen, next: einde,
        register: [{operation: verwijderen, object: Gebouw}]}
  einde: {kind: end, name: Einde}
scenarios:
  weg: {title: Een gebouw verdwijnt, objects: {Gebouw: {id: "7"}}}
"""
    run = run_scenario(_fiche(text), "weg")
    assert run.passed
    assert run.steps[-1].state["Gebouw"] == ("gebouw", "7", "verwijderd")


def test_objects_of_a_city_register_cannot_be_embedded(tmp_path: Path):
    from schillen.registers import parse_register
    from tests.registers import mini

    text = mini("  gebouw:\n    title: Gebouw\n", "  woning:\n    title: Woning\n")
    city = parse_register(text, "stad.yaml").register
    assert city is not None
    text = HEAD.replace("shells: {kern: {Gebouw: [gebouwStatus], Gebouweenheid: [gebouweenheidStatus], "
                        "Adres: [adresStatus]}}", "shells: {kern: {Woning: [gebouwStatus]}}") + """\
process:
  start: {kind: start, name: Start, next: plannen}
  plannen: {kind: task, actor: loket, name: Woning plannen, next: einde,
            register: [{operation: plannen, object: Woning}]}
  einde: {kind: end, name: Einde}
scenarios:
  nieuw: {title: Een nieuwe woning}
"""
    run = run_scenario(_fiche(text), "nieuw", register=city)
    assert [(d.code, d.args["reason"]) for d in run.problems] == [
        ("scenario.bad-object", "the embedded register holds only gebouw, gebouweenheid, adres, straatnaam, perceel, "
                                "the objects of grar")]
    assert [s.step for s in run.steps] == ["start", "plannen"]
