"""``schillen register try`` and ``schillen register rules``: output, exit codes and usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schillen.cli import main
from schillen.schema import render_fiche_schema, render_register_schema
from tests.conftest import ROOT
from tests.registers import MINI, mini


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_try_text_refused(capsys: pytest.CaptureFixture[str]):
    assert run(capsys, "register", "try", "Gebouweenheid", "realiseren", "--status", "gepland",
               "--related", "gebouw=inAanbouw") == (1, (
        "gebouweenheid realiseren from gepland: refused (GebouwStatusNietInGerealiseerd)\n"
        "  why: it requires that gebouw is gerealiseerd\n"
        "  assumed: functie is not gemeenschappelijkDeel\n"), "")


def test_try_text_allowed_with_cascades(capsys: pytest.CaptureFixture[str]):
    assert run(capsys, "register", "try", "adres", "RetireAddress", "--status", "inGebruik") == (0, (
        "adres opheffen from inGebruik: allowed, to gehistoreerd\n"
        "  then: adres (busnummers) inGebruik -> gehistoreerd (§4.5)\n"
        "  then: adres (busnummers) voorgesteld -> afgekeurd (§4.5)\n"
        "  then: gebouweenheid (gebouweenheden) lose their adres links (§4.5, §1)\n"
        "  then: perceel (percelen) lose their adres links (§4.5, §1)\n"), "")


def test_try_text_does_nothing_and_new(capsys: pytest.CaptureFixture[str]):
    assert run(capsys, "register", "try", "gebouw", "realiseren", "--status", "gerealiseerd")[1] == (
        "gebouw realiseren from gerealiseerd: allowed, does nothing (already so)\n"
        "  assumed: no overlap with a measured building\n"
        "  assumed: no overlap with a sketched building\n")
    assert run(capsys, "register", "try", "straatnaam", "voorstellen")[1].splitlines()[0] == (
        "straatnaam voorstellen (new): allowed, to voorgesteld")


def test_try_json_is_exactly_four_keys(capsys: pytest.CaptureFixture[str]):
    code, out, _ = run(capsys, "register", "try", "gebouw", "realiseren", "--status", "inAanbouw", "--format", "json")
    assert (code, json.loads(out)) == (0, {
        "allowed": True, "to": "gerealiseerd", "reason": None,
        "cascades": [{"object": "gebouweenheid", "relation": "gebouweenheden", "from": ["gepland"],
                      "to": "gerealiseerd", "event": "BuildingUnitWasRealizedBecauseBuildingWasRealized",
                      "text": "All planned units, common unit included, become gerealiseerd.", "source": "§4.1"}]})


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["woning", "realiseren"], ("Invalid value for OBJECT: 'woning' is not an object of register 'grar'; "
                                    "choose one of gebouw, gebouweenheid, adres, straatnaam, perceel")),
        (["gebouwen", "realiseren", "--status", "inAanbouw"],
         "Invalid value for OBJECT: 'gebouwen' is not an object of register 'grar'; did you mean 'gebouw'?"),
        (["gebouw", "realiseern", "--status", "inAanbouw"],
         "Invalid value for OPERATION: gebouw has no operation 'realiseern'; did you mean 'realiseren'?"),
        (["gebouw", "realiseren", "--status", "inaanbouw"],
         "Invalid value for --status: 'inaanbouw' is not a status of gebouw; did you mean 'inAanbouw'?"),
        (["gebouw", "realiseren"],
         ("Invalid value for --status: realiseren acts on an existing gebouw: give its status; choose one of "
          "gepland, inAanbouw, gerealiseerd, gehistoreerd, nietGerealiseerd, verwijderd")),
        (["gebouw", "plannen", "--status", "gepland"],
         "Invalid value for --status: plannen creates a new gebouw: it has no status yet"),
        (["gebouweenheid", "adreskoppelen", "--status", "gepland", "--related", "adress=voorgesteld"],
         ("Invalid value for --related: 'adress' is not an object of register 'grar' nor a role in this operation; "
          "did you mean 'adres'?")),
        (["gebouweenheid", "adreskoppelen", "--status", "gepland", "--related", "adres=actief"],
         ("Invalid value for --related: 'actief' is not a status of adres; choose one of voorgesteld, inGebruik, "
          "gehistoreerd, afgekeurd, verwijderd")),
        (["gebouweenheid", "realiseren", "--status", "gepland", "--related", "gebouw"],
         "Invalid value for --related: 'gebouw': write NAME=VALUE, e.g. gebouw=gerealiseerd"),
        (["gebouweenheid", "realiseren", "--status", "gepland", "--attribute", "functies=nietGekend"],
         "Invalid value for --attribute: gebouweenheid has no attribute 'functies'; did you mean 'functie'?"),
        (["gebouweenheid", "realiseren", "--status", "gepland", "--attribute", "functie=gemeenschapelijkDeel"],
         ("Invalid value for --attribute: 'gemeenschapelijkDeel' is not a value of functie; "
          "did you mean 'gemeenschappelijkDeel'?")),
        (["adres", "corrigeren/goedkeuring", "--status", "inGebruik", "--attribute", "officieelToegekend=ja"],
         "Invalid value for --attribute: officieelToegekend is true or false, not 'ja'; choose one of true, false"),
    ],
)
def test_usage_errors_exit_2_with_did_you_mean(capsys: pytest.CaptureFixture[str], argv: list[str], message: str):
    code, out, err = run(capsys, "register", "try", *argv)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: {message}"
    assert "Traceback" not in err


def test_rules_table(capsys: pytest.CaptureFixture[str]):
    code, out, err = run(capsys, "register", "rules", "Perceel")
    assert (code, err) == (0, "")
    assert out == (
        "from          operation                                       to            preconditions"
        "                      error codes\n"
        "------------  ----------------------------------------------  ------------  ---------------------------------"
        "  -------------------------------\n"
        "gerealiseerd  opheffen (RetireParcel)                         gehistoreerd  another status"
        "                     –\n"
        "gehistoreerd  corrigeren/opheffing (CorrectParcelRetirement)  gerealiseerd  another status"
        "                     –\n"
        "gerealiseerd  adreskoppelen (AttachAddressToParcel)           (same)        another status"
        "                     ParcelHasInvalidStatusException\n"
        "                                                                            "
        "adres is not verwijderd            –\n"
        "                                                                            "
        "adres is voorgesteld or inGebruik  –\n"
        "any           adresontkoppelen (DetachAddressFromParcel)      (same)\n"
        "verwijderd    any other                                       –             the perceel is removed"
        "             –\n"
        "\n"
        "cascades:\n"
        "- opheffen (RetireParcel): adres (adressen) lose their perceel links\n"
        "- corrigeren/opheffing (CorrectParcelRetirement): adres (adressen) get their perceel links back\n"
    )


def test_rules_markdown_of_another_register(capsys: pytest.CaptureFixture[str]):
    assert run(capsys, "register", "rules", "gebouw", "--register", str(MINI), "--format", "md") == (0, (
        "| from | operation | to | preconditions | error codes |\n"
        "|---|---|---|---|---|\n"
        "| – | plannen (PlanBuilding) | gepland |  |  |\n"
        "| inAanbouw | realiseren (RealizeBuilding) | gerealiseerd | another status "
        "| GebouwGeplandOfNietGerealiseerd |\n"
        "| verwijderd | any other | – | the gebouw is removed | VerwijderdGebouw |\n"), "")


def test_rules_of_every_object_list_every_error_code(capsys: pytest.CaptureFixture[str]):
    from schillen.registers import load_register

    grar = load_register()
    for key, kind in grar.objects.items():
        out = run(capsys, "register", "rules", key)[1]
        codes = {p.error for op in kind.operations.values() for p in op.preconditions if p.error}
        codes |= {op.status_error for op in kind.operations.values() if op.status_error}
        assert {c for c in codes if c not in out} == set(), key
        assert len([line for line in out.splitlines() if line and not line.startswith(" ")]) >= len(kind.operations)


def test_unknown_object_in_rules_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    code, out, err = run(capsys, "register", "rules", "gebouweenheden")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == ("Error: Invalid value for OBJECT: 'gebouweenheden' is not an object of register "
                                    "'grar'; did you mean 'gebouweenheid'?")


def test_a_bad_register_file_shows_located_diagnostics(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    path = tmp_path / "stad.yaml"
    path.write_text(mini("from: [inAanbouw]", "from: [inaanbouw]"), encoding="utf-8")
    code, out, err = run(capsys, "register", "try", "gebouw", "realiseren", "--status", "inAanbouw",
                         "--register", str(path))
    assert (code, out) == (2, "")  # the register file is the command's input: a usage error, not a refusal
    assert err == (f"{path.as_posix()}:34:16: error register.code-not-in-list: 'inaanbouw' is not a value of "
                   "'gebouwStatus'\n    hint: did you mean 'inAanbouw'?\n")


def test_schema_writes_and_checks_both_schemas(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    fiche, register = tmp_path / "fiche.schema.json", tmp_path / "register.schema.json"
    assert main(["schema", "-o", str(fiche)]) == 0
    assert (fiche.read_text(encoding="utf-8"), register.read_text(encoding="utf-8")) == (
        render_fiche_schema(), render_register_schema())
    assert main(["schema", "--check", "-o", str(fiche)]) == 0
    register.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--check", "-o", str(fiche)]) == 1
    assert capsys.readouterr().err == (
        f"{fiche} is up to date\n{register} is stale or missing: run 'schillen schema' and commit the result\n")
    other = tmp_path / "elders.json"
    assert main(["schema", "-o", str(fiche), "--register-output", str(other)]) == 0
    assert other.read_text(encoding="utf-8") == render_register_schema()


def test_repository_schemas_are_current(capsys: pytest.CaptureFixture[str]):
    assert main(["schema", "--check", "-o", str(ROOT / "schemas" / "fiche.schema.json")]) == 0


def test_register_try_answers_well_under_a_second():
    """The whole command, in a fresh interpreter: start-up, imports, loading grar.yaml, the answer."""
    argv = [sys.executable, "-m", "schillen", "register", "try", "gebouweenheid", "realiseren", "--status", "gepland",
            "--related", "gebouw=inAanbouw", "--format", "json"]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
        times.append(time.perf_counter() - started)
        assert done.returncode == 1 and json.loads(done.stdout)["reason"] == "GebouwStatusNietInGerealiseerd"
    assert min(times) < 0.8, times


def test_try_and_rules_in_dutch(capsys: pytest.CaptureFixture[str]):
    assert run(capsys, "register", "try", "Gebouweenheid", "realiseren", "--status", "gepland",
               "--related", "gebouw=inAanbouw", "--lang", "nl") == (1, (
        "gebouweenheid realiseren vanuit gepland: geweigerd (GebouwStatusNietInGerealiseerd)\n"
        "  waarom: het vereist dat gebouw gerealiseerd is\n"
        "  aangenomen: functie is niet gemeenschappelijkDeel\n"), "")
    assert run(capsys, "register", "try", "gebouw", "realiseren", "--status", "inAanbouw", "--lang", "nl") == (0, (
        "gebouw realiseren vanuit inAanbouw: toegestaan, naar gerealiseerd\n"
        "  daarna: gebouweenheden (gebouweenheid) gepland → gerealiseerd (§4.1)\n"
        "  aangenomen: geen overlapping met een ingemeten gebouw\n"
        "  aangenomen: geen overlapping met een ingeschetst gebouw\n"), "")
    code, out, err = run(capsys, "register", "rules", "perceel", "--format", "md", "--lang", "nl")
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "| van | operatie | naar | voorwaarden | foutcodes |", "|---|---|---|---|---|",
        "| gerealiseerd | opheffen (RetireParcel) | gehistoreerd | vanuit een andere status | – |"]
    assert out.endswith("**Gevolgen**\n\n"
                        "- opheffen (RetireParcel): adressen (adres) verliezen hun perceel-koppelingen\n"
                        "- corrigeren/opheffing (CorrectParcelRetirement): adressen (adres) krijgen hun "
                        "perceel-koppelingen terug\n")
