"""Incremental and atomic builds: exact counts of what is rendered and reused; a failed build leaves the old book."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schillen.book import MANIFEST, BookError, BookResult, build_book
from schillen.checks import check_catalogue
from schillen.errors import RenderError
from schillen.loading import load_catalogue
from schillen.matrix import build_matrix
from tests.book.conftest import FICHES


def _counts(result: BookResult) -> tuple[int, int, int, int]:
    return result.pages_written, result.pages_reused, result.diagrams_rendered, result.diagrams_reused


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a book: its bytes and inode."""
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_ino) for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BookResult]:
    """The six fiches and their book, built once; each test gets a copy at the same place (see ``fiches``)."""
    work = tmp_path_factory.mktemp("build")
    shutil.copytree(FICHES, work / "fiches")
    result = build_book([work / "fiches"], work / "site")
    shutil.copytree(work / "fiches", work / "pristine" / "fiches")
    shutil.copytree(work / "site", work / "pristine" / "site")
    return work, result


@pytest.fixture
def fiches(pristine: tuple[Path, BookResult]) -> Path:
    """A folder ``fiches`` (a copy of the bundled ones) alone in a folder of its own."""
    work, _ = pristine
    for name in ("fiches", "site", "blocker", "empty"):
        if (work / name).is_dir():
            shutil.rmtree(work / name)
        elif (work / name).exists():
            (work / name).unlink()
    shutil.copytree(work / "pristine" / "fiches", work / "fiches")
    return work / "fiches"


