"""The command line: exit codes, output and files written, through ``main(argv)``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schillen import __version__
from schillen.cli import main
from schillen.schema import render_fiche_schema
from tests.conftest import BAD, DATA, MINIMAL, ROOT


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copyfile(MINIMAL, tmp_path / "minimal.yaml")
    return tmp_path


def test_check_clean_exits_0(folder: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["check", str(folder), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "1 file(s) checked, 1 fiche(s) loaded: no problems\n"


def test_check_errors_exit_1_with_text_and_hint(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "schema.enum.yaml", folder / "bad.yaml")
    assert main(["check", str(folder / "bad.yaml"), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    file = (folder / "bad.yaml").as_posix()
    assert out == (
        f"{file}:5:9: error schema.enum: 'validatd' is not one of 'draft', 'retired', 'review', 'validated'\n"
        "    hint: did you mean 'validated'?\n"
    )
    assert err == "1 file(s) checked, 0 fiche(s) loaded: 1 error(s), 0 warning(s)\n"


def test_check_dutch_by_option_and_environment(folder: Path, capsys, monkeypatch):
    shutil.copyfile(BAD / "schema.enum.yaml", folder / "bad.yaml")
    main(["check", str(folder / "bad.yaml"), "--lang", "nl"])
    by_option = capsys.readouterr().out
    monkeypatch.setenv("SCHILLEN_LANG", "nl")
    main(["check", str(folder / "bad.yaml")])
    assert capsys.readouterr().out == by_option
    assert ("fout schema.enum: 'validatd' is geen toegelaten waarde; kies uit 'draft', 'retired', 'review', "
            "'validated'\n") in by_option
    assert "    tip: bedoelt u 'validated'?" in by_option


def test_check_json(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "model.unknown-actor.yaml", folder / "bad.yaml")
    assert main(["check", str(folder), "--format", "json", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [(d["line"], d["column"], d["code"]) for d in data] == [(20, 12, "model.unknown-actor")]
    assert set(data[0]) == {"file", "line", "column", "code", "severity", "message", "hint"}
    assert err == ""


def test_check_github(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "model.unknown-step.yaml", folder / "bad.yaml")
    assert main(["check", str(folder / "bad.yaml"), "--format", "github", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"::error file={(folder / 'bad.yaml').as_posix()},line=23,col=11,title=model.unknown-step::")


def test_warnings_pass_unless_strict(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "yaml.bom.yaml", folder / "bad.yaml")
    assert main(["check", str(folder / "bad.yaml")]) == 0
    assert main(["check", str(folder / "bad.yaml"), "--strict"]) == 1
    assert main(["check", str(folder / "bad.yaml"), "--strict", "--ignore", "yaml.bom"]) == 0


def test_ignore_by_prefix(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "yaml.bom.yaml", folder / "bad.yaml")
    assert main(["check", str(folder / "bad.yaml"), "--ignore", "yaml.", "--strict", "--lang", "nl"]) == 0
    assert capsys.readouterr().err == "1 bestand(en) gecontroleerd, 1 fiche(s) geladen: geen problemen (1 genegeerd)\n"


def test_ignore_does_not_make_a_fiche_that_does_not_load_pass(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "model.unknown-actor.yaml", folder / "bad.yaml")
    assert main(["check", str(folder / "bad.yaml"), "--ignore", "model.", "--lang", "nl"]) == 1
    assert capsys.readouterr().err == ("1 bestand(en) gecontroleerd, 0 fiche(s) geladen: geen problemen (1 genegeerd), "
                                       "maar 1 bestand(en) laden niet\n")
    assert main(["check", str(folder), "--ignore", "model", "--lang", "en"]) == 1
    assert capsys.readouterr().err == ("2 file(s) checked, 1 fiche(s) loaded: no problems (1 ignored), "
                                       "but 1 file(s) did not load\n")
    assert main(["check", str(folder / "nergens.yaml"), "--ignore", "io.", "--lang", "en"]) == 1
    assert capsys.readouterr().err == "0 file(s) checked, 0 fiche(s) loaded: no problems (1 ignored), " \
                                      "but 1 file(s) did not load\n"


@pytest.mark.parametrize(("value", "message"), [
    ("", "Invalid value for '--ignore': an empty CODE would ignore every diagnostic: give a code or the start of "
         "one, e.g. 'yaml.schema-comment' or 'model.'"),
    ("yml", "Invalid value for '--ignore': no diagnostic code starts with 'yml'; did you mean 'yaml.'?"),
    ("yaml.tabs", "Invalid value for '--ignore': no diagnostic code starts with 'yaml.tabs'; did you mean 'yaml.tab'?"),
    ("zzz", "Invalid value for '--ignore': no diagnostic code starts with 'zzz'; codes start with bpmn., catalogue., "
            "graph., io., model., register., scenario., schema., soundness., yaml."),
])
def test_ignore_an_empty_or_unknown_code_is_a_usage_error(folder: Path, capsys: pytest.CaptureFixture[str],
                                                          value: str, message: str):
    assert main(["check", str(folder), "--ignore", "yaml.bom", "--ignore", value]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"Error: {message}"


def test_a_file_named_with_its_folder_is_checked_once(folder: Path, capsys: pytest.CaptureFixture[str]):
    fiche = folder / "minimal.yaml"
    assert main(["check", str(fiche), str(folder), f"{folder}/./minimal.yaml", "--lang", "en"]) == 0
    assert capsys.readouterr() == ("", "1 file(s) checked, 1 fiche(s) loaded: no problems\n")
    assert main(["matrix", str(fiche), str(folder), "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["check", str(fiche), str(folder / "nergens"), "--lang", "en", "--format", "json"]) == 1
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["io.unreadable"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]):
    assert main(["check"]) == 2
    assert main(["check", "fiches", "--format", "xml"]) == 2
    assert main(["nonsense"]) == 2
    assert "Usage:" in capsys.readouterr().err


def test_missing_path_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["check", str(tmp_path / "nergens"), "--lang", "en"]) == 1
    assert "error io.unreadable: cannot read" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"schillen, version {__version__}\n"


def test_new_writes_a_fiche_that_checks_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "fiche.schema.json").write_text("{}")
    target_dir = tmp_path / "fiches"
    assert main(["new", "leegstaande-woningen", "--dir", str(target_dir), "--title", "Leegstaande woningen"]) == 0
    text = (target_dir / "leegstaande-woningen.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/fiche.schema.json\nid: leegstaande-woningen\n")
    assert "title: Leegstaande woningen\n" in text
    assert main(["check", str(target_dir), "--strict"]) == 0


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "x.yaml").write_text("mijn werk\n")
    assert main(["new", "x", "--dir", str(tmp_path)]) == 1
    assert (tmp_path / "x.yaml").read_text() == "mijn werk\n"
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # no temporary file left


def test_new_rejects_a_bad_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["new", "Leegstand Woningen", "--dir", str(tmp_path)]) == 2
    assert "is not a fiche id" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_schema_write_and_check(tmp_path: Path):
    target = tmp_path / "fiche.schema.json"
    assert main(["schema", "--check", "-o", str(target)]) == 1
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_fiche_schema()
    assert main(["schema", "--check", "-o", str(target)]) == 0
    target.write_text(target.read_text() + " ")
    assert main(["schema", "--check", "-o", str(target)]) == 1


def test_console_script_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "schillen", "check", str(MINIMAL), "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "", "1 file(s) checked, 1 fiche(s) loaded: no problems\n"
    )


def test_check_imports_only_what_it_needs():
    code = (
        f"import sys; from schillen.cli import main; main(['check', {str(MINIMAL)!r}]);"
        "print(sorted(m for m in ('jsonschema', 'graphviz', 'httpx', 'jinja2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_new_in_a_new_repository_writes_the_schema_too(tmp_path: Path):
    assert main(["new", "mijn-proces", "--dir", str(tmp_path / "fiches")]) == 0
    schema = tmp_path / "schemas" / "fiche.schema.json"
    assert schema.read_text(encoding="utf-8") == render_fiche_schema()
    text = (tmp_path / "fiches" / "mijn-proces.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/fiche.schema.json\n")
    assert main(["check", str(tmp_path / "fiches"), "--strict"]) == 0


def test_soundness_of_a_sound_fiche(capsys: pytest.CaptureFixture[str]):
    assert main(["soundness", str(MINIMAL), "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["loaded"], data["sound"], data["problems"], data["states"]) == (True, True, [], 2)
    assert set(data) == {"file", "loaded", "sound", "problems", "states", "seconds"}
    assert 0 <= data["seconds"] < 5


def test_soundness_explains_a_deadlock(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "soundness.deadlock.yaml", tmp_path / "bad.yaml")
    assert main(["soundness", str(tmp_path / "bad.yaml"), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0].endswith(
        ":18:3: error soundness.deadlock: if 'Adres gekend?' is 'ja', step 'Samenvoegen' waits forever "
        "for 'Melding aan adresbeheerder', which never runs"
    )
    assert err.startswith(f"{(tmp_path / 'bad.yaml').as_posix()}: not sound (")


def test_soundness_reports_structure_first_and_undecided(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "graph.unmatched-split.yaml", tmp_path / "bad.yaml")
    assert main(["soundness", str(tmp_path / "bad.yaml"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["sound"], [p["code"] for p in data["problems"]]) == (False, ["graph.unmatched-split"])
    assert main(["soundness", str(ROOT / "fiches" / "in-uitschrijving.yaml"), "--max-states", "3",
                 "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["sound"], [p["code"] for p in data["problems"]]) == (None, ["soundness.undecided"])


def test_soundness_of_a_bpmn_file(folder: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["export", str(folder / "minimal.yaml"), "--to", "bpmn", "-o", str(folder / "minimal.bpmn")]) == 0
    capsys.readouterr()
    assert main(["soundness", str(folder / "minimal.bpmn"), "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["file"], data["sound"], data["problems"], data["states"]) == (
        (folder / "minimal.bpmn").as_posix(), True, [], 2)


def test_soundness_of_a_bpmn_file_explains_at_the_element(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "soundness.deadlock.yaml", tmp_path / "bad.yaml")
    assert main(["export", str(tmp_path / "bad.yaml"), "-o", str(tmp_path / "bad.bpmn")]) == 0
    capsys.readouterr()
    assert main(["soundness", str(tmp_path / "bad.bpmn"), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    lines = (tmp_path / "bad.bpmn").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if '<bpmn:parallelGateway id="step_samen"' in text)
    assert out.splitlines()[0] == (
        f"{(tmp_path / 'bad.bpmn').as_posix()}:{line}:5: error soundness.deadlock: if 'Adres gekend?' is 'ja', "
        "step 'Samenvoegen' waits forever for 'Melding aan adresbeheerder', which never runs"
    )
    assert err.startswith(f"{(tmp_path / 'bad.bpmn').as_posix()}: not sound (")


def test_soundness_of_an_unreadable_bpmn_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "kapot.bpmn").write_text("<definitions>", encoding="utf-8")
    assert main(["soundness", str(tmp_path / "kapot.bpmn"), "--format", "json", "--lang", "en"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["loaded"], data["sound"], [(p["line"], p["column"], p["code"]) for p in data["problems"]]) == (
        False, None, [(1, 14, "bpmn.syntax")])


def test_soundness_of_a_file_that_does_not_load_decides_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    missing = (tmp_path / "nergens.yaml").as_posix()
    assert main(["soundness", missing, "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{missing}:0:0: error io.unreadable: cannot read")
    assert err == f"{missing}: does not load; nothing was decided\n"
    shutil.copyfile(BAD / "yaml.duplicate-key.yaml", tmp_path / "dubbel.yaml")
    assert main(["soundness", str(tmp_path / "dubbel.yaml"), "--lang", "nl"]) == 1
    assert capsys.readouterr().err == f"{(tmp_path / 'dubbel.yaml').as_posix()}: laadt niet; er is niets beslist\n"
    assert main(["soundness", str(tmp_path), "--format", "json", "--lang", "en"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["loaded"], data["sound"], data["states"], [p["code"] for p in data["problems"]]) == (
        False, None, 0, ["io.unreadable"])


def test_export_to_a_file_or_the_standard_output(folder: Path, capsys: pytest.CaptureFixture[str]):
    target = folder / "uit" / "minimal.bpmn"
    assert main(["export", str(folder / "minimal.yaml"), "--to", "bpmn", "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"wrote {target.as_posix()}\n"
    assert main(["export", str(folder / "minimal.yaml")]) == 0
    assert capsys.readouterr().out == target.read_text(encoding="utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["minimal.bpmn"]  # no temporary file left


def test_export_of_a_fiche_that_does_not_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "schema.enum.yaml", tmp_path / "bad.yaml")
    assert main(["export", str(tmp_path / "bad.yaml"), "-o", str(tmp_path / "bad.bpmn"), "--lang", "en"]) == 1
    bad = (tmp_path / "bad.yaml").as_posix()
    assert capsys.readouterr().err.endswith(f"{bad} does not load; nothing was written\n")
    assert not (tmp_path / "bad.bpmn").exists()


def test_import_writes_a_new_fiche_and_never_overwrites(folder: Path, capsys: pytest.CaptureFixture[str]):
    (folder / "schemas").mkdir()
    (folder / "schemas" / "fiche.schema.json").write_text("{}")
    assert main(["export", str(folder / "minimal.yaml"), "-o", str(folder / "proces.bpmn")]) == 0
    target = folder / "fiches" / "minimal.yaml"  # its call to 'minimal' then resolves
    target.parent.mkdir()
    capsys.readouterr()
    assert main(["import", str(folder / "proces.bpmn"), "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"wrote {target.as_posix()}; run 'schillen check {target.as_posix()}' to see what "
                              "to complete\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/fiche.schema.json\nid: minimal\n"
                           "title: Kleinste geldige fiche\nversion: 0.1.0\nstatus: draft\nupdated: ")
    assert main(["check", str(target), "--strict"]) == 0
    capsys.readouterr()
    target.write_text("mijn werk\n")
    assert main(["import", str(folder / "proces.bpmn"), "-o", str(target)]) == 1
    assert capsys.readouterr().err == f"{target.as_posix()} already exists; nothing was written\n"
    assert target.read_text() == "mijn werk\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["minimal.yaml"]


def test_import_reports_what_it_leaves_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(DATA / "bpmn" / "unsupported.bpmn", tmp_path / "alles.bpmn")
    assert main(["import", str(tmp_path / "alles.bpmn"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("warning bpmn.") == 19
    assert f"{(tmp_path / 'alles.bpmn').as_posix()}:20:5: warning bpmn.unsupported-element: element 'Te_Laat' " \
           "('boundaryEvent') is not supported and is left out" in out
    assert (tmp_path / "alles.yaml").read_text(encoding="utf-8").count("kind: ") == 9


def test_import_of_a_file_that_is_not_bpmn(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "tekening.bpmn").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    assert main(["import", str(tmp_path / "tekening.bpmn"), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "error bpmn.not-bpmn: the file holds '{http://www.w3.org/2000/svg}svg'" in out
    assert err.endswith("no process could be read; nothing was written\n")
    assert not (tmp_path / "tekening.yaml").exists()
    assert main(["import", str(tmp_path / "tekening.bpmn"), "-o", str(tmp_path / "Tekening.yaml")]) == 2


def test_check_against_another_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "fiches"
    folder.mkdir()
    shutil.copyfile(MINIMAL, folder / "minimal.yaml")
    grar = (ROOT / "schillen" / "registers" / "grar.yaml").read_text(encoding="utf-8")
    (tmp_path / "register").mkdir()
    city = tmp_path / "register" / "stad.yaml"  # not among the fiches checked
    city.write_text(grar.replace("inGebruik", "inGebruikGenomen"), encoding="utf-8")  # renamed throughout
    assert main(["check", str(folder), "--register", str(city), "--lang", "en", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(d["line"], d["column"], d["code"]) for d in found] == [(47, 45, "register.no-such-value")]
    assert main(["check", str(folder), "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["check", str(folder), "--register", str(tmp_path / "geen.yaml")]) == 1
    assert "io.unreadable" in capsys.readouterr().err


def test_a_city_register_with_objects_of_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A fiche may name an object that only the city's register interface has; grar does not know it."""
    from tests.registers import mini

    city = tmp_path / "stad.yaml"
    city.write_text(mini("  gebouw:\n    title: Gebouw\n", "  woning:\n    title: Woning\n"), encoding="utf-8")
    fiche = tmp_path / "fiches" / "woning.yaml"
    fiche.parent.mkdir()
    fiche.write_text("""\
# yaml-language-server: $schema=../schemas/fiche.schema.json
id: woning
title: Woning plannen
version: 1.0.0
status: draft
updated: 2026-11-28
summary: Een woning wordt gepland.
actors: {dienst: {name: Dienst, kind: organisation}}
shells:
  kern:
    Woning: [gebouwStatus]
process:
  start: {kind: start, name: Aanvraag, next: plannen}
  plannen: {kind: task, actor: dienst, name: Woning plannen, next: einde,
            register: [{operation: plannen, object: Woning}]}
  einde: {kind: end, name: Gepland}
""", encoding="utf-8")
    assert main(["check", str(fiche), "--register", str(city), "--strict"]) == 0
    capsys.readouterr()
    assert main(["check", str(fiche), "--lang", "en"]) == 1
    assert capsys.readouterr().out == (
        f"{fiche.as_posix()}:11:5: error register.no-such-object: register grar has no object 'Woning'\n"
        "    hint: its objects: Adres, Gebouw, Gebouweenheid, Perceel, Straatnaam\n")


