"""``schillen book``: exit codes and messages, through ``main(argv)``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from schillen.cli import main
from schillen.loading import load_catalogue
from schillen.registers import load_register
from schillen.render.dot import lifecycle_diagrams
from tests.book.conftest import FICHES
from tests.conftest import DATA


@pytest.fixture
def fiches(tmp_path: Path) -> Path:
    folder = tmp_path / "fiches"
    folder.mkdir()
    for name in ("in-uitschrijving.yaml", "ambtshalve-inschrijving-afvoering.yaml"):
        shutil.copyfile(FICHES / name, folder / name)
    return folder


def _summary(err: str) -> tuple[int, ...]:
    found = re.search(r": (\d+) page\(s\) written, (\d+) reused; (\d+) diagram\(s\) laid out, (\d+) reused "
                      r"\(\d+\.\d\d s\)\n", err)
    assert found, err
    return tuple(int(n) for n in found.groups())


def _expected(folder: Path) -> tuple[int, int]:
    """(pages, diagrams) of the book of the fiches in ``folder`` that load."""
    fiches = load_catalogue([folder]).fiches.values()
    objects = len(load_register().objects)
    return len(fiches) + objects + 3, sum(2 + len(lifecycle_diagrams(f)) for f in fiches) + objects


def test_build_rebuild_and_force(fiches: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["book", str(fiches), "-o", str(out)]) == 0
    first = _summary(capsys.readouterr().err)
    # 2 fiches, 5 register objects, index, matrix, glossary; 2 x (process, data model, lifecycles) + 5 objects
    pages, diagrams = _expected(fiches)
    assert first == (pages, 0, diagrams, 0)
    assert main(["book", str(fiches), "-o", str(out)]) == 0
    out_text, err = capsys.readouterr()
    assert out_text == ""
    assert _summary(err) == (0, pages, 0, diagrams)
    assert main(["book", str(fiches), "-o", str(out), "--force", "--jobs", "1"]) == 0
    assert _summary(capsys.readouterr().err) == first


def test_a_fiche_that_does_not_load_exits_1_and_the_book_is_built(fiches: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = fiches / "kapot.yaml"
    bad.write_text("id: kapot\ntitle: [\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["book", str(fiches), "-o", str(out), "--register", str(tmp_path / "none.yaml")]) == 1
    err = capsys.readouterr().err
    assert "none.yaml" in err and not (out / "index.html").exists()  # a register that does not load: no book
    assert main(["book", str(fiches), "-o", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad.as_posix()}:2:9: error yaml.syntax: ")
    assert err.endswith(f"1 file(s) did not load: {bad.as_posix()}\n")
    assert _summary(err) == (*_expected(fiches)[:1], 0, *_expected(fiches)[1:], 0)
    assert (out / "fiches" / "in-uitschrijving.html").is_file()
    assert bad.as_posix() in (out / "index.html").read_text(encoding="utf-8")


def test_a_folder_that_is_not_a_book_exits_1(fiches: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "notities"
    other.mkdir()
    (other / "lijst.txt").write_text("mijn lijst\n", encoding="utf-8")
    assert main(["book", str(fiches), "-o", str(other)]) == 1
    assert capsys.readouterr().err == (
        f"schillen book: {other} is not empty and is not a book built by schillen (no .schillenboek.json): "
        "refusing to replace it; choose another output folder or empty this one\n")
    assert [p.name for p in other.iterdir()] == ["lijst.txt"]
    assert main(["book", str(fiches), "-o", str(fiches)]) == 1
    assert capsys.readouterr().err == (
        f"schillen book: {fiches} lies inside the book's folder {fiches}, which every build replaces: "
        "keep the fiches outside it, or choose another output folder\n")
    assert main(["book", str(fiches), "-o", str(other), "--lang", "nl"]) == 1
    assert capsys.readouterr().err == (
        f"schillen book: {other} is niet leeg en is geen boek dat schillen maakte (geen .schillenboek.json): "
        "schillen vervangt de map niet; kies een andere uitvoermap of maak deze leeg\n")
    assert main(["book", str(fiches), "-o", str(fiches), "--lang", "nl"]) == 1
    assert capsys.readouterr().err == (
        f"schillen book: {fiches} ligt in de map van het boek, {fiches}, die elke build vervangt: "
        "houd de fiches erbuiten of kies een andere uitvoermap\n")


def test_output_is_required(fiches: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["book", str(fiches)]) == 2
    assert "Missing option '-o' / '--output'" in capsys.readouterr().err


def test_a_register_of_its_own(fiches: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    register = DATA / "register.yaml"
    assert main(["book", str(fiches), "-o", str(out), "--register", str(register)]) == 0
    capsys.readouterr()
    objects = load_register(register).objects
    assert sorted(p.name for p in (out / "objecten").iterdir()) == sorted(
        name for key in objects for name in (f"{key}.html", f"{key}-levensloop.svg"))
    glossary = (out / "woordenlijst.html").read_text(encoding="utf-8")
    assert glossary.count("<section id=") == len(load_register(register).codelists)