@pytest.fixture
def built(pristine: tuple[Path, BookResult], fiches: Path) -> tuple[Path, BookResult]:
    """The book of ``fiches``, as the first build left it (a copy of it, at the same place)."""
    work, result = pristine
    shutil.copytree(work / "pristine" / "site", work / "site")
    return work / "site", result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_nothing_done(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    before = _snapshot(out)
    again = build_book([fiches], out)
    assert _counts(again) == (0, first.pages_written, 0, first.diagrams_rendered)
    assert _snapshot(out) == before
    assert again.seconds < 1


def test_force_renders_everything(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    before = _snapshot(out)
    again = build_book([fiches], out, force=True)
    assert _counts(again) == _counts(first)
    after = _snapshot(out)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}  # deterministic
    assert all(after[k][1] != before[k][1] for k in after)  # every file new


def test_other_code_renders_everything(fiches: Path, built: tuple[Path, BookResult],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A book built by other schillen code (same version number, as while it is developed) is not reused."""
    import schillen.book.build

    out, first = built
    real = schillen.book.build.code_digest()
    assert len(real) == 64 and real == schillen.book.build.code_digest()  # the same code, the same digest
    monkeypatch.setattr(schillen.book.build, "code_digest", lambda: "other code")
    # every page again; a diagram is keyed by its DOT source and the engine, which say all its code did
    assert _counts(build_book([fiches], out)) == (first.pages_written, 0, 0, first.diagrams_rendered)


def test_a_summary_change_renders_one_page(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    before = _snapshot(out)
    _edit(fiches / "leegstaande-woningen.yaml", "houdt een leegstandsregister bij",
          "houdt een leegstandsregister (het register) bij")
    again = build_book([fiches], out)
    pages = first.pages_written
    assert _counts(again) == (1, pages - 1, 0, first.diagrams_rendered)
    after = _snapshot(out)
    changed = sorted(k for k in after if after[k][1] != before[k][1])
    assert changed == [MANIFEST, "book.css", "fiches/leegstaande-woningen.html"]
    assert "het register" in (out / "fiches" / "leegstaande-woningen.html").read_text(encoding="utf-8")


def test_a_step_name_change_renders_the_page_and_the_process_diagram(fiches: Path,
                                                                     built: tuple[Path, BookResult]) -> None:
    out, first = built
    before = _snapshot(out)
    _edit(fiches / "in-uitschrijving.yaml", "name: Aangifte adreswijziging", "name: Aangifte van de verhuis")
    again = build_book([fiches], out)
    assert _counts(again) == (1, first.pages_written - 1, 1, first.diagrams_rendered - 1)
    after = _snapshot(out)
    changed = sorted(k for k in after if after[k][1] != before[k][1])
    assert changed == [MANIFEST, "book.css", "fiches/in-uitschrijving.html", "fiches/in-uitschrijving/proces.svg"]


def test_a_new_version_renders_the_page_and_the_index(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    before = _snapshot(out)
    path = fiches / "omgevingsvergunning.yaml"
    _edit(path, "\nversion: 1.0.0\n", "\nversion: 1.1.0\n")
    again = build_book([fiches], out)
    assert _counts(again) == (2, first.pages_written - 2, 0, first.diagrams_rendered)
    after = _snapshot(out)
    assert sorted(k for k in after if after[k][1] != before[k][1]) == [
        MANIFEST, "book.css", "fiches/omgevingsvergunning.html", "index.html"]
    assert "<td>1.1.0</td>" in (out / "index.html").read_text(encoding="utf-8")


def test_a_broken_fiche_is_listed_and_the_others_are_reused(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    path = fiches / "ongeschikt-onbewoonbaar.yaml"
    _edit(path, "\nstatus: review\n", "\nstatus: klaar\n")
    again = build_book([fiches], out)
    assert again.broken == (path.as_posix(),)
    # The fiche's page, its diagrams and its column of the matrix are gone; the index and the object pages
    # that listed it, and the matrix, are rendered again.
    assert not (out / "fiches" / "ongeschikt-onbewoonbaar.html").exists()
    assert not (out / "fiches" / "ongeschikt-onbewoonbaar").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<h3 class="file">{path.as_posix()}</h3>' in index
    assert "<td><code>schema.enum</code></td>" in index
    assert again.pages_written + again.pages_reused == first.pages_written - 1
    assert again.diagrams_rendered == 0
    # Broken files are listed on every build, so a rebuild loads the fiches again, and reuses every file.
    third = build_book([fiches], out)
    assert _counts(third) == (0, again.pages_written + again.pages_reused, 0, again.diagrams_reused)


def test_a_failed_layout_leaves_the_old_book(fiches: Path, built: tuple[Path, BookResult],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = built
    before = _snapshot(out)
    _edit(fiches / "in-uitschrijving.yaml", "name: Aangifte adreswijziging", "name: Aangifte van de verhuis")
    monkeypatch.setenv("SCHILLEN_DOT", shutil.which("false") or "false")  # an engine that always fails
    # Another engine means other diagrams: every layout runs again, and the first one fails.
    with pytest.raises(RenderError, match=r"^diagram fiches/ambtshalve-inschrijving-afvoering/proces\.svg: "
                                          r"false failed \(exit 1\)"):
        build_book([fiches], out)
    assert _snapshot(out) == before
    # No temporary folder; the lock file that keeps two builds of one book apart stays.
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.lock", "fiches", "pristine", "site"]


def test_what_a_killed_build_left_is_removed(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, _ = built
    for left in (".site.new-k1ll3d", ".site.old-k1ll3d"):
        (out.parent / left / "fiches").mkdir(parents=True)
    (out.parent / ".sites.new-other").mkdir()  # another book's: not ours to remove
    _edit(fiches / "in-uitschrijving.yaml", "name: Aangifte adreswijziging", "name: Aangifte van de verhuis")
    build_book([fiches], out)
    assert sorted(p.name for p in out.parent.iterdir()) == [
        ".site.lock", ".sites.new-other", "fiches", "pristine", "site"]


def test_an_output_that_cannot_be_written(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, _ = built
    before = _snapshot(out)
    blocker = fiches.parent / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BookError, match=r"blocker is not a folder; choose another output folder$"):
        build_book([fiches], blocker)
    with pytest.raises(BookError, match=r"^cannot write the book to .*/blocker/site: File exists$"):
        build_book([fiches], blocker / "site")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert _snapshot(out) == before


def test_a_folder_that_is_not_a_book_is_never_replaced(fiches: Path) -> None:
    refused = r"is not empty and is not a book built by schillen \(no \.schillenboek\.json\)"
    with pytest.raises(BookError, match=refused):
        build_book([fiches / "in-uitschrijving.yaml"], fiches.parent / "pristine")
    with pytest.raises(BookError, match=r"lies inside the book's folder .*fiches, which every build replaces"):
        build_book([fiches], fiches)
    assert sorted(p.name for p in fiches.iterdir()) == sorted(p.name for p in FICHES.iterdir())
    empty = fiches.parent / "empty"
    empty.mkdir()
    result = build_book([fiches], empty)
    assert (empty / "index.html").is_file() and result.pages_reused == 0


def test_a_damaged_manifest_means_a_full_build(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    again = build_book([fiches], out)
    assert _counts(again) == _counts(first)


def test_a_deleted_page_is_rendered_again(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    os.unlink(out / "matrix.html")
    again = build_book([fiches], out)
    assert _counts(again) == (1, first.pages_written - 1, 0, first.diagrams_rendered)
    assert (out / "matrix.html").is_file()


def test_from_a_catalogue_checked_or_not(fiches: Path) -> None:
    catalogue = load_catalogue([fiches])
    before = list(catalogue.diagnostics)
    out = fiches.parent / "site"
    first = build_book(catalogue, out)
    assert catalogue.diagnostics == before  # the caller's catalogue is left alone
    index = (out / "index.html").read_bytes()
    checked = check_catalogue(load_catalogue([fiches]))
    again = build_book(checked, out)
    assert (out / "index.html").read_bytes() == index
    assert again.diagnostics == first.diagnostics == tuple(sorted(set(checked.diagnostics)))
    assert (again.pages_written, again.diagrams_rendered) == (0, 0)


def test_a_title_change_renders_the_pages_that_list_the_fiche(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    before = _snapshot(out)
    path = fiches / "in-uitschrijving.yaml"
    _edit(path, "\ntitle: In- en uitschrijven van bewoners (verhuis)\n", "\ntitle: Verhuizen\n")
    matrix = build_matrix(load_catalogue([fiches]))
    objects = sorted({c.object for c in matrix.cells if c.fiche == "in-uitschrijving"})
    assert objects == ["adres", "gebouw", "gebouweenheid"]
    again = build_book([fiches], out)
    # The fiche, the index, the matrix and the pages of the register objects it uses; the process and data
    # model diagrams carry the title, the lifecycles do not.
    assert _counts(again) == (3 + len(objects), first.pages_written - 3 - len(objects), 2,
                              first.diagrams_rendered - 2)
    after = _snapshot(out)
    assert sorted(k for k in after if after[k][1] != before[k][1]) == sorted([
        MANIFEST, "book.css", "fiches/in-uitschrijving.html", "index.html", "matrix.html",
        "fiches/in-uitschrijving/proces.svg", "fiches/in-uitschrijving/gegevensmodel.svg",
        *(f"objecten/{key}.html" for key in objects)])


def test_progress_counts_every_file(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, first = built
    calls: list[tuple[int, int]] = []
    _edit(fiches / "in-uitschrijving.yaml", "name: Aangifte adreswijziging", "name: Aangifte van de verhuis")
    build_book([fiches], out, progress=lambda done, total: calls.append((done, total)))
    total = first.pages_written + first.diagrams_rendered
    # Files carried over before the pages are planned (the total is known then) are reported at once.
    start = calls[0][0]
    assert calls == [(done, total) for done in range(start, total + 1)]
    assert start <= first.diagrams_rendered


def test_build_book_from_a_script_without_a_main_guard(fiches: Path, pristine: tuple[Path, BookResult]) -> None:
    _, first = pristine
    script = fiches.parent / "maak_boek.py"
    script.write_text("from schillen.book import build_book\n"
                      f"result = build_book([{str(fiches)!r}], {str(fiches.parent / 'site')!r})\n"
                      "print(result.pages_written, result.diagrams_rendered)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{first.pages_written} {first.diagrams_rendered}\n"
    script.unlink()


def test_files_that_share_a_drawing_share_one_layout(fiches: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "book"
    result = build_book([fiches], out)  # a new build: the fixtures' copies do not keep hard links

    keys = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    by_key: dict[str, list[str]] = {}
    for path, key in sorted(keys.items()):
        if path.endswith(".svg"):
            by_key.setdefault(key, []).append(path)
    shared = [paths for paths in by_key.values() if len(paths) > 1]
    assert shared, "the bundled fiches draw some lifecycles alike"
    assert result.diagrams_rendered == sum(len(paths) for paths in by_key.values())
    for paths in shared:  # one layout, written once, the other files hard links to it
        assert len({(out / p).stat().st_ino for p in paths}) == 1, paths
        assert len({(out / p).read_bytes() for p in paths}) == 1


def test_templates_read_keys_and_attributes_as_jinja2_does() -> None:
    import jinja2

    from schillen.book.build import _environment

    env = _environment()
    template = env.from_string("{{ row.name }}|{% for k, v in row.items() %}{{ k }}={{ v }};{% endfor %}"
                               "|{{ obj.real }}")
    row = {"name": "<b>", "items": "not the method"}
    assert template.render(row=row, obj=3) == "&lt;b&gt;|name=&lt;b&gt;;items=not the method;|3"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ row.missing }}").render(row=row)


def test_fiches_inside_the_book_are_never_read_into_it(fiches: Path, built: tuple[Path, BookResult]) -> None:
    out, _ = built
    shutil.copytree(fiches, out / "mijn-fiches")
    before = _snapshot(out)
    with pytest.raises(BookError) as refused:
        build_book([out / "mijn-fiches"], out)
    assert str(refused.value) == (f"{out / 'mijn-fiches'} lies inside the book's folder {out}, which every build "
                                  "replaces: keep the fiches outside it, or choose another output folder")
    assert _snapshot(out) == before  # the fiches and the book are as they were


def test_compiled_templates_are_kept_and_a_damaged_or_missing_cache_changes_nothing(
        fiches: Path, built: tuple[Path, BookResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from schillen.book.build import _environment

    site, _ = built
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # jinja2 keeps its cache in the temporary directory
    cache = tmp_path / f"_jinja2-cache-{os.getuid()}" if hasattr(os, "getuid") else None
    if cache is None:
        pytest.skip("jinja2 names the folder by the user id")
    expected = _snapshot(site)
    out = fiches.parent / "again"

    build_book([fiches], out, force=True)  # compiles the templates and keeps them
    env = _environment()
    sources = {name: env.loader.get_source(env, name) for name in env.list_templates() if name.endswith(".html")}
    keys = {name: env.bytecode_cache.get_bucket(env, name, filename, source).key
            for name, (source, filename, _) in sources.items()}
    entries = sorted(cache.glob("__jinja2_*.cache"))
    kept = {entry.name.removeprefix("__jinja2_").removesuffix(".cache") for entry in entries}
    assert kept <= set(keys.values()) and {keys["base.html"], keys["fiche.html"], keys["index.html"]} <= kept
    for entry in entries:  # damaged after the header: what would be code is rubbish
        entry.write_bytes(entry.read_bytes()[:20] + b"\x00rubbish" * 10)
    build_book([fiches], out, force=True)
    assert {name: data for name, (data, _) in _snapshot(out).items()} == {
        name: data for name, (data, _) in expected.items()}

    shutil.rmtree(cache)
    cache.write_bytes(b"")  # a file where the folder should be: no cache at all
    assert _environment().bytecode_cache is None
    build_book([fiches], out, force=True)
    assert {name: data for name, (data, _) in _snapshot(out).items()} == {
        name: data for name, (data, _) in expected.items()}