def test_output_onto_an_input_is_a_usage_error(folder: Path, capsys: pytest.CaptureFixture[str]):
    fiche = folder / "minimal.yaml"
    before = fiche.read_bytes()
    (folder / "link.svg").symlink_to(fiche)
    again = f"{folder.as_posix()}/../{folder.name}/minimal.yaml"
    cases = [
        (["export", str(fiche), "-o", str(fiche)], f"{fiche.as_posix()!r} is an input"),
        (["export", str(fiche), "--to", "mermaid", "-o", again], f"{again!r} is the input {fiche.as_posix()}"),
        (["diagram", str(fiche), "-o", str(folder / "link.svg")],
         f"{(folder / 'link.svg').as_posix()!r} is the input {fiche.as_posix()}"),
        (["matrix", str(folder), "-o", str(fiche)], f"{fiche.as_posix()!r} is an input"),
        (["import", str(fiche), "-o", str(fiche)], f"{fiche.as_posix()!r} is an input"),
    ]
    for argv, what in cases:
        assert main(argv) == 2, argv
        assert capsys.readouterr().err.splitlines()[-1] == (
            f"Error: Invalid value for -o/--output: {what}; it is never overwritten: write to another file")
    shutil.copyfile(fiche, folder / "ander.yaml")
    assert main(["export", str(fiche), "-o", str(folder / "ander.yaml")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: Invalid value for -o/--output: {(folder / 'ander.yaml').as_posix()!r} is an existing YAML file "
        "(a fiche?); it is never overwritten: write to another file")
    assert fiche.read_bytes() == before and (folder / "link.svg").is_symlink()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices")
def test_output_onto_a_device_or_a_link_to_the_standard_output(folder: Path, capsys: pytest.CaptureFixture[str]):
    import stat

    assert main(["export", str(folder / "minimal.yaml"), "-o", "/dev/null"]) == 0
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    link = folder / "uit.mmd"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, in a folder of our own
    done = subprocess.run([sys.executable, "-m", "schillen", "export", str(folder / "minimal.yaml"), "--to", "mermaid",
                           "-o", str(link)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.startswith("flowchart"), done.stderr) == (0, True, f"wrote {link}\n")
    assert link.is_symlink()


def test_output_that_cannot_be_written_is_one_line(folder: Path, capsys: pytest.CaptureFixture[str]):
    fiche = folder / "minimal.yaml"
    for argv in (["export", str(fiche), "-o", f"{fiche}/uit.bpmn"],
                 ["diagram", str(fiche), "--format", "dot", "-o", f"{fiche}/uit.dot"],
                 ["matrix", str(folder), "-o", f"{fiche}/m.md"],
                 ["schema", "-o", f"{fiche}/fiche.schema.json"]):
        assert main([*argv]) == 1, argv
        assert capsys.readouterr().err == f"cannot write {argv[-1]}: a part of the path is a file, not a folder\n"
    assert main(["export", str(fiche), "-o", f"{fiche}/uit.bpmn", "--lang", "nl"]) == 1
    assert capsys.readouterr().err == f"kan {fiche}/uit.bpmn niet schrijven: een deel van het pad is een bestand, " \
                                      "geen map\n"
    assert main(["export", str(fiche), "-o", str(folder / "proces.bpmn")]) == 0
    capsys.readouterr()
    assert main(["import", str(folder / "proces.bpmn"), "-o", f"{fiche}/nieuw.yaml"]) == 1
    assert capsys.readouterr().err.endswith(f"cannot write {fiche}/nieuw.yaml: a part of the path is a file, "
                                            "not a folder\n")


def test_output_without_permission(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    import errno

    import schillen._io

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "x")

    monkeypatch.setattr(schillen._io.tempfile, "mkstemp", refuse)
    assert main(["export", str(folder / "minimal.yaml"), "-o", str(folder / "uit.bpmn")]) == 1
    assert capsys.readouterr().err == f"cannot write {(folder / 'uit.bpmn').as_posix()}: permission denied\n"
    monkeypatch.setenv("SCHILLEN_LANG", "nl")
    assert main(["new", "nieuw", "--dir", str(folder / "fiches")]) == 1
    assert capsys.readouterr().err == f"kan {(folder / 'schemas/fiche.schema.json').as_posix()} niet schrijven: " \
                                      "geen toegang\n"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["minimal.yaml", "schemas"]


def test_schema_to_a_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["schema", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: Invalid value for '-o' / '--output': File {str(tmp_path)!r} is a directory.")
    (tmp_path / "register.schema.json").mkdir()
    assert main(["schema", "-o", str(tmp_path / "fiche.schema.json")]) == 1
    folder = tmp_path.as_posix()
    assert capsys.readouterr().err == (f"wrote {folder}/fiche.schema.json\n"
                                       f"cannot write {folder}/register.schema.json: it is a folder\n")


def test_new_with_an_id_too_long_for_a_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["new", "a" * 250, "--dir", str(tmp_path / "kort")]) == 0
    capsys.readouterr()
    assert main(["new", "a" * 251, "--dir", str(tmp_path / "lang")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Error: Invalid value for ID: aaaaaaaaaaaaaaaaaaaa...: the id has 251 characters; the file ID.yaml must fit "
        "in a file name: at most 250 characters (a short id reads better anyway)")
    assert not (tmp_path / "lang").exists()


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
@pytest.mark.parametrize(("argv", "message"), [
    (["check", "fiches", "--format", "json"], "cannot write the standard output: no space left on the device"),
    (["matrix", "fiches"], "cannot write the standard output: no space left on the device"),
    (["export", "fiches/in-uitschrijving.yaml", "--to", "mermaid", "--lang", "nl"],
     "kan de standaarduitvoer niet schrijven: geen ruimte meer op het apparaat"),
])
def test_a_full_standard_output_is_one_line(argv: list[str], message: str):
    with open("/dev/full", "w") as full:  # opened for writing, as '> /dev/full' does
        done = subprocess.run([sys.executable, "-m", "schillen", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stderr.splitlines()[-1]) == (1, message)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_diagram_format_from_an_unknown_suffix_is_a_usage_error(folder: Path, capsys: pytest.CaptureFixture[str]):
    fiche = folder / "minimal.yaml"
    assert main(["diagram", str(fiche), "-o", str(folder / "x.pdf")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: Invalid value for -o/--output: {(folder / 'x.pdf').as_posix()!r}: no diagram format ends in .pdf; "
        "name the file .svg, .png, .dot or .gv, or give --format")
    assert not (folder / "x.pdf").exists()
    assert main(["diagram", str(fiche), "-o", str(folder / "x.GV")]) == 0
    assert (folder / "x.GV").read_text(encoding="utf-8").startswith("digraph")
    assert main(["diagram", str(fiche), "--format", "dot", "-o", str(folder / "x.pdf")]) == 0


# --- review CLI: M6, M8, M12, M15, L3, L5, L8, L9, L13, L17, L18 ---------------------------------


def test_messages_of_the_command_line_in_dutch(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    fiche = folder / "minimal.yaml"
    out = (folder / "uit.bpmn").as_posix()
    assert main(["export", str(fiche), "-o", out, "--lang", "nl"]) == 0
    assert capsys.readouterr().err == f"schreef {out}\n"
    monkeypatch.setenv("SCHILLEN_LANG", "nl")
    assert main(["export", str(fiche), "-o", out]) == 0
    assert capsys.readouterr().err == f"schreef {out}\n"
    shutil.copyfile(BAD / "schema.enum.yaml", folder / "bad.yaml")
    bad = (folder / "bad.yaml").as_posix()
    assert main(["export", bad, "-o", out]) == 1
    assert capsys.readouterr().err.endswith(f"{bad} laadt niet; er is niets geschreven\n")
    assert main(["simulate", bad]) == 1
    assert capsys.readouterr().err.endswith(f"{bad} laadt niet; er is geen scenario uitgevoerd\n")
    assert main(["import", out, "-o", bad]) == 1
    assert capsys.readouterr().err == f"{bad} bestaat al; er is niets geschreven\n"
    (folder / "leeg.bpmn").write_text("<definitions>", encoding="utf-8")
    assert main(["import", str(folder / "leeg.bpmn")]) == 1
    assert capsys.readouterr().err == f"{(folder / 'leeg.bpmn').as_posix()}: er kon geen proces gelezen worden; " \
                                      "er is niets geschreven\n"
    assert main(["new", "Slecht Id", "--dir", str(folder)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Error: Invalid value for ID: 'Slecht Id' is geen fiche-id: gebruik kleine letters, cijfers en koppeltekens, "
        "bv. 'leegstaande-woningen'")
    assert main(["new", "minimal", "--dir", str(folder)]) == 1
    assert capsys.readouterr().err == f"{fiche.as_posix()} bestaat al; er is niets geschreven\n"
    assert main(["soundness", str(fiche)]) == 0
    assert re.fullmatch(rf"{re.escape(fiche.as_posix())}: correct \(2 toestanden, \d+,\d\d\d s\)\n",
                        capsys.readouterr().err)
    assert main(["soundness", str(fiche), "--lang", "en"]) == 0
    assert re.fullmatch(rf"{re.escape(fiche.as_posix())}: sound \(2 states, \d+\.\d\d\d s\)\n", capsys.readouterr().err)
    assert main(["register", "get", "adres", "999999"]) == 1
    assert capsys.readouterr().err == "fout: adres '999999' niet gevonden\n"
    assert main(["register", "get", "adres", "999999", "--lang", "en"]) == 1
    assert capsys.readouterr().err == "error: adres '999999' not found\n"
    assert main(["simulate", str(ROOT / "fiches" / "in-uitschrijving.yaml"), "--scenario", "geen"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Error: Invalid value for --scenario: de fiche heeft geen scenario 'geen'; ze heeft: "
        "eerste_bewoning_nieuwbouw, verhuis_naar_bestaande_woning, ontbrekend_busnummer, gebouw_nog_in_aanbouw")


def test_simulate_json_of_a_fiche_that_does_not_load_is_json(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch):
    shutil.copyfile(BAD / "yaml.duplicate-key.yaml", tmp_path / "dubbel.yaml")
    file = (tmp_path / "dubbel.yaml").as_posix()
    assert main(["simulate", file, "--format", "json", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert (data["file"], data["loaded"], err) == (file, False, "")
    assert "yaml.duplicate-key" in [p["code"] for p in data["problems"]]
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", "nergens.yaml", "--format", "json", "--lang", "nl"]) == 1
    assert json.loads(capsys.readouterr().out) == {"file": "nergens.yaml", "loaded": False, "problems": [{
        "file": "nergens.yaml", "line": 0, "column": 0, "code": "io.unreadable", "severity": "error",
        "message": "kan 'nergens.yaml' niet lezen: bestand of map bestaat niet",
        "hint": "controleer het pad en of het bestand leesbaar is"}]}


def test_matrix_of_the_fiches_that_load(folder: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copyfile(BAD / "yaml.duplicate-key.yaml", folder / "dubbel.yaml")
    bad = (folder / "dubbel.yaml").as_posix()
    assert main(["matrix", str(folder), "--format", "json", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["fiches"] == ["minimal"]
    assert f"{bad}:" in err and "error yaml.duplicate-key" in err
    assert err.endswith(f"1 file(s) did not load: {bad}\n")
    target = (folder / "uit" / "m.md").as_posix()
    assert main(["matrix", str(folder), "-o", target, "--lang", "nl"]) == 1
    assert capsys.readouterr().err.endswith(f"schreef {target}\n1 bestand(en) laden niet: {bad}\n")
    assert Path(target).read_text(encoding="utf-8").startswith("# ")


def test_book_and_matrix_of_an_empty_folder_warn(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.chdir(tmp_path)  # short paths: a diagnostic quotes a long one shortened
    (tmp_path / "leeg").mkdir()
    empty = "leeg"
    warning = (f"{empty}:0:0: warning io.no-fiches: no fiche (*.yaml or *.yml) found in '{empty}'\n"
               "    hint: give a fiche file or a folder that holds fiches\n")
    assert main(["check", empty, "--lang", "en"]) == 0
    assert capsys.readouterr().out == warning
    assert main(["matrix", empty, "--lang", "en"]) == 0
    assert capsys.readouterr().err == warning
    assert main(["book", empty, "-o", "boek", "--lang", "en"]) == 0
    assert capsys.readouterr().err.startswith(warning)


def test_import_of_a_folder_says_it_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "map").mkdir()
    assert main(["import", "map", "-o", "map.yaml", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert out == ("map:0:0: error io.unreadable: cannot read 'map': it is a folder\n"
                   "    hint: check the path and that the file is readable\n")
    assert err == "map: no process could be read; nothing was written\n"
    assert main(["import", "map", "-o", "map.yaml", "--lang", "nl"]) == 1
    assert capsys.readouterr() == ("map:0:0: fout io.unreadable: kan 'map' niet lezen: het is een map\n"
                                   "    tip: controleer het pad en of het bestand leesbaar is\n",
                                   "map: er kon geen proces gelezen worden; er is niets geschreven\n")


def test_an_unknown_schillen_lang_is_said(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.setenv("SCHILLEN_LANG", "xx")
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["check", str(folder)]) == 0
    assert capsys.readouterr().err == (
        "schillen: SCHILLEN_LANG='xx' is not a language of schillen (en, nl); the locale decides\n"
        "1 file(s) checked, 1 fiche(s) loaded: no problems\n")
    assert main(["check", str(folder), "--lang", "nl"]) == 0  # --lang decides: nothing to say
    assert capsys.readouterr().err == "1 bestand(en) gecontroleerd, 1 fiche(s) geladen: geen problemen\n"


def test_import_without_o_of_a_name_that_is_no_id(folder: Path, capsys: pytest.CaptureFixture[str]):
    source = folder / "My Process.bpmn"
    assert main(["export", str(folder / "minimal.yaml"), "-o", str(source)]) == 0
    capsys.readouterr()
    default = (folder / "My Process.yaml").as_posix()
    assert main(["import", str(source), "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: without -o the fiche would be written to {default!r} (PATH with .yaml), but 'My Process' is not a "
        "fiche id (lower case letters, digits and hyphens): give -o, e.g. -o "
        f"{(folder / 'my-process.yaml').as_posix()}")
    assert main(["import", str(source), "--lang", "nl"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith(
        f"Error: zonder -o zou de fiche naar {default!r} geschreven worden (PATH met .yaml), maar 'My Process' is geen "
        "fiche-id")
    assert main(["import", str(source), "-o", str(folder / "Mijn.yaml"), "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Error: Invalid value for -o/--output: 'Mijn.yaml' does not give a fiche id: name the file with lower case "
        f"letters, digits and hyphens, e.g. {(folder / 'mijn.yaml').as_posix()!r}")


def test_bpmn_where_a_fiche_is_expected(folder: Path, capsys: pytest.CaptureFixture[str]):
    bpmn = folder / "proces.bpmn"
    assert main(["export", str(folder / "minimal.yaml"), "-o", str(bpmn)]) == 0
    xml = folder / "proces.xml"
    shutil.copyfile(bpmn, xml)
    capsys.readouterr()
    for command in ("export", "diagram", "simulate"):
        for path in (bpmn, xml):
            assert main([command, str(path), "--lang", "en"]) == 1
            assert capsys.readouterr() == ("", (
                f"{path.as_posix()} is a BPMN file; 'schillen {command}' reads fiches (YAML): 'schillen import "
                f"{path.as_posix()}' turns it into a fiche\n"))
    assert main(["export", str(xml), "--lang", "nl"]) == 1
    assert capsys.readouterr().err == (f"{xml.as_posix()} is een BPMN-bestand; 'schillen export' leest fiches (YAML): "
                                       f"'schillen import {xml.as_posix()}' maakt er een fiche van\n")
    assert main(["soundness", str(xml), "--format", "json"]) == 0  # a BPMN file by its content
    data = json.loads(capsys.readouterr().out)
    assert (data["loaded"], data["sound"]) == (True, True)


def test_schema_with_one_file_for_both_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    same = (tmp_path / "same.json").as_posix()
    assert main(["schema", "-o", same, "--register-output", same, "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: -o and --register-output are one file, {same!r}: the register schema would replace the fiche "
        "schema; give two files")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_broken_link_among_the_fiches_is_reported(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.chdir(folder.parent)
    folder = Path(folder.name)
    (folder / "kapot.yaml").symlink_to("nergens.yaml")
    link = (folder / "kapot.yaml").as_posix()
    error = (f"{link}:0:0: error io.unreadable: cannot read '{link}': it is a symbolic link to 'nergens.yaml', "
             "which does not exist\n    hint: check the path and that the file is readable\n")
    assert main(["check", str(folder), "--lang", "en"]) == 1
    assert capsys.readouterr() == (error, "2 file(s) checked, 1 fiche(s) loaded: 1 error(s), 0 warning(s)\n")
    assert main(["check", str(folder), "--lang", "nl"]) == 1
    assert capsys.readouterr().out == (
        f"{link}:0:0: fout io.unreadable: kan '{link}' niet lezen: het is een symbolische koppeling naar "
        "'nergens.yaml', dat niet bestaat\n    tip: controleer het pad en of het bestand leesbaar is\n")
    assert main(["matrix", str(folder), "--format", "json", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["fiches"] == ["minimal"]
    assert err == f"{error}1 file(s) did not load: {link}\n"
    assert main(["book", str(folder), "-o", "boek", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(error) and err.endswith(f"1 file(s) did not load: {link}\n")


def test_a_folder_where_a_fiche_is_expected(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "map").mkdir()
    folder = "map"
    diagnostic = (f"{folder}:0:0: error io.unreadable: cannot read '{folder}': it is a folder\n"
                  "    hint: check the path and that the file is readable\n")
    for command, consequence in (("simulate", "no scenario was run"), ("export", "nothing was written"),
                                 ("diagram", "nothing was written")):
        assert main([command, folder, "--lang", "en"]) == 1, command
        assert capsys.readouterr() == ("", f"{diagnostic}{folder} does not load; {consequence}\n")
    assert main(["soundness", folder, "--lang", "en"]) == 1
    assert capsys.readouterr() == (diagnostic, f"{folder}: does not load; nothing was decided\n")


def test_register_try_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    assert main(["register", "try", "adres", "goedkeuren", "--status", "voorgesteld"]) == 0
    capsys.readouterr()
    assert main(["register", "try", "adres", "afkeuren", "--status", "inGebruik"]) == 1
    assert capsys.readouterr().out.startswith("adres afkeuren from inGebruik: refused (AdresGehistoreerdOfInGebruik)")
    assert main(["register", "try", "adres", "goedkeuren", "--status", "nope"]) == 2
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kapot.yaml").write_text("garbage: [\n", encoding="utf-8")
    for argv in (["--register", "nergens.yaml"], ["--register", "kapot.yaml"]):  # not "refused": the input is wrong
        assert main(["register", "try", "adres", "goedkeuren", *argv, "--lang", "en"]) == 2, argv
    assert capsys.readouterr() == ("", (
        "nergens.yaml:0:0: error io.unreadable: cannot read 'nergens.yaml': no such file or folder\n"
        "    hint: check the path and that the file is readable\n"
        "kapot.yaml:1:11: error yaml.syntax: the YAML cannot be read: a value was expected here\n"
        "    hint: check quotes, colons and brackets on this line and the line before\n"))


@pytest.mark.parametrize(("argv", "message"), [
    (["register", "list", "adres", "--filter", "status=nope"],
     "Invalid value for --filter: adres has no status 'nope'; choose one of voorgesteld, inGebruik, gehistoreerd, "
     "afgekeurd"),
    (["register", "list", "adres", "--filter", "status=ingebruk"],
     "Invalid value for --filter: adres has no status 'ingebruk'; did you mean 'inGebruik'?"),
    (["register", "list", "gebouweenheid", "--filter", "functie=x"],
     "Invalid value for --filter: gebouweenheid has no functie 'x'; choose one of nietGekend, gemeenschappelijkDeel"),
    (["register", "list", "adres", "--filter", "status"],
     "Invalid value for --filter: 'status': write NAME=VALUE, e.g. status=gepland"),
    (["register", "try", "gebouweenheid", "plannen", "--attribute", "functie"],
     "Invalid value for --attribute: 'functie': write NAME=VALUE, e.g. functie=gemeenschappelijkDeel"),
])
def test_register_list_filter_values_are_checked(capsys: pytest.CaptureFixture[str], argv: list[str], message: str):
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"Error: {message}"


def test_register_list_filter_value_in_another_case(capsys: pytest.CaptureFixture[str]):
    assert main(["register", "list", "adres", "--filter", "status=INGEBRUIK", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {item["adresStatus"] for item in found} == {"inGebruik"}
    assert main(["register", "list", "adres", "--filter", "straatnaamObjectId=999999", "--lang", "nl"]) == 0
    assert capsys.readouterr() == ("", "geen enkel adres voldoet\n")


@pytest.mark.parametrize(("argv", "message"), [
    (["diagram", "FICHE", "--format", "png"], "Error: PNG is binair: geef -o BESTAND.png"),
    (["diagram", "FICHE", "--object", "adres"], "Error: --object hoort bij --kind lifecycle"),
    (["diagram", "FICHE", "-o", "x.pdf"],
     "Error: Invalid value for -o/--output: 'x.pdf': geen diagramformaat eindigt op .pdf; noem het bestand .svg, "
     ".png, .dot of .gv, of geef --format"),
    (["export", "FICHE", "-o", "FICHE"],
     "Error: Invalid value for -o/--output: 'minimal.yaml' is een invoer; die wordt nooit overschreven: schrijf naar "
     "een ander bestand"),
    (["check", "FICHE", "--ignore", "yml"],
     "Error: Invalid value for '--ignore': geen meldingscode begint met 'yml'; bedoelt u 'yaml.'?"),
    (["register", "list", "adres", "--filter", "status=nope"],
     "Error: Invalid value for --filter: adres heeft geen status 'nope'; kies uit voorgesteld, inGebruik, "
     "gehistoreerd, afgekeurd"),
    (["register", "list", "adres", "--filter", "status"],
     "Error: Invalid value for --filter: 'status': schrijf NAAM=WAARDE, bv. status=gepland"),
    (["register", "get", "adres", "1", "--api", "http://x", "--register-data", "d.json"],
     "Error: geef --api of --register-data, niet beide"),
])
def test_usage_messages_of_the_command_line_in_dutch(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch,
                                                     argv: list[str], message: str):
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SCHILLEN_LANG", "nl")
    assert main([arg.replace("FICHE", "minimal.yaml") for arg in argv]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == message


def test_check_reports_register_mistakes_of_a_fiche_that_does_not_load(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]):
    """One schema error does not hide the register's: all three in one run (review H7)."""
    fiche = tmp_path / "in-uitschrijving.yaml"
    shutil.copyfile(DATA / "unloaded" / "in-uitschrijving.yaml", fiche)
    (tmp_path / "kapot.yaml").write_text("id: [\n  : - :\n", encoding="utf-8")  # not YAML: no traceback either
    assert main(["check", str(tmp_path), "--lang", "en", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(d["line"], d["column"], d["code"]) for d in found if d["file"] == fiche.as_posix()] == [
        (5, 9, "schema.enum"), (21, 25, "register.no-such-value"), (28, 20, "register.no-such-operation")]
    assert not [d for d in found if d["file"] != fiche.as_posix() and d["code"].startswith("register.")]
    assert main(["check", str(fiche), "--lang", "nl"]) == 1
    out, err = capsys.readouterr()
    assert f"{fiche.as_posix()}:21:25: fout register.no-such-value: 'InGebruik' is geen waarde van 'adresStatus'" in out
    assert f"{fiche.as_posix()}:28:20: fout register.no-such-operation: het register heeft geen operatie " \
           "'activeren' op 'Adres'\n" in out
    assert err == "1 bestand(en) gecontroleerd, 0 fiche(s) geladen: 3 fout(en), 0 waarschuwing(en)\n"
    # Against another register, the unloaded fiche is checked against that one.
    assert main(["check", str(fiche), "--register", str(DATA / "register.yaml"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert [line.split(" ", 3)[:3] for line in out.splitlines() if not line.startswith(" ")] == [
        [f"{fiche.as_posix()}:5:9:", "error", "schema.enum:"],
        [f"{fiche.as_posix()}:12:5:", "error", "register.no-such-object:"]]
    assert "register mini has no object 'Adres'" in out


def test_the_command_line_skips_the_search_for_pydantic_plugins() -> None:
    """About 35 ms of every command's start (docs/performance.md); a value the user set stands."""
    show = ("import os, schillen.cli, pydantic.plugin._loader as loader, schillen.loading; "
            "print(os.environ['PYDANTIC_DISABLE_PLUGINS'], loader._plugins)")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=env, check=True)
    assert done.stdout == "__all__ None\n"  # never looked for
    done = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, check=True,
                          env={**env, "PYDANTIC_DISABLE_PLUGINS": "logfire"})
    assert done.stdout == "logfire {}\n"  # looked for, the one named left out
